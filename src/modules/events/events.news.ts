/**
 * What the news module asks of events (issue 12: a news post names its stage and event): which events a news
 * post may be linked to, how a linked event reads on a page (title, date and time on the organization's clock,
 * and whether the public page may link to it — this module's own public rule), and the ONE mapping from an
 * event's kind to the roadmap stage it belongs to. The news module owns the link (NewsPost.eventId); the events
 * module never reads news itself — the composition root hands the event page a reader of «news about it».
 */
import { ruDate } from '../../domain/dates.ts';
import { FormError } from '../../core/errors.ts';
import type { Scope } from '../../core/scope.ts';
import type { EventKind, EventStatus } from '../../generated/prisma/enums.ts';
import { EVENT_KIND_LABELS, EVENT_STATUS_LABELS } from './events.labels.ts';
import { isPublicEventSql } from './events.service.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { wallClock } from './events.time.ts';

/**
 * The roadmap stage of each kind of event: set-up sessions and consultations train the mentors before the
 * pairs start (stage 4); seminars, exchanges of experience and the round table share results (stage 6).
 */
export const EVENT_KIND_STAGE: Record<EventKind, number> = {
  SETUP_SESSION: 4,
  CONSULTATION: 4,
  EXPERIENCE_EXCHANGE: 6,
  SEMINAR: 6,
  ROUND_TABLE: 6,
};

export function stageOfEventKind(kind: EventKind): number {
  return EVENT_KIND_STAGE[kind];
}

export interface LinkedEvent {
  id: number;
  title: string;
  kind: EventKind;
  kindLabel: string;
  status: EventStatus;
  statusLabel: string;
  /** «05.12.2026, 10:00» on the organization's clock. */
  when: string;
  date: string;
  time: string;
  /** Open to visitors under the public page's rule now (publicEventWhere, in SQL isPublicEventSql): the public page may link to it. */
  open: boolean;
  stage: number;
}

type Reader = Pick<Scope, 'db' | 'organization' | 'now'>;

/** The linked events of the given ids, read for a page (any event of the organization; unknown ids are left out). */
export async function linkedEvents(scope: Reader, ids: number[]): Promise<Map<number, LinkedEvent>> {
  const result = new Map<number, LinkedEvent>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return result;
  // One read: the events and, beside each, whether it is open to the public now (the public list's rule, its SQL twin).
  const rows = await scope.db.$queryRaw<{ id: number; title: string; kind: EventKind; status: EventStatus; startsAt: Date; open: boolean }[]>`
    SELECT e.id, e.title, e.kind::text AS kind, e.status::text AS status, e."startsAt", ${isPublicEventSql(Sql.raw('e'), scope.now)} AS open
      FROM "Event" e
     WHERE e."organizationId" = ${scope.organization.id} AND e.id = ANY(${unique}::int[])`;
  for (const r of rows) {
    const clock = wallClock(r.startsAt, scope.organization.timeZone);
    result.set(r.id, {
      id: r.id,
      title: r.title,
      kind: r.kind,
      kindLabel: EVENT_KIND_LABELS[r.kind],
      status: r.status,
      statusLabel: EVENT_STATUS_LABELS[r.status],
      date: clock.date,
      time: clock.time,
      when: `${ruDate(clock.date)}, ${clock.time}`,
      open: r.open,
      stage: stageOfEventKind(r.kind),
    });
  }
  return result;
}

export async function linkedEvent(scope: Reader, id: number | null): Promise<LinkedEvent | null> {
  if (id === null) return null;
  return (await linkedEvents(scope, [id])).get(id) ?? null;
}

/** The events a news post may name: not cancelled, newest first (and the one it names already, whatever its state). */
export async function eventChoicesForNews(scope: Reader, current: number | null = null): Promise<[string, string][]> {
  const rows = await scope.db.event.findMany({
    where: { OR: [{ status: { not: 'CANCELLED' } }, ...(current ? [{ id: current }] : [])] },
    select: { id: true, title: true, startsAt: true, status: true },
    orderBy: [{ startsAt: 'desc' }, { id: 'desc' }],
    take: 300,
  });
  return rows.map((r) => {
    const clock = wallClock(r.startsAt, scope.organization.timeZone);
    return [String(r.id), `${ruDate(clock.date)} — ${r.title}${r.status === 'CANCELLED' ? ' (отменено)' : ''}`];
  });
}

/**
 * Checks the event a news post is to name: one of the organization's events (the scoped client sees no other),
 * and not a cancelled one — unless the post names it already (editing the post keeps its link).
 * Throws FormError({ event }) with a Russian message.
 */
export async function checkEventForNews(scope: Reader, id: number, current: number | null = null): Promise<LinkedEvent> {
  const event = await linkedEvent(scope, id);
  if (!event) throw new FormError({ event: 'Выберите мероприятие из списка' });
  if (event.status === 'CANCELLED' && id !== current) throw new FormError({ event: 'Мероприятие отменено: выберите другое или оставьте поле пустым' });
  return event;
}
