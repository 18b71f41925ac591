/** Russian formatting of dates and numbers, in the organization's time zone (plurals: domain/words.ts). */
import { LRUCache } from 'lru-cache';

// Building an Intl formatter costs ~80 µs, using one ~1–2 µs (with a time zone): keep one per time zone, and the
// strings it made per zone — a list prints the same moments on every request (25 «last sign-in» times of the users
// list: 3 % of that page's CPU).
const dateFormats = new Map<string, ZoneFormat>();
const dateTimeFormats = new Map<string, ZoneFormat>();
const numberFormat = new Intl.NumberFormat('ru-RU');
const oneDecimalFormat = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 });
const FORMATTED_LIMIT = 10_000; // per zone and kind (bounded memory: the least recently used go first)

interface ZoneFormat {
  format: Intl.DateTimeFormat;
  /** Formatted strings by the moment (ms since the epoch). */
  byTime: LRUCache<number, string>;
}

function cached(cache: Map<string, ZoneFormat>, timeZone: string, options: Intl.DateTimeFormatOptions) {
  let zone = cache.get(timeZone);
  if (!zone) {
    zone = { format: new Intl.DateTimeFormat('ru-RU', { timeZone, ...options }), byTime: new LRUCache({ max: FORMATTED_LIMIT }) };
    cache.set(timeZone, zone);
  }
  return zone;
}

function formatted(zone: ZoneFormat, value: Date): string {
  const time = Number(value); // a Date's ms; what Intl would not format is not cached (NaN never matches) and throws as before
  let text = zone.byTime.get(time);
  if (text === undefined) {
    text = zone.format.format(value);
    zone.byTime.set(time, text);
  }
  return text;
}

export function formatDate(value: Date | null | undefined, timeZone = 'Europe/Moscow'): string {
  if (!value) return '';
  return formatted(cached(dateFormats, timeZone, { day: '2-digit', month: '2-digit', year: 'numeric' }), value);
}

export function formatDateTime(value: Date | null | undefined, timeZone = 'Europe/Moscow'): string {
  if (!value) return '';
  return formatted(cached(dateTimeFormats, timeZone, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }), value);
}

/** «1 234» of the counts below 10 000 (every page's figures, totals, page numbers), each made once by Intl. */
const smallCounts: string[] = [];

export function formatNumber(n: number): string {
  // Not -0: Intl writes «-0».
  if (Number.isInteger(n) && n >= 0 && n < 10_000 && !Object.is(n, -0)) return (smallCounts[n] ??= numberFormat.format(n));
  return numberFormat.format(n);
}

/** «4,5» of the numbers of at most one decimal below 1 000 in size (≤ 19 999 of them), each made once by Intl. */
const oneDecimals = new Map<number, string>();

/**
 * «4,5», «12»: at most one decimal. One formatter for all: `n.toLocaleString('ru-RU', options)` builds a new one
 * per call (~80 µs) — the monitoring page's 25 numbers cost it more CPU than everything else it does. Its numbers
 * (averages and changes rounded to a tenth, scores) recur on every request, and Intl's format of each was still
 * a fifth of the page's own JavaScript: they are kept.
 */
export function formatOneDecimal(n: number): string {
  // Not -0 (Intl writes «-0»); a number with more decimals, or a big one, is formatted each time.
  if (!Number.isInteger(n * 10) || Math.abs(n) >= 1000 || Object.is(n, -0)) return oneDecimalFormat.format(n);
  let text = oneDecimals.get(n);
  if (text === undefined) oneDecimals.set(n, (text = oneDecimalFormat.format(n)));
  return text;
}

/**
 * Text the user sent, quoted inside a message: «…» around at most `max` characters, cut with «…». A
 * message never repeats a whole cell or file name — one of those may be megabytes long.
 */
export function quoted(text: string, max = 40): string {
  const chars = Array.from(text.slice(0, max * 2 + 2));
  return `«${chars.length > max ? `${chars.slice(0, max).join('').trimEnd()}…` : text}»`;
}
