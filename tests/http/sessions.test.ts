/**
 * Sessions that exist only when they should and end when they should: anonymous visits write no session
 * row (the login form's CSRF token lives in a signed cookie), the login still regenerates the session id,
 * and a password change ends every other session of the user while the current one goes on under a new id.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import supertest from 'supertest';
import { anonymousAgent, csrfFrom, loginAs, TEST_SETUP_TOKEN, testApp, type Agent, type TestApp } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import { EXAMPLE_ORGANIZATION } from '../../src/modules/setup/setup.service.ts';
import { statementsDuring } from '../helpers/statements.ts';

// Counting rows of the "session" table needs a database no other test file writes sessions into.
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let app: TestApp;
let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;

before(async () => {
  fresh = await freshDatabase();
  org = await createOrganizationWithStaff(fresh.db.prisma);
  app = testApp({ db: fresh.db });
});
after(async () => {
  await app.close();
  await fresh.drop();
});

const sessionRows = () => fresh.db.prisma.session.count();

function sessionIdOf(res: supertest.Response): string | undefined {
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('nastavnik.sid='));
  return cookie?.split(';')[0];
}

/** The session cookie an agent currently holds. */
async function currentSessionId(agent: Agent): Promise<string | undefined> {
  const cookies = ([] as string[]).concat((await agent.get('/health')).request.cookies ?? '').join('; ');
  return /nastavnik\.sid=[^;]+/.exec(cookies)?.[0];
}

describe('anonymous visits', () => {
  test('100 visits of /login and of / write no session row and set no session cookie', async () => {
    const before = await sessionRows();
    for (let i = 0; i < 100; i++) {
      const login = await supertest(app).get('/login');
      assert.equal(login.status, 200);
      assert.equal(sessionIdOf(login), undefined, 'no session cookie for the login form');
      assert.ok(csrfFrom(login.text), 'the form still carries a CSRF token');
      const home = await supertest(app).get('/');
      assert.equal(home.status, 303);
      assert.equal(home.headers.location, '/login');
      assert.equal(sessionIdOf(home), undefined, 'no session cookie for the redirect');
    }
    assert.equal(await sessionRows(), before, 'not one session row was written');
  });

  test('after login the visitor still returns to the page they asked for', async () => {
    const agent = await anonymousAgent(app);
    assert.equal((await agent.get('/staff')).headers.location, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf: agent.csrf, username: org.methodist.login, password: TEST_PASSWORD });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/staff');
  });

  test('a login works and creates exactly one session row', async () => {
    const before = await sessionRows();
    const agent = await loginAs(app, org.teacher);
    assert.equal((await agent.get('/')).status, 200);
    assert.equal(await sessionRows(), before + 1);
  });

  test('POST /login without the token, with a wrong one or with another visitor’s token → 403 Russian page, no session', async () => {
    const before = await sessionRows();
    const visitor = await anonymousAgent(app);
    const other = await anonymousAgent(app);
    const credentials = { username: org.teacher.login, password: TEST_PASSWORD };
    for (const [what, token] of [
      ['no token', undefined],
      ['a made-up token', 'x'.repeat(43)],
      ['another visitor’s token (bound to their cookie)', other.csrf],
    ] as const) {
      const res = await visitor.post('/login').type('form').send({ ...credentials, ...(token ? { _csrf: token } : {}) });
      assert.equal(res.status, 403, what);
      assert.match(res.text, /Форма устарела/, what);
      assert.match(res.text, /<html lang="ru">/, what);
    }
    const noCookie = await supertest(app).post('/login').type('form').send({ ...credentials, _csrf: visitor.csrf });
    assert.equal(noCookie.status, 403, 'the token alone, without its cookie (a cross-site form)');
    assert.equal(await sessionRows(), before, 'refused logins write no session');
    const ok = await visitor.post('/login').type('form').send({ ...credentials, _csrf: visitor.csrf });
    assert.equal(ok.status, 303, 'the visitor’s own token works');
  });

  test('the login regenerates the session id even when the visitor already had a session', async () => {
    const agent = await loginAs(app, org.head);
    await agent.post('/logout').type('form').send({ _csrf: agent.csrf }); // leaves a session with the «вы вышли» notice
    const anonymousSession = await currentSessionId(agent);
    assert.ok(anonymousSession, 'the logged-out visitor holds a session');
    const form = await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(form.text), username: org.head.login, password: TEST_PASSWORD });
    assert.equal(res.status, 303);
    const signedIn = sessionIdOf(res);
    assert.ok(signedIn);
    assert.notEqual(signedIn, anonymousSession, 'a new session id at login');
  });

  test('signed-in forms keep the session-bound token: the anonymous token is not accepted once signed in', async () => {
    const visitor = await anonymousAgent(app);
    const anonymousToken = visitor.csrf;
    await visitor.post('/login').type('form').send({ _csrf: anonymousToken, username: org.admin.login, password: TEST_PASSWORD });
    const forged = await visitor.post('/profile').type('form').send({ _csrf: anonymousToken, fullName: 'Подмена' });
    assert.equal(forged.status, 403);
    const page = await visitor.get('/profile');
    const ok = await visitor.post('/profile').type('form').send({ _csrf: csrfFrom(page.text), fullName: 'Администратор Портала' });
    assert.equal(ok.status, 303);
  });
});

describe('the session cookie', () => {
  test('an active visitor gets the cookie again at most once a minute, expiring after the idle timeout', async () => {
    const agent = await loginAs(app, org.methodist);
    const held = await currentSessionId(agent);
    assert.ok(held);
    for (const page of ['/staff', '/profile', '/staff']) {
      const res = await agent.get(page);
      assert.equal(res.status, 200, page);
      assert.equal(sessionIdOf(res), undefined, `${page}: no Set-Cookie within the minute`);
    }
    // The minute passes: the session says its cookie was last sent two minutes ago.
    const sid = decodeURIComponent(held.split('=')[1]!).slice('s:'.length).split('.')[0]!;
    await fresh.db.pool.query(`UPDATE "session" SET sess = jsonb_set(sess, '{cookieRenewedAt}', to_jsonb($2::bigint)) WHERE sid = $1`, [sid, Date.now() - 120_000]);
    const renewed = await agent.get('/staff');
    assert.equal(renewed.status, 200);
    assert.equal(sessionIdOf(renewed), held, 'the same session, its cookie sent again');
    const cookie = ([] as string[]).concat(renewed.headers['set-cookie'] ?? []).find((c) => c.startsWith('nastavnik.sid='))!;
    const expires = Date.parse(/Expires=([^;]+)/i.exec(cookie)?.[1] ?? '');
    const idleMs = 60 * 60_000; // testApp's SESSION_IDLE_MINUTES
    assert.ok(Math.abs(expires - (Date.now() + idleMs)) < 60_000, `the cookie expires after the idle timeout: ${cookie}`);
    const { rows } = await fresh.db.pool.query<{ expire: Date }>('SELECT expire FROM "session" WHERE sid = $1', [sid]);
    assert.ok(Math.abs(rows[0]!.expire.getTime() - (Date.now() + idleMs)) < 60_000, 'the session row expires with it');
    assert.equal(sessionIdOf(await agent.get('/staff')), undefined, 'and not again within the next minute');
  });

  test('an anonymous visitor holding no session gets no cookie and no row from the renewal', async () => {
    const before = await sessionRows();
    const res = await supertest(app).get('/login').set('Cookie', 'nastavnik.sid=s%3Anot-a-session.signature');
    assert.equal(res.status, 200);
    assert.equal(sessionIdOf(res), undefined);
    assert.equal(await sessionRows(), before);
  });
});

describe('first run', () => {
  test('the setup form writes no session until the organization is created; setup still signs the administrator in', async () => {
    const empty = await freshDatabase();
    const setupApp = testApp({ db: empty.db });
    try {
      const visitor = supertest.agent(setupApp);
      const form = await visitor.get('/setup');
      assert.equal(form.status, 200);
      assert.equal(sessionIdOf(form), undefined);
      assert.equal(await empty.db.prisma.session.count(), 0);
      const res = await visitor
        .post('/setup')
        .type('form')
        .send({
          _csrf: csrfFrom(form.text),
          token: TEST_SETUP_TOKEN,
          ...EXAMPLE_ORGANIZATION,
          // The requisites the consents print are typed at setup (no example is offered for them).
          inn: '4028012349',
          ogrn: '1024001234564',
          address: '248000, Калужская область, г. Калуга, ул. Ленина, д. 1',
          adminFullName: 'Петров Сергей Иванович',
          adminLogin: 'first-admin',
          adminPassword: 'Надёжный-пароль-2026',
          adminPasswordConfirm: 'Надёжный-пароль-2026',
        });
      assert.equal(res.status, 303);
      assert.equal((await visitor.get('/')).status, 200, 'signed in after setup');
      assert.equal(await empty.db.prisma.session.count(), 1);
    } finally {
      await setupApp.close();
      await empty.drop();
    }
  });
});

describe('password change', () => {
  const newPassword = 'Совсем-новый-пароль-7';

  test('ends every other session of the user; the current one goes on under a new id with its notice', async () => {
    const user = org.methodist;
    const here = await loginAs(app, user);
    const elsewhere = await loginAs(app, user);
    const third = await loginAs(app, user);
    assert.equal((await elsewhere.get('/')).status, 200);
    const before = await currentSessionId(here);

    const res = await here
      .post('/profile/password')
      .type('form')
      .send({ _csrf: here.csrf, currentPassword: TEST_PASSWORD, newPassword, newPasswordConfirm: newPassword });
    assert.equal(res.status, 303);
    const after = sessionIdOf(res);
    assert.ok(after, 'a new session cookie');
    assert.notEqual(after, before, 'the current session got a new id');

    const home = await here.get('/');
    assert.equal(home.status, 200, 'still signed in here');
    assert.match(home.text, /Пароль изменён/, 'the notice survived the new session id');
    for (const [what, agent] of [['another browser', elsewhere], ['a third one', third]] as const) {
      const kicked = await agent.get('/');
      assert.equal(kicked.status, 303, what);
      assert.equal(kicked.headers.location, '/login', what);
    }
    // The old session id itself is gone, not just unusable.
    const oldId = decodeURIComponent(before!.split('=')[1]!).replace(/^s:/, '').split('.')[0]!;
    assert.equal(await fresh.db.prisma.session.count({ where: { sid: oldId } }), 0, 'the old session row was removed');
    await assert.rejects(loginAs(app, user), /failed: 401/, 'the old password no longer works');
    const again = await loginAs(app, user, newPassword);
    assert.equal((await again.get('/')).status, 200);
  });

  test('a refused change (wrong current password) ends nothing', async () => {
    const here = await loginAs(app, org.teacher);
    const elsewhere = await loginAs(app, org.teacher);
    const res = await here
      .post('/profile/password')
      .type('form')
      .send({ _csrf: here.csrf, currentPassword: 'не тот', newPassword, newPasswordConfirm: newPassword });
    assert.equal(res.status, 422);
    assert.equal((await elsewhere.get('/')).status, 200);
    assert.equal((await here.get('/')).status, 200);
  });

  test('an administrator’s reset ends the user’s sessions the same way', async () => {
    const user = await createUser(fresh.db.prisma, org.organization.id);
    const victim = await loginAs(app, user);
    assert.equal((await victim.get('/')).status, 200);
    const admin = await loginAs(app, org.admin);
    const res = await admin.post(`/users/${user.id}/reset-password`).type('form').send({ _csrf: admin.csrf });
    assert.equal(res.status, 303);
    const kicked = await victim.get('/');
    assert.equal(kicked.status, 303);
    assert.equal(kicked.headers.location, '/login');
    assert.equal((await admin.get('/')).status, 200, 'the administrator stays signed in');
  });
});

describe('the session read', () => {
  /** The bell's number on a page (null: no unread). */
  const bellCount = (html: string) => /class="bell__count"[^>]*>(\d+)</.exec(html)?.[1] ?? null;

  test('a signed-in page reads its session, its user and the bell in one statement, and the bell counts right', async () => {
    const user = await createUser(fresh.db.prisma, org.organization.id);
    const agent = await loginAs(app, user);
    const notify = (title: string) =>
      fresh.db.prisma.notification.create({ data: { organizationId: org.organization.id, userId: user.id, kind: 'PAIR_FORMED', title, link: '/' } });
    const [first] = await Promise.all([notify('Первое'), notify('Второе'), notify('Третье')]);

    let html = '';
    const statements = await statementsDuring(async () => {
      html = (await agent.get('/profile')).text;
    });
    // The profile page reads the user's own card too (through Prisma): the session's reads are those below.
    const reads = statements.filter((text) => /"session"|FROM "User" u JOIN|"Notification"/.test(text));
    assert.equal(reads.length, 1, `one statement for the session, its user and the bell:\n${reads.join('\n')}`);
    for (const table of ['"session"', '"User"', '"Organization"', '"Notification"']) assert.ok(reads[0]!.includes(table), table);
    assert.equal(bellCount(html), '3');

    await fresh.db.prisma.notification.update({ where: { id: first.id }, data: { readAt: new Date() } });
    assert.equal(bellCount((await agent.get('/profile')).text), '2', 'a notification read elsewhere leaves the count');
  });

  test('a user deactivated while signed in is anonymous on the next request; a session naming a bare id still works', async () => {
    const user = await createUser(fresh.db.prisma, org.organization.id);
    const agent = await loginAs(app, user);
    assert.equal((await agent.get('/profile')).status, 200);

    // A session from before session versions stored the bare id (version 0).
    await fresh.db.prisma.$executeRaw`UPDATE "session" SET sess = jsonb_set(sess, '{passport,user}', to_jsonb(${user.id}::int)) WHERE sess->'passport'->'user'->>'id' = ${String(user.id)}`;
    const page = await agent.get('/profile');
    assert.equal(page.status, 200, 'the bare id is the user at version 0');
    assert.match(page.text, new RegExp(user.login));

    await fresh.db.prisma.user.update({ where: { id: user.id }, data: { active: false } });
    const after = await agent.get('/profile');
    assert.equal(after.status, 303);
    assert.equal(after.headers.location, '/login');
  });
});
