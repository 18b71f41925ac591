/**
 * The events' part of the to-do home (src/core/todo.ts): invitations to planned events ahead that the person has
 * not answered («приду» / «не смогу»), and for the methodist the planned events whose day has come but whose
 * attendance is not marked yet. Two statements, each by an index.
 */
import { ruDate } from '../../domain/dates.ts';
import type { Scope } from '../../core/scope.ts';
import type { TodoGroup } from '../../core/todo.ts';
import { dayMoments, wallClock } from './events.time.ts';

const LIMIT = 20;

export async function eventsTodo(scope: Scope): Promise<TodoGroup[]> {
  const staffMemberId = scope.staffMemberId;
  const endOfToday = dayMoments(scope.today, scope.today, scope.organization.timeZone).to;
  const [unanswered, unmarked] = await Promise.all([
    staffMemberId !== null && scope.can('events:own')
      ? scope.db.eventInvitation.findMany({
          where: { staffMemberId, reply: null, event: { status: 'PLANNED', startsAt: { gt: scope.now } } },
          orderBy: { event: { startsAt: 'asc' } },
          take: LIMIT,
          select: { event: { select: { id: true, title: true, startsAt: true } } },
        })
      : [],
    scope.can('events:manage')
      ? scope.db.event.findMany({ where: { status: 'PLANNED', startsAt: { lt: endOfToday } }, orderBy: { startsAt: 'asc' }, take: LIMIT, select: { id: true, title: true, startsAt: true } })
      : [],
  ]);
  const zone = scope.organization.timeZone;
  return [
    {
      key: 'events-attendance',
      title: 'Отметить посещение мероприятий',
      items: unmarked.map((e) => {
        const day = wallClock(e.startsAt, zone).date;
        return { text: `Отметить, кто пришёл: «${e.title}»`, href: `/events/${e.id}/attendance`, detail: `Состоялось ${ruDate(day)}`, due: day, overdue: day < scope.today };
      }),
    },
    {
      key: 'events-reply',
      title: 'Ответить на приглашения',
      items: unanswered.map(({ event }) => {
        const clock = wallClock(event.startsAt, zone);
        return { text: `Ответить на приглашение «${event.title}»`, href: `/events/${event.id}`, detail: `${ruDate(clock.date)}, ${clock.time}`, due: clock.date };
      }),
    },
  ];
}
