/**
 * The two bank lists in raw SQL. They are the methodist's daily pages: Prisma's nested selects took
 * ten statements a page (entries, people, topic links, topics, consents, one after another); here it is
 * one statement for the page with its count, the filter's topics and the answers awaiting the bank.
 */
import { KeptStatements } from '../../core/composed-statement.ts';
import { containsPattern } from '../../core/search.ts';
import { PAGE_SIZE, pageRead, type Page } from '../../core/pagination.ts';
import type { Scope } from '../../core/scope.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { MenteeCategory, MenteeStatus, MentorStatus, MentorTraining, QualificationCategory } from '../../generated/prisma/enums.ts';
import { hasValidConsentSql } from '../consents/index.ts';
import { responsesAwaitingBank, responsesAwaitingBankSql, type AwaitingGroup, type ResponsesAwaitingBank } from '../questionnaires/index.ts';
import { activeTopicsSql, ensureDefaultTopics } from '../topics/index.ts';
import { schoolYearOf } from '../../domain/dates.ts';
import type { MenteeListFilter, MentorListFilter } from './banks.schemas.ts';


function nameMatches(q: string | undefined) {
  if (!q) return Sql.empty;
  const pattern = containsPattern(q);
  return Sql.sql`AND (s."lastName" ILIKE ${pattern} OR s."firstName" ILIKE ${pattern} OR s."middleName" ILIKE ${pattern})`;
}

/** The entry's person as the lists show them. */
interface PersonColumns {
  lastName: string;
  firstName: string;
  middleName: string;
  position: string;
  experienceYears: number;
  hasConsent: boolean;
  /** The entry's topics (competencies) by name, in the topics' order, «; » between. */
  topicList: string;
}

const personColumns = Sql.sql`s."lastName", s."firstName", s."middleName", s.position, s."experienceYears",
  ${hasValidConsentSql(Sql.raw('s.id'), Sql.raw('e."organizationId"'), 'PERSONAL_DATA')} AS "hasConsent"`;

/** The two banks differ only in their tables and columns; their paging, join and topics are one query shape. */
const BANK_TABLES = {
  mentee: { entries: Sql.raw('"MenteeEntry"'), topics: Sql.raw('"MenteeEntryTopic"') },
  mentor: { entries: Sql.raw('"MentorEntry"'), topics: Sql.raw('"MentorEntryTopic"') },
} as const;

/** What a bank list page shows: its page of entries, the filter's topics, the answers awaiting the bank (or null). */
export interface BankListPage<Row> {
  page: Page;
  entries: Row[];
  topics: { id: number; name: string; framework: string }[];
  awaiting: ResponsesAwaitingBank | null;
}

/** The entry's person, joined to the entry (`e`) as `s`. */
const personJoin = Sql.sql`JOIN "StaffMember" s ON s."organizationId" = e."organizationId" AND s.id = e."staffMemberId"`;

/**
 * The lists' statements as composed before (core/composed-statement.ts), by everything they are made of: the bank,
 * the organization, whether the awaiting answers are asked (and the school year they count), the page and the
 * filter. Composing the nested SQL anew — the rules of the consents, topics and questionnaires, then its `$n` text —
 * was on every request; the same list asked again is the same statement. Bounded (the least recently used go first).
 */
const keptStatements = new KeptStatements(1_000, 64);

/**
 * A list's filter: `key` names its values (the search text last: it may hold any character), `where` composes its
 * condition on the entry `e`, which may name the person (`s`) only when `joinsPerson`: the count reads the entries
 * alone otherwise.
 */
interface ListFilter {
  key: string;
  where: () => Sql.Sql;
  joinsPerson: boolean;
}

/**
 * A bank list page in ONE statement of one row: the count of the list's entries, the page of them (JSON, in the
 * list's order), and the page's side lists composed from their owners' SQL — the filter's topics (topics'
 * activeTopicsSql) and the bank questionnaires' answers awaiting this bank (questionnaires'
 * responsesAwaitingBankSql). Three statements before, each with its own pool round, protocol messages (pg's socket
 * write: the largest item of the page's CPU profile, issue 13) and rows to parse. Only a page past the end (an old
 * link) costs a second statement.
 */
async function bankPage<Row>(scope: Scope, bank: keyof typeof BANK_TABLES, requestedPage: number, filter: ListFilter, columns: Sql.Sql): Promise<BankListPage<Row>> {
  const { entries, topics } = BANK_TABLES[bank];
  const organizationId = scope.organization.id;
  // Only the methodist who puts the answers in sees them; the mentee bank counts this school year's requests.
  const schoolYear = scope.can('banks:manage') && scope.can('questionnaires:results') ? schoolYearOf(scope.today) : null;
  await ensureDefaultTopics(scope);
  type Answer = { total: number; entries: Row[] | null; topics: BankListPage<Row>['topics']; awaiting: AwaitingGroup[] | null };
  const pageAt = async (skip: number) => {
    const statement = keptStatements.kept(`${bank}:${organizationId}:${schoolYear ?? '-'}:${skip}:${filter.key}`, () => {
      const where = filter.where();
      const awaiting = schoolYear === null ? null : awaitingSql(organizationId, bank, schoolYear);
      return Sql.sql`
        SELECT (SELECT count(*)::int FROM ${entries} e ${filter.joinsPerson ? personJoin : Sql.empty} WHERE ${where}) AS total,
               (SELECT json_agg(listed) FROM (
                  SELECT e.id, ${columns}, ${personColumns},
                         coalesce((SELECT string_agg(t.name, '; ' ORDER BY t."sortOrder", t.name) FROM ${topics} x JOIN "Topic" t ON t.id = x."topicId"
                                    WHERE x."entryId" = e.id), '') AS "topicList"
                    FROM ${entries} e ${personJoin}
                   WHERE ${where}
                   ORDER BY e."enteredAt" DESC, e.id DESC
                   OFFSET ${skip} LIMIT ${PAGE_SIZE}) listed) AS entries,
               (SELECT coalesce(json_agg(t), '[]') FROM (${activeTopicsSql(organizationId)}) t) AS topics,
               ${awaiting ? Sql.sql`(SELECT coalesce(json_agg(a), '[]') FROM (${awaiting}) a)` : Sql.sql`NULL::json`} AS awaiting`;
    });
    return (await scope.db.$queryRaw<[Answer]>(statement))[0];
  };
  const { page, answer } = await pageRead(requestedPage, pageAt, (read) => read.total);
  return { page, entries: answer.entries ?? [], topics: answer.topics, awaiting: answer.awaiting && responsesAwaitingBank(answer.awaiting) };
}

export async function listMenteeRows(scope: Scope, filter: MenteeListFilter) {
  const where = () => Sql.sql`e."organizationId" = ${scope.organization.id}
    ${filter.status.length ? Sql.sql`AND e.status::text IN (${Sql.join(filter.status)})` : Sql.empty}
    ${filter.category ? Sql.sql`AND e.category = ${filter.category}::"MenteeCategory"` : Sql.empty}
    ${filter.topic ? Sql.sql`AND EXISTS (SELECT 1 FROM "MenteeEntryTopic" x WHERE x."entryId" = e.id AND x."topicId" = ${filter.topic})` : Sql.empty}
    ${nameMatches(filter.q)}`;
  const key = `${filter.status.join(',')}:${filter.category ?? ''}:${filter.topic ?? ''}:${filter.q ?? ''}`;
  type Row = PersonColumns & { id: number; category: MenteeCategory; status: MenteeStatus; enteredAt: Date };
  // JSON has no dates: the one the list shows comes as its milliseconds since the epoch (the column holds UTC) and
  // becomes a Date here, in place (the rows go to the view as they came) — a number, not a text for Date to parse.
  const columns = Sql.sql`e.category, e.status, (extract(epoch FROM e."enteredAt") * 1000)::float8 AS "enteredAt"`;
  const list = await bankPage<Row>(scope, 'mentee', filter.page, { key, where, joinsPerson: Boolean(filter.q) }, columns);
  for (const entry of list.entries) entry.enteredAt = new Date(entry.enteredAt as unknown as number);
  return list;
}

/** Both documents a mentor needs: the personal-data consent and the written consent to mentoring. */
const mentorConsents = Sql.sql`${hasValidConsentSql(Sql.raw('e."staffMemberId"'), Sql.raw('e."organizationId"'), 'PERSONAL_DATA')}
  AND ${hasValidConsentSql(Sql.raw('e."staffMemberId"'), Sql.raw('e."organizationId"'), 'MENTORING')}`;

export function listMentorRows(scope: Scope, filter: MentorListFilter) {
  const where = () => Sql.sql`e."organizationId" = ${scope.organization.id}
    ${filter.status.length ? Sql.sql`AND e.status::text IN (${Sql.join(filter.status)})` : Sql.empty}
    ${filter.training.length ? Sql.sql`AND e."trainingStatus"::text IN (${Sql.join(filter.training)})` : Sql.empty}
    ${filter.consents === 'missing' ? Sql.sql`AND NOT (${mentorConsents})` : Sql.empty}
    ${filter.topic ? Sql.sql`AND EXISTS (SELECT 1 FROM "MentorEntryTopic" x WHERE x."entryId" = e.id AND x."topicId" = ${filter.topic})` : Sql.empty}
    ${nameMatches(filter.q)}`;
  const key = `${filter.status.join(',')}:${filter.training.join(',')}:${filter.consents ?? ''}:${filter.topic ?? ''}:${filter.q ?? ''}`;
  type Row = PersonColumns & { id: number; status: MentorStatus; trainingStatus: MentorTraining; maxMentees: number; qualificationCategory: QualificationCategory };
  const columns = Sql.sql`e.status, e."trainingStatus", e."maxMentees", s."qualificationCategory"`;
  return bankPage<Row>(scope, 'mentor', filter.page, { key, where, joinsPerson: Boolean(filter.q) }, columns);
}

/**
 * The bank questionnaire's answers not yet in this bank (the questionnaires' rule), as SQL for the list's statement.
 * In the bank: a request this school year (any status) — one per person and year —, or any mentor entry (one per
 * person).
 */
function awaitingSql(organizationId: number, bank: keyof typeof BANK_TABLES, schoolYear: number): Sql.Sql {
  const inBank =
    bank === 'mentee'
      ? Sql.sql`SELECT b."staffMemberId" FROM "MenteeEntry" b WHERE b."organizationId" = ${organizationId} AND b."schoolYear" = ${schoolYear}`
      : Sql.sql`SELECT b."staffMemberId" FROM "MentorEntry" b WHERE b."organizationId" = ${organizationId}`;
  return responsesAwaitingBankSql(organizationId, bank === 'mentee' ? 'MENTEE_REQUESTS' : 'MENTOR_CANDIDATES', inBank);
}
