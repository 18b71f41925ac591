/**
 * The banks' named sets of statuses, for every other module (through the face): which requests still look
 * for a mentor, which are in the bank at all, which mentors the bank offers. Pairs build their rules
 * (waiting mentee, available mentor) on them; the bank lists filter by them.
 */
import type { Scope } from '../../core/scope.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { MenteeStatus, MentorStatus, MentorTraining } from '../../generated/prisma/enums.ts';

/** A request that still looks for a mentor: new or in the bank. */
export const SEEKING_MENTEE_STATUSES: MenteeStatus[] = ['NEW', 'IN_BANK'];

/** A request in the bank at all: everything but «выбыл». */
export const CURRENT_MENTEE_STATUSES: MenteeStatus[] = ['NEW', 'IN_BANK', 'PAIRED', 'COMPLETED'];

/** A mentor the bank offers: approved, or already mentoring. */
export const APPROVED_MENTOR_STATUSES: MentorStatus[] = ['APPROVED', 'ACTIVE'];

/** Why a person's entries close on their own (the history says it). */
export const ARCHIVED_REASON = 'Сотрудник в архиве';

/** A mentor entry that still counts: a candidate, approved, mentoring or paused — not one who left. */
export const CURRENT_MENTOR_STATUSES: MentorStatus[] = ['CANDIDATE', 'APPROVED', 'ACTIVE', 'PAUSED'];

/**
 * The person is in the mentor bank (a candidate or a mentor who has not left): the written consent to mentoring
 * (ст. 351.8 ТК РФ) concerns them. The consents module asks this through the composition root.
 */
export async function inMentorBank(scope: Scope, staffMemberId: number): Promise<boolean> {
  const found = await scope.db.mentorEntry.findFirst({ where: { staffMemberId, status: { in: CURRENT_MENTOR_STATUSES } }, select: { id: true } });
  return found !== null;
}

/** inMentorBank in SQL (a boolean expression), for a statement that asks more (the to-do home's). */
export function inMentorBankSql(organizationId: number, staffMemberId: number): Sql.Sql {
  return Sql.sql`EXISTS (SELECT 1 FROM "MentorEntry" e WHERE e."organizationId" = ${organizationId} AND e."staffMemberId" = ${staffMemberId}
    AND e.status::text IN (${Sql.join(CURRENT_MENTOR_STATUSES)}))`;
}

/** Set-up sessions a mentor attends to count as trained: the set-up cycle of stage 4 is more than one meeting. */
export const REQUIRED_SETUP_SESSIONS = 2;

/**
 * The training rule (stage 4): a mentor's training status follows attendance at set-up sessions — held
 * events of the kind «установочная сессия для наставников» at which the methodist marked them present, plus
 * the sessions migrated from the old hand-set status (`setupSessionsBefore`). None: «не обучен»; at least one:
 * «проходит обучение»; REQUIRED_SETUP_SESSIONS or more: «прошёл установочные сессии». Never set by hand.
 */
export function trainingStatusOf(setupSessions: number): MentorTraining {
  if (setupSessions >= REQUIRED_SETUP_SESSIONS) return 'TRAINED';
  return setupSessions > 0 ? 'IN_TRAINING' : 'NOT_TRAINED';
}

/** The staff cards of the mentor bank (candidates and mentors who have not left): the events' audience «наставники». */
export async function mentorBankStaffIds(scope: Scope): Promise<number[]> {
  const rows = await scope.db.mentorEntry.findMany({ where: { status: { in: CURRENT_MENTOR_STATUSES } }, select: { staffMemberId: true } });
  return rows.map((r) => r.staffMemberId);
}

/** The staff cards with a current mentee request of a school year: the events' audience «наставляемые». */
export async function menteeBankStaffIds(scope: Scope, schoolYear: number): Promise<number[]> {
  const rows = await scope.db.menteeEntry.findMany({ where: { schoolYear, status: { in: CURRENT_MENTEE_STATUSES } }, select: { staffMemberId: true } });
  return [...new Set(rows.map((r) => r.staffMemberId))];
}
