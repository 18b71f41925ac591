import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractText, getDocumentProxy } from 'unpdf';
import { renderDocx, renderPdf } from '../../src/core/documents/index.ts';
import { menteeWordAccusative, menteeWordGenitive } from '../../src/domain/mentoring.ts';
import { declineFullName, genderOfPatronymic } from '../../src/domain/people.ts';
import { orderDocument, placeOf, type OrderDocumentInput } from '../../src/modules/orders/orders.documents.ts';
import { dateNumberLine, formatOrderNumber } from '../../src/modules/orders/orders.numbering.ts';
import { parseOrderForm } from '../../src/modules/orders/orders.schemas.ts';
import { assignPoint, orderDefaults, regulationAppendix, roadmapAppendix, terminatePoint, type PairForTexts } from '../../src/modules/orders/orders.templates.ts';
import { fillPlaceholders, parseAppendix, pointsFromText } from '../../src/modules/orders/orders.text.ts';

const plain = (text: string) => text.replace(/\s+/g, ' ').replace(/\u2011/g, '-');

const ORG = { fullName: 'Муниципальное бюджетное дошкольное образовательное учреждение № 50 «Алёнушка» города Калуги', shortName: 'МБДОУ № 50 «Алёнушка»', website: 'https://ds50.example.ru', defaultMaxMentees: 3 };

const PAIR: PairForTexts = {
  id: 7,
  form: 'TRADITIONAL',
  startsOn: '2026-09-01',
  plannedEndOn: '2027-05-31',
  mentors: [{ fullName: 'Кузнецова Ольга Николаевна', position: 'воспитатель' }],
  mentees: [{ fullName: 'Соколова Анастасия Игоревна', position: 'воспитатель' }],
  assignedBy: { id: 3, title: 'О закреплении наставнических пар (групп)', numberText: '12-од', orderDate: '2026-09-01' },
};

describe('order numbers', () => {
  test('the number with the organization suffix', () => {
    assert.equal(formatOrderNumber(12, '-од'), '12-од');
    assert.equal(formatOrderNumber(1, ''), '1');
    assert.equal(formatOrderNumber(3, ' /о '), '3/о');
    assert.throws(() => formatOrderNumber(0, '-од'), RangeError);
    assert.throws(() => formatOrderNumber(1.5, '-од'), RangeError);
  });

  test('the date and number line', () => {
    assert.equal(dateNumberLine('2026-11-12', '12-од'), '12.11.2026 № 12-од');
  });
});

describe('declineFullName', () => {
  test('declines a woman’s name in every case the orders need', () => {
    assert.equal(declineFullName('Кузнецова Ольга Николаевна', 'instrumental'), 'Кузнецовой Ольгой Николаевной');
    assert.equal(declineFullName('Соколова Анастасия Игоревна', 'accusative'), 'Соколову Анастасию Игоревну');
    assert.equal(declineFullName('Соколова Анастасия Игоревна', 'genitive'), 'Соколовой Анастасии Игоревны');
    assert.equal(declineFullName('Свиридова Наталья Геннадьевна', 'dative'), 'Свиридовой Наталье Геннадьевне');
  });

  test('declines a man’s name; the gender comes from the patronymic', () => {
    assert.equal(declineFullName('Петров Иван Сергеевич', 'dative'), 'Петрову Ивану Сергеевичу');
    assert.equal(declineFullName('Петров Иван Сергеевич', 'instrumental'), 'Петровым Иваном Сергеевичем');
    assert.equal(declineFullName('Петров-Водкин Илья Сергеевич', 'accusative'), 'Петрова-Водкина Илью Сергеевича');
    assert.equal(genderOfPatronymic('Сергеевич'), 'male');
    assert.equal(genderOfPatronymic('Игоревна'), 'female');
  });

  test('leaves the name as written when it cannot know the gender, and in the nominative', () => {
    assert.equal(declineFullName('Ким Виктория', 'instrumental'), 'Ким Виктория');
    assert.equal(declineFullName('  Кузнецова   Ольга   Николаевна ', 'nominative'), 'Кузнецова Ольга Николаевна');
    assert.equal(declineFullName('', 'dative'), '');
  });

  test('keeps a Turkic patronymic and declines the rest', () => {
    assert.equal(declineFullName('Мамедов Рашид Гусейн оглы', 'dative'), 'Мамедову Рашиду Гусейн оглы');
    assert.equal(genderOfPatronymic('Алиевна'), 'female');
    assert.equal(genderOfPatronymic('Гусейн кызы'), 'female');
  });

  test('the participle agrees with the person', () => {
    assert.equal(menteeWordAccusative('Соколова Анастасия Игоревна'), 'наставляемую');
    assert.equal(menteeWordAccusative('Петров Иван Сергеевич'), 'наставляемого');
    assert.equal(menteeWordGenitive('Соколова Анастасия Игоревна'), 'наставляемой');
  });
});

describe('texts typed in the form', () => {
  test('points: one per line, typed numbers and empty lines dropped', () => {
    assert.deepEqual(pointsFromText('1. Утвердить.\r\n\r\n  2) Назначить.  \nКонтроль оставляю за собой.\n'), ['Утвердить.', 'Назначить.', 'Контроль оставляю за собой.']);
    assert.deepEqual(pointsFromText('  \n \n'), []);
    assert.deepEqual(pointsFromText('2026 год — год педагога.'), ['2026 год — год педагога.'], 'a year is not a point number');
  });

  test('appendix markup: headings, paragraphs, a table with line breaks in cells', () => {
    const blocks = parseAppendix('## 1. Общие положения\n1.1. Текст.\n\n| № | Этап | Содержание |\n|---|:--|---|\n| 1. | Подготовка | первое<br>второе |\n| 2. | Банк | третье |\nПосле таблицы.');
    assert.deepEqual(blocks, [
      { kind: 'heading', text: '1. Общие положения' },
      { kind: 'paragraph', text: '1.1. Текст.' },
      { kind: 'table', header: ['№', 'Этап', 'Содержание'], rows: [['1.', 'Подготовка', 'первое\nвторое'], ['2.', 'Банк', 'третье']] },
      { kind: 'paragraph', text: 'После таблицы.' },
    ]);
  });

  test('placeholders: known filled, unknown left for the methodist to see', () => {
    assert.equal(fillPlaceholders('{{organization.shortName}} и {{ x.y }}', { 'organization.shortName': 'МБДОУ № 50' }), 'МБДОУ № 50 и {{ x.y }}');
  });

  test('the draft form: kind rules and appendix slots', () => {
    const base = { kind: 'ASSIGN_PAIRS', title: 'О закреплении', points: 'Закрепить.', _csrf: 'x' };
    const noPairs = parseOrderForm(base);
    assert.equal(noPairs.ok, false);
    assert.equal(!noPairs.ok && noPairs.errors.pairIds, 'Выберите хотя бы одну пару (группу)');
    assert.equal(!noPairs.ok && 'x' in noPairs.values && noPairs.values._csrf, false, 'the token is not echoed');
    const ok = parseOrderForm({ ...base, pairIds: '5', appendix1Title: 'Список', appendix1Text: 'Текст', appendix2Title: '', appendix2Text: '' });
    assert.ok(ok.ok);
    assert.deepEqual(ok.ok && ok.data.pairIds, [5]);
    assert.deepEqual(ok.ok && ok.data.appendices, [{ title: 'Список', text: 'Текст' }]);
    const halfAppendix = parseOrderForm({ ...base, pairIds: ['5', '6'], appendix1Text: 'Текст без заголовка' });
    assert.equal(!halfAppendix.ok && halfAppendix.errors.appendix1Title, 'Приложение 1: укажите заголовок');
    const terminate = parseOrderForm({ ...base, kind: 'TERMINATE', pairIds: '5' });
    assert.equal(!terminate.ok && terminate.errors.preamble, 'Укажите причину досрочного прекращения наставничества');
    const amend = parseOrderForm({ ...base, kind: 'AMEND', amendsOrderId: '' });
    assert.equal(!amend.ok && amend.errors.amendsOrderId, 'Выберите приказ, в который вносятся изменения');
    const empty = parseOrderForm({ kind: 'REGULATION', title: '  ', points: '\n' });
    assert.equal(!empty.ok && empty.errors.title, 'Заполните поле «Заголовок приказа»');
    assert.match(!empty.ok ? empty.errors.points! : '', /хотя бы один пункт/);
  });
});

describe('default texts', () => {
  test('the assignment point names both people in the right cases, the form and the term', () => {
    assert.equal(
      assignPoint(PAIR),
      'Закрепить за наставником Кузнецовой Ольгой Николаевной (воспитатель) наставляемую Соколову Анастасию Игоревну (воспитатель); форма наставничества — традиционная («один на один»); срок наставничества — с 01.09.2026 по 31.05.2027.',
    );
    const group = { ...PAIR, form: 'GROUP' as const, mentees: [...PAIR.mentees, { fullName: 'Иванов Пётр Алексеевич', position: 'инструктор по физической культуре' }] };
    assert.match(assignPoint(group), /наставляемых Соколову Анастасию Игоревну \(воспитатель\), Иванова Петра Алексеевича \(инструктор по физической культуре\)/);
  });

  test('the termination point refers to the assigning order', () => {
    assert.equal(
      terminatePoint(PAIR),
      'Прекратить досрочно со дня издания настоящего приказа наставничество наставника Кузнецовой Ольги Николаевны (воспитатель) в отношении наставляемой Соколовой Анастасии Игоревны (воспитатель), установленное приказом от 01.09.2026 № 12-од.',
    );
  });

  test('the Regulation is filled for the organization; the roadmap is a table of the seven stages', () => {
    const regulation = regulationAppendix(ORG);
    assert.equal(regulation.title, 'Положение о системе наставничества педагогических работников МБДОУ № 50 «Алёнушка»');
    assert.doesNotMatch(regulation.text, /\{\{/);
    assert.match(regulation.text, /не более 3 наставляемых/);
    assert.match(regulation.text, /статьёй 351\.8/);
    assert.ok(regulation.text.length > 8000, 'a real local act, several pages');
    const roadmap = parseAppendix(roadmapAppendix().text);
    assert.equal(roadmap.length, 1);
    const table = roadmap[0]!;
    assert.equal(table.kind, 'table');
    assert.equal(table.kind === 'table' && table.rows.length, 7);
    assert.match(table.kind === 'table' ? table.rows[0]![2]! : '', /приказ «Об утверждении положения[^\n]*\n/);

    const defaults = orderDefaults('REGULATION', { organization: ORG, regulation: null, curator: { fullName: 'Морозова Елена Сергеевна', position: 'старший воспитатель' }, pairs: [], amends: null });
    assert.equal(defaults.appendices.length, 2);
    assert.ok(defaults.points.includes('Назначить куратором наставничества Морозову Елену Сергеевну (старший воспитатель).'));
  });
});

function regulationInput(approved: boolean): OrderDocumentInput {
  const texts = orderDefaults('REGULATION', { organization: ORG, regulation: null, curator: null, pairs: [], amends: null });
  return {
    organization: { fullName: ORG.fullName, address: '248000, г. Калуга, ул. Ленина, д. 1', headName: 'Свиридова Наталья Геннадьевна', headPosition: 'Заведующий' },
    kind: 'REGULATION',
    approved,
    ...texts,
    numberText: approved ? '12-од' : null,
    orderDate: approved ? '2026-09-01' : null,
    pairs: [],
    sheet: Array.from({ length: 30 }, (_, i) => ({ fullName: `Педагогова${i} Анна Сергеевна`, position: 'воспитатель', acknowledgedOn: i % 2 ? '2026-09-02' : null })),
  };
}

describe('the printed order', () => {
  test('approved: date and number, place, appendix marks, signature, sheet; no «ПРОЕКТ»', () => {
    const doc = orderDocument(regulationInput(true));
    assert.deepEqual(doc.dateNumber, { date: '01.09.2026', number: '12-од', place: 'г. Калуга' });
    assert.equal(doc.approval, undefined);
    const marks = doc.body.filter((b) => b.kind === 'appendix');
    assert.deepEqual(marks.map((m) => m.kind === 'appendix' && m.mark), [['Приложение 1', 'к приказу от 01.09.2026 № 12-од'], ['Приложение 2', 'к приказу от 01.09.2026 № 12-од']]);
    assert.ok(doc.body.some((b) => b.kind === 'signatures' && b.rows[0]!.name === 'Н.Г. Свиридова'));
    const sheet = doc.body.at(-1)!;
    assert.equal(sheet.kind === 'table' && sheet.rows.length, 30);
    assert.deepEqual(sheet.kind === 'table' && sheet.rows[1]!.slice(3), ['02.09.2026', 'ознакомлен(а) в портале']);
  });

  test('a draft prints blanks and the «ПРОЕКТ» mark', () => {
    const doc = orderDocument(regulationInput(false));
    assert.deepEqual(doc.approval, ['ПРОЕКТ']);
    assert.equal(doc.dateNumber?.number, undefined);
    assert.ok(doc.body.some((b) => b.kind === 'appendix' && b.mark[1] === 'к приказу от ____________ № ______'));
  });

  test('an assignment gets the list of pairs as appendix 1', () => {
    const doc = orderDocument({ ...regulationInput(true), kind: 'ASSIGN_PAIRS', appendices: [], pairs: [PAIR], sheet: [] });
    const first = doc.body.findIndex((b) => b.kind === 'appendix');
    assert.equal(doc.body[first]!.kind === 'appendix' && doc.body[first]!.heading, 'Список наставнических пар (групп)');
    const table = doc.body[first + 1]!;
    assert.deepEqual(table.kind === 'table' && table.rows[0], ['1.', 'Кузнецова Ольга Николаевна (воспитатель)', 'Соколова Анастасия Игоревна (воспитатель)', 'традиционная («один на один»)', '01.09.2026 –\n31.05.2027']);
  });

  test('the place line comes from the address', () => {
    assert.equal(placeOf('248000, г. Калуга, ул. Ленина, д. 1'), 'г. Калуга');
    assert.equal(placeOf('г.Ростов-на-Дону'), 'г. Ростов-на-Дону');
    assert.equal(placeOf('Калужская область'), undefined);
  });

  test('an order renders to PDF in under 300 ms (warm, second run) with Cyrillic text; the Regulation too is measured', async (t) => {
    // CPU time of this process, as tests/unit/documents.test.ts measures it: tests run in parallel on a
    // small machine and wall time mostly measures the others. Both are printed.
    const measure = async (doc: ReturnType<typeof orderDocument>) => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const pdf = await renderPdf(doc);
      const used = process.cpuUsage(cpu);
      return { pdf, cpu: (used.user + used.system) / 1000, wall: performance.now() - started };
    };
    const assign = orderDocument({ ...regulationInput(true), kind: 'ASSIGN_PAIRS', ...orderDefaults('ASSIGN_PAIRS', { organization: ORG, regulation: null, curator: null, pairs: [PAIR], amends: null }), pairs: [PAIR], sheet: regulationInput(true).sheet.slice(0, 2) });
    const regulation = orderDocument(regulationInput(true));
    await measure(assign); // the first run loads pdfmake and the fonts
    const second = await measure(assign);
    await measure(regulation);
    const big = await measure(regulation);
    t.diagnostic(`order PDF «О закреплении», 3 pages, second run: ${second.cpu.toFixed(0)} ms CPU, ${second.wall.toFixed(0)} ms wall`);
    t.diagnostic(`order PDF «Об утверждении Положения» (Положение + дорожная карта + лист на 30 человек), second run: ${big.cpu.toFixed(0)} ms CPU, ${big.wall.toFixed(0)} ms wall, ${(big.pdf.length / 1024).toFixed(0)} KiB`);
    assert.ok(second.cpu < 300, `the assignment order took ${second.cpu.toFixed(0)} ms of CPU`);
    assert.ok(big.cpu < 600, `the Regulation order took ${big.cpu.toFixed(0)} ms of CPU`);

    const proxy = await getDocumentProxy(new Uint8Array(big.pdf));
    const { text, totalPages } = await extractText(proxy, { mergePages: true });
    const all = plain(text);
    assert.match(all, /ПРИКАЗЫВАЮ:/);
    assert.match(all, /№ 12-од/);
    assert.match(all, /ЛИСТ ОЗНАКОМЛЕНИЯ/);
    assert.match(all, /Приложение 2/);
    assert.ok(totalPages >= 5, `pages: ${totalPages}`);
    const assignText = plain((await extractText(await getDocumentProxy(new Uint8Array(second.pdf)), { mergePages: true })).text);
    assert.match(assignText, /Кузнецовой Ольгой Николаевной/);
    const docx = await renderDocx(regulation);
    assert.equal(docx.subarray(0, 2).toString(), 'PK');
  });
});
