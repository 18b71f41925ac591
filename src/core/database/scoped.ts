/**
 * Keeping organizations apart is the data layer's job, not each query author's. A city runs one portal for all
 * its kindergartens, so every row of an organization-owned table carries `organizationId`, and:
 *
 * - the **scoped client** (`scopedClient(prisma, organizationId)`, one per organization, cached) adds the
 *   organization to the `where` of every read, update and delete and to the data of every create, and refuses a
 *   raw SQL statement that does not mention `"organizationId"`; services get it as `scope.db`;
 * - the **guarded client** (`guardedClient(prisma)`) is what application code may use across organizations
 *   (virtual mentoring, the city page): it throws `UnscopedQueryError` on any query of an organization-owned
 *   model that does not say which organization(s) it means;
 * - composite foreign keys `(organizationId, id)` make the database itself refuse a row that points into
 *   another organization (prisma/schema.prisma).
 *
 * Nested reads and writes (`include`, `members: { create }`) follow those foreign keys, so they stay inside the
 * organization of their scoped parent.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';

/** The client type (the same as client.ts's `Prisma`; declared here so the two files do not import each other). */
type Prisma = InstanceType<typeof PrismaClient>;

/** Every model with an `organizationId` column; a test compares this list with the database. */
export const ORGANIZATION_MODELS = new Set([
  'User',
  'StaffMember',
  'StaffImport',
  'Topic',
  'Questionnaire',
  'QuestionnaireResponse',
  'ConsentTemplate',
  'Consent',
  'Attachment',
  'MenteeEntry',
  'MenteeEntryTopic',
  'MentorEntry',
  'MentorEntryTopic',
  'BankStatusChange',
  'AuditLog',
  'Pair',
  'PairMember',
  'MenteeSupport',
  'Order',
  'OrderPair',
  'OrderNumberCounter',
  'OrderAcknowledgment',
  'DocumentSignature',
  'QualifiedSignature',
  'Notification',
  'NotificationSetting',
  'Programme',
  'PlanItem',
  'PlanItemMark',
  'PlanItemComment',
  'ProgrammeAssessment',
  'ProgrammeChange',
  'ProgrammeTemplate',
  'ProgrammeTemplateItem',
  'CollectionItem',
  'CollectionItemAuthor',
  'NewsPost',
  'NewsPerson',
  'RoadmapPlan',
  'RoadmapMeasure',
  'Event',
  'EventInvitation',
  'CalendarFeed',
  'MonitoringSwotNote',
  'StaffCategoryChange',
  'MonitoringAnnualReport',
  'CityFigures',
]);

/** Thrown when a query could reach the rows of every organization: a bug, never a user's mistake. */
export class UnscopedQueryError extends Error {
  constructor(model: string, operation: string) {
    super(`Запрос ${model}.${operation} не ограничен организацией (organizationId): так данные разных организаций смешались бы`);
    this.name = 'UnscopedQueryError';
  }
}

const WHERE_OPERATIONS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'delete',
  'deleteMany',
  'upsert',
]);
const CREATE_OPERATIONS = new Set(['create', 'createMany', 'createManyAndReturn']);

type Args = { where?: Record<string, unknown>; data?: unknown; create?: Record<string, unknown> };

/** A created row stamped with the organization; a row naming another one is refused (also core/audit.ts's direct write). */
export function withOrganization(data: unknown, model: string, organizationId: number): unknown {
  if (Array.isArray(data)) return data.map((row) => withOrganization(row, model, organizationId));
  const row = (data ?? {}) as Record<string, unknown>;
  if (row.organizationId !== undefined && row.organizationId !== organizationId) {
    throw new UnscopedQueryError(model, 'create (чужая организация)');
  }
  // A row linked through `organization: { connect }` names its organization already.
  if (row.organization !== undefined) return row;
  return { ...row, organizationId };
}

/**
 * The `where` of a query limited to the organization. A condition the caller put on the same field stays
 * (ANDed), so naming another organization finds nothing instead of silently reading one's own.
 */
function limitedTo(where: Record<string, unknown> | undefined, field: 'organizationId' | 'id', organizationId: number): Record<string, unknown> {
  const given = where?.[field];
  if (given === undefined || given === organizationId) return { ...where, [field]: organizationId };
  const and = where?.AND === undefined ? [] : Array.isArray(where.AND) ? where.AND : [where.AND];
  return { ...where, [field]: organizationId, AND: [...and, { [field]: given }] };
}

/** The organization's own client: every model query is limited to it (see the file comment). */
export function scopedClient(prisma: Prisma, organizationId: number): Prisma {
  const client = prisma.$extends({
    name: `organization-${organizationId}`,
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const a = (args ?? {}) as Args;
          if (model === 'Organization') {
            // The scope sees its own organization only; creating one is the setup's business.
            if (CREATE_OPERATIONS.has(operation)) throw new UnscopedQueryError(model, operation);
            if (WHERE_OPERATIONS.has(operation)) a.where = limitedTo(a.where, 'id', organizationId);
            return query(a);
          }
          if (!ORGANIZATION_MODELS.has(model)) return query(a);
          if (WHERE_OPERATIONS.has(operation)) a.where = limitedTo(a.where, 'organizationId', organizationId);
          if (CREATE_OPERATIONS.has(operation)) a.data = withOrganization(a.data, model, organizationId);
          if (operation === 'upsert') a.create = withOrganization(a.create, model, organizationId) as Record<string, unknown>;
          return query(a);
        },
      },
      // Raw SQL cannot be rewritten: a statement that never mentions the organization is refused outright.
      $queryRaw: ({ args, query }) => query(requireOrganizationSql(args)),
      $executeRaw: ({ args, query }) => query(requireOrganizationSql(args)),
      $queryRawUnsafe: ({ args, query }) => query(requireOrganizationSql(args)),
      $executeRawUnsafe: ({ args, query }) => query(requireOrganizationSql(args)),
    },
  });
  // The extension changes what queries do, not their types.
  return client as unknown as Prisma;
}

function sqlTextOf(args: unknown): string {
  if (typeof args === 'string') return args;
  if (Array.isArray(args)) return typeof args[0] === 'string' ? args[0] : Array.isArray(args[0]) ? args[0].join('?') : String(args[0]);
  const sql = args as { sql?: string; strings?: readonly string[] };
  return sql.sql ?? sql.strings?.join('?') ?? '';
}

/** An advisory lock reads no rows: the only statement allowed without naming the organization. */
const ADVISORY_LOCK = /^\s*SELECT\s+pg_advisory_xact_lock\([^;]*\)\s*$/i;

/** The scoped client's rule for raw SQL (also applied by direct-reads.ts before a read goes to the pool). */
export function requireOrganizationSql<T>(args: T): T {
  // A statement's literal parts searched one by one (a column name never spans a parameter): the `sql` text of a
  // composed statement (the dashboard's: 12 000 characters) would be joined anew, for this check alone, each time.
  const parts = (args as { strings?: unknown }).strings;
  if (Array.isArray(parts) && (parts as string[]).some((part) => part.includes('"organizationId"'))) return args;
  const text = sqlTextOf(args);
  if (!text.includes('"organizationId"') && !ADVISORY_LOCK.test(text)) throw new UnscopedQueryError('$queryRaw', 'SQL без "organizationId"');
  return args;
}

/**
 * The condition of a query that really means every organization (logins are unique in the whole portal,
 * interrupted imports of every organization are failed at start-up): saying so passes the guarded client.
 */
export const EVERY_ORGANIZATION = { organizationId: { gt: 0 } } as const;

function mentionsOrganization(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.length > 0 && value.every(mentionsOrganization);
  const v = value as Record<string, unknown>;
  if (v.organizationId !== undefined && v.organizationId !== null) return true;
  if (v.organization !== undefined) return true;
  // { AND: [...] } limits the rows when any of its parts does; OR only when every branch does.
  if (Array.isArray(v.AND) && v.AND.some(mentionsOrganization)) return true;
  if (v.AND && !Array.isArray(v.AND) && mentionsOrganization(v.AND)) return true;
  if (Array.isArray(v.OR) && v.OR.length > 0 && v.OR.every(mentionsOrganization)) return true;
  return false;
}

/**
 * The client for code that legitimately works across organizations: it still insists that every query of an
 * organization-owned model says which organization(s) — `organizationId: { not: X }`, `{ in: [...] }` — so a
 * forgotten condition fails loudly instead of reading everyone's data.
 */
export function guardedClient(prisma: Prisma): Prisma {
  const client = prisma.$extends({
    name: 'guarded',
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          if (ORGANIZATION_MODELS.has(model)) {
            const a = (args ?? {}) as Args;
            const ok = CREATE_OPERATIONS.has(operation)
              ? [a.data].flat().every((row) => mentionsOrganization(row))
              : WHERE_OPERATIONS.has(operation)
                ? mentionsOrganization(a.where)
                : true;
            if (!ok) throw new UnscopedQueryError(model, operation);
          }
          return query(args);
        },
      },
    },
  });
  return client as unknown as Prisma;
}
