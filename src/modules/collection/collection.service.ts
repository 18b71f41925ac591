/**
 * The methodological collection («методическая копилка», stage 6): materials and practices with their
 * authors, searched in Russian (PostgreSQL `russian` text search over `searchVector`, kept by
 * the migration's trigger — «наставника» finds «наставник»). Best practices marked at the round table come
 * here with their authors.
 *
 * Public (ст. 10.1 152-ФЗ): an item marked PUBLIC is shown on /p/<slug> only while EVERY author holds a valid
 * distribution consent. The service refuses to mark an item public without them, and the public read
 * evaluates the same rule again on every request (`publicItemWhere`), so a revocation takes the item off the
 * public page at once — nothing to sync, nothing that can lag.
 */
import { z } from 'zod';
import { audit } from '../../core/audit.ts';
import { columnsSql, rowsOf, type Columns } from '../../core/columns.ts';
import type { CountsOver } from '../../core/dashboard.ts';
import { FormError, NotFoundError } from '../../core/errors.ts';
import { checkbox, optionalText, parseForm, requiredText } from '../../core/forms.ts';
import { enumListParam, PAGE_SIZE, pageParam, pageRead } from '../../core/pagination.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { shortNameOf as shortName, type PersonName } from '../../domain/people.ts';
import { Prisma as Sql, type Prisma } from '../../generated/prisma/client.ts';
import type { CollectionKind, CollectionVisibility } from '../../generated/prisma/enums.ts';
import { hasValidConsentSql, staffWithValidConsent, validConsentWhere } from '../consents/index.ts';
import { itemFile, listedFile, type CollectionFile } from './collection.files.ts';

export const COLLECTION_KIND_LABELS: Record<CollectionKind, string> = {
  METHODICAL: 'методический материал',
  BEST_PRACTICE: 'лучшая практика',
  LESSON_NOTES: 'конспект',
  PRESENTATION: 'презентация',
  OTHER: 'другое',
};

export const VISIBILITY_LABELS: Record<CollectionVisibility, string> = {
  INTERNAL: 'только для сотрудников',
  PUBLIC: 'на публичной странице',
};

const KINDS = Object.keys(COLLECTION_KIND_LABELS) as CollectionKind[];

/** The rule of the public page, as a Prisma condition: public, with authors, every one with a valid distribution consent. */
export function publicItemWhere(): Prisma.CollectionItemWhereInput {
  return {
    visibility: 'PUBLIC',
    authors: { some: {}, every: { staffMember: { consents: { some: validConsentWhere('DISTRIBUTION') } } } },
  };
}

/**
 * The same rule in SQL, over an item row `i` (a CollectionItem alias) of the organization — for the public page's
 * one statement. Authors' consent through the consents' own fragment (`hasValidConsentSql`). Both author sets are
 * uncorrelated (the organization's authors, and those of them without consent), so PostgreSQL builds each once per
 * statement and hashes it, instead of probing authors and consents item by item (~0.3 ms of the public page's
 * 2.5 ms of PostgreSQL CPU). `itemId` is never NULL, so NOT IN means NOT EXISTS here.
 */
export function isPublicItemSql(item: Sql.Sql, organizationId: number): Sql.Sql {
  return Sql.sql`(${item}.visibility = 'PUBLIC'
    AND ${item}.id IN (SELECT pa."itemId" FROM "CollectionItemAuthor" pa WHERE pa."organizationId" = ${organizationId})
    AND ${item}.id NOT IN (SELECT pa."itemId" FROM "CollectionItemAuthor" pa WHERE pa."organizationId" = ${organizationId}
      AND NOT ${hasValidConsentSql(Sql.sql`pa."staffMemberId"`, Sql.sql`pa."organizationId"`, 'DISTRIBUTION')}))`;
}

const itemSelect = {
  id: true,
  title: true,
  kind: true,
  description: true,
  visibility: true,
  best: true,
  topicIds: true,
  createdAt: true,
  authors: { select: { staffMember: { select: { id: true, lastName: true, firstName: true, middleName: true } } } },
} as const;

// ---- the list with search and filters ----------------------------------------------------------

export const collectionQuery = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  kind: enumListParam(KINDS),
  visibility: enumListParam(['INTERNAL', 'PUBLIC'] as const),
  author: z.coerce.number().int().positive().optional().catch(undefined),
  topic: z.coerce.number().int().positive().optional().catch(undefined),
  best: z.literal('1').optional().catch(undefined),
  page: pageParam,
});
export type CollectionQuery = z.infer<typeof collectionQuery>;

/**
 * The list page in ONE statement (the page sends one statement less): the total, the page (newest first), the
 * authors of the page's items (one join for the page, not a subquery per item: 25 subplans were ~0.3 ms of backend
 * CPU) and the filters' choices (`choicesSql`), each list as columns (core/columns.ts). A page past the end (an old
 * link) asks again for the last page.
 *
 * With a Russian full-text query, the organization's items are matched through its index (a kindergarten's
 * collection is hundreds of items: the whole list ~0.8 ms), the query parsed once (in FROM), not once per row —
 * every match, as without a query every item: the 2000 best-ranked matches the search once kept were the bound
 * of an id list sent back as parameters, gone since the search is a condition of this statement; ranking them
 * (0.3 ms of 1.4 at city scale) only decided which 2000 a list in date order would show. There is no city-wide
 * text index to take instead: a generic plan (direct reads) cannot see how common a word is, and a common one
 * («наставника», in every kindergarten's collection) made such an index read every organization's matches —
 * 40 000 at city scale, 8–10 ms (migration 20270301090000).
 */
export async function listPage(scope: Scope, query: CollectionQuery) {
  const organizationId = scope.organization.id;
  const filters = [
    query.q ? Sql.sql`AND i."searchVector" @@ query` : Sql.empty,
    query.kind.length ? Sql.sql`AND i.kind::text IN (${Sql.join(query.kind)})` : Sql.empty,
    query.visibility.length ? Sql.sql`AND i.visibility::text IN (${Sql.join(query.visibility)})` : Sql.empty,
    query.author ? Sql.sql`AND EXISTS (SELECT 1 FROM "CollectionItemAuthor" fa WHERE fa."organizationId" = i."organizationId" AND fa."itemId" = i.id AND fa."staffMemberId" = ${query.author})` : Sql.empty,
    query.topic ? Sql.sql`AND ${query.topic}::int = ANY(i."topicIds")` : Sql.empty,
    query.best ? Sql.sql`AND i.best` : Sql.empty,
  ];
  const read = async (skip: number) => {
    const [answer] = await scope.db.$queryRaw<(ChoicesRow & { total: number; items: Columns<PageItem>; authors: Columns<PageAuthor> })[]>`
      WITH listed AS (
        SELECT i.id, i."organizationId", i.title, i.kind, i.visibility, i.best, i."createdAt"
          FROM "CollectionItem" i${query.q ? Sql.sql`, websearch_to_tsquery('russian', ${query.q}) query` : Sql.empty}
         WHERE i."organizationId" = ${organizationId} ${Sql.join(filters, ' ')}
      ), page AS (SELECT * FROM listed ORDER BY "createdAt" DESC, id DESC OFFSET ${skip} LIMIT ${PAGE_SIZE})
      SELECT (SELECT count(*)::int FROM listed) AS total,
        (SELECT ${columnsSql({ id: Sql.sql`p.id`, title: Sql.sql`p.title`, kind: Sql.sql`p.kind`, visibility: Sql.sql`p.visibility`, best: Sql.sql`p.best` }, Sql.sql`p."createdAt" DESC, p.id DESC`)}
           FROM page p) AS items,
        (SELECT ${columnsSql({ itemId: Sql.sql`a."itemId"`, id: Sql.sql`s.id`, lastName: Sql.sql`s."lastName"`, firstName: Sql.sql`s."firstName"` }, Sql.sql`a."itemId", s.id`)}
           FROM "CollectionItemAuthor" a JOIN "StaffMember" s ON s."organizationId" = a."organizationId" AND s.id = a."staffMemberId"
          WHERE a."organizationId" = ${organizationId} AND a."itemId" IN (SELECT id FROM page)) AS authors,
        ${choicesSql(organizationId)}`;
    return answer!;
  };
  const { page, answer } = await pageRead(query.page, read, (a) => a.total);
  return { page, rows: listedItems(rowsOf(answer.items), rowsOf(answer.authors)), choices: choicesOf(answer) };
}

/** A listed item as the list prints it (its authors in the order of their ids). */
interface ListedItem {
  id: number;
  title: string;
  kind: CollectionKind;
  visibility: CollectionVisibility;
  best: boolean;
  authors: ({ id: number } & Pick<PersonName, 'lastName' | 'firstName'>)[];
}
type PageItem = Omit<ListedItem, 'authors'>;
type PageAuthor = ListedItem['authors'][number] & { itemId: number };

/** The page's items with their authors (the authors of the whole page come as one list, by item and id). */
function listedItems(items: PageItem[], authors: PageAuthor[]): ListedItem[] {
  const byItem = new Map<number, ListedItem['authors']>();
  for (const a of authors) {
    const list = byItem.get(a.itemId);
    const author = { id: a.id, lastName: a.lastName, firstName: a.firstName };
    if (list) list.push(author);
    else byItem.set(a.itemId, [author]);
  }
  return items.map((item) => ({ id: item.id, title: item.title, kind: item.kind, visibility: item.visibility, best: item.best, authors: byItem.get(item.id) ?? [] }));
}

export async function getItem(scope: Scope, id: number) {
  const item = await scope.db.collectionItem.findUnique({ where: { organizationId_id: { organizationId: scope.organization.id, id } }, select: itemSelect });
  if (!item) throw new NotFoundError('Материал не найден');
  const consenting = await staffWithValidConsent(scope, item.authors.map((a) => a.staffMember.id), 'DISTRIBUTION');
  return { ...item, authorsWithoutConsent: item.authors.filter((a) => !consenting.has(a.staffMember.id)).map((a) => a.staffMember) };
}

// ---- creating, best practices, visibility -------------------------------------------------------

const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => [...new Set([v ?? []].flat().map(Number).filter((n) => Number.isInteger(n) && n > 0))]);

export const itemSchema = z.object({
  title: requiredText('Название', 300),
  kind: z.enum(KINDS, { error: 'Выберите вид материала' }),
  description: optionalText('Описание', 5000),
  authors: idList.refine((ids) => ids.length > 0, 'Укажите хотя бы одного автора'),
  topics: idList,
  public: checkbox,
  best: checkbox,
  pairId: z.coerce.number().int().positive().optional().catch(undefined),
});
export type ItemInput = z.infer<typeof itemSchema>;

export function parseItemForm(body: unknown) {
  return parseForm(itemSchema, body);
}

/** Every author must hold a valid distribution consent before the item may be public (the consents' rule). */
async function requireAuthorsConsent(scope: Scope, authorIds: number[]) {
  const consenting = await staffWithValidConsent(scope, authorIds, 'DISTRIBUTION');
  const missing = authorIds.filter((id) => !consenting.has(id));
  if (missing.length === 0) return;
  const people = await scope.db.staffMember.findMany({ where: { id: { in: missing } }, select: { lastName: true, firstName: true, middleName: true } });
  throw new FormError({
    public: `Опубликовать нельзя: нет действующего согласия на распространение персональных данных у ${people.map(shortName).join(', ')} — материал останется внутренним`,
  });
}

export async function createItem(scope: Scope, input: ItemInput) {
  const authors = await scope.db.staffMember.findMany({ where: { id: { in: input.authors } }, select: { id: true } });
  if (authors.length !== input.authors.length) throw new FormError({ authors: 'Выберите авторов из списка сотрудников' });
  if (input.public) await requireAuthorsConsent(scope, input.authors);
  return transaction(scope, async (tx) => {
    const item = await tx.db.collectionItem.create({
      data: {
        organizationId: tx.organization.id,
        title: input.title,
        kind: input.kind,
        description: input.description,
        visibility: input.public ? 'PUBLIC' : 'INTERNAL',
        best: input.best || input.kind === 'BEST_PRACTICE',
        pairId: input.pairId ?? null,
        topicIds: input.topics,
        createdById: tx.user?.id ?? null,
      },
      select: { id: true },
    });
    await tx.db.collectionItemAuthor.createMany({ data: input.authors.map((staffMemberId) => ({ organizationId: tx.organization.id, itemId: item.id, staffMemberId })) });
    await audit(tx, { action: 'collection.create', entityType: 'CollectionItem', entityId: item.id, details: { authors: input.authors.length, public: input.public } });
    return item;
  });
}

/** Makes an item public (all authors' consent required now) or internal again. */
export async function setVisibility(scope: Scope, id: number, visibility: CollectionVisibility) {
  const item = await getItem(scope, id);
  if (visibility === 'PUBLIC') await requireAuthorsConsent(scope, item.authors.map((a) => a.staffMember.id));
  await transaction(scope, async (tx) => {
    await tx.db.collectionItem.update({ where: { organizationId_id: { organizationId: tx.organization.id, id } }, data: { visibility } });
    await audit(tx, { action: 'collection.visibility', entityType: 'CollectionItem', entityId: id, details: { visibility } });
  });
}

/** The round table marks a practice as best (stage 6). */
export async function markBest(scope: Scope, id: number, best: boolean) {
  await getItem(scope, id);
  await transaction(scope, async (tx) => {
    await tx.db.collectionItem.update({ where: { organizationId_id: { organizationId: tx.organization.id, id } }, data: { best } });
    await audit(tx, { action: 'collection.best', entityType: 'CollectionItem', entityId: id, details: { best } });
  });
}

/**
 * The choices of the list's filters and of the new item's form: the staff members to choose authors from and the
 * organization's topics, as two SQL columns (`staff`, `topics`) — read with the list (listPage) or alone. Each as
 * columns (core/columns.ts); the staff in the order of the partial index on their names (migration
 * 20270601091500), read without a sort: the id breaks a tie of names, as the index does.
 */
function choicesSql(organizationId: number): Sql.Sql {
  return Sql.sql`(SELECT ${columnsSql({ id: Sql.sql`s.id`, lastName: Sql.sql`s."lastName"`, firstName: Sql.sql`s."firstName"`, middleName: Sql.sql`s."middleName"` }, Sql.sql`s."lastName", s."firstName", s.id`)}
         FROM "StaffMember" s WHERE s."organizationId" = ${organizationId} AND s."archivedAt" IS NULL) AS staff,
      (SELECT ${columnsSql({ id: Sql.sql`t.id`, name: Sql.sql`t.name` }, Sql.sql`t."sortOrder", t.name`)}
         FROM "Topic" t WHERE t."organizationId" = ${organizationId} AND t."archivedAt" IS NULL) AS topics`;
}

interface ChoicesRow {
  staff: Columns<PersonName & { id: number }>;
  topics: Columns<{ id: number; name: string }>;
}

const choicesOf = (row: ChoicesRow) => ({ staff: rowsOf(row.staff).map((s) => ({ id: s.id, name: shortName(s) })), topics: rowsOf(row.topics) });

export async function formChoices(scope: Scope) {
  const [row] = await scope.db.$queryRaw<ChoicesRow[]>`SELECT ${choicesSql(scope.organization.id)}`;
  return choicesOf(row!);
}

// ---- the public page ---------------------------------------------------------------------------

/** A public item's row as `publicItemsSql` gives it. */
export interface PublicItemRow {
  id: number;
  title: string;
  kind: CollectionKind;
  best: boolean;
  description: string;
  authors: PersonName[];
  files: Omit<CollectionFile, 'typeLabel'>[];
}

/**
 * The public items (the rule evaluated now, `isPublicItemSql`), with their authors' names (each author has
 * consented) and their files — what the public page prints, nothing more. As one SQL expression (a JSON array),
 * so that the public page reads it in the same statement as its other sections; `publicItemsOf` turns the rows
 * into the list.
 */
export function publicItemsSql(organizationId: number, take: number): Sql.Sql {
  return Sql.sql`(SELECT COALESCE(json_agg(x ORDER BY x.best DESC, x."createdAt" DESC, x.id DESC), '[]') FROM (
    SELECT i.id, i.title, i.kind, i.best, i.description, i."createdAt",
      (SELECT json_agg(json_build_object('lastName', s."lastName", 'firstName', s."firstName", 'middleName', s."middleName") ORDER BY a."staffMemberId")
         FROM "CollectionItemAuthor" a JOIN "StaffMember" s ON s."organizationId" = a."organizationId" AND s.id = a."staffMemberId"
        WHERE a."organizationId" = i."organizationId" AND a."itemId" = i.id) AS authors,
      COALESCE((SELECT json_agg(json_build_object('id', f.id, 'originalName', f."originalName", 'mimeType', f."mimeType", 'size', f.size) ORDER BY f.id)
         FROM "Attachment" f WHERE f."organizationId" = i."organizationId" AND f.purpose = 'COLLECTION_FILE' AND f."ownerId" = i.id), '[]') AS files
    FROM "CollectionItem" i
    WHERE i."organizationId" = ${organizationId} AND ${isPublicItemSql(Sql.sql`i`, organizationId)}
    ORDER BY i.best DESC, i."createdAt" DESC, i.id DESC
    LIMIT ${take}) x)`;
}

export function publicItemsOf(rows: PublicItemRow[]) {
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    kind: COLLECTION_KIND_LABELS[r.kind],
    best: r.best,
    description: r.description,
    authors: r.authors.map((a) => shortName(a)),
    files: r.files.map(listedFile),
  }));
}

/** A file of a public item, only while the item passes the public rule now (a revoked consent: 404 at once). */
export async function publicItemFile(scope: Pick<Scope, 'db'>, itemId: number, fileId: number) {
  const item = await scope.db.collectionItem.findFirst({ where: { AND: [{ id: itemId }, publicItemWhere()] }, select: { id: true } });
  if (!item) throw new NotFoundError('Файл не найден');
  return itemFile(scope, itemId, fileId);
}

/**
 * Stage 6 figures: best practices in the collection (the same filter as the list /collection?best=1), counted
 * by the dashboard for one organization or many (core/dashboard.ts countsSql / countsByOrganizationSql).
 */
export const BEST_PRACTICES: CountsOver = { table: 'CollectionItem', alias: 'c', counts: { best: Sql.sql`c.best` } };
