/**
 * «Подобрать всем» (/matching/pool): the whole waiting pool assigned at once. The totals on the page are
 * checked against a brute force over the points the per-mentee pages show (so against the ranking the
 * methodist already trusts, not against the solver itself); accepting creates DRAFT pairs through the pairs
 * module, and a row the pool no longer allows is refused with the pairs module's reason.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listTopics } from '../../src/modules/topics/topics.service.ts';
import { loginAs, testApp, type Agent } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { addBankMentee, addBankMentor, createOrganizationWithStaff, createPairRow, createStaffMember } from '../helpers/factories.ts';
import { scopeFor } from '../helpers/scope.ts';

const { prisma } = sharedDatabase();
const app = testApp();

after(async () => {
  await app.close();
  await sharedDatabase().close();
});

const FOP = 'Реализация ФОП ДО и ФГОС ДО';
const PARENTS = 'Работа с родителями (законными представителями)';

/**
 * Two mentors alike in everything but their topics, one place each: Альфова (both topics) and Бетова (one).
 * Mentees in waiting order: Первая (one topic), Вторая (both), Третья (one), Четвёртая without consent.
 * In waiting order Первая takes Альфова (equal points, the lower index) and Вторая gets Бетова's single topic;
 * the optimum gives Альфова to Вторая — one topic's points more. Третья waits: both places are taken.
 */
async function pool() {
  const org = await createOrganizationWithStaff(prisma);
  const id = org.organization.id;
  const topics = new Map((await listTopics(scopeFor(org.organization))).map((x) => [x.name, x.id]));
  const t = (name: string) => topics.get(name)!;
  const alpha = await addBankMentor(prisma, id, { topicIds: [t(FOP), t(PARENTS)], maxMentees: 1, mentoringConsent: true, staff: { lastName: 'Альфова' } });
  const beta = await addBankMentor(prisma, id, { topicIds: [t(FOP)], maxMentees: 1, mentoringConsent: true, staff: { lastName: 'Бетова' } });
  const day = (n: number) => new Date(Date.UTC(2026, 8, n));
  const first = await addBankMentee(prisma, id, { topicIds: [t(FOP)], enteredAt: day(1), staff: { lastName: 'Первая' } });
  const second = await addBankMentee(prisma, id, { topicIds: [t(FOP), t(PARENTS)], enteredAt: day(2), staff: { lastName: 'Вторая' } });
  const third = await addBankMentee(prisma, id, { topicIds: [t(FOP)], enteredAt: day(3), staff: { lastName: 'Третья' } });
  const noConsent = await addBankMentee(prisma, id, { topicIds: [t(FOP)], enteredAt: day(4), consent: false, staff: { lastName: 'Четвёртая' } });
  const methodist = await loginAs(app, org.methodist);
  return { org, alpha, beta, first, second, third, noConsent, methodist };
}

/** The points the per-mentee page gives each mentor (by mentor bank entry id). */
async function pagePoints(agent: Agent, menteeEntryId: number): Promise<Map<number, number>> {
  const res = await agent.get(`/matching/mentees/${menteeEntryId}`);
  assert.equal(res.status, 200);
  const points = new Map<number, number>();
  for (const m of res.text.matchAll(/class="match__name" href="\/bank\/mentors\/(\d+)">[^<]*<\/a>\s*<span class="match__score">(\d+) /g)) points.set(Number(m[1]), Number(m[2]));
  return points;
}

function attr(html: string, name: string): number {
  const m = new RegExp(`${name}="(\\d+)"`).exec(html);
  assert.ok(m, `the page carries ${name}`);
  return Number(m[1]);
}

const proposalKeys = (html: string) => [...html.matchAll(/data-proposal="([^"]+)"/g)].map((m) => m[1]!);

describe('«Подобрать всем»', () => {
  let p: Awaited<ReturnType<typeof pool>>;
  before(async () => {
    p = await pool();
  });

  test('the overview links to it', async () => {
    const res = await p.methodist.get('/matching');
    assert.equal(res.status, 200);
    assert.match(res.text, /href="\/matching\/pool"/);
  });

  test('the totals are the best and the greedy order over the per-mentee pages\' points; each pair explained; who waits and why', async () => {
    const mentees = [p.first, p.second, p.third];
    const mentors = [p.alpha.entry.id, p.beta.entry.id];
    const points = await Promise.all(mentees.map((m) => pagePoints(p.methodist, m.entry.id)));
    for (const row of points) for (const k of mentors) assert.ok(row.has(k), 'every mentor is allowed for every consenting mentee');
    // Brute force: each mentee to a mentor or nobody, one place per mentor; the most points, then the most placed.
    let best = { points: -1, assigned: 0 };
    const choices = [-1, 0, 1];
    for (const a of choices) for (const b of choices) for (const c of choices) {
      const plan = [a, b, c];
      const used = plan.filter((k) => k >= 0);
      if (new Set(used).size !== used.length) continue;
      const total = plan.reduce((sum, k, e) => sum + (k >= 0 ? points[e]!.get(mentors[k]!)! : 0), 0);
      if (total > best.points || (total === best.points && used.length > best.assigned)) best = { points: total, assigned: used.length };
    }
    // The waiting order: Первая takes the better of the two (Альфова on a tie), Вторая what is left.
    const firstTakesAlpha = points[0]!.get(mentors[0]!)! >= points[0]!.get(mentors[1]!)!;
    const greedy = firstTakesAlpha ? points[0]!.get(mentors[0]!)! + points[1]!.get(mentors[1]!)! : points[0]!.get(mentors[1]!)! + points[1]!.get(mentors[0]!)!;

    const res = await p.methodist.get('/matching/pool');
    assert.equal(res.status, 200);
    assert.equal(attr(res.text, 'data-optimal-points'), best.points);
    assert.equal(attr(res.text, 'data-optimal-assigned'), 2);
    assert.equal(attr(res.text, 'data-greedy-points'), greedy);
    assert.equal(attr(res.text, 'data-greedy-assigned'), 2);
    assert.ok(best.points > greedy, 'the pool is built so that the optimum beats the waiting order');

    // Вторая gets Альфова (both topics), Первая Бетова; each with the per-factor reasons of the ranking.
    const keys = proposalKeys(res.text);
    assert.deepEqual(keys.sort(), [`${p.alpha.staff.id}:${p.second.staff.id}:TRADITIONAL`, `${p.beta.staff.id}:${p.first.staff.id}:TRADITIONAL`].sort());
    const alphaItem = res.text.slice(res.text.indexOf(`data-proposal="${p.alpha.staff.id}:`));
    assert.match(alphaItem.slice(0, alphaItem.indexOf('</li>')), /class="match__factors"[\s\S]*Реализация ФОП ДО[\s\S]*Работа с родителями/);
    assert.equal(attr(alphaItem, 'data-points'), points[1]!.get(p.alpha.entry.id));

    const third = /data-unplaced="(\d+)">([\s\S]*?)<\/li>/g;
    const unplaced = new Map([...res.text.matchAll(third)].map((m) => [Number(m[1]), m[2]!.replace(/\s+/g, ' ')]));
    assert.equal(unplaced.size, 2);
    assert.match(unplaced.get(p.third.staff.id)!, /места заняты/);
    assert.match(unplaced.get(p.third.staff.id)!, /Первая/, 'names who would lose the place');
    assert.match(unplaced.get(p.noConsent.staff.id)!, /нет согласия на обработку персональных данных/);
  });

  test('nothing checked: the same page with 422 and the message', async () => {
    const res = await p.methodist.post('/matching/pool/accept').type('form').send({ _csrf: p.methodist.csrf });
    assert.equal(res.status, 422);
    assert.match(res.text, /Отметьте хотя бы одно предложение/);
    const forged = await p.methodist.post('/matching/pool/accept').type('form').send({ _csrf: p.methodist.csrf, proposal: '1:2:NOT_A_FORM' });
    assert.equal(forged.status, 422);
    assert.match(forged.text, /не распознано/);
  });

  test('without the CSRF token nothing is created', async () => {
    const keys = proposalKeys((await p.methodist.get('/matching/pool')).text);
    const res = await p.methodist.post('/matching/pool/accept').type('form').send({ proposal: keys });
    assert.equal(res.status, 403);
    assert.equal(await prisma.pair.count({ where: { organizationId: p.org.organization.id } }), 0);
  });

  test('a row the pool no longer allows is refused with the reason, the others become drafts', async () => {
    const keys = proposalKeys((await p.methodist.get('/matching/pool')).text);
    // Meanwhile Бетова's only place went to a proposed pair with somebody else.
    const other = await createStaffMember(prisma, p.org.organization.id, { lastName: 'Посторонняя' });
    await createPairRow(prisma, p.org.organization.id, { mentors: [{ staffMemberId: p.beta.staff.id }], mentees: [{ staffMemberId: other.id }], status: 'PROPOSED' });

    const res = await p.methodist.post('/matching/pool/accept').type('form').send({ _csrf: p.methodist.csrf, proposal: keys });
    assert.equal(res.status, 200);
    assert.equal(attr(res.text, 'data-created'), 1);
    assert.equal(attr(res.text, 'data-refused'), 1);
    const refused = /data-refused-row>([\s\S]*?)<\/ul><\/li>/.exec(res.text)![1]!;
    assert.match(refused, /Бетова/);
    assert.match(refused, /превышен предел наставляемых/);

    const drafts = await prisma.pair.findMany({
      where: { organizationId: p.org.organization.id, status: 'DRAFT' },
      select: { form: true, createdById: true, members: { select: { role: true, staffMemberId: true, menteeEntryId: true, mentorEntryId: true } } },
    });
    assert.equal(drafts.length, 1);
    assert.equal(drafts[0]!.form, 'TRADITIONAL');
    assert.equal(drafts[0]!.createdById, p.org.methodist.id);
    assert.deepEqual(
      drafts[0]!.members.map((m) => [m.role, m.staffMemberId, m.mentorEntryId ?? m.menteeEntryId]).sort(),
      [['MENTEE', p.second.staff.id, p.second.entry.id], ['MENTOR', p.alpha.staff.id, p.alpha.entry.id]].sort(),
    );
    assert.equal(await prisma.auditLog.count({ where: { organizationId: p.org.organization.id, action: 'matching.pool_accept' } }), 1);

    // Accepting the same row again: the request is answered by the draft now.
    const again = await p.methodist.post('/matching/pool/accept').type('form').send({ _csrf: p.methodist.csrf, proposal: `${p.alpha.staff.id}:${p.second.staff.id}:TRADITIONAL` });
    assert.equal(attr(again.text, 'data-refused'), 1);
    assert.match(again.text, /уже в паре \(группе\) №/);
    // And the pool page no longer proposes Вторая: she is not waiting.
    const page = await p.methodist.get('/matching/pool');
    assert.doesNotMatch(page.text, new RegExp(`data-unplaced="${p.second.staff.id}"`));
    assert.ok(!proposalKeys(page.text).some((k) => k.includes(`:${p.second.staff.id}:`)));
  });

  test('only the methodist: the head and a teacher get 403 on the page and on accepting', async () => {
    for (const user of [p.org.head, p.org.teacher]) {
      const agent = await loginAs(app, user);
      assert.equal((await agent.get('/matching/pool')).status, 403);
      const res = await agent.post('/matching/pool/accept').type('form').send({ _csrf: agent.csrf, proposal: `${p.alpha.staff.id}:${p.third.staff.id}:TRADITIONAL` });
      assert.equal(res.status, 403);
    }
    assert.equal(await prisma.pair.count({ where: { organizationId: p.org.organization.id, members: { some: { staffMemberId: p.third.staff.id } } } }), 0);
  });
});

describe('«Подобрать всем»: groups', () => {
  test('mentees of one mentor whose form allows it are proposed and accepted as one group', async () => {
    const org = await createOrganizationWithStaff(prisma);
    const id = org.organization.id;
    const topics = new Map((await listTopics(scopeFor(org.organization))).map((x) => [x.name, x.id]));
    const mentor = await addBankMentor(prisma, id, { topicIds: [topics.get(FOP)!], maxMentees: 3, mentoringConsent: true });
    const a = await addBankMentee(prisma, id, { topicIds: [topics.get(FOP)!] });
    const b = await addBankMentee(prisma, id, { topicIds: [topics.get(FOP)!] });
    const methodist = await loginAs(app, org.methodist);
    const page = await methodist.get('/matching/pool');
    const keys = proposalKeys(page.text);
    assert.equal(keys.length, 1);
    const [mentorId, menteeIds, form] = keys[0]!.split(':');
    assert.equal(Number(mentorId), mentor.staff.id);
    assert.deepEqual(menteeIds!.split(',').map(Number).sort(), [a.staff.id, b.staff.id].sort());
    assert.equal(form, 'GROUP');
    assert.match(page.text, /Группа:/);
    const res = await methodist.post('/matching/pool/accept').type('form').send({ _csrf: methodist.csrf, proposal: keys[0] });
    assert.equal(attr(res.text, 'data-created'), 1);
    const group = await prisma.pair.findFirstOrThrow({ where: { organizationId: id }, select: { form: true, status: true, _count: { select: { members: true } } } });
    assert.deepEqual([group.form, group.status, group._count.members], ['GROUP', 'DRAFT', 3]);
  });
});
