/**
 * Each user's personal iCalendar feed: /events/calendar/<token>.ics, no login — the secret token is the key,
 * shown on /profile with «сбросить ссылку» (a reset makes the old address stop working at once). The feed
 * holds the events the user's staff card is invited to, on the organization's clock with its VTIMEZONE; a
 * change of time or place raises SEQUENCE and a cancellation says STATUS:CANCELLED, so calendar apps update
 * the entry instead of keeping a stale copy.
 *
 * The token starts with the organization's id («12-…»): the lookup then runs on that organization's scoped
 * client, like every other query, with no read across organizations.
 */
import crypto from 'node:crypto';
import ical, { ICalEventStatus } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { audit } from '../../core/audit.ts';
import type { Database } from '../../core/database/client.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { EVENT_KIND_LABELS } from './events.labels.ts';
import { durationText, wallClock } from './events.time.ts';

const TOKEN = /^(\d{1,10})-([A-Za-z0-9_-]{32})$/;

function newToken(organizationId: number): string {
  return `${organizationId}-${crypto.randomBytes(24).toString('base64url')}`;
}

export function calendarFeedPath(token: string): string {
  return `/events/calendar/${token}.ics`;
}

/** The user's feed token, made on first use. */
export async function calendarFeedToken(scope: Scope): Promise<string | null> {
  if (!scope.user) return null;
  const found = await scope.db.calendarFeed.findFirst({ where: { userId: scope.user.id }, select: { token: true } });
  if (found) return found.token;
  const token = newToken(scope.organization.id);
  await scope.db.calendarFeed.createMany({ data: [{ organizationId: scope.organization.id, userId: scope.user.id, token }], skipDuplicates: true });
  return (await scope.db.calendarFeed.findFirst({ where: { userId: scope.user.id }, select: { token: true } }))!.token;
}

/** «Сбросить ссылку»: a new token; the old address answers 404 from now on. */
export async function resetCalendarFeed(scope: Scope): Promise<string> {
  if (!scope.user) throw new Error('a calendar feed belongs to a user');
  const userId = scope.user.id;
  const token = newToken(scope.organization.id);
  await transaction(scope, async (tx) => {
    await tx.db.calendarFeed.deleteMany({ where: { userId } });
    await tx.db.calendarFeed.create({ data: { organizationId: tx.organization.id, userId, token } });
    await audit(tx, { action: 'event.calendar_reset', entityType: 'User', entityId: userId });
  });
  return token;
}

/** Events of the last year and all ahead: an old calendar entry stays in the app that has it. */
const FEED_HISTORY_DAYS = 366;

/**
 * The .ics text of a token, or null (unknown, reset, or the account switched off). `baseUrl`: the portal's
 * address, for each event's link.
 */
export async function calendarOfToken(db: Database, token: string, baseUrl: string, now = new Date()): Promise<string | null> {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const organizationId = Number(match[1]);
  const scoped = db.forOrganization(organizationId);
  const feed = await scoped.calendarFeed.findFirst({ where: { token }, select: { user: { select: { active: true, staffMemberId: true, fullName: true } } } });
  if (!feed || !feed.user.active) return null;
  const organization = await db.portal.organization.findUnique({ where: { id: organizationId }, select: { slug: true, shortName: true, timeZone: true } });
  if (!organization) return null;
  const since = new Date(now.getTime() - FEED_HISTORY_DAYS * 86_400_000);
  const events =
    feed.user.staffMemberId === null
      ? []
      : await scoped.event.findMany({
          where: { startsAt: { gte: since }, invitations: { some: { staffMemberId: feed.user.staffMemberId } } },
          select: { id: true, title: true, kind: true, startsAt: true, durationMinutes: true, place: true, link: true, description: true, status: true, sequence: true, updatedAt: true },
          orderBy: { startsAt: 'asc' },
          take: 1000,
        });
  const timeZone = organization.timeZone;
  const calendar = ical({ name: `Наставничество — ${organization.shortName}`, prodId: { company: 'nastavnik', product: 'events', language: 'RU' }, ttl: 3600 });
  // The zone's VTIMEZONE block comes from the tz database shipped with timezones-ical-library (no network).
  calendar.timezone({ name: null, generator: (zone: string) => [tzlib_get_ical_block(zone)].flat()[0] ?? null });
  for (const e of events) {
    const url = `${baseUrl}/events/${e.id}`;
    const lines = [`${EVENT_KIND_LABELS[e.kind]}, ${durationText(e.durationMinutes)}.`, e.link ? `Ссылка на встречу: ${e.link}` : '', e.description, `Страница мероприятия: ${url}`].filter(Boolean);
    calendar.createEvent({
      id: `event-${e.id}@${organization.slug}.nastavnik`,
      sequence: e.sequence,
      start: wallClock(e.startsAt, timeZone).local,
      end: wallClock(new Date(e.startsAt.getTime() + e.durationMinutes * 60_000), timeZone).local,
      timezone: timeZone,
      stamp: e.updatedAt,
      lastModified: e.updatedAt,
      summary: e.title,
      description: lines.join('\n'),
      location: e.place || e.link || null,
      url,
      status: e.status === 'CANCELLED' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
