/**
 * Several portal processes, one database (issue 13): two compiled portal processes (`node dist/src/server.js`, as
 * the systemd unit runs them) on one PostgreSQL and one shared DATA_DIR, without nginx in between (nginx is
 * tests/integration/deploy.test.ts). What they must share, they share:
 *
 * - a session made on one is valid on the other (the session store is the database), CSRF token included;
 * - failed logins are counted across both (the rate-limit store is the database);
 * - orders approved at once through both get the numbers 1..N without a gap or a duplicate;
 * - a background job runs once although both processes run a job worker;
 * - a file uploaded through one is served by the other (DATA_DIR/uploads on a shared directory).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { todayIn } from '../../src/domain/dates.ts';
import { migrateJobs } from '../../src/core/jobs/queue.ts';
import { systemScope } from '../../src/core/scope.ts';
import { createEvents } from '../../src/modules/index.ts';
import { notifyUsers } from '../../src/modules/notifications/index.ts';
import { freshDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createTeacher, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import { freePort } from '../helpers/net.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

interface Reply {
  status: number;
  location: string | null;
  text: string;
  body: Buffer;
  contentType: string | null;
}

/**
 * A browser of one person: one cookie jar whichever process it talks to (as behind nginx, where both are one
 * site), the CSRF token of the last form page.
 */
class Browser {
  readonly cookies = new Map<string, string>();
  csrf = '';

  async request(base: string, pathname: string, options: { method?: string; form?: Record<string, string | string[]>; multipart?: FormData } = {}): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | FormData | undefined;
    if (options.form) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(options.form)) for (const v of [value].flat()) params.append(key, v);
      body = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (options.multipart) {
      body = options.multipart;
    }
    const res = await fetch(base + pathname, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, location: res.headers.get('location'), text, body: bytes, contentType: res.headers.get('content-type') };
  }

  /** The login form of `base`, then its POST; resolves with the POST's reply (303 on success). */
  async login(base: string, login: string, password = TEST_PASSWORD): Promise<Reply> {
    await this.request(base, '/login');
    return this.request(base, '/login', { form: { username: login, password, _csrf: this.csrf } });
  }
}

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let sink: SmtpSink;
let dataDir: string;
let servers: ServerProcess[] = [];
let bases: [string, string];

before(async () => {
  fresh = await freshDatabase();
  sink = await startSmtpSink();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-multi-'));
  const ports = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    NODE_OPTIONS: '',
    DATABASE_URL: fresh.url,
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
    SMTP_URL: sink.url,
    PUBLIC_URL: 'https://nastavnik.test',
    BACKUP_AT: 'off',
    LOG_LEVEL: 'info',
  };
  // Both at once on a database whose job queue has no schema yet, as systemd starts a city's instances.
  servers = ports.map((port) => startServer({ ...env, PORT: String(port) }, 'compiled'));
  await Promise.all(servers.map((server) => server.waitFor(/Портал «Наставник» запущен/, 120_000)));
  await Promise.all(servers.map((server) => server.waitFor(/очередь заданий запущена/, 120_000)));
  bases = ports.map((port) => `http://127.0.0.1:${port}`) as [string, string];
}, { timeout: 300_000 });

after(async () => {
  await Promise.all(
    servers.map(async (server) => {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
      await server.exited;
    }),
  );
  await sink?.close();
  await fresh?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('two portal processes on one PostgreSQL', { timeout: 300_000 }, () => {
  test('processes starting at once prepare a new database one at a time (the job queue’s schema included)', async () => {
    // PostgreSQL's CREATE SCHEMA IF NOT EXISTS fails for the second of two concurrent twins; the start-up lock
    // (core/database/admin.ts withStartupLock) makes them wait for each other. Several fresh databases, since the
    // race is a matter of timing.
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    for (let round = 0; round < 4; round++) {
      const scratch = await freshDatabase();
      try {
        await Promise.all([migrateJobs(scratch.url, quiet), migrateJobs(scratch.url, quiet), migrateJobs(scratch.url, quiet)]);
        const [row] = await scratch.db.prisma.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM graphile_worker.migrations');
        assert.ok(row!.n > 0, 'the queue’s migrations ran');
      } finally {
        await scratch.drop();
      }
    }
  });

  test('a session made on one process is valid on the other, its CSRF token too', async () => {
    const org = await createOrganizationWithStaff(fresh.db.prisma);
    const [a, b] = bases;
    const browser = new Browser();
    assert.equal((await browser.login(a, org.methodist.login)).status, 303);
    const page = await browser.request(b, '/profile/password');
    assert.equal(page.status, 200, 'B knows the session made on A');
    assert.ok(page.text.includes(org.methodist.fullName));
    // The token B printed belongs to the session: A accepts it in a POST (logging out), after which B has no session either.
    const out = await browser.request(a, '/logout', { form: { _csrf: browser.csrf } });
    assert.equal(out.status, 303);
    const gone = await browser.request(b, '/profile/password');
    assert.equal(gone.status, 303);
    assert.match(gone.location ?? '', /\/login/);
  });

  test('failed logins are counted across both processes', async () => {
    const org = await createOrganizationWithStaff(fresh.db.prisma);
    const user = await createUser(fresh.db.prisma, org.organization.id, { role: 'METHODIST' });
    const [a, b] = bases;
    // Five failures allowed per login within the window (core/throttle.ts): three on A, two on B.
    for (const base of [a, b, a, b, a]) {
      const failed = await new Browser().login(base, user.login, 'неверный-пароль');
      assert.notEqual(failed.status, 303);
      assert.notEqual(failed.status, 429, `failure on ${base} is not blocked yet`);
    }
    // The sixth try — with the right password, on B, which saw only two — is blocked.
    const blocked = await new Browser().login(b, user.login);
    assert.equal(blocked.status, 429);
    assert.match(blocked.text, /Слишком много/i);
    const blockedOnA = await new Browser().login(a, user.login);
    assert.equal(blockedOnA.status, 429);
  });

  test('orders approved at once through both processes get the numbers 1..N, no gap, no duplicate', async () => {
    const org = await createOrganizationWithStaff(fresh.db.prisma);
    await fresh.db.prisma.organization.update({ where: { id: org.organization.id }, data: { address: '248000, г. Калуга, ул. Ленина, д. 1', headPosition: 'Заведующий' } });
    const N = 24;
    const orders = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        fresh.db.prisma.order.create({
          data: { organizationId: org.organization.id, kind: 'REGULATION', status: 'SUBMITTED', title: `Приказ ${i + 1}`, points: ['Утвердить Положение.'], appendices: [], submittedAt: new Date(), authorId: org.methodist.id },
        }),
      ),
    );
    // The head signed in once per process (two tabs behind nginx would share one session; two sessions make it harder).
    const heads = [new Browser(), new Browser()];
    for (const [i, browser] of heads.entries()) {
      assert.equal((await browser.login(bases[i as 0 | 1], org.head.login)).status, 303);
      await browser.request(bases[i as 0 | 1], '/profile/password');
    }
    const replies = await Promise.all(orders.map((order, i) => heads[i % 2]!.request(bases[i % 2 as 0 | 1], `/orders/${order.id}/approve`, { form: { _csrf: heads[i % 2]!.csrf } })));
    assert.deepEqual(
      replies.map((r) => r.status),
      orders.map(() => 303),
    );
    const rows = await fresh.db.prisma.order.findMany({ where: { organizationId: org.organization.id }, select: { number: true, numberText: true, status: true } });
    assert.ok(rows.every((r) => r.status === 'APPROVED'));
    assert.deepEqual(
      rows.map((r) => r.number).sort((x, y) => x! - y!),
      Array.from({ length: N }, (_, i) => i + 1),
    );
    assert.equal(new Set(rows.map((r) => r.numberText)).size, N);
  });

  test('a background job runs once although both processes run a worker', async () => {
    const org = await createOrganizationWithStaff(fresh.db.prisma);
    const teachers = [];
    for (let i = 0; i < 12; i++) teachers.push(await createTeacher(fresh.db.prisma, org.organization.id, { email: `teacher${i}@ds50.test` }));
    const before = sink.delivered.length;
    const completedBefore = servers.map((s) => (s.output().match(/Completed task/g) ?? []).length);
    // What an event subscriber does with mail on: the notifications and one mail job each, in one transaction.
    const scope = systemScope({ db: fresh.db, events: createEvents({ mailEnabled: true }) }, org.organization);
    await notifyUsers(scope, { mailEnabled: true }, teachers.map((t) => t.user.id), { kind: 'ORDER_TO_APPROVE', title: 'Одно письмо каждому', text: 'Проверка.', link: '/orders' });
    await sink.waitForDelivered(before + 12, 60_000);
    // Nothing more comes: no job ran twice.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const mails = sink.delivered.slice(before);
    assert.equal(mails.length, 12);
    const recipients = mails.map((m) => (m.to && 'text' in m.to ? m.to.text : ''));
    assert.deepEqual(recipients.sort(), teachers.map((_, i) => `teacher${i}@ds50.test`).sort());
    const { rows } = await fresh.db.pool.query('SELECT count(*)::int AS left FROM graphile_worker.jobs');
    assert.equal(rows[0].left, 0);
    // Each completion is logged by the process that ran it: twelve among both, each job once.
    const completions = servers.map((s, i) => [...s.output().matchAll(/Completed task (\d+) \(notifications:/g)].slice(completedBefore[i]).map((m) => m[1]));
    const all = completions.flat();
    assert.equal(all.length, 12, `completions per process: ${completions.map((c) => c.length).join(' + ')}`);
    assert.equal(new Set(all).size, 12);
  });

  test('a file uploaded through one process is served by the other', async () => {
    const org = await createOrganizationWithStaff(fresh.db.prisma);
    const teacher = await createTeacher(fresh.db.prisma, org.organization.id);
    const [a, b] = bases;
    const browser = new Browser();
    assert.equal((await browser.login(a, org.methodist.login)).status, 303);
    await browser.request(a, '/consents/new');
    const scan = Buffer.from(`%PDF-1.4\n% ${crypto.randomUUID()}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);
    const form = new FormData();
    form.set('staffMemberId', String(teacher.staff.id));
    form.set('kind', 'PERSONAL_DATA');
    form.set('signedOn', todayIn('Europe/Moscow'));
    form.set('file', new Blob([scan], { type: 'application/pdf' }), 'scan.pdf');
    const uploaded = await browser.request(a, `/consents?_csrf=${encodeURIComponent(browser.csrf)}`, { multipart: form });
    assert.equal(uploaded.status, 303, uploaded.text.slice(0, 2000));
    const consentPath = uploaded.location!;
    const served = await browser.request(b, `${consentPath}/scan`);
    assert.equal(served.status, 200);
    assert.equal(served.contentType, 'application/pdf');
    assert.deepEqual(served.body, scan);
  });
});
