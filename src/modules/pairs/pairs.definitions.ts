/**
 * The pairs module's named rules — what other modules and pages must never spell out again: which pairs are
 * open, hold a mentor's places or were really formed; who is a waiting mentee; a mentor's load; who is an
 * available mentor; which pairs need attention. Each rule is a Prisma condition and, side by side, the same
 * rule for raw SQL (a fragment over an alias of the caller's row), so a list page and the dashboard's count
 * read one definition. Decisions are written up in CONTEXT.md.
 */
import type { Scope } from '../../core/scope.ts';
import { sqlList } from '../../core/sql-list.ts';
import type { Prisma as P } from '../../generated/prisma/client.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { PairRole, PairStatus } from '../../generated/prisma/enums.ts';
import { APPROVED_MENTOR_STATUSES, SEEKING_MENTEE_STATUSES } from '../banks/index.ts';
import { hasValidConsentSql, validConsentWhere } from '../consents/index.ts';
import { isWorkingStaffSql, workingStaffWhere } from '../staff/index.ts';

// ---- statuses ------------------------------------------------------------------------------------

/** Pairs in these states hold a mentee's request: it is answered (or being answered) there. */
export const OPEN_STATUSES: PairStatus[] = ['DRAFT', 'PROPOSED', 'ACTIVE'];

/** Pairs in these states hold a mentor's places. A draft does not (yet). */
export const LOAD_STATUSES: PairStatus[] = ['PROPOSED', 'ACTIVE'];

/** Pairs that were really formed: an approved order made them active (whatever happened since). */
export const FORMED_STATUSES: PairStatus[] = ['ACTIVE', 'COMPLETED', 'ENDED_EARLY'];

/** Pairs whose work is over, one way or another. */
export const CLOSED_STATUSES: PairStatus[] = ['COMPLETED', 'ENDED_EARLY', 'CANCELLED'];

// ---- a member of a formed pair during a period ----------------------------------------------------

/** A period of days, both ends included ('YYYY-MM-DD'), e.g. a school year 1 September – 31 August. */
export interface DayPeriod {
  from: string;
  to: string;
}

/**
 * A mentee (mentor) of a formed pair or group during [from, to]: the person is a member in that role of a pair
 * an approved order formed (FORMED_STATUSES — an early end still counts) whose work overlaps the period: it
 * started by the period's last day and did not end before its first. A pair formed before the period and still
 * active counts; one ended inside it counts; one formed after it, or ended before it, does not; a draft, a
 * proposal or a cancelled pair never does. The Prisma condition is on PairMember.
 */
export function formedPairMemberWhere(role: PairRole, period: DayPeriod): P.PairMemberWhereInput {
  return {
    role,
    pair: {
      status: { in: FORMED_STATUSES },
      startsOn: { lte: new Date(`${period.to}T00:00:00Z`) },
      OR: [{ endedOn: null }, { endedOn: { gte: new Date(`${period.from}T00:00:00Z`) } }],
    },
  };
}

/**
 * formedPairMemberWhere for raw SQL, as rows: one per membership of the organizations `organizationIds` (an SQL
 * int[] expression) — "organizationId", "staffMemberId", "pairId", "startsOn", "endedOn". A caller asks «is this
 * person one» with EXISTS / a join on ("organizationId", "staffMemberId"), or «since when» with min("startsOn").
 * The organizations are named on the pair as well: the join's equality does not carry an `= ANY(…)` over, and
 * PairMember has no index by organization, so without it the planner read every formed pair of the city and
 * hashed it (monitoring's mentors of the year: 1.6 ms → 0.05 ms for one kindergarten).
 */
export function formedPairMembershipsSql(organizationIds: Sql.Sql, role: PairRole, period: DayPeriod): Sql.Sql {
  return Sql.sql`SELECT formed_member."organizationId", formed_member."staffMemberId", formed_member."pairId", formed_pair."startsOn", formed_pair."endedOn"
    FROM "PairMember" formed_member
    JOIN "Pair" formed_pair ON formed_pair."organizationId" = formed_member."organizationId" AND formed_pair.id = formed_member."pairId"
   WHERE formed_member."organizationId" = ANY(${organizationIds}) AND formed_pair."organizationId" = ANY(${organizationIds})
     AND formed_member.role = ${Sql.raw(`'${role}'`)}
     AND formed_pair.status IN (${sqlList(FORMED_STATUSES)})
     AND formed_pair."startsOn" <= ${period.to}::date AND (formed_pair."endedOn" IS NULL OR formed_pair."endedOn" >= ${period.from}::date)`;
}

// ---- the waiting mentee -------------------------------------------------------------------------

/**
 * A waiting mentee: a mentee bank entry that is new or in the bank, of a person who works here (card not
 * archived), while no open pair — draft, proposed or active — names that person as a mentee. By the person,
 * not the entry link: a pair row always names its members, not always their entries. `exceptPairId`: the
 * pair being edited does not count (its own mentees stay choosable in its form).
 */
export function waitingMenteeWhere(options: { exceptPairId?: number } = {}): P.MenteeEntryWhereInput {
  return {
    status: { in: SEEKING_MENTEE_STATUSES },
    staffMember: {
      ...workingStaffWhere(),
      pairMembers: { none: { role: 'MENTEE', pair: { status: { in: OPEN_STATUSES }, ...(options.exceptPairId ? { id: { not: options.exceptPairId } } : {}) } } },
    },
  };
}

/** waitingMenteeWhere for raw SQL: `entry` is the alias of a "MenteeEntry" row, e.g. Sql.raw('e'). */
export function isWaitingMenteeSql(entry: Sql.Sql): Sql.Sql {
  return Sql.sql`(${entry}.status IN (${sqlList(SEEKING_MENTEE_STATUSES)})
    AND EXISTS (SELECT 1 FROM "StaffMember" waiting_person WHERE waiting_person."organizationId" = ${entry}."organizationId"
                 AND waiting_person.id = ${entry}."staffMemberId" AND ${isWorkingStaffSql(Sql.raw('waiting_person'))})
    AND NOT EXISTS (SELECT 1 FROM "PairMember" waiting_member JOIN "Pair" waiting_pair
                      ON waiting_pair."organizationId" = waiting_member."organizationId" AND waiting_pair.id = waiting_member."pairId"
                     WHERE waiting_member."organizationId" = ${entry}."organizationId" AND waiting_member."staffMemberId" = ${entry}."staffMemberId"
                       AND waiting_member.role = 'MENTEE' AND waiting_pair.status IN (${sqlList(OPEN_STATUSES)})))`;
}

// ---- a mentor's load ----------------------------------------------------------------------------

/** How many mentees each mentor (by staff member) currently leads in proposed or active pairs. */
export async function mentorLoad(scope: Scope, mentorStaffIds: number[], exceptPairId?: number): Promise<Map<number, number>> {
  const load = new Map<number, number>(mentorStaffIds.map((id) => [id, 0]));
  if (mentorStaffIds.length === 0) return load;
  const pairs = await scope.db.pair.findMany({
    where: {
      status: { in: LOAD_STATUSES },
      id: exceptPairId ? { not: exceptPairId } : undefined,
      members: { some: { role: 'MENTOR', staffMemberId: { in: mentorStaffIds } } },
    },
    select: { members: { select: { role: true, staffMemberId: true } } },
  });
  for (const pair of pairs) {
    const mentees = pair.members.filter((m) => m.role === 'MENTEE').length;
    for (const m of pair.members) if (m.role === 'MENTOR' && load.has(m.staffMemberId)) load.set(m.staffMemberId, load.get(m.staffMemberId)! + mentees);
  }
  return load;
}

/** mentorLoad for raw SQL: the mentees of the proposed and active pairs that the mentor `staffId` leads. */
export function mentorLoadSql(staffId: Sql.Sql, organizationId: Sql.Sql): Sql.Sql {
  return Sql.sql`(SELECT count(*)::int FROM "PairMember" load_mentee
     JOIN "Pair" load_pair ON load_pair."organizationId" = load_mentee."organizationId" AND load_pair.id = load_mentee."pairId"
    WHERE load_mentee."organizationId" = ${organizationId} AND load_mentee.role = 'MENTEE' AND load_pair.status IN (${sqlList(LOAD_STATUSES)})
      AND EXISTS (SELECT 1 FROM "PairMember" load_mentor WHERE load_mentor."organizationId" = load_pair."organizationId"
                   AND load_mentor."pairId" = load_pair.id AND load_mentor.role = 'MENTOR' AND load_mentor."staffMemberId" = ${staffId}))`;
}

// ---- the available mentor -----------------------------------------------------------------------

/**
 * The mentor pool: entries of the mentor bank that are approved or already mentoring, of people who work
 * here. Matching ranks this pool and explains why a member of it is not available.
 */
export function mentorPoolWhere(): P.MentorEntryWhereInput {
  return { status: { in: APPROVED_MENTOR_STATUSES }, staffMember: workingStaffWhere() };
}

/**
 * An available mentor: a pool member who holds a valid personal-data consent AND a valid written consent to
 * mentoring (ст. 351.8 ТК РФ), and has a free place (load below their limit). The Prisma condition covers
 * all but the places — a count Prisma cannot compare — which `withFreePlaces` adds from `mentorLoad`.
 */
export function availableMentorWhere(): P.MentorEntryWhereInput {
  return {
    status: { in: APPROVED_MENTOR_STATUSES },
    staffMember: { ...workingStaffWhere(), AND: [{ consents: { some: validConsentWhere('PERSONAL_DATA') } }, { consents: { some: validConsentWhere('MENTORING') } }] },
  };
}

/** The places part of the rule: keeps the entries whose load (`mentorLoad`) leaves a free place. */
export async function withFreePlaces<T extends { staffMemberId: number; maxMentees: number }>(
  scope: Scope,
  entries: T[],
  exceptPairId?: number,
): Promise<(T & { load: number; free: number })[]> {
  const load = await mentorLoad(scope, entries.map((e) => e.staffMemberId), exceptPairId);
  return entries
    .map((e) => ({ ...e, load: load.get(e.staffMemberId) ?? 0, free: e.maxMentees - (load.get(e.staffMemberId) ?? 0) }))
    .filter((e) => e.free > 0);
}

/** mentorPoolWhere for raw SQL: `entry` is the alias of a "MentorEntry" row. */
export function isPoolMentorSql(entry: Sql.Sql): Sql.Sql {
  return Sql.sql`(${entry}.status IN (${sqlList(APPROVED_MENTOR_STATUSES)})
    AND EXISTS (SELECT 1 FROM "StaffMember" mentor_person WHERE mentor_person."organizationId" = ${entry}."organizationId"
                 AND mentor_person.id = ${entry}."staffMemberId" AND ${isWorkingStaffSql(Sql.raw('mentor_person'))}))`;
}

/** availableMentorWhere for raw SQL — all but the places, as the Prisma condition: `entry` is the alias of a "MentorEntry" row. */
export function availableMentorWhereSql(entry: Sql.Sql): Sql.Sql {
  const staffId = Sql.sql`${entry}."staffMemberId"`;
  const organizationId = Sql.sql`${entry}."organizationId"`;
  return Sql.sql`(${isPoolMentorSql(entry)}
    AND ${hasValidConsentSql(staffId, organizationId, 'PERSONAL_DATA')}
    AND ${hasValidConsentSql(staffId, organizationId, 'MENTORING')})`;
}

/** availableMentorWhere + withFreePlaces for raw SQL: `entry` is the alias of a "MentorEntry" row. */
export function isAvailableMentorSql(entry: Sql.Sql): Sql.Sql {
  return Sql.sql`(${availableMentorWhereSql(entry)}
    AND ${entry}."maxMentees" > ${mentorLoadSql(Sql.sql`${entry}."staffMemberId"`, Sql.sql`${entry}."organizationId"`)})`;
}

/** What a page knows of a pool member, to tell available from not (and say why). */
export interface MentorFacts {
  /** A valid personal-data consent. */
  hasConsent: boolean;
  /** A valid written consent to mentoring (ст. 351.8 ТК РФ). */
  hasMentoringConsent: boolean;
  load: number;
  maxMentees: number;
}

export type Unavailability = 'personalData' | 'mentoring' | 'full';

/** The same rule on facts already loaded: what keeps a pool member from being available (none = available). */
export function unavailabilityOf(m: MentorFacts): Unavailability[] {
  const reasons: Unavailability[] = [];
  if (!m.hasConsent) reasons.push('personalData');
  if (!m.hasMentoringConsent) reasons.push('mentoring');
  if (m.load >= m.maxMentees) reasons.push('full');
  return reasons;
}

/** unavailabilityOf(m).length === 0, without the list (matching calls it for every mentee × mentor). */
export function isMentorAvailable(m: MentorFacts): boolean {
  return m.hasConsent && m.hasMentoringConsent && m.load < m.maxMentees;
}

// ---- pairs that need attention ------------------------------------------------------------------

/**
 * A pair that needs attention: something outside it broke it (a member revoked a consent or went to the
 * archive — `attentionSince` and `attentionReason`), and it is still open. A closed pair's mark is history.
 */
export function needsAttentionWhere(): P.PairWhereInput {
  return { attentionSince: { not: null }, status: { in: OPEN_STATUSES } };
}

/** needsAttentionWhere of a pair already read (its card). */
export function needsAttention(pair: { attentionSince: Date | null; status: PairStatus }): boolean {
  return pair.attentionSince !== null && OPEN_STATUSES.includes(pair.status);
}

/** OPEN_STATUSES for raw SQL: `pair` is the alias of a "Pair" row. */
export function isOpenPairSql(pair: Sql.Sql): Sql.Sql {
  return Sql.sql`${pair}.status IN (${sqlList(OPEN_STATUSES)})`;
}

/** needsAttentionWhere for raw SQL: `pair` is the alias of a "Pair" row. */
export function needsAttentionSql(pair: Sql.Sql): Sql.Sql {
  return Sql.sql`(${pair}."attentionSince" IS NOT NULL AND ${pair}.status IN (${sqlList(OPEN_STATUSES)}))`;
}

// ---- a mentor ------------------------------------------------------------------------------------

/** The person leads an open pair or group (draft, proposed or active): they owe the consent to mentoring. */
export async function leadsOpenPair(scope: Scope, staffMemberId: number): Promise<boolean> {
  const found = await scope.db.pairMember.findFirst({ where: { staffMemberId, role: 'MENTOR', pair: { status: { in: OPEN_STATUSES } } }, select: { id: true } });
  return found !== null;
}

/** leadsOpenPair in SQL (a boolean expression), for a statement that asks more (the to-do home's). */
export function leadsOpenPairSql(organizationId: number, staffMemberId: number): Sql.Sql {
  return Sql.sql`EXISTS (SELECT 1 FROM "PairMember" m JOIN "Pair" p ON p."organizationId" = m."organizationId" AND p.id = m."pairId"
     WHERE m."organizationId" = ${organizationId} AND m."staffMemberId" = ${staffMemberId} AND m.role = 'MENTOR' AND p.status IN (${sqlList(OPEN_STATUSES)}))`;
}

/**
 * The person is a mentee of an open pair or group: the candidate mentor's questionnaire does not concern them. In
 * SQL (a boolean expression), for the statement of the to-do home that asks it together with the rest.
 */
export function menteeOfOpenPairSql(organizationId: number, staffMemberId: number): Sql.Sql {
  return Sql.sql`EXISTS (SELECT 1 FROM "PairMember" m JOIN "Pair" p ON p."organizationId" = m."organizationId" AND p.id = m."pairId"
     WHERE m."organizationId" = ${organizationId} AND m."staffMemberId" = ${staffMemberId} AND m.role = 'MENTEE' AND p.status IN (${sqlList(OPEN_STATUSES)}))`;
}

/** The members (mentors and mentees) of the open pairs and groups: the events' audience «участники пар». */
export async function openPairMemberStaffIds(scope: Scope): Promise<number[]> {
  const rows = await scope.db.pairMember.findMany({ where: { pair: { status: { in: OPEN_STATUSES } } }, select: { staffMemberId: true }, distinct: ['staffMemberId'] });
  return rows.map((r) => r.staffMemberId);
}
