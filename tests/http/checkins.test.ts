/**
 * The pair check-in «Как идёт работа в паре?» (src/modules/pairs/pairs.checkins.ts, questionnaires.checkins.ts):
 * due on day 30 of an ACTIVE pair and then every 60 days, in the organization's calendar; answered once per
 * member and occasion; only the pair's members answer it; the methodist sees the answers on the pair card;
 * the to-do home shows it until it is answered; the regular questionnaire lists never show it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demoLogin } from '../../prisma/demo-data.ts';
import { fillDemo } from '../../prisma/demo.ts';
import { dayNumber, isoOfDayNumber, todayIn } from '../../src/domain/dates.ts';
import { Prisma } from '../../src/generated/prisma/client.ts';
import { systemScope, transaction } from '../../src/core/scope.ts';
import { createEvents } from '../../src/modules/index.ts';
import { remindCheckins } from '../../src/modules/notifications/index.ts';
import { checkinScores } from '../../src/modules/questionnaires/index.ts';
import { dueCheckinOccasion, dueCheckinSql, openCheckins } from '../../src/modules/pairs/index.ts';
import { loginAs, testApp, type Agent, type TestApp } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/database.ts';
import { assertValidHtml } from '../helpers/html-validator.ts';

const PASSWORD = 'demo-password-checkins-1';
const TITLE = 'Как идёт работа в паре? (1 минута)';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let app: TestApp;
let methodist: Agent;
let mentee: Agent;
let mentor: Agent;
let stranger: Agent;
let pairId: number;
let menteeStaffId: number;
let today: string;
let organization: Awaited<ReturnType<typeof fillDemo>>['organization'];

before(async () => {
  fresh = await freshDatabase();
  app = testApp({ db: fresh.db });
  ({ organization } = await fillDemo(fresh.db, PASSWORD));
  today = todayIn(organization.timeZone);
  const { prisma } = fresh.db;
  const mentee1 = await prisma.staffMember.findFirstOrThrow({ where: { organizationId: organization.id, lastName: 'Соколова' }, select: { id: true } });
  menteeStaffId = mentee1.id;
  const pair = await prisma.pair.findFirstOrThrow({ where: { status: 'ACTIVE', members: { some: { staffMemberId: menteeStaffId, role: 'MENTEE' } } }, select: { id: true } });
  pairId = pair.id;
  // The demo answered its check-ins: this test starts the pair's from nothing.
  await prisma.questionnaireResponse.deleteMany({ where: { subjectType: 'PAIR', subjectId: pairId } });
  // Someone working here who is in no pair at all.
  const outsider = await prisma.user.findFirstOrThrow({
    where: { organizationId: organization.id, role: 'TEACHER', staffMember: { is: { pairMembers: { none: {} } } } },
    select: { login: true },
  });
  methodist = await loginAs(app, { login: demoLogin('methodist') }, PASSWORD);
  mentee = await loginAs(app, { login: demoLogin('mentee') }, PASSWORD);
  mentor = await loginAs(app, { login: demoLogin('mentor') }, PASSWORD);
  stranger = await loginAs(app, outsider, PASSWORD);
});
after(async () => {
  await app.close();
  await fresh.drop();
});

/** Puts the pair on day `n` of its work today (day 0 = its start date). */
async function pairOnDay(n: number) {
  await fresh.db.prisma.pair.update({ where: { id: pairId }, data: { startsOn: new Date(`${isoOfDayNumber(dayNumber(today) - n)}T00:00:00Z`) } });
}

function todoCheckins(html: string): string[] {
  const group = /<section class="todo__group" data-todo="checkins"[^>]*>([\s\S]*?)<\/section>/.exec(html);
  return group ? [...group[1]!.matchAll(/<li class="todo__item[^"]*">\s*<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`) : [];
}

const answer = (agent: Agent, body: Record<string, string>) => agent.post(`/pairs/${pairId}/checkin`).type('form').send({ _csrf: agent.csrf, ...body });

test('the due rule: none on day 29, checkin-1 from day 30, checkin-2 from day 90, checkin-3 from day 150 — in SQL the same', async () => {
  const start = '2026-01-01';
  const on = (n: number) => isoOfDayNumber(dayNumber(start) + n);
  const cases: [number, string | null][] = [[0, null], [29, null], [30, 'checkin-1'], [89, 'checkin-1'], [90, 'checkin-2'], [149, 'checkin-2'], [150, 'checkin-3']];
  for (const [n, expected] of cases) {
    assert.equal(dueCheckinOccasion(start, on(n)), expected, `day ${n}`);
    const [row] = await fresh.db.prisma.$queryRaw<{ occasion: string | null }[]>(
      Prisma.sql`SELECT ${dueCheckinSql(Prisma.sql`p`, on(n))} AS occasion FROM (SELECT 'ACTIVE' AS status, ${start}::date AS "startsOn") p`,
    );
    assert.equal(row!.occasion, expected, `SQL, day ${n}`);
  }
});

test('on day 29 nothing is open; on day 30 both members see it on the to-do home, answer once, and it clears', async () => {
  await pairOnDay(29);
  assert.deepEqual(todoCheckins((await mentee.get('/')).text), []);
  assert.equal((await mentee.get(`/pairs/${pairId}/checkin`)).status, 404);
  assert.equal((await answer(mentee, { 'a-score': '5', 'a-meetings': 'once' })).status, 404);

  await pairOnDay(30);
  assert.deepEqual(todoCheckins((await mentee.get('/')).text), [`/pairs/${pairId}/checkin ${TITLE}`]);
  assert.deepEqual(todoCheckins((await mentor.get('/')).text), [`/pairs/${pairId}/checkin ${TITLE}`]);
  const form = await mentee.get(`/pairs/${pairId}/checkin`);
  assert.equal(form.status, 200);
  assert.match(form.text, /Насколько продуктивны ваши встречи\?/);
  assert.match(form.text, /Как часто вы встречались за последний месяц\?/);

  // The score is required: the same form, 422, the other answers kept.
  const invalid = await answer(mentee, { 'a-meetings': 'once', 'a-note': 'Нет общего окна в расписании' });
  assert.equal(invalid.status, 422);
  assert.match(invalid.text, /error-summary/);
  assert.match(invalid.text, /Нет общего окна в расписании/);
  await assertValidHtml([
    { label: `mentee GET /pairs/${pairId}/checkin`, html: form.text },
    { label: `mentee POST /pairs/${pairId}/checkin (422)`, html: invalid.text },
  ]);

  const sent = await answer(mentee, { 'a-score': '3', 'a-meetings': 'once', 'a-note': 'Нет общего окна в расписании' });
  assert.equal(sent.status, 303);
  assert.deepEqual(todoCheckins((await mentee.get('/')).text), []);
  assert.equal(todoCheckins((await mentor.get('/')).text).length, 1, 'the mentor has not answered yet');

  // Sending again updates the member's own answer: still one response per member and occasion.
  assert.equal((await answer(mentee, { 'a-score': '4', 'a-meetings': 'few', 'a-note': 'Нет общего окна в расписании' })).status, 303);
  const rows = await fresh.db.prisma.questionnaireResponse.findMany({ where: { subjectType: 'PAIR', subjectId: pairId }, select: { staffMemberId: true, occasion: true, answers: true, status: true } });
  assert.deepEqual(rows, [{ staffMemberId: menteeStaffId, occasion: 'checkin-1', answers: { score: 4, meetings: 'few', note: 'Нет общего окна в расписании' }, status: 'SUBMITTED' }]);

  assert.equal((await answer(mentor, { 'a-score': '8', 'a-meetings': 'weekly' })).status, 303);
  assert.deepEqual(todoCheckins((await mentor.get('/')).text), []);

  // Day 90: the second check-in opens, answered separately.
  await pairOnDay(90);
  assert.deepEqual(todoCheckins((await mentee.get('/')).text), [`/pairs/${pairId}/checkin ${TITLE}`]);
  assert.equal((await answer(mentee, { 'a-score': '6', 'a-meetings': 'few' })).status, 303);
  const occasions = await fresh.db.prisma.questionnaireResponse.findMany({ where: { subjectType: 'PAIR', subjectId: pairId, staffMemberId: menteeStaffId }, orderBy: { occasion: 'asc' }, select: { occasion: true } });
  assert.deepEqual(occasions.map((o) => o.occasion), ['checkin-1', 'checkin-2']);
});

test('a teacher outside the pair can neither open nor answer it (404)', async () => {
  await pairOnDay(30);
  assert.equal((await stranger.get(`/pairs/${pairId}/checkin`)).status, 404);
  assert.equal((await answer(stranger, { 'a-score': '1', 'a-meetings': 'none' })).status, 404);
  assert.equal((await stranger.get(`/pairs/${pairId}`)).status, 404);
  const members = await fresh.db.prisma.pairMember.findMany({ where: { pairId }, select: { staffMemberId: true } });
  assert.equal(await fresh.db.prisma.questionnaireResponse.count({ where: { subjectType: 'PAIR', subjectId: pairId, staffMemberId: { notIn: members.map((m) => m.staffMemberId) } } }), 0);
});

test('the methodist sees the answers on the pair card; the other member does not', async () => {
  const card = await methodist.get(`/pairs/${pairId}`);
  assert.equal(card.status, 200);
  assert.match(card.text, /Опросы «Как идёт работа в паре\?»/);
  assert.match(card.text, /data-checkin="checkin-2"/);
  assert.match(card.text, /data-checkin="checkin-1"/);
  assert.match(card.text, /Нет общего окна в расписании/);
  assert.match(card.text, /Соколова Анастасия Игоревна/);
  // For monitoring: the latest check-in answered (checkin-2: only the mentee, 6) and its average; none for a pair without.
  const scope = systemScope({ db: fresh.db, events: createEvents() }, organization, { requestId: 'test' });
  const scores = await checkinScores(scope, [pairId, 999_999]);
  assert.deepEqual([...scores], [[pairId, { occasion: 'checkin-2', average: 6 }]]);
  const mentorCard = await mentor.get(`/pairs/${pairId}`);
  assert.equal(mentorCard.status, 200);
  assert.doesNotMatch(mentorCard.text, /Нет общего окна в расписании/);
  // The mentor answered checkin-1 but not the checkin-2 open now (day 90): the card offers it.
  assert.match(mentorCard.text, new RegExp(`href="/pairs/${pairId}/checkin"`));
  assert.doesNotMatch(card.text, new RegExp(`href="/pairs/${pairId}/checkin"`), 'the methodist does not answer it');
});

test('the regular questionnaire lists, pages and to-do never show the check-in', async () => {
  const checkin = await fresh.db.prisma.questionnaire.findFirstOrThrow({ where: { templateKey: 'pair-checkin' }, select: { id: true } });
  assert.doesNotMatch((await methodist.get('/questionnaires')).text, /Как идёт работа в паре/);
  assert.doesNotMatch((await mentee.get('/questionnaires')).text, /Как идёт работа в паре/);
  assert.equal((await methodist.get(`/questionnaires/${checkin.id}`)).status, 404);
  assert.equal((await methodist.get(`/questionnaires/${checkin.id}/results`)).status, 404);
  assert.equal((await mentee.get(`/questionnaires/${checkin.id}/respond`)).status, 404);
  assert.doesNotMatch((await mentee.get('/')).text, /Заполнить анкету «Как идёт работа в паре/);
});

test('the daily job tells both members once when their check-in opens (dedupe per pair, occasion and person)', async () => {
  const { prisma } = fresh.db;
  const scope = systemScope({ db: fresh.db, events: createEvents() }, organization, { requestId: 'test' });
  const told = () => prisma.notification.findMany({ where: { link: `/pairs/${pairId}/checkin` }, select: { userId: true, title: true } });
  await pairOnDay(29);
  await transaction(scope, (tx) => remindCheckins(tx, { mailEnabled: false }, openCheckins));
  assert.deepEqual(await told(), []);
  await pairOnDay(30);
  await transaction(scope, (tx) => remindCheckins(tx, { mailEnabled: false }, openCheckins));
  await transaction(scope, (tx) => remindCheckins(tx, { mailEnabled: false }, openCheckins));
  const rows = await told();
  const members = await prisma.user.findMany({ where: { staffMember: { is: { pairMembers: { some: { pairId } } } } }, select: { id: true } });
  assert.deepEqual(rows.map((r) => r.userId).sort(), members.map((m) => m.id).sort(), 'each member once, though the job ran twice');
  assert.equal(rows[0]!.title, 'Как идёт работа в паре? Ответьте за минуту');
});
