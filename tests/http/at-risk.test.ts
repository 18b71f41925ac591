/**
 * «Пары под риском»: one named rule (src/modules/pairs/pairs.at-risk.ts) for the methodist's list and the
 * dashboard's count — a quiet programme (the organization's N days), overdue plan items, a pair flagged when a
 * member withdrew a consent, a low check-in score — each pair with its reasons and links; the figure equals the list.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { todayIn } from '../../src/domain/dates.ts';
import { demoLogin } from '../../prisma/demo-data.ts';
import { fillDemo } from '../../prisma/demo.ts';
import { loginAs, testApp, type Agent, type TestApp } from '../helpers/app.ts';
import { figureOf, listTotal } from '../helpers/dashboard.ts';
import { freshDatabase } from '../helpers/database.ts';

const PASSWORD = 'demo-password-at-risk-1';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let app: TestApp;
let methodist: Agent;
before(async () => {
  fresh = await freshDatabase();
  app = testApp({ db: fresh.db });
  await fillDemo(fresh.db, PASSWORD);
  methodist = await loginAs(app, { login: demoLogin('methodist') }, PASSWORD);
});
after(async () => {
  await app.close();
  await fresh.drop();
});

/** pair id → its reasons (data-reason) on /pairs/at-risk. */
async function atRisk(): Promise<Map<number, string[]>> {
  const res = await methodist.get('/pairs/at-risk');
  assert.equal(res.status, 200);
  const pairs = new Map<number, string[]>();
  for (const [, id, body] of res.text.matchAll(/<li class="at-risk__pair">\s*<h2 class="at-risk__title"><a href="\/pairs\/(\d+)">([\s\S]*?)<\/ul>\s*<\/li>/g)) {
    pairs.set(Number(id), [...body!.matchAll(/data-reason="([a-z]+)"/g)].map((m) => m[1]!));
  }
  return pairs;
}

async function assertFigureEqualsList() {
  const figure = figureOf((await methodist.get('/')).text, 'at-risk');
  assert.equal(figure.href, '/pairs/at-risk');
  assert.equal(await listTotal(methodist, figure.href!), figure.count);
  assert.equal((await atRisk()).size, figure.count);
  return figure.count;
}

test('each reason puts a pair on the list and on the dashboard; fixing it takes the pair off both', async () => {
  const { prisma } = fresh.db;
  const start = await atRisk();
  assert.ok(start.size > 0, 'the demo has a pair at risk (its overdue items)');
  for (const reasons of start.values()) assert.ok(reasons.length > 0, 'each pair on the list says why');
  await assertFigureEqualsList();

  // Work resumes everywhere: every overdue item done, every programme active today → nothing at risk.
  // «Past» is the organization's own day (Europe/Moscow), which may already be tomorrow in UTC.
  const today = new Date(`${todayIn('Europe/Moscow')}T00:00:00Z`);
  await prisma.planItem.updateMany({ where: { dueOn: { lt: today }, status: { in: ['PLANNED', 'IN_PROGRESS', 'MOVED'] } }, data: { status: 'DONE' } });
  await prisma.programme.updateMany({ data: { lastActivityAt: new Date() } });
  await prisma.pair.updateMany({ data: { attentionSince: null, attentionReason: '' } });
  assert.equal(await assertFigureEqualsList(), 0);
  assert.match((await methodist.get('/pairs/at-risk')).text, /Пар под риском нет/);

  // Quiet: nothing for 30 days, with the default 21 → at risk; the organization allows 40 → not.
  const programme = await prisma.programme.findFirstOrThrow({ where: { status: { in: ['APPROVED', 'IN_PROGRESS'] } }, select: { id: true, pairId: true } });
  await prisma.programme.update({ where: { id: programme.id }, data: { lastActivityAt: new Date(Date.now() - 30 * 86_400_000) } });
  assert.deepEqual([...(await atRisk())], [[programme.pairId, ['quiet']]]);
  assert.equal(await assertFigureEqualsList(), 1);
  assert.match((await methodist.get('/pairs/at-risk')).text, /ничего не отмечено и не прокомментировано 30 дней/);
  await prisma.organization.updateMany({ data: { atRiskQuietDays: 40 } });
  assert.equal(await assertFigureEqualsList(), 0);

  // Overdue: an open item past its date.
  const item = await prisma.planItem.findFirstOrThrow({ where: { programmeId: programme.id }, select: { id: true } });
  await prisma.planItem.update({ where: { id: item.id }, data: { status: 'PLANNED', dueOn: new Date(Date.now() - 3 * 86_400_000) } });
  assert.deepEqual([...(await atRisk())], [[programme.pairId, ['overdue']]]);
  assert.equal(await assertFigureEqualsList(), 1);

  // A low check-in: the members' latest scores average at or below the organization's 4 of 10.
  await prisma.planItem.update({ where: { id: item.id }, data: { status: 'DONE' } });
  assert.equal(await assertFigureEqualsList(), 0);
  const answered = await prisma.questionnaireResponse.updateMany({
    where: { subjectType: 'PAIR', subjectId: programme.pairId },
    data: { answers: { score: 3, meetings: 'none', note: 'Не встречаемся' } },
  });
  assert.ok(answered.count > 0, 'the demo pair has answered check-ins');
  assert.deepEqual([...(await atRisk())], [[programme.pairId, ['lowscore']]]);
  assert.equal(await assertFigureEqualsList(), 1);
  assert.match((await methodist.get('/pairs/at-risk')).text, /Низкая оценка встреч/);
  await prisma.organization.updateMany({ data: { atRiskCheckinScore: 2 } });
  assert.equal(await assertFigureEqualsList(), 0);

  // A consent withdrawn: the mentee revokes hers → the pair is flagged, with the reason in words.
  const mentee = await loginAs(app, { login: demoLogin('mentee') }, PASSWORD);
  const consent = await prisma.consent.findFirstOrThrow({ where: { staffMember: { lastName: 'Соколова' }, kind: 'PERSONAL_DATA', revokedAt: null } });
  const revoked = await mentee.post(`/consents/${consent.id}/revoke`).type('form').send({ _csrf: mentee.csrf, revokedOn: todayIn('Europe/Moscow'), reason: 'Отзываю' });
  assert.equal(revoked.status, 303);
  const flagged = [...(await atRisk())].filter(([, reasons]) => reasons.includes('attention'));
  assert.ok(flagged.length > 0);
  assert.match((await methodist.get('/pairs/at-risk')).text, /Требует внимания: наставляемая Соколова Анастасия Игоревна отозвала согласие/);
  await assertFigureEqualsList();
});

test('only those who may read pairs open the list', async () => {
  const teacher = await loginAs(app, { login: demoLogin('mentor') }, PASSWORD);
  assert.equal((await teacher.get('/pairs/at-risk')).status, 403);
});
