/**
 * The composed dashboard says only what its lists show: on the demo kindergarten plus the edge cases that
 * used to make the copies of a rule disagree (a person archived, a draft pair, a cancelled pair, a consent
 * withdrawn in a working pair, a person without an account), every figure on the dashboard — the
 * methodist's and the head's — equals the total of the list it links to. And asked for many organizations at
 * once (the city page), every contributor gives each organization exactly its own figures.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoLogin } from '../../prisma/demo-data.ts';
import { schoolYearOf, todayIn } from '../../src/domain/dates.ts';
import { loginAs, postForm as post } from '../helpers/app.ts';
import { assertFiguresMatchLists, figureOf } from '../helpers/dashboard.ts';
import { demoSuite } from '../helpers/demo-suite.ts';
import { addBankMentee, addBankMentor, createOrganization, createStaffMember } from '../helpers/factories.ts';
import { gatherContributionsWith } from '../../src/core/dashboard.ts';
import { systemScope } from '../../src/core/scope.ts';
import { createEvents, DASHBOARD } from '../../src/modules/index.ts';
import { stageStates, stageStatesByOrganization } from '../../src/modules/roadmap/index.ts';
import { planMeasuresSql } from '../../src/modules/roadmap/roadmap.plan.ts';

const PASSWORD = 'demo-password-figures-1';

const suite = demoSuite(PASSWORD);

const staffId = async (lastName: string) => (await suite.fresh.db.prisma.staffMember.findFirstOrThrow({ where: { lastName }, select: { id: true } })).id;

test('every figure of the demo dashboard equals the total of its list, for the methodist and for the head', async () => {
  const methodist = await loginAs(suite.app, { login: demoLogin('methodist') }, PASSWORD);
  const head = await loginAs(suite.app, { login: demoLogin('head') }, PASSWORD);
  const figures = await assertFiguresMatchLists(methodist, 'methodist');
  await assertFiguresMatchLists(head, 'head');
  // The demo's story, as the dashboard tells it.
  const count = (item: string) => figures.find((f) => f.item === item)?.count;
  assert.equal(count('requests'), 7);
  assert.equal(count('active-pairs'), 4);
  assert.equal(count('awaiting-order'), 1);
  assert.equal(count('personal-data-consents'), 3);
  // «Пары под риском» (pairs.at-risk.ts): both demo pairs have overdue plan items; programmes' figures too.
  assert.equal(count('at-risk'), 2);
  assert.ok(figures.some((f) => f.item === 'programmes' && f.href === '/programmes?written=1'));
  // Events (stages 4 and 6) of the current school year: the demo's story is the school year 2026/27.
  for (const item of ['setup-sessions', 'conference', 'round-table-held', 'training']) assert.notEqual(count(item), undefined, item);
  if (schoolYearOf(todayIn('Europe/Moscow')) === 2026) {
    assert.equal(count('setup-sessions'), 2);
    assert.equal(count('conference'), 1);
    // Trained: the three approved mentors attended both set-up sessions.
    assert.equal(count('training'), 3);
  }
  const home = (await methodist.get('/')).text;
  assert.match(home, /Запросы собраны у <a [^>]+>7<\/a> из 29 педагогов/);
});

test('with the edge cases added, the figures still equal their lists — and «Запросы собраны» agrees with the results page', async () => {
  const { prisma } = suite.fresh.db;
  const methodist = await loginAs(suite.app, { login: demoLogin('methodist') }, PASSWORD);
  const head = await loginAs(suite.app, { login: demoLogin('head') }, PASSWORD);

  // An archived person: a waiting mentee of the demo (Павлова) leaves.
  assert.equal((await post(methodist, `/staff/${await staffId('Павлова')}/archive`)).status, 303);
  // A person without an account (expected to answer, cannot online).
  await createStaffMember(prisma, (await prisma.organization.findFirstOrThrow()).id, { lastName: 'Безучётная', position: 'воспитатель' });
  // A draft pair and a cancelled pair: a mentor with free places and two waiting mentees (the demo's own waiting
  // mentees are all in pairs or archived by now), added to the banks as the factories do.
  const organizationId = (await prisma.organization.findFirstOrThrow()).id;
  const mentor = (await addBankMentor(prisma, organizationId, { status: 'APPROVED', maxMentees: 3, mentoringConsent: true, staff: { lastName: 'Свободная', position: 'воспитатель' } })).staff.id;
  const [first, second] = await Promise.all([1, 2].map(() => addBankMentee(prisma, organizationId, { status: 'IN_BANK', staff: { position: 'воспитатель' } })));
  const pairBody = (mentee: number) => ({ form: 'TRADITIONAL', mentorStaffIds: String(mentor), menteeStaffIds: String(mentee), startsOn: '2026-09-01', plannedEndOn: '2027-05-31' });
  const draft = await post(methodist, '/pairs', pairBody(first!.staff.id));
  assert.equal(draft.status, 303, draft.text);
  const toCancel = await post(methodist, '/pairs', pairBody(second!.staff.id));
  assert.equal(toCancel.status, 303, toCancel.text);
  const cancelled = await post(methodist, `${toCancel.headers.location}/end`, { outcome: 'CANCELLED', endedOn: todayIn('Europe/Moscow'), reason: 'Передумали' });
  assert.equal(cancelled.status, 303);
  // A consent withdrawn in a working pair: the demo's mentee revokes hers.
  const mentee = await loginAs(suite.app, { login: demoLogin('mentee') }, PASSWORD);
  const consent = await prisma.consent.findFirstOrThrow({ where: { staffMemberId: await staffId('Соколова'), kind: 'PERSONAL_DATA', revokedAt: null } });
  assert.equal((await post(mentee, `/consents/${consent.id}/revoke`, { revokedOn: todayIn('Europe/Moscow'), reason: 'Отзываю' })).status, 303);

  const figures = await assertFiguresMatchLists(methodist, 'methodist');
  await assertFiguresMatchLists(head, 'head');
  const count = (item: string) => figures.find((f) => f.item === item)?.count;
  assert.equal(count('attention'), 1, 'the pair of the mentee who withdrew');
  assert.equal(count('awaiting-order'), 2, 'the demo proposal and the new draft; not the cancelled one');
  assert.equal(count('active-pairs'), 4, 'the pair stays active until the termination order');

  // «Запросы собраны у N из M» = «Ответили N из M» (one rule of expected respondents).
  const home = (await methodist.get('/')).text;
  const [, answered, expected] = /Запросы собраны у <a [^>]+>(\d+)<\/a> из (\d+) педагогов/.exec(home) ?? [];
  assert.equal(expected, '32', '30 − the head − Павлова (archived) + Безучётная + the three added to the banks');
  const results = await methodist.get(figureOf(home, 'requests').href!.split('?')[0]!);
  assert.match(results.text, new RegExp(`Ответили <strong>${answered} из ${expected}</strong>`));
});

test('«Из них ещё без поддержки» = the waiting mentees less those supported: the list ?support=none agrees; support of an entry that waits no more counts nowhere', async () => {
  const { prisma } = suite.fresh.db;
  const methodist = await loginAs(suite.app, { login: demoLogin('methodist') }, PASSWORD);
  const organizationId = (await prisma.organization.findFirstOrThrow()).id;
  const [supported, , withdrawn] = await Promise.all(
    (['IN_BANK', 'IN_BANK', 'WITHDRAWN'] as const).map((status) => addBankMentee(prisma, organizationId, { status, staff: { position: 'воспитатель' } })),
  );
  for (const { entry } of [supported!, withdrawn!]) {
    await prisma.menteeSupport.create({ data: { organizationId, menteeEntryId: entry.id, providedBy: 'педагог-психолог', providedOn: new Date('2026-09-01'), notes: 'беседа' } });
  }

  const figures = await assertFiguresMatchLists(methodist, 'methodist');
  const count = (item: string) => figures.find((f) => f.item === item)?.count;
  assert.ok(count('waiting-mentees')! >= 2, 'both new IN_BANK entries wait');
  assert.equal(count('waiting-unsupported'), count('waiting-mentees')! - 1, 'every waiting mentee but the supported one');
});

test('asked for many organizations at once (the city page), every contributor gives each its own figures and states', async () => {
  const { db } = suite.fresh;
  const fields = { id: true, slug: true, shortName: true, fullName: true, timeZone: true } as const;
  // The demo's kindergarten and its neighbours, and one with no rows at all.
  await createOrganization(db.prisma, { shortName: 'Пустой детский сад' });
  const organizations = await db.prisma.organization.findMany({ where: { kind: 'KINDERGARTEN' }, select: fields, orderBy: { id: 'asc' } });
  assert.ok(organizations.length >= 3, `${organizations.length} kindergartens`);
  const now = new Date();
  const timeZone = organizations[0]!.timeZone;
  assert.ok(organizations.every((o) => o.timeZone === timeZone), 'one time zone: one group');
  const at = { ids: organizations.map((o) => o.id), timeZone, today: todayIn(timeZone, now), now };
  const events = createEvents();
  for (const [index, contributor] of DASHBOARD.entries()) {
    const many = await db.portal.$queryRaw<{ row: Record<string, unknown> }[]>`SELECT to_json(f) AS row FROM (${contributor.figuresByOrganization(at)}) f`;
    const byOrganization = new Map(many.map(({ row: { organizationId, ...figures } }) => [organizationId as number, figures]));
    assert.equal(byOrganization.size, organizations.length, `contributor ${index}: a row for every organization`);
    for (const organization of organizations) {
      const scope = systemScope({ db, events }, organization, { now });
      const [own] = await scope.db.$queryRaw<{ row: Record<string, unknown> }[]>`SELECT to_json(f) AS row FROM (${contributor.figures(scope)}) f`;
      assert.deepEqual(byOrganization.get(organization.id), own!.row, `contributor ${index}, organization ${organization.shortName}`);
    }
  }
  const states = await stageStatesByOrganization({ portal: db.portal, now }, organizations, DASHBOARD);
  for (const organization of organizations) {
    const own = await stageStates(systemScope({ db, events }, organization, { now }), DASHBOARD);
    assert.deepEqual(states.get(organization.id)!.states, own.map((s) => s.state), `states of ${organization.shortName}`);
  }
});

test('the dashboard\'s one statement, its text composed once per shape and then reused, gives every organization and every day its own figures', async () => {
  const { db } = suite.fresh;
  const fields = { id: true, slug: true, shortName: true, fullName: true, timeZone: true } as const;
  const organizations = await db.prisma.organization.findMany({ where: { kind: 'KINDERGARTEN' }, select: fields, orderBy: { id: 'asc' } });
  assert.ok(organizations.length >= 2, `${organizations.length} kindergartens`);
  const events = createEvents();
  // Today and a day of the previous school year: the days' own parameters (school year, moments) through the same text.
  const days = [new Date(), new Date(Date.now() - 400 * 86_400_000)];
  const seen = new Set<string>();
  for (const now of days) {
    for (const organization of organizations) {
      const scope = systemScope({ db, events }, organization, { now });
      const schoolYear = schoolYearOf(scope.today);
      const composed = await gatherContributionsWith<unknown>(scope, DASHBOARD, planMeasuresSql(organization.id, schoolYear));
      const alone = [];
      for (const contributor of DASHBOARD) {
        const [own] = await scope.db.$queryRaw<{ row: unknown }[]>`SELECT to_json(f) AS row FROM (${contributor.figures(scope)}) f`;
        alone.push(...(await contributor.contribute(own!.row as never, scope)));
      }
      const [plan] = await scope.db.$queryRaw<{ measures: unknown }[]>`SELECT ${planMeasuresSql(organization.id, schoolYear)} AS measures`;
      assert.deepEqual(composed.contributions, alone, `${organization.shortName}, ${scope.today}`);
      assert.deepEqual(composed.alongside, plan!.measures, `the plan of ${organization.shortName}, ${scope.today}`);
      seen.add(JSON.stringify(composed.contributions));
    }
  }
  assert.ok(seen.size > 1, 'the organizations and days differ in their figures');
});
