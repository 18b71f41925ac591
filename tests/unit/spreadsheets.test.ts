/**
 * Reading uploaded spreadsheets under limits (src/core/spreadsheets.ts) and the staff import's use of it:
 * hostile files are refused early, with a short Russian message, after reading only what the limit allows.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FormError } from '../../src/core/errors.ts';
import { quoted } from '../../src/core/format.ts';
import { readCsvRows, readXlsxRows, SpreadsheetRefused, type ReadStats, type SheetRow, type SpreadsheetLimits } from '../../src/core/spreadsheets.ts';
import { IMPORT_LIMITS, readTable } from '../../src/modules/staff/staff.files.ts';
import { cellText, mapHeader, MAX_IMPORT_ROWS, readRow } from '../../src/modules/staff/staff.import.ts';
import { bombXlsx, buildXlsx, manyRowsXlsx, SHEET_END, SHEET_START, STRINGS_END, STRINGS_START, textCell } from '../helpers/zip.ts';

const SMALL: SpreadsheetLimits = { maxEntryBytes: 64 * 1024, maxUnpackedBytes: 100 * 1024, maxCellChars: 100, maxColumns: 10, maxTableChars: 5_000 };

async function readAll(bytes: Buffer, limits = SMALL) {
  const rows: SheetRow[] = [];
  const stats: ReadStats = { rows: 0, unpackedBytes: 0 };
  await readXlsxRows(bytes, (row) => rows.push(row), limits, stats);
  return { rows, stats };
}

async function refused(promise: Promise<unknown>, pattern: RegExp): Promise<string> {
  let message = '';
  await assert.rejects(promise, (error: unknown) => {
    const text = error instanceof FormError ? (error.fieldErrors.file ?? '') : error instanceof SpreadsheetRefused ? error.message : '';
    assert.ok(text, `a Russian refusal, got ${String(error)}`);
    assert.match(text, pattern);
    message = text;
    return true;
  });
  assert.ok(message.length < 300, `a short message: ${message.length} characters`);
  return message;
}

const sheet = (...rows: string[]) => `${SHEET_START}${rows.join('')}${SHEET_END}`;

describe('XLSX read as a stream', () => {
  test('cells of every kind: shared and inline strings, rich text without phonetic runs, numbers, dates by style, booleans, formulas, prefixes', async () => {
    const styles = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="[$-419]dd\\.mm\\.yyyy;@"/><numFmt numFmtId="165" formatCode="# ##0,00&quot;р.&quot;"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>`;
    const strings = `${STRINGS_START}<si><t>Фамилия</t></si><si><r><t>Ива</t></r><r><rPr><b/></rPr><t>нова</t></r><rPh><t>いばの</t></rPh></si><si><t xml:space="preserve">с _x000D_переносом</t></si>${STRINGS_END}`;
    const xml = `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
      <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c></x:row>
      <x:row r="3"><x:c r="A3" t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>Мария &amp; «Ко»</x:t></x:is></x:c><x:c r="D3" s="1"><x:v>32944</x:v></x:c><x:c r="E3" s="2"><x:v>45170</x:v></x:c><x:c r="F3" s="3"><x:v>5000</x:v></x:c><x:c r="G3" t="b"><x:v>1</x:v></x:c><x:c r="H3" t="str"><x:f>A3&amp;"!"</x:f><x:v>Иванова!</x:v></x:c><x:c r="I3" t="s"><x:v>2</x:v></x:c><x:c r="J3" t="e"><x:v>#N/A</x:v></x:c></x:row>
      <x:row r="4"><x:c r="A4" s="1"/></x:row>
      </x:sheetData></x:worksheet>`;
    const { rows } = await readAll(await buildXlsx({ sheet: xml, sharedStrings: strings, styles }));
    assert.deepEqual(rows.map((r) => r.line), [1, 3], 'a row without values is skipped; numbers are kept');
    const cells = rows[1]!.cells;
    assert.equal(cells[0], 'Иванова', 'rich text joined, the phonetic guide left out');
    assert.equal(cells[1], 'Мария & «Ко»', 'a cell without a reference follows the previous one');
    assert.equal(cells[2], null, 'the gap stays empty');
    assert.ok(cells[3] instanceof Date && cells[3].toISOString().startsWith('1990-03-12'), String(cells[3]));
    assert.ok(cells[4] instanceof Date && cells[4].toISOString().startsWith('2023-09-01'), 'a custom date format');
    assert.equal(cells[5], 5000, 'a money format is not a date');
    assert.equal(cells[6], 'да');
    assert.equal(cells[7], 'Иванова!', 'a formula gives its cached result');
    assert.equal(cells[8], 'с \rпереносом', '_x000D_ is a carriage return');
    assert.equal(cells.length, 9, 'an error value is no value');
  });

  test('the 1904 date system and a workbook whose first sheet is listed first', async () => {
    const workbook = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="B" sheetId="2" r:id="rId9"/></sheets></workbook>`;
    const styles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`;
    const { rows } = await readAll(await buildXlsx({ workbook, styles, sheet: sheet('<row r="1"><c r="A1" s="1"><v>31482</v></c></row>') }));
    assert.equal((rows[0]!.cells[0] as Date).toISOString().slice(0, 10), '1990-03-12');
  });

  test('a 200 MB cell (≈200 KB zipped) is refused at the cell limit, having unpacked well under a megabyte', async () => {
    const bomb = await bombXlsx(200);
    assert.ok(bomb.length < 400 * 1024, `${bomb.length} bytes`);
    const stats: ReadStats = { rows: 0, unpackedBytes: 0 };
    const started = performance.now();
    const message = await refused(readTable('xlsx', bomb, stats), /ячейка, которая длиннее 2\s000 знаков/);
    const ms = performance.now() - started;
    assert.ok(stats.unpackedBytes < 1024 * 1024, `unpacked ${stats.unpackedBytes} bytes`);
    assert.ok(ms < 5_000, `${Math.round(ms)} ms`);
    assert.doesNotMatch(message, /AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/, 'no user data beyond a few dozen characters');
  });

  test('300 000 rows are refused after reading 10 001 data rows, not all of them', async (t) => {
    const file = await manyRowsXlsx(300_000);
    t.diagnostic(`300 000 rows: ${(file.length / 1024 / 1024).toFixed(1)} MB zipped`);
    const stats: ReadStats = { rows: 0, unpackedBytes: 0 };
    const started = performance.now();
    await refused(readTable('xlsx', file, stats), /больше 10000 строк с данными/);
    const ms = performance.now() - started;
    t.diagnostic(`refused after ${stats.rows} rows, ${Math.round(stats.unpackedBytes / 1024)} KB unpacked, ${Math.round(ms)} ms`);
    // The header row plus MAX_IMPORT_ROWS + 1 data rows: the one over the limit stops the read.
    assert.equal(stats.rows, MAX_IMPORT_ROWS + 2);
    assert.ok(stats.unpackedBytes < 8 * 1024 * 1024, `${stats.unpackedBytes} bytes unpacked`);
    assert.ok(ms < 15_000, `${Math.round(ms)} ms`);
  });

  test('unpacked size is counted while inflating: a part larger than declared, or than the limits, stops the read', async () => {
    const filler = (kb: number) => function* () {
      yield STRINGS_START;
      for (let i = 0; i < kb; i++) yield `<si><t>${'ж'.repeat(500)}</t></si>`;
      yield STRINGS_END;
    };
    const plain = sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>');
    // Declares 200 bytes, holds 100 KB: a reader trusting the headers would be surprised.
    await refused(readAll(await buildXlsx({ sheet: plain, sharedStrings: filler(100)(), declaredStringsSize: 200 })), /Не удалось открыть файл XLSX/);
    // Declares 4 GB: counted anyway, and stopped at the part limit.
    const stats: ReadStats = { rows: 0, unpackedBytes: 0 };
    await refused(readXlsxRows(await buildXlsx({ sheet: plain, sharedStrings: filler(100)(), declaredStringsSize: 0xffffffff }), () => {}, SMALL, stats), /после распаковки больше/);
    assert.ok(stats.unpackedBytes < SMALL.maxEntryBytes + 70 * 1024, `${stats.unpackedBytes}`);
    // Each part under its limit, together over the total.
    const bigSheet = sheet(...Array.from({ length: 60 }, (_, i) => `<row r="${i + 1}">${textCell(`A${i + 1}`, 'ш'.repeat(40))}</row><!--${'x'.repeat(900)}-->`));
    await refused(readAll(await buildXlsx({ sheet: bigSheet, sharedStrings: filler(50)() })), /после распаковки больше/);
  });

  test('cells, columns and the total amount of text have limits; messages name the cell and quote nothing', async () => {
    await refused(readAll(await buildXlsx({ sheet: sheet(`<row r="7">${textCell('C7', 'щ'.repeat(101))}</row>`) })), /^Ячейка C7 длиннее 100 знаков/);
    await refused(readAll(await buildXlsx({ sheet: sheet(`<row r="2">${textCell('K2', 'лишнее')}</row>`) })), /дальше 10-го столбца \(ячейка K2\)/);
    await refused(readAll(await buildXlsx({ sheet: sheet(`<row r="2">${textCell('XFD2', 'далеко')}</row>`) })), /дальше 10-го столбца/);
    // One shared string used by many cells counts every time: no amplification past maxTableChars.
    const strings = `${STRINGS_START}<si><t>${'ы'.repeat(100)}</t></si>${STRINGS_END}`;
    const rows = Array.from({ length: 60 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>0</v></c></row>`);
    await refused(readAll(await buildXlsx({ sheet: sheet(...rows), sharedStrings: strings })), /больше 5\s000 знаков текста/);
    // A long string elsewhere in the shared strings (another sheet's notes) is harmless until a cell uses it.
    const notes = `${STRINGS_START}<si><t>Фамилия</t></si><si><t>${'п'.repeat(500)}</t></si>${STRINGS_END}`;
    const { rows: read } = await readAll(await buildXlsx({ sheet: sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), sharedStrings: notes }));
    assert.deepEqual(read[0]!.cells, ['Фамилия']);
    await refused(readAll(await buildXlsx({ sheet: sheet('<row r="1"><c r="B1" t="s"><v>1</v></c></row>'), sharedStrings: notes })), /^Ячейка B1 длиннее 100 знаков/);
  });

  test('not a workbook, entity tricks and deep nesting are refused as unreadable', async () => {
    const doctype = `<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]>${SHEET_START.replace(/^<\?xml[^>]*>\n/, '')}<row r="1">${textCell('A1', '&lol;')}</row>${SHEET_END}`;
    await refused(readAll(await buildXlsx({ sheet: doctype })), /Не удалось открыть файл XLSX/);
    const deep = sheet(`<row r="1"><c r="A1" t="inlineStr"><is>${'<r>'.repeat(100)}${'</r>'.repeat(100)}</is></c></row>`);
    await refused(readAll(await buildXlsx({ sheet: deep })), /Не удалось открыть файл XLSX/);
    await refused(readAll(await buildXlsx({ sheet: `${SHEET_START}<row r="1"><c r="A1"><v>1</v></c>` })), /Не удалось открыть файл XLSX/);
    await refused(readAll(Buffer.from('PK\u0003\u0004 not really a zip')), /Не удалось открыть файл XLSX/);
    await refused(readAll(await buildXlsx({ sheet: sheet(), workbook: '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>' })), /нет ни одного листа/);
  });

  test('what the row sink throws stops the read and reaches the caller as it is', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `<row r="${i + 1}">${textCell(`A${i + 1}`, 'да')}</row>`);
    const stop = new Error('enough');
    let seen = 0;
    await assert.rejects(
      readXlsxRows(await buildXlsx({ sheet: sheet(...rows) }), () => {
        if (++seen === 3) throw stop;
      }, SMALL),
      (error) => error === stop,
    );
    assert.equal(seen, 3);
  });
});

describe('CSV read as a stream', () => {
  test('a huge field stops the parser at its record guard; a long cell is named by line and column', async () => {
    const huge = Buffer.from(`Фамилия;Имя;Должность\nИванова;${'м'.repeat(4 * 1024 * 1024)};воспитатель\n`);
    const stats: ReadStats = { rows: 0, unpackedBytes: 0 };
    const started = performance.now();
    await refused(readTable('csv', huge, stats), /^Строка 2 файла слишком длинная: в ней ячейка больше 2\s000 знаков или не закрыта кавычка/);
    assert.ok(performance.now() - started < 5_000);
    assert.equal(stats.rows, 1, 'only the header was handed over');
    await refused(readTable('csv', Buffer.from(`Фамилия;Имя;Должность\nИванова;${'м'.repeat(2_500)};воспитатель\n`)), /^Ячейка в строке 2, столбце 2 длиннее 2\s000 знаков/);
    await refused(readTable('csv', Buffer.from(`Фамилия;Имя\n"Иванова;${'м'.repeat(300_000)}\n`)), /не закрыта кавычка/);
  });

  test('too many rows: refused after the first one over the limit', async () => {
    const lines = ['Фамилия;Имя;Должность', ...Array.from({ length: 30_000 }, (_, i) => `Фамилия${i};Имя;воспитатель`)];
    const stats: ReadStats = { rows: 0, unpackedBytes: 0 };
    await refused(readTable('csv', Buffer.from(lines.join('\r\n'))), /больше 10000 строк с данными/);
    await refused(readTable('csv', Buffer.from(lines.join('\r\n')), stats), /разделите файл/);
    assert.equal(stats.rows, MAX_IMPORT_ROWS + 2);
    // Exactly the limit is fine, empty lines and a title line above the header do not count.
    const exact = ['Список сотрудников', 'Фамилия;Имя;Должность', ...lines.slice(1, MAX_IMPORT_ROWS + 1), '', ';;'];
    assert.equal((await readTable('csv', Buffer.from(exact.join('\n')))).length, MAX_IMPORT_ROWS + 2);
  });

  test('the core reader takes any limits', async () => {
    await refused(readCsvRows('a;b\n1;2;3;4;5;6;7;8;9;10;11\n', () => {}, SMALL), /дальше 10-го столбца \(ячейка в строке 2, столбце 11\)/);
  });
});

describe('messages quote at most a few dozen characters', () => {
  test('quoted() cuts long text with «…»', () => {
    assert.equal(quoted('воспитатель'), '«воспитатель»');
    assert.equal(quoted('я'.repeat(41)), `«${'я'.repeat(40)}…»`);
    assert.equal(quoted('😀'.repeat(50), 3), '«😀😀😀…»', 'never halves a character');
  });

  test('an unknown header or a wrong value of 2 000 characters is not repeated', () => {
    const long = 'Ж'.repeat(IMPORT_LIMITS.maxCellChars);
    assert.throws(
      () => mapHeader([{ line: 1, cells: ['Фамилия', 'Имя', 'Должность', long, 'Один', 'Два', 'Три', 'Четыре', 'Пять'] }]),
      (error: unknown) => {
        const message = (error as FormError).fieldErrors.file!;
        assert.match(message, /^Неизвестные столбцы: «Ж{40}…», «Один», «Два», «Три», «Четыре» и ещё 1\. Ожидаются столбцы/);
        assert.ok(message.length < 400, `${message.length}`);
        return true;
      },
    );
    const header = mapHeader([{ line: 1, cells: ['Фамилия', 'Имя', 'Должность', 'Телефон', 'Категория'] }]);
    const row = readRow(header, { line: 2, cells: ['Иванова', 'Мария', long, long, long] }, new Date());
    assert.ok(row.errors.every((e) => e.length < 200), row.errors.join(' | '));
    assert.ok(row.errors.some((e) => e.startsWith(`неизвестная должность «${'Ж'.repeat(40)}…»`)));
  });

  test('control characters in cells become spaces: NUL never reaches the database', () => {
    assert.equal(cellText('Ива\u0000нова\u0007'), 'Ива нова');
  });
});
