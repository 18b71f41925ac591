import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MenteeCategory, MentoringForm } from '../../src/generated/prisma/enums.ts';
import { answerText, formValuesOf, readAnswers } from '../../src/modules/questionnaires/questionnaires.answers.ts';
import { applyBuilder } from '../../src/modules/questionnaires/questionnaires.builder.ts';
import { parseHTML } from 'linkedom';
import { assertSafe, chartSvg, treeProblems, type TreeNode } from '../../src/modules/questionnaires/questionnaires.charts.ts';
import { draftOf, Question, Questions, type Answers, type DraftQuestion } from '../../src/modules/questionnaires/questionnaires.schemas.ts';
import { todayIn } from '../../src/domain/dates.ts';
import { windowState } from '../../src/modules/questionnaires/questionnaires.service.ts';
import { summarize } from '../../src/modules/questionnaires/questionnaires.summary.ts';
import { TEMPLATES } from '../../src/modules/questionnaires/questionnaires.templates.ts';

const questions: Question[] = [
  { key: 'name', kind: 'SHORT_TEXT', text: 'Имя', required: true },
  { key: 'story', kind: 'LONG_TEXT', text: 'Расскажите', required: false },
  { key: 'one', kind: 'SINGLE', text: 'Один', required: true, options: [{ value: 'a', label: 'А' }, { value: 'b', label: 'Б' }] },
  { key: 'many', kind: 'MULTIPLE', text: 'Много', required: true, options: [{ value: 'x', label: 'Икс' }, { value: 'y', label: 'Игрек' }, { value: 'z', label: 'Зет' }] },
  { key: 'scale', kind: 'SCALE', text: 'Оценка', required: true },
  { key: 'yes', kind: 'YES_NO', text: 'Да?', required: false },
];

describe('answer validation', () => {
  test('a draft needs no required answers, a submission does', () => {
    const draft = readAnswers(questions, { 'a-name': '  Анна ' }, 'draft');
    assert.deepEqual(draft.errors, {});
    assert.deepEqual(draft.answers, { name: 'Анна' });
    const submit = readAnswers(questions, { 'a-name': 'Анна' }, 'submit');
    assert.deepEqual(Object.keys(submit.errors).sort(), ['a-many', 'a-one', 'a-scale']);
    assert.equal(submit.errors['a-one'], 'Выберите один из вариантов');
    assert.equal(submit.errors['a-many'], 'Отметьте хотя бы один вариант');
    assert.equal(submit.errors['a-scale'], 'Выберите оценку от 1 до 10');
  });

  test('typed values: choices among options, scale 1..10, yes/no as booleans, multiple kept in option order', () => {
    const ok = readAnswers(questions, { 'a-name': 'Анна', 'a-one': 'b', 'a-many': ['z', 'x', 'x'], 'a-scale': '10', 'a-yes': 'no' }, 'submit');
    assert.deepEqual(ok.errors, {});
    assert.deepEqual(ok.answers, { name: 'Анна', one: 'b', many: ['x', 'z'], scale: 10, yes: false });
    const bad = readAnswers(questions, { 'a-one': 'c', 'a-many': ['x', 'evil'], 'a-scale': '11', 'a-yes': 'maybe' }, 'draft');
    assert.equal(bad.errors['a-one'], 'Выберите вариант из списка');
    assert.equal(bad.errors['a-many'], 'Выберите варианты из списка');
    assert.equal(bad.errors['a-scale'], 'Выберите оценку от 1 до 10');
    assert.equal(bad.errors['a-yes'], 'Ответьте «да» или «нет»');
    assert.equal(readAnswers(questions, { 'a-scale': '0' }, 'draft').errors['a-scale'], 'Выберите оценку от 1 до 10');
    assert.equal(readAnswers(questions, { 'a-scale': '2.5' }, 'draft').errors['a-scale'], 'Выберите оценку от 1 до 10');
    assert.match(readAnswers(questions, { 'a-name': 'я'.repeat(501) }, 'draft').errors['a-name'] ?? '', /не длиннее 500/);
  });

  test('stored answers back to form values and to words', () => {
    const answers = { one: 'a', many: ['x', 'y'], scale: 7, yes: true };
    assert.deepEqual(formValuesOf(questions, answers), { 'a-one': 'a', 'a-many': ['x', 'y'], 'a-scale': '7', 'a-yes': 'yes' });
    assert.equal(answerText(questions[2]!, 'a'), 'А');
    assert.deepEqual(answerText(questions[3]!, ['x', 'y']), ['Икс', 'Игрек']);
    assert.equal(answerText(questions[4]!, 7), '7 из 10');
    assert.equal(answerText(questions[5]!, false), 'Нет');
  });
});

describe('question schema', () => {
  test('choice questions need two options; keys are unique tokens', () => {
    const one = Question.safeParse({ key: 'k', kind: 'SINGLE', text: 'Вопрос', required: true, options: [{ value: 'a', label: 'А' }] });
    assert.equal(one.success, false);
    assert.match(one.error!.issues[0]!.message, /не меньше двух вариантов/);
    assert.equal(Question.safeParse({ key: 'Bad-Key', kind: 'YES_NO', text: 'Вопрос', required: true }).success, false);
    assert.equal(Question.safeParse({ key: 'k', kind: 'RATING', text: 'Вопрос', required: true }).success, false);
    const dup = Questions.safeParse([questions[0], questions[0]]);
    assert.equal(dup.success, false);
  });
});

describe('summary', () => {
  const responses: Answers[] = [
    { name: 'А', one: 'a', many: ['x', 'y'], scale: 3, yes: true },
    { name: 'Б', one: 'a', many: ['y'], scale: 8, yes: false },
    { one: 'b', many: ['gone'], scale: 10, yes: true, story: '  ' },
    {},
  ];

  test('counts, shares of those who answered, mean of the scale, yes/no, texts', () => {
    const s = summarize(questions, responses);
    assert.equal(s.responses, 4);
    const [name, story, one, many, scale, yes] = s.questions;
    assert.deepEqual(name!.texts, ['А', 'Б']);
    assert.equal(story!.answered, 0, 'blank text is no answer');
    assert.equal(one!.answered, 3);
    assert.deepEqual(one!.counts.map((c) => [c.value, c.count, c.percent]), [['a', 2, 67], ['b', 1, 33]]);
    assert.equal(many!.answered, 3);
    assert.deepEqual(many!.counts.map((c) => [c.value, c.count, c.percent]), [['x', 1, 33], ['y', 2, 67], ['z', 0, 0]]);
    assert.equal(many!.other, 1, 'an option of an older version is counted apart');
    assert.equal(scale!.mean, 7);
    assert.equal(scale!.counts.length, 10);
    assert.equal(scale!.counts.find((c) => c.value === '8')!.count, 1);
    assert.deepEqual(yes!.counts.map((c) => [c.label, c.count, c.percent]), [['Да', 2, 67], ['Нет', 1, 33]]);
  });

  test('no answers: zero shares and no mean', () => {
    const s = summarize(questions, []);
    assert.equal(s.questions[4]!.mean, null);
    assert.ok(s.questions[2]!.counts.every((c) => c.count === 0 && c.percent === 0));
  });
});

describe('builder', () => {
  const stored: Question[] = [
    { key: 'q_a', kind: 'SHORT_TEXT', text: 'Первый', required: true },
    { key: 'q_b', kind: 'SINGLE', text: 'Второй', required: false, options: [{ value: 'o1', label: 'Раз' }, { value: 'o2', label: 'Два' }] },
  ];
  const posted = stored.map(draftOf);
  const none: DraftQuestion = { key: '', kind: 'SINGLE', text: '', hint: '', required: false, options: '' };

  test('adds a valid question with a new key; refuses an invalid one beside its fields', () => {
    const added = applyBuilder(stored, posted, { ...none, kind: 'MULTIPLE', text: 'Третий', options: 'Да\nНет\nНе знаю' }, { kind: 'add' }, null, () => 'q_new');
    assert.deepEqual(added.questions?.map((q) => q.key), ['q_a', 'q_b', 'q_new']);
    assert.deepEqual(added.questions?.[2]?.options?.map((o) => o.label), ['Да', 'Нет', 'Не знаю']);
    const bad = applyBuilder(stored, posted, { ...none, text: 'Третий', options: 'Один' }, { kind: 'add' }, null);
    assert.equal(bad.questions, undefined);
    assert.match(bad.errors['new-options'] ?? '', /не меньше двух вариантов/);
    const empty = applyBuilder(stored, posted, none, { kind: 'add' }, null);
    assert.equal(empty.errors['new-text'], 'Напишите текст нового вопроса');
  });

  test('moves and deletes, keeping the edits posted with the button; options keep their values', () => {
    const edited = [{ ...posted[0]!, text: 'Первый (исправлен)' }, { ...posted[1]!, options: 'Два\nРаз\nТри' }];
    const moved = applyBuilder(stored, edited, none, { kind: 'move', key: 'q_b', by: -1 }, null);
    assert.deepEqual(moved.questions?.map((q) => q.key), ['q_b', 'q_a']);
    assert.equal(moved.questions?.[1]?.text, 'Первый (исправлен)');
    const options = moved.questions?.[0]?.options ?? [];
    assert.deepEqual(options.slice(0, 2), [{ value: 'o2', label: 'Два' }, { value: 'o1', label: 'Раз' }]);
    assert.match(options[2]!.value, /^o_[0-9a-f]{6}$/);
    const deleted = applyBuilder(stored, posted, none, { kind: 'delete', key: 'q_a' }, null);
    assert.deepEqual(deleted.questions?.map((q) => q.key), ['q_b']);
    const blank = applyBuilder(stored, [{ ...posted[0]!, text: ' ' }, posted[1]!], none, { kind: 'save' }, null);
    assert.equal(blank.errors['q-0-text'], 'Заполните текст вопроса');
  });

  test('a stale form cannot drop a question; only «Удалить» does', () => {
    const result = applyBuilder(stored, [posted[1]!], none, { kind: 'save' }, null);
    assert.deepEqual(result.questions?.map((q) => q.key), ['q_b', 'q_a']);
  });

  test('template questions the banks read keep kind, options and «required», and cannot be deleted', () => {
    const template = TEMPLATES['mentee-request'].questions([{ id: 1, name: 'Тема 1' }, { id: 2, name: 'Тема 2' }]);
    const drafts = template.map(draftOf).map((d) => (d.key === 'category' ? { ...d, kind: 'SHORT_TEXT', options: 'Иное', required: false, text: 'Кто вы?' } : d));
    const saved = applyBuilder(template, drafts, none, { kind: 'save' }, 'mentee-request');
    const category = saved.questions?.find((q) => q.key === 'category');
    assert.equal(category?.kind, 'SINGLE');
    assert.equal(category?.required, true);
    assert.equal(category?.text, 'Кто вы?', 'the wording may change');
    assert.deepEqual(category?.options?.map((o) => o.value), Object.keys(MenteeCategory));
    const deleted = applyBuilder(template, drafts, none, { kind: 'delete', key: 'category' }, 'mentee-request');
    assert.equal(deleted.questions, undefined);
    assert.match(deleted.formError ?? '', /нельзя удалить/);
  });
});

describe('templates', () => {
  const topics = [{ id: 11, name: 'Работа с родителями' }, { id: 12, name: 'РППС' }, { id: 13, name: 'ИКТ' }];

  test('both templates are valid, 10–15 questions, with the keys the banks read', () => {
    for (const template of Object.values(TEMPLATES)) {
      const list = Questions.parse(template.questions(topics));
      assert.ok(list.length >= 10 && list.length <= 15, `${template.key}: ${list.length} questions`);
    }
    const mentee = new Map(TEMPLATES['mentee-request'].questions(topics).map((q) => [q.key, q]));
    assert.deepEqual(mentee.get('topics')?.options?.map((o) => o.value), ['11', '12', '13']);
    assert.equal(mentee.get('form')?.required, false);
    assert.deepEqual(mentee.get('form')?.options?.map((o) => o.value), Object.keys(MentoringForm));
    const mentor = new Map(TEMPLATES['mentor-candidate'].questions(topics).map((q) => [q.key, q]));
    assert.deepEqual(mentor.get('maxMentees')?.options?.map((o) => o.value), ['1', '2', '3', '4', '5']);
    assert.deepEqual(mentor.get('forms')?.options?.map((o) => o.value), Object.keys(MentoringForm));
  });
});

describe('dates', () => {
  test('today in the organization’s zone; the window is inclusive', () => {
    assert.equal(todayIn('Europe/Moscow', new Date('2026-03-01T21:30:00Z')), '2026-03-02');
    assert.equal(todayIn('Europe/Kaliningrad', new Date('2026-03-01T21:30:00Z')), '2026-03-01');
    const day = (s: string) => new Date(`${s}T00:00:00Z`);
    const q = { status: 'PUBLISHED' as const, opensOn: day('2026-03-02'), closesOn: day('2026-03-10') };
    assert.equal(windowState(q, '2026-03-01'), 'not_yet');
    assert.equal(windowState(q, '2026-03-02'), 'open');
    assert.equal(windowState(q, '2026-03-10'), 'open');
    assert.equal(windowState(q, '2026-03-11'), 'closed');
    assert.equal(windowState({ ...q, status: 'ARCHIVED' }, '2026-03-05'), 'closed');
    assert.equal(windowState({ ...q, status: 'DRAFT' }, '2026-03-05'), 'draft');
  });
});

describe('charts', () => {
  test('the SVG escapes question and option text and is labelled for screen readers', () => {
    const q: Question = { key: 'k', kind: 'SINGLE', text: '<b>x</b> & "кавычки"', required: true, options: [{ value: 'a', label: '<script>alert(1)</script>' }, { value: 'b', label: 'Б' }] };
    const svg = chartSvg(summarize([q], [{ k: 'a' }, { k: 'b' }, { k: 'b' }]).questions[0]!, 'chart-1');
    assert.ok(svg);
    assert.match(svg, /^<svg[^>]* role="img"/);
    assert.match(svg, /aria-labelledby="chart-1-title"/);
    assert.match(svg, /<title id="chart-1-title">Диаграмма: &lt;b&gt;x&lt;\/b&gt; &amp; "кавычки"<\/title>/);
    assert.doesNotMatch(svg, /<b>|<script/);
    assert.doesNotMatch(svg, /<style/, 'no inline style: the CSP forbids it');
    assert.match(svg, /2 \(67%\)/);
    const scale = chartSvg(summarize([{ key: 's', kind: 'SCALE', text: 'Шкала', required: true }], [{ s: 4 }]).questions[0]!, 'chart-2');
    assert.match(scale ?? '', /<rect/);
    assert.equal(chartSvg(summarize([{ key: 't', kind: 'SHORT_TEXT', text: 'Т', required: true }], [{ t: 'x' }]).questions[0]!, 'c'), null);
  });

  test('the safety check reads the tree: it refuses anything that could run', () => {
    assert.throws(() => assertSafe('<svg><script>1</script></svg>'), /element <script>/);
    assert.throws(() => assertSafe('<svg onload="x"></svg>'), /handler onload/);
    assert.throws(() => assertSafe('<svg><a href="javascript:x">y</a></svg>'), /element <a>.*attribute href/);
    assert.throws(() => assertSafe('<svg><rect fill=" java\tscript:x"/></svg>'), /javascript: in fill/);
    assert.throws(() => assertSafe('<svg><text><b>x</b></text></svg>'), /element <b>/, 'an element no chart makes');
    assert.throws(() => assertSafe('<svg><rect style="x"/></svg>'), /attribute style/);
    assert.throws(() => assertSafe('<svg><!-- x --></svg>'), /node of type 8/);
    assert.equal(assertSafe('<svg><rect/></svg>'), '<svg><rect/></svg>');
    // Text that merely looks like markup is text: the old string check refused it and the chart vanished.
    assert.equal(assertSafe('<svg><text>onclick=alert(1) href=x javascript:y &lt;b&gt;</text></svg>').length > 0, true);
  });

  const HOSTILE_LABELS = [
    'Да onclick=alert(1)',
    'Ссылка href=http://example.com',
    'javascript:alert(document.cookie)',
    '<img src=x onerror=alert(1)>',
    '"><svg onload=alert(1)>',
    'x" onmouseover="alert(1)',
    '</text><script>alert(1)</script>',
    'a & b <!-- c --> ]]>',
  ];

  /** The chart parsed the way a browser gets it, with its elements and visible text. */
  function parsedChart(svg: string) {
    const { document } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`);
    const root = document.body.firstElementChild as unknown as TreeNode & { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> };
    return { root, texts: Array.from(root.querySelectorAll('text')).map((t) => t.textContent ?? '') };
  }

  for (const kind of ['SINGLE', 'MULTIPLE'] as const) {
    test(`a ${kind} chart with hostile option labels renders, shows the labels as text and holds nothing off the allow-list`, () => {
      const q: Question = { key: 'k', kind, text: 'Вопрос <i>onclick=x</i> javascript:y', required: true, options: HOSTILE_LABELS.map((label, i) => ({ value: `v${i}`, label })) };
      const answers = HOSTILE_LABELS.map((_, i) => ({ k: kind === 'SINGLE' ? `v${i}` : [`v${i}`] }));
      const svg = chartSvg(summarize([q], answers).questions[0]!, 'chart-h');
      assert.ok(svg, 'the chart is there (it used to vanish)');
      const { root, texts } = parsedChart(svg);
      assert.deepEqual(treeProblems(root), [], 'only allowed elements and attributes');
      assert.equal(root.nodeName.toLowerCase(), 'svg');
      const all = root.textContent ?? '';
      assert.ok(all.includes('Диаграмма: Вопрос <i>onclick=x</i> javascript:y'), 'the question is in the title as text');
      for (const label of HOSTILE_LABELS) {
        // Long labels are cut with «…» on the axis and given in full in a <title> inside the tick text.
        assert.ok(all.includes(label), `the label ${JSON.stringify(label)} is present as text`);
      }
      assert.ok(texts.some((t) => t.startsWith('Да onclick=alert(1)')), 'the label is the text of an axis tick');
      assert.doesNotMatch(svg, /<(img|script|a|foreignObject|b|i)\b/i, 'no tag from a label reaches the markup');
    });
  }

  test('a SCALE chart passes the tree check, with tabular figures left to the CSS (no font-variant attribute)', () => {
    const svg = chartSvg(summarize([{ key: 's', kind: 'SCALE', text: 'Шкала', required: true }], [{ s: 4 }, { s: 7 }]).questions[0]!, 'chart-s');
    assert.ok(svg);
    assert.deepEqual(treeProblems(parsedChart(svg).root), []);
    assert.doesNotMatch(svg, /font-variant/);
  });
});
