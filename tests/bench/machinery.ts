/**
 * `npm run bench:machinery`: what each optional layer of the portal's request machinery costs per request,
 * in CPU time, measured on a shared machine where wall-clock latencies are noise.
 *
 * One process, one throwaway database with one kindergarten; the real app (createApp, production mode) is built
 * once per variant, and a variant is the same app with one middleware layer taken off its stack (the request
 * logger, the request context, helmet) — no switch in the portal's code. The variants take turns, ROUNDS times,
 * each sending REQUESTS sequential requests to the same signed-in page over one keep-alive connection; the CPU
 * time of this process (the portal and the client alike, the client's share the same in every variant) per
 * request is compared with the full app's, round by round, so a change of the machine's load hits all alike.
 *
 * Then a CPU profile of the full app under the same sequential requests: self time by area and the top functions;
 * and where it allocates (garbage included): bytes per request by area and by function.
 *
 * Environment: MACHINERY_ROUNDS (default 5), MACHINERY_REQUESTS (default 300), MACHINERY_PATH (default /users),
 * MACHINERY_ROLE (who signs in: admin — the default —, head, methodist or teacher; /orders wants a methodist).
 * A /matching… path gets a small bank first, of the size of the benchmark's organization #1 (5 mentor entries,
 * 10 mentee entries on 6 topics); `:mentee` in it (/matching/mentees/:mentee) becomes its first mentee entry.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../src/app.ts';
import { createHttpServer } from '../../src/core/http-server.ts';
import { createDatabase, dropDatabase } from '../../src/core/database/admin.ts';
import { connectDatabase } from '../../src/core/database/client.ts';
import { startEmbeddedPostgres } from '../../src/core/database/embedded.ts';
import { migrateDeploy } from '../../src/core/database/migrate.ts';
import { withDatabase } from '../../src/core/database/urls.ts';
import { createLogger } from '../../src/core/logger.ts';
import { addBankMentee, addBankMentor, createOrganizationWithStaff, TEST_PASSWORD } from '../helpers/factories.ts';
import { freePort } from '../helpers/net.ts';
import { allocationProfile, cpuProfile } from './profile.ts';

const ROUNDS = Number(process.env.MACHINERY_ROUNDS ?? 5);
const REQUESTS = Number(process.env.MACHINERY_REQUESTS ?? 300);
let PAGE = process.env.MACHINERY_PATH ?? '/users';
const ROLE = (process.env.MACHINERY_ROLE ?? 'admin') as 'admin' | 'head' | 'methodist' | 'teacher';

/** Layers of the app's stack by the name Express gives them (the middleware function's name). */
const VARIANTS: { name: string; without: string[] }[] = [
  { name: 'full app', without: [] },
  { name: 'without the request logger', without: ['requestLogger'] },
  { name: 'without the request context (AsyncLocalStorage)', without: ['requestContext'] },
  { name: 'without helmet', without: ['helmetMiddleware'] },
];

function listen(app: Express): Promise<{ port: number; server: http.Server }> {
  const server = createHttpServer(app); // as `npm start` serves the portal
  server.keepAliveTimeout = 10 * 60_000; // the client's one connection waits while the other variants run
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as net.AddressInfo).port, server })));
}

function request(agent: http.Agent, port: number, pathname: string, headers: Record<string, string>): Promise<{ status: number; body: string; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: '127.0.0.1', port, path: pathname, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A bank like the benchmark's organization #1: mentors available, without the mentoring consent, a candidate;
 * mentees with one to three of six topics. Returns the first mentee entry's id.
 */
async function seedBank(prisma: Parameters<typeof createOrganizationWithStaff>[0], organizationId: number): Promise<number> {
  const topics: { id: number }[] = [];
  for (let i = 0; i < 6; i++) topics.push(await prisma.topic.create({ data: { organizationId, name: `Тема ${i + 1}`, sortOrder: i } }));
  const ids = (...at: number[]) => at.map((i) => topics[i]!.id);
  await addBankMentor(prisma, organizationId, { topicIds: ids(0, 1, 2), mentoringConsent: true });
  await addBankMentor(prisma, organizationId, { topicIds: ids(2, 3), mentoringConsent: true, staff: { position: 'старший воспитатель' } });
  await addBankMentor(prisma, organizationId, { topicIds: ids(0, 4) });
  await addBankMentor(prisma, organizationId, { topicIds: ids(1, 5), mentoringConsent: true, maxMentees: 1, status: 'ACTIVE' });
  await addBankMentor(prisma, organizationId, { topicIds: ids(3), status: 'CANDIDATE' });
  let first: number | undefined;
  for (let i = 0; i < 10; i++) {
    const { entry } = await addBankMentee(prisma, organizationId, { topicIds: ids(i % 6, ...(i % 3 ? [(i + 2) % 6] : [])), status: i % 2 ? 'IN_BANK' : 'NEW' });
    first ??= entry.id;
  }
  return first!;
}

async function main() {
  console.log(`# request machinery, CPU per request: Node ${process.version}, ${os.cpus().length} CPU, load average ${os.loadavg()[0]!.toFixed(1)}`);
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-machinery-'));
  fs.chmodSync(tempDir, 0o755);
  const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dir: path.join(tempDir, 'pg'), port: await freePort() });
  const serverUrl = process.env.DATABASE_URL ?? embedded!.serverUrl;
  const dbName = `nastavnik_machinery_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  await createDatabase(serverUrl, dbName);
  const url = withDatabase(serverUrl, dbName);
  const db = connectDatabase(url);
  const closers: (() => Promise<unknown> | unknown)[] = [];
  try {
    await migrateDeploy(url);
    const staff = await createOrganizationWithStaff(db.prisma);
    if (PAGE.startsWith('/matching')) PAGE = PAGE.replace(':mentee', String(await seedBank(db.prisma, staff.organization.id)));
    const user = staff[ROLE];
    if (!user) throw new Error(`MACHINERY_ROLE: no «${ROLE}» (admin, head, methodist or teacher)`);
    const sessionSecret = crypto.randomBytes(32).toString('hex');
    const apps: { name: string; port: number; agent: http.Agent; cookie: string; cpuMs: number[] }[] = [];
    for (const variant of VARIANTS) {
      const app = createApp({
        config: { NODE_ENV: 'production', SESSION_IDLE_MINUTES: 60, trustProxy: false, sessionSecret, uploadsDir: tempDir },
        db,
        logger: createLogger('silent'),
        setupToken: 'x',
        loginThrottle: { prefix: `machinery:${crypto.randomBytes(3).toString('hex')}`, perIp: 100_000, perLogin: 1000 },
      });
      const stack = (app as unknown as { router: { stack: { name: string }[] } }).router.stack;
      for (const name of variant.without) {
        const index = stack.findIndex((layer) => layer.name === name);
        if (index < 0) throw new Error(`no layer «${name}» on the app's stack: ${stack.map((l) => l.name).join(', ')}`);
        stack.splice(index, 1);
      }
      const { port, server } = await listen(app);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      closers.push(() => app.close(), () => new Promise((r) => server.close(r)), () => server.closeAllConnections(), () => agent.destroy());
      // Sign in through the form, as the benchmark does.
      const loginPage = await request(agent, port, '/login', {});
      const token = /name="_csrf" value="([^"]+)"/.exec(loginPage.body)![1]!;
      const cookie = await new Promise<string>((resolve, reject) => {
        const body = new URLSearchParams({ username: user.login, password: TEST_PASSWORD, _csrf: token }).toString();
        const req = http.request(
          { agent, host: '127.0.0.1', port, path: '/login', method: 'POST', headers: { cookie: loginPage.cookies.join('; '), 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
          (res) => {
            res.resume();
            const sid = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).find((c) => c.startsWith('nastavnik.sid='));
            res.on('end', () => (sid ? resolve(sid) : reject(new Error(`login: ${res.statusCode}`))));
          },
        );
        req.end(body);
      });
      const check = await request(agent, port, PAGE, { cookie });
      if (check.status !== 200) throw new Error(`${variant.name}: ${PAGE} answered ${check.status}`);
      apps.push({ name: variant.name, port, agent, cookie, cpuMs: [] });
    }
    const full = apps[0]!;
    for (let round = 0; round <= ROUNDS; round++) {
      // Each round starts with another variant: the first one after a switch pays for the others' garbage.
      for (const app of [...apps.slice(round % apps.length), ...apps.slice(0, round % apps.length)]) {
        const cpu = process.cpuUsage();
        for (let i = 0; i < REQUESTS; i++) await request(app.agent, app.port, PAGE, { cookie: app.cookie });
        const used = process.cpuUsage(cpu);
        // Round 0 warms the JIT up and is not counted.
        if (round > 0) app.cpuMs.push((used.user + used.system) / 1000 / REQUESTS);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(`\n${PAGE}, ${REQUESTS} sequential requests × ${ROUNDS} rounds per variant, load average now ${os.loadavg()[0]!.toFixed(1)}`);
    for (const app of apps) {
      const saved = app.cpuMs.map((v, i) => full.cpuMs[i]! - v);
      console.log(
        `${app.name.padEnd(50)} CPU ${median(app.cpuMs).toFixed(3)} ms/request` +
          (app === full ? '' : `; the layer costs ${median(saved).toFixed(3)} ms/request (median of the rounds' differences)`),
      );
    }
    const profile = await cpuProfile(async () => {
      for (let i = 0; i < REQUESTS; i++) await request(full.agent, full.port, PAGE, { cookie: full.cookie });
    });
    console.log(`\nCPU profile of the full app, ${REQUESTS} requests: busy ${(profile.busyMs / REQUESTS).toFixed(2)} ms/request (client included)`);
    console.log('  by area: ' + profile.byArea.map((a) => `${a.area} ${(a.share * 100).toFixed(0)}%`).join(', '));
    for (const f of profile.topFunctions) console.log(`    ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.name}`);
    const allocations = await allocationProfile(async () => {
      for (let i = 0; i < REQUESTS; i++) await request(full.agent, full.port, PAGE, { cookie: full.cookie });
    });
    console.log(`\nAllocations of the full app (garbage included, sampled), ${REQUESTS} requests: ${(allocations.totalBytes / REQUESTS / 1024).toFixed(0)} KB/request (client included)`);
    console.log('  by area: ' + allocations.byArea.map((a) => `${a.area} ${(a.share * 100).toFixed(0)}%`).join(', '));
    for (const f of allocations.topFunctions) console.log(`    ${(f.share * 100).toFixed(1).padStart(5)}%  ${(f.bytes / REQUESTS).toFixed(0).padStart(6)} B/request  ${f.name}`);
  } finally {
    for (const close of closers.reverse()) await Promise.resolve().then(close).catch(() => {});
    await db.close();
    await dropDatabase(serverUrl, dbName).catch(() => {});
    await embedded?.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
