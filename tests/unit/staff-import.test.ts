import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FormError } from '../../src/core/errors.ts';
import { detectDelimiter } from '../../src/core/spreadsheets.ts';
import { readTable } from '../../src/modules/staff/staff.files.ts';
import {
  buildPreview,
  decodeText,
  mapHeader,
  problemsFirst,
  type ExistingStaff,
  type TableRow,
} from '../../src/modules/staff/staff.import.ts';
import {
  excelSerialToDate,
  matchCategory,
  matchPosition,
  normalizePhone,
  parseYears,
} from '../../src/modules/staff/staff.values.ts';
import { isoOfDbDate as isoDate, parseDateText } from '../../src/domain/dates.ts';
import { shortNameOf } from '../../src/domain/people.ts';

const TODAY = new Date(Date.UTC(2026, 0, 15));
const HEADER = ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Должность', 'Дата приёма', 'Общий стаж', 'Стаж в организации', 'Категория', 'Образование', 'Возрастная группа', 'E-mail', 'Телефон'];

function table(...rows: (string | number | Date | null)[][]): TableRow[] {
  return rows.map((cells, i) => ({ line: i + 1, cells }));
}
const person = (over: Partial<Record<(typeof HEADER)[number], string | number | Date>> = {}) =>
  HEADER.map((h) => over[h] ?? ({ Фамилия: 'Иванова', Имя: 'Мария', Отчество: 'Петровна', 'Дата рождения': '12.03.1990', Должность: 'воспитатель', 'Общий стаж': '10', 'Стаж в организации': '5', Категория: 'первая' } as Record<string, string>)[h] ?? '');

const readCsv = (text: string) => readTable('csv', Buffer.from(text, 'utf8'));

async function expectFormErrorAsync(promise: Promise<unknown>, pattern: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof FormError, String(error));
    assert.match(error.fieldErrors.file ?? '', pattern);
    return true;
  });
}

function expectFormError(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof FormError);
    assert.match(error.fieldErrors.file ?? '', pattern);
    return true;
  });
}

describe('values', () => {
  test('dates: DD.MM.YYYY, ISO, impossible dates, Excel serials', () => {
    assert.equal(isoDate(parseDateText('12.03.1990')), '1990-03-12');
    assert.equal(isoDate(parseDateText('1.3.1990')), '1990-03-01');
    assert.equal(isoDate(parseDateText('1990-03-12')), '1990-03-12');
    assert.equal(parseDateText('31.02.1990'), null);
    assert.equal(parseDateText('12/03/90'), null);
    assert.equal(parseDateText('завтра'), null);
    assert.equal(isoDate(excelSerialToDate(32944)), '1990-03-12');
    assert.equal(excelSerialToDate(-5), null);
  });

  test('phones become +7 XXX XXX-XX-XX; foreign or short numbers are refused', () => {
    for (const input of ['89101234567', '+7 (910) 123-45-67', '8-910-123-45-67', '9101234567', '7 910 123 45 67']) {
      assert.equal(normalizePhone(input), '+7 910 123-45-67', input);
    }
    assert.equal(normalizePhone(''), '');
    assert.equal(normalizePhone('123-45'), null);
    assert.equal(normalizePhone('+8 910 123-45-67'), null);
    assert.equal(normalizePhone('+375 29 123-45-67'), null);
    assert.equal(normalizePhone('звонить секретарю'), null);
  });

  test('positions and categories as people write them', () => {
    assert.equal(matchPosition('  Учитель-Логопед '), 'учитель-логопед');
    assert.equal(matchPosition('СТАРШИЙ   ВОСПИТАТЕЛЬ'), 'старший воспитатель');
    assert.equal(matchPosition('директор'), null);
    assert.equal(matchCategory('Высшая категория'), 'HIGHEST');
    assert.equal(matchCategory('первая квалификационная категория'), 'FIRST');
    assert.equal(matchCategory('СЗД'), 'CORRESPONDENCE');
    assert.equal(matchCategory(''), 'NONE');
    assert.equal(matchCategory('Педагог-наставник'), 'MENTOR');
    assert.equal(matchCategory('вторая'), null);
  });

  test('years of experience', () => {
    assert.equal(parseYears('12'), 12);
    assert.equal(parseYears('12 лет'), 12);
    assert.equal(parseYears('3,5'), 3);
    assert.equal(parseYears(''), 0);
    assert.equal(parseYears(7), 7);
    assert.equal(parseYears('много'), null);
    assert.equal(parseYears('71'), null);
    assert.equal(parseYears(-1), null);
  });

  test('short names for messages', () => {
    assert.equal(shortNameOf({ lastName: 'Иванова', firstName: 'мария', middleName: 'Петровна' }), 'Иванова М.П.');
    assert.equal(shortNameOf({ lastName: 'Ким', firstName: 'Ли', middleName: '' }), 'Ким Л.');
  });
});

describe('reading CSV', () => {
  test('Windows-1251 bytes are recognised; UTF-8 with a BOM too', () => {
    const cp1251 = Buffer.from([0xd4, 0xe0, 0xec, 0xe8, 0xeb, 0xe8, 0xff, 0x3b, 0xc8, 0xec, 0xff]); // «Фамилия;Имя»
    assert.equal(decodeText(cp1251), 'Фамилия;Имя');
    assert.equal(decodeText(Buffer.from('\uFEFFФамилия;Имя', 'utf8')), 'Фамилия;Имя');
  });

  test('the delimiter is taken from the header line: «;» from Russian Excel, «,» otherwise', async () => {
    assert.equal(detectDelimiter('Фамилия;Имя;Должность\nа,б;в;г'), ';');
    assert.equal(detectDelimiter('Фамилия,Имя,Должность\n'), ',');
    assert.equal(detectDelimiter('Фамилия'), ';');
    const rows = await readCsv('Фамилия,Имя,Должность\r\n"Иванова, в девичестве Петрова",Мария,воспитатель\r\n');
    assert.deepEqual(rows[1], { line: 2, cells: ['Иванова, в девичестве Петрова', 'Мария', 'воспитатель'] });
  });

  test('line numbers survive empty lines and quoted line breaks', async () => {
    const rows = await readCsv('Фамилия;Имя;Образование\n\nИванова;Мария;"высшее,\nКГУ"\nПетрова;Анна;среднее\n');
    assert.deepEqual(rows.map((r) => r.line), [1, 3, 5]);
  });

  test('a broken quote is a Russian message, not a crash', async () => {
    await expectFormErrorAsync(readCsv('Фамилия;Имя\n"Иванова;Мария\n'), /Не удалось прочитать CSV/);
  });
});

describe('the header', () => {
  test('matched case-insensitively, «Дата приема» without ё, in any order, after a title line', () => {
    const header = mapHeader(table(['Список педагогов МБДОУ'], ['должность', 'ФАМИЛИЯ', 'имя', 'Дата приема', 'e-mail', '№']));
    assert.equal(header.index, 1);
    assert.deepEqual(header.columns, ['position', 'lastName', 'firstName', 'hiredOn', 'email', 'ignored']);
  });

  test('unknown columns → the list of expected ones', () => {
    expectFormError(() => mapHeader(table(['Фамилия', 'Имя', 'Должность', 'Зарплата'])), /Неизвестные столбцы: «Зарплата»\. Ожидаются столбцы: Фамилия, Имя, Отчество, Дата рождения/);
  });

  test('missing required columns, duplicated columns, an empty file', () => {
    expectFormError(() => mapHeader(table(['Фамилия', 'Имя', 'Отчество'])), /Нет обязательных столбцов: Должность/);
    expectFormError(() => mapHeader(table(['Фамилия', 'Имя', 'Должность', 'фамилия'])), /встречается дважды/);
    expectFormError(() => mapHeader([]), /Файл пустой/);
    expectFormError(() => buildPreview(table(HEADER), [], TODAY), /нет строк с данными/);
  });
});

describe('rows and their problems', () => {
  test('a good row becomes normalised values without problems', () => {
    const { rows, total, valid } = buildPreview(
      table(HEADER, person({ Должность: 'Воспитатель', Категория: 'Высшая', 'E-mail': 'Ivanova@DS50.ru', Телефон: '8 910 123 45 67', 'Дата приёма': new Date(Date.UTC(2015, 8, 1)), 'Общий стаж': 10 })),
      [],
      TODAY,
    );
    assert.equal(total, 1);
    assert.equal(valid, 1);
    assert.deepEqual(rows[0], {
      line: 2,
      errors: [],
      values: {
        lastName: 'Иванова',
        firstName: 'Мария',
        middleName: 'Петровна',
        birthDate: '1990-03-12',
        position: 'воспитатель',
        hiredOn: '2015-09-01',
        experienceYears: 10,
        experienceHereYears: 5,
        qualificationCategory: 'HIGHEST',
        education: '',
        ageGroup: '',
        email: 'ivanova@ds50.ru',
        phone: '+7 910 123-45-67',
      },
    });
  });

  test('each kind of problem is named in Russian with the value as written', () => {
    const { rows, valid } = buildPreview(
      table(
        HEADER,
        person({ Фамилия: '' }),
        person({ Имя: '' }),
        person({ Должность: 'директор' }),
        person({ Должность: '' }),
        person({ 'Дата рождения': '31.02.1990' }),
        person({ 'Дата рождения': '01.01.2020' }),
        person({ 'Дата приёма': 'вчера' }),
        person({ 'Дата рождения': '01.01.1990', 'Дата приёма': '01.01.1985' }),
        person({ 'Общий стаж': 'много' }),
        person({ 'Общий стаж': '3', 'Стаж в организации': '5' }),
        person({ Категория: 'вторая' }),
        person({ 'E-mail': 'ivanova@' }),
        person({ Телефон: '12-34' }),
        person({ Образование: 'x'.repeat(501) }),
      ),
      [],
      TODAY,
    );
    const problems = rows.map((r) => r.errors.join('; '));
    assert.equal(valid, 0);
    assert.match(problems[0]!, /не указана фамилия/);
    assert.match(problems[1]!, /не указано имя/);
    assert.match(problems[2]!, /неизвестная должность «директор»/);
    assert.match(problems[3]!, /не указана должность/);
    assert.match(problems[4]!, /неверная дата рождения «31\.02\.1990»/);
    assert.match(problems[5]!, /дата рождения вне допустимых пределов «01\.01\.2020»/);
    assert.match(problems[6]!, /неверная дата приёма «вчера»/);
    assert.match(problems[7]!, /дата приёма раньше даты рождения/);
    assert.match(problems[8]!, /неверный общий стаж «много»/);
    assert.match(problems[9]!, /стаж в организации больше общего стажа/);
    assert.match(problems[10]!, /неизвестная категория «вторая»/);
    assert.match(problems[11]!, /неверный e-mail «ivanova@»/);
    assert.match(problems[12]!, /неверный телефон «12-34»/);
    assert.match(problems[13]!, /слишком длинное значение в столбце «Образование»/);
  });

  test('duplicates inside the file point at the first line; ё and case do not hide them', () => {
    const { rows } = buildPreview(
      table(
        HEADER,
        person({ 'E-mail': 'a@ds50.ru' }),
        person({ Имя: 'мария', Отчество: 'ПЕТРОВНА' }),
        person({ Фамилия: 'Сёмина', 'E-mail': 'A@ds50.ru' }),
        person({ Фамилия: 'Семина', 'Дата рождения': '' }),
        person({ Фамилия: 'Сёмина', 'Дата рождения': '' }),
        person({ 'Дата рождения': '13.03.1990' }),
      ),
      [],
      TODAY,
    );
    assert.deepEqual(rows.map((r) => r.errors), [
      [],
      ['дубликат строки 2 (ФИО и дата рождения)'],
      ['дубликат строки 2 (e-mail)'],
      [],
      ['дубликат строки 5 (ФИО и дата рождения)'],
      [],
    ]);
  });

  test('people already in the directory are matches (not errors); archived ones and taken e-mails are errors', () => {
    const existing: ExistingStaff[] = [
      { id: 1, lastName: 'Иванова', firstName: 'Мария', middleName: 'Петровна', birthDate: new Date(Date.UTC(1990, 2, 12)), email: '', archivedAt: null },
      { id: 2, lastName: 'Петрова', firstName: 'Анна', middleName: 'Ивановна', birthDate: null, email: 'petrova@ds50.ru', archivedAt: new Date() },
    ];
    const { rows, valid } = buildPreview(
      table(
        HEADER,
        person(),
        person({ Фамилия: 'Петрова', Имя: 'Анна', Отчество: 'Ивановна', 'Дата рождения': '' }),
        person({ Фамилия: 'Сидорова', 'E-mail': 'PETROVA@ds50.ru' }),
        person({ Фамилия: 'Сидорова', 'Дата рождения': '01.01.1980' }),
      ),
      existing,
      TODAY,
    );
    assert.deepEqual(rows.map((r) => r.errors), [
      [],
      ['уже есть в справочнике: Петрова А.И. (в архиве)'],
      ['e-mail уже у сотрудника Петрова А.И. (в архиве)'],
      [],
    ]);
    assert.deepEqual(rows.map((r) => r.matchId), [1, undefined, undefined, undefined], 'the same person (ФИО and birth date) matches the card');
    assert.equal(valid, 2);
  });

  test('a single «ФИО» column is split; empty rows are skipped; problems come first', () => {
    const { rows } = buildPreview(
      table(['ФИО', 'Должность', 'Дата рождения'], ['Иванова Мария Петровна', 'воспитатель', 32944], ['', '', ''], ['Петрова', 'воспитатель', '']),
      [],
      TODAY,
    );
    assert.equal(rows.length, 2);
    assert.deepEqual([rows[0]!.values.lastName, rows[0]!.values.firstName, rows[0]!.values.middleName, rows[0]!.values.birthDate], ['Иванова', 'Мария', 'Петровна', '1990-03-12']);
    assert.deepEqual(rows[1]!.errors, ['не указано имя']);
    assert.deepEqual(problemsFirst(rows).map((r) => r.line), [4, 2]);
  });

  test('too many rows are refused before any checking', () => {
    const many = table(HEADER, ...Array.from({ length: 10_001 }, () => person()));
    expectFormError(() => buildPreview(many, [], TODAY), /не больше 10000: разделите файл/);
  });
});
