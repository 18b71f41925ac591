/**
 * «Attended a held event», in SQL (its Prisma side, for set-up sessions, is `ATTENDED_SETUP` in events.service.ts),
 * for a monitoring query that counts in one statement: the number of held events (of the given kinds; all kinds when none) that the staff card attended between two
 * moments. `staffId` and `organizationId` are SQL expressions of the outer query.
 */
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { EventKind } from '../../generated/prisma/enums.ts';

export function attendedEventsSql(staffId: Sql.Sql, organizationId: Sql.Sql, period: { from: Date; to: Date }, kinds: EventKind[] = []): Sql.Sql {
  return Sql.sql`(SELECT count(*)::int FROM "EventInvitation" i JOIN "Event" e ON e."organizationId" = i."organizationId" AND e.id = i."eventId"
    WHERE i."organizationId" = ${organizationId} AND i."staffMemberId" = ${staffId} AND i.attended AND e.status = 'HELD'
      AND e."startsAt" >= ${period.from} AND e."startsAt" < ${period.to}
      ${kinds.length ? Sql.sql`AND e.kind::text IN (${Sql.join(kinds)})` : Sql.empty})`;
}
