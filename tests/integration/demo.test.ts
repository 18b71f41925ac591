import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fillDemo } from '../../prisma/demo.ts';
import { DEMO_STAFF } from '../../prisma/demo-data.ts';
import { loginAs, testApp, type TestApp } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/database.ts';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let app: TestApp;
before(async () => {
  fresh = await freshDatabase();
  app = testApp({ db: fresh.db });
});
after(async () => {
  await app.close();
  await fresh.drop();
});

test('npm run demo fills the seed kindergarten, is idempotent, and its accounts log in', async () => {
  const { prisma } = fresh.db;
  await fillDemo(fresh.db, 'first-password-1');
  const counts = async () => ({
    organizations: await prisma.organization.count(),
    staff: await prisma.staffMember.count(),
    users: await prisma.user.count(),
    consents: await prisma.consent.count(),
    questionnaires: await prisma.questionnaire.count({ where: { status: 'PUBLISHED' } }),
    responses: await prisma.questionnaireResponse.count({ where: { status: 'SUBMITTED' } }),
    mentees: await prisma.menteeEntry.count(),
    mentors: await prisma.mentorEntry.count(),
    approvedMentors: await prisma.mentorEntry.count({ where: { status: { in: ['APPROVED', 'ACTIVE'] } } }),
    approvedOrders: await prisma.order.count({ where: { status: 'APPROVED' } }),
    submittedOrders: await prisma.order.count({ where: { status: 'SUBMITTED' } }),
    activePairs: await prisma.pair.count({ where: { status: 'ACTIVE' } }),
    proposedPairs: await prisma.pair.count({ where: { status: 'PROPOSED' } }),
    supports: await prisma.menteeSupport.count(),
  });
  const first = await counts();
  assert.deepEqual(first, {
    organizations: 1,
    staff: DEMO_STAFF.length,
    users: DEMO_STAFF.length + 1,
    consents: DEMO_STAFF.length - 3 + 3, // all but three give the personal-data consent; three mentors the mentoring one
    questionnaires: 2,
    responses: 12,
    mentees: 7,
    mentors: 5,
    approvedMentors: 3,
    approvedOrders: 2,
    submittedOrders: 1,
    activePairs: 2,
    proposedPairs: 1,
    supports: 1,
  });
  assert.ok(DEMO_STAFF.length >= 30);

  await fillDemo(fresh.db, 'second-password-2');
  assert.deepEqual(await counts(), first, 'a second run adds nothing');

  const org = await prisma.organization.findFirstOrThrow();
  assert.equal(org.shortName, 'МБДОУ № 50 «Алёнушка»');
  assert.equal(org.headName, 'Свиридова Наталья Геннадьевна');
  for (const login of ['admin', 'head', 'methodist', 'mentor', 'mentee']) {
    assert.ok(await prisma.user.findUnique({ where: { login } }), login);
  }
  const young = await prisma.staffMember.count({ where: { experienceYears: { lt: 3 } } });
  assert.ok(young >= 5, 'young specialists to mentor');

  const methodist = await loginAs(app, { login: 'methodist' }, 'second-password-2');
  const home = await methodist.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /Белова Ирина Викторовна/);
  assert.match(home.text, /Запросы собраны у 7 из 29 педагогов; согласия на обработку ПД: 26/);
  assert.match(home.text, /В банке наставников: 5, из них одобрено: 3/);
  assert.match(home.text, /Приказ об утверждении Положения: № 1-од от 01\.09\.2026/);
  assert.match(home.text, /Пар и групп работает: 2; на согласовании: 1/);
  const headAgent = await loginAs(app, { login: 'head' }, 'second-password-2');
  assert.match((await headAgent.get('/')).text, /На согласовании/);
  for (const page of ['/bank/mentees', '/bank/mentors', '/consents', '/questionnaires', '/staff', '/matching', '/pairs', '/pairs/waiting', '/orders']) {
    assert.equal((await methodist.get(page)).status, 200, page);
  }
  await assert.rejects(loginAs(app, { login: 'mentor' }, 'first-password-1'), /401/);
});
