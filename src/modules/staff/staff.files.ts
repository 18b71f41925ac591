/**
 * Spreadsheets of the staff directory: reading an uploaded XLSX/CSV into a table of cells (streaming,
 * with limits: src/core/spreadsheets.ts), the export (exceljs), and the two import templates. Column
 * headers are the import's own, so an export can be read back.
 */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { FormError } from '../../core/errors.ts';
import type { UploadKind } from '../../core/uploads.ts';
import { POSITIONS, QUALIFICATION_LABELS } from '../../domain/people.ts';
import type { QualificationCategory } from '../../generated/prisma/enums.ts';
import { readCsvRows, readXlsxRows, SpreadsheetRefused, type ReadStats, type SpreadsheetLimits } from '../../core/spreadsheets.ts';
import { decodeText, IMPORT_COLUMNS, TableCollector, type TableRow } from './staff.import.ts';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Limits of an uploaded staff list, far above any real one (10 000 people in 13 columns unpack to
 * about 5 MB of sheet XML and 3 million characters) and far below what would hurt the server.
 */
export const IMPORT_LIMITS: SpreadsheetLimits = {
  maxEntryBytes: 32 * 1024 * 1024,
  maxUnpackedBytes: 64 * 1024 * 1024,
  // Excel allows 32 767; the longest field of the directory is 500 («Образование»).
  maxCellChars: 2_000,
  maxColumns: 50,
  maxTableChars: 10_000_000,
};

/**
 * The file as a table of cells, CSV and XLSX alike, read as a stream: the first limit passed — unpacked
 * size, cell length, columns, amount of text, or MAX_IMPORT_ROWS data rows — stops the read with a
 * Russian message for the form. `stats` (optional) tells how far the read went.
 */
export async function readTable(kind: UploadKind, bytes: Buffer, stats: ReadStats = { rows: 0, unpackedBytes: 0 }): Promise<TableRow[]> {
  const table = new TableCollector();
  const add = (row: TableRow) => table.add(row);
  try {
    if (kind === 'csv') await readCsvRows(decodeText(bytes), add, IMPORT_LIMITS, stats);
    else await readXlsxRows(bytes, add, IMPORT_LIMITS, stats);
  } catch (error) {
    if (error instanceof SpreadsheetRefused) throw new FormError({ file: error.message });
    throw error;
  }
  return table.rows;
}

// ---- export -----------------------------------------------------------------------------------

export interface ExportedStaff {
  lastName: string;
  firstName: string;
  middleName: string;
  birthDate: Date | null;
  position: string;
  hiredOn: Date | null;
  experienceYears: number;
  experienceHereYears: number;
  qualificationCategory: QualificationCategory;
  education: string;
  ageGroup: string;
  email: string;
  phone: string;
  archivedAt: Date | null;
  lineManager: { lastName: string; firstName: string; middleName: string } | null;
  user: { login: string } | null;
}

const WIDTHS: Record<string, number> = { lastName: 18, firstName: 14, middleName: 18, position: 30, qualificationCategory: 24, education: 30, ageGroup: 24, email: 28, phone: 18 };

function dataSheet(workbook: ExcelJS.Workbook, name: string, extra: Partial<ExcelJS.Column>[] = []) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    ...IMPORT_COLUMNS.map((c) => ({
      header: c.header,
      key: c.key,
      width: WIDTHS[c.key] ?? 14,
      style: c.key === 'birthDate' || c.key === 'hiredOn' ? { numFmt: 'dd.mm.yyyy' } : c.key === 'phone' ? { numFmt: '@' } : {},
    })),
    ...extra,
  ];
  sheet.getRow(1).font = { bold: true };
  return sheet;
}

export async function staffWorkbook(staff: ExportedStaff[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Наставник';
  // Extra columns the import reads past (it knows these headers), so an export can be loaded back.
  const sheet = dataSheet(workbook, 'Сотрудники', [
    { header: 'Руководитель', key: 'lineManager', width: 28 },
    { header: 'Учётная запись', key: 'account', width: 18 },
    { header: 'Состояние', key: 'state', width: 12 },
  ]);
  for (const s of staff) {
    sheet.addRow({
      ...s,
      qualificationCategory: QUALIFICATION_LABELS[s.qualificationCategory],
      lineManager: s.lineManager ? [s.lineManager.lastName, s.lineManager.firstName, s.lineManager.middleName].filter(Boolean).join(' ') : '',
      account: s.user?.login ?? '',
      state: s.archivedAt ? 'в архиве' : 'работает',
    });
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columnCount } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---- templates --------------------------------------------------------------------------------

const TEMPLATE_ROWS = 2000;

/** The XLSX template: the header, drop-down lists for position and category, and a sheet explaining the columns. */
export async function templateWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Наставник';
  const sheet = dataSheet(workbook, 'Сотрудники');
  const lists = workbook.addWorksheet('Справочники');
  lists.columns = [
    { header: 'Должность', key: 'position', width: 36 },
    { header: 'Категория', key: 'category', width: 36 },
    { header: 'Столбец', key: 'column', width: 22 },
    { header: 'Что вписать', key: 'hint', width: 70 },
  ];
  lists.getRow(1).font = { bold: true };
  const categories = Object.values(QUALIFICATION_LABELS);
  const height = Math.max(POSITIONS.length, categories.length, IMPORT_COLUMNS.length);
  for (let i = 0; i < height; i++) {
    lists.addRow({ position: POSITIONS[i] ?? null, category: categories[i] ?? null, column: IMPORT_COLUMNS[i]?.header ?? null, hint: IMPORT_COLUMNS[i]?.hint ?? null });
  }
  const columnLetter = (key: string) => sheet.getColumn(key).letter;
  const validations = (sheet as unknown as { dataValidations: { add(range: string, rule: object): void } }).dataValidations;
  const list = (key: string, source: string, title: string) =>
    validations.add(`${columnLetter(key)}2:${columnLetter(key)}${TEMPLATE_ROWS}`, {
      type: 'list',
      allowBlank: true,
      formulae: [source],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: title,
      error: 'Выберите значение из списка на листе «Справочники»',
    });
  list('position', `'Справочники'!$A$2:$A$${POSITIONS.length + 1}`, 'Должность');
  list('qualificationCategory', `'Справочники'!$B$2:$B$${categories.length + 1}`, 'Категория');
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The CSV template as Russian Excel writes it: UTF-8 with a BOM, «;» between columns. */
export function templateCsv(): Buffer {
  const header = stringify([IMPORT_COLUMNS.map((c) => c.header)], { delimiter: ';', record_delimiter: 'windows' });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(header, 'utf8')]);
}
