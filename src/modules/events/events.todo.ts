/**
 * The events' part of the to-do home (src/core/todo.ts): invitations to planned events ahead that the person has
 * not answered («приду» / «не смогу»), and for the methodist the planned events whose day has come but whose
 * attendance is not marked yet. One row of two lists, each by an index, composed with the other contributors'
 * rows into the home's one statement.
 */
import { ruDate } from '../../domain/dates.ts';
import type { Scope } from '../../core/scope.ts';
import type { TodoFigures } from '../../core/todo.ts';
import { keptSql } from '../../core/kept-sql.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { dayMoments, wallClock } from './events.time.ts';

const LIMIT = 20;

/** An event as the lists give it: its start as JSON text (an instant with its offset). */
type EventRow = { id: number; title: string; startsAt: string };

interface Row {
  unanswered: EventRow[];
  unmarked: EventRow[];
}

const NONE = Sql.sql`'[]'::json`;
/** The choice of lists (keptSql): the invitations to answer, the events to mark. */
const REPLY = 1;
const MARK = 2;

const statement = keptSql(
  (lists: number, v: { organizationId: number; staffMemberId: number | null; now: Date; endOfToday: Date | null }) => Sql.sql`
      SELECT ${
        lists & REPLY
          ? Sql.sql`(SELECT coalesce(json_agg(x ORDER BY x."startsAt", x.id), '[]') FROM (
              SELECT e.id, e.title, e."startsAt" AT TIME ZONE 'UTC' AS "startsAt" FROM "EventInvitation" i
                JOIN "Event" e ON e."organizationId" = i."organizationId" AND e.id = i."eventId"
               WHERE i."organizationId" = ${v.organizationId} AND i."staffMemberId" = ${v.staffMemberId} AND i.reply IS NULL
                 AND e.status = 'PLANNED' AND e."startsAt" > ${v.now}
               ORDER BY e."startsAt", e.id LIMIT ${LIMIT}) x)`
          : NONE
      } AS unanswered, ${
        lists & MARK
          ? Sql.sql`(SELECT coalesce(json_agg(x ORDER BY x."startsAt", x.id), '[]') FROM (
              SELECT e.id, e.title, e."startsAt" AT TIME ZONE 'UTC' AS "startsAt" FROM "Event" e
               WHERE e."organizationId" = ${v.organizationId} AND e.status = 'PLANNED' AND e."startsAt" < ${v.endOfToday}
               ORDER BY e."startsAt", e.id LIMIT ${LIMIT}) x)`
          : NONE
      } AS unmarked`,
);

export const eventsTodo: TodoFigures<Row> = {
  figures(scope: Scope) {
    const staffMemberId = scope.staffMemberId;
    const lists = (staffMemberId !== null && scope.can('events:own') ? REPLY : 0) | (scope.can('events:manage') ? MARK : 0);
    if (!lists) return null;
    // The end of today on the organization's clock only for the list that reads it.
    const endOfToday = lists & MARK ? dayMoments(scope.today, scope.today, scope.organization.timeZone).to : null;
    return statement(lists, { organizationId: scope.organization.id, staffMemberId, now: scope.now, endOfToday });
  },
  groups({ unanswered, unmarked }, scope) {
    const zone = scope.organization.timeZone;
    return [
      {
        key: 'events-attendance',
        title: 'Отметить посещение мероприятий',
        items: unmarked.map((e) => {
          const day = wallClock(new Date(e.startsAt), zone).date;
          return { text: `Отметить, кто пришёл: «${e.title}»`, href: `/events/${e.id}/attendance`, detail: `Состоялось ${ruDate(day)}`, due: day, overdue: day < scope.today };
        }),
      },
      {
        key: 'events-reply',
        title: 'Ответить на приглашения',
        items: unanswered.map((event) => {
          const clock = wallClock(new Date(event.startsAt), zone);
          return { text: `Ответить на приглашение «${event.title}»`, href: `/events/${event.id}`, detail: `${ruDate(clock.date)}, ${clock.time}`, due: clock.date };
        }),
      },
    ];
  },
};
