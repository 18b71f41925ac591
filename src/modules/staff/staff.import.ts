/**
 * Staff import, the pure part: a table of cells (from CSV or XLSX) → rows with their values and their
 * problems in Russian, ready for the preview. No database and no files here, so every rule is unit-tested.
 */
import { z } from 'zod';
import { FormError } from '../../core/errors.ts';
import { quoted } from '../../core/format.ts';
import type { Cell, SheetRow } from '../../core/spreadsheets.ts';
import { isoOfDbDate, parseDateText, utcDate } from '../../domain/dates.ts';
import { shortNameOf } from '../../domain/people.ts';
import type { QualificationCategory } from '../../generated/prisma/enums.ts';
import {
  excelSerialToDate,
  matchCategory,
  matchPosition,
  normalizePhone,
  normalizeWords,
  parseYears,
  personKey,
  plausibleBirthDate,
  plausibleHireDate,
} from './staff.values.ts';

export type { Cell };
/** Line (CSV) or row (XLSX) number in the file, 1-based, as the user sees it, and its cells. */
export type TableRow = SheetRow;

export const MAX_IMPORT_ROWS = 10_000;
/** The header is looked for in this many first rows (some files have a title line above it). */
const HEADER_SEARCH_ROWS = 10;

type ValueField =
  | 'lastName'
  | 'firstName'
  | 'middleName'
  | 'birthDate'
  | 'position'
  | 'hiredOn'
  | 'experienceYears'
  | 'experienceHereYears'
  | 'qualificationCategory'
  | 'education'
  | 'ageGroup'
  | 'email'
  | 'phone';
type ColumnKey = ValueField | 'fullName' | 'ignored';

interface ColumnSpec {
  key: ValueField;
  header: string;
  hint: string;
  required?: boolean;
  aliases?: string[];
}

/** The columns of the template, in order, with what each expects (shown on the import page). */
export const IMPORT_COLUMNS: readonly ColumnSpec[] = [
  { key: 'lastName', header: 'Фамилия', hint: 'обязательно', required: true },
  { key: 'firstName', header: 'Имя', hint: 'обязательно', required: true },
  { key: 'middleName', header: 'Отчество', hint: 'если есть' },
  { key: 'birthDate', header: 'Дата рождения', hint: 'ДД.ММ.ГГГГ; по ней отличают однофамильцев' },
  { key: 'position', header: 'Должность', hint: 'обязательно, из списка ниже', required: true },
  { key: 'hiredOn', header: 'Дата приёма', hint: 'ДД.ММ.ГГГГ', aliases: ['дата приема', 'дата приема на работу'] },
  { key: 'experienceYears', header: 'Общий стаж', hint: 'полных лет педагогического стажа, 0–70', aliases: ['стаж', 'педагогический стаж', 'общий педагогический стаж'] },
  { key: 'experienceHereYears', header: 'Стаж в организации', hint: 'полных лет, не больше общего стажа', aliases: ['стаж в учреждении', 'стаж в доу'] },
  { key: 'qualificationCategory', header: 'Категория', hint: 'без категории, соответствие занимаемой должности, первая, высшая, педагог-методист, педагог-наставник', aliases: ['квалификационная категория'] },
  { key: 'education', header: 'Образование', hint: 'например: высшее педагогическое' },
  { key: 'ageGroup', header: 'Возрастная группа', hint: 'например: старшая группа' },
  { key: 'email', header: 'E-mail', hint: 'адрес электронной почты', aliases: ['email', 'е-mail', 'e-mail адрес', 'эл. почта', 'электронная почта'] },
  { key: 'phone', header: 'Телефон', hint: '+7 910 123-45-67 или 8 910 123-45-67', aliases: ['тел.', 'мобильный телефон'] },
];

/** Columns other spreadsheets (and our own export) carry that the import reads past. */
const IGNORED_HEADERS = ['№', '№ п/п', 'n', 'no', 'руководитель', 'учетная запись', 'состояние'];

const HEADER_KEYS = new Map<string, ColumnKey>([
  ...IMPORT_COLUMNS.flatMap((c) => [c.header, ...(c.aliases ?? [])].map((h) => [normalizeHeader(h), c.key] as const)),
  ['фио', 'fullName'],
  ['фамилия имя отчество', 'fullName'],
  ...IGNORED_HEADERS.map((h) => [normalizeHeader(h), 'ignored'] as const),
]);

function normalizeHeader(text: string): string {
  return normalizeWords(text).replace(/[*:.]+$/, '').trim();
}

export function expectedHeaders(): string {
  return IMPORT_COLUMNS.map((c) => c.header).join(', ');
}

// ---- reading the file --------------------------------------------------------------------------

/** CSV from Russian Excel is Windows-1251 unless saved as «CSV UTF-8»: valid UTF-8 wins, else 1251. */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1251').decode(bytes);
  }
  return text.replace(/^\uFEFF/, '');
}

export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) {
    const d = utcDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
    return d ? `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}` : '';
  }
  // Control characters (NUL included: PostgreSQL refuses it) become spaces like any other odd whitespace.
  return String(cell).replace(/[\u0000-\u001f\u007f\u00a0]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** A date cell: a real spreadsheet date, an Excel serial number, or text. `undefined` = not a date. */
function dateOf(cell: Cell): Date | null | undefined {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : utcDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate()) ?? undefined;
  if (typeof cell === 'number') return excelSerialToDate(cell) ?? undefined;
  const text = cellText(cell);
  if (!text) return null;
  return parseDateText(text) ?? undefined;
}

// ---- the header ------------------------------------------------------------------------------

export interface HeaderMap {
  /** Index of the header row in the table. */
  index: number;
  columns: (ColumnKey | null)[];
}

/**
 * Finds the header row (the first of the first ten rows with at least two known column names — some
 * files have a title line above it) and maps its cells to fields. Unknown or missing columns → FormError.
 */
export function mapHeader(table: TableRow[]): HeaderMap {
  if (table.length === 0) throw new FormError({ file: 'Файл пустой: в нём нет ни заголовка, ни строк с данными' });
  const index = findHeaderIndex(table);
  const headerCells = table[index]!.cells.map(cellText);

  const unknown: string[] = [];
  const seen = new Map<ColumnKey, string>();
  const duplicated: string[] = [];
  const columns = headerCells.map((text) => {
    if (!text) return null;
    const key = HEADER_KEYS.get(normalizeHeader(text));
    if (!key) {
      unknown.push(text);
      return null;
    }
    if (key !== 'ignored' && seen.has(key)) duplicated.push(text);
    seen.set(key, text);
    return key;
  });
  // A header cell may be anything at all: each is cut short, and only the first few are named.
  const quoteList = (list: string[]) => list.slice(0, 5).map((h) => quoted(h)).join(', ') + (list.length > 5 ? ` и ещё ${list.length - 5}` : '');
  if (unknown.length) {
    throw new FormError({ file: `Неизвестные столбцы: ${quoteList(unknown)}. Ожидаются столбцы: ${expectedHeaders()} (порядок любой; лишние столбцы удалите)` });
  }
  if (duplicated.length) throw new FormError({ file: `Столбец ${quoteList(duplicated)} встречается дважды: оставьте один` });
  if (seen.has('fullName') && (seen.has('lastName') || seen.has('firstName') || seen.has('middleName'))) {
    throw new FormError({ file: 'В файле есть и столбец «ФИО», и отдельные «Фамилия», «Имя», «Отчество»: оставьте что-то одно' });
  }
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !seen.has(c.key) && !(seen.has('fullName') && (c.key === 'lastName' || c.key === 'firstName')));
  if (missing.length) {
    throw new FormError({ file: `Нет обязательных столбцов: ${missing.map((c) => c.header).join(', ')}. Ожидаются столбцы: ${expectedHeaders()}` });
  }
  return { index, columns };
}

/** The first of the first rows with at least two known column names; the first row if none has. */
export function findHeaderIndex(table: TableRow[]): number {
  const known = (row: TableRow) => row.cells.filter((c) => HEADER_KEYS.has(normalizeHeader(cellText(c)))).length;
  const index = table.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => known(row) >= 2);
  return index < 0 ? 0 : index;
}

const hasData = (row: TableRow) => row.cells.some((c) => cellText(c) !== '');

/** `count` when the whole file was read; without it the read stopped at the first row over the limit. */
const tooManyRows = (count?: number) =>
  new FormError({ file: `В файле ${count ?? `больше ${MAX_IMPORT_ROWS}`} строк с данными, а за один раз можно загрузить не больше ${MAX_IMPORT_ROWS}: разделите файл` });

/**
 * Keeps the rows as the file is read and stops the read as soon as the data rows pass MAX_IMPORT_ROWS:
 * a file of 300 000 rows is refused after reading 10 001 of them. The header is found among the first
 * rows exactly as `mapHeader` finds it, so the count is the same one `buildPreview` checks.
 */
export class TableCollector {
  readonly rows: TableRow[] = [];
  private headerIndex: number | null = null;
  private dataRows = 0;

  add(row: TableRow): void {
    if (this.headerIndex !== null) {
      if (!hasData(row)) return;
      this.rows.push(row);
      this.dataRows++;
    } else {
      this.rows.push(row);
      if (this.rows.length < HEADER_SEARCH_ROWS) return;
      this.headerIndex = findHeaderIndex(this.rows);
      this.dataRows = this.rows.slice(this.headerIndex + 1).filter(hasData).length;
    }
    if (this.dataRows > MAX_IMPORT_ROWS) throw tooManyRows();
  }
}

// ---- rows -------------------------------------------------------------------------------------

export interface ImportValues {
  lastName: string;
  firstName: string;
  middleName: string;
  /** YYYY-MM-DD or '' */
  birthDate: string;
  position: string;
  hiredOn: string;
  experienceYears: number;
  experienceHereYears: number;
  qualificationCategory: QualificationCategory;
  education: string;
  ageGroup: string;
  email: string;
  phone: string;
}

export interface ImportRow {
  line: number;
  values: ImportValues;
  /** Problems in Russian; a row without problems is imported. */
  errors: string[];
  /**
   * The card of the same person already in the directory (ФИО and birth date — the import's one identity rule):
   * the row updates it or is skipped, by the import's choice, instead of being an error.
   */
  matchId?: number;
  /** After the import: what became of a matching row. */
  outcome?: 'updated' | 'skipped';
}

/** «Совпадающих: обновить / пропустить» — per import; «пропустить» unless told. */
export type MatchMode = 'SKIP' | 'UPDATE';

const LIMITS: Partial<Record<ValueField, [number, string]>> = {
  lastName: [100, 'Фамилия'],
  firstName: [100, 'Имя'],
  middleName: [100, 'Отчество'],
  education: [500, 'Образование'],
  ageGroup: [200, 'Возрастная группа'],
  email: [200, 'E-mail'],
};

const emailSchema = z.email();

/** Reads and checks one row on its own (duplicates are found afterwards, across rows). */
export function readRow(header: HeaderMap, row: TableRow, today: Date): ImportRow {
  const raw = new Map<ColumnKey, Cell>();
  header.columns.forEach((key, i) => {
    if (key && key !== 'ignored') raw.set(key, row.cells[i] ?? null);
  });
  const text = (key: ColumnKey) => cellText(raw.get(key) ?? null);
  const errors: string[] = [];

  let [lastName, firstName, middleName] = [text('lastName'), text('firstName'), text('middleName')];
  if (raw.has('fullName')) {
    const parts = text('fullName').split(' ').filter(Boolean);
    [lastName, firstName, middleName] = [parts[0] ?? '', parts[1] ?? '', parts.slice(2).join(' ')];
  }
  if (!lastName) errors.push('не указана фамилия');
  if (!firstName) errors.push('не указано имя');

  const positionText = text('position');
  const position = matchPosition(positionText);
  if (!positionText) errors.push('не указана должность');
  else if (!position) errors.push(`неизвестная должность ${quoted(positionText)}`);

  const readDate = (key: 'birthDate' | 'hiredOn', what: string, plausible: (d: Date) => boolean) => {
    const date = dateOf(raw.get(key) ?? null);
    if (date === undefined) errors.push(`неверная ${what} ${quoted(text(key))}`);
    else if (date && !plausible(date)) errors.push(`${what} вне допустимых пределов ${quoted(cellText(date))}`);
    return date ?? null;
  };
  const birthDate = readDate('birthDate', 'дата рождения', (d) => plausibleBirthDate(d, today));
  const hiredOn = readDate('hiredOn', 'дата приёма', (d) => plausibleHireDate(d, today));
  if (birthDate && hiredOn && hiredOn <= birthDate) errors.push('дата приёма раньше даты рождения');

  const readYears = (key: 'experienceYears' | 'experienceHereYears', what: string) => {
    const cell = raw.get(key) ?? null;
    const years = typeof cell === 'number' ? parseYears(cell) : parseYears(cellText(cell));
    if (years === null) errors.push(`неверный ${what} ${quoted(text(key))} — нужно целое число лет от 0 до 70`);
    return years ?? 0;
  };
  const experienceYears = readYears('experienceYears', 'общий стаж');
  const experienceHereYears = readYears('experienceHereYears', 'стаж в организации');
  if (experienceHereYears > experienceYears) errors.push('стаж в организации больше общего стажа');

  const categoryText = text('qualificationCategory');
  const qualificationCategory = matchCategory(categoryText);
  if (!qualificationCategory) errors.push(`неизвестная категория ${quoted(categoryText)}`);

  const email = text('email').toLowerCase();
  if (email && !emailSchema.safeParse(email).success) errors.push(`неверный e-mail ${quoted(text('email'))}`);
  const phone = normalizePhone(text('phone'));
  if (phone === null) errors.push(`неверный телефон ${quoted(text('phone'))}`);

  const values: ImportValues = {
    lastName,
    firstName,
    middleName,
    birthDate: isoOfDbDate(birthDate),
    position: position ?? positionText,
    hiredOn: isoOfDbDate(hiredOn),
    experienceYears,
    experienceHereYears,
    qualificationCategory: qualificationCategory ?? 'NONE',
    education: text('education'),
    ageGroup: text('ageGroup'),
    email,
    phone: phone ?? text('phone'),
  };
  for (const [key, [max, label]] of Object.entries(LIMITS) as [ValueField, [number, string]][]) {
    if (String(values[key]).length > max) errors.push(`слишком длинное значение в столбце «${label}» (больше ${max} символов)`);
  }
  return { line: row.line, values, errors };
}

/** Later rows repeating an earlier one (same person, or same e-mail) are flagged with the earlier line. */
export function markFileDuplicates(rows: ImportRow[]): void {
  const byPerson = new Map<string, number>();
  const byEmail = new Map<string, number>();
  for (const row of rows) {
    const v = row.values;
    if (v.lastName && v.firstName) {
      const key = personKey(v);
      const first = byPerson.get(key);
      if (first !== undefined) row.errors.push(`дубликат строки ${first} (ФИО и дата рождения)`);
      else byPerson.set(key, row.line);
    }
    if (v.email) {
      const first = byEmail.get(v.email);
      if (first !== undefined) row.errors.push(`дубликат строки ${first} (e-mail)`);
      else byEmail.set(v.email, row.line);
    }
  }
}

export interface ExistingStaff {
  id: number;
  lastName: string;
  firstName: string;
  middleName: string;
  birthDate: Date | null;
  email: string;
  archivedAt: Date | null;
}

/**
 * Rows naming someone already in the directory. The same person (same ФИО and birth date) is a match: the row
 * keeps the card's id in `matchId` (updated or skipped by the import's choice), not an error. An archived card is
 * an error still (bring it back from the archive first); so is an e-mail that belongs to someone else.
 */
export function markExisting(rows: ImportRow[], existing: ExistingStaff[]): void {
  const label = (s: ExistingStaff) => shortNameOf(s) + (s.archivedAt ? ' (в архиве)' : '');
  const byPerson = new Map(existing.map((s) => [personKey({ ...s, birthDate: isoOfDbDate(s.birthDate) }), s]));
  const byEmail = new Map(existing.filter((s) => s.email).map((s) => [s.email.toLowerCase(), s]));
  for (const row of rows) {
    const v = row.values;
    delete row.matchId;
    const person = v.lastName && v.firstName ? byPerson.get(personKey(v)) : undefined;
    if (person?.archivedAt) row.errors.push(`уже есть в справочнике: ${label(person)}`);
    else if (person) row.matchId = person.id;
    const owner = v.email ? byEmail.get(v.email) : undefined;
    if (owner && owner !== person) row.errors.push(`e-mail уже у сотрудника ${label(owner)}`);
  }
}

export interface ImportPreview {
  rows: ImportRow[];
  total: number;
  /** Rows without errors: new people and matches. */
  valid: number;
}

/** The whole check: header, each row, duplicates inside the file and against the directory. */
export function buildPreview(table: TableRow[], existing: ExistingStaff[], today: Date): ImportPreview {
  const header = mapHeader(table);
  const dataRows = table.slice(header.index + 1).filter((row) => row.cells.some((c) => cellText(c) !== ''));
  if (dataRows.length === 0) throw new FormError({ file: 'В файле нет строк с данными — только заголовок' });
  if (dataRows.length > MAX_IMPORT_ROWS) throw tooManyRows(dataRows.length);
  const rows = dataRows.map((row) => readRow(header, row, today));
  markFileDuplicates(rows);
  markExisting(rows, existing);
  return { rows, total: rows.length, valid: rows.filter((r) => r.errors.length === 0).length };
}

/** Problems first, then in file order: what the methodist has to fix comes to the top. */
export function problemsFirst(rows: ImportRow[]): ImportRow[] {
  return [...rows].sort((a, b) => Number(b.errors.length > 0) - Number(a.errors.length > 0) || a.line - b.line);
}
