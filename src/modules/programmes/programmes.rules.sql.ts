/**
 * The programmes' facts about a pair, as SQL fragments for other modules' named rules (the pairs' «Пары под
 * риском», pairs.at-risk.ts), so they never spell out the programmes' tables or statuses themselves. `pair` is
 * the alias of a "Pair" row.
 */
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { OPEN_ITEM_STATUSES, WORKING_STATUSES } from './programmes.rules.ts';

const list = (values: readonly string[]) => Sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * Quiet: the pair's programme is being worked on and nothing was done, marked or commented in it since `since`
 * (its last activity — programmes.plan.ts moves it on every status, mark, comment and file).
 */
export function programmeQuietSql(pair: Sql.Sql, since: Sql.Sql): Sql.Sql {
  return Sql.sql`EXISTS (SELECT 1 FROM "Programme" quiet_p WHERE quiet_p."organizationId" = ${pair}."organizationId" AND quiet_p."pairId" = ${pair}.id
    AND quiet_p.status IN (${list(WORKING_STATUSES)}) AND quiet_p."lastActivityAt" < ${since})`;
}

/**
 * Overdue: the pair's programme is being worked on and an open item's date has passed (`today`: 'YYYY-MM-DD'). The
 * items joined by the programme's id alone (an item is of its programme's organization), as hasOverdueItemsSql: with
 * the organization's equality too, the plan ANDed two bitmaps instead of one probe of ("programmeId", "dueOn").
 */
export function programmeOverdueSql(pair: Sql.Sql, today: string): Sql.Sql {
  return Sql.sql`EXISTS (SELECT 1 FROM "Programme" late_p JOIN "PlanItem" late_i ON late_i."programmeId" = late_p.id
    WHERE late_p."organizationId" = ${pair}."organizationId" AND late_p."pairId" = ${pair}.id AND late_p.status IN (${list(WORKING_STATUSES)})
      AND late_i.status IN (${list(OPEN_ITEM_STATUSES)}) AND late_i."dueOn" < ${today}::date)`;
}

/** The last activity of the pair's programme (null: no programme), for the reason's words. */
export function programmeLastActivitySql(pair: Sql.Sql): Sql.Sql {
  return Sql.sql`(SELECT last_p."lastActivityAt" FROM "Programme" last_p WHERE last_p."organizationId" = ${pair}."organizationId" AND last_p."pairId" = ${pair}.id)`;
}
