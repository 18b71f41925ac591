import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import supertest from 'supertest';
import { loginAs, testApp } from '../helpers/app.ts';
import { connectDatabase } from '../../src/core/database/client.ts';
import { databaseNameOf, withDatabase } from '../../src/core/database/urls.ts';
import { sharedDatabase, testDatabaseUrl } from '../helpers/database.ts';
import { createOrganizationWithStaff } from '../helpers/factories.ts';
import packageJson from '../../package.json' with { type: 'json' };

const { prisma } = sharedDatabase();
const app = testApp();

before(async () => {
  await createOrganizationWithStaff(prisma); // the portal is past first-run setup
});
after(async () => {
  await app.close();
  await sharedDatabase().close();
});

describe('health', () => {
  test('GET /health reports the database and version without login', async () => {
    const res = await supertest(app).get('/health');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok', database: 'ok', version: packageJson.version });
    assert.equal(res.headers['set-cookie'], undefined, 'no session for health checks');
  });
});

describe('security headers', () => {
  test('CSP allows only our own origin and no inline script', async () => {
    const res = await supertest(app).get('/login');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-powered-by'], undefined);
    assert.match(String(res.headers['x-request-id']), /^[\w-]{8,}$/);
  });

  test('pages have no inline scripts or styles and load nothing from other origins', async () => {
    const res = await supertest(app).get('/login');
    assert.doesNotMatch(res.text, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline <script>');
    assert.doesNotMatch(res.text, /\sstyle="/, 'no inline style attributes');
    assert.doesNotMatch(res.text, /(src|href)="(https?:)?\/\//, 'no external assets');
  });

  test('static assets are served by the portal itself', async () => {
    for (const asset of ['/assets/css/app.css', '/assets/css/print.css', '/assets/js/app.js', '/assets/img/favicon.svg']) {
      const res = await supertest(app).get(asset);
      assert.equal(res.status, 200, asset);
    }
  });
});

describe('error pages', () => {
  test('unknown page → Russian 404 page', async () => {
    const { teacher } = await createOrganizationWithStaff(prisma);
    const agent = await loginAs(app, teacher);
    const res = await agent.get('/no-such-page');
    assert.equal(res.status, 404);
    assert.match(res.text, /Страница не найдена/);
    assert.match(res.text, /<html lang="ru">/);
  });

  test('a request body over the limit → clear Russian message, not a stack trace', async () => {
    const res = await supertest(app).post('/login').type('form').send('username=' + 'x'.repeat(300_000));
    assert.equal(res.status, 413);
    assert.match(res.text, /слишком велики/);
    assert.doesNotMatch(res.text, /at .*\.js:\d+/);
  });

  test('a database failure → 500 page with a request id and no internals', async () => {
    // A real PostgreSQL server, but a database that does not exist: every query fails.
    const missing = connectDatabase(withDatabase(testDatabaseUrl(), `${databaseNameOf(testDatabaseUrl())}_missing`), { max: 1 });
    const broken = testApp({ db: missing });
    try {
      const res = await supertest(broken).get('/login').set('X-Request-Id', 'req-test-12345');
      assert.equal(res.status, 500);
      assert.match(res.text, /Внутренняя ошибка/);
      assert.match(res.text, /req-test-12345/);
      assert.doesNotMatch(res.text, /does not exist|Error:|\sat /);
    } finally {
      await broken.close();
      await missing.close();
    }
  });
});
