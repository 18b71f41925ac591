/**
 * Faults inside one request stay inside that request: a stored file that is gone or changes while it is
 * sent, a query that fails or loses its connection, a view that throws — each answers a Russian page (or
 * an aborted download once bytes are out), is logged with the request id, and the next request is served.
 * A database outage answers 503 with Retry-After, and the portal recovers when the database is back.
 * Signed-in responses are never cached.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import supertest from 'supertest';
import { anonymousAgent, appWithMemoryLog, loginAs, testApp, TEST_UPLOADS_DIR, type Agent } from '../helpers/app.ts';
import { sharedDatabase, testDatabaseUrl } from '../helpers/database.ts';
import { createOrganizationWithStaff, createTeacher, recordConsent, TEST_PASSWORD, PERSONAL_DATA_DETAILS } from '../helpers/factories.ts';
import { connectDatabase } from '../../src/core/database/client.ts';
import { notFoundHandler } from '../../src/core/error-handler.ts';
import { removeOrphanUploads } from '../../src/core/uploads.ts';

const { prisma, pool } = sharedDatabase();

const WARN = 40;
const ERROR = 50;

type Org = Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let org: Org;
const { app, loggedFor } = appWithMemoryLog();
let methodist: Agent;

before(async () => {
  org = await createOrganizationWithStaff(prisma);
  methodist = await loginAs(app, org.methodist);
});
after(async () => {
  await app.close();
  await sharedDatabase().close();
});

/** A signed paper consent whose scan is `content`, written where the portal keeps uploads. */
async function consentWithScan(organizationId: number, content: Buffer) {
  const teacher = await createTeacher(prisma, organizationId);
  const storagePath = path.join(String(organizationId), `${crypto.randomUUID()}.pdf`);
  const absolute = path.join(TEST_UPLOADS_DIR, storagePath);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  fs.writeFileSync(absolute, content);
  const file = await prisma.attachment.create({
    data: {
      organizationId,
      purpose: 'CONSENT_SCAN',
      originalName: 'скан.pdf',
      mimeType: 'application/pdf',
      size: content.length,
      sha256: crypto.createHash('sha256').update(content).digest('hex'),
      storagePath,
    },
  });
  const consent = await recordConsent(prisma, organizationId, teacher.staff.id);
  await prisma.consent.update({ where: { id: consent.id }, data: { method: 'PAPER_SCAN', scanFileId: file.id } });
  await prisma.attachment.update({ where: { id: file.id }, data: { ownerId: consent.id } });
  return { consent, absolute, teacher };
}

/** The portal still serves pages and downloads after the failure. */
async function assertStillServing(agent: Agent) {
  assert.equal((await supertest(app).get('/health')).status, 200, '/health answers');
  const page = await agent.get('/consents');
  assert.equal(page.status, 200, 'the next page is served');
  assert.match(page.text, /Согласия/);
}

function requestId() {
  return `req-${crypto.randomBytes(6).toString('hex')}`;
}

describe('one request cannot take the portal down', () => {
  test('a scan whose file is gone → Russian 404 page (no download headers); the portal goes on', async () => {
    const { consent, absolute } = await consentWithScan(org.organization.id, Buffer.from('%PDF-1.4 test scan'));
    fs.rmSync(absolute);
    const id = requestId();
    const res = await methodist.get(`/consents/${consent.id}/scan`).set('X-Request-Id', id);
    assert.equal(res.status, 404);
    assert.ok(loggedFor(id).some((l) => l.level >= WARN && /stored file is missing/.test(l.msg)), 'the lost file is logged with the request id');
    assert.match(String(res.headers['content-type']), /text\/html/);
    assert.equal(res.headers['content-disposition'], undefined, 'no download was started');
    assert.match(res.text, /<html lang="ru">/);
    assert.match(res.text, /Файл не найден/);
    // A path that is a directory, not a file (a botched restore), is the same 404, not a crash.
    fs.mkdirSync(absolute);
    assert.equal((await methodist.get(`/consents/${consent.id}/scan`)).status, 404);
    fs.rmdirSync(absolute);
    await assertStillServing(methodist);
  });

  test('a scan that shrinks while it is sent → the download is aborted, not passed off as complete; logged with the request id', async () => {
    const size = 48 * 1024 * 1024; // far more than the socket buffers hold, so the file is still being read
    const { consent, absolute } = await consentWithScan(org.organization.id, Buffer.alloc(size, 0x25));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const cookie = ([] as string[]).concat((await methodist.get('/')).request.cookies ?? '').join('');
    const id = requestId();
    try {
      const outcome = await new Promise<{ status: number; length: number; received: number; complete: boolean }>((resolve, reject) => {
        const request = http.get(
          { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, path: `/consents/${consent.id}/scan`, headers: { cookie, 'x-request-id': id } },
          (res) => {
            let received = 0;
            let truncated = false;
            res.on('data', (chunk: Buffer) => {
              received += chunk.length;
              if (truncated) return;
              truncated = true;
              // The first bytes are here: the file now loses its content under the running download.
              res.pause();
              fs.truncateSync(absolute, 0);
              setTimeout(() => res.resume(), 50);
            });
            res.on('error', () => {}); // "aborted": expected
            res.on('close', () => resolve({ status: res.statusCode ?? 0, length: Number(res.headers['content-length']), received, complete: res.complete }));
          },
        );
        request.on('error', reject);
      });
      assert.equal(outcome.status, 200, 'the download had started');
      assert.equal(outcome.length, size, 'with the announced size');
      assert.ok(outcome.received < size, `only part arrived (${outcome.received} of ${size})`);
      assert.equal(outcome.complete, false, 'the client sees an aborted transfer, not a finished file');
      // The server notices the short read after the client has seen the connection close: wait for its log line.
      let logged = loggedFor(id).find((l) => l.level >= ERROR);
      for (let waited = 0; !logged && waited < 10_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        logged = loggedFor(id).find((l) => l.level >= ERROR);
      }
      assert.ok(logged, 'the failure is logged with the request id');
      assert.match(String(logged.err?.message), /shrank/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    await assertStillServing(methodist);
  });

  /**
   * The teacher's acceptance locks her staff row; the test holds that lock, so the request's transaction
   * waits in PostgreSQL — where the test then cancels the query or kills the connection.
   */
  async function failAcceptanceMidway(fail: 'pg_cancel_backend' | 'pg_terminate_backend') {
    const { staff, user } = await createTeacher(prisma, org.organization.id);
    const teacher = await loginAs(app, user);
    const page = await teacher.get('/consents/accept/personal-data');
    const textSha256 = /name="textSha256" value="([0-9a-f]{64})"/.exec(page.text)?.[1];
    assert.ok(textSha256);
    const locker = await pool.connect();
    const id = requestId();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM "StaffMember" WHERE id = $1 FOR UPDATE', [staff.id]);
      const lockHolder = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const response = Promise.resolve(
        teacher.post('/consents/accept/personal-data').set('X-Request-Id', id).type('form').send({ _csrf: teacher.csrf, textSha256, agree: 'on', ...PERSONAL_DATA_DETAILS }),
      );
      const waiting = await waitForBlockedBackend(lockHolder);
      await pool.query(`SELECT ${fail}($1)`, [waiting]);
      await locker.query('ROLLBACK');
      const res = await response;
      assert.equal(await prisma.consent.count({ where: { staffMemberId: staff.id } }), 0, 'nothing was written');
      return { res, id, teacher };
    } finally {
      await locker.query('ROLLBACK').catch(() => {});
      locker.release();
    }
  }

  async function waitForBlockedBackend(lockHolder: number): Promise<number> {
    for (let i = 0; i < 200; i++) {
      const { rows } = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [lockHolder]);
      if (rows[0]) return rows[0].pid;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the request never reached the locked row');
  }

  test('a query that fails mid-request → Russian 500 page with the request id, logged; the next request is served', async () => {
    const { res, id, teacher } = await failAcceptanceMidway('pg_cancel_backend');
    assert.equal(res.status, 500);
    assert.match(res.text, /Внутренняя ошибка/);
    assert.match(res.text, new RegExp(id));
    assert.doesNotMatch(res.text, /canceling statement|57014|\sat /, 'no internals shown');
    assert.ok(loggedFor(id).some((l) => l.level >= ERROR && /canceling statement/.test(String(l.err?.message))), 'logged with the request id');
    assert.equal((await teacher.get('/')).status, 200, 'the same user goes on working');
    await assertStillServing(methodist);
  });

  test('a connection killed mid-request → 503 «временно недоступен» page; the pool reconnects for the next request', async () => {
    const { res, id, teacher } = await failAcceptanceMidway('pg_terminate_backend');
    assert.equal(res.status, 503);
    assert.equal(res.headers['retry-after'], '30');
    assert.match(res.text, /Портал временно недоступен/);
    assert.match(res.text, new RegExp(id));
    assert.ok(loggedFor(id).some((l) => l.level >= WARN && l.msg === 'database unavailable'), 'logged with the request id');
    assert.equal((await teacher.get('/')).status, 200, 'the next request gets a fresh connection');
    await assertStillServing(methodist);
  });

  test('a view that throws while rendering → Russian 500 page and none of the broken page; the next request is served', async () => {
    const views = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-views-'));
    const broken = path.join(views, 'broken.ejs');
    fs.writeFileSync(broken, '<p>начало страницы</p>\n<p><%= order.number %></p>\n');
    // A route of this test placed before the 404 handler, rendering the broken view with the app's own machinery.
    app.get('/test-broken-view', (_req, res) => res.render(broken, { title: 'Проверка' }));
    const stack = (app as unknown as { router: { stack: { handle: unknown }[] } }).router.stack;
    stack.splice(stack.findIndex((layer) => layer.handle === notFoundHandler), 0, stack.pop()!);
    try {
      const id = requestId();
      const res = await methodist.get('/test-broken-view').set('X-Request-Id', id);
      assert.equal(res.status, 500);
      assert.match(res.text, /Внутренняя ошибка/);
      assert.doesNotMatch(res.text, /начало страницы/, 'nothing of the failed view was sent');
      // The page's names are read from its locals (core/views.ts): a name it lacks is undefined, and reading into it throws.
      assert.doesNotMatch(res.text, /reading 'number'/);
      assert.ok(loggedFor(id).some((l) => l.level >= ERROR && /reading 'number'/.test(String(l.err?.message)) && /broken\.ejs:2/.test(String(l.err?.message))));
    } finally {
      fs.rmSync(views, { recursive: true, force: true });
    }
    await assertStillServing(methodist);
  });
});

/**
 * A TCP relay between the app and the test PostgreSQL that the test can cut and restore: while cut,
 * new connections are refused and open ones are dropped — what the portal sees when its database dies.
 */
async function databaseRelay(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const port = (relay.address() as net.AddressInfo).port;
  return {
    port,
    async cut() {
      await new Promise<void>((resolve) => {
        relay.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
    async restore() {
      await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      if (relay.listening) await new Promise((resolve) => relay.close(resolve));
    },
  };
}

describe('database outage', () => {
  test('pages, POST /login and /health answer 503 with Retry-After and a Russian page; all work again when the database is back', async () => {
    const target = new URL(testDatabaseUrl());
    const relay = await databaseRelay({ host: target.hostname, port: Number(target.port) });
    const viaRelay = new URL(target);
    viaRelay.hostname = '127.0.0.1';
    viaRelay.port = String(relay.port);
    viaRelay.searchParams.delete('host'); // the embedded server's Unix socket would bypass the relay
    const db = connectDatabase(viaRelay.toString(), { max: 3 });
    const outage = testApp({ db });
    try {
      const signedIn = await loginAs(outage, org.methodist);
      const visitor = await anonymousAgent(outage); // the login form was served while the database was up
      assert.equal((await signedIn.get('/staff')).status, 200);

      await relay.cut();
      for (const [what, res] of [
        ['a signed-in page', await signedIn.get('/staff')],
        ['the dashboard', await signedIn.get('/')],
        ['POST /login', await visitor.post('/login').type('form').send({ _csrf: visitor.csrf, username: org.teacher.login, password: TEST_PASSWORD })],
        ['a signed-in POST', await signedIn.post('/profile').type('form').send({ _csrf: signedIn.csrf, fullName: 'Новое Имя' })],
      ] as const) {
        assert.equal(res.status, 503, what);
        assert.equal(res.headers['retry-after'], '30', what);
        assert.match(res.headers['cache-control'] ?? '', /no-store/, what);
        assert.match(res.text, /<html lang="ru">/, what);
        assert.match(res.text, /Портал временно недоступен/, what);
        assert.doesNotMatch(res.text, /Выйти|ECONNREFUSED|P1001/, `${what}: no menu that would need the database, no internals`);
      }
      const health = await supertest(outage).get('/health');
      assert.equal(health.status, 503);
      assert.equal(health.body.database, 'unreachable');

      await relay.restore();
      assert.equal((await supertest(outage).get('/health')).status, 200, 'recovers without a restart');
      const page = await signedIn.get('/staff');
      assert.equal(page.status, 200, 'the session survived the outage');
      const login = await visitor.post('/login').type('form').send({ _csrf: visitor.csrf, username: org.teacher.login, password: TEST_PASSWORD });
      assert.equal(login.status, 303, 'the same login form works now');
    } finally {
      await outage.close();
      await db.close(3_000);
      await relay.close();
    }
  });

  test('a database that does not answer at all (not refusing) → 503 once the connection wait runs out, not a hung request', { timeout: 90_000 }, async () => {
    // A listener that accepts connections and never says a word: a hung server or a dropped network.
    const held = new Set<net.Socket>();
    const silent = net.createServer((socket) => held.add(socket.on('error', () => {})));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = new URL(testDatabaseUrl());
    url.hostname = '127.0.0.1';
    url.port = String((silent.address() as net.AddressInfo).port);
    url.searchParams.delete('host'); // TCP to the silent listener, not the embedded server's Unix socket
    const db = connectDatabase(url.toString(), { max: 2 });
    const hung = testApp({ db });
    try {
      const started = Date.now();
      const page = await supertest(hung).get('/login');
      assert.equal(page.status, 503, 'first-run check needs the database: 503, not a request that never ends');
      assert.match(page.text, /Портал временно недоступен/);
      assert.ok(Date.now() - started < 30_000, 'answered once the 15 s wait for a connection ran out');
    } finally {
      await hung.close();
      await db.close(1_000);
      for (const socket of held) socket.destroy();
      silent.close();
    }
  });
});

describe('nothing lost', () => {
  test('files left without a row by a crash are removed at start; files with a row, fresh uploads and foreign files stay', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-orphans-'));
    try {
      const folder = String(org.organization.id);
      fs.mkdirSync(path.join(dir, folder));
      const name = () => `${crypto.randomUUID()}.pdf`;
      const [kept, orphan, fresh] = [name(), name(), name()];
      for (const file of [kept, orphan, fresh, 'README.txt']) fs.writeFileSync(path.join(dir, folder, file), 'x');
      await prisma.attachment.create({
        data: {
          organizationId: org.organization.id,
          purpose: 'CONSENT_SCAN',
          originalName: 'скан.pdf',
          mimeType: 'application/pdf',
          size: 1,
          sha256: '0'.repeat(64),
          storagePath: path.join(folder, kept),
        },
      });
      const hourAgo = new Date(Date.now() - 60 * 60_000);
      for (const file of [kept, orphan, 'README.txt']) fs.utimesSync(path.join(dir, folder, file), hourAgo, hourAgo);

      assert.equal(await removeOrphanUploads(prisma, dir), 1);
      assert.deepEqual(fs.readdirSync(path.join(dir, folder)).sort(), [kept, fresh, 'README.txt'].sort());
      assert.equal(await removeOrphanUploads(prisma, path.join(dir, 'missing')), 0, 'no uploads directory yet: nothing to do');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('caching', () => {
  test('signed-in pages and downloads are no-store; so is the login page; public assets keep their caching', async () => {
    for (const url of ['/', '/staff', '/profile', '/staff/export.xlsx']) {
      const res = await methodist.get(url);
      assert.equal(res.status, 200, url);
      assert.match(String(res.headers['cache-control']), /no-store/, url);
    }
    const { consent } = await consentWithScan(org.organization.id, Buffer.from('%PDF-1.4 scan'));
    assert.match(String((await methodist.get(`/consents/${consent.id}/scan`)).headers['cache-control']), /no-store/, 'stored file download');
    const login = await supertest(app).get('/login');
    assert.match(String(login.headers['cache-control']), /no-store/, '/login');
    const asset = await supertest(app).get('/assets/css/app.css');
    assert.equal(asset.status, 200);
    assert.doesNotMatch(String(asset.headers['cache-control']), /no-store/, 'assets stay cacheable');
  });
});
