/**
 * The roadmap as data, apart from the database: the one state rule (roadmap.states.ts), the plan's dates
 * (months of the school year, exact dates, «в течение учебного года»), the defaults from the seed, the
 * measure form's rules and the printed table's rows.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { composeDashboard, roadmapStages, stageStateOf, stageStatesOf, stageStatusesOf, type Plan } from '../../src/modules/roadmap/index.ts';
import { roadmapDocument, roadmapRows } from '../../src/modules/roadmap/roadmap.document.ts';
import { defaultMeasures, measurePeriod, parseMeasureForm, shiftedByYears, whenText } from '../../src/modules/roadmap/roadmap.plan.ts';
import { missingOf } from '../../src/modules/roadmap/roadmap.states.ts';

const done = { done: true };
const notDone = { done: false };

describe('the stage state rule', () => {
  const today = '2026-11-30';

  test('выполнен: every item done — even with a measure long past its date', () => {
    assert.equal(stageStateOf({ items: [done, done], measures: [{ startsOn: '2026-09-01', dueOn: '2026-09-30' }], today }), 'done');
  });

  test('a stage without items is never done (nothing recorded is not «done»)', () => {
    assert.equal(stageStateOf({ items: [], measures: [], today }), 'not_started');
    assert.equal(stageStateOf({ items: [], measures: [{ startsOn: '2026-09-01', dueOn: '2026-09-30' }], today }), 'overdue');
  });

  test('просрочен: a measure past its date while an item is not done — past means its last day is before today', () => {
    assert.equal(stageStateOf({ items: [done, notDone], measures: [{ startsOn: '2026-09-01', dueOn: '2026-11-29' }], today }), 'overdue');
    // Due today is not overdue yet: the day is still there to do it.
    assert.equal(stageStateOf({ items: [notDone], measures: [{ startsOn: '2026-11-01', dueOn: '2026-11-30' }], today }), 'progress');
    // One late measure among timely ones is enough.
    assert.equal(stageStateOf({ items: [notDone], measures: [{ startsOn: '2027-04-01', dueOn: '2027-05-31' }, { startsOn: null, dueOn: '2026-10-15' }], today }), 'overdue');
  });

  test('идёт: something done, or a measure whose time has come (its first day today or earlier)', () => {
    assert.equal(stageStateOf({ items: [done, notDone], measures: [{ startsOn: '2027-04-01', dueOn: '2027-05-31' }], today }), 'progress');
    assert.equal(stageStateOf({ items: [notDone], measures: [{ startsOn: '2026-11-30', dueOn: '2026-12-31' }], today }), 'progress');
  });

  test('не начат: nothing done and every measure still ahead (an exact date alone does not start a stage)', () => {
    assert.equal(stageStateOf({ items: [notDone, notDone], measures: [{ startsOn: '2026-12-01', dueOn: '2026-12-31' }], today }), 'not_started');
    assert.equal(stageStateOf({ items: [notDone], measures: [{ startsOn: null, dueOn: '2027-01-15' }], today }), 'not_started');
    assert.equal(stageStateOf({ items: [notDone], measures: [], today }), 'not_started');
  });
});

describe('the plan: dates of the school year', () => {
  test('months: from the first day of the first month to the last day of the last, in the right calendar years', () => {
    assert.deepEqual(measurePeriod(2026, { fromMonth: 9, toMonth: 9, dueOn: null }), { startsOn: '2026-09-01', dueOn: '2026-09-30' });
    assert.deepEqual(measurePeriod(2026, { fromMonth: 10, toMonth: 5, dueOn: null }), { startsOn: '2026-10-01', dueOn: '2027-05-31' });
    assert.deepEqual(measurePeriod(2027, { fromMonth: 2, toMonth: 2, dueOn: null }), { startsOn: '2028-02-01', dueOn: '2028-02-29' });
  });

  test('an exact date: due that day, start unknown; neither: the whole school year, 1 September – 31 August', () => {
    assert.deepEqual(measurePeriod(2026, { fromMonth: null, toMonth: null, dueOn: '2026-10-15' }), { startsOn: null, dueOn: '2026-10-15' });
    assert.deepEqual(measurePeriod(2026, { fromMonth: null, toMonth: null, dueOn: null }), { startsOn: '2026-09-01', dueOn: '2027-08-31' });
  });

  test('an exact date carried into the next school year: a year on, 29 February into a common year as the 28th', () => {
    assert.equal(shiftedByYears('2026-10-20', 1), '2027-10-20');
    assert.equal(shiftedByYears('2028-02-29', 1), '2029-02-28');
    assert.equal(shiftedByYears('2027-02-28', 1), '2028-02-28');
  });

  test('«Сроки» as printed', () => {
    assert.equal(whenText(2026, { fromMonth: 9, toMonth: 9, dueOn: null }), 'сентябрь 2026 г.');
    assert.equal(whenText(2026, { fromMonth: 9, toMonth: 10, dueOn: null }), 'сентябрь – октябрь 2026 г.');
    assert.equal(whenText(2026, { fromMonth: 10, toMonth: 5, dueOn: null }), 'октябрь 2026 г. – май 2027 г.');
    assert.equal(whenText(2026, { fromMonth: 1, toMonth: 3, dueOn: null }), 'январь – март 2027 г.');
    assert.equal(whenText(2026, { fromMonth: null, toMonth: null, dueOn: '2026-10-15' }), 'до 15.10.2026');
    assert.equal(whenText(2026, { fromMonth: null, toMonth: null, dueOn: null }), 'в течение учебного года');
  });

  test('the defaults: every activity of the seed is a measure of its stage, each with a responsible', () => {
    const measures = defaultMeasures();
    for (const stage of roadmapStages()) {
      assert.deepEqual(measures.filter((m) => m.stage === stage.number).map((m) => m.position), stage.activities.map((_, i) => i + 1), `stage ${stage.number}`);
    }
    assert.equal(measures.length, 16);
    assert.ok(measures.every((m) => m.responsible.length > 0 && m.id === null));
    // «1) Анализ банка наставников…»: the seed's own numbering is not part of the measure.
    assert.ok(measures.filter((m) => m.stage === 4).every((m) => !/^\d\)/.test(m.text)));
  });
});

describe('the measure form', () => {
  const valid = { stage: '2', text: 'Анкетирование педагогов', responsible: 'Старший воспитатель' };

  test('months or a date; one month alone is both ends', () => {
    const months = parseMeasureForm({ ...valid, fromMonth: '10' }, 2026);
    assert.ok(months.ok);
    assert.equal(months.ok && months.data.toMonth, 10);
    const date = parseMeasureForm({ ...valid, dueOn: '15.10.2026' }, 2026);
    assert.equal(date.ok && date.data.dueOn, '2026-10-15');
    const none = parseMeasureForm(valid, 2026);
    assert.ok(none.ok && none.data.fromMonth === null && none.data.dueOn === null);
  });

  test('messages beside the fields', () => {
    const both = parseMeasureForm({ ...valid, fromMonth: '9', dueOn: '2026-10-15' }, 2026);
    assert.equal(!both.ok && both.errors.dueOn, 'Укажите либо месяцы, либо точную дату');
    const backwards = parseMeasureForm({ ...valid, fromMonth: '3', toMonth: '10' }, 2026);
    assert.match(!backwards.ok ? backwards.errors.toMonth! : '', /не раньше месяца начала/);
    // September → May crosses the new year and is fine.
    assert.ok(parseMeasureForm({ ...valid, fromMonth: '9', toMonth: '5' }, 2026).ok);
    const outside = parseMeasureForm({ ...valid, dueOn: '2027-09-01' }, 2026);
    assert.equal(!outside.ok && outside.errors.dueOn, 'Дата — в пределах учебного года: с 01.09.2026 по 31.08.2027');
    const empty = parseMeasureForm({ stage: '', text: ' ', responsible: '' }, 2026);
    assert.ok(!empty.ok);
    assert.deepEqual(!empty.ok && Object.keys(empty.errors).sort(), ['responsible', 'stage', 'text']);
    assert.equal(!empty.ok && empty.errors.text, 'Заполните поле «Мероприятие»');
    const badStage = parseMeasureForm({ ...valid, stage: '9' }, 2026);
    assert.equal(!badStage.ok && badStage.errors.stage, 'Выберите этап из списка');
    const badDate = parseMeasureForm({ ...valid, dueOn: '31.02.2027' }, 2026);
    assert.equal(!badDate.ok && badDate.errors.dueOn, 'Введите дату в виде ДД.ММ.ГГГГ');
  });
});

describe('statuses and the printed table from the plan', () => {
  const plan: Plan = {
    schoolYear: 2026,
    stored: true,
    measures: [
      { id: 1, stage: 1, position: 1, text: 'Приказ о Положении', fromMonth: 9, toMonth: 9, dueOn: null, responsible: 'Заведующий' },
      { id: 2, stage: 1, position: 2, text: 'Приказы о парах', fromMonth: null, toMonth: null, dueOn: '2026-12-15', responsible: 'Заведующий' },
      { id: 3, stage: 6, position: 1, text: 'Круглый стол', fromMonth: 5, toMonth: 5, dueOn: null, responsible: 'Куратор' },
    ],
  };

  test('each stage gets its state, what is missing and its measures; a stage without measures keeps its row in print', () => {
    const cards = composeDashboard(roadmapStages(), [
      { stage: 1, items: [{ key: 'regulation', text: 'Положение утверждено', done: false }] },
      { stage: 2, items: [{ key: 'requests', text: 'Запросы собраны у {figure} из 4 педагогов', done: true, figure: { count: 4, href: '/q', permission: 'questionnaires:results' } }] },
    ]);
    const statuses = stageStatusesOf(cards, plan, '2026-11-30');
    assert.deepEqual(statuses.map((s) => s.state), ['overdue', 'done', 'not_started', 'not_started', 'not_started', 'not_started', 'not_started']);
    assert.deepEqual(stageStatesOf(cards, plan, '2026-11-30'), statuses.map((s) => s.state), 'the state alone (the city page) is the same rule');
    assert.equal(statuses[0]!.stateLabel, 'просрочен');
    assert.deepEqual(statuses[0]!.measures.map((m) => m.overdue), [true, false]);
    assert.deepEqual(statuses[0]!.missing.map((m) => [m.key, m.todo?.href]), [['regulation', '/orders/new?kind=REGULATION'], ['programmes', '/programmes']]);

    const rows = roadmapRows(plan);
    assert.deepEqual(rows.map((r) => r[0]), ['1.1.', '1.2.', '2.', '3.', '4.', '5.', '6.1.', '7.']);
    assert.deepEqual(rows[1], ['1.2.', '', 'Приказы о парах', 'до 15.12.2026', 'Заведующий']);
    const doc = roadmapDocument({ fullName: 'Муниципальное бюджетное дошкольное образовательное учреждение № 50 «Алёнушка»' }, plan);
    assert.deepEqual(doc.organization, ['МУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ ДОШКОЛЬНОЕ ОБРАЗОВАТЕЛЬНОЕ УЧРЕЖДЕНИЕ № 50 «АЛЁНУШКА»']);
  });

  test('what is missing reads as the card does, figure in place', () => {
    const missing = missingOf([{ key: 'x', text: 'Запросы собраны у {figure} из 16 педагогов', done: false, figure: { count: 3, href: '/list', permission: 'staff:read' } }]);
    assert.deepEqual(missing, [{ key: 'x', text: 'Запросы собраны у 3 из 16 педагогов', pending: false, todo: { href: '/list', label: 'Открыть список', permission: 'staff:read' } }]);
  });
});
