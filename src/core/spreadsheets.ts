/**
 * Reading uploaded spreadsheets without trusting them. An XLSX is a zip of XML files: 200 KB of it can
 * unpack to gigabytes (one cell of 200 MB, or 300 000 rows), so both XLSX and CSV are read as streams,
 * row by row, and each limit stops the read the moment it is passed — never after reading everything.
 *
 * XLSX: `yauzl` + `saxes`, not exceljs (which the export still uses). exceljs's WorkbookReader unzips with
 * `unzipper`, which follows the local headers and gives no hook to count bytes while inflating; it writes
 * a sheet stored before the shared strings to a temporary file; and its XML parser keeps a whole text node
 * in memory, so a 200 MB cell costs 200 MB before any check can see it. yauzl reads the central
 * directory (what Excel itself relies on), inflates with Node's zlib off the main thread and hands over
 * the inflated stream, where we count the bytes ourselves — the sizes the zip declares are not trusted.
 * saxes receives the XML in small pieces; between pieces we bound every run of text (so the parser never
 * holds a huge cell), the nesting depth, the cells, the columns and the rows, and stop it on the first
 * excess. The event loop turns between pieces, so other requests keep being answered meanwhile.
 *
 * CSV: csv-parse's streaming parser, fed in pieces, with its record-size guard and the same row checks.
 */
import { parse as parseCsvStream } from 'csv-parse';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { formatNumber } from './format.ts';

export type Cell = string | number | Date | null;

export interface SheetRow {
  /** Row (XLSX) or line (CSV) number in the file, 1-based, as the user sees it. */
  line: number;
  cells: Cell[];
}

/** Receives each row with data; throwing stops the read at once (the error reaches the caller). */
export type RowSink = (row: SheetRow) => void;

export interface SpreadsheetLimits {
  /** Unpacked bytes of one part of an XLSX (counted while inflating). */
  maxEntryBytes: number;
  /** Unpacked bytes of all parts read together. */
  maxUnpackedBytes: number;
  /** Characters in one cell. */
  maxCellChars: number;
  /** Columns that may hold data. */
  maxColumns: number;
  /** Characters in all cells handed over together (a shared string counts every time it is used). */
  maxTableChars: number;
}

/** A spreadsheet refused by a limit or as unreadable; the message is Russian and safe to show. */
export class SpreadsheetRefused extends Error {
  override name = 'SpreadsheetRefused';
}

/** What was read before the end or the refusal (for the log and for tests). */
export interface ReadStats {
  rows: number;
  unpackedBytes: number;
}

const megabytes = (bytes: number) => `${formatNumber(Math.round(bytes / 1024 / 1024))} МБ`;

const BROKEN_XLSX = 'Не удалось открыть файл XLSX: сохраните его в Excel заново («Книга Excel (*.xlsx)») и загрузите снова';
/** `cell` names the cell («ячейка B12», «ячейка в строке 2, столбце 3»), or is empty when unknown. */
const tooLongCell = (limits: SpreadsheetLimits, cell: string) =>
  new SpreadsheetRefused(
    `${cell ? `${cell[0]!.toUpperCase()}${cell.slice(1)}` : 'В файле есть ячейка, которая'} длиннее ${formatNumber(limits.maxCellChars)} знаков — столько в таблице не бывает: проверьте, что выбран нужный файл`,
  );

/** «B12» for column 2 of row 12. */
export function cellRef(column: number, row: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${letters}${row}`;
}

/** Checks shared by both formats: columns, cell length and the total amount of text. */
class RowGuard {
  private tableChars = 0;
  rows = 0;
  constructor(
    private readonly limits: SpreadsheetLimits,
    private readonly sink: RowSink,
    /** How a message names a cell. */
    private readonly cellName: (column: number, line: number) => string,
  ) {}

  cell(value: Cell, column: number, line: number): void {
    if (value === null) return;
    if (column > this.limits.maxColumns) {
      throw new SpreadsheetRefused(`Данные в файле идут дальше ${this.limits.maxColumns}-го столбца (${this.cellName(column, line)}): оставьте только нужные столбцы`);
    }
    if (typeof value !== 'string') return;
    if (value.length > this.limits.maxCellChars) throw tooLongCell(this.limits, this.cellName(column, line));
    this.tableChars += value.length;
    if (this.tableChars > this.limits.maxTableChars) {
      throw new SpreadsheetRefused(`В файле больше ${formatNumber(this.limits.maxTableChars)} знаков текста: проверьте, что выбран нужный файл, или разделите его на части`);
    }
  }

  /** A row whose cells were checked one by one already. */
  emit(row: SheetRow): void {
    this.rows++;
    this.sink(row);
  }

  row(row: SheetRow): void {
    row.cells.forEach((value, i) => this.cell(value, i + 1, row.line));
    this.emit(row);
  }
}

// ---- XLSX ---------------------------------------------------------------------------------------

/** Sheets list their parts in a zip of at most this many files; more means it is not a workbook. */
const MAX_ZIP_ENTRIES = 5_000;
/** A run of XML text without «<» longer than this is a cell (or attribute) far over any cell limit. */
const MAX_TEXT_RUN = 64 * 1024;
const MAX_XML_DEPTH = 64;

type XmlHandlers = {
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
};

/** Local name without a namespace prefix: some writers use `<x:row>`. */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

class XlsxReader {
  unpacked = 0;
  constructor(
    private readonly zip: ZipFile,
    private readonly entries: Map<string, Entry>,
    private readonly limits: SpreadsheetLimits,
  ) {}

  has(path: string): boolean {
    return this.entries.has(path.toLowerCase());
  }

  /** Streams one part through saxes; every inflated byte is counted before the parser sees it. */
  readXml(path: string, handlers: XmlHandlers): Promise<void> {
    const entry = this.entries.get(path.toLowerCase());
    if (!entry) return Promise.reject(new SpreadsheetRefused(BROKEN_XLSX));
    return new Promise((resolve, reject) => {
      this.zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return reject(new SpreadsheetRefused(BROKEN_XLSX));
        let settled = false;
        // Our refusals and whatever the row sink throws pass through; parser and zip errors became BROKEN_XLSX where they arose.
        const fail = (cause: unknown) => {
          if (settled) return;
          settled = true;
          stream.destroy();
          reject(cause);
        };
        const broken = () => fail(new SpreadsheetRefused(BROKEN_XLSX));
        const parser = new SaxesParser({ xmlns: false });
        let depth = 0;
        let run = 0;
        let entryBytes = 0;
        const decoder = new TextDecoder('utf-8');
        parser.on('error', () => {
          throw new SpreadsheetRefused(BROKEN_XLSX);
        });
        parser.on('doctype', () => {
          // SpreadsheetML has no DTD; one here can only declare entities to expand.
          throw new SpreadsheetRefused(BROKEN_XLSX);
        });
        parser.on('opentag', (tag: SaxesTagPlain) => {
          if (++depth > MAX_XML_DEPTH) throw new SpreadsheetRefused(BROKEN_XLSX);
          handlers.open?.(local(tag.name), tag.attributes as Record<string, string>);
        });
        parser.on('closetag', (tag: SaxesTagPlain) => {
          depth--;
          handlers.close?.(local(tag.name));
        });
        if (handlers.text) {
          parser.on('text', handlers.text);
          parser.on('cdata', handlers.text);
        }
        stream.on('data', (chunk: Buffer) => {
          if (settled) return;
          try {
            entryBytes += chunk.length;
            this.unpacked += chunk.length;
            if (entryBytes > this.limits.maxEntryBytes || this.unpacked > this.limits.maxUnpackedBytes) {
              const limit = entryBytes > this.limits.maxEntryBytes ? this.limits.maxEntryBytes : this.limits.maxUnpackedBytes;
              throw new SpreadsheetRefused(`Файл XLSX после распаковки больше ${megabytes(limit)} — для таблицы это слишком много: сохраните в Excel только нужный лист (без картинок и лишних листов) и загрузите снова`);
            }
            const text = decoder.decode(chunk, { stream: true });
            const lastTag = text.lastIndexOf('<');
            run = lastTag < 0 ? run + text.length : text.length - lastTag - 1;
            if (run > MAX_TEXT_RUN) throw tooLongCell(this.limits, '');
            parser.write(text);
          } catch (cause) {
            fail(cause);
          }
        });
        // Bad deflate data, or more bytes than the entry declares (yauzl checks that too).
        stream.on('error', broken);
        stream.on('end', () => {
          if (settled) return;
          try {
            parser.write(decoder.decode());
            parser.close();
            settled = true;
            resolve();
          } catch (cause) {
            fail(cause);
          }
        });
      });
    });
  }
}

function openZip(bytes: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true }, (error, zip) => {
      if (error || !zip) reject(new SpreadsheetRefused(BROKEN_XLSX));
      else resolve(zip);
    });
  });
}

function listEntries(zip: ZipFile): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on('entry', (entry: Entry) => {
      if (entries.size >= MAX_ZIP_ENTRIES) return reject(new SpreadsheetRefused(BROKEN_XLSX));
      // Part names in OOXML are case-insensitive.
      entries.set(entry.fileName.toLowerCase(), entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', () => reject(new SpreadsheetRefused(BROKEN_XLSX)));
    zip.readEntry();
  });
}

/** A relationship target, relative to the part that names it (or absolute from the package root). */
function resolvePart(fromPart: string, target: string): string {
  const base = target.startsWith('/') ? [] : fromPart.split('/').slice(0, -1);
  for (const segment of target.replace(/^\//, '').split('/')) {
    if (segment === '..') base.pop();
    else if (segment && segment !== '.') base.push(segment);
  }
  return base.join('/');
}

function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

async function readRelationships(reader: XlsxReader, part: string): Promise<{ id: string; type: string; target: string }[]> {
  const path = relsPathOf(part);
  if (!reader.has(path)) return [];
  const found: { id: string; type: string; target: string }[] = [];
  await reader.readXml(path, {
    open(name, a) {
      if (name === 'Relationship' && a.Target && a.TargetMode !== 'External') found.push({ id: a.Id ?? '', type: a.Type ?? '', target: resolvePart(part, a.Target) });
    },
  });
  return found;
}

/** Built-in number formats that show dates (ECMA-376 §18.8.30), as exceljs treats them. */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** A custom format shows a date when, outside quotes, brackets and escapes, it has d, m, y, h or s. */
function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dmyhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}

/** Which cell styles (indices of cellXfs) format a number as a date. */
async function readDateStyles(reader: XlsxReader, path: string | undefined): Promise<Set<number>> {
  const dateStyles = new Set<number>();
  if (!path || !reader.has(path)) return dateStyles;
  const customDates = new Set<number>();
  let inCellXfs = false;
  let index = 0;
  await reader.readXml(path, {
    open(name, a) {
      if (name === 'numFmt' && isDateFormat(a.formatCode ?? '')) customDates.add(Number(a.numFmtId));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const format = Number(a.numFmtId ?? 0);
        if (DATE_FORMAT_IDS.has(format) || customDates.has(format)) dateStyles.add(index);
        index++;
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return dateStyles;
}

/** OOXML escapes characters XML cannot carry as _xHHHH_. */
const unescapeOoxml = (text: string) => (text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text);

/**
 * The shared strings, in order. A string longer than the cell limit is kept cut to one character over it:
 * it only refuses the file if the sheet actually uses it (other sheets may hold long notes).
 */
async function readSharedStrings(reader: XlsxReader, path: string | undefined, limits: SpreadsheetLimits): Promise<string[]> {
  const strings: string[] = [];
  if (!path || !reader.has(path)) return strings;
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  await reader.readXml(path, {
    open(name) {
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && current !== null && phonetic === 0) inText = true;
    },
    close(name) {
      if (name === 'si' && current !== null) {
        strings.push(unescapeOoxml(current));
        current = null;
      } else if (name === 'rPh') phonetic--;
      else if (name === 't') inText = false;
    },
    text(text) {
      if (inText && current !== null && current.length <= limits.maxCellChars) current = (current + text).slice(0, limits.maxCellChars + 1);
    },
  });
  return strings;
}

/** Column number from a reference such as «AB12» (0 when there is none). */
function columnOf(ref: string | undefined): number {
  let column = 0;
  for (const ch of ref ?? '') {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
    if (column > 16_384) return 16_385;
  }
  return column;
}

function excelDate(serial: number, date1904: boolean): Date | null {
  if (!Number.isFinite(serial)) return null;
  const date = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Reads the first sheet of an XLSX row by row into `onRow` (rows without any value are skipped).
 * Throws SpreadsheetRefused for a broken file or a passed limit, or whatever `onRow` throws.
 */
export async function readXlsxRows(bytes: Buffer, onRow: RowSink, limits: SpreadsheetLimits, stats?: ReadStats): Promise<void> {
  const zip = await openZip(bytes);
  const reader = new XlsxReader(zip, await listEntries(zip), limits);
  const guard = new RowGuard(limits, onRow, (column, line) => `ячейка ${cellRef(column, line)}`);
  try {
    const rootRels = await readRelationships(reader, '');
    const workbookPath = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    const book = { date1904: false, firstSheetId: null as string | null, inSheets: false };
    await reader.readXml(workbookPath, {
      open(name, a) {
        if (name === 'workbookPr') book.date1904 = a.date1904 === '1' || a.date1904 === 'true';
        else if (name === 'sheets') book.inSheets = true;
        else if (name === 'sheet' && book.inSheets && book.firstSheetId === null) {
          // The data is on the first sheet (our template keeps its reference lists on the second).
          book.firstSheetId = Object.entries(a).find(([key]) => key.includes(':') && local(key) === 'id')?.[1] ?? '';
        }
      },
      close(name) {
        if (name === 'sheets') book.inSheets = false;
      },
    });
    if (book.firstSheetId === null) throw new SpreadsheetRefused('В файле XLSX нет ни одного листа');
    const rels = await readRelationships(reader, workbookPath);
    const sheetPath = rels.find((r) => r.id === book.firstSheetId)?.target;
    if (!sheetPath) throw new SpreadsheetRefused(BROKEN_XLSX);
    const dateStyles = await readDateStyles(reader, rels.find((r) => r.type.endsWith('/styles'))?.target);
    const shared = await readSharedStrings(reader, rels.find((r) => r.type.endsWith('/sharedStrings'))?.target, limits);
    await readSheet(reader, sheetPath, { shared, dateStyles, date1904: book.date1904, limits, guard });
  } finally {
    if (stats) Object.assign(stats, { rows: guard.rows, unpackedBytes: reader.unpacked });
    zip.close();
  }
}

function readSheet(
  reader: XlsxReader,
  path: string,
  context: { shared: string[]; dateStyles: Set<number>; date1904: boolean; limits: SpreadsheetLimits; guard: RowGuard },
): Promise<void> {
  const { shared, dateStyles, date1904, limits, guard } = context;
  let line = 0;
  let cells: Cell[] | null = null;
  let column = 0;
  let cell: { type: string; style: number; name: string } | null = null;
  let collecting = false;
  let phonetic = 0;
  let text = '';

  const valueOf = (c: NonNullable<typeof cell>, raw: string): Cell => {
    switch (c.type) {
      case 's': {
        const index = Number(raw);
        return Number.isInteger(index) && index >= 0 && index < shared.length ? shared[index]! : null;
      }
      case 'inlineStr':
      case 'str':
        return unescapeOoxml(raw);
      case 'b':
        return raw.trim() === '1' ? 'да' : raw.trim() === '0' ? 'нет' : null;
      case 'e':
        return null;
      case 'd': {
        const date = new Date(raw.trim());
        return Number.isNaN(date.getTime()) ? null : date;
      }
      default: {
        if (raw.trim() === '') return null;
        const number = Number(raw);
        if (!Number.isFinite(number)) return null;
        return dateStyles.has(c.style) ? (excelDate(number, date1904) ?? number) : number;
      }
    }
  };

  return reader.readXml(path, {
    open(name, a) {
      if (name === 'row') {
        line = a.r ? Number(a.r) : line + 1;
        if (!Number.isInteger(line) || line < 1) throw new SpreadsheetRefused(BROKEN_XLSX);
        cells = [];
        column = 0;
      } else if (name === 'c' && cells) {
        column = columnOf(a.r) || column + 1;
        cell = { type: a.t ?? 'n', style: Number(a.s ?? 0), name: `ячейка ${cellRef(Math.min(column, 16_384), line)}` };
        text = '';
      } else if (cell && (name === 'v' || (name === 't' && cell.type === 'inlineStr' && phonetic === 0))) {
        collecting = true;
      } else if (name === 'rPh') phonetic++;
    },
    text(piece) {
      if (!collecting) return;
      text += piece;
      if (text.length > limits.maxCellChars) throw tooLongCell(limits, cell?.name ?? '');
    },
    close(name) {
      if (name === 'v' || name === 't') collecting = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'c' && cell && cells) {
        const value = valueOf(cell, text);
        if (value !== null && value !== '') {
          guard.cell(value, column, line);
          cells[column - 1] = value;
        }
        cell = null;
      } else if (name === 'row' && cells) {
        const row = cells;
        cells = null;
        // Checked cell by cell above; the row goes straight to the sink.
        if (row.some((v) => v !== undefined && v !== null)) guard.emit({ line, cells: Array.from(row, (v) => v ?? null) });
      }
    },
  });
}

// ---- CSV ----------------------------------------------------------------------------------------

/** Russian Excel separates with «;», others with «,» (or a tab): the header line tells which. */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (d: string) => firstLine.split(d).length - 1;
  const candidates = [';', ',', '\t'].map((d) => [d, count(d)] as const).sort((a, b) => b[1] - a[1]);
  return candidates[0]![1] > 0 ? candidates[0]![0] : ';';
}

const CSV_PIECE = 64 * 1024;

/**
 * Reads CSV text record by record into `onRow`, fed to the parser in pieces so that a limit stops it
 * early and other requests run in between. Empty lines are skipped; line numbers are where a record starts.
 */
export async function readCsvRows(text: string, onRow: RowSink, limits: SpreadsheetLimits, stats?: ReadStats): Promise<void> {
  const guard = new RowGuard(limits, onRow, (column, line) => `ячейка в строке ${line}, столбце ${column}`);
  // csv-parse counts this in bytes of the record so far: it stops a runaway field (a lost quote) early.
  const maxRecordBytes = limits.maxCellChars * 4 * 8;
  const parser = parseCsvStream({
    delimiter: detectDelimiter(text),
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: maxRecordBytes,
  });
  let failure: unknown = null;
  const finished = new Promise<void>((resolve, reject) => {
    parser.on('error', (error: Error & { code?: string; lines?: number }) => {
      if (failure) return reject(failure);
      if (error.code === 'CSV_MAX_RECORD_SIZE') {
        return reject(new SpreadsheetRefused(`Строка ${error.lines ?? '?'} файла слишком длинная: в ней ячейка больше ${formatNumber(limits.maxCellChars)} знаков или не закрыта кавычка. Проверьте файл`));
      }
      reject(new SpreadsheetRefused(`Не удалось прочитать CSV${error.lines ? ` (строка ${error.lines})` : ''}: проверьте кавычки или сохраните файл из Excel заново как «CSV (разделители — точка с запятой)»`));
    });
    parser.on('end', resolve);
  });
  // It may settle while pieces are still being written; it is awaited below.
  finished.catch(() => {});
  parser.on('data', ({ record, info }: { record: string[]; info: { lines: number } }) => {
    if (failure) return;
    try {
      // info.lines is where the record ends; a record spans as many lines as it has line breaks inside quotes.
      const breaks = record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
      guard.row({ line: info.lines - breaks, cells: record });
    } catch (error) {
      failure = error;
      parser.destroy(error as Error);
    }
  });
  try {
    for (let start = 0; start < text.length && !failure && !parser.destroyed; start += CSV_PIECE) {
      if (!parser.write(text.slice(start, start + CSV_PIECE))) {
        await new Promise<void>((resolve) => {
          parser.once('drain', resolve);
          parser.once('close', resolve);
        });
      }
      // Let other requests run between pieces.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (!parser.destroyed) parser.end();
    await finished;
    if (failure) throw failure;
  } finally {
    if (stats) Object.assign(stats, { rows: guard.rows, unpackedBytes: text.length });
  }
}
