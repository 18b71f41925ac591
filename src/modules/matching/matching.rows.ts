/**
 * What the matching pages read, as raw SQL built from the owners' twins: the pairs' rules (waiting mentee, mentor
 * pool, available mentor, a mentor's load, open pairs) and the consents' rule — the same definitions the Prisma
 * conditions spell, so the pages rank the same people. Each list is one statement with its topics, consents
 * and load beside each row (Prisma's nested selects took a statement for the rows and one more per consent
 * kind and for the load), and each selects only what the pages and the scores use.
 */
import type { Scope } from '../../core/scope.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type {
  MenteeCategory,
  MenteeStatus,
  MentorStatus,
  MentorTraining,
  MentoringForm,
  PairStatus,
  QualificationCategory,
} from '../../generated/prisma/enums.ts';
import { hasValidConsentSql } from '../consents/index.ts';
import { availableMentorWhereSql, isOpenPairSql, isPoolMentorSql, isWaitingMenteeSql, mentorLoadSql } from '../pairs/index.ts';

/**
 * The request's topic names in display order (archived topics too: the request was made with them), as a JSON
 * array: a text[] column is parsed by pg-types character by character, an object per character (~5 µs for three
 * topics; a page reads a list of them per person), JSON by the engine's own parser (~0.5 µs).
 */
function topicNamesSql(links: 'MenteeEntryTopic' | 'MentorEntryTopic', entry: Sql.Sql): Sql.Sql {
  return Sql.sql`to_json(ARRAY(SELECT t.name FROM ${Sql.raw(`"${links}"`)} x JOIN "Topic" t ON t."organizationId" = x."organizationId" AND t.id = x."topicId"
                  WHERE x."entryId" = ${entry}.id ORDER BY t."sortOrder", t.name))`;
}

// The owners' rules as this file's statements use them, composed once per process rather than on every request.
const E = Sql.raw('e');
const personalDataConsent = hasValidConsentSql(Sql.raw('s.id'), Sql.raw('e."organizationId"'), 'PERSONAL_DATA');
const mentoringConsent = hasValidConsentSql(Sql.raw('s.id'), Sql.raw('e."organizationId"'), 'MENTORING');
const isWaitingMentee = isWaitingMenteeSql(E);
const isOpenPair = isOpenPairSql(Sql.raw('p'));
const isPoolMentor = isPoolMentorSql(E);
const mentorLoad = mentorLoadSql(Sql.raw('s.id'), Sql.raw('e."organizationId"'));
const mentorTopicNames = topicNamesSql('MentorEntryTopic', E);
const virtualMentorLoad = mentorLoadSql(Sql.raw('c."staffMemberId"'), Sql.raw('c."organizationId"'));
const availableMentor = availableMentorWhereSql(E);

/** A mentee bank entry with its person, as the matching pages show and score it. */
export interface MenteeRow {
  id: number;
  status: MenteeStatus;
  category: MenteeCategory;
  desiredForm: MentoringForm | null;
  enteredAt: Date;
  staffMember: {
    id: number;
    lastName: string;
    firstName: string;
    middleName: string;
    position: string;
    ageGroup: string;
    lineManagerId: number | null;
  };
  /** Topic names of the request, in display order. */
  topics: string[];
  /** A valid personal-data consent (the consents' rule). */
  hasConsent: boolean;
}

interface MenteeColumns {
  id: number;
  status: MenteeStatus;
  category: MenteeCategory;
  desiredForm: MentoringForm | null;
  enteredAt: Date;
  staffId: number;
  lastName: string;
  firstName: string;
  middleName: string;
  position: string;
  ageGroup: string;
  lineManagerId: number | null;
  topicNames: string[];
  hasConsent: boolean;
}

const menteeColumns = Sql.sql`e.id, e.status::text AS status, e.category::text AS category, e."desiredForm"::text AS "desiredForm", e."enteredAt",
  s.id AS "staffId", s."lastName", s."firstName", s."middleName", s.position, s."ageGroup", s."lineManagerId",
  ${topicNamesSql('MenteeEntryTopic', E)} AS "topicNames", ${personalDataConsent} AS "hasConsent"`;

function menteeRow(r: MenteeColumns): MenteeRow {
  return {
    id: r.id,
    status: r.status,
    category: r.category,
    desiredForm: r.desiredForm,
    enteredAt: r.enteredAt,
    staffMember: {
      id: r.staffId,
      lastName: r.lastName,
      firstName: r.firstName,
      middleName: r.middleName,
      position: r.position,
      ageGroup: r.ageGroup,
      lineManagerId: r.lineManagerId,
    },
    topics: r.topicNames,
    hasConsent: r.hasConsent,
  };
}

/** The waiting mentees (the pairs' rule), longest waiting first, and the organization's stored weights. */
export interface WaitingMentees {
  mentees: MenteeRow[];
  /** The organization's stored weights (null: the defaults). */
  matchingWeights: unknown;
}

/**
 * One statement for both: the organization's row drives, the waiting mentees join it laterally, so the weights
 * come back even when nobody waits (one row of nulls beside them then).
 */
export async function waitingMenteeRows(scope: Scope): Promise<WaitingMentees> {
  const rows = await scope.db.$queryRaw<((MenteeColumns | { [K in keyof MenteeColumns]: null }) & { matchingWeights: unknown })[]>`
    SELECT o."matchingWeights", w.*
      FROM "Organization" o
      LEFT JOIN LATERAL (
        SELECT ${menteeColumns}
          FROM "MenteeEntry" e JOIN "StaffMember" s ON s."organizationId" = e."organizationId" AND s.id = e."staffMemberId"
         WHERE e."organizationId" = o.id AND ${isWaitingMentee}) w ON true
     WHERE o.id = ${scope.organization.id}
     ORDER BY w."enteredAt", w.id`;
  const mentees: MenteeRow[] = [];
  for (const r of rows) if (r.id !== null) mentees.push(menteeRow(r as MenteeColumns));
  return { mentees, matchingWeights: rows[0]?.matchingWeights ?? null };
}

/**
 * The organization's stored weights alone (null: the defaults), for the weights' own page and their change. A
 * model read: the scoped client limits the Organization row to the scope's own, which a raw statement could only
 * satisfy by pretending to have an "organizationId" column — and this page is not on a hot path.
 */
export async function storedWeights(scope: Scope): Promise<unknown> {
  const organization = await scope.db.organization.findFirst({ select: { matchingWeights: true } });
  return organization?.matchingWeights ?? null;
}

/** Names of some of the organization's staff members, for the outcome of «Подобрать всем». */
export function staffNameRows(scope: Scope, ids: readonly number[]) {
  return scope.db.$queryRaw<{ id: number; lastName: string; firstName: string; middleName: string }[]>`
    SELECT id, "lastName", "firstName", "middleName" FROM "StaffMember"
     WHERE "organizationId" = ${scope.organization.id} AND id = ANY(${[...ids]}::int[])`;
}

/** One mentee's page: the entry and everything around it that the page says. */
export interface MenteePageRow {
  entry: MenteeRow & { requestText: string };
  /** The pairs' rule of a waiting mentee, for this entry. */
  waiting: boolean;
  /** Open pairs (draft, proposed, active) naming the person as a mentee. */
  openPairs: { id: number; status: PairStatus }[];
  lineManager: { lastName: string; firstName: string; middleName: string } | null;
  /** The organization's stored weights (null: the defaults). */
  matchingWeights: unknown;
}

/** The entry, its person, line manager, open pairs, the waiting rule and the weights: one statement. */
export async function menteePageRow(scope: Scope, entryId: number): Promise<MenteePageRow | null> {
  type Row = MenteeColumns & {
    requestText: string;
    waiting: boolean;
    /** «id status» of each open pair, by id. */
    openPairs: string[];
    managerLastName: string | null;
    managerFirstName: string | null;
    managerMiddleName: string | null;
    matchingWeights: unknown;
  };
  const [row] = await scope.db.$queryRaw<Row[]>`
    SELECT ${menteeColumns}, e."requestText", ${isWaitingMentee} AS waiting,
           ARRAY(SELECT p.id::text || ' ' || p.status::text
                   FROM "PairMember" m JOIN "Pair" p ON p."organizationId" = m."organizationId" AND p.id = m."pairId"
                  WHERE m."organizationId" = e."organizationId" AND m."staffMemberId" = s.id AND m.role = 'MENTEE' AND ${isOpenPair}
                  ORDER BY p.id) AS "openPairs",
           lm."lastName" AS "managerLastName", lm."firstName" AS "managerFirstName", lm."middleName" AS "managerMiddleName",
           o."matchingWeights"
      FROM "MenteeEntry" e JOIN "StaffMember" s ON s."organizationId" = e."organizationId" AND s.id = e."staffMemberId"
      JOIN "Organization" o ON o.id = e."organizationId"
      LEFT JOIN "StaffMember" lm ON lm."organizationId" = e."organizationId" AND lm.id = s."lineManagerId"
     WHERE e."organizationId" = ${scope.organization.id} AND e.id = ${entryId}`;
  if (!row) return null;
  return {
    // Added to the row rather than spread with it: a spread with a property after it is V8's slow path.
    entry: Object.assign(menteeRow(row), { requestText: row.requestText }),
    waiting: row.waiting,
    openPairs: row.openPairs.map((pair) => {
      const [id, status] = pair.split(' ');
      return { id: Number(id), status: status as PairStatus };
    }),
    lineManager: row.managerLastName === null ? null : { lastName: row.managerLastName, firstName: row.managerFirstName ?? '', middleName: row.managerMiddleName ?? '' },
    matchingWeights: row.matchingWeights,
  };
}

/** A member of the mentor pool with what the ranking needs: competencies, both consents, load. */
export interface PoolMentorRow {
  id: number;
  status: MentorStatus;
  maxMentees: number;
  forms: MentoringForm[];
  trainingStatus: MentorTraining;
  staffId: number;
  lastName: string;
  firstName: string;
  middleName: string;
  position: string;
  ageGroup: string;
  experienceYears: number;
  qualificationCategory: QualificationCategory;
  topicNames: string[];
  hasConsent: boolean;
  hasMentoringConsent: boolean;
  load: number;
}

/**
 * The organization's mentor pool (the pairs' rule: approved or already mentoring, still working), by surname.
 * Who of them is available the ranking decides from the same facts (pairs' unavailabilityOf). Forms and topic
 * names come as JSON arrays (topicNamesSql says why).
 */
export function poolMentorRows(scope: Scope): Promise<PoolMentorRow[]> {
  return scope.db.$queryRaw<PoolMentorRow[]>`
    SELECT e.id, e.status::text AS status, e."maxMentees", to_json(e.forms) AS forms, e."trainingStatus"::text AS "trainingStatus",
           s.id AS "staffId", s."lastName", s."firstName", s."middleName", s.position, s."ageGroup", s."experienceYears",
           s."qualificationCategory"::text AS "qualificationCategory",
           ${mentorTopicNames} AS "topicNames",
           ${personalDataConsent} AS "hasConsent",
           ${mentoringConsent} AS "hasMentoringConsent",
           ${mentorLoad} AS load
      FROM "MentorEntry" e JOIN "StaffMember" s ON s."organizationId" = e."organizationId" AND s.id = e."staffMemberId"
     WHERE e."organizationId" = ${scope.organization.id} AND ${isPoolMentor}
     ORDER BY s."lastName", e.id`;
}

/** The candidates of virtual mentoring: at most this many of the other organizations are read. */
const VIRTUAL_CANDIDATES = 200;

export interface VirtualMentorRow {
  id: number;
  organizationId: number;
  organizationName: string;
  maxMentees: number;
  lastName: string;
  firstName: string;
  middleName: string;
  position: string;
  /** Competencies in active topics (any order). */
  topicNames: string[];
  load: number;
}

/**
 * Mentors of every organization but this one who are available there as far as consents go (the pairs' rule
 * without the places: the caller keeps those with a free place, from `load`) and hold a competency in an active
 * topic of one of these names (case aside; the caller compares the names exactly) — the first ones by entry.
 * The one read across organizations: through the portal client, naming the organizations in the statement.
 */
export function virtualMentorRows(scope: Scope, topicNames: readonly string[]): Promise<VirtualMentorRow[]> {
  return scope.portal.$queryRaw<VirtualMentorRow[]>`
    WITH candidate AS (
      SELECT e.id, e."organizationId", e."staffMemberId", e."maxMentees"
        FROM "MentorEntry" e
       WHERE e."organizationId" <> ${scope.organization.id} AND ${availableMentor}
         AND EXISTS (SELECT 1 FROM "MentorEntryTopic" x JOIN "Topic" t ON t."organizationId" = x."organizationId" AND t.id = x."topicId"
                      WHERE x."organizationId" = e."organizationId" AND x."entryId" = e.id AND t."archivedAt" IS NULL
                        AND lower(t.name) = ANY(ARRAY(SELECT lower(wanted) FROM unnest(${[...topicNames]}::text[]) wanted)))
       ORDER BY e.id
       LIMIT ${VIRTUAL_CANDIDATES})
    SELECT c.id, c."organizationId", o."shortName" AS "organizationName", c."maxMentees",
           s."lastName", s."firstName", s."middleName", s.position,
           ARRAY(SELECT t.name FROM "MentorEntryTopic" x JOIN "Topic" t ON t."organizationId" = x."organizationId" AND t.id = x."topicId"
                  WHERE x."organizationId" = c."organizationId" AND x."entryId" = c.id AND t."archivedAt" IS NULL) AS "topicNames",
           ${virtualMentorLoad} AS load
      FROM candidate c
      JOIN "StaffMember" s ON s."organizationId" = c."organizationId" AND s.id = c."staffMemberId"
      JOIN "Organization" o ON o.id = c."organizationId"
     ORDER BY c.id`;
}
