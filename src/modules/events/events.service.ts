/**
 * Training and events (stages 4 and 6): the methodist plans an event, the audience is invited (the invitation
 * rows are made from the audience when the event is saved, so «who was invited» stays what it was that day),
 * each invited person answers «приду» / «не смогу», and after the event the methodist marks who came — which
 * makes the event «проведено». What this means to others travels as events (src/domain/events.ts):
 * event.invited / event.changed / event.cancelled → notifications; event.attendance_marked → banks (the
 * mentors' training status follows attendance at set-up sessions).
 *
 * Who sees an event: those who read every event (`events:read`: the methodist and the head) and the people
 * invited to it; for anyone else it does not exist (404).
 */
import { audit } from '../../core/audit.ts';
import { listedOrganizationsSql } from '../../core/dashboard.ts';
import { ConflictError, FormError, NotFoundError } from '../../core/errors.ts';
import { PAGE_SIZE, pageWithTotal } from '../../core/pagination.ts';
import { ownStaffIdOf, participation } from '../../core/participation.ts';
import { publish, transaction, type Scope } from '../../core/scope.ts';
import { ruDate, schoolYearOf } from '../../domain/dates.ts';
import { shortNameOf } from '../../domain/people.ts';
import type { EventAudience, EventKind, EventReply, EventStatus } from '../../generated/prisma/enums.ts';
import { Prisma as Sql, type Prisma as P } from '../../generated/prisma/client.ts';
import { workingStaffWhere } from '../staff/index.ts';
import { EVENT_KIND_LABELS } from './events.labels.ts';
import type { EventsQueryInput, SaveEventInput } from './events.schemas.ts';
import { dayMoments, momentInZone, schoolYearMoments, wallClock } from './events.time.ts';

/**
 * Who belongs to an audience, from the modules that know (the banks, the pairs), handed in by the composition
 * root: the events module imports neither (the banks import this module's face for the training rule).
 */
export interface AudienceSources {
  /** Staff cards in the mentor bank (candidates and mentors who have not left). */
  mentors(scope: Scope): Promise<number[]>;
  /** Staff cards with a mentee request of the current school year. */
  mentees(scope: Scope): Promise<number[]>;
  /** Members of the open pairs and groups. */
  pairMembers(scope: Scope): Promise<number[]>;
}

export const eventSelect = {
  id: true,
  title: true,
  kind: true,
  startsAt: true,
  durationMinutes: true,
  place: true,
  link: true,
  audience: true,
  description: true,
  isPublic: true,
  status: true,
  sequence: true,
  updatedAt: true,
} as const;

/** The same rule in SQL over an event alias (`e`): TRUE, or «the scope's staff card is invited». */
export function visibleEventsSql(scope: Scope, event: P.Sql, options: { mine?: boolean } = {}): P.Sql {
  const who = participation(scope, 'events:read');
  if (who.all && !options.mine) return Sql.sql`TRUE`;
  return Sql.sql`EXISTS (SELECT 1 FROM "EventInvitation" vi WHERE vi."eventId" = ${event}.id AND vi."staffMemberId" = ${ownStaffIdOf(who)})`;
}

/** Who may read which events: all of them, or those the scope's staff card is invited to. */
export function visibleEventsWhere(scope: Scope, options: { mine?: boolean } = {}): P.EventWhereInput {
  const who = participation(scope, 'events:read');
  if (who.all && !options.mine) return {};
  return { invitations: { some: { staffMemberId: ownStaffIdOf(who) } } };
}

async function audienceStaffIds(scope: Scope, sources: AudienceSources, audience: EventAudience, chosen: number[]): Promise<number[]> {
  let ids: number[];
  if (audience === 'MENTORS') ids = await sources.mentors(scope);
  else if (audience === 'MENTEES') ids = await sources.mentees(scope);
  else if (audience === 'PAIRS') ids = await sources.pairMembers(scope);
  else if (audience === 'ALL_STAFF') ids = (await scope.db.staffMember.findMany({ where: workingStaffWhere(), select: { id: true } })).map((s) => s.id);
  else {
    const found = await scope.db.staffMember.findMany({ where: { ...workingStaffWhere(), id: { in: chosen } }, select: { id: true } });
    if (found.length !== chosen.length) throw new FormError({ people: 'Выберите людей из списка работающих сотрудников' });
    ids = found.map((s) => s.id);
  }
  return [...new Set(ids)];
}

function eventData(scope: Scope, input: SaveEventInput) {
  return {
    title: input.title,
    kind: input.kind,
    startsAt: momentInZone(input.date, input.time, scope.organization.timeZone),
    durationMinutes: input.durationMinutes,
    place: input.place,
    link: input.link,
    audience: input.audience,
    description: input.description,
    isPublic: input.isPublic,
  };
}

export async function createEvent(scope: Scope, sources: AudienceSources, input: SaveEventInput) {
  const invited = await audienceStaffIds(scope, sources, input.audience, input.people);
  return transaction(scope, async (tx) => {
    const event = await tx.db.event.create({
      data: { organizationId: tx.organization.id, ...eventData(tx, input), createdById: tx.user?.id ?? null },
      select: { id: true, title: true },
    });
    await tx.db.eventInvitation.createMany({ data: invited.map((staffMemberId) => ({ organizationId: tx.organization.id, eventId: event.id, staffMemberId })) });
    await audit(tx, { action: 'event.create', entityType: 'Event', entityId: event.id, details: { kind: input.kind, invited: invited.length } });
    if (invited.length) await publish(tx, 'event.invited', { eventId: event.id, title: event.title, staffMemberIds: invited });
    return event;
  });
}

/**
 * Saves the edited event. The audience is applied again: newcomers are invited (and told), people no longer in
 * it lose their invitation unless the methodist already marked their attendance. A change of time or place
 * raises the iCalendar SEQUENCE and tells those still invited; a held set-up session whose kind changes
 * changes its attendees' training.
 */
export async function updateEvent(scope: Scope, sources: AudienceSources, id: number, input: SaveEventInput) {
  const before = await scope.db.event.findUnique({ where: { organizationId_id: { organizationId: scope.organization.id, id } }, select: { ...eventSelect, invitations: { select: { staffMemberId: true, attended: true } } } });
  if (!before) throw new NotFoundError('Мероприятие не найдено');
  if (before.status === 'CANCELLED') throw new ConflictError('Мероприятие отменено: его нельзя изменить');
  const wanted = new Set(await audienceStaffIds(scope, sources, input.audience, input.people));
  const data = eventData(scope, input);
  const moved = data.startsAt.getTime() !== before.startsAt.getTime() || data.durationMinutes !== before.durationMinutes || data.place !== before.place || data.link !== before.link || data.title !== before.title;
  await transaction(scope, async (tx) => {
    const had = new Set(before.invitations.map((i) => i.staffMemberId));
    const added = [...wanted].filter((s) => !had.has(s));
    const removed = before.invitations.filter((i) => !wanted.has(i.staffMemberId) && i.attended === null).map((i) => i.staffMemberId);
    await tx.db.event.update({ where: { organizationId_id: { organizationId: tx.organization.id, id } }, data: { ...data, sequence: moved ? { increment: 1 } : undefined } });
    if (removed.length) await tx.db.eventInvitation.deleteMany({ where: { eventId: id, staffMemberId: { in: removed } } });
    if (added.length) await tx.db.eventInvitation.createMany({ data: added.map((staffMemberId) => ({ organizationId: tx.organization.id, eventId: id, staffMemberId })) });
    await audit(tx, { action: 'event.update', entityType: 'Event', entityId: id, details: { added: added.length, removed: removed.length, moved } });
    if (added.length) await publish(tx, 'event.invited', { eventId: id, title: data.title, staffMemberIds: added });
    const staying = [...had].filter((s) => wanted.has(s));
    if (moved && before.status === 'PLANNED' && staying.length) await publish(tx, 'event.changed', { eventId: id, title: data.title, staffMemberIds: staying });
    if (before.kind !== data.kind && (before.kind === 'SETUP_SESSION' || data.kind === 'SETUP_SESSION')) {
      const attendees = before.invitations.filter((i) => i.attended === true).map((i) => i.staffMemberId);
      if (attendees.length) await publish(tx, 'event.attendance_marked', { eventId: id, staffMemberIds: attendees });
    }
  });
}

/** Cancels a planned event: the invited are told, calendars show it cancelled (STATUS, SEQUENCE). */
export async function cancelEvent(scope: Scope, id: number) {
  const event = await getEventRow(scope, id);
  if (event.status !== 'PLANNED') throw new ConflictError(event.status === 'HELD' ? 'Мероприятие уже проведено: отменить его нельзя' : 'Мероприятие уже отменено');
  await transaction(scope, async (tx) => {
    await tx.db.event.update({ where: { organizationId_id: { organizationId: tx.organization.id, id } }, data: { status: 'CANCELLED', sequence: { increment: 1 } } });
    const invited = await tx.db.eventInvitation.findMany({ where: { eventId: id }, select: { staffMemberId: true } });
    await audit(tx, { action: 'event.cancel', entityType: 'Event', entityId: id });
    if (invited.length) await publish(tx, 'event.cancelled', { eventId: id, title: event.title, staffMemberIds: invited.map((i) => i.staffMemberId) });
  });
}

async function getEventRow(scope: Scope, id: number) {
  const event = await scope.db.event.findFirst({ where: { AND: [{ id }, visibleEventsWhere(scope)] }, select: eventSelect });
  if (!event) throw new NotFoundError('Мероприятие не найдено');
  return event;
}

/** One event with its invitations (names only for those who read every event; a guest sees only their own row). */
export async function getEvent(scope: Scope, id: number) {
  const event = await getEventRow(scope, id);
  const readsAll = scope.can('events:read');
  const invitations = await scope.db.eventInvitation.findMany({
    where: { eventId: id, ...(readsAll ? {} : { staffMemberId: ownStaffIdOf(participation(scope, 'events:read')) }) },
    select: { id: true, staffMemberId: true, reply: true, attended: true, staffMember: { select: { lastName: true, firstName: true, middleName: true, position: true } } },
    orderBy: [{ staffMember: { lastName: 'asc' } }, { staffMember: { firstName: 'asc' } }],
  });
  const people = invitations.map((i) => ({ staffMemberId: i.staffMemberId, name: shortNameOf(i.staffMember), position: i.staffMember.position, reply: i.reply, attended: i.attended }));
  const own = scope.staffMemberId === null ? null : (people.find((p) => p.staffMemberId === scope.staffMemberId) ?? null);
  const clock = wallClock(event.startsAt, scope.organization.timeZone);
  const counts = {
    invited: people.length,
    coming: people.filter((p) => p.reply === 'COMING').length,
    notComing: people.filter((p) => p.reply === 'NOT_COMING').length,
    attended: people.filter((p) => p.attended === true).length,
  };
  return { ...event, date: clock.date, time: clock.time, people: readsAll ? people : [], own, counts, started: clock.date <= scope.today };
}

/** The invited person answers. Only a planned event that has not begun yet. */
export async function replyToEvent(scope: Scope, id: number, reply: EventReply) {
  const event = await getEventRow(scope, id);
  if (scope.staffMemberId === null) throw new NotFoundError('Мероприятие не найдено');
  const invitation = await scope.db.eventInvitation.findUnique({ where: { eventId_staffMemberId: { eventId: id, staffMemberId: scope.staffMemberId } }, select: { id: true } });
  if (!invitation) throw new NotFoundError('Вы не приглашены на это мероприятие');
  if (event.status !== 'PLANNED' || event.startsAt <= scope.now) throw new ConflictError('Ответить можно только на запланированное мероприятие до его начала');
  await transaction(scope, async (tx) => {
    await tx.db.eventInvitation.update({ where: { id: invitation.id }, data: { reply, repliedAt: tx.now } });
    await audit(tx, { action: 'event.reply', entityType: 'Event', entityId: id, details: { reply } });
  });
}

/**
 * The methodist marks who came (everyone invited and not in the list did not): from the day of the event on.
 * The event becomes «проведено»; the banks hear of it (training status of the mentors).
 */
export async function markAttendance(scope: Scope, id: number, attendedIds: number[]) {
  const event = await getEventRow(scope, id);
  if (event.status === 'CANCELLED') throw new ConflictError('Мероприятие отменено: посещение не отмечается');
  if (wallClock(event.startsAt, scope.organization.timeZone).date > scope.today) throw new ConflictError('Посещение отмечается в день мероприятия или позже');
  const invited = await scope.db.eventInvitation.findMany({ where: { eventId: id }, select: { staffMemberId: true } });
  const invitedIds = new Set(invited.map((i) => i.staffMemberId));
  const stranger = attendedIds.find((s) => !invitedIds.has(s));
  if (stranger !== undefined) throw new FormError({ attended: 'Отмечать можно только приглашённых' });
  const came = new Set(attendedIds);
  await transaction(scope, async (tx) => {
    await tx.db.eventInvitation.updateMany({ where: { eventId: id, staffMemberId: { in: [...came] } }, data: { attended: true, markedAt: tx.now, markedById: tx.user?.id ?? null } });
    await tx.db.eventInvitation.updateMany({ where: { eventId: id, staffMemberId: { notIn: [...came] } }, data: { attended: false, markedAt: tx.now, markedById: tx.user?.id ?? null } });
    if (event.status !== 'HELD') await tx.db.event.update({ where: { organizationId_id: { organizationId: tx.organization.id, id } }, data: { status: 'HELD' } });
    await audit(tx, { action: 'event.attendance', entityType: 'Event', entityId: id, details: { attended: came.size, invited: invitedIds.size } });
    await publish(tx, 'event.attendance_marked', { eventId: id, staffMemberIds: [...invitedIds] });
  });
}

// ---- the calendar -----------------------------------------------------------------------------

function listWhere(scope: Scope, query: EventsQueryInput): P.EventWhereInput {
  const and: P.EventWhereInput[] = [visibleEventsWhere(scope, { mine: query.mine })];
  if (query.kind.length) and.push({ kind: { in: query.kind } });
  if (query.status.length) and.push({ status: { in: query.status } });
  if (query.year) {
    const { from, to } = schoolYearMoments(query.year, scope.organization.timeZone);
    and.push({ startsAt: { gte: from, lt: to } });
  }
  return { AND: and };
}

/** A listed event as the list prints it. */
interface ListedEvent {
  id: number;
  title: string;
  kind: EventKind;
  startsAt: Date;
  durationMinutes: number;
  place: string;
  link: string;
  status: EventStatus;
  /** The scope's own answer, when it is invited (null: invited, no answer yet). */
  reply: EventReply | null;
}

/**
 * The list view: every matching event, in time order; without a school year, from today on. One statement:
 * the filters of `listWhere` in SQL (who sees what: `visibleEventsSql`, the twin of `visibleEventsWhere`), the
 * total, the page and the scope's own answer to each; a page past the end (an old link) asks again for the last.
 */
export async function listEvents(scope: Scope, query: EventsQueryInput) {
  const tz = scope.organization.timeZone;
  const { from, to } = query.year ? schoolYearMoments(query.year, tz) : { from: dayMoments(scope.today, scope.today, tz).from, to: null };
  const own = scope.staffMemberId;
  const { page, rows } = await pageWithTotal(query.page, (skip) =>
    scope.db.$queryRaw<(ListedEvent & { total: number })[]>`
      WITH listed AS (
        SELECT e.id, e.title, e.kind, e."startsAt", e."durationMinutes", e.place, e.link, e.status FROM "Event" e
        WHERE e."organizationId" = ${scope.organization.id} AND ${visibleEventsSql(scope, Sql.sql`e`, { mine: query.mine })}
          ${query.kind.length ? Sql.sql`AND e.kind::text IN (${Sql.join(query.kind)})` : Sql.empty}
          ${query.status.length ? Sql.sql`AND e.status::text IN (${Sql.join(query.status)})` : Sql.empty}
          AND e."startsAt" >= ${from} ${to ? Sql.sql`AND e."startsAt" < ${to}` : Sql.empty}
      )
      SELECT t.total, p.id, p.title, p.kind::text AS kind, p."startsAt", p."durationMinutes", p.place, p.link, p.status::text AS status,
        ${own === null ? Sql.sql`NULL` : Sql.sql`(SELECT i.reply::text FROM "EventInvitation" i WHERE i."eventId" = p.id AND i."staffMemberId" = ${own})`} AS reply
      FROM (SELECT count(*)::int AS total FROM listed) t
      LEFT JOIN LATERAL (SELECT * FROM listed ORDER BY "startsAt", id OFFSET ${skip} LIMIT ${PAGE_SIZE}) p ON true
      ORDER BY p."startsAt", p.id`,
  );
  // Each row as one literal of its own fields: spreading the row and the clock into a new object (`{ ...r, ...clock }`)
  // took V8's slow copying path, ~10 µs a row — the largest cost of this page's own work.
  return {
    page,
    rows: rows.map((r) => {
      const { date, time } = wallClock(r.startsAt, tz);
      return { id: r.id, title: r.title, kind: r.kind, startsAt: r.startsAt, durationMinutes: r.durationMinutes, place: r.place, link: r.link, status: r.status, reply: r.reply, date, time };
    }),
  };
}

/** The month grid: weeks from Monday, each day with its events. `month` is 'YYYY-MM'. */
export async function monthGrid(scope: Scope, query: EventsQueryInput, month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1, 1));
  const last = new Date(Date.UTC(y, m, 0));
  const span = dayMoments(first.toISOString().slice(0, 10), last.toISOString().slice(0, 10), scope.organization.timeZone);
  const where = { AND: [listWhere(scope, { ...query, year: undefined }), { startsAt: { gte: span.from, lt: span.to } }] };
  const rows = await scope.db.event.findMany({ where, select: { id: true, title: true, status: true, startsAt: true }, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }], take: 500 });
  // Each day's events in one list pushed to (not copied per event), each event as the grid prints it.
  type DayEvent = { id: number; title: string; status: EventStatus; time: string };
  const byDay = new Map<string, DayEvent[]>();
  for (const r of rows) {
    const clock = wallClock(r.startsAt, scope.organization.timeZone);
    const event = { id: r.id, title: r.title, status: r.status, time: clock.time };
    const day = byDay.get(clock.date);
    if (day) day.push(event);
    else byDay.set(clock.date, [event]);
  }
  const weeks: { date: string; day: number; inMonth: boolean; events: DayEvent[] }[][] = [];
  const start = new Date(first);
  start.setUTCDate(start.getUTCDate() - ((first.getUTCDay() + 6) % 7));
  for (let cursor = start; cursor <= last || weeks.at(-1)?.length !== 7; cursor.setUTCDate(cursor.getUTCDate() + 1)) {
    if (!weeks.length || weeks.at(-1)!.length === 7) weeks.push([]);
    const date = cursor.toISOString().slice(0, 10);
    weeks.at(-1)!.push({ date, day: cursor.getUTCDate(), inMonth: cursor.getUTCMonth() === m - 1, events: byDay.get(date) ?? [] });
  }
  const shift = (delta: number) => {
    const d = new Date(Date.UTC(y, m - 1 + delta, 1));
    return d.toISOString().slice(0, 7);
  };
  return { weeks, total: rows.length, previous: shift(-1), next: shift(1) };
}

/** Working staff to invite by name. */
export async function peopleChoices(scope: Scope) {
  const staff = await scope.db.staffMember.findMany({ where: workingStaffWhere(), select: { id: true, lastName: true, firstName: true, middleName: true }, orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }] });
  return staff.map((s) => ({ id: s.id, name: shortNameOf(s) }));
}

// ---- what other modules read through the face --------------------------------------------------

/** A held set-up session the person attended: the fact the mentors' training rule counts (banks.rules.ts). */
/** «Attended a held set-up session»: the Prisma side of the rule whose SQL twin is `attendedAnyEventSql` (events.sql.ts). */
const ATTENDED_SETUP: P.EventInvitationWhereInput = { attended: true, event: { kind: 'SETUP_SESSION', status: 'HELD' } };

/** Held set-up sessions each person attended, ever (training does not expire): staff id → count. */
export async function setupSessionsAttended(scope: Pick<Scope, 'db'>, staffMemberIds: number[]): Promise<Map<number, number>> {
  if (staffMemberIds.length === 0) return new Map();
  const rows = await scope.db.eventInvitation.groupBy({ by: ['staffMemberId'], where: { ...ATTENDED_SETUP, staffMemberId: { in: staffMemberIds } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.staffMemberId, r._count._all]));
}

/**
 * Held events of each kind in a school year (the dashboard's figures; the list /events?kind=…&status=HELD&year=…
 * shows them): one row for all kinds rather than a count per kind — `counts`, a JSON object of the kinds held
 * (`heldCountsOf` fills the others with 0) — that the dashboard composes into its one statement.
 */
export function heldCountsSql(scope: Pick<Scope, 'organization'>, schoolYear: number): P.Sql {
  return Sql.sql`
    SELECT COALESCE(json_object_agg(k.kind, k.n), '{}') AS counts FROM (
      SELECT kind::text AS kind, count(*)::int AS n FROM "Event"
       WHERE "organizationId" = ${scope.organization.id} AND ${heldInSql(schoolYear, scope.organization.timeZone)}
       GROUP BY kind) k`;
}

/** The same counts for many organizations of one time zone: one row per organization ("organizationId"). */
export function heldCountsByOrganizationSql(ids: number[], timeZone: string, schoolYear: number): P.Sql {
  return Sql.sql`
    SELECT listed.id AS "organizationId", COALESCE(json_object_agg(k.kind, k.n) FILTER (WHERE k.kind IS NOT NULL), '{}') AS counts
      FROM ${listedOrganizationsSql(ids)} LEFT JOIN (
        SELECT "organizationId", kind::text AS kind, count(*)::int AS n FROM "Event"
         WHERE "organizationId" = ANY(${ids}::int[]) AND ${heldInSql(schoolYear, timeZone)}
         GROUP BY "organizationId", kind) k ON k."organizationId" = listed.id
     GROUP BY listed.id`;
}

/** An event held within the school year (its moments in the organization's time zone). */
function heldInSql(schoolYear: number, timeZone: string): P.Sql {
  const { from, to } = schoolYearMoments(schoolYear, timeZone);
  return Sql.sql`status = 'HELD' AND "startsAt" >= ${from} AND "startsAt" < ${to}`;
}

/** Every kind held 0 times: what `heldCountsOf` copies (a copy of a constant object, not one built per dashboard). */
const NONE_HELD = Object.freeze(Object.fromEntries(Object.keys(EVENT_KIND_LABELS).map((kind) => [kind, 0])) as Record<EventKind, number>);

export function heldCountsOf(row: { counts: Partial<Record<EventKind, number>> }): Record<EventKind, number> {
  const counts = { ...NONE_HELD };
  for (const kind in row.counts) counts[kind as EventKind] = row.counts[kind as EventKind]!;
  return counts;
}

export function currentSchoolYear(scope: Pick<Scope, 'today'>): number {
  return schoolYearOf(scope.today);
}

/** The rule of the public page: an open event that is planned and has not begun (what visitors may still attend). */
export function publicEventWhere(now: Date): P.EventWhereInput {
  return { isPublic: true, status: 'PLANNED', startsAt: { gte: now } };
}

/** The same rule in SQL, over an event row alias (`e`): for the public page's statement. */
export function isPublicEventSql(event: P.Sql, now: Date): P.Sql {
  return Sql.sql`(${event}."isPublic" AND ${event}.status = 'PLANNED' AND ${event}."startsAt" >= ${now})`;
}

/** An upcoming open event's row as `upcomingPublicEvents.sql` gives it (the moment as JSON text). */
interface PublicEventRow {
  id: number;
  title: string;
  startsAt: string;
  place: string;
  link: string;
  kind: EventKind;
}

/**
 * Upcoming open events for the public page: title, start, place — no names, no photos, no meeting link. As one
 * SQL expression (a JSON array) that the public page reads in the same statement as its other sections, and
 * what turns its rows into the list (the composition root hands both to the public page).
 */
export const upcomingPublicEvents = {
  sql(scope: Pick<Scope, 'now' | 'organization'>, take = 10): P.Sql {
    return Sql.sql`(SELECT COALESCE(json_agg(x ORDER BY x."startsAt", x.id), '[]') FROM (
      SELECT e.id, e.title, e."startsAt" AT TIME ZONE 'UTC' AS "startsAt", e.place, e.link, e.kind FROM "Event" e
      WHERE e."organizationId" = ${scope.organization.id} AND ${isPublicEventSql(Sql.sql`e`, scope.now)}
      ORDER BY e."startsAt", e.id
      LIMIT ${take}) x)`;
  },
  rows(rows: PublicEventRow[], scope: Pick<Scope, 'organization'>) {
    return rows.map((r) => {
      const startsAt = new Date(r.startsAt);
      const clock = wallClock(startsAt, scope.organization.timeZone);
      return { id: r.id, title: r.title, startsAt, place: r.place || (r.link ? 'онлайн' : ''), kind: EVENT_KIND_LABELS[r.kind], when: `${ruDate(clock.date)}, ${clock.time}` };
    });
  },
};
