/**
 * How the staff directory reads the values people type or bring in spreadsheets: dates, phones,
 * positions, categories, years of experience. Pure functions, shared by the form and the import.
 */
import { utcDate, yearsBetween } from '../../domain/dates.ts';
import { POSITIONS, QUALIFICATION_LABELS, type Position } from '../../domain/people.ts';
import type { QualificationCategory } from '../../generated/prisma/enums.ts';

/** Lower case, ё → е, one space: how Russian words are compared («Старший  Воспитатель» = «старший воспитатель»). */
export function normalizeWords(text: string): string {
  return text.replace(/\u00a0/g, ' ').trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');
}

/** Excel keeps dates as days since 30.12.1899 when a cell is not formatted as a date. */
export function excelSerialToDate(serial: number): Date | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  const date = new Date(Math.round((serial - 25569) * 86_400_000));
  return utcDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export const MIN_AGE = 16;
export const MAX_AGE = 100;
export const MAX_EXPERIENCE = 70;

/** A birth date is plausible for a working person today. */
export function plausibleBirthDate(date: Date, today: Date): boolean {
  const age = yearsBetween(date, today);
  return age >= MIN_AGE && age <= MAX_AGE;
}

/** A hire date is not before 1950 and not more than a year ahead (a contract signed in advance). */
export function plausibleHireDate(date: Date, today: Date): boolean {
  return date.getUTCFullYear() >= 1950 && date.getTime() <= today.getTime() + 366 * 86_400_000;
}

/**
 * Russian mobile and landline numbers as «+7 910 123-45-67». Accepts 8…, 7…, +7… and the ten
 * digits alone, with any spaces, brackets and dashes. Anything else is not a Russian number.
 */
export function normalizePhone(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return '';
  if (!/^[+\d\s()\-–.]+$/.test(trimmed)) return null;
  let digits = trimmed.replace(/\D/g, '');
  const plus = trimmed.startsWith('+');
  if (digits.length === 11 && (digits[0] === '7' || (digits[0] === '8' && !plus))) digits = digits.slice(1);
  else if (digits.length !== 10 || plus) return null;
  return `+7 ${digits.slice(0, 3)} ${digits.slice(3, 6)}-${digits.slice(6, 8)}-${digits.slice(8, 10)}`;
}

const POSITION_BY_WORDS = new Map<string, Position>(POSITIONS.map((p) => [normalizeWords(p), p]));

/** A position from the list, whatever the letter case («Учитель-логопед» → «учитель-логопед»). */
export function matchPosition(text: string): Position | null {
  return POSITION_BY_WORDS.get(normalizeWords(text)) ?? null;
}

const CATEGORY_BY_WORDS = new Map<string, QualificationCategory>([
  ...(Object.entries(QUALIFICATION_LABELS) as [QualificationCategory, string][]).map(([k, label]) => [normalizeWords(label), k] as const),
  ['', 'NONE'],
  ['нет', 'NONE'],
  ['-', 'NONE'],
  ['—', 'NONE'],
  ['б/к', 'NONE'],
  ['соответствие', 'CORRESPONDENCE'],
  ['сзд', 'CORRESPONDENCE'],
  ['1', 'FIRST'],
  ['высшая', 'HIGHEST'],
  ['методист', 'METHODIST'],
  ['наставник', 'MENTOR'],
]);

/** A qualification category as people write it: «высшая», «Высшая категория», «первая квалификационная», «СЗД». */
export function matchCategory(text: string): QualificationCategory | null {
  const words = normalizeWords(text)
    .replace(/\s*(квалификационная\s+)?категория$/, '')
    .replace(/\s+квалификационная$/, '');
  return CATEGORY_BY_WORDS.get(words) ?? null;
}

/** Whole years of experience: «12», «12 лет», «3,5» (rounded down), a spreadsheet number. Empty → 0. */
export function parseYears(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 && value <= MAX_EXPERIENCE ? Math.floor(value) : null;
  const text = normalizeWords(value);
  if (!text) return 0;
  const m = /^(\d{1,2})(?:[.,]\d+)?(?:\s*(?:лет|год|года|г\.?))?$/.exec(text);
  if (!m) return null;
  const years = Number(m[1]);
  return years <= MAX_EXPERIENCE ? years : null;
}

/** The key two records of the same person share: ФИО (case and ё ignored) and the birth date. */
export function personKey(person: { lastName: string; firstName: string; middleName: string; birthDate: string }): string {
  return [person.lastName, person.firstName, person.middleName].map(normalizeWords).join(' ') + '|' + person.birthDate;
}
