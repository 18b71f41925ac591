/**
 * Monitoring's questionnaires (src/modules/monitoring/monitoring.questionnaires.ts): approving a programme opens
 * each mentee's self-assessment «at the start»; completing it opens the mentor's, the mentee's and the curator's
 * end-of-programme questionnaires and the self-assessment «at the end» (subjectType PROGRAMME), each told
 * through the notifications; only those it was opened for answer; the answers feed the indicators (satisfaction,
 * growth per competence), the dashboard's stage-6 item (figure = list) and the curator's SWOT page, which the
 * methodist annotates.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { schoolYearOf, todayIn } from '../../src/domain/dates.ts';
import { approveProgramme, completeProgramme } from '../../src/modules/programmes/index.ts';
import { keyIndicators } from '../../src/modules/monitoring/index.ts';
import { growthByCompetence, keyIndicatorsAndGrowth } from '../../src/modules/monitoring/monitoring.indicators.ts';
import { loginAs, testApp, type Agent, type TestApp } from '../helpers/app.ts';
import { figureOf, listTotal } from '../helpers/dashboard.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createPairRow, createStaffMember, createTeacher } from '../helpers/factories.ts';
import { assertValidHtml } from '../helpers/html-validator.ts';
import { scopeFor } from '../helpers/scope.ts';

const today = todayIn('Europe/Moscow');
const YEAR = schoolYearOf(today);
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let app: TestApp;
let methodist: Agent;
let head: Agent;
let mentor: Agent;
let mentee: Agent;
let programmeId: number;
let staff: { mentor: number; mentee: number; curator: number };
let users: { mentor: number; mentee: number };

const scale = (keys: string[], value: number) => Object.fromEntries(keys.map((k) => [`a-${k}`, String(value)]));
const COMPETENCES = ['planning', 'children', 'parents', 'environment', 'documents', 'ict', 'reflection'];

before(async () => {
  const { prisma } = sharedDatabase();
  org = await createOrganizationWithStaff(prisma);
  const organizationId = org.organization.id;
  const m = await createTeacher(prisma, organizationId, { lastName: 'Наставникова' });
  const e = await createTeacher(prisma, organizationId, { lastName: 'Молодая' });
  const curator = await createStaffMember(prisma, organizationId, { lastName: 'Кураторова', position: 'старший воспитатель' });
  await prisma.user.update({ where: { id: org.methodist.id }, data: { staffMemberId: curator.id } });
  staff = { mentor: m.staff.id, mentee: e.staff.id, curator: curator.id };
  users = { mentor: m.user.id, mentee: e.user.id };
  const pair = await createPairRow(prisma, organizationId, { mentors: [{ staffMemberId: m.staff.id }], mentees: [{ staffMemberId: e.staff.id }], status: 'ACTIVE', startsOn: `${YEAR}-09-01`, activatedAt: new Date() });
  const programme = await prisma.programme.create({
    data: { organizationId, pairId: pair.id, title: 'Программа Молодой', startsOn: day(`${YEAR}-09-01`), endsOn: day(`${YEAR + 1}-05-31`), status: 'SUBMITTED', submittedAt: new Date() },
  });
  programmeId = programme.id;
  app = testApp();
  methodist = await loginAs(app, org.methodist);
  head = await loginAs(app, org.head);
  mentor = await loginAs(app, m.user);
  mentee = await loginAs(app, e.user);
});
after(() => app.close());

const methodistScope = () => scopeFor(org.organization, { id: org.methodist.id, role: 'METHODIST', login: org.methodist.login, fullName: org.methodist.fullName, staffMemberId: staff.curator });

async function notificationsOf(userId: number): Promise<string[]> {
  // The programmes module tells of the approval too: only monitoring's are counted here.
  const rows = await sharedDatabase().prisma.notification.findMany({ where: { userId, link: { startsWith: '/monitoring/' } }, select: { link: true }, orderBy: { id: 'asc' } });
  return rows.map((r) => r.link);
}

test('approval opens the self-assessment at the start for the mentee only, who answers it', async () => {
  await approveProgramme(methodistScope(), programmeId);
  const path = `/monitoring/programmes/${programmeId}/self-start`;
  assert.deepEqual(await notificationsOf(users.mentee), [path]);
  assert.equal((await mentor.get(path)).status, 404, 'not opened for the mentor');
  const form = await mentee.get(path);
  assert.equal(form.status, 200);
  await assertValidHtml([{ label: `GET ${path}`, html: form.text }]);
  assert.match(form.text, /Самооценка профессиональных компетенций/);
  const invalid = await mentee.post(path).type('form').send({ _csrf: mentee.csrf });
  assert.equal(invalid.status, 422);
  assert.match(invalid.text, /Выберите оценку от 1 до 10/);
  const sent = await mentee.post(path).type('form').send({ _csrf: mentee.csrf, ...scale(COMPETENCES, 4) });
  assert.equal(sent.status, 303);
  assert.equal((await mentee.get(`/monitoring/programmes/${programmeId}/nothing`)).status, 404);
});

test('completion opens the end-of-programme questionnaires; the answers feed the indicators, the dashboard and the SWOT', async () => {
  const { prisma } = sharedDatabase();
  await prisma.programmeAssessment.createMany({
    data: [
      { organizationId: org.organization.id, programmeId, staffMemberId: staff.mentee, role: 'MENTEE', score: 9, text: 'Решён' },
      { organizationId: org.organization.id, programmeId, staffMemberId: staff.mentor, role: 'MENTOR', score: 8, text: 'Достигнуты' },
    ],
  });
  // Before anyone answers: the dashboard asks 2 of 2 (the mentor and the mentee), 0 answered.
  await completeProgramme(methodistScope(), programmeId);
  const base = `/monitoring/programmes/${programmeId}`;
  assert.deepEqual((await notificationsOf(users.mentor)).sort(), [`${base}/mentor`]);
  assert.deepEqual((await notificationsOf(users.mentee)).sort(), [`${base}/mentee`, `${base}/self-end`, `${base}/self-start`]);
  assert.deepEqual(await notificationsOf(org.methodist.id), [`${base}/curator`]);
  let figure = figureOf((await methodist.get('/')).text, 'monitoring');
  assert.equal(figure.count, 0);
  assert.equal(await listTotal(methodist, figure.href!), 0);

  assert.equal((await mentee.get(`${base}/mentor`)).status, 404, 'the mentee does not answer the mentor’s questionnaire');
  const menteeSent = await mentee.post(`${base}/mentee`).type('form').send({
    _csrf: mentee.csrf, 'a-satisfaction': '9', 'a-mentor_help': '10', 'a-request_met': '9', 'a-helped': 'Открытые показы наставника', 'a-continue': 'yes',
  });
  assert.equal(menteeSent.status, 303);
  assert.equal((await mentee.post(`${base}/self-end`).type('form').send({ _csrf: mentee.csrf, ...scale(COMPETENCES, 6) })).status, 303);
  const mentorSent = await mentor.post(`${base}/mentor`).type('form').send({
    _csrf: mentor.csrf, 'a-satisfaction': '4', 'a-mentee_progress': '5', 'a-support': '3', 'a-difficulties': 'Мало времени на встречи', 'a-continue': 'no',
  });
  assert.equal(mentorSent.status, 303);
  const curatorSent = await methodist.post(`${base}/curator`).type('form').send({ _csrf: methodist.csrf, 'a-goal_reached': '8', 'a-organisation': '7', 'a-threats': 'Текучесть молодых кадров' });
  assert.equal(curatorSent.status, 303);

  const k = await keyIndicators(scopeFor(org.organization), YEAR);
  assert.equal(k.monitoringExpected, 2);
  assert.equal(k.monitoringAnswered, 2);
  assert.equal(k.satisfactionAverage, 6.5);
  assert.equal(k.growthMentees, 1);
  assert.equal(k.growthAverageDelta, 2);
  figure = figureOf((await methodist.get('/')).text, 'monitoring');
  assert.equal(figure.count, 2);
  assert.equal(await listTotal(methodist, figure.href!), 2);

  const page = await methodist.get(`/monitoring?year=${YEAR}`);
  assert.match(page.text, /<th scope="row" data-label="Компетенция">Работа с родителями \(законными представителями\)<\/th>\s*<td data-label="Наставляемых">1<\/td>\s*<td data-label="В начале">4<\/td>\s*<td data-label="В конце">6<\/td>\s*<td data-label="Изменение">\+2<\/td>/);
  // The page reads the table per competence in the indicators' statement, from its growth rows: the same table
  // as the report's own read, and the same figures as keyIndicators.
  const together = await keyIndicatorsAndGrowth(scopeFor(org.organization), YEAR, () => ({}));
  assert.deepEqual(together.growth, await growthByCompetence(scopeFor(org.organization), YEAR));
  assert.equal(together.growth.get('parents')?.delta, 2);
  assert.deepEqual(together.indicators, k);
  const growth = await methodist.get(`/monitoring/lists/growth?year=${YEAR}`);
  assert.match(growth.text, /Молодая/);
  assert.match(growth.text, /в начале 4,0, в конце 6,0, изменение \+2,0/);

  const swot = await methodist.get(`/monitoring/swot?year=${YEAR}`);
  assert.equal(swot.status, 200);
  await assertValidHtml([{ label: 'GET /monitoring/swot', html: swot.text }]);
  const quadrant = (q: string) => new RegExp(`data-quadrant="${q}">([\\s\\S]*?)</section>`).exec(swot.text)?.[1] ?? '';
  assert.match(quadrant('S'), /Открытые показы наставника/);
  assert.match(quadrant('S'), /Высокая оценка \(наставляемый\): «Насколько полезной была помощь наставника\?» — в среднем 10 из 10/);
  assert.match(quadrant('W'), /Мало времени на встречи/);
  assert.match(quadrant('W'), /Низкая оценка \(наставник\)/);
  assert.match(quadrant('O'), /Наставляемые хотят продолжить работу или стать наставниками: 1/);
  assert.match(quadrant('T'), /Текучесть молодых кадров/);
  assert.match(quadrant('T'), /Наставники не готовы продолжать наставническую деятельность: 1/);
});

test('the methodist adds and removes her own SWOT statements; the head only reads', async () => {
  const empty = await methodist.post('/monitoring/swot/notes').type('form').send({ _csrf: methodist.csrf, year: String(YEAR), quadrant: 'O', text: '  ' });
  assert.equal(empty.status, 422);
  assert.match(empty.text, /Напишите утверждение или заметку/);
  const added = await methodist.post('/monitoring/swot/notes').type('form').send({ _csrf: methodist.csrf, year: String(YEAR), quadrant: 'O', text: 'Опыт пары — на городской семинар' });
  assert.equal(added.status, 303);
  const swot = await methodist.get(`/monitoring/swot?year=${YEAR}`);
  assert.match(/data-quadrant="O">([\s\S]*?)<\/section>/.exec(swot.text)![1]!, /Опыт пары — на городской семинар/);
  const note = await sharedDatabase().prisma.monitoringSwotNote.findFirstOrThrow({ where: { organizationId: org.organization.id } });
  assert.equal((await head.post('/monitoring/swot/notes').type('form').send({ _csrf: head.csrf, year: String(YEAR), quadrant: 'S', text: 'x' })).status, 403);
  assert.equal((await head.get(`/monitoring/swot?year=${YEAR}`)).status, 200);
  assert.doesNotMatch((await head.get(`/monitoring/swot?year=${YEAR}`)).text, /Удалить заметку/);
  assert.equal((await methodist.post(`/monitoring/swot/notes/${note.id}/delete`).type('form').send({ _csrf: methodist.csrf, year: String(YEAR) })).status, 303);
  assert.doesNotMatch((await methodist.get(`/monitoring/swot?year=${YEAR}`)).text, /городской семинар/);
  assert.equal((await methodist.post(`/monitoring/swot/notes/${note.id}/delete`).type('form').send({ _csrf: methodist.csrf, year: String(YEAR) })).status, 404);
});
