/**
 * Calendar dates as the portal speaks of them. Two kinds of values, never mixed:
 * - a **calendar date** — 'YYYY-MM-DD', stored in `@db.Date` columns as midnight UTC; no time zone may shift it;
 * - a **moment** — a `Date` (createdAt, activatedAt) that becomes a calendar date only on the calendar of the
 *   organization's time zone (`isoInZone`). «Today» is such a date: the request scope carries it.
 * Pure functions.
 */
import { plural } from './words.ts';

const DAY_MS = 86_400_000;

// Building an Intl formatter costs ~80 µs, using one ~1 µs: keep one per time zone.
const isoFormats = new Map<string, Intl.DateTimeFormat>();

/** 'YYYY-MM-DD' of a moment as seen on the calendar of `timeZone`. */
export function isoInZone(moment: Date, timeZone: string): string {
  let format = isoFormats.get(timeZone);
  if (!format) isoFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(moment);
}

// Every request asks «today» of its organization's zone (the scope's `today`), and formatting with a zone costs
// more than the rest of some pages' date work: the last answer per zone is kept for its UTC minute. A day
// changes only on a whole minute wherever zone offsets are whole minutes — everywhere since 1972 (before,
// a few zones' offsets had seconds: such moments are not kept).
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1972, 0, 1);
const lastDays = new Map<string, { minute: number; day: string }>();

/** Today (or the day of `now`) as 'YYYY-MM-DD' in the organization's time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  const time = now.getTime();
  if (!(time >= WHOLE_MINUTE_OFFSETS_SINCE)) return isoInZone(now, timeZone);
  const minute = Math.floor(time / 60_000);
  const last = lastDays.get(timeZone);
  if (last?.minute === minute) return last.day;
  const day = isoInZone(now, timeZone);
  lastDays.set(timeZone, { minute, day });
  return day;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

// Lists print a date or two per row: the strings below are built from the UTC fields, which costs a sixth of
// Date#toISOString (~0.7 µs a call). A year of other than four digits, and an invalid date (which throws), are
// left to toISOString.
const fourDigitYear = (year: number) => year >= 1000 && year <= 9999;

/** 'YYYY-MM-DD' of a `@db.Date` value (Prisma gives midnight UTC); '' for none (an empty date input). */
export function isoOfDbDate(date: Date | null | undefined): string {
  if (!date) return '';
  const year = date.getUTCFullYear();
  if (!fourDigitYear(year)) return date.toISOString().slice(0, 10);
  return `${year}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

/** A moment as Date#toISOString writes it («2026-12-01T06:30:00.000Z»): `<time datetime>` of a list's rows. */
export function isoOfMoment(moment: Date): string {
  const year = moment.getUTCFullYear();
  if (!fourDigitYear(year)) return moment.toISOString();
  const ms = moment.getUTCMilliseconds();
  return (
    `${year}-${pad2(moment.getUTCMonth() + 1)}-${pad2(moment.getUTCDate())}T` +
    `${pad2(moment.getUTCHours())}:${pad2(moment.getUTCMinutes())}:${pad2(moment.getUTCSeconds())}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`
  );
}

/** The `@db.Date` value of a calendar date 'YYYY-MM-DD'. */
export function dbDateOf(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** A calendar date as stored in `@db.Date` columns (midnight UTC); null when it does not exist (31.02). */
export function utcDate(year: number, month: number, day: number): Date | null {
  if (year < 1000 || year > 9999) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  // 31.02.1990 rolls over to March: such a date does not exist.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}

/** DD.MM.YYYY (what Russian spreadsheets and people write), also D.M.YYYY and the date input's YYYY-MM-DD. */
export function parseDateText(text: string): Date | null {
  const value = text.trim();
  let m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:\s*г\.?)?$/.exec(value);
  if (m) return utcDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00(?::00(?:\.000)?)?Z?)?$/.exec(value);
  if (m) return utcDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

/** Whole years between two calendar dates. */
export function yearsBetween(from: Date, to: Date): number {
  let years = to.getUTCFullYear() - from.getUTCFullYear();
  if (to.getUTCMonth() < from.getUTCMonth() || (to.getUTCMonth() === from.getUTCMonth() && to.getUTCDate() < from.getUTCDate())) years--;
  return years;
}

/** «01.09.2026» of 'YYYY-MM-DD': how orders and tables print a calendar date. */
export function ruDate(iso: string): string {
  // A 'YYYY-MM-DD' by slices (a seventh of the cost of split–reverse–join, and no arrays: lists print one a row).
  if (iso.length === 10 && iso.indexOf('-') === 4 && iso.lastIndexOf('-') === 7) return `${iso.slice(8)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
  return iso.split('-').reverse().join('.');
}

const LONG_DATE = new Intl.DateTimeFormat('ru-RU', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** «1 сентября 2026 г.» of a calendar date (agreements, letters). */
export function longDate(iso: string): string {
  return LONG_DATE.format(dbDateOf(iso));
}

/**
 * A date typed in a form as a moment (a consent given or revoked on that day): noon UTC keeps the same
 * calendar day in every Russian time zone; today's date becomes «now», so it never lies in the future.
 */
export function momentOf(day: string, now = new Date()): Date {
  const noon = new Date(`${day}T12:00:00Z`);
  return noon > now ? now : noon;
}

// ---- day arithmetic -------------------------------------------------------------------------------

/** Days since 1970-01-01 of a calendar date: differences of these are whole days, whatever the zone. */
export function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function isoOfDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** `month` is 'YYYY-MM'. */
export function daysInMonth(month: string): number {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export function monthBounds(month: string): { first: string; last: string } {
  return { first: `${month}-01`, last: `${month}-${String(daysInMonth(month)).padStart(2, '0')}` };
}

/** How many days of `month` fall inside [from, to] (both inclusive); 0 when none. */
export function activeDaysInMonth(from: string, to: string, month: string): number {
  const { first, last } = monthBounds(month);
  const start = Math.max(dayNumber(from), dayNumber(first));
  const end = Math.min(dayNumber(to), dayNumber(last));
  return end >= start ? end - start + 1 : 0;
}

/**
 * The dates something (a pair) was really active: from the later of its start and the day it was made
 * active (a moment, read in the organization's zone), to its planned end or — when it ended before that —
 * the day it ended. null when it never was active.
 */
export function activePeriod(
  period: { startsOn: Date; plannedEndOn: Date; activatedAt: Date | null; endedOn: Date | null },
  timeZone: string,
): { from: string; to: string } | null {
  if (!period.activatedAt) return null;
  const starts = isoOfDbDate(period.startsOn);
  const activated = isoInZone(period.activatedAt, timeZone);
  const planned = isoOfDbDate(period.plannedEndOn);
  const ended = period.endedOn ? isoOfDbDate(period.endedOn) : null;
  const from = activated > starts ? activated : starts;
  const to = ended && ended < planned ? ended : planned;
  return to >= from ? { from, to } : null;
}

// ---- the school year ------------------------------------------------------------------------------

/** The school year a day belongs to, by its first calendar year: it starts on 1 September (2026-10-01 → 2026, 2027-05-31 → 2026). */
export function schoolYearOf(today: string): number {
  // Sliced, not split and mapped: every dashboard asks it a dozen times.
  const year = Number(today.slice(0, 4));
  return Number(today.slice(5, 7)) >= 9 ? year : year - 1;
}

/**
 * The default term of mentoring: a school year, 1 September to 31 May. From June to August that is the
 * coming school year; during a school year it starts today (not in the past) and ends on 31 May.
 */
export function schoolYearTerm(today: string): { startsOn: string; plannedEndOn: string } {
  const [year, month] = today.split('-').map(Number) as [number, number];
  if (month >= 6 && month <= 8) return { startsOn: `${year}-09-01`, plannedEndOn: `${year + 1}-05-31` };
  const endYear = month >= 9 ? year + 1 : year;
  return { startsOn: today, plannedEndOn: `${endYear}-05-31` };
}

/** «ждёт 3 недели»: days up to two weeks, then weeks up to two months, then months, then years. */
export function waitedText(since: string, today: string): string {
  const days = dayNumber(today) - dayNumber(since);
  if (days <= 0) return 'ждёт с сегодняшнего дня';
  if (days < 14) return `ждёт ${days} ${plural(days, ['день', 'дня', 'дней'])}`;
  if (days < 61) {
    const weeks = Math.floor(days / 7);
    return `ждёт ${weeks} ${plural(weeks, ['неделю', 'недели', 'недель'])}`;
  }
  const months = Math.floor(days / 30.44);
  if (months < 24) return `ждёт ${months} ${plural(months, ['месяц', 'месяца', 'месяцев'])}`;
  const years = Math.floor(days / 365.25);
  return `ждёт ${years} ${plural(years, ['год', 'года', 'лет'])}`;
}

const zonedFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * «30.11.2026 14:05 (UTC+03:00, Europe/Moscow)»: a moment as a signature stamp prints it — the clock of the
 * organization's zone, and the zone itself, so the time means the same to anyone who reads the copy.
 */
export function dateTimeWithZone(moment: Date, timeZone: string): string {
  let format = zonedFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' });
    zonedFormats.set(timeZone, format);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => format.formatToParts(moment).find((p) => p.type === type)?.value ?? '';
  const offset = part('timeZoneName').replace(/^GMT$/, 'GMT+00:00').replace(/^GMT/, 'UTC');
  return `${part('day')}.${part('month')}.${part('year')} ${part('hour')}:${part('minute')} (${offset}, ${timeZone})`;
}
