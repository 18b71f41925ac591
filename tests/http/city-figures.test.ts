/**
 * The city page's stored figures (src/modules/city/city.figures.ts): each kindergarten's row is what the live rules
 * give (its own dashboard's stage states, its own monitoring's indicators), a missing row is computed at the first
 * view, a change shows once the row is older than the maximum age (at once with 0), concurrent views of a stale
 * page compute it once (also a view that read a row just before another view stored it), a fresh page costs no
 * computation, and a deleted kindergarten leaves no row. The public page /p/<slug> shows its kindergarten's stored
 * stages: the same states as /city, by the same maximum age. On the demo (its kindergarten with the edge cases, its
 * neighbours) plus a kindergarten without any rows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import supertest from 'supertest';
import { fillDemo } from '../../prisma/demo.ts';
import { systemScope } from '../../src/core/scope.ts';
import { schoolYearOf } from '../../src/domain/dates.ts';
import { cityFiguresOf, cityRows, storedStagesSql, type StoredStages } from '../../src/modules/city/index.ts';
import { createEvents, DASHBOARD } from '../../src/modules/index.ts';
import { keyIndicators } from '../../src/modules/monitoring/index.ts';
import { stageStates } from '../../src/modules/roadmap/index.ts';
import { traceQueries } from '../bench/profile.ts';
import { cityRowsOf } from '../helpers/city.ts';
import { loginAs, testApp, type Agent, type TestApp } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/database.ts';
import { addBankMentee, addBankMentor, createOrganization, createPairRow, createUser, uniq } from '../helpers/factories.ts';

const FIELDS = { id: true, slug: true, shortName: true, fullName: true, timeZone: true } as const;
const events = createEvents();

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
/** Figures at most 5 minutes old (the default), and computed at every view (0). */
let stored: TestApp;
let live: TestApp;
let city: Agent;
let cityLive: Agent;
let empty: { id: number };

before(async () => {
  fresh = await freshDatabase();
  await fillDemo(fresh.db, 'demo-password-city-1');
  empty = await createOrganization(fresh.db.prisma, { shortName: 'Пустой детский сад' });
  stored = testApp({ db: fresh.db, cityFiguresMaxAgeSeconds: 300 });
  live = testApp({ db: fresh.db, cityFiguresMaxAgeSeconds: 0 });
  const authority = await fresh.db.prisma.organization.create({ data: { slug: `uo-${uniq()}`, shortName: 'Управление образования', fullName: 'Управление образования', kind: 'AUTHORITY' } });
  const user = await createUser(fresh.db.prisma, authority.id, { role: 'CITY' });
  city = await loginAs(stored, user);
  cityLive = await loginAs(live, user);
});

after(async () => {
  await stored.close();
  await live.close();
  await fresh.drop();
});

const storedRows = () => fresh.db.prisma.cityFigures.findMany({ orderBy: { organizationId: 'asc' } });
const pairsFormedOf = async (agent: Agent, id: number) => cityRowsOf((await agent.get('/city')).text).get(id)!.indicators.pairsFormed!;

/** A formed pair in the kindergarten: its «pairs formed» grows by one. */
async function formPair(organizationId: number) {
  const mentor = await addBankMentor(fresh.db.prisma, organizationId, { status: 'ACTIVE', mentoringConsent: true });
  const mentee = await addBankMentee(fresh.db.prisma, organizationId, { status: 'PAIRED' });
  await createPairRow(fresh.db.prisma, organizationId, { status: 'ACTIVE', activatedAt: new Date(), mentors: [{ staffMemberId: mentor.staff.id, mentorEntryId: mentor.entry.id }], mentees: [{ staffMemberId: mentee.staff.id, menteeEntryId: mentee.entry.id }] });
}

/** What `run` sent to PostgreSQL: every statement, the figures' computations (their MATERIALIZED rows), the upserts. */
async function statementsOf<T>(run: () => PromiseLike<T>) {
  const trace = traceQueries();
  try {
    const result = await run();
    return {
      result,
      all: trace.records.length,
      computed: trace.records.filter((r) => r.text.includes('MATERIALIZED')).length,
      stored: trace.records.filter((r) => r.text.includes('INSERT INTO "CityFigures"')).length,
    };
  } finally {
    trace.stop();
  }
}

/** The rows' figures made older than the maximum age. */
const age = (seconds: number, organizationId?: number) =>
  fresh.db.prisma.cityFigures.updateMany({ where: organizationId ? { organizationId } : { organizationId: { gt: 0 } }, data: { computedAt: new Date(Date.now() - seconds * 1000) } });

describe('the city page’s stored figures', () => {
  test('missing rows are computed at the first view and stored: each the live rules’ row, its own dashboard’s states and monitoring’s counts', async () => {
    assert.equal((await storedRows()).length, 0);
    const res = await city.get('/city');
    assert.equal(res.status, 200);
    const shown = cityRowsOf(res.text);
    const organizations = await fresh.db.prisma.organization.findMany({ where: { kind: 'KINDERGARTEN' }, select: FIELDS, orderBy: { id: 'asc' } });
    assert.ok(organizations.length >= 3 && organizations.some((o) => o.id === empty.id), 'the demo’s kindergartens and the empty one');
    assert.deepEqual([...shown.keys()].sort((a, b) => a - b), organizations.map((o) => o.id));
    const rows = await storedRows();
    assert.deepEqual(rows.map((r) => r.organizationId), organizations.map((o) => o.id));

    const now = new Date();
    const expected = await cityRows(systemScope({ db: fresh.db, events }, organizations[0]!, { now }), organizations, { stages: DASHBOARD });
    for (const [i, organization] of organizations.entries()) {
      const row = rows[i]!;
      assert.deepEqual({ stages: row.stages, indicators: row.indicators }, { stages: expected[i]!.stages, indicators: expected[i]!.indicators }, `the live row of ${organization.shortName}`);
      const scope = systemScope({ db: fresh.db, events }, organization, { now });
      assert.deepEqual(shown.get(organization.id)!.stages, (await stageStates(scope, DASHBOARD)).map((s) => s.state), `its own dashboard’s states: ${organization.shortName}`);
      const k = await keyIndicators(scope, schoolYearOf(scope.today));
      assert.deepEqual(shown.get(organization.id)!.indicators, row.indicators, `shown as stored: ${organization.shortName}`);
      assert.equal((row.indicators as { pairsFormed: number }).pairsFormed, k.pairsFormed);
      assert.equal((row.indicators as { mentorsInEvents: number }).mentorsInEvents, k.mentorsInEvents);
    }
    assert.equal(shown.get(empty.id)!.indicators.pairsFormed, 0);
    // The page says when its figures were taken (the oldest of the page) and how often they are refreshed.
    const oldest = rows.reduce((a, r) => (r.computedAt < a ? r.computedAt : a), rows[0]!.computedAt);
    assert.match(res.text, new RegExp(`data-computed-at="${oldest.toISOString()}">Данные на [\\d.]+, \\d\\d:\\d\\d; обновляются раз в 5 минут\\.`));
    // Nobody's data on the list: no audit row (opening one kindergarten is audited: city.test.ts).
    assert.equal(await fresh.db.prisma.auditLog.count({ where: { action: { startsWith: 'city.' } } }), 0);
  });

  test('a change shows once the row is older than the maximum age — at once when the maximum age is 0', async () => {
    await city.get('/city');
    const was = await pairsFormedOf(city, empty.id);
    await formPair(empty.id);
    assert.equal(await pairsFormedOf(city, empty.id), was, 'younger than 5 minutes: the stored figures');
    await age(299, empty.id);
    assert.equal(await pairsFormedOf(city, empty.id), was, 'still younger than 5 minutes');
    await age(301, empty.id);
    assert.equal(await pairsFormedOf(city, empty.id), was + 1, 'older: computed anew');
    await formPair(empty.id);
    assert.equal(await pairsFormedOf(cityLive, empty.id), was + 2, 'maximum age 0: at every view');
    // A row of another day (the kindergarten's day has turned) is computed anew however young it is.
    await fresh.db.prisma.cityFigures.update({ where: { organizationId: empty.id }, data: { day: new Date('2020-01-01'), indicators: {} } });
    assert.equal(await pairsFormedOf(city, empty.id), was + 2);
  });

  test('a fresh page reads its stored rows only; concurrent views of a stale page compute it once', async () => {
    await city.get('/city');
    const read = await statementsOf(() => city.get('/city'));
    assert.deepEqual({ computed: read.computed, stored: read.stored }, { computed: 0, stored: 0 });
    assert.ok(read.all <= 5, `${read.all} statements: the session, the user, the bell, the page with its rows, the audit row`);
    await age(600);
    const twice = await statementsOf(() => Promise.all([city.get('/city'), city.get('/city')]));
    assert.deepEqual({ computed: twice.computed, stored: twice.stored }, { computed: 1, stored: 1 });
  });

  test('the public page shows the stored stages: the same states as /city, computed anew when stale, read in its one statement', async () => {
    const statesOf = (html: string) => [...html.matchAll(/class="public-stage public-stage--(\w+)">\s*<strong>[^<]+<\/strong> — <span class="status">([^<]+)</g)].map((m) => m[1]!);
    const organization = (await fresh.db.prisma.organization.findFirstOrThrow({ where: { id: { not: empty.id }, kind: 'KINDERGARTEN' }, select: FIELDS, orderBy: { id: 'asc' } }))!;
    const visit = async (app: TestApp) => {
      const { result: res, computed, all } = await statementsOf(() => supertest(app).get(`/p/${organization.slug}`));
      assert.equal(res.status, 200);
      return { states: statesOf(res.text), computed, statements: all };
    };
    // Stale: computed anew by the live rules (its own dashboard's states), stored, and /city shows the same row.
    await age(600, organization.id);
    const first = await visit(stored);
    const liveStates = (await stageStates(systemScope({ db: fresh.db, events }, organization), DASHBOARD)).map((s) => s.state);
    assert.deepEqual(first.states, liveStates);
    assert.equal(first.computed, 1);
    const row = await fresh.db.prisma.cityFigures.findUniqueOrThrow({ where: { organizationId: organization.id } });
    assert.ok(Date.now() - row.computedAt.getTime() < 60_000, 'stored anew');
    assert.deepEqual(cityRowsOf((await city.get('/city')).text).get(organization.id)!.stages, first.states);
    // Fresh: the stored row as it is (here made «all done»), two statements (the address, the page), nothing computed.
    await fresh.db.prisma.cityFigures.update({ where: { organizationId: organization.id }, data: { stages: (row.stages as { state: string }[]).map((s) => ({ ...s, state: 'done' })) } });
    const again = await visit(stored);
    assert.deepEqual({ states: again.states, computed: again.computed, statements: again.statements }, { states: liveStates.map(() => 'done'), computed: 0, statements: 2 });
    assert.deepEqual(cityRowsOf((await city.get('/city')).text).get(organization.id)!.stages, again.states);
    // Older than the maximum age: computed anew; at maximum age 0, at every view.
    await age(301, organization.id);
    assert.deepEqual((await visit(stored)).states, liveStates);
    assert.deepEqual(await visit(live), { states: liveStates, computed: 1, statements: 5 });
    // Concurrent views of a stale row compute it once.
    await age(600, organization.id);
    const concurrent = await statementsOf(() => Promise.all([supertest(stored).get(`/p/${organization.slug}`), supertest(stored).get(`/p/${organization.slug}`)]));
    assert.equal(concurrent.computed, 1);
  });

  test('a view that read a row stale after another view stored it anew takes the stored row: no second computation', async () => {
    // The race CI once hit: view B reads the stale row, view A's computation stores it and leaves the single flight,
    // then B asks for it. Here the store and the moments are driven one after another.
    const organization = await fresh.db.prisma.organization.findFirstOrThrow({ where: { id: { not: empty.id }, kind: 'KINDERGARTEN' }, select: FIELDS, orderBy: { id: 'desc' } });
    const store = cityFiguresOf({ cityFiguresMaxAgeSeconds: 300 }, { stages: DASHBOARD });
    const scope = () => systemScope({ db: fresh.db, events }, organization);
    await store.stagesOf(scope(), null);
    await age(600, organization.id);
    const [readByB] = await fresh.db.prisma.$queryRaw<{ stored: StoredStages }[]>`SELECT ${storedStagesSql(organization.id)} AS stored`;
    await store.stagesOf(scope(), readByB!.stored);
    const storedByA = await fresh.db.prisma.cityFigures.update({ where: { organizationId: organization.id }, data: { stages: (readByB!.stored.stages).map((s) => ({ ...s, state: 'done' })) } });
    const { result: stages, computed } = await statementsOf(() => store.stagesOf(scope(), readByB!.stored));
    assert.deepEqual({ stages, computed }, { stages: storedByA.stages, computed: 0 });
    // Stale again: computed anew, as before.
    await age(600, organization.id);
    const [readAgain] = await fresh.db.prisma.$queryRaw<{ stored: StoredStages }[]>`SELECT ${storedStagesSql(organization.id)} AS stored`;
    assert.equal((await statementsOf(() => store.stagesOf(scope(), readAgain!.stored))).computed, 1);
  });

  test('a deleted kindergarten leaves no row', async () => {
    const gone = await createOrganization(fresh.db.prisma, { shortName: 'Закрытый детский сад' });
    assert.ok(cityRowsOf((await city.get('/city')).text).has(gone.id));
    assert.equal(await fresh.db.prisma.cityFigures.count({ where: { organizationId: gone.id } }), 1);
    await fresh.db.prisma.organization.delete({ where: { id: gone.id } });
    assert.equal(await fresh.db.prisma.cityFigures.count({ where: { organizationId: gone.id } }), 0);
  });
});
