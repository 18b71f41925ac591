import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import supertest from 'supertest';
import { anonymousAgent, csrfFrom, TEST_SETUP_TOKEN, testApp, type TestApp } from '../helpers/app.ts';
import { EXAMPLE_ORGANIZATION } from '../../src/modules/setup/setup.service.ts';
import { freshDatabase } from '../helpers/database.ts';

// First-run setup needs a portal without any organization: a database of its own.
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

const validForm = {
  token: TEST_SETUP_TOKEN,
  ...EXAMPLE_ORGANIZATION,
  inn: '4028012349',
  ogrn: '1024001234564',
  address: '248000, Калужская область, г. Калуга, ул. Ленина, д. 1',
  adminFullName: 'Петров Сергей Иванович',
  adminLogin: 'Admin',
  adminPassword: 'Надёжный-пароль-2026',
  adminPasswordConfirm: 'Надёжный-пароль-2026',
};

test('first run: every page leads to /setup, health still answers', async () => {
  for (const path of ['/', '/login', '/users', '/no-such-page']) {
    const res = await supertest(app).get(path);
    assert.equal(res.status, 303, path);
    assert.equal(res.headers.location, '/setup');
  }
  const health = await supertest(app).get('/health');
  assert.equal(health.status, 200);
});

test('the setup form is prefilled with the seed kindergarten', async () => {
  const res = await supertest(app).get('/setup');
  assert.equal(res.status, 200);
  assert.match(res.text, /value="МБДОУ № 50 «Алёнушка»"/);
  assert.match(res.text, /Свиридова Наталья Геннадьевна/);
  assert.match(res.text, /<option value="Europe\/Moscow" selected>/);
});

test('invalid input → 422, messages beside the fields, values kept, passwords not echoed', async () => {
  const agent = supertest.agent(app);
  const csrf = csrfFrom((await agent.get('/setup')).text);
  const res = await agent
    .post('/setup')
    .type('form')
    .send({ ...validForm, _csrf: csrf, shortName: '', slug: 'Плохой адрес', adminLogin: 'я', adminPasswordConfirm: 'другой', website: 'ds50' });
  assert.equal(res.status, 422);
  assert.match(res.text, /id="field-shortName-error".*Заполните поле «Краткое наименование»/s);
  assert.match(res.text, /id="field-slug-error".*латинские буквы/s);
  assert.match(res.text, /id="field-adminLogin-error"/);
  assert.match(res.text, /id="field-adminPasswordConfirm-error".*Пароли не совпадают/s);
  assert.match(res.text, /id="field-website-error"/);
  assert.match(res.text, /value="Плохой адрес"/, 'typed values are kept');
  assert.doesNotMatch(res.text, /Надёжный-пароль-2026/);
  assert.match(res.text, /class="error-summary"/);
});

test('a wrong token is refused beside the token field', async () => {
  const agent = supertest.agent(app);
  const csrf = csrfFrom((await agent.get('/setup')).text);
  const res = await agent.post('/setup').type('form').send({ ...validForm, _csrf: csrf, token: 'guess' });
  assert.equal(res.status, 422);
  assert.match(res.text, /id="field-token-error".*Код установки не подходит/s);
  assert.equal(await fresh.db.prisma.organization.count(), 0);
});

test('a valid form creates the organization and its administrator, logs in, and /setup is gone', async () => {
  const agent = supertest.agent(app);
  const csrf = csrfFrom((await agent.get('/setup')).text);
  const res = await agent.post('/setup').type('form').send({ ...validForm, _csrf: csrf });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/');

  const org = await fresh.db.prisma.organization.findFirstOrThrow({ include: { users: true } });
  assert.equal(org.slug, 'ds50-alenushka');
  assert.equal(org.orderSuffix, '-од');
  assert.equal(org.users.length, 1);
  assert.equal(org.users[0]!.role, 'ADMIN');
  assert.equal(org.users[0]!.login, 'admin', 'logins are stored in lower case');
  assert.ok(await fresh.db.prisma.auditLog.findFirst({ where: { action: 'setup.complete', organizationId: org.id } }));

  const home = await agent.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /Петров Сергей Иванович/);

  assert.equal((await supertest(app).get('/setup')).status, 404);
  const freshCsrf = csrfFrom((await agent.get('/profile')).text);
  const again = await agent.post('/setup').type('form').send({ ...validForm, _csrf: freshCsrf, slug: 'second' });
  assert.equal(again.status, 404);
  assert.equal(await fresh.db.prisma.organization.count(), 1);
  const login = await anonymousAgent(app);
  assert.ok(login.csrf, 'the login page is served now');
});
