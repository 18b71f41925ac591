import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fillDemo } from '../../prisma/demo.ts';
import { schoolYearOf, todayIn } from '../../src/domain/dates.ts';
import { archiveStaff } from '../../src/modules/staff/staff.service.ts';
import { DEMO_STAFF, demoLogin } from '../../prisma/demo-data.ts';
import { loginAs, testApp, type TestApp } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/database.ts';
import { scopeFor } from '../helpers/scope.ts';

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
    programmes: Object.fromEntries((await prisma.programme.groupBy({ by: ['status'], _count: { _all: true }, orderBy: { status: 'asc' } })).map((g) => [g.status, g._count._all])),
    planComments: await prisma.planItemComment.count(),
    doneItems: await prisma.planItem.count({ where: { status: 'DONE' } }),
    collection: await prisma.collectionItem.count(),
    publicCollection: await prisma.collectionItem.count({ where: { visibility: 'PUBLIC' } }),
    bestPractices: await prisma.collectionItem.count({ where: { best: true } }),
    publishedNews: await prisma.newsPost.count({ where: { status: 'PUBLISHED' } }),
    newsStages: (await prisma.newsPost.findMany({ where: { status: 'PUBLISHED' }, distinct: ['stage'], select: { stage: true }, orderBy: { stage: 'asc' } })).map((n) => n.stage),
    roadmapPlans: (await prisma.roadmapPlan.findMany({ select: { schoolYear: true } })).map((p) => p.schoolYear),
    roadmapMeasures: await prisma.roadmapMeasure.count(),
    datedMeasures: await prisma.roadmapMeasure.count({ where: { dueOn: { not: null } } }),
  });
  const first = await counts();
  assert.deepEqual(first, {
    organizations: 1,
    staff: DEMO_STAFF.length,
    users: DEMO_STAFF.length + 1,
    // All but three give the personal-data consent; three mentors the mentoring one; four teachers the distribution one (stages 6–7).
    consents: DEMO_STAFF.length - 3 + 3 + 4,
    // The two shipped questionnaires and the pair check-in; 12 answers to them and 9 check-ins (every member of the 4 active pairs).
    questionnaires: 7, // + monitoring's four (self-assessment; mentor, mentee, curator at the end)
    responses: 29, // + the monitoring questionnaires the demo's programmes opened, answered
    mentees: 7,
    mentors: 5,
    approvedMentors: 3,
    approvedOrders: 3,
    submittedOrders: 1,
    activePairs: 4,
    proposedPairs: 1,
    supports: 1,
    // Stage 5: a programme in each state (the returned one is a draft again), with marks, comments, done items.
    programmes: { DRAFT: 1, APPROVED: 1, IN_PROGRESS: 1, COMPLETED: 1 },
    planComments: 5,
    doneItems: 16,
    // Stages 6–7: five materials, three public (their authors consented), three best practices (one internal:
    // its author gave no distribution consent); a published news item for every stage and one draft.
    collection: 5,
    publicCollection: 3,
    bestPractices: 3,
    publishedNews: 7,
    newsStages: [1, 2, 3, 4, 5, 6, 7],
    // The roadmap plan of the current school year: the seed's 16 measures and four of the kindergarten's own, two with exact dates.
    roadmapPlans: [schoolYearOf(todayIn('Europe/Moscow'))],
    roadmapMeasures: 20,
    datedMeasures: 2,
  });
  assert.ok(DEMO_STAFF.length >= 30);

  // Someone tried the archive on the demo: the mentee's and the head's cards, the accounts switched off with them.
  const adminUser = await prisma.user.findUniqueOrThrow({ where: { login: demoLogin('admin') }, include: { organization: true } });
  const admin = scopeFor(adminUser.organization, adminUser, fresh.db);
  const archivedLogins = [demoLogin('mentee'), demoLogin('head')];
  for (const login of archivedLogins) {
    const user = await prisma.user.findUniqueOrThrow({ where: { login } });
    const { effect } = await archiveStaff(admin, user.staffMemberId!);
    assert.equal(effect, 'deactivate');
  }

  await fillDemo(fresh.db, 'second-password-2');
  assert.deepEqual(await counts(), first, 'a second run adds nothing');
  for (const login of archivedLogins) {
    const user = await prisma.user.findUniqueOrThrow({ where: { login }, include: { staffMember: true } });
    assert.equal(user.active, true, `${login}: the account is on again`);
    assert.equal(user.offByStaffArchive, false);
    assert.equal(user.staffMember?.archivedAt, null, `${login}: the card works again`);
  }
  assert.equal(await prisma.staffMember.count({ where: { archivedAt: { not: null } } }), 0);
  await loginAs(app, { login: demoLogin('mentee') }, 'second-password-2');

  const org = await prisma.organization.findFirstOrThrow();
  assert.equal(org.shortName, 'МБДОУ № 50 «Алёнушка»');
  assert.equal(org.headName, 'Свиридова Наталья Геннадьевна');
  assert.equal(org.demo, true, 'made by the demo');
  assert.equal(org.slug, 'demo-alenushka');
  for (const login of ['admin', 'head', 'methodist', 'mentor', 'mentee']) {
    assert.ok(await prisma.user.findUnique({ where: { login: demoLogin(login) } }), login);
  }
  assert.equal(await prisma.user.count({ where: { NOT: { login: { startsWith: 'demo.' } } } }), 0, 'every demo login is «demo.…»');
  const young = await prisma.staffMember.count({ where: { experienceYears: { lt: 3 } } });
  assert.ok(young >= 5, 'young specialists to mentor');

  const methodist = await loginAs(app, { login: demoLogin('methodist') }, 'second-password-2');
  const home = await methodist.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /Белова Ирина Викторовна/);
  assert.match(home.text, /Запросы собраны у <a [^>]+>7<\/a> из 29 педагогов/);
  assert.match(home.text, /Сотрудники без действующего согласия на обработку персональных данных: <a [^>]+>3<\/a>/);
  assert.match(home.text, /Одобрено наставников: <a [^>]+>3<\/a>/);
  assert.match(home.text, /Приказ об утверждении Положения: № 1-од от 01\.09\.2026/);
  assert.match(home.text, /Работают пары и группы: <a [^>]+>4<\/a>/);
  const headAgent = await loginAs(app, { login: demoLogin('head') }, 'second-password-2');
  assert.match((await headAgent.get('/')).text, /На согласовании/);
  for (const page of ['/bank/mentees', '/bank/mentors', '/consents', '/questionnaires', '/staff', '/matching', '/pairs', '/pairs/waiting', '/orders', '/programmes']) {
    assert.equal((await methodist.get(page)).status, 200, page);
  }
  await assert.rejects(loginAs(app, { login: demoLogin('mentor') }, 'first-password-1'), /401/);
});

test('demo data is consistent: no pair starts before a consent of any of its members', async () => {
  const { prisma } = fresh.db;
  await fillDemo(fresh.db, 'first-password-1'); // idempotent: the first test may have filled it already
  const pairs = await prisma.pair.findMany({
    select: { id: true, startsOn: true, members: { select: { role: true, staffMember: { select: { lastName: true, consents: { select: { kind: true, givenAt: true } } } } } } },
  });
  assert.ok(pairs.length >= 3, `${pairs.length} pairs`);
  const zone = (await prisma.organization.findFirstOrThrow()).timeZone;
  const dayOf = (date: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: zone }).format(date);
  let checked = 0;
  for (const pair of pairs) {
    const start = pair.startsOn.toISOString().slice(0, 10);
    for (const member of pair.members) {
      assert.ok(member.staffMember.consents.length > 0, `${member.staffMember.lastName} in pair ${pair.id} has a consent`);
      for (const consent of member.staffMember.consents) {
        assert.ok(dayOf(consent.givenAt) <= start, `${member.role} ${member.staffMember.lastName}: ${consent.kind} consent of ${dayOf(consent.givenAt)} after the pair's start ${start}`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 7, `${checked} consents checked`);
});
