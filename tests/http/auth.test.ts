import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import supertest from 'supertest';
import { anonymousAgent, csrfFrom, loginAs, testApp } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createUser, TEST_PASSWORD } from '../helpers/factories.ts';

const { prisma } = sharedDatabase();
const app = testApp();
let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;

before(async () => {
  org = await createOrganizationWithStaff(prisma);
});
after(async () => {
  await app.close();
  await sharedDatabase().close();
});

function sessionCookie(res: supertest.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith('nastavnik.sid='));
}

describe('login page', () => {
  test('renders the Russian form with labelled fields and a CSRF token', async () => {
    const res = await supertest(app).get('/login');
    assert.equal(res.status, 200);
    assert.match(res.text, /<html lang="ru">/);
    assert.match(res.text, /<label for="field-username">Логин/);
    assert.match(res.text, /<input type="password" id="field-password" name="password"/);
    assert.ok(csrfFrom(res.text).length > 20);
  });

  test('empty form → 422 with a message beside each field', async () => {
    const agent = await anonymousAgent(app);
    const res = await agent.post('/login').type('form').send({ _csrf: agent.csrf, username: '', password: '' });
    assert.equal(res.status, 422);
    assert.match(res.text, /id="field-username-error"[^>]*>.*Введите логин/s);
    assert.match(res.text, /id="field-password-error"[^>]*>.*Введите пароль/s);
  });

  test('wrong password and unknown login get the same neutral answer, login kept in the form', async () => {
    const agent = await anonymousAgent(app);
    const wrongPassword = await agent.post('/login').type('form').send({ _csrf: agent.csrf, username: org.teacher.login, password: 'не тот пароль' });
    const unknownLogin = await agent.post('/login').type('form').send({ _csrf: agent.csrf, username: 'nobody-here', password: 'не тот пароль' });
    assert.equal(wrongPassword.status, 401);
    assert.equal(unknownLogin.status, 401);
    assert.match(wrongPassword.text, /Неверный логин или пароль/);
    assert.match(unknownLogin.text, /Неверный логин или пароль/);
    assert.match(wrongPassword.text, new RegExp(`value="${org.teacher.login}"`));
    assert.doesNotMatch(wrongPassword.text, /не тот пароль/, 'a password is never echoed back');
  });

  test('a deactivated user cannot log in', async () => {
    const inactive = await createUser(prisma, org.organization.id, { active: false });
    const agent = await anonymousAgent(app);
    const res = await agent.post('/login').type('form').send({ _csrf: agent.csrf, username: inactive.login, password: TEST_PASSWORD });
    assert.equal(res.status, 401);
  });

  test('login is case-insensitive on the login name, regenerates the session and records the time', async () => {
    const agent = await anonymousAgent(app);
    const anonymousCookie = sessionCookie(await agent.get('/login'));
    const res = await agent.post('/login').type('form').send({ _csrf: agent.csrf, username: org.methodist.login.toUpperCase(), password: TEST_PASSWORD });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/');
    const newCookie = sessionCookie(res);
    assert.ok(newCookie, 'a session cookie is set at login');
    if (anonymousCookie) assert.notEqual(newCookie.split(';')[0], anonymousCookie.split(';')[0], 'session id changes at login');
    assert.match(newCookie, /HttpOnly/i);
    assert.match(newCookie, /SameSite=Lax/i);
    assert.match(newCookie, /Expires=/i, 'idle timeout: the cookie expires');
    const user = await prisma.user.findUniqueOrThrow({ where: { id: org.methodist.id } });
    assert.ok(user.lastLoginAt && Date.now() - user.lastLoginAt.getTime() < 60_000);
    const audit = await prisma.auditLog.findFirst({ where: { userId: org.methodist.id, action: 'auth.login' } });
    assert.ok(audit, 'login is audited');
  });

  test('after login the user returns to the page they asked for', async () => {
    const agent = await anonymousAgent(app);
    const asked = await agent.get('/profile');
    assert.equal(asked.status, 303);
    assert.equal(asked.headers.location, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom((await agent.get('/login')).text), username: org.teacher.login, password: TEST_PASSWORD });
    assert.equal(res.headers.location, '/profile');

  });
});

describe('logout', () => {
  test('is a POST that ends the session; GET /logout does nothing', async () => {
    const agent = await loginAs(app, org.head);
    assert.equal((await agent.get('/logout')).status, 404);
    assert.equal((await agent.get('/')).status, 200, 'still logged in after GET /logout');
    const res = await agent.post('/logout').type('form').send({ _csrf: agent.csrf });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/login');
    const after = await agent.get('/');
    assert.equal(after.status, 303);
    assert.equal(after.headers.location, '/login');
  });

  test('without the CSRF token is refused with a Russian 403 page', async () => {
    const agent = await loginAs(app, org.head);
    const res = await agent.post('/logout').type('form').send({});
    assert.equal(res.status, 403);
    assert.match(res.text, /Форма устарела/);
    assert.equal((await agent.get('/')).status, 200, 'the session survives a forged request');
  });
});

describe('sessions', () => {
  test('are stored in PostgreSQL and survive a restart of the app', async () => {
    const agent = await loginAs(app, org.admin);
    const cookie = ([] as string[]).concat((await agent.get('/')).request.cookies ?? '').join('');
    const rows = await prisma.session.count();
    assert.ok(rows > 0, 'session rows exist in the database');
    const restarted = testApp();
    try {
      const res = await supertest(restarted).get('/').set('Cookie', cookie);
      assert.equal(res.status, 200, 'a new app instance on the same database accepts the session');
    } finally {
      await restarted.close();
    }
  });
});

describe('login throttling', () => {
  test('after 5 failures for one login the form says to wait, even with the right password', async () => {
    const throttled = testApp({ loginThrottle: { perLogin: 5 } });
    try {
      const victim = await createUser(prisma, org.organization.id);
      const agent = await anonymousAgent(throttled);
      for (let i = 0; i < 5; i++) {
        const res = await agent.post('/login').type('form').send({ _csrf: agent.csrf, username: victim.login, password: `wrong-${i}` });
        assert.equal(res.status, 401);
      }
      const blocked = await agent.post('/login').type('form').send({ _csrf: agent.csrf, username: victim.login, password: TEST_PASSWORD });
      assert.equal(blocked.status, 429);
      assert.match(blocked.text, /Слишком много неудачных попыток входа\. Повторите через \d+ минут/);
      const other = await agent.post('/login').type('form').send({ _csrf: agent.csrf, username: org.teacher.login, password: TEST_PASSWORD });
      assert.equal(other.status, 303, 'another login from the same address is not blocked');
      const stored = await prisma.rateLimitHit.count({ where: { key: { contains: victim.login } } });
      assert.equal(stored, 1, 'the counter lives in PostgreSQL');
    } finally {
      await throttled.close();
    }
  });

  test('per IP: many failures from one address block further attempts from it', async () => {
    const throttled = testApp({ loginThrottle: { perIp: 3, perLogin: 100 } });
    try {
      const agent = await anonymousAgent(throttled);
      for (let i = 0; i < 3; i++) {
        await agent.post('/login').type('form').send({ _csrf: agent.csrf, username: `ghost-${i}`, password: 'x' });
      }
      const blocked = await agent.post('/login').type('form').send({ _csrf: agent.csrf, username: org.teacher.login, password: TEST_PASSWORD });
      assert.equal(blocked.status, 429);
    } finally {
      await throttled.close();
    }
  });
});
