/**
 * Pairs that keep meeting: the check-in «Как идёт работа в паре?» opens to both members of an ACTIVE pair on
 * day 30 of its work and then every 60 days (day 90, 150, …). Which check-in is due is ONE named rule —
 * `dueCheckinOccasion` (and `dueCheckinSql`, the same in SQL) — counted from the pair's start date (the
 * order's «с …», Pair.startsOn) in the organization's calendar (scope.today). A due check-in stays open until
 * the next one opens. The questions and the answers belong to the questionnaires module (its face:
 * getCheckinForm, submitCheckin, answeredCheckins, checkinAnswers); the pairs know who is due which one.
 */
import type { Scope } from '../../core/scope.ts';
import type { TodoFigures } from '../../core/todo.ts';
import { keptSql } from '../../core/kept-sql.ts';
import { dayNumber, isoOfDbDate } from '../../domain/dates.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { NotFoundError } from '../../core/errors.ts';
import { answeredCheckinSql, CHECKIN_TITLE } from '../questionnaires/index.ts';

/** The first check-in opens on this day of the pair's work… */
export const FIRST_CHECKIN_DAY = 30;
/** …and every next one this many days later. */
export const CHECKIN_EVERY_DAYS = 60;

/**
 * The named rule: the check-in due on `today` for a pair that started on `startsOn` (both 'YYYY-MM-DD'):
 * "checkin-1" from day 30, "checkin-2" from day 90, …; null before day 30.
 */
export function dueCheckinOccasion(startsOn: string, today: string): string | null {
  const days = dayNumber(today) - dayNumber(startsOn);
  if (days < FIRST_CHECKIN_DAY) return null;
  return `checkin-${Math.floor((days - FIRST_CHECKIN_DAY) / CHECKIN_EVERY_DAYS) + 1}`;
}

/** dueCheckinOccasion in SQL over a "Pair" alias and today's date ('YYYY-MM-DD'): the occasion text or NULL. */
export function dueCheckinSql(pair: Sql.Sql, today: string): Sql.Sql {
  return Sql.sql`(CASE WHEN ${pair}.status = 'ACTIVE' AND (${today}::date - ${pair}."startsOn") >= ${FIRST_CHECKIN_DAY}
    THEN 'checkin-' || (((${today}::date - ${pair}."startsOn") - ${FIRST_CHECKIN_DAY}) / ${CHECKIN_EVERY_DAYS} + 1) END)`;
}

export interface DueCheckin {
  pairId: number;
  occasion: string;
}

/** The check-ins due today for the person: one per ACTIVE pair they belong to that is past day 30. */
export async function dueCheckinsOf(scope: Scope, staffMemberId: number): Promise<DueCheckin[]> {
  const pairs = await scope.db.pair.findMany({
    where: { status: 'ACTIVE', members: { some: { staffMemberId } } },
    select: { id: true, startsOn: true },
    orderBy: { id: 'asc' },
    take: 50,
  });
  return pairs.flatMap((p) => {
    const occasion = dueCheckinOccasion(isoOfDbDate(p.startsOn), scope.today);
    return occasion ? [{ pairId: p.id, occasion }] : [];
  });
}

/**
 * Every check-in open today in the organization with the members of its pair, for the daily notification
 * (the notifications module reaches it through the composition root). The rule in its SQL form; one statement.
 */
export async function openCheckins(scope: Scope): Promise<{ pairId: number; occasion: string; staffMemberIds: number[] }[]> {
  const p = Sql.raw('p');
  return scope.db.$queryRaw<{ pairId: number; occasion: string; staffMemberIds: number[] }[]>`
    SELECT p.id AS "pairId", ${dueCheckinSql(p, scope.today)} AS occasion,
           array_agg(m."staffMemberId" ORDER BY m."staffMemberId") AS "staffMemberIds"
      FROM "Pair" p JOIN "PairMember" m ON m."organizationId" = p."organizationId" AND m."pairId" = p.id
     WHERE p."organizationId" = ${scope.organization.id} AND ${dueCheckinSql(p, scope.today)} IS NOT NULL
     GROUP BY p.id
     ORDER BY p.id`;
}

/** The check-in the person may answer now in this pair, or 404 (not a member, not active, not due yet). */
export async function openCheckinFor(scope: Scope, pairId: number, staffMemberId: number): Promise<DueCheckin> {
  const due = (await dueCheckinsOf(scope, staffMemberId)).find((d) => d.pairId === pairId);
  if (!due) throw new NotFoundError('Опрос не найден');
  return due;
}

/**
 * The to-do home: «Как идёт работа в паре? (1 минута)» for each due check-in the person has not sent — the rule in
 * its SQL form (dueCheckinSql) and the questionnaires' answered twin, one row composed with the other contributors'
 * rows into the home's one statement. The same pairs as dueCheckinsOf: active, the person's, the first 50 by id.
 */
// One shape: the text composed once (keptSql), a request gives the person and the day.
const checkinTodoStatement = keptSql(
  (_: 0, v: { organizationId: number; staffMemberId: number; today: string }) => Sql.sql`
      SELECT (SELECT coalesce(json_agg(x), '[]') FROM (
        SELECT d."pairId", d.occasion FROM (
          SELECT p.id AS "pairId", ${dueCheckinSql(Sql.raw('p'), v.today)} AS occasion FROM "Pair" p
           WHERE p."organizationId" = ${v.organizationId} AND p.status = 'ACTIVE'
             AND EXISTS (SELECT 1 FROM "PairMember" m WHERE m."organizationId" = p."organizationId" AND m."pairId" = p.id AND m."staffMemberId" = ${v.staffMemberId})
           ORDER BY p.id LIMIT 50) d
         WHERE d.occasion IS NOT NULL AND NOT ${answeredCheckinSql(v.organizationId, v.staffMemberId, Sql.raw('d."pairId"'), Sql.raw('d.occasion'))}
         ORDER BY d."pairId") x) AS open`,
);

export const checkinTodo: TodoFigures<{ open: DueCheckin[] }> = {
  figures(scope: Scope) {
    const staffMemberId = scope.staffMemberId;
    if (staffMemberId === null || !scope.can('pairs:own')) return null;
    return checkinTodoStatement(0, { organizationId: scope.organization.id, staffMemberId, today: scope.today });
  },
  groups({ open }) {
    return [
      {
        key: 'checkins',
        title: 'Опрос о работе в паре',
        items: open.map((d) => ({ text: `${CHECKIN_TITLE} (1 минута)`, href: `/pairs/${d.pairId}/checkin`, detail: `Пара № ${d.pairId}` })),
      },
    ];
  },
};
