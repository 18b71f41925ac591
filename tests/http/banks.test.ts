import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import supertest from 'supertest';
import { loginAs, testApp, type Agent } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createStaffMember, recordConsent, THIS_SCHOOL_YEAR } from '../helpers/factories.ts';
import { scopeFor } from '../helpers/scope.ts';
import { statementsOn } from '../helpers/statements.ts';
import { listTopics } from '../../src/modules/topics/topics.service.ts';

const { prisma } = sharedDatabase();
const app = testApp();
let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let methodist: Agent;
let head: Agent;
let teacher: Agent;
let topicIds: number[];

before(async () => {
  org = await createOrganizationWithStaff(prisma);
  [methodist, head, teacher] = await Promise.all([loginAs(app, org.methodist), loginAs(app, org.head), loginAs(app, org.teacher)]);
  topicIds = (await listTopics(scopeFor(org.organization))).map((t) => t.id);
});
after(async () => {
  await app.close();
  await sharedDatabase().close();
});

async function consentedStaff(overrides: Parameters<typeof createStaffMember>[2] = {}) {
  const staff = await createStaffMember(prisma, org.organization.id, overrides);
  await recordConsent(prisma, org.organization.id, staff.id, 'PERSONAL_DATA');
  return staff;
}

/** A submitted answer to a questionnaire made from a template, as the questionnaires module stores it. */
async function submittedResponse(staffMemberId: number, templateKey: 'mentee-request' | 'mentor-candidate', answers: Record<string, unknown>) {
  const questionnaire = await prisma.questionnaire.create({
    data: {
      organizationId: org.organization.id,
      title: templateKey,
      audience: templateKey === 'mentee-request' ? 'MENTEE_REQUESTS' : 'MENTOR_CANDIDATES',
      status: 'PUBLISHED',
      templateKey,
    },
  });
  const version = await prisma.questionnaireVersion.create({
    data: {
      questionnaireId: questionnaire.id,
      number: 1,
      questions: [{ key: 'availability', kind: 'SINGLE', text: 'Время', required: true, options: [{ value: 'a', label: '1–2 часа в неделю' }, { value: 'b', label: '3–4 часа в неделю' }] }],
    },
  });
  await prisma.questionnaire.update({ where: { id: questionnaire.id }, data: { currentVersionId: version.id } });
  return prisma.questionnaireResponse.create({
    data: { organizationId: org.organization.id, questionnaireId: questionnaire.id, versionId: version.id, staffMemberId, status: 'SUBMITTED', answers: answers as object, submittedAt: new Date() },
  });
}

describe('mentee bank', () => {
  test('the methodist adds a consented teacher; the entry, its topics and history are saved', async () => {
    const staff = await consentedStaff();
    const form = await methodist.get('/bank/mentees/new');
    assert.equal(form.status, 200);
    assert.match(form.text, new RegExp(staff.lastName));
    const res = await methodist
      .post('/bank/mentees')
      .type('form')
      .send({ _csrf: methodist.csrf, staffMemberId: String(staff.id), category: 'YOUNG_SPECIALIST', topicIds: [String(topicIds[0]), String(topicIds[2])], requestText: 'Как говорить с родителями', desiredForm: 'TRADITIONAL' });
    assert.equal(res.status, 303);
    const entry = await prisma.menteeEntry.findFirstOrThrow({ where: { staffMemberId: staff.id }, include: { topics: true, history: true } });
    assert.equal(res.headers.location, `/bank/mentees/${entry.id}`);
    assert.equal(entry.status, 'NEW');
    assert.deepEqual(entry.topics.map((t) => t.topicId).sort(), [topicIds[0], topicIds[2]].sort());
    assert.equal(entry.history.length, 1);
  });

  test('without a personal-data consent the service refuses, with the reason on the form', async () => {
    const staff = await createStaffMember(prisma, org.organization.id, { lastName: 'Гречко', firstName: 'Анна', middleName: 'Сергеевна' });
    const res = await methodist.post('/bank/mentees').type('form').send({ _csrf: methodist.csrf, staffMemberId: String(staff.id), category: 'DIFFICULTIES', topicIds: String(topicIds[1]) });
    assert.equal(res.status, 422);
    assert.match(res.text, /Нет действующего документа: согласие на обработку персональных данных/);
    // The name in the sentence is declined: «у педагога Гречко Анны Сергеевны».
    assert.match(res.text, /у педагога Гречко Анны Сергеевны/);
    assert.equal(await prisma.menteeEntry.count({ where: { staffMemberId: staff.id } }), 0);
  });

  test('a revoked consent does not count', async () => {
    const staff = await consentedStaff();
    await prisma.consent.updateMany({ where: { staffMemberId: staff.id }, data: { revokedAt: new Date(), revokeReason: 'отзыв' } });
    const res = await methodist.post('/bank/mentees').type('form').send({ _csrf: methodist.csrf, staffMemberId: String(staff.id), category: 'DIFFICULTIES', topicIds: String(topicIds[1]) });
    assert.equal(res.status, 422);
  });

  test('invalid input → 422 with messages beside fields, values kept', async () => {
    const res = await methodist.post('/bank/mentees').type('form').send({ _csrf: methodist.csrf, staffMemberId: '', category: 'KING', requestText: 'мой текст' });
    assert.equal(res.status, 422);
    assert.match(res.text, /id="field-staffMemberId-error".*Выберите педагога/s);
    assert.match(res.text, /id="field-category-error".*Выберите категорию/s);
    assert.match(res.text, /id="field-topicIds-error".*Отметьте хотя бы одну тему/s);
    assert.match(res.text, /мой текст/);
  });

  test('an entry from a submitted professional-request questionnaire', async () => {
    const staff = await consentedStaff();
    const response = await submittedResponse(staff.id, 'mentee-request', { category: 'NEW_EMPLOYEE', topics: [String(topicIds[3])], request: 'РППС в группе', form: 'PEER' });
    const res = await methodist.post(`/bank/mentees/from-response/${response.id}`).type('form').send({ _csrf: methodist.csrf });
    assert.equal(res.status, 303);
    const entry = await prisma.menteeEntry.findFirstOrThrow({ where: { staffMemberId: staff.id }, include: { topics: true } });
    assert.equal(res.headers.location, `/bank/mentees/${entry.id}`);
    assert.equal(entry.category, 'NEW_EMPLOYEE');
    assert.equal(entry.desiredForm, 'PEER');
    assert.equal(entry.requestText, 'РППС в группе');
    assert.equal(entry.responseId, response.id);
    assert.deepEqual(entry.topics.map((t) => t.topicId), [topicIds[3]]);
  });

  test('«Внести в банк выбранных»: several responses in one POST, each row with its outcome; the results page offers the ticks', async () => {
    const ready = await consentedStaff({ lastName: 'Пакетова' });
    const noConsent = await createStaffMember(prisma, org.organization.id, { lastName: 'Безсогласная', firstName: 'Вера', middleName: 'Павловна' });
    const first = await submittedResponse(ready.id, 'mentee-request', { category: 'YOUNG_SPECIALIST', topics: [String(topicIds[0])], request: 'Родители', form: 'TRADITIONAL' });
    const second = await submittedResponse(noConsent.id, 'mentee-request', { category: 'DIFFICULTIES', topics: [String(topicIds[1])], request: 'Дисциплина', form: 'TRADITIONAL' });

    const results = await methodist.get(`/questionnaires/${first.questionnaireId}/results`);
    assert.equal(results.status, 200);
    assert.match(results.text, /<form method="post" action="\/bank\/mentees\/from-responses" id="bulk-bank">/);
    assert.match(results.text, new RegExp(`<input type="checkbox" form="bulk-bank" name="responseIds" value="${first.id}"`));
    assert.match(results.text, /Внести в банк выбранных/);

    const res = await methodist.post('/bank/mentees/from-responses').type('form').send({ _csrf: methodist.csrf, responseIds: [String(first.id), String(second.id)], back: `/questionnaires/${first.questionnaireId}/results` });
    assert.equal(res.status, 200);
    assert.match(res.text, /Внесено: 1 из 2/);
    const entry = await prisma.menteeEntry.findFirstOrThrow({ where: { staffMemberId: ready.id } });
    assert.match(res.text, new RegExp(`<li data-outcome="ok">Ответ № ${first.id}:\\s*<a href="/bank/mentees/${entry.id}">`));
    assert.match(res.text, new RegExp(`<li data-outcome="refused">Ответ № ${second.id}:[\\s\\S]*?Нет действующего документа: согласие на обработку персональных данных у педагога Безсогласной Веры Павловны`));
    assert.equal(await prisma.menteeEntry.count({ where: { staffMemberId: noConsent.id } }), 0);

    const none = await methodist.post('/bank/mentees/from-responses').type('form').send({ _csrf: methodist.csrf });
    assert.equal(none.status, 422);
    assert.match(none.text, /Отметьте в списке ответивших хотя бы один ответ/);
    assert.equal((await head.post('/bank/mentees/from-responses').type('form').send({ _csrf: head.csrf, responseIds: String(first.id) })).status, 403);
  });

  test('the bank list points to the questionnaire answers not yet in the bank, with their count and the results page', async () => {
    const fresh = await createOrganizationWithStaff(prisma);
    const m = await loginAs(app, fresh.methodist);
    const hint = /Ответов анкеты, ещё не внесённых в банк: <strong>(\d+)<\/strong>/;
    assert.doesNotMatch((await m.get('/bank/mentees')).text, hint, 'nothing waiting, no hint');
    const questionnaire = await prisma.questionnaire.create({ data: { organizationId: fresh.organization.id, title: 'Запросы 2026', audience: 'MENTEE_REQUESTS', status: 'PUBLISHED', templateKey: 'mentee-request' } });
    const version = await prisma.questionnaireVersion.create({ data: { questionnaireId: questionnaire.id, number: 1, questions: [] } });
    const people = [];
    for (const status of ['SUBMITTED', 'SUBMITTED', 'DRAFT'] as const) {
      const staff = await createStaffMember(prisma, fresh.organization.id);
      await recordConsent(prisma, fresh.organization.id, staff.id, 'PERSONAL_DATA');
      const response = await prisma.questionnaireResponse.create({
        data: { organizationId: fresh.organization.id, questionnaireId: questionnaire.id, versionId: version.id, staffMemberId: staff.id, status, answers: {}, submittedAt: status === 'SUBMITTED' ? new Date() : null },
      });
      people.push({ staff, response });
    }
    const empty = await m.get('/bank/mentees');
    assert.match(empty.text, /Записей нет/);
    assert.equal(hint.exec(empty.text)?.[1], '2', 'two sent answers wait; a draft does not');
    assert.match(empty.text, new RegExp(`href="/questionnaires/${questionnaire.id}/results\\?answered=yes#respondents">«Запросы 2026» — 2`));
    assert.doesNotMatch((await m.get('/bank/mentors')).text, hint, 'the mentor bank counts only its own questionnaire');
    assert.doesNotMatch((await (await loginAs(app, fresh.head)).get('/bank/mentees')).text, hint, 'the head does not put answers in the bank');

    // One of them enters the bank (this school year's request): it no longer waits.
    await prisma.menteeEntry.create({ data: { organizationId: fresh.organization.id, schoolYear: THIS_SCHOOL_YEAR, staffMemberId: people[0]!.staff.id, category: 'YOUNG_SPECIALIST', responseId: people[0]!.response.id } });
    assert.equal(hint.exec((await m.get('/bank/mentees')).text)?.[1], '1', 'what entered the bank no longer waits');

    // The mentor bank: its own questionnaire; a person with a mentor entry is in the bank already.
    const candidates = await prisma.questionnaire.create({ data: { organizationId: fresh.organization.id, title: 'Кандидаты', audience: 'MENTOR_CANDIDATES', status: 'PUBLISHED', templateKey: 'mentor-candidate' } });
    const candidatesVersion = await prisma.questionnaireVersion.create({ data: { questionnaireId: candidates.id, number: 1, questions: [] } });
    for (const inBank of [true, false]) {
      const staff = await createStaffMember(prisma, fresh.organization.id);
      await prisma.questionnaireResponse.create({ data: { organizationId: fresh.organization.id, questionnaireId: candidates.id, versionId: candidatesVersion.id, staffMemberId: staff.id, status: 'SUBMITTED', answers: {}, submittedAt: new Date() } });
      if (inBank) await prisma.mentorEntry.create({ data: { organizationId: fresh.organization.id, staffMemberId: staff.id } });
    }
    const mentors = await m.get('/bank/mentors');
    assert.equal(hint.exec(mentors.text)?.[1], '1');
    assert.match(mentors.text, new RegExp(`href="/questionnaires/${candidates.id}/results\\?answered=yes#respondents">«Кандидаты» — 1`));
  });

  test('each list page is one statement of its own: the page with its count, the filter\'s topics, the answers awaiting the bank', async () => {
    for (const path of ['/bank/mentees', '/bank/mentees?status=IN_BANK&topic=' + topicIds[0], '/bank/mentors']) {
      const entries = path.startsWith('/bank/mentees') ? 'MenteeEntry' : 'MentorEntry';
      let status = 0;
      const statements = await statementsOn('Topic', async () => {
        status = (await methodist.get(path)).status;
      });
      assert.equal(status, 200);
      assert.equal(statements.length, 1, statements.join('\n'));
      for (const table of [entries, 'QuestionnaireResponse', 'Consent']) assert.ok(statements[0]!.includes(`"${table}"`), `${path}: ${table}`);
    }
  });

  test('list filters by topic, category and status; search by name; other organizations never shown', async () => {
    const other = await createOrganizationWithStaff(prisma);
    const otherStaff = await createStaffMember(prisma, other.organization.id, { lastName: 'Чужая' });
    await recordConsent(prisma, other.organization.id, otherStaff.id);
    await prisma.menteeEntry.create({ data: { organizationId: other.organization.id, schoolYear: THIS_SCHOOL_YEAR, staffMemberId: otherStaff.id, category: 'DIFFICULTIES' } });

    const staff = await consentedStaff({ lastName: 'Фильтрова' });
    await prisma.menteeEntry.create({ data: { organizationId: org.organization.id, schoolYear: THIS_SCHOOL_YEAR, staffMemberId: staff.id, category: 'CERTIFICATION', status: 'IN_BANK', topics: { create: [{ topicId: topicIds[5]! }] } } });
    const all = await methodist.get('/bank/mentees');
    assert.equal(all.status, 200);
    assert.match(all.text, /Фильтрова/);
    assert.doesNotMatch(all.text, /Чужая/);
    assert.match((await methodist.get(`/bank/mentees?topic=${topicIds[5]}`)).text, /Фильтрова/);
    assert.doesNotMatch((await methodist.get(`/bank/mentees?topic=${topicIds[6]}`)).text, /Фильтрова/);
    assert.match((await methodist.get('/bank/mentees?category=CERTIFICATION&status=IN_BANK')).text, /Фильтрова/);
    assert.doesNotMatch((await methodist.get('/bank/mentees?status=WITHDRAWN')).text, /Фильтрова/);
    assert.match((await methodist.get('/bank/mentees?q=фильтр')).text, /Фильтрова/);
  });

  test('the card shows consents and history, and reading it is audited', async () => {
    const staff = await consentedStaff();
    const entry = await prisma.menteeEntry.create({ data: { organizationId: org.organization.id, schoolYear: THIS_SCHOOL_YEAR, staffMemberId: staff.id, category: 'DIFFICULTIES' } });
    const res = await head.get(`/bank/mentees/${entry.id}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /обработка персональных данных/);
    assert.doesNotMatch(res.text, /Изменить запрос/, 'the head reads only');
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'bank.mentee_read', entityId: String(entry.id), userId: org.head.id } }));
  });

  test('status changes follow the rules and are kept in the history', async () => {
    const staff = await consentedStaff();
    const entry = await prisma.menteeEntry.create({ data: { organizationId: org.organization.id, schoolYear: THIS_SCHOOL_YEAR, staffMemberId: staff.id, category: 'DIFFICULTIES' } });
    await methodist.post(`/bank/mentees/${entry.id}/status`).type('form').send({ _csrf: methodist.csrf, status: 'IN_BANK' });
    assert.equal((await prisma.menteeEntry.findUniqueOrThrow({ where: { id: entry.id } })).status, 'IN_BANK');
    const noReason = await methodist.post(`/bank/mentees/${entry.id}/status`).type('form').send({ _csrf: methodist.csrf, status: 'WITHDRAWN' });
    assert.match((await methodist.get(String(noReason.headers.location))).text, /Укажите причину выбытия/);
    const illegal = await methodist.post(`/bank/mentees/${entry.id}/status`).type('form').send({ _csrf: methodist.csrf, status: 'COMPLETED' });
    assert.match((await methodist.get(String(illegal.headers.location))).text, /можно перевести только в/);
    await methodist.post(`/bank/mentees/${entry.id}/status`).type('form').send({ _csrf: methodist.csrf, status: 'WITHDRAWN', reason: 'Увольнение' });
    const history = await prisma.bankStatusChange.findMany({ where: { menteeEntryId: entry.id }, orderBy: { id: 'asc' } });
    assert.deepEqual(history.map((h) => [h.fromStatus, h.toStatus]), [['NEW', 'IN_BANK'], ['IN_BANK', 'WITHDRAWN']]);
    assert.equal(history[1]!.reason, 'Увольнение');
  });

  test('editing keeps values on error and saves topics', async () => {
    const staff = await consentedStaff();
    const entry = await prisma.menteeEntry.create({ data: { organizationId: org.organization.id, schoolYear: THIS_SCHOOL_YEAR, staffMemberId: staff.id, category: 'DIFFICULTIES', topics: { create: [{ topicId: topicIds[0]! }] } } });
    const form = await methodist.get(`/bank/mentees/${entry.id}/edit`);
    assert.match(form.text, new RegExp(`value="${topicIds[0]}" checked`));
    const bad = await methodist.post(`/bank/mentees/${entry.id}`).type('form').send({ _csrf: methodist.csrf, category: 'DIFFICULTIES', requestText: 'оставить' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /оставить/);
    const ok = await methodist.post(`/bank/mentees/${entry.id}`).type('form').send({ _csrf: methodist.csrf, category: 'CERTIFICATION', topicIds: [String(topicIds[1]), String(topicIds[2])] });
    assert.equal(ok.status, 303);
    const saved = await prisma.menteeEntry.findUniqueOrThrow({ where: { id: entry.id }, include: { topics: true } });
    assert.equal(saved.category, 'CERTIFICATION');
    assert.equal(saved.topics.length, 2);
  });
});

describe('mentor bank', () => {
  test('the methodist adds a candidate and approves; the approval needs a valid consent', async () => {
    const staff = await consentedStaff({ experienceYears: 18 });
    const form = await methodist.get('/bank/mentors/new');
    assert.match(form.text, /name="maxMentees" value="3"/, 'the default limit comes from the organization settings');
    const res = await methodist
      .post('/bank/mentors')
      .type('form')
      .send({ _csrf: methodist.csrf, staffMemberId: String(staff.id), topicIds: [String(topicIds[0])], forms: ['TRADITIONAL', 'GROUP'], maxMentees: '2', trainingStatus: 'TRAINED', motivation: 'Хочу помогать' });
    assert.equal(res.status, 303);
    const entry = await prisma.mentorEntry.findFirstOrThrow({ where: { staffMemberId: staff.id } });
    assert.equal(entry.status, 'CANDIDATE');
    assert.deepEqual(entry.forms, ['TRADITIONAL', 'GROUP']);
    assert.equal(entry.maxMentees, 2);
    assert.equal(entry.trainingStatus, 'NOT_TRAINED', 'training follows set-up sessions attended, never the form');

    await prisma.consent.updateMany({ where: { staffMemberId: staff.id }, data: { revokedAt: new Date() } });
    const refused = await methodist.post(`/bank/mentors/${entry.id}/approve`).type('form').send({ _csrf: methodist.csrf });
    assert.match((await methodist.get(String(refused.headers.location))).text, /Нет действующего документа/);
    assert.equal((await prisma.mentorEntry.findUniqueOrThrow({ where: { id: entry.id } })).status, 'CANDIDATE');

    await recordConsent(prisma, org.organization.id, staff.id);
    await methodist.post(`/bank/mentors/${entry.id}/approve`).type('form').send({ _csrf: methodist.csrf });
    const approved = await prisma.mentorEntry.findUniqueOrThrow({ where: { id: entry.id } });
    assert.equal(approved.status, 'APPROVED');
    assert.equal(approved.approvedById, org.methodist.id);
  });

  test('invalid input → 422', async () => {
    const res = await methodist.post('/bank/mentors').type('form').send({ _csrf: methodist.csrf, staffMemberId: '', maxMentees: '40', trainingStatus: 'NOT_TRAINED' });
    assert.equal(res.status, 422);
    assert.match(res.text, /Не больше 10 наставляемых/);
    assert.match(res.text, /Отметьте хотя бы одну компетенцию/);
    assert.match(res.text, /Отметьте хотя бы одну форму/);
  });

  test('an entry from a submitted candidate-mentor questionnaire', async () => {
    const staff = await consentedStaff();
    const response = await submittedResponse(staff.id, 'mentor-candidate', { competencies: [String(topicIds[1]), String(topicIds[4])], motivation: 'Опыт 20 лет', availability: 'a', maxMentees: '2', forms: ['PEER', 'VIRTUAL'] });
    const res = await methodist.post(`/bank/mentors/from-response/${response.id}`).type('form').send({ _csrf: methodist.csrf });
    assert.equal(res.status, 303);
    const entry = await prisma.mentorEntry.findFirstOrThrow({ where: { staffMemberId: staff.id }, include: { competencies: true } });
    assert.equal(entry.availability, '1–2 часа в неделю');
    assert.equal(entry.maxMentees, 2);
    assert.deepEqual(entry.forms, ['PEER', 'VIRTUAL']);
    assert.equal(entry.competencies.length, 2);
  });

  test('a mentee-request response cannot make a mentor entry', async () => {
    const staff = await consentedStaff();
    const response = await submittedResponse(staff.id, 'mentee-request', { category: 'DIFFICULTIES', topics: [String(topicIds[0])] });
    const res = await methodist.post(`/bank/mentors/from-response/${response.id}`).type('form').send({ _csrf: methodist.csrf });
    assert.equal(res.status, 303);
    assert.equal(await prisma.mentorEntry.count({ where: { staffMemberId: staff.id } }), 0);
  });

  test('the list filters by competence and status', async () => {
    const staff = await consentedStaff({ lastName: 'Компетентная' });
    await prisma.mentorEntry.create({ data: { organizationId: org.organization.id, staffMemberId: staff.id, status: 'APPROVED', forms: ['TRADITIONAL'], competencies: { create: [{ topicId: topicIds[7]! }] } } });
    assert.match((await methodist.get(`/bank/mentors?topic=${topicIds[7]}&status=APPROVED`)).text, /Компетентная/);
    assert.doesNotMatch((await methodist.get('/bank/mentors?status=CANDIDATE')).text, /Компетентная/);
  });
});

describe('access', () => {
  test('anonymous → /login; teacher → 403; head reads but cannot change; other organization → 404', async () => {
    const staff = await consentedStaff();
    const mentee = await prisma.menteeEntry.create({ data: { organizationId: org.organization.id, schoolYear: THIS_SCHOOL_YEAR, staffMemberId: staff.id, category: 'DIFFICULTIES' } });
    for (const path of ['/bank/mentees', '/bank/mentors', `/bank/mentees/${mentee.id}`]) {
      const anonymous = await supertest(app).get(path);
      assert.equal(anonymous.headers.location, '/login', path);
      assert.equal((await teacher.get(path)).status, 403, path);
      assert.equal((await head.get(path)).status, 200, path);
    }
    assert.equal((await head.get('/bank/mentees/new')).status, 403);
    assert.equal((await head.post(`/bank/mentees/${mentee.id}/status`).type('form').send({ _csrf: head.csrf, status: 'IN_BANK' })).status, 403);
    assert.equal((await teacher.post('/bank/mentors').type('form').send({ _csrf: teacher.csrf })).status, 403);

    const other = await createOrganizationWithStaff(prisma);
    const otherMethodist = await loginAs(app, other.methodist);
    assert.equal((await otherMethodist.get(`/bank/mentees/${mentee.id}`)).status, 404);
    assert.equal((await otherMethodist.get(`/bank/mentees/${mentee.id}/edit`)).status, 404);
    assert.equal((await otherMethodist.post(`/bank/mentees/${mentee.id}/status`).type('form').send({ _csrf: otherMethodist.csrf, status: 'WITHDRAWN', reason: 'x' })).status, 404);
    const otherAdd = await otherMethodist.post('/bank/mentees').type('form').send({ _csrf: otherMethodist.csrf, staffMemberId: String(staff.id), category: 'DIFFICULTIES', topicIds: String(topicIds[0]) });
    assert.equal(otherAdd.status, 404, 'a staff member of another organization cannot be added');
  });
});

describe('topics', () => {
  test('the methodist adds, renames and archives a topic; duplicates are refused', async () => {
    const page = await methodist.get('/bank/topics');
    assert.equal(page.status, 200);
    assert.match(page.text, /Работа с родителями/);
    const empty = await methodist.post('/bank/topics').type('form').send({ _csrf: methodist.csrf, name: '' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /Заполните поле «Тема»/);
    const dup = await methodist.post('/bank/topics').type('form').send({ _csrf: methodist.csrf, name: 'работа с родителями (законными представителями)' });
    assert.equal(dup.status, 422);
    assert.match(dup.text, /Такая тема уже есть/);
    const added = await methodist.post('/bank/topics').type('form').send({ _csrf: methodist.csrf, name: 'Нейропедагогика', framework: 'ФОП ДО' });
    assert.equal(added.status, 303);
    const topic = await prisma.topic.findFirstOrThrow({ where: { organizationId: org.organization.id, name: 'Нейропедагогика' } });
    await methodist.post(`/bank/topics/${topic.id}`).type('form').send({ _csrf: methodist.csrf, name: 'Нейропедагогика в ДОУ', framework: '' });
    await methodist.post(`/bank/topics/${topic.id}/archive`).type('form').send({ _csrf: methodist.csrf });
    const saved = await prisma.topic.findUniqueOrThrow({ where: { id: topic.id } });
    assert.equal(saved.name, 'Нейропедагогика в ДОУ');
    assert.ok(saved.archivedAt);
    assert.doesNotMatch((await methodist.get('/bank/mentees/new')).text, /Нейропедагогика в ДОУ/, 'archived topics leave the forms');
    assert.equal((await head.get('/bank/topics')).status, 403);
    const other = await createOrganizationWithStaff(prisma);
    const otherMethodist = await loginAs(app, other.methodist);
    assert.equal((await otherMethodist.post(`/bank/topics/${topic.id}/restore`).type('form').send({ _csrf: otherMethodist.csrf })).status, 404);
  });
});
