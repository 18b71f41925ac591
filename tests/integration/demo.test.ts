import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fillDemo } from '../../prisma/demo.ts';
import { schoolYearOf, todayIn } from '../../src/domain/dates.ts';
import { archiveStaff } from '../../src/modules/staff/staff.service.ts';
import { keyIndicators } from '../../src/modules/monitoring/index.ts';
import { DEMO_ORGANIZATION, DEMO_STAFF, demoLogin } from '../../prisma/demo-data.ts';
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
  // The demo kindergarten's own rows (the neighbours and the authority of the city page are counted apart).
  const own = { organizationId: (await prisma.organization.findUniqueOrThrow({ where: { slug: DEMO_ORGANIZATION.slug } })).id };
  const counts = async () => ({
    kindergartens: await prisma.organization.count({ where: { kind: 'KINDERGARTEN' } }),
    authorities: await prisma.organization.count({ where: { kind: 'AUTHORITY' } }),
    staff: await prisma.staffMember.count({ where: own }),
    users: await prisma.user.count({ where: own }),
    consents: await prisma.consent.count({ where: own }),
    questionnaires: await prisma.questionnaire.count({ where: { ...own, status: 'PUBLISHED' } }),
    responses: await prisma.questionnaireResponse.count({ where: { ...own, status: 'SUBMITTED' } }),
    mentees: await prisma.menteeEntry.count({ where: own }),
    mentors: await prisma.mentorEntry.count({ where: own }),
    approvedMentors: await prisma.mentorEntry.count({ where: { ...own, status: { in: ['APPROVED', 'ACTIVE'] } } }),
    approvedOrders: await prisma.order.count({ where: { ...own, status: 'APPROVED' } }),
    submittedOrders: await prisma.order.count({ where: { ...own, status: 'SUBMITTED' } }),
    activePairs: await prisma.pair.count({ where: { ...own, status: 'ACTIVE' } }),
    proposedPairs: await prisma.pair.count({ where: { ...own, status: 'PROPOSED' } }),
    supports: await prisma.menteeSupport.count({ where: own }),
    programmes: Object.fromEntries((await prisma.programme.groupBy({ by: ['status'], where: own, _count: { _all: true }, orderBy: { status: 'asc' } })).map((g) => [g.status, g._count._all])),
    planComments: await prisma.planItemComment.count({ where: own }),
    doneItems: await prisma.planItem.count({ where: { ...own, status: 'DONE' } }),
    collection: await prisma.collectionItem.count({ where: own }),
    publicCollection: await prisma.collectionItem.count({ where: { ...own, visibility: 'PUBLIC' } }),
    bestPractices: await prisma.collectionItem.count({ where: { ...own, best: true } }),
    publishedNews: await prisma.newsPost.count({ where: { ...own, status: 'PUBLISHED' } }),
    newsStages: (await prisma.newsPost.findMany({ where: { ...own, status: 'PUBLISHED' }, distinct: ['stage'], select: { stage: true }, orderBy: { stage: 'asc' } })).map((n) => n.stage),
    newsAboutEvents: (await prisma.newsPost.findMany({ where: { ...own, eventId: { not: null } }, select: { stage: true, event: { select: { kind: true } } } })).map((n) => `${n.stage}:${n.event!.kind}`),
    roadmapPlans: (await prisma.roadmapPlan.findMany({ where: own, select: { schoolYear: true } })).map((p) => p.schoolYear),
    roadmapMeasures: await prisma.roadmapMeasure.count({ where: own }),
    datedMeasures: await prisma.roadmapMeasure.count({ where: { ...own, dueOn: { not: null } } }),
    categoryChanges: await prisma.staffCategoryChange.count({ where: own }),
    formedReports: (await prisma.monitoringAnnualReport.findMany({ where: own, select: { schoolYear: true } })).map((r) => r.schoolYear),
  });
  const first = await counts();
  assert.deepEqual(first, {
    // The demo kindergarten and its two neighbours (src/modules/city), and the education authority.
    kindergartens: 3,
    authorities: 1,
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
    // The news of the final round table names the round table (stage 6).
    newsAboutEvents: ['6:ROUND_TABLE'],
    // The roadmap plan of the current school year: the seed's 16 measures and four of the kindergarten's own, two with exact dates.
    roadmapPlans: [schoolYearOf(todayIn('Europe/Moscow'))],
    roadmapMeasures: 20,
    datedMeasures: 2,
    // Two mentees of the active pairs rose a category this school year; the previous school year's report is formed.
    categoryChanges: 2,
    formedReports: [schoolYearOf(todayIn('Europe/Moscow')) - 1],
  });
  assert.ok(DEMO_STAFF.length >= 30);
  // Monitoring counts the two whose category rose (after their pairs started, this school year).
  const demoOrganization = await prisma.organization.findUniqueOrThrow({ where: { slug: DEMO_ORGANIZATION.slug } });
  assert.equal((await keyIndicators(scopeFor(demoOrganization, undefined, fresh.db), schoolYearOf(todayIn('Europe/Moscow')))).menteesCategoryRose, 2);

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

  const org = await prisma.organization.findUniqueOrThrow({ where: { slug: DEMO_ORGANIZATION.slug } });
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
  // The city specialist (src/modules/city): the demo kindergarten and its two neighbours, never the authority.
  const city = await loginAs(app, { login: demoLogin('city') }, 'second-password-2');
  const cityPage = await city.get('/city');
  assert.equal(cityPage.status, 200);
  assert.match(cityPage.text, /data-total="3"/);
  for (const name of ['МБДОУ № 50 «Алёнушка»', 'МБДОУ № 12 «Солнышко»', 'МБДОУ № 31 «Родничок»']) assert.ok(cityPage.text.includes(`>${name}</a>`), name);
  assert.doesNotMatch(cityPage.text, /Белова|Свиридова|Громова/, 'no names on the city page');
  const summary = await city.get(`/city/org/${org.id}`);
  assert.equal(summary.status, 200);
  assert.match(summary.text, /Работают пары и группы: <span data-figure="4">4<\/span>/);
  for (const person of DEMO_STAFF) assert.ok(!summary.text.includes(person.lastName), `the summary names ${person.lastName}`);
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
  const zone = (await prisma.organization.findUniqueOrThrow({ where: { slug: DEMO_ORGANIZATION.slug } })).timeZone;
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
