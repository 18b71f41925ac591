/**
 * An event's time is typed and shown on the organization's clock (its time zone), and stored as a moment. Pure
 * functions over Intl: the zone's offset at a moment, and back from a wall-clock date and time to the moment.
 */
import { LRUCache } from 'lru-cache';

const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's clock at a moment, field by field, through Intl (the rule; slow: one formatToParts). */
function partsAt(moment: Date, timeZone: string) {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    partsFormats.set(timeZone, format);
  }
  const c = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of format.formatToParts(moment)) if (p.type in c) c[p.type as keyof typeof c] = Number(p.value);
  return c;
}

/** How far (ms) the zone's clock is ahead of UTC at a moment, by Intl. */
function offsetAt(ms: number, timeZone: string): number {
  const c = partsAt(new Date(ms), timeZone);
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The zone's offset per quarter of an hour (UTC), remembered: a zone changes its offset only at such instants
 * (offsets are whole quarters, changes happen at whole local hours), and Intl's formatToParts was the largest
 * cost of listing events. A quarter whose two ends disagree (a change inside it, which no zone has) is not
 * remembered but asked for the moment itself (null). One cache per zone, keyed by the quarter's number: a list
 * asks once per row, and a string key («zone quarter») was built and hashed anew each time. Bounded: the least
 * recently used go first (the zones are the organizations' few).
 */
const QUARTER_HOUR = 15 * 60_000;
const offsetsByZone = new Map<string, LRUCache<number, { offset: number | null }>>();

function offsetOf(ms: number, timeZone: string): number {
  const quarter = Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR;
  let offsets = offsetsByZone.get(timeZone);
  if (!offsets) offsetsByZone.set(timeZone, (offsets = new LRUCache({ max: 20_000 })));
  let known = offsets.get(quarter);
  if (known === undefined) {
    const atStart = offsetAt(quarter, timeZone);
    known = { offset: atStart === offsetAt(quarter + QUARTER_HOUR - 1, timeZone) ? atStart : null };
    offsets.set(quarter, known);
  }
  return known.offset ?? offsetAt(ms, timeZone);
}

function wallClockOf(moment: Date, timeZone: string) {
  const ms = moment.getTime();
  // The moment's own second plus the offset (whole seconds), read back as UTC fields: the zone's clock.
  const local = new Date(Math.floor(ms / 1000) * 1000 + offsetOf(ms, timeZone));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(), hour: local.getUTCHours(), minute: local.getUTCMinutes(), second: local.getUTCSeconds() };
}

/** Minutes the zone's clock is ahead of UTC at that moment (Moscow: 180). */
export function zoneOffsetMinutes(moment: Date, timeZone: string): number {
  const c = wallClockOf(moment, timeZone);
  const asUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return Math.round((asUtc - Math.floor(moment.getTime() / 1000) * 1000) / 60_000);
}

/** The moment when the zone's clock shows `date` ('YYYY-MM-DD') `time` ('HH:MM'). */
export function momentInZone(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // Twice: the offset at the first guess may differ from the offset at the answer (a DST change in between).
  const first = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60_000;
  return new Date(wall - zoneOffsetMinutes(new Date(first), timeZone) * 60_000);
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The zone's wall clock at a moment: date 'YYYY-MM-DD', time 'HH:MM', and 'YYYY-MM-DDTHH:MM:00' (floating, for iCalendar). */
export function wallClock(moment: Date, timeZone: string): { date: string; time: string; local: string } {
  const c = wallClockOf(moment, timeZone);
  const date = `${c.year}-${pad(c.month)}-${pad(c.day)}`;
  const time = `${pad(c.hour)}:${pad(c.minute)}`;
  return { date, time, local: `${date}T${time}:${pad(c.second)}` };
}

/** The moments a school year spans on the organization's calendar: 1 September to the next 1 September. */
export function schoolYearMoments(schoolYear: number, timeZone: string): { from: Date; to: Date } {
  // Asked three times per dashboard (and per kindergarten on the city page): the zone arithmetic once per year and zone.
  const key = `${schoolYear}\u0000${timeZone}`;
  let found = schoolYearCache.get(key);
  if (!found) {
    found = { from: momentInZone(`${schoolYear}-09-01`, '00:00', timeZone), to: momentInZone(`${schoolYear + 1}-09-01`, '00:00', timeZone) };
    schoolYearCache.set(key, found);
  }
  return { from: new Date(found.from), to: new Date(found.to) };
}
const schoolYearCache = new LRUCache<string, { from: Date; to: Date }>({ max: 1000 });

/** The moments a span of calendar days covers on the organization's calendar: [from 00:00, the day after `to` 00:00). */
export function dayMoments(from: string, to: string, timeZone: string): { from: Date; to: Date } {
  // Today's span is asked on every list of events and every to-do home: the zone arithmetic once per span and zone.
  const key = `${from}\u0000${to}\u0000${timeZone}`;
  let found = dayMomentsCache.get(key);
  if (!found) {
    const after = new Date(`${to}T00:00:00Z`);
    after.setUTCDate(after.getUTCDate() + 1);
    found = { from: momentInZone(from, '00:00', timeZone), to: momentInZone(after.toISOString().slice(0, 10), '00:00', timeZone) };
    dayMomentsCache.set(key, found);
  }
  return { from: new Date(found.from), to: new Date(found.to) };
}
const dayMomentsCache = new LRUCache<string, { from: Date; to: Date }>({ max: 1000 });

/** «1 ч 30 мин», «45 мин», «2 ч». */
export function durationText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return m ? `${m} мин` : '0 мин';
  return m ? `${h} ч ${m} мин` : `${h} ч`;
}
