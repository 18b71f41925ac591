import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { after, before, describe, test } from 'node:test';
import supertest from 'supertest';
import { appWithMemoryLog, loginAs, type LogLine } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff } from '../helpers/factories.ts';

const { prisma } = sharedDatabase();
const { app, lines } = appWithMemoryLog();
let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;

before(async () => {
  org = await createOrganizationWithStaff(prisma);
});
after(async () => {
  await app.close();
  await sharedDatabase().close();
});

/** The request's lines, once its response line is written (it comes after the response). */
async function linesOf(id: string, count = 1): Promise<LogLine[]> {
  for (let waited = 0; waited < 5000; waited += 20) {
    const mine = lines.filter((l) => l.req?.id === id);
    if (mine.length >= count) return mine;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return lines.filter((l) => l.req?.id === id);
}

const INFO = 30;
const WARN = 40;
const ERROR = 50;

describe('request id', () => {
  test("a proxy's sane X-Request-Id is kept; anything else is replaced by a new UUID", async () => {
    const kept = await supertest(app).get('/login').set('X-Request-Id', 'nginx-0123456789abcdef');
    assert.equal(kept.headers['x-request-id'], 'nginx-0123456789abcdef');
    for (const sent of ['short', 'x'.repeat(65), 'a b c d e f g h', '<script>alert(1)</script>']) {
      const res = await supertest(app).get('/login').set('X-Request-Id', sent);
      assert.match(String(res.headers['x-request-id']), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, sent);
    }
  });
});

describe('one log line per request', () => {
  test('method, path without the query string, status, time and the user — no query, cookie or body', async () => {
    const methodist = await loginAs(app, org.methodist);
    const id = 'log-test-signed-in-1';
    const res = await methodist.get('/staff?q=Иванова&page=1').set('X-Request-Id', id);
    assert.equal(res.status, 200);
    const [line, ...more] = await linesOf(id);
    assert.equal(more.length, 0, 'one line');
    assert.equal(line!.level, INFO);
    assert.equal(line!.msg, 'request completed');
    assert.deepEqual(line!.req, { id, method: 'GET', path: '/staff' });
    assert.deepEqual(line!.res, { statusCode: 200 });
    assert.equal(line!.userId, org.methodist.id);
    assert.equal(typeof line!.responseTime, 'number');
    const text = JSON.stringify(line);
    assert.doesNotMatch(text, /Иванова|nastavnik\.sid|cookie/i);
  });

  test('anonymous: no user on the line; health checks and assets are not logged', async () => {
    const id = 'log-test-anonymous-1';
    await supertest(app).get('/login').set('X-Request-Id', id);
    const [line] = await linesOf(id);
    assert.equal(line!.userId, undefined);
    assert.equal(line!.res?.statusCode, 200);
    for (const path of ['/health', '/assets/css/app.css']) {
      const quiet = `log-test-quiet-${path.length}`;
      assert.equal((await supertest(app).get(path).set('X-Request-Id', quiet)).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(lines.filter((l) => l.req?.id === quiet), [], path);
    }
  });

  test("a 404 is a completed request; a failure is logged at error level, with the handler's own line under the same id", async () => {
    const missing = 'log-test-missing-1';
    assert.equal((await supertest(app).get('/no-such-page').set('X-Request-Id', missing)).status, 404);
    assert.equal((await linesOf(missing))[0]!.level, INFO);

    // A route of this test placed before the 404 handler: it fails, and the error handler logs through req.log.
    app.get('/test-request-log-failure', () => {
      throw new Error('planned failure');
    });
    const stack = (app as unknown as { router: { stack: { name: string }[] } }).router.stack;
    stack.splice(stack.findIndex((layer) => layer.name === 'notFoundHandler'), 0, stack.pop()!);
    const failed = 'log-test-failure-1';
    assert.equal((await supertest(app).get('/test-request-log-failure').set('X-Request-Id', failed)).status, 500);
    const mine = await linesOf(failed, 2);
    assert.ok(mine.some((l) => l.level === ERROR && l.msg === 'unhandled error'), "the error handler's line carries the request id");
    const last = mine.find((l) => l.msg === 'request failed');
    assert.equal(last?.level, ERROR);
    assert.equal(last?.res?.statusCode, 500);
  });

  test('a response the client cut off is logged as aborted', async () => {
    const id = 'log-test-aborted-1';
    app.get('/test-request-log-slow', (_req, res) => {
      res.write('начало');
      setTimeout(() => res.end('конец'), 300);
    });
    const stack = (app as unknown as { router: { stack: { name: string }[] } }).router.stack;
    stack.splice(stack.findIndex((layer) => layer.name === 'notFoundHandler'), 0, stack.pop()!);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      await new Promise<void>((resolve) => {
        const request = http.get({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, path: '/test-request-log-slow', headers: { 'x-request-id': id } }, (res) => {
          res.once('data', () => {
            request.destroy();
            resolve();
          });
        });
        request.on('error', () => {});
      });
      const [line] = await linesOf(id);
      assert.equal(line?.level, WARN);
      assert.equal(line?.msg, 'request aborted');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
