import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import zlib from 'node:zlib';
import { extractText, getDocumentProxy } from 'unpdf';
import { typeset } from '../../src/core/documents/document.ts';
import { hyphenate, plainText } from '../../src/core/documents/typography.ts';
import { renderDocx, renderPdf, type DocumentDescription } from '../../src/core/documents/index.ts';
import { initialsSurname } from '../../src/domain/people.ts';
import { printer } from '../../src/core/documents/pdf.ts';
import { consentDocument } from '../../src/modules/consents/consents.documents.ts';
import {
  CONSENT_KINDS,
  DEFAULT_TEMPLATES,
  consentText,
  fillText,
  kindFromSlug,
  unknownPlaceholders,
  type FillContext,
} from '../../src/modules/consents/consents.templates.ts';

/** Entries of a ZIP archive (DOCX) read through its central directory with node:zlib only. */
function unzip(buffer: Buffer): Map<string, Buffer> {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end > 0, 'a ZIP end-of-central-directory record');
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(buffer.readUInt32LE(offset), 0x02014b50, 'a central directory header');
    const method = buffer.readUInt16LE(offset + 10);
    const size = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const skip = nameLength + buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
    const local = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + size);
    entries.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    offset += 46 + skip;
  }
  return entries;
}

/** Line wraps and no-break spaces as single spaces, non-breaking hyphens as hyphens (see typeset()). */
function plain(text: string): string {
  return plainText(text).replace(/\s+/g, ' ');
}

async function pdfText(buffer: Buffer): Promise<{ text: string; pages: number }> {
  const pdf = await getDocumentProxy(new Uint8Array(buffer));
  const { text, totalPages } = await extractText(pdf, { mergePages: true });
  return { text: plain(text), pages: totalPages };
}

const ORDER: DocumentDescription = {
  fileTitle: 'Приказ № 12-од',
  organization: ['Муниципальное бюджетное дошкольное образовательное учреждение', '«Детский сад № 50 «Алёнушка» города Калуги'],
  title: 'Приказ',
  dateNumber: { date: '25.11.2026', number: '12-од', place: 'г. Калуга' },
  heading: 'О закреплении наставнических пар',
  body: [
    { kind: 'paragraph', text: 'В соответствии со статьёй 351.8 Трудового кодекса Российской Федерации — и Положением о системе наставничества' },
    { kind: 'heading', text: 'ПРИКАЗЫВАЮ:' },
    { kind: 'points', items: ['Закрепить наставников.', { text: 'Утвердить программы:', points: ['первую;', [{ text: 'вторую', bold: true }, { text: '.' }]] }] },
    { kind: 'table', columns: [{ title: '№' , width: 1 }, { title: 'Наставник', width: 4 }, { title: 'Наставляемый', width: 4 }], rows: [['1', 'Морозова Е.С.', 'Иванова М.П.']] },
    { kind: 'signatures', rows: [{ position: 'Заведующий', name: initialsSurname('Свиридова Наталья Геннадьевна') }] },
  ],
};

describe('initialsSurname', () => {
  test('puts the initials before the surname', () => {
    assert.equal(initialsSurname('Свиридова Наталья Геннадьевна'), 'Н.Г. Свиридова');
    assert.equal(initialsSurname('  Иванова   Мария  '), 'М. Иванова');
    assert.equal(initialsSurname('Петрова-Водкина Анна-Мария Сергеевна'), 'А.-М.С. Петрова-Водкина');
    assert.equal(initialsSurname('Мамедов Али Гусейн оглы'), 'А.Г. Мамедов');
    assert.equal(initialsSurname('ёлкина ёлка ёлковна'), 'Ё.Ё. ёлкина');
    assert.equal(initialsSurname('Цой'), 'Цой');
    assert.equal(initialsSurname(''), '');
  });
});

describe('typeset', () => {
  test('keeps «№ 152-ФЗ», initials and «г. Калуга» on one line', () => {
    assert.equal(typeset('закона № 152-ФЗ, М.П. Иванова, Н. Свиридова, г. Калуга, ст. 9, 2–11, 1-2'), 'закона №\u00A0152\u2011ФЗ, М.П.\u00A0Иванова, Н.\u00A0Свиридова, г.\u00A0Калуга, ст.\u00A09, 2–\u206011, 1-2');
  });

  test('hyphenated words and number ranges never split; office no-break spaces', () => {
    assert.equal(typeset('учитель-логопед Павловой-Смирновой психолого-педагогическую'), 'учитель\u2011логопед Павловой\u2011Смирновой психолого\u2011педагогическую');
    assert.equal(typeset('детей 3–4 лет, 2025–2026 учебный год'), 'детей 3–\u20604 лет, 2025–\u20602026 учебный год');
    assert.equal(typeset('приказ № 5 от 30.11.2026 г., ст. 351.8, п. 1.1'), 'приказ №\u00A05 от 30.11.2026\u00A0г., ст.\u00A0351.8, п.\u00A01.1');
    assert.equal(typeset('Н.Г. Свиридова и Свиридова Н.Г., Павловой-Смирновой Е.С.'), 'Н.Г.\u00A0Свиридова и Свиридова\u00A0Н.Г., Павловой\u2011Смирновой\u00A0Е.С.');
    assert.equal(typeset('5 000,00 руб. в месяц; Положение — документ'), '5\u00A0000,00\u00A0руб. в месяц; Положение\u00A0— документ');
    assert.equal(typeset('https://ds50.example.ru/p/ds-50 ivanova-m@example.ru'), 'https://ds50.example.ru/p/ds-50 ivanova-m@example.ru', 'addresses stay as typed');
  });

  test('Russian hyphenation: soft hyphens in long lowercase words only', () => {
    assert.equal(hyphenate('педагогических работников'), 'пе\u00ADда\u00ADго\u00ADги\u00ADче\u00ADских ра\u00ADбот\u00ADни\u00ADков');
    assert.equal(hyphenate('Свиридовой Калуги учителем\u2011логопедом ivanova@example.ru'), 'Свиридовой Калуги учителем\u2011логопедом ivanova@example.ru', 'names, compounds and addresses are not hyphenated');
    assert.equal(plainText(hyphenate(typeset('педагогических 3–4 № 5 учитель-логопед'))), 'педагогических 3–4 № 5 учитель-логопед');
  });
});

/** Text items of the first page with their position: [{ str, x, y, width }]. */
async function pdfItems(buffer: Buffer) {
  const pdf = await getDocumentProxy(new Uint8Array(buffer));
  const content = await (await pdf.getPage(1)).getTextContent();
  return content.items.flatMap((item) => ('str' in item ? [{ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width }] : []));
}

describe('PDF typography', () => {
  const justified = 'Закрепить за учителем-логопедом Павловой-Смирновой Еленой Сергеевной психолого-педагогическую поддержку воспитанников 3–4 лет и организационно-методическое сопровождение; **ознакомить** с приказом. '.repeat(6);

  test('justification stretches only the spaces: no «слово- слово», no gap inside a word or before a full stop', async () => {
    const bold = justified.split('**');
    const doc: DocumentDescription = { fileTitle: 'x', body: [{ kind: 'paragraph', text: bold.map((text, i) => ({ text, bold: i % 2 === 1 })) }] };
    const items = await pdfItems(await renderPdf(doc));
    assert.ok(items.length > 20);
    let joined = 0;
    for (let i = 1; i < items.length; i++) {
      const [previous, item] = [items[i - 1]!, items[i]!];
      if (Math.abs(previous.y - item.y) > 0.5 || /\s$/.test(previous.str) || !previous.str || !item.str) continue;
      // A piece that does not end with a space continues the same word: it starts where the previous one ends.
      assert.ok(Math.abs(item.x - (previous.x + previous.width)) < 0.5, `«${previous.str}» + «${item.str}» are apart by ${(item.x - previous.x - previous.width).toFixed(2)} pt`);
      joined++;
    }
    assert.ok(joined > 10, 'soft hyphens and bold runs split words into pieces that stay together');
    const { text } = await pdfText(await renderPdf(doc));
    assert.doesNotMatch(text, /[А-Яа-яЁё\d][-‑–] +[А-Яа-яЁё\d]/, 'no hyphen or dash followed by a space');
    for (const word of ['Павловой-Смирновой', 'учителем-логопедом', 'психолого-педагогическую', '3–4 лет']) assert.ok(text.includes(word), word);
  });

  test('a line that ends inside a word ends with a hyphen; the font is Tinos (a Times New Roman-like serif)', async () => {
    const words = 'Сопровождение педагогических работников образовательных организаций, профессиональное становление, взаимодействие, самообразование. ';
    const buffer = await renderPdf({ fileTitle: 'x', body: [{ kind: 'paragraph', text: words.repeat(4) }] });
    const pdf = await getDocumentProxy(new Uint8Array(buffer));
    const { text } = await extractText(pdf, { mergePages: true });
    assert.match(text, /[а-яё]-\n[а-яё]/, `some line ends with a soft hyphen made visible: ${text}`);
    assert.equal(plainText(text).replace(/-\n/g, '').replace(/\s+/g, ' ').trim(), words.repeat(4).trim(), 'nothing else differs: soft hyphens are invisible inside a line');
    assert.match(buffer.toString('latin1'), /\/BaseFont \/[A-Z]{6}\+Tinos/);
  });
});

describe('renderPdf', () => {
  test('keeps Cyrillic, №, «», — and every block; one page in well under 300 ms', async (t) => {
    await renderPdf(ORDER); // the first document loads pdfmake and the fonts
    // The cost is measured as this process's CPU time (best of 5): tests run in parallel on a small
    // machine, and wall time then mostly measures the other processes. Wall time is reported too.
    const cpu: number[] = [];
    const wall: number[] = [];
    let buffer: Buffer = Buffer.alloc(0);
    for (let i = 0; i < 5; i++) {
      const cpuStart = process.cpuUsage();
      const started = performance.now();
      buffer = await renderPdf(ORDER);
      wall.push(performance.now() - started);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
    }
    const best = Math.min(...cpu);
    assert.equal(buffer.subarray(0, 5).toString(), '%PDF-');
    const { text, pages } = await pdfText(buffer);
    assert.equal(pages, 1);
    for (const expected of ['ПРИКАЗ', '№ 12-од', '25.11.2026', 'г. Калуга', '«Детский сад № 50 «Алёнушка»', 'О закреплении наставнических пар', '351.8 Трудового кодекса Российской Федерации —', 'ПРИКАЗЫВАЮ:', '1. Закрепить наставников.', '2.2. вторую.', 'Морозова Е.С.', 'Н.Г. Свиридова', '(подпись)']) {
      assert.ok(text.includes(expected), `the PDF text has «${expected}»: ${text}`);
    }
    assert.ok(best < 300, `one page took ${best.toFixed(0)} ms of CPU at best of 5`);
    t.diagnostic(`one-page PDF: ${best.toFixed(0)} ms CPU (best of 5); wall ${Math.min(...wall).toFixed(0)}–${Math.max(...wall).toFixed(0)} ms`);
  });

  test('page breaks and appendices start new pages', async () => {
    const doc: DocumentDescription = {
      ...ORDER,
      body: [...ORDER.body, { kind: 'appendix', mark: ['Приложение № 1', 'к приказу от 25.11.2026 № 12-од'], title: 'Список', heading: 'наставнических пар' }, { kind: 'pageBreak' }, { kind: 'paragraph', text: 'Третья страница' }],
    };
    const { text, pages } = await pdfText(await renderPdf(doc));
    assert.equal(pages, 3);
    assert.ok(text.includes('Приложение № 1') && text.includes('СПИСОК') && text.includes('Третья страница'));
  });

  test('control characters in user text are dropped, not fatal', async () => {
    const { text } = await pdfText(await renderPdf({ fileTitle: 'x', body: [{ kind: 'paragraph', text: 'Иванова\u0000\u0007 Мария' }] }));
    assert.ok(text.includes('Иванова Мария'));
  });

  test('pdfmake may not read local files or fetch URLs', async () => {
    await assert.rejects(printer().createPdf({ content: [{ image: '/etc/hostname' }] }).getBuffer(), /denied/);
    await assert.rejects(printer().createPdf({ content: [{ image: 'https://example.invalid/x.png' }] }).getBuffer(), /denied/);
  });
});

describe('renderDocx', () => {
  test('is a valid Word file: Times New Roman, ГОСТ margins, the text', async () => {
    const buffer = await renderDocx(ORDER);
    assert.equal(buffer.subarray(0, 2).toString(), 'PK');
    const entries = unzip(buffer);
    assert.ok(entries.has('[Content_Types].xml'));
    const xml = plain(entries.get('word/document.xml')?.toString('utf8') ?? '');
    for (const expected of ['ПРИКАЗ', '№ 12-од', 'О закреплении наставнических пар', 'ПРИКАЗЫВАЮ:', 'Н.Г. Свиридова', '«Алёнушка»', 'вторую']) {
      assert.ok(xml.includes(expected), `document.xml has «${expected}»`);
    }
    // A4 and margins 20/10/20/30 mm in twips.
    assert.match(xml, /<w:pgSz w:w="11906" w:h="16838"/);
    assert.match(xml, /<w:pgMar w:top="1134" w:right="567" w:bottom="1134" w:left="1701"/);
    assert.match(entries.get('word/styles.xml')?.toString('utf8') ?? '', /Times New Roman/);
  });

  test('escapes markup in user text', async () => {
    const xml = unzip(await renderDocx({ fileTitle: 'x', body: [{ kind: 'paragraph', text: '<w:t>&"\u0001' }] })).get('word/document.xml')!.toString();
    assert.ok(xml.includes('&lt;w:t&gt;&amp;'));
  });
});

const CTX: FillContext = {
  organization: {
    fullName: 'Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 50 «Алёнушка»',
    fullNameGenitive: '',
    fullNameDative: '',
    shortName: 'МБДОУ № 50',
    address: '248000, г. Калуга, ул. Ленина, д. 1',
    postalAddress: '',
    inn: '4028012349',
    ogrn: '1024001234564',
    headName: 'Свиридова Наталья Геннадьевна',
    headPosition: 'Заведующий',
    website: '',
    socialPages: '',
    slug: 'alenushka',
    processorName: '',
    processorInn: '',
    processorAddress: '',
    signatureBasis: '',
  },
  publicUrl: '',
  person: { lastName: 'Иванова', firstName: 'Мария', middleName: 'Петровна', position: 'воспитатель', email: 'ivanova@example.ru', phone: '' },
  now: new Date('2026-11-25T09:00:00Z'),
  timeZone: 'Europe/Moscow',
};

describe('consent texts', () => {
  test('placeholders fill from the organization and the person; unknown ones are reported', () => {
    assert.equal(fillText('{{person.fullName}}, {{ person.initials }}, {{organization.headInitials}}', CTX, 'print'), 'Иванова Мария Петровна, М.П. Иванова, Н.Г. Свиридова');
    assert.equal(fillText('сайт {{organization.website}}', CTX, 'electronic'), 'сайт ________________________', 'an empty value prints as a blank');
    assert.equal(fillText('{{date}}', CTX, 'electronic'), '25.11.2026');
    assert.equal(fillText('{{date}}', CTX, 'print'), '«___» ____________ 20___ г.');
    assert.deepEqual(unknownPlaceholders('{{person.fullName}} {{person.salary}} {{ nope }}'), ['{{person.salary}}', '{{ nope }}']);
    assert.deepEqual(unknownPlaceholders('{{person.fullName}} {{ broken'), ['{{…}} (непарные фигурные скобки)']);
    for (const kind of CONSENT_KINDS) assert.deepEqual(unknownPlaceholders(DEFAULT_TEMPLATES[kind].title + DEFAULT_TEMPLATES[kind].body), [], kind);
    assert.equal(kindFromSlug('personal-data'), 'PERSONAL_DATA');
    assert.equal(kindFromSlug('MENTORING'), 'MENTORING');
    assert.equal(kindFromSlug('../etc'), undefined);
  });

  test('paper keeps blanks for the document; the electronic text carries what the person typed', () => {
    const paper = consentText(DEFAULT_TEMPLATES.PERSONAL_DATA, CTX, 'print');
    const shown = consentText(DEFAULT_TEMPLATES.PERSONAL_DATA, CTX, 'electronic');
    const given = { address: '248001, г. Калуга, ул. Садовая, д. 5, кв. 7', document: 'паспорт гражданина Российской Федерации 29 04 123456, выдан УМВД России по Калужской области, дата выдачи 12.03.2015', restrictions: '' };
    const online = consentText(DEFAULT_TEMPLATES.PERSONAL_DATA, { ...CTX, given }, 'electronic');
    assert.match(paper, /серия ________ № ______________/);
    assert.match(shown, /адрес регистрации: \(указывается ниже, при подтверждении согласия\)/);
    assert.match(online, /адрес регистрации: 248001, г\. Калуга, ул\. Садовая, д\. 5, кв\. 7,\nдокумент, удостоверяющий личность: паспорт гражданина Российской Федерации 29 04 123456, выдан УМВД России/);
    assert.doesNotMatch(online, /____|хранится у оператора|указывается ниже/);
    assert.match(online, /оператору — Муниципальному бюджетному дошкольному образовательному учреждению «Детский сад № 50 «Алёнушка» \(ИНН 4028012349, ОГРН 1024001234564; адрес: 248000/);
    const signed = consentText(DEFAULT_TEMPLATES.PERSONAL_DATA, { ...CTX, login: 'ivanova.mp', given: { ...given, document: '' }, organization: { ...CTX.organization, signatureBasis: 'п. 6.3 Положения' } }, 'electronic');
    assert.match(signed, /документ, удостоверяющий личность: не указывается: согласие подписано простой электронной подписью — учётной записью «ivanova\.mp» портала «Наставник» \(п\. 6\.3 Положения\)/);
    assert.doesNotMatch(online, /по поручению оператора/, 'no processor, no sentence');
    const processed = consentText(DEFAULT_TEMPLATES.PERSONAL_DATA, { ...CTX, organization: { ...CTX.organization, processorName: 'Управление образования города Калуги', processorInn: '4029005175', processorAddress: '248000, г. Калуга, ул. Ленина, д. 93' } }, 'print');
    assert.match(processed, /Обработку персональных данных по поручению оператора осуществляет Управление образования города Калуги \(ИНН 4029005175, адрес: 248000, г\. Калуга, ул\. Ленина, д\. 93\)\./);
    for (const text of [paper, online]) {
      assert.match(text, /^Согласие на обработку персональных данных\n\nЯ, Иванова Мария Петровна/);
      assert.match(text, /248000, г\. Калуга, ул\. Ленина, д\. 1/);
      assert.match(text, /часть 2 статьи 9/);
    }
    const mentoring = consentText(DEFAULT_TEMPLATES.MENTORING, CTX, 'electronic');
    assert.match(mentoring, /статьёй 351\.8 Трудового кодекса/);
    assert.match(mentoring, /срок наставничества: определяется дополнительным соглашением/);
    assert.match(consentText(DEFAULT_TEMPLATES.MENTORING, CTX, 'print'), /размер и условия выплаты \(доплаты\): _{20,}/);
    const distribution = consentText(DEFAULT_TEMPLATES.DISTRIBUTION, { ...CTX, publicUrl: 'https://nastavnik.example.ru', organization: { ...CTX.organization, website: 'https://ds50.example.ru', socialPages: 'https://vk.com/ds50\nhttps://t.me/ds50' } }, 'print');
    for (const part of ['ИНН 4028012349, ОГРН 1024001234564', 'официальный сайт оператора https://ds50.example.ru', 'портале системы наставничества «Наставник» https://nastavnik.example.ru/p/alenushka', 'социальной сети https://vk.com/ds50', 'социальной сети https://t.me/ds50', 'Категории и перечень персональных данных', 'биометрические персональные данные', 'Условия и запреты', 'Срок действия согласия', '(Роскомнадзора) от 24.02.2021 № 18']) {
      assert.ok(distribution.includes(part), `the distribution consent names «${part}»`);
    }
    assert.match(mentoring, /работодателю — Муниципальному бюджетному дошкольному образовательному учреждению «Детский сад № 50 «Алёнушка» — письменное согласие/);
  });

  test('every kind prints as a one-page form with the names, blanks and signature', async () => {
    for (const kind of CONSENT_KINDS) {
      const doc = consentDocument(kind, DEFAULT_TEMPLATES[kind], CTX);
      assert.equal(doc.title, 'Согласие');
      const { text, pages } = await pdfText(await renderPdf(doc));
      assert.equal(pages, 1, `${kind} fits one page`);
      assert.ok(text.includes('СОГЛАСИЕ'), kind);
      assert.ok(text.includes('Иванова Мария Петровна'), `${kind}: the person`);
      assert.ok(text.includes('«Детский сад № 50 «Алёнушка»'), `${kind}: the organization with № and «»`);
      assert.ok(text.includes('М.П. Иванова') && text.includes('«___» ____________ 20___ г.'), `${kind}: signature and date lines`);
      const xml = plain(unzip(await renderDocx(doc)).get('word/document.xml')!.toString());
      assert.ok(xml.includes('Иванова Мария Петровна') && xml.includes('М.П. Иванова'), `${kind}: DOCX has the name`);
    }
  });
});
