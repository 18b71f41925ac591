/**
 * Calendar arithmetic of pairs: the default term (a school year), the days a pair was active in a month
 * (extra pay pro rata), how long a mentee has waited. Pure functions over calendar dates written as
 * 'YYYY-MM-DD': `@db.Date` columns are calendar dates (midnight UTC), never moments, so no time zone may
 * shift them; a moment (activatedAt) is turned into a date in the organization's time zone first.
 */
import { plural } from '../../core/format.ts';

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' of a `@db.Date` value (Prisma gives midnight UTC). */
export function isoOfDbDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD' of a moment as seen on the calendar of `timeZone`. */
export function isoInZone(moment: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(moment);
}

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
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
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
 * The dates a pair was really active: from the later of its start and the day its order made it active,
 * to its planned end or — when it ended before that — the day it ended. null when it never was active.
 */
export function activePeriod(
  pair: { startsOn: Date; plannedEndOn: Date; activatedAt: Date | null; endedOn: Date | null },
  timeZone: string,
): { from: string; to: string } | null {
  if (!pair.activatedAt) return null;
  const starts = isoOfDbDate(pair.startsOn);
  const activated = isoInZone(pair.activatedAt, timeZone);
  const planned = isoOfDbDate(pair.plannedEndOn);
  const ended = pair.endedOn ? isoOfDbDate(pair.endedOn) : null;
  const from = activated > starts ? activated : starts;
  const to = ended && ended < planned ? ended : planned;
  return to >= from ? { from, to } : null;
}

/** The monthly amount for `days` of a month, in kopecks, rounded to the kopeck. */
export function proRataKopecks(monthlyKopecks: number, days: number, daysOfMonth: number): number {
  if (days <= 0) return 0;
  if (days >= daysOfMonth) return monthlyKopecks;
  return Math.round((monthlyKopecks * days) / daysOfMonth);
}

/**
 * The default term of a new pair: a school year, 1 September to 31 May. From June to August that is the
 * coming school year; during a school year the pair starts today (not in the past) and ends on 31 May.
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
