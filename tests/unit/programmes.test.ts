/**
 * The pure rules of programmes: overdue and progress, dates of template months in a term, the choice of a
 * template and the order of its items, who may do what in which state, the printed programme, and the shipped
 * templates themselves.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Block } from '../../src/core/documents/index.ts';
import type { ProgrammeStatus } from '../../src/generated/prisma/enums.ts';
import { programmeDocument, type ProgrammeDocumentInput } from '../../src/modules/programmes/programmes.documents.ts';
import { STANDARD_FORMS, STANDARD_SECTIONS } from '../../src/modules/programmes/programmes.labels.ts';
import {
  abilitiesOf,
  chooseTemplate,
  dueOnForMonth,
  finalWordsIn,
  isDueSoon,
  isOverdue,
  planFromTemplate,
  progressOf,
  sectionsOf,
  type Viewer,
} from '../../src/modules/programmes/programmes.rules.ts';
import { SHIPPED_TEMPLATES } from '../../src/modules/programmes/programmes.templates.ts';
import { DEFAULT_TOPICS } from '../../src/modules/topics/index.ts';

describe('overdue and progress', () => {
  test('an item is overdue when it is still open and its date is before today (the organization’s day)', () => {
    assert.equal(isOverdue({ status: 'PLANNED', dueOn: '2026-11-29' }, '2026-11-30'), true);
    assert.equal(isOverdue({ status: 'IN_PROGRESS', dueOn: '2026-11-29' }, '2026-11-30'), true);
    assert.equal(isOverdue({ status: 'MOVED', dueOn: '2026-11-29' }, '2026-11-30'), true);
    assert.equal(isOverdue({ status: 'PLANNED', dueOn: '2026-11-30' }, '2026-11-30'), false, 'due today is not late yet');
    assert.equal(isOverdue({ status: 'DONE', dueOn: '2026-01-01' }, '2026-11-30'), false);
    assert.equal(isOverdue({ status: 'CANCELLED', dueOn: '2026-01-01' }, '2026-11-30'), false);
    // The same item on the same instant: overdue in Kamchatka's calendar, not yet in Kaliningrad's.
    assert.equal(isOverdue({ status: 'PLANNED', dueOn: '2026-11-30' }, '2026-12-01'), true);
  });

  test('due soon: open, today or within the week', () => {
    assert.equal(isDueSoon({ status: 'PLANNED', dueOn: '2026-11-30' }, '2026-11-30'), true);
    assert.equal(isDueSoon({ status: 'PLANNED', dueOn: '2026-12-06' }, '2026-11-30'), true);
    assert.equal(isDueSoon({ status: 'PLANNED', dueOn: '2026-12-07' }, '2026-11-30'), false);
    assert.equal(isDueSoon({ status: 'DONE', dueOn: '2026-12-01' }, '2026-11-30'), false);
    assert.equal(isDueSoon({ status: 'PLANNED', dueOn: '2026-11-29' }, '2026-11-30'), false, 'overdue, not soon');
  });

  test('progress = done / items of the plan; cancelled items count neither way; an empty plan is 0 %', () => {
    assert.deepEqual(progressOf([{ status: 'DONE' }, { status: 'PLANNED' }, { status: 'MOVED' }, { status: 'CANCELLED' }]), { done: 1, total: 3, percent: 33 });
    assert.deepEqual(progressOf([{ status: 'DONE' }, { status: 'DONE' }]), { done: 2, total: 2, percent: 100 });
    assert.deepEqual(progressOf([]), { done: 0, total: 0, percent: 0 });
    assert.deepEqual(progressOf([{ status: 'CANCELLED' }]), { done: 0, total: 0, percent: 0 });
  });
});

describe('template items in a term', () => {
  const year = { startsOn: '2026-09-01', endsOn: '2027-05-31' };

  test('a month falls due on its last day in the term’s school year', () => {
    assert.equal(dueOnForMonth(9, year), '2026-09-30');
    assert.equal(dueOnForMonth(12, year), '2026-12-31');
    assert.equal(dueOnForMonth(2, year), '2027-02-28');
    assert.equal(dueOnForMonth(5, year), '2027-05-31');
    assert.equal(dueOnForMonth(2, { startsOn: '2027-09-01', endsOn: '2028-05-31' }), '2028-02-29', 'a leap year');
  });

  test('never outside the term: a month already past gives two weeks from the start, a month after the end the end', () => {
    const winter = { startsOn: '2027-01-15', endsOn: '2027-05-31' };
    assert.equal(dueOnForMonth(9, winter), '2027-01-29');
    assert.equal(dueOnForMonth(3, winter), '2027-03-31');
    assert.equal(dueOnForMonth(7, year), '2027-05-31');
    assert.equal(dueOnForMonth(9, { startsOn: '2026-09-20', endsOn: '2026-09-25' }), '2026-09-25');
  });

  test('the template that fits: the category first, then the request’s topics, then the newest', () => {
    const young = { id: 1, categories: ['YOUNG_SPECIALIST' as const], topics: ['Работа с родителями (законными представителями)'] };
    const position = { id: 2, categories: ['NEW_POSITION' as const], topics: ['Развивающая предметно-пространственная среда (РППС)', 'Подготовка к аттестации'] };
    const ownYoung = { id: 3, categories: ['YOUNG_SPECIALIST' as const], topics: ['Подготовка к аттестации'] };
    assert.equal(chooseTemplate([young, position], { categories: ['NEW_POSITION'], topics: ['работа с родителями (законными представителями)'] })?.id, 2, 'the category beats the topics');
    assert.equal(chooseTemplate([young, position, ownYoung], { categories: ['YOUNG_SPECIALIST'], topics: ['Подготовка к аттестации'] })?.id, 3, 'topics decide among fitting ones');
    assert.equal(chooseTemplate([young, ownYoung], { categories: ['YOUNG_SPECIALIST'], topics: [] })?.id, 3, 'a tie goes to the newest');
    assert.equal(chooseTemplate([young, position], { categories: ['AFTER_BREAK'], topics: ['  Развивающая   предметно-пространственная среда (РППС) '] })?.id, 2, 'no category fits: the topics (spaces and case aside)');
    assert.equal(chooseTemplate([], { categories: ['YOUNG_SPECIALIST'], topics: [] }), null);
  });

  test('the plan: standard sections in order, items for the request first in their section, dated, renumbered', () => {
    const items = [
      { section: 'Работа с родителями', position: 10, month: 9, topics: [], activity: 'a' },
      { section: 'Адаптация', position: 20, month: 10, topics: [], activity: 'b' },
      { section: 'Работа с родителями', position: 30, month: 11, topics: ['Работа с родителями (законными представителями)'], activity: 'c' },
      { section: 'Своё', position: 5, month: 12, topics: [], activity: 'd' },
      { section: 'Адаптация', position: 40, month: 9, topics: [], activity: 'e' },
    ];
    const plan = planFromTemplate(items, ['Работа с родителями (законными представителями)'], { startsOn: '2026-09-01', endsOn: '2027-05-31' });
    assert.deepEqual(plan.map((i) => i.activity), ['e', 'b', 'c', 'a', 'd']);
    assert.deepEqual(plan.map((i) => i.forRequest), [false, false, true, false, false]);
    assert.deepEqual(plan.map((i) => i.dueOn), ['2026-09-30', '2026-10-31', '2026-11-30', '2026-09-30', '2026-12-31']);
    assert.deepEqual(plan.map((i) => i.position), [10, 20, 30, 40, 50]);
  });

  test('sections: the standard ones in the printed order, then a pair’s own by where they first appear', () => {
    const groups = sectionsOf([
      { section: 'Моё второе', position: 3 },
      { section: 'Аттестация', position: 1 },
      { section: 'Моё первое', position: 2 },
      { section: 'Адаптация', position: 9 },
      { section: 'Аттестация', position: 0 },
    ]);
    assert.deepEqual(groups.map((g) => g.title), ['Адаптация', 'Аттестация', 'Моё первое', 'Моё второе']);
    assert.deepEqual(groups[1]!.items.map((i) => i.position), [0, 1]);
  });
});

describe('who may do what', () => {
  const mentor: Viewer = { memberRole: 'MENTOR', readsAll: false, approves: false };
  const mentee: Viewer = { memberRole: 'MENTEE', readsAll: false, approves: false };
  const methodist: Viewer = { memberRole: null, readsAll: true, approves: true };
  const head: Viewer = { memberRole: null, readsAll: true, approves: false };
  const stranger: Viewer = { memberRole: null, readsAll: false, approves: false };
  const allowed = (status: ProgrammeStatus, viewer: Viewer, approval: 'METHODIST' | 'ORDER' = 'METHODIST', words = false) =>
    Object.entries(abilitiesOf(status, viewer, approval, words))
      .filter(([, yes]) => yes)
      .map(([name]) => name)
      .sort();

  test('a draft: the pair edits and submits together; the methodist and the head only read', () => {
    assert.deepEqual(allowed('DRAFT', mentor), ['comment', 'editPlan', 'read', 'submit']);
    assert.deepEqual(allowed('DRAFT', mentee), ['comment', 'editPlan', 'read', 'submit']);
    assert.deepEqual(allowed('DRAFT', methodist), ['read']);
    assert.deepEqual(allowed('DRAFT', head), ['read']);
    assert.deepEqual(allowed('DRAFT', stranger), []);
  });

  test('submitted: the methodist approves or returns — or prepares the order, where programmes are approved by order', () => {
    assert.deepEqual(allowed('SUBMITTED', mentor), ['comment', 'read']);
    assert.deepEqual(allowed('SUBMITTED', methodist), ['approve', 'read', 'returnToPair']);
    assert.deepEqual(allowed('SUBMITTED', methodist, 'ORDER'), ['approveByOrder', 'read', 'returnToPair']);
    assert.deepEqual(allowed('SUBMITTED', head), ['read']);
  });

  test('approved and in progress: the pair works and writes its final words; completion once every word is in', () => {
    for (const status of ['APPROVED', 'IN_PROGRESS'] as const) {
      assert.deepEqual(allowed(status, mentee), ['assess', 'comment', 'editPlan', 'read', 'work']);
      assert.deepEqual(allowed(status, mentee, 'METHODIST', true), ['assess', 'comment', 'complete', 'editPlan', 'read', 'work']);
      assert.deepEqual(allowed(status, methodist, 'METHODIST', true), ['complete', 'read']);
      assert.deepEqual(allowed(status, head, 'METHODIST', true), ['read']);
    }
  });

  test('completed or closed: read-only for everybody', () => {
    for (const status of ['COMPLETED', 'CLOSED_EARLY'] as const) {
      for (const viewer of [mentor, mentee, methodist, head]) assert.deepEqual(allowed(status, viewer, 'METHODIST', true), ['read']);
    }
  });

  test('final words: every member has written', () => {
    const members = [{ staffMemberId: 1 }, { staffMemberId: 2 }, { staffMemberId: 3 }];
    assert.equal(finalWordsIn(members, [{ staffMemberId: 1 }, { staffMemberId: 2 }]), false);
    assert.equal(finalWordsIn(members, [{ staffMemberId: 3 }, { staffMemberId: 2 }, { staffMemberId: 1 }]), true);
    assert.equal(finalWordsIn([], []), false);
  });
});

describe('the printed programme', () => {
  const input = (over: Partial<ProgrammeDocumentInput> = {}): ProgrammeDocumentInput => ({
    organization: { fullName: 'Муниципальное бюджетное дошкольное образовательное учреждение № 50', shortName: 'МБДОУ № 50', headName: 'Свиридова Наталья Геннадьевна', headPosition: 'Заведующий' },
    title: 'Первый год молодого специалиста',
    status: 'APPROVED',
    form: 'EXPERIENCED_YOUNG',
    startsOn: '2026-09-01',
    endsOn: '2027-05-31',
    request: 'Работа с родителями',
    goal: 'Адаптация молодого специалиста.',
    tasks: 'Первая задача\nВторая задача',
    expectedResults: 'Уверенно ведёт группу.',
    mentors: [{ fullName: 'Кузнецова Ольга Николаевна', position: 'воспитатель' }],
    mentees: [{ fullName: 'Соколова Анастасия Игоревна', position: 'воспитатель' }],
    items: [
      { section: 'Работа с родителями', position: 20, activity: 'Родительское собрание', form: 'Совместная разработка', dueOn: '2026-10-31', expectedResult: 'Протокол', responsible: 'BOTH', status: 'DONE', doneOn: '2026-10-20' },
      { section: 'Адаптация', position: 10, activity: 'Знакомство с режимом', form: 'Беседа', dueOn: '2026-09-30', expectedResult: '', responsible: 'MENTOR', status: 'PLANNED', doneOn: null },
    ],
    approval: { on: '2026-09-20', byName: 'Белова Ирина Викторовна', orderLabel: '' },
    assessments: [],
    ...over,
  });
  const text = (blocks: Block[]) => JSON.stringify(blocks);

  test('approved in the portal: «УТВЕРЖДАЮ» with the head and the date, the curator’s agreement, the plan by sections', () => {
    const doc = programmeDocument(input());
    assert.deepEqual(doc.approval, ['УТВЕРЖДАЮ', 'Заведующий МБДОУ № 50', '__________ Н.Г. Свиридова', '20 сентября 2026 г.']);
    assert.equal(doc.title, 'Персонализированная программа наставничества');
    assert.equal(doc.heading, 'Первый год молодого специалиста');
    const tables = doc.body.filter((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table');
    assert.equal(tables.length, 2);
    assert.deepEqual(tables.map((t) => t.rows.map((r) => r[0])), [['1.'], ['2.']], 'numbering runs across sections');
    assert.equal(tables[0]!.rows[0]![1], 'Знакомство с режимом', 'Адаптация comes first');
    assert.equal(tables[1]!.rows[0]![6], 'выполнено 20.10.2026');
    assert.match(text(doc.body), /согласована куратором наставничества И\.В\. Белова 20\.09\.2026/);
    const signatures = doc.body.find((b) => b.kind === 'signatures');
    assert.deepEqual(signatures && 'rows' in signatures ? signatures.rows.map((r) => r.position) : [], ['Наставник', 'Наставляемый', 'Куратор наставничества']);
  });

  test('a draft says «ПРОЕКТ» and prints no marks; approved by order: the order’s name instead of a blank', () => {
    const draft = programmeDocument(input({ status: 'DRAFT', approval: null }));
    assert.deepEqual(draft.approval, ['ПРОЕКТ', '(черновик)']);
    assert.doesNotMatch(text(draft.body), /выполнено 20\.10\.2026/);
    const byOrder = programmeDocument(input({ approval: { on: '2026-09-20', byName: 'Свиридова Наталья Геннадьевна', orderLabel: 'приказ от 20.09.2026 № 7-од' } }));
    assert.deepEqual(byOrder.approval, ['УТВЕРЖДЕНА', 'приказ от 20.09.2026 № 7-од']);
  });

  test('a completed programme prints the final words', () => {
    const doc = programmeDocument(input({ status: 'COMPLETED', assessments: [{ role: 'MENTEE', fullName: 'Соколова Анастасия Игоревна', score: 8, text: 'Научилась планировать.' }] }));
    assert.match(text(doc.body), /Самооценка наставляемого \(А\.И\. Соколова\), оценка 8 из 10/);
    assert.match(text(doc.body), /Научилась планировать/);
  });
});

describe('the shipped templates', () => {
  test('real plans: every standard section, known forms and months, topics from the default list', () => {
    const topics = new Set(DEFAULT_TOPICS.map((t) => t.name));
    assert.deepEqual(SHIPPED_TEMPLATES.map((t) => t.title), ['Первый год молодого специалиста', 'Педагог в новой должности']);
    for (const template of SHIPPED_TEMPLATES) {
      assert.ok(template.items.length >= 20, `${template.title}: ${template.items.length} items`);
      assert.deepEqual([...new Set(template.items.map((i) => i.section))].sort(), [...STANDARD_SECTIONS].sort(), template.title);
      for (const item of template.items) {
        assert.ok((STANDARD_FORMS as readonly string[]).includes(item.form), `${item.activity}: form ${item.form}`);
        assert.ok(item.month >= 1 && item.month <= 12 && ![6, 7, 8].includes(item.month), `${item.activity}: month ${item.month} (a school month)`);
        for (const topic of item.topics) assert.ok(topics.has(topic), `${item.activity}: unknown topic ${topic}`);
        assert.ok(item.expectedResult.length > 5, `${item.activity}: an expected result`);
      }
      assert.ok(template.tasks.split('\n').length >= 4);
    }
  });
});
