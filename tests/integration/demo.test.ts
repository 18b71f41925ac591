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
  await fillDemo(prisma, 'first-password-1');
  const counts = async () => ({
    organizations: await prisma.organization.count(),
    staff: await prisma.staffMember.count(),
    users: await prisma.user.count(),
    consents: await prisma.consent.count(),
    questionnaires: await prisma.questionnaire.count({ where: { status: 'PUBLISHED' } }),
    responses: await prisma.questionnaireResponse.count({ where: { status: 'SUBMITTED' } }),
    mentees: await prisma.menteeEntry.count(),
    mentors: await prisma.mentorEntry.count(),
    approvedMentors: await prisma.mentorEntry.count({ where: { status: 'APPROVED' } }),
  });
  const first = await counts();
  assert.deepEqual(first, {
    organizations: 1,
    staff: DEMO_STAFF.length,
    users: DEMO_STAFF.length + 1,
    consents: DEMO_STAFF.length - 3 + 1, // all but three give the personal-data consent; the mentor also the mentoring one
    questionnaires: 2,
    responses: 12,
    mentees: 7,
    mentors: 5,
    approvedMentors: 3,
  });
  assert.ok(DEMO_STAFF.length >= 30);

  await fillDemo(prisma, 'second-password-2');
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
  for (const page of ['/bank/mentees', '/bank/mentors', '/consents', '/questionnaires', '/staff']) {
    assert.equal((await methodist.get(page)).status, 200, page);
  }
  await assert.rejects(loginAs(app, { login: 'head' }, 'first-password-1'), /401/);
});
