/**
 * The city page (src/modules/city): who may open it, that it reads every kindergarten in a fixed number of
 * statements and gives each the same stages and counts as its own dashboard, that it names nobody, and that
 * the city specialist changes nothing and sees no kindergarten's own pages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PERMISSIONS } from '../../src/core/auth/permissions.ts';
import { dashboardCards, stageStates } from '../../src/modules/roadmap/index.ts';
import { CityAccountRefused, ensureAuthority, saveCityAccount } from '../../src/modules/city/index.ts';
import { DASHBOARD } from '../../src/modules/index.ts';
import { keyIndicators } from '../../src/modules/monitoring/index.ts';
import { schoolYearOf } from '../../src/domain/dates.ts';
import { hashPassword } from '../../src/core/passwords.ts';
import { traceQueries } from '../bench/profile.ts';
import { cityRowsOf } from '../helpers/city.ts';
import { loginAs, testApp, type Agent } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { addBankMentee, addBankMentor, createOrganization, createOrganizationWithStaff, createPairRow, createUser, uniq } from '../helpers/factories.ts';
import { scopeFor } from '../helpers/scope.ts';

const { prisma } = sharedDatabase();
// Computed at every view: these tests change kindergartens and read the page at once (the stored figures and
// their maximum age: city-figures.test.ts).
const app = testApp({ cityFiguresMaxAgeSeconds: 0 });

after(async () => {
  await app.close();
  await sharedDatabase().close();
});

/** Every kindergarten this file makes carries the tag in its name: the page is filtered by it. */
const TAG = uniq('Город');
let city: Agent;
let cityUser: { id: number; login: string; fullName: string };
let busy: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let authority: { id: number; shortName: string };
const staffNames: string[] = [];

async function kindergarten(n: number) {
  return createOrganization(prisma, { shortName: `${TAG} детский сад № ${n}`, fullName: `МБДОУ ${TAG} № ${n}` });
}

/** A kindergarten at work: mentors, a mentee waiting, pairs formed and at work. */
async function busyKindergarten() {
  const org = await createOrganizationWithStaff(prisma);
  await prisma.organization.update({ where: { id: org.organization.id }, data: { shortName: `${TAG} детский сад № 1`, fullName: `МБДОУ ${TAG} № 1` } });
  const id = org.organization.id;
  const mentorA = await addBankMentor(prisma, id, { status: 'ACTIVE', mentoringConsent: true });
  const mentorB = await addBankMentor(prisma, id, { mentoringConsent: true });
  const menteeA = await addBankMentee(prisma, id, { status: 'PAIRED' });
  const menteeB = await addBankMentee(prisma, id, { status: 'PAIRED' });
  await addBankMentee(prisma, id, { status: 'IN_BANK' });
  await createPairRow(prisma, id, { status: 'ACTIVE', activatedAt: new Date(), mentors: [{ staffMemberId: mentorA.staff.id, mentorEntryId: mentorA.entry.id }], mentees: [{ staffMemberId: menteeA.staff.id, menteeEntryId: menteeA.entry.id }] });
  await createPairRow(prisma, id, { status: 'DRAFT', mentors: [{ staffMemberId: mentorB.staff.id, mentorEntryId: mentorB.entry.id }], mentees: [{ staffMemberId: menteeB.staff.id, menteeEntryId: menteeB.entry.id }] });
  for (const s of await prisma.staffMember.findMany({ where: { organizationId: id } })) staffNames.push(s.lastName);
  for (const u of [org.admin, org.head, org.methodist, org.teacher]) staffNames.push(u.fullName.split(' ')[0]!);
  return org;
}

before(async () => {
  busy = await busyKindergarten();
  await kindergarten(2);
  authority = await prisma.organization.create({ data: { slug: `uo-${uniq()}`, shortName: `${TAG} управление образования`, fullName: `Управление образования ${TAG}`, kind: 'AUTHORITY' } });
  const user = await createUser(prisma, authority.id, { role: 'CITY', fullName: 'Орлова Вера Павловна' });
  cityUser = { id: user.id, login: user.login, fullName: user.fullName };
  city = await loginAs(app, user);
});

const countStatements = async (agent: Agent, url: string) => {
  await agent.get(url); // lazy initialisation does not count
  const trace = traceQueries();
  try {
    const res = await agent.get(url);
    assert.equal(res.status, 200);
    return trace.records.length;
  } finally {
    trace.stop();
  }
};

describe('the city page', () => {
  test('the city specialist lands on /city and sees each kindergarten with the states and counts of its own dashboard', async () => {
    const home = await city.get('/');
    assert.equal(home.status, 303);
    assert.equal(home.headers.location, '/city');
    const res = await city.get(`/city?name=${encodeURIComponent(TAG)}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /data-total="2"/);
    const rows = cityRowsOf(res.text);
    assert.equal(rows.size, 2);
    assert.ok(!rows.has(authority.id), 'the authority is no kindergarten');
    for (const [id, row] of rows) {
      const organization = await prisma.organization.findUniqueOrThrow({ where: { id } });
      const cards = await dashboardCards(scopeFor(organization), DASHBOARD);
      const expected = (await stageStates(scopeFor(organization), DASHBOARD)).map((s) => s.state);
      assert.deepEqual(row.stages, expected, `stages of ${organization.shortName}`);
      assert.equal(cards.length, row.stages.length);
      // The counts are the monitoring module's key indicators of the school year: what its own /monitoring shows.
      const scope = scopeFor(organization);
      const k = await keyIndicators(scope, schoolYearOf(scope.today));
      assert.deepEqual(row.indicators, {
        pairsFormed: k.pairsFormed,
        menteesWithMentor: k.menteesWithMentor,
        menteesWithoutMentor: k.menteesWithoutMentor,
        programmesCompleted: k.programmesCompleted,
        mentorsOfYear: k.mentorsOfYear,
        mentorsInEvents: k.mentorsInEvents,
      }, `indicators of ${organization.shortName}`);
    }
    const own = rows.get(busy.organization.id)!;
    assert.equal(own.indicators.pairsFormed, 1);
    assert.equal(own.indicators.menteesWithMentor, 1);
    assert.equal(own.indicators.mentorsOfYear, 1);
    assert.ok(own.stages.includes('progress'), 'the busy kindergarten has a stage under way');
  });

  test('the page and the summary name nobody: counts and states only', async () => {
    const page = (await city.get(`/city?name=${encodeURIComponent(TAG)}`)).text;
    const summary = await city.get(`/city/org/${busy.organization.id}`);
    assert.equal(summary.status, 200);
    assert.match(summary.text, /data-indicator="pairsFormed"/);
    for (const name of new Set(staffNames)) {
      assert.ok(!page.includes(name), `the city page names ${name}`);
      assert.ok(!summary.text.includes(name), `the summary names ${name}`);
    }
    assert.doesNotMatch(summary.text, /href="\/(pairs|staff|bank|orders|programmes)/, 'no link into the kindergarten’s own pages');
  });

  test('the number of statements stays the same as kindergartens are added', async (t) => {
    const url = `/city?name=${encodeURIComponent(TAG)}`;
    const withTwo = await countStatements(city, url);
    for (let n = 3; n <= 12; n++) await kindergarten(n);
    const withTwelve = await countStatements(city, url);
    assert.equal(cityRowsOf((await city.get(url)).text).size, 12);
    assert.equal(withTwelve, withTwo, `${withTwo} statements for 2 kindergartens, ${withTwelve} for 12`);
    t.diagnostic(`/city: ${withTwelve} statements per request (2 or 12 kindergartens)`);
    assert.ok(withTwelve <= 25, `${withTwelve} statements`);
    // A page holds 25; the rest are on the next page, for the same number of statements.
    for (let n = 13; n <= 30; n++) await kindergarten(n);
    assert.equal(await countStatements(city, url), withTwo);
    const first = await city.get(url);
    assert.match(first.text, /data-total="30"/);
    assert.equal(cityRowsOf(first.text).size, 25);
    assert.match(first.text, /Страница 1 из 2/);
    assert.equal(cityRowsOf((await city.get(`${url}&page=2`)).text).size, 5);
    // The summary too is a fixed handful.
    assert.ok((await countStatements(city, `/city/org/${busy.organization.id}`)) <= 25);
  });

  test('who looked at which summary is in the audit log', async () => {
    await city.get(`/city/org/${busy.organization.id}`);
    const entry = await prisma.auditLog.findFirst({ where: { userId: cityUser.id, action: 'city.organization_read' }, orderBy: { id: 'desc' } });
    assert.ok(entry);
    assert.equal(entry.entityType, 'Organization');
    assert.equal(entry.entityId, String(busy.organization.id));
  });

  test('the authority itself or a made-up id is «not found»', async () => {
    assert.equal((await city.get(`/city/org/${authority.id}`)).status, 404);
    assert.equal((await city.get('/city/org/2147483000')).status, 404);
    assert.equal((await city.get('/city/org/abc')).status, 404);
  });

  test('the city specialist opens a kindergarten’s monitoring: its own figures, read-only, no names, audited', async () => {
    const methodist = await loginAs(app, busy.methodist);
    // The methodist forms the year's report: the city sees that it is formed, not who formed it.
    const formed = await methodist.post('/monitoring/report/form').type('form').send({ _csrf: methodist.csrf, year: String(schoolYearOf(scopeFor(busy.organization).today)) });
    assert.equal(formed.status, 303);
    const own = await methodist.get('/monitoring');
    const seen = await city.get(`/city/org/${busy.organization.id}/monitoring`);
    assert.equal(seen.status, 200);
    const figures = (html: string) => Object.fromEntries([...html.matchAll(/data-indicator="([\w-]+)">[\s\S]*?<td data-label="Значение">([\s\S]*?)<\/td>/g)].map((m) => [m[1]!, m[2]!.replace(/<[^>]+>/g, '').trim()]));
    assert.ok(Object.keys(figures(own.text)).length >= 8, 'the methodist’s page has its figures');
    assert.deepEqual(figures(seen.text), figures(own.text), 'the same figures as the kindergarten’s own page');
    assert.equal(figures(seen.text)['pairs-formed'], '1');
    assert.match(seen.text, /Отчёт за [\d/]+ учебный год сформирован/);
    assert.ok(own.text.includes(busy.methodist.fullName), 'the methodist’s own page names who formed the report');
    for (const name of new Set(staffNames)) assert.ok(!seen.text.includes(name), `the city’s view names ${name}`);
    assert.doesNotMatch(seen.text, /href="\/monitoring/, 'no link into the lists, SWOT or report documents');
    assert.doesNotMatch(seen.text, /action="\/monitoring/, 'no form of the kindergarten');
    assert.match(seen.text, new RegExp(`action="/city/org/${busy.organization.id}/monitoring"`), 'the year selector stays in the city’s view');
    // The summary links to it, another school year opens too, and the look is audited with its year.
    assert.match((await city.get(`/city/org/${busy.organization.id}`)).text, new RegExp(`href="/city/org/${busy.organization.id}/monitoring"`));
    const earlier = await city.get(`/city/org/${busy.organization.id}/monitoring?year=2024`);
    assert.equal(earlier.status, 200);
    assert.match(earlier.text, /2024\/2025 учебный год/);
    const entry = await prisma.auditLog.findFirst({ where: { userId: cityUser.id, action: 'city.monitoring_read' }, orderBy: { id: 'desc' } });
    assert.equal(entry?.entityId, String(busy.organization.id));
    assert.deepEqual(entry?.details, { schoolYear: 2024 });
    // Not a kindergarten, not an id: «not found»; the kindergarten's own staff do not get the city's view.
    assert.equal((await city.get(`/city/org/${authority.id}/monitoring`)).status, 404);
    assert.equal((await city.get('/city/org/abc/monitoring')).status, 404);
    assert.equal((await methodist.get(`/city/org/${busy.organization.id}/monitoring`)).status, 403);
  });

  test('the filter and the order by name', async () => {
    const desc = (await city.get(`/city?name=${encodeURIComponent(TAG)}&sort=name-desc`)).text;
    const names = [...desc.matchAll(/<a href="\/city\/org\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]!);
    assert.deepEqual(names, [...names].sort((a, b) => b.localeCompare(a, 'ru')));
    const none = await city.get(`/city?name=${encodeURIComponent(TAG + 'нет-такого')}`);
    assert.match(none.text, /data-total="0"/);
    assert.match(none.text, /Детских садов с таким названием нет/);
  });

  test('the city specialist is read-only: the city page and their own profile, nothing else', async () => {
    const held = Object.entries(PERMISSIONS).filter(([, roles]) => (roles as readonly string[]).includes('CITY')).map(([p]) => p);
    assert.deepEqual(held.sort(), ['city:view', 'profile:edit']);
    // A kindergarten's form refuses to hand out the role (only the operator's npm run city makes one).
    const admin = await loginAs(app, busy.admin);
    const form = await admin.get('/users/new');
    assert.doesNotMatch(form.text, /value="CITY"/);
    const login = uniq('city');
    const res = await admin.post('/users').type('form').send({ _csrf: admin.csrf, login, fullName: 'Орлова Вера Павловна', role: 'CITY', staffMemberId: '' });
    assert.equal(res.status, 422);
    assert.equal(await prisma.user.count({ where: { login } }), 0);
  });

  test('only the city specialist opens the city page; the city specialist opens no kindergarten page', async () => {
    for (const role of ['admin', 'head', 'methodist', 'teacher'] as const) {
      const agent = await loginAs(app, busy[role]);
      assert.equal((await agent.get('/city')).status, 403, role);
      assert.equal((await agent.get(`/city/org/${busy.organization.id}`)).status, 403, role);
    }
    for (const path of ['/roadmap', '/staff', '/pairs', '/bank/mentors', '/programmes', '/orders', '/users', '/settings', '/audit', '/consents', '/questionnaires', '/collection', '/news', '/matching']) {
      assert.equal((await city.get(path)).status, 403, path);
    }
    const profile = await city.get('/profile');
    assert.equal(profile.status, 200);
  });

  test('the operator’s accounts (npm run city): the authority made once, a login of someone else refused, a second run a new password', async () => {
    const slug = `uo-${uniq()}`;
    const made = await ensureAuthority(prisma, { slug, shortName: 'УО', fullName: 'Управление образования' });
    assert.equal(made.kind, 'AUTHORITY');
    assert.equal((await ensureAuthority(prisma, { slug, shortName: 'другое', fullName: 'другое' })).id, made.id);
    await assert.rejects(ensureAuthority(prisma, { slug: busy.organization.slug, shortName: 'УО', fullName: 'УО' }), (e: Error) => e instanceof CityAccountRefused && /занят детским садом/.test(e.message));
    const login = uniq('city.');
    const first = await saveCityAccount(prisma, made, { login, fullName: 'Орлова Вера Павловна', passwordHash: await hashPassword('Первый-пароль-1'), mustChangePassword: true });
    assert.equal(first.created, true);
    assert.equal(first.user.role, 'CITY');
    const again = await saveCityAccount(prisma, made, { login, fullName: 'Орлова Вера Павловна', passwordHash: await hashPassword('Второй-пароль-2'), mustChangePassword: true });
    assert.equal(again.created, false);
    assert.equal(again.user.id, first.user.id);
    await assert.rejects(saveCityAccount(prisma, made, { login: busy.teacher.login, fullName: 'x', passwordHash: 'x', mustChangePassword: true }), (e: Error) => e instanceof CityAccountRefused && /уже занят/.test(e.message));
    assert.equal((await prisma.user.findUniqueOrThrow({ where: { id: busy.teacher.id } })).role, 'TEACHER');
  });
});
