import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import { NotFoundError } from '../../src/core/errors.ts';
import { MenteeCategory, MentoringForm } from '../../src/generated/prisma/enums.ts';
import type { Question } from '../../src/modules/questionnaires/questionnaires.schemas.ts';
import { treeProblems, type TreeNode } from '../../src/modules/questionnaires/questionnaires.charts.ts';
import { ensureTemplateQuestionnaire, getSubmittedResponse } from '../../src/modules/questionnaires/questionnaires.service.ts';
import { listTopics } from '../../src/modules/topics/topics.service.ts';
import { anonymousAgent, loginAs, testApp, type Agent } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createStaffMember, createTeacher, uniq } from '../helpers/factories.ts';
import { scopeFor } from '../helpers/scope.ts';

const { prisma } = sharedDatabase();
const app = testApp();

type Org = Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let org: Org;
let methodist: Agent;
let head: Agent;

before(async () => {
  org = await createOrganizationWithStaff(prisma);
  methodist = await loginAs(app, org.methodist);
  head = await loginAs(app, org.head);
});
after(async () => {
  await app.close();
  await sharedDatabase().close();
});

type Fields = Record<string, string | string[] | undefined>;

/** Form-encodes like a browser: a list becomes the same name repeated. */
function encode(fields: Fields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of [value].flat()) params.append(name, v);
  }
  return params.toString();
}

function post(agent: Agent, url: string, fields: Fields = {}) {
  return agent.post(url).type('form').send(encode({ _csrf: agent.csrf, ...fields }));
}

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '');
const daysFromNow = (n: number) => new Date(`${new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`);

async function questionsOf(id: number): Promise<Question[]> {
  const q = await prisma.questionnaire.findUniqueOrThrow({ where: { id }, select: { currentVersion: { select: { questions: true } } } });
  return q.currentVersion!.questions as unknown as Question[];
}

/** The whole builder form as the page would post it, from the stored state, with changes on top. */
async function builderForm(id: number, changes: Fields = {}): Promise<Fields> {
  const q = await prisma.questionnaire.findUniqueOrThrow({ where: { id } });
  const fields: Fields = { title: q.title, description: q.description, audience: q.audience, opensOn: iso(q.opensOn), closesOn: iso(q.closesOn) };
  (await questionsOf(id)).forEach((question, i) => {
    fields[`q-${i}-key`] = question.key;
    fields[`q-${i}-kind`] = question.kind;
    fields[`q-${i}-text`] = question.text;
    fields[`q-${i}-hint`] = question.hint ?? '';
    fields[`q-${i}-required`] = question.required ? 'on' : undefined;
    fields[`q-${i}-options`] = (question.options ?? []).map((o) => o.label).join('\n');
  });
  return { ...fields, ...changes };
}

/** A questionnaire made through the UI, with the questions given (added one by one). */
async function makeQuestionnaire(agent: Agent, title: string, questions: { kind: string; text: string; options?: string; required?: boolean; hint?: string }[], settings: Fields = {}) {
  const res = await post(agent, '/questionnaires', { title, description: '', audience: 'MENTEE_MONITORING', opensOn: '', closesOn: '', ...settings });
  assert.equal(res.status, 303, 'questionnaire created');
  const id = Number(/\/questionnaires\/(\d+)\/edit/.exec(String(res.headers.location))![1]);
  for (const q of questions) {
    const added = await post(agent, `/questionnaires/${id}/questions`, await builderForm(id, {
      'new-kind': q.kind,
      'new-text': q.text,
      'new-hint': q.hint ?? '',
      'new-options': q.options ?? '',
      'new-required': q.required === false ? undefined : 'on',
    }));
    assert.equal(added.status, 303, `question «${q.text}» added`);
  }
  return id;
}

async function publish(agent: Agent, id: number) {
  const res = await post(agent, `/questionnaires/${id}/publish`);
  assert.equal(res.status, 303);
}

/** Option values by label, read from the stored version. */
async function valueOf(id: number, key: string, label: string) {
  const q = (await questionsOf(id)).find((x) => x.key === key)!;
  return q.options!.find((o) => o.label === label)!.value;
}

async function keyOf(id: number, text: string) {
  return (await questionsOf(id)).find((q) => q.text === text)!.key;
}

async function teacherAgent(organizationId: number, overrides: Parameters<typeof createTeacher>[2] = {}) {
  const t = await createTeacher(prisma, organizationId, overrides);
  return { ...t, agent: await loginAs(app, t.user) };
}

describe('access', () => {
  test('anonymous visitors are sent to the login page', async () => {
    const anon = await anonymousAgent(app);
    for (const url of ['/questionnaires', '/questionnaires/new', '/questionnaires/1', '/questionnaires/1/respond', '/questionnaires/1/results']) {
      const res = await anon.get(url);
      assert.equal(res.status, 303, url);
      assert.equal(res.headers.location, '/login', url);
    }
    const res = await post(anon, '/questionnaires', { title: 'x' });
    assert.equal(res.headers.location, '/login');
  });

  test('roles: the teacher neither builds nor reads results; the head reads but does not build; the administrator has no questionnaires', async () => {
    const id = await makeQuestionnaire(methodist, 'Права', [{ kind: 'YES_NO', text: 'Вопрос?' }]);
    const teacher = (await teacherAgent(org.organization.id)).agent;
    for (const url of ['/questionnaires/new', `/questionnaires/${id}/edit`, `/questionnaires/${id}/results`, `/questionnaires/${id}`]) {
      assert.equal((await teacher.get(url)).status, 403, `teacher ${url}`);
    }
    assert.equal((await post(teacher, `/questionnaires/${id}/publish`)).status, 403);
    assert.equal((await post(teacher, '/questionnaires', { title: 'x', audience: 'MENTEE_MONITORING' })).status, 403);
    assert.equal((await head.get(`/questionnaires/${id}/edit`)).status, 403);
    assert.equal((await post(head, `/questionnaires/${id}/publish`)).status, 403);
    assert.equal((await head.get(`/questionnaires/${id}/results`)).status, 200);
    assert.equal((await head.get(`/questionnaires/${id}`)).status, 200);
    const admin = await loginAs(app, org.admin);
    assert.equal((await admin.get('/questionnaires')).status, 403);
  });

  test('another organization’s questionnaire is not found', async () => {
    const id = await makeQuestionnaire(methodist, 'Чужая', [{ kind: 'YES_NO', text: 'Вопрос?' }]);
    await publish(methodist, id);
    const other = await createOrganizationWithStaff(prisma);
    const otherMethodist = await loginAs(app, other.methodist);
    for (const url of [`/questionnaires/${id}`, `/questionnaires/${id}/edit`, `/questionnaires/${id}/results`]) {
      assert.equal((await otherMethodist.get(url)).status, 404, url);
    }
    assert.equal((await post(otherMethodist, `/questionnaires/${id}`, await builderForm(id, { title: 'Взлом' }))).status, 404);
    assert.equal((await post(otherMethodist, `/questionnaires/${id}/close`)).status, 404);
    const stranger = (await teacherAgent(other.organization.id)).agent;
    assert.equal((await stranger.get(`/questionnaires/${id}/respond`)).status, 404);
    assert.equal((await post(stranger, `/questionnaires/${id}/respond`, { action: 'submit', 'a-x': 'yes' })).status, 404);
    assert.equal((await prisma.questionnaire.findUniqueOrThrow({ where: { id } })).status, 'PUBLISHED');
  });
});

describe('creating and building', () => {
  test('the new-questionnaire form: 422 with Russian messages and values kept; valid → 303, version 1', async () => {
    assert.equal((await methodist.get('/questionnaires/new')).status, 200);
    const bad = await post(methodist, '/questionnaires', { title: '', description: 'Описание <i>x</i>', audience: 'MENTEE_REQUESTS', opensOn: '2026-05-10', closesOn: '2026-05-01' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="field-title-error".*Заполните поле «Название»/s);
    assert.match(bad.text, /id="field-closesOn-error".*Дата окончания не может быть раньше даты начала/s);
    assert.match(bad.text, /value="2026-05-10"/);
    assert.match(bad.text, /Описание &lt;i&gt;x&lt;\/i&gt;/);
    const title = `Анкета ${uniq()}`;
    const ok = await post(methodist, '/questionnaires', { title, description: '', audience: 'EVENT_FEEDBACK', opensOn: '2026-05-01', closesOn: '2026-05-10' });
    assert.equal(ok.status, 303);
    const q = await prisma.questionnaire.findFirstOrThrow({ where: { title }, include: { versions: true } });
    assert.equal(q.organizationId, org.organization.id);
    assert.equal(q.status, 'DRAFT');
    assert.equal(iso(q.closesOn), '2026-05-10');
    assert.deepEqual(q.versions.map((v) => v.number), [1]);
    assert.equal(q.currentVersionId, q.versions[0]!.id);
    assert.equal(ok.headers.location, `/questionnaires/${q.id}/edit`);
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'questionnaire.create', entityId: String(q.id) } }));
  });

  test('add, reorder, delete — each a POST that keeps the edits posted with it; invalid → 422', async () => {
    const id = await makeQuestionnaire(methodist, 'Конструктор', []);
    const page = await methodist.get(`/questionnaires/${id}/edit`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Вопросов пока нет/);

    const oneOption = await post(methodist, `/questionnaires/${id}/questions`, await builderForm(id, { 'new-kind': 'SINGLE', 'new-text': 'Ваша группа?', 'new-options': 'Младшая' }));
    assert.equal(oneOption.status, 422);
    assert.match(oneOption.text, /id="field-new-options-error".*не меньше двух вариантов/s);
    assert.match(oneOption.text, /Ваша группа\?/, 'the typed question is kept');

    const noText = await post(methodist, `/questionnaires/${id}/questions`, await builderForm(id, { 'new-kind': 'YES_NO', 'new-text': '' }));
    assert.equal(noText.status, 422);
    assert.match(noText.text, /Напишите текст нового вопроса/);

    const badKind = await post(methodist, `/questionnaires/${id}/questions`, await builderForm(id, { 'new-kind': 'RATING', 'new-text': 'Вопрос' }));
    assert.equal(badKind.status, 422);
    assert.match(badKind.text, /Выберите тип вопроса из списка/);

    const added = await post(methodist, `/questionnaires/${id}/questions`, await builderForm(id, { 'new-kind': 'SINGLE', 'new-text': 'Ваша группа?', 'new-options': 'Младшая\r\nСредняя\r\n\r\nСтаршая', 'new-required': 'on' }));
    assert.equal(added.status, 303);
    let list = await questionsOf(id);
    assert.equal(list.length, 1);
    assert.equal(added.headers.location, `/questionnaires/${id}/edit#question-${list[0]!.key}`);
    assert.deepEqual(list[0]!.options!.map((o) => o.label), ['Младшая', 'Средняя', 'Старшая']);
    assert.equal(list[0]!.required, true);

    await post(methodist, `/questionnaires/${id}/questions`, await builderForm(id, { 'new-kind': 'SCALE', 'new-text': 'Насколько удобно?' }));
    await post(methodist, `/questionnaires/${id}/questions`, await builderForm(id, { 'new-kind': 'LONG_TEXT', 'new-text': 'Комментарий' }));
    list = await questionsOf(id);
    assert.deepEqual(list.map((q) => q.text), ['Ваша группа?', 'Насколько удобно?', 'Комментарий']);

    // «↑» on the third question, with an unsaved edit of the first one posted alongside.
    const third = list[2]!.key;
    const moved = await post(methodist, `/questionnaires/${id}/questions/${third}/up`, await builderForm(id, { 'q-0-text': 'В какой группе вы работаете?' }));
    assert.equal(moved.status, 303);
    list = await questionsOf(id);
    assert.deepEqual(list.map((q) => q.text), ['В какой группе вы работаете?', 'Комментарий', 'Насколько удобно?']);
    await post(methodist, `/questionnaires/${id}/questions/${third}/down`, await builderForm(id));
    assert.deepEqual((await questionsOf(id)).map((q) => q.key).at(-1), third);

    const invalidEdit = await post(methodist, `/questionnaires/${id}`, await builderForm(id, { 'q-0-text': '', 'q-0-options': 'Одна' }));
    assert.equal(invalidEdit.status, 422);
    assert.match(invalidEdit.text, /id="field-q-0-text-error".*Заполните текст вопроса/s);
    assert.match(invalidEdit.text, /id="field-q-0-options-error".*не меньше двух вариантов/s);
    assert.equal((await questionsOf(id))[0]!.text, 'В какой группе вы работаете?', 'nothing saved');

    const deleted = await post(methodist, `/questionnaires/${id}/questions/${list[1]!.key}/delete`, await builderForm(id));
    assert.equal(deleted.status, 303);
    assert.deepEqual((await questionsOf(id)).map((q) => q.text), ['В какой группе вы работаете?', 'Насколько удобно?']);
    assert.equal((await prisma.questionnaireVersion.count({ where: { questionnaireId: id } })), 1, 'no responses: edited in place');

    const editPage = await methodist.get(`/questionnaires/${id}/edit`);
    assert.match(editPage.text, /В какой группе вы работаете\?/);
    assert.match(editPage.text, /formaction="\/questionnaires\/\d+\/questions\/[a-z0-9_]+\/up"/);
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'questionnaire.update', entityId: String(id) } }));
  });

  test('publishing needs a question and a period not yet over; then closing', async () => {
    const empty = await makeQuestionnaire(methodist, 'Пустая', []);
    const refused = await post(methodist, `/questionnaires/${empty}/publish`);
    assert.equal(refused.status, 422);
    assert.match(refused.text, /Добавьте хотя бы один вопрос/);
    assert.equal((await prisma.questionnaire.findUniqueOrThrow({ where: { id: empty } })).status, 'DRAFT');

    const late = await makeQuestionnaire(methodist, 'Опоздавшая', [{ kind: 'YES_NO', text: 'Да?' }], { opensOn: iso(daysFromNow(-10)), closesOn: iso(daysFromNow(-2)) });
    const expired = await post(methodist, `/questionnaires/${late}/publish`);
    assert.equal(expired.status, 422);
    assert.match(expired.text, /Срок приёма ответов уже прошёл/);

    const id = await makeQuestionnaire(methodist, 'Готовая', [{ kind: 'YES_NO', text: 'Да?' }]);
    const ok = await post(methodist, `/questionnaires/${id}/publish`);
    assert.equal(ok.status, 303);
    assert.equal((await prisma.questionnaire.findUniqueOrThrow({ where: { id } })).status, 'PUBLISHED');
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'questionnaire.publish', entityId: String(id) } }));
    const closed = await post(methodist, `/questionnaires/${id}/close`);
    assert.equal(closed.status, 303);
    assert.equal((await prisma.questionnaire.findUniqueOrThrow({ where: { id } })).status, 'ARCHIVED');
    const list = await methodist.get('/questionnaires');
    assert.match(list.text, /Готовая<\/a>/);
    assert.match(list.text, /закрыта/);
    const twice = await post(methodist, `/questionnaires/${id}/close`);
    assert.equal(twice.status, 303);
    assert.match((await methodist.get(String(twice.headers.location))).text, /Анкета уже закрыта/);

    // Re-opening a closed questionnaire whose period is over: move the date, then publish again.
    await prisma.questionnaire.update({ where: { id }, data: { closesOn: daysFromNow(-1) } });
    assert.equal((await post(methodist, `/questionnaires/${id}/publish`)).status, 422);
    assert.equal((await methodist.get(`/questionnaires/${id}/edit`)).status, 200);
    assert.equal((await post(methodist, `/questionnaires/${id}`, await builderForm(id, { closesOn: iso(daysFromNow(30)) }))).status, 303);
    assert.equal((await post(methodist, `/questionnaires/${id}/publish`)).status, 303);
    assert.equal((await prisma.questionnaire.findUniqueOrThrow({ where: { id } })).status, 'PUBLISHED');
  });
});

describe('templates', () => {
  test('«Создать по шаблону»: the mentee-request questionnaire holds the keys the banks read', async () => {
    const res = await post(methodist, '/questionnaires/from-template', { templateKey: 'mentee-request' });
    assert.equal(res.status, 303);
    const q = await prisma.questionnaire.findFirstOrThrow({ where: { organizationId: org.organization.id, templateKey: 'mentee-request' } });
    assert.equal(res.headers.location, `/questionnaires/${q.id}/edit`);
    assert.equal(q.audience, 'MENTEE_REQUESTS');
    assert.equal(q.title, 'Анкета профессиональных запросов педагога (наставляемого)');
    assert.equal(q.status, 'DRAFT');
    const questions = new Map((await questionsOf(q.id)).map((x) => [x.key, x]));
    assert.ok(questions.size >= 10 && questions.size <= 15);
    const topics = await listTopics(scopeFor(org.organization));
    assert.deepEqual([questions.get('category')?.kind, questions.get('category')?.required], ['SINGLE', true]);
    assert.deepEqual(questions.get('category')?.options?.map((o) => o.value), Object.keys(MenteeCategory));
    assert.deepEqual([questions.get('topics')?.kind, questions.get('topics')?.required], ['MULTIPLE', true]);
    assert.deepEqual(questions.get('topics')?.options?.map((o) => o.value), topics.map((t) => String(t.id)));
    assert.deepEqual(questions.get('topics')?.options?.map((o) => o.label), topics.map((t) => t.name));
    assert.deepEqual([questions.get('request')?.kind, questions.get('request')?.required], ['LONG_TEXT', true]);
    assert.deepEqual([questions.get('form')?.kind, questions.get('form')?.required], ['SINGLE', false]);
    assert.deepEqual(questions.get('form')?.options?.map((o) => o.value), Object.keys(MentoringForm));

    // The same button again opens the one that exists.
    const again = await post(methodist, '/questionnaires/from-template', { templateKey: 'mentee-request' });
    assert.equal(again.headers.location, `/questionnaires/${q.id}/edit`);
    assert.equal(await prisma.questionnaire.count({ where: { organizationId: org.organization.id, templateKey: 'mentee-request' } }), 1);

    // Locked questions: cannot be deleted; a posted change of kind or options is ignored.
    const del = await post(methodist, `/questionnaires/${q.id}/questions/category/delete`, await builderForm(q.id));
    assert.equal(del.status, 422);
    assert.match(del.text, /нельзя удалить/);
    const index = [...questions.keys()].indexOf('category');
    const tamper = await post(methodist, `/questionnaires/${q.id}`, await builderForm(q.id, { [`q-${index}-kind`]: 'SHORT_TEXT', [`q-${index}-options`]: 'Один\nДва', [`q-${index}-text`]: 'Кто вы?' }));
    assert.equal(tamper.status, 303);
    const category = (await questionsOf(q.id)).find((x) => x.key === 'category')!;
    assert.equal(category.kind, 'SINGLE');
    assert.equal(category.text, 'Кто вы?');
    assert.deepEqual(category.options?.map((o) => o.value), Object.keys(MenteeCategory));
    const bad = await post(methodist, '/questionnaires/from-template', { templateKey: 'nope' });
    assert.equal(bad.status, 404);
  });

  test('ensureTemplateQuestionnaire: the mentor-candidate questionnaire, created once', async () => {
    const fresh = await createOrganizationWithStaff(prisma);
    const scope = scopeFor(fresh.organization, fresh.methodist);
    const made = await ensureTemplateQuestionnaire(scope, 'mentor-candidate');
    assert.equal(made.created, true);
    assert.equal(made.status, 'DRAFT');
    assert.equal(made.title, 'Анкета потенциального наставника');
    const again = await ensureTemplateQuestionnaire(scope, 'mentor-candidate');
    assert.deepEqual([again.id, again.created], [made.id, false]);
    const q = await prisma.questionnaire.findUniqueOrThrow({ where: { id: made.id } });
    assert.equal(q.audience, 'MENTOR_CANDIDATES');
    const questions = new Map((await questionsOf(made.id)).map((x) => [x.key, x]));
    assert.ok(questions.size >= 10 && questions.size <= 15);
    const topics = await listTopics(scopeFor(fresh.organization));
    assert.deepEqual([questions.get('competencies')?.kind, questions.get('competencies')?.required], ['MULTIPLE', true]);
    assert.deepEqual(questions.get('competencies')?.options?.map((o) => o.value), topics.map((t) => String(t.id)));
    assert.deepEqual([questions.get('motivation')?.kind, questions.get('motivation')?.required], ['LONG_TEXT', true]);
    assert.deepEqual([questions.get('availability')?.kind, questions.get('availability')?.required], ['SINGLE', true]);
    assert.match(questions.get('availability')!.options!.map((o) => o.label).join('|'), /1–2 часа в неделю/);
    assert.deepEqual([questions.get('maxMentees')?.kind, questions.get('maxMentees')?.required], ['SINGLE', true]);
    assert.deepEqual(questions.get('maxMentees')?.options?.map((o) => o.value), ['1', '2', '3', '4', '5']);
    assert.deepEqual([questions.get('forms')?.kind, questions.get('forms')?.required], ['MULTIPLE', true]);
    assert.deepEqual(questions.get('forms')?.options?.map((o) => o.value), Object.keys(MentoringForm));
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'questionnaire.create', entityId: String(made.id) } }));
  });
});

describe('answering', () => {
  let id: number;
  let scaleKey: string;
  let groupKey: string;
  before(async () => {
    id = await makeQuestionnaire(methodist, `Опрос ${uniq()}`, [
      { kind: 'SINGLE', text: 'Ваша группа?', options: 'Младшая\nСтаршая' },
      { kind: 'SCALE', text: 'Оцените адаптацию' },
      { kind: 'SHORT_TEXT', text: 'Пожелания', required: false },
    ]);
    await publish(methodist, id);
    scaleKey = await keyOf(id, 'Оцените адаптацию');
    groupKey = await keyOf(id, 'Ваша группа?');
  });

  test('the teacher sees the open questionnaire, saves a draft without the required answers, then submits', async () => {
    const { agent, staff } = await teacherAgent(org.organization.id);
    const list = await agent.get('/questionnaires');
    assert.equal(list.status, 200);
    assert.match(list.text, new RegExp(`href="/questionnaires/${id}/respond"`));
    assert.doesNotMatch(list.text, /Анкеты организации/, 'no management list for a teacher');

    const form = await agent.get(`/questionnaires/${id}/respond`);
    assert.equal(form.status, 200);
    assert.match(form.text, /Оцените адаптацию/);
    assert.match(form.text, new RegExp(`name="a-${scaleKey}" value="10"`));

    const draft = await post(agent, `/questionnaires/${id}/respond`, { action: 'save', [`a-${scaleKey}`]: '6' });
    assert.equal(draft.status, 303);
    let saved = await prisma.questionnaireResponse.findFirstOrThrow({ where: { questionnaireId: id, staffMemberId: staff.id } });
    assert.equal(saved.status, 'DRAFT');
    assert.equal(saved.submittedAt, null);
    assert.deepEqual(saved.answers, { [scaleKey]: 6 });
    const reopened = await agent.get(`/questionnaires/${id}/respond`);
    assert.match(reopened.text, new RegExp(`value="6" checked`), 'the draft is shown again');

    const missing = await post(agent, `/questionnaires/${id}/respond`, { action: 'submit', [`a-${scaleKey}`]: '6', [`a-${await keyOf(id, 'Пожелания')}`]: 'Больше прогулок' });
    assert.equal(missing.status, 422);
    assert.match(missing.text, new RegExp(`id="field-a-${groupKey}-error".*Выберите один из вариантов`, 's'));
    assert.match(missing.text, /value="Больше прогулок"/, 'typed answers are kept');
    assert.match(missing.text, /value="6" checked/);

    const forged = await post(agent, `/questionnaires/${id}/respond`, { action: 'submit', [`a-${groupKey}`]: 'hacked', [`a-${scaleKey}`]: '11' });
    assert.equal(forged.status, 422);
    assert.match(forged.text, /Выберите вариант из списка/);
    assert.match(forged.text, /Выберите оценку от 1 до 10/);

    const older = await valueOf(id, groupKey, 'Старшая');
    const submitted = await post(agent, `/questionnaires/${id}/respond`, { action: 'submit', [`a-${groupKey}`]: older, [`a-${scaleKey}`]: '8' });
    assert.equal(submitted.status, 303);
    assert.equal(submitted.headers.location, `/questionnaires/${id}/my-response`);
    saved = await prisma.questionnaireResponse.findFirstOrThrow({ where: { questionnaireId: id, staffMemberId: staff.id } });
    assert.equal(saved.status, 'SUBMITTED');
    assert.ok(saved.submittedAt);
    assert.deepEqual(saved.answers, { [groupKey]: older, [scaleKey]: 8 });
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'questionnaire.submit', entityId: String(saved.id) } }));

    const mine = await agent.get(`/questionnaires/${id}/my-response`);
    assert.equal(mine.status, 200);
    assert.match(mine.text, /Старшая/);
    assert.match(mine.text, /8 из 10/);

    // Editable until the questionnaire closes; it stays submitted.
    const edited = await post(agent, `/questionnaires/${id}/respond`, { action: 'save', [`a-${groupKey}`]: older, [`a-${scaleKey}`]: '9' });
    assert.equal(edited.status, 303);
    saved = await prisma.questionnaireResponse.findFirstOrThrow({ where: { questionnaireId: id, staffMemberId: staff.id } });
    assert.equal(saved.status, 'SUBMITTED');
    assert.equal((saved.answers as Record<string, unknown>)[scaleKey], 9);
    const stillRequired = await post(agent, `/questionnaires/${id}/respond`, { action: 'save', [`a-${scaleKey}`]: '9' });
    assert.equal(stillRequired.status, 422, 'a submitted response cannot lose its required answers');
  });

  test('a closed questionnaire is read-only: the form says so and a POST is refused', async () => {
    const { agent, staff } = await teacherAgent(org.organization.id);
    const closing = await makeQuestionnaire(methodist, `Закрывается ${uniq()}`, [{ kind: 'YES_NO', text: 'Да?' }]);
    await publish(methodist, closing);
    const key = (await questionsOf(closing))[0]!.key;
    assert.equal((await post(agent, `/questionnaires/${closing}/respond`, { action: 'submit', [`a-${key}`]: 'yes' })).status, 303);

    await prisma.questionnaire.update({ where: { id: closing }, data: { closesOn: daysFromNow(-2) } });
    const page = await agent.get(`/questionnaires/${closing}/respond`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Приём ответов завершён/);
    assert.doesNotMatch(page.text, /name="action"/, 'no form');
    const refused = await post(agent, `/questionnaires/${closing}/respond`, { action: 'submit', [`a-${key}`]: 'no' });
    assert.equal(refused.status, 409);
    assert.match(refused.text, /Приём ответов на эту анкету завершён/);
    const kept = await prisma.questionnaireResponse.findFirstOrThrow({ where: { questionnaireId: closing, staffMemberId: staff.id } });
    assert.deepEqual(kept.answers, { [key]: true });
    const list = await agent.get('/questionnaires');
    assert.doesNotMatch(list.text, new RegExp(`href="/questionnaires/${closing}/respond"`), 'not among the open ones');
    assert.match(list.text, new RegExp(`href="/questionnaires/${closing}/my-response"`), 'but among my answers');

    await prisma.questionnaire.update({ where: { id: closing }, data: { closesOn: null, status: 'ARCHIVED' } });
    assert.equal((await post(agent, `/questionnaires/${closing}/respond`, { action: 'submit', [`a-${key}`]: 'no' })).status, 409);

    // Not yet open: the date is given, answers are not taken.
    await prisma.questionnaire.update({ where: { id: closing }, data: { status: 'PUBLISHED', opensOn: daysFromNow(3) } });
    assert.match((await agent.get(`/questionnaires/${closing}/respond`)).text, /начнётся/);
    assert.equal((await post(agent, `/questionnaires/${closing}/respond`, { action: 'save' })).status, 409);
  });

  test('a draft questionnaire is invisible to teachers', async () => {
    const { agent } = await teacherAgent(org.organization.id);
    const draft = await makeQuestionnaire(methodist, 'Черновик', [{ kind: 'YES_NO', text: 'Да?' }]);
    assert.equal((await agent.get(`/questionnaires/${draft}/respond`)).status, 404);
  });

  test('a user without a staff record gets a polite explanation', async () => {
    const agent = await loginAs(app, org.teacher);
    const list = await agent.get('/questionnaires');
    assert.equal(list.status, 200);
    assert.match(list.text, /не связана с карточкой сотрудника/);
    const form = await agent.get(`/questionnaires/${id}/respond`);
    assert.equal(form.status, 403);
    assert.match(form.text, /не связана с карточкой сотрудника/);
  });
});

describe('versioning', () => {
  test('editing an answered questionnaire makes version 2; the old response keeps version 1', async () => {
    const id = await makeQuestionnaire(methodist, `Версии ${uniq()}`, [{ kind: 'SHORT_TEXT', text: 'Как прошла неделя?' }]);
    await publish(methodist, id);
    const key = (await questionsOf(id))[0]!.key;
    const first = await teacherAgent(org.organization.id);
    assert.equal((await post(first.agent, `/questionnaires/${id}/respond`, { action: 'submit', [`a-${key}`]: 'Хорошо' })).status, 303);
    const v1 = await prisma.questionnaire.findUniqueOrThrow({ where: { id } });

    const page = await methodist.get(`/questionnaires/${id}/edit`);
    assert.match(page.text, /сохранятся как версия 2/);
    const edited = await post(methodist, `/questionnaires/${id}`, await builderForm(id, { 'q-0-text': 'Как прошёл месяц?' }));
    assert.equal(edited.status, 303);
    const v2 = await prisma.questionnaire.findUniqueOrThrow({ where: { id }, include: { currentVersion: true } });
    assert.notEqual(v2.currentVersionId, v1.currentVersionId);
    assert.equal(v2.currentVersion!.number, 2);
    const old = await prisma.questionnaireResponse.findFirstOrThrow({ where: { questionnaireId: id }, include: { version: true } });
    assert.equal(old.versionId, v1.currentVersionId);
    assert.equal((old.version.questions as unknown as Question[])[0]!.text, 'Как прошла неделя?');

    // Title-only edits make no new version.
    await post(methodist, `/questionnaires/${id}`, await builderForm(id, { title: `Версии (уточнено) ${uniq()}` }));
    assert.equal(await prisma.questionnaireVersion.count({ where: { questionnaireId: id } }), 2);

    const review = await methodist.get(`/questionnaires/${id}/responses/${old.id}`);
    assert.equal(review.status, 200);
    assert.match(review.text, /ответ по версии 1/);
    assert.match(review.text, /Как прошла неделя\?/);
    assert.doesNotMatch(review.text, /Как прошёл месяц\?/);
    const mine = await first.agent.get(`/questionnaires/${id}/my-response`);
    assert.match(mine.text, /ответ по версии 1/);
    const editing = await first.agent.get(`/questionnaires/${id}/respond`);
    assert.match(editing.text, /Как прошла неделя\?/, 'editing keeps the version answered');

    const second = await teacherAgent(org.organization.id);
    const fresh = await second.agent.get(`/questionnaires/${id}/respond`);
    assert.match(fresh.text, /Как прошёл месяц\?/, 'a new respondent gets the current version');
    assert.equal((await post(second.agent, `/questionnaires/${id}/respond`, { action: 'submit', [`a-${key}`]: 'Отлично' })).status, 303);
    const newer = await prisma.questionnaireResponse.findFirstOrThrow({ where: { questionnaireId: id, staffMemberId: second.staff.id } });
    assert.equal(newer.versionId, v2.currentVersionId);
  });
});

describe('results', () => {
  test('who answered, the reminder list, counts, shares, means and an escaped chart', async () => {
    const fresh = await createOrganizationWithStaff(prisma);
    const boss = await loginAs(app, fresh.methodist);
    const chief = await loginAs(app, fresh.head);
    const id = await makeQuestionnaire(boss, 'Итоги', [
      { kind: 'SINGLE', text: '<b>x</b> группа', options: 'Ранняя <i>\nСтаршая' },
      { kind: 'SCALE', text: 'Удовлетворённость' },
      { kind: 'YES_NO', text: 'Нужен наставник?' },
      { kind: 'MULTIPLE', text: 'Темы', options: 'Родители\nРППС\nИКТ', required: false },
      { kind: 'LONG_TEXT', text: 'Комментарий', required: false },
    ]);
    await publish(boss, id);
    const [group, scale, yes, topics, comment] = (await questionsOf(id)).map((q) => q.key) as [string, string, string, string, string];
    const early = await valueOf(id, group, 'Ранняя <i>');
    const senior = await valueOf(id, group, 'Старшая');
    const rppc = await valueOf(id, topics, 'РППС');
    const ict = await valueOf(id, topics, 'ИКТ');

    const answers: Fields[] = [
      { [`a-${group}`]: early, [`a-${scale}`]: '3', [`a-${yes}`]: 'yes', [`a-${topics}`]: [rppc, ict], [`a-${comment}`]: 'Нужны <script>alert(1)</script> примеры' },
      { [`a-${group}`]: senior, [`a-${scale}`]: '8', [`a-${yes}`]: 'no', [`a-${topics}`]: rppc },
      { [`a-${group}`]: senior, [`a-${scale}`]: '10', [`a-${yes}`]: 'yes' },
    ];
    const teachers = [];
    for (const a of answers) {
      const t = await teacherAgent(fresh.organization.id);
      teachers.push(t);
      assert.equal((await post(t.agent, `/questionnaires/${id}/respond`, { action: 'submit', ...a })).status, 303);
    }
    const drafting = await teacherAgent(fresh.organization.id, { email: 'draft@example.ru' });
    await post(drafting.agent, `/questionnaires/${id}/respond`, { action: 'save', [`a-${scale}`]: '1' });
    await teacherAgent(fresh.organization.id, { email: 'silent@example.ru', lastName: 'Молчанова' });
    // Not expected: archived staff, a disabled account, a staff member without an account.
    await teacherAgent(fresh.organization.id, { archivedAt: new Date(), email: 'archived@example.ru' });
    const disabled = await createTeacher(prisma, fresh.organization.id, { email: 'disabled@example.ru' });
    await prisma.user.update({ where: { id: disabled.user.id }, data: { active: false } });
    await createStaffMember(prisma, fresh.organization.id, { email: 'noaccount@example.ru' });
    const headStaff = await createStaffMember(prisma, fresh.organization.id, { email: 'head@example.ru' });
    await prisma.user.update({ where: { id: fresh.head.id }, data: { staffMemberId: headStaff.id } });

    const res = await boss.get(`/questionnaires/${id}/results`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Ответили <strong>3 из 5<\/strong>/);
    assert.match(res.text, /draft@example\.ru, silent@example\.ru|silent@example\.ru, draft@example\.ru/);
    for (const absent of ['archived@', 'disabled@', 'noaccount@', 'head@']) assert.doesNotMatch(res.text, new RegExp(absent), absent);
    assert.match(res.text, /Скопировать адреса/);
    assert.match(res.text, /Молчанова[^<]*<\/td>\s*<td[^>]*>[^<]*<\/td>\s*<td data-label="Ответ">\s*<span class="status">нет ответа/);
    assert.match(res.text, new RegExp(`href="/questionnaires/${id}/responses/\\d+"`));

    // Counts and shares.
    const row = (value: string) => new RegExp(`<tr data-value="${value}">\\s*<td[^>]*>[^<]*</td>\\s*<td data-label="Ответов">(\\d+)</td>\\s*<td data-label="Доля">(\\d+)%</td>`);
    assert.deepEqual(row(early).exec(res.text)?.slice(1), ['1', '33']);
    assert.deepEqual(row(senior).exec(res.text)?.slice(1), ['2', '67']);
    assert.deepEqual(row('yes').exec(res.text)?.slice(1), ['2', '67']);
    assert.deepEqual(row('no').exec(res.text)?.slice(1), ['1', '33']);
    assert.deepEqual(row(rppc).exec(res.text)?.slice(1), ['2', '100'], 'multiple choice: share of those who answered');
    assert.deepEqual(row(ict).exec(res.text)?.slice(1), ['1', '50']);
    assert.deepEqual(row('10').exec(res.text)?.slice(1), ['1', '33']);
    assert.match(res.text, new RegExp(`data-testid="mean-${scale}">7,0<`), 'mean of 3, 8 and 10; the draft is not counted');
    assert.match(res.text, /Нужны &lt;script&gt;alert\(1\)&lt;\/script&gt; примеры/);

    // One SVG chart per choice, scale and yes/no question; the question text is escaped inside it.
    const svgs = res.text.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    assert.equal(svgs.length, 4);
    for (const svg of svgs) {
      assert.match(svg, /^<svg[^>]* role="img"/);
      assert.match(svg, /<title id="chart-\d+-title">Диаграмма: /);
      assert.doesNotMatch(svg, /<script|<style|\son\w+=/);
    }
    assert.match(svgs[0]!, /Диаграмма: &lt;b&gt;x&lt;\/b&gt; группа/);
    assert.match(svgs[0]!, /Ранняя &lt;i&gt;/);
    assert.doesNotMatch(res.text, /<b>x<\/b>|Ранняя <i>/);

    const asHead = await chief.get(`/questionnaires/${id}/results`);
    assert.equal(asHead.status, 200);
    assert.match(asHead.text, /Ответили <strong>3 из 5<\/strong>/);

    const managed = await boss.get('/questionnaires');
    assert.match(managed.text, /ответили 3 из 5/);

    // A teacher cannot read results nor another teacher's response; the staff list is not paginated away.
    const response = await prisma.questionnaireResponse.findFirstOrThrow({ where: { questionnaireId: id, staffMemberId: teachers[0]!.staff.id } });
    assert.equal((await teachers[1]!.agent.get(`/questionnaires/${id}/results`)).status, 403);
    assert.equal((await teachers[1]!.agent.get(`/questionnaires/${id}/responses/${response.id}`)).status, 403);
    const draftResponse = await prisma.questionnaireResponse.findFirstOrThrow({ where: { questionnaireId: id, staffMemberId: drafting.staff.id } });
    assert.equal((await boss.get(`/questionnaires/${id}/responses/${draftResponse.id}`)).status, 404, 'a draft is the teacher’s own');
    assert.equal((await methodist.get(`/questionnaires/${id}/responses/${response.id}`)).status, 404, 'other organization');
    assert.equal((await teachers[1]!.agent.get(`/questionnaires/${id}/my-response`)).status, 200);
  });

  test('a response of a template questionnaire offers the bank; reading it is audited; getSubmittedResponse', async () => {
    const fresh = await createOrganizationWithStaff(prisma);
    const boss = await loginAs(app, fresh.methodist);
    const chief = await loginAs(app, fresh.head);
    await post(boss, '/questionnaires/from-template', { templateKey: 'mentee-request' });
    const q = await prisma.questionnaire.findFirstOrThrow({ where: { organizationId: fresh.organization.id, templateKey: 'mentee-request' } });
    await publish(boss, q.id);
    const questions = await questionsOf(q.id);
    const t = await teacherAgent(fresh.organization.id);
    const fields: Fields = { action: 'submit' };
    for (const question of questions) {
      if (!question.required) continue;
      fields[`a-${question.key}`] =
        question.kind === 'SCALE' ? '5' : question.kind === 'YES_NO' ? 'yes' : question.options ? question.options[0]!.value : 'Хочу научиться работать с родителями';
    }
    const topicIds = questions.find((x) => x.key === 'topics')!.options!.map((o) => o.value);
    fields['a-topics'] = topicIds.slice(0, 2);
    fields['a-category'] = 'YOUNG_SPECIALIST';
    const submitted = await post(t.agent, `/questionnaires/${q.id}/respond`, fields);
    assert.equal(submitted.status, 303);
    const response = await prisma.questionnaireResponse.findFirstOrThrow({ where: { questionnaireId: q.id } });

    const page = await boss.get(`/questionnaires/${q.id}/responses/${response.id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`<form method="post" action="/bank/mentees/from-response/${response.id}"`));
    assert.match(page.text, /Внести в банк наставляемых/);
    assert.match(page.text, /name="_csrf" value="[^"]+"/);
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'questionnaire.response_read', entityId: String(response.id), userId: fresh.methodist.id } }));
    const asHead = await chief.get(`/questionnaires/${q.id}/responses/${response.id}`);
    assert.equal(asHead.status, 200);
    assert.doesNotMatch(asHead.text, /Внести в банк/, 'the head reads only');

    const got = await getSubmittedResponse(scopeFor(fresh.organization), response.id);
    assert.equal(got.id, response.id);
    assert.equal(got.staffMemberId, t.staff.id);
    assert.ok(got.submittedAt instanceof Date);
    assert.deepEqual(got.questionnaire, { id: q.id, templateKey: 'mentee-request', audience: 'MENTEE_REQUESTS', title: q.title });
    assert.equal(got.answers.category, 'YOUNG_SPECIALIST');
    assert.deepEqual(got.answers.topics, topicIds.slice(0, 2));
    assert.equal(got.answers.request, 'Хочу научиться работать с родителями');
    assert.ok(got.questions.some((x) => x.key === 'request'));
    await assert.rejects(getSubmittedResponse(scopeFor(org.organization), response.id), NotFoundError);
    await prisma.questionnaireResponse.update({ where: { id: response.id }, data: { status: 'DRAFT' } });
    await assert.rejects(getSubmittedResponse(scopeFor(fresh.organization), response.id), NotFoundError);
  });

  test('the mentor-candidate response offers the mentor bank', async () => {
    const fresh = await createOrganizationWithStaff(prisma);
    const boss = await loginAs(app, fresh.methodist);
    await post(boss, '/questionnaires/from-template', { templateKey: 'mentor-candidate' });
    const q = await prisma.questionnaire.findFirstOrThrow({ where: { organizationId: fresh.organization.id, templateKey: 'mentor-candidate' } });
    await publish(boss, q.id);
    const t = await teacherAgent(fresh.organization.id);
    const fields: Fields = { action: 'submit' };
    for (const question of await questionsOf(q.id)) {
      if (!question.required) continue;
      fields[`a-${question.key}`] = question.kind === 'SCALE' ? '9' : question.kind === 'YES_NO' ? 'yes' : question.options ? question.options[0]!.value : 'Хочу помогать';
    }
    assert.equal((await post(t.agent, `/questionnaires/${q.id}/respond`, fields)).status, 303);
    const response = await prisma.questionnaireResponse.findFirstOrThrow({ where: { questionnaireId: q.id } });
    const page = await boss.get(`/questionnaires/${q.id}/responses/${response.id}`);
    assert.match(page.text, new RegExp(`action="/bank/mentors/from-response/${response.id}"`));
    assert.match(page.text, /Внести в банк наставников/);
  });
  test('options typed with «onclick=», «href=» and «javascript:» keep their chart, shown as text (it used to vanish)', async () => {
    const fresh = await createOrganizationWithStaff(prisma);
    const boss = await loginAs(app, fresh.methodist);
    const labels = ['Да onclick=alert(1)', 'Ссылка href=http://example.com', 'javascript:alert(1)', '<img src=x onerror=alert(1)>'];
    const id = await makeQuestionnaire(boss, 'Опасные подписи', [{ kind: 'SINGLE', text: 'Выбор', options: labels.join('\n') }]);
    await publish(boss, id);
    const [key] = (await questionsOf(id)).map((q) => q.key) as [string];
    for (const label of labels) {
      const t = await teacherAgent(fresh.organization.id);
      assert.equal((await post(t.agent, `/questionnaires/${id}/respond`, { action: 'submit', [`a-${key}`]: await valueOf(id, key, label) })).status, 303);
    }
    const res = await boss.get(`/questionnaires/${id}/results`);
    assert.equal(res.status, 200);
    const svgs = res.text.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    assert.equal(svgs.length, 1, 'the chart is on the page');
    const { document } = parseHTML(`<!doctype html><html><body>${svgs[0]}</body></html>`);
    const svg = document.body.firstElementChild as unknown as TreeNode;
    assert.deepEqual(treeProblems(svg), [], 'only the allowed elements and attributes');
    for (const label of labels) assert.ok(svg.textContent!.includes(label), `«${label}» is in the chart as text`);
  });
});

describe('lists', () => {
  test('the methodist’s list paginates and counts answers per questionnaire', async () => {
    const fresh = await createOrganizationWithStaff(prisma);
    const boss = await loginAs(app, fresh.methodist);
    const tag = uniq();
    for (let i = 0; i < 27; i++) {
      await prisma.questionnaire.create({ data: { organizationId: fresh.organization.id, title: `Анкета ${tag} ${String(i).padStart(2, '0')}`, audience: 'EVENT_FEEDBACK' } });
    }
    const first = await boss.get('/questionnaires');
    assert.equal(first.status, 200);
    assert.match(first.text, /Страница 1 из 2/);
    const second = await boss.get('/questionnaires?page=2');
    assert.equal((second.text.match(new RegExp(`Анкета ${tag}`, 'g')) ?? []).length, 2);
    assert.equal((await boss.get('/questionnaires?page=-3')).status, 200);
  });
});
