/**
 * The two bank lists in raw SQL. They are the methodist's daily pages: Prisma's nested selects took
 * ten statements a page (entries, people, topic links, topics, consents, one after another); here it is
 * one statement for the page with its count, and one for the answers awaiting the bank.
 */
import { containsPattern } from '../../core/search.ts';
import { PAGE_SIZE, pageWithTotal, type Page } from '../../core/pagination.ts';
import type { Scope } from '../../core/scope.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { MenteeCategory, MenteeStatus, MentorStatus, MentorTraining, MentoringForm, QualificationCategory } from '../../generated/prisma/enums.ts';
import { hasValidConsentSql } from '../consents/index.ts';
import { responsesAwaitingBank, type ResponsesAwaitingBank } from '../questionnaires/index.ts';
import { schoolYearOf } from '../../domain/dates.ts';
import type { MenteeListFilter, MentorListFilter } from './banks.schemas.ts';


function nameMatches(q: string | undefined) {
  if (!q) return Sql.empty;
  const pattern = containsPattern(q);
  return Sql.sql`AND (s."lastName" ILIKE ${pattern} OR s."firstName" ILIKE ${pattern} OR s."middleName" ILIKE ${pattern})`;
}

interface PersonColumns {
  staffId: number;
  lastName: string;
  firstName: string;
  middleName: string;
  position: string;
  experienceYears: number;
  qualificationCategory: QualificationCategory;
  topicNames: string[];
  hasConsent: boolean;
}

const personColumns = Sql.sql`s.id AS "staffId", s."lastName", s."firstName", s."middleName", s.position, s."experienceYears",
  s."qualificationCategory"::text AS "qualificationCategory",
  ${hasValidConsentSql(Sql.raw('s.id'), Sql.raw('e."organizationId"'), 'PERSONAL_DATA')} AS "hasConsent"`;

/** The entry's person as the views read it (written into each row's literal, not spread into it: a spread copies on V8's slow path). */
function staffMemberOf(row: PersonColumns) {
  return {
    id: row.staffId,
    lastName: row.lastName,
    firstName: row.firstName,
    middleName: row.middleName,
    position: row.position,
    experienceYears: row.experienceYears,
    qualificationCategory: row.qualificationCategory,
  };
}

/** The two banks differ only in their tables and columns; their paging, join and topics are one query shape. */
const BANK_TABLES = {
  mentee: { entries: Sql.raw('"MenteeEntry"'), topics: Sql.raw('"MenteeEntryTopic"') },
  mentor: { entries: Sql.raw('"MentorEntry"'), topics: Sql.raw('"MentorEntryTopic"') },
} as const;

/**
 * One page of a bank list and the count of all its rows, in one statement: the count, and beside it the page's
 * rows (none: the row of the count alone). Only a page past the end (an old link) costs a second statement.
 * `where` may name the person (`s`) only when `joinsPerson`: the count reads the entries alone otherwise.
 */
async function bankPage<Row extends PersonColumns & { id: number }>(
  scope: Scope,
  bank: keyof typeof BANK_TABLES,
  requestedPage: number,
  filter: { where: Sql.Sql; joinsPerson: boolean },
  columns: Sql.Sql,
): Promise<{ page: Page; rows: Row[] }> {
  const { entries, topics } = BANK_TABLES[bank];
  const person = Sql.sql`JOIN "StaffMember" s ON s."organizationId" = e."organizationId" AND s.id = e."staffMemberId"`;
  return pageWithTotal(requestedPage, (skip) =>
    scope.db.$queryRaw<(Row & { total: number })[]>`
      SELECT counted.total, listed.*
        FROM (SELECT count(*)::int AS total FROM ${entries} e ${filter.joinsPerson ? person : Sql.empty} WHERE ${filter.where}) counted
        LEFT JOIN LATERAL (
          SELECT e.id, ${columns}, ${personColumns},
                 ARRAY(SELECT t.name FROM ${topics} x JOIN "Topic" t ON t.id = x."topicId"
                        WHERE x."entryId" = e.id ORDER BY t."sortOrder", t.name) AS "topicNames"
            FROM ${entries} e ${person}
           WHERE ${filter.where}
           ORDER BY e."enteredAt" DESC, e.id DESC
           OFFSET ${skip} LIMIT ${PAGE_SIZE}) listed ON true`,
  );
}

export async function listMenteeRows(scope: Scope, filter: MenteeListFilter) {
  const where = Sql.sql`e."organizationId" = ${scope.organization.id}
    ${filter.status.length ? Sql.sql`AND e.status::text IN (${Sql.join(filter.status)})` : Sql.empty}
    ${filter.category ? Sql.sql`AND e.category = ${filter.category}::"MenteeCategory"` : Sql.empty}
    ${filter.topic ? Sql.sql`AND EXISTS (SELECT 1 FROM "MenteeEntryTopic" x WHERE x."entryId" = e.id AND x."topicId" = ${filter.topic})` : Sql.empty}
    ${nameMatches(filter.q)}`;
  type Row = PersonColumns & { id: number; category: MenteeCategory; status: MenteeStatus; enteredAt: Date; desiredForm: MentoringForm | null };
  const columns = Sql.sql`e.category::text AS category, e.status::text AS status, e."enteredAt", e."desiredForm"::text AS "desiredForm"`;
  const { page, rows } = await bankPage<Row>(scope, 'mentee', filter.page, { where, joinsPerson: Boolean(filter.q) }, columns);
  const entries = rows.map((r) => ({
    id: r.id,
    category: r.category,
    status: r.status,
    enteredAt: r.enteredAt,
    desiredForm: r.desiredForm,
    topics: r.topicNames.map((name) => ({ topic: { name } })),
    staffMember: staffMemberOf(r),
    hasConsent: r.hasConsent,
  }));
  return { entries, page };
}

/** Both documents a mentor needs: the personal-data consent and the written consent to mentoring. */
const mentorConsents = Sql.sql`${hasValidConsentSql(Sql.raw('e."staffMemberId"'), Sql.raw('e."organizationId"'), 'PERSONAL_DATA')}
  AND ${hasValidConsentSql(Sql.raw('e."staffMemberId"'), Sql.raw('e."organizationId"'), 'MENTORING')}`;

export async function listMentorRows(scope: Scope, filter: MentorListFilter) {
  const where = Sql.sql`e."organizationId" = ${scope.organization.id}
    ${filter.status.length ? Sql.sql`AND e.status::text IN (${Sql.join(filter.status)})` : Sql.empty}
    ${filter.training.length ? Sql.sql`AND e."trainingStatus"::text IN (${Sql.join(filter.training)})` : Sql.empty}
    ${filter.consents === 'missing' ? Sql.sql`AND NOT (${mentorConsents})` : Sql.empty}
    ${filter.topic ? Sql.sql`AND EXISTS (SELECT 1 FROM "MentorEntryTopic" x WHERE x."entryId" = e.id AND x."topicId" = ${filter.topic})` : Sql.empty}
    ${nameMatches(filter.q)}`;
  type Row = PersonColumns & { id: number; status: MentorStatus; trainingStatus: MentorTraining; maxMentees: number; enteredAt: Date };
  const columns = Sql.sql`e.status::text AS status, e."trainingStatus"::text AS "trainingStatus", e."maxMentees", e."enteredAt"`;
  const { page, rows } = await bankPage<Row>(scope, 'mentor', filter.page, { where, joinsPerson: Boolean(filter.q) }, columns);
  const entries = rows.map((r) => ({
    id: r.id,
    status: r.status,
    trainingStatus: r.trainingStatus,
    maxMentees: r.maxMentees,
    enteredAt: r.enteredAt,
    competencies: r.topicNames.map((name) => ({ topic: { name } })),
    staffMember: staffMemberOf(r),
    hasConsent: r.hasConsent,
  }));
  return { entries, page };
}

/**
 * The bank questionnaire's answers not yet in this bank (the questionnaires' rule; only the methodist who puts
 * them in sees it). In the bank: a request this school year (any status) — one per person and year —, or any
 * mentor entry (one per person). One statement: the bank's part goes in as a subquery.
 */
export async function awaitingBank(scope: Scope, bank: 'mentees' | 'mentors'): Promise<ResponsesAwaitingBank | null> {
  if (!scope.can('banks:manage') || !scope.can('questionnaires:results')) return null;
  const organizationId = scope.organization.id;
  const inBank =
    bank === 'mentees'
      ? Sql.sql`SELECT b."staffMemberId" FROM "MenteeEntry" b WHERE b."organizationId" = ${organizationId} AND b."schoolYear" = ${schoolYearOf(scope.today)}`
      : Sql.sql`SELECT b."staffMemberId" FROM "MentorEntry" b WHERE b."organizationId" = ${organizationId}`;
  return responsesAwaitingBank(scope, bank === 'mentees' ? 'MENTEE_REQUESTS' : 'MENTOR_CANDIDATES', inBank);
}
