import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { csrfFrom, loginAs, testApp, type Agent } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createUser, uniq } from '../helpers/factories.ts';

const { prisma } = sharedDatabase();
const app = testApp();
let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let admin: Agent;

before(async () => {
  org = await createOrganizationWithStaff(prisma);
  admin = await loginAs(app, org.admin);
});
after(async () => {
  await app.close();
  await sharedDatabase().close();
});

describe('users list', () => {
  test('shows only this organization, searches and paginates', async () => {
    const other = await createOrganizationWithStaff(prisma);
    const tag = uniq();
    await Promise.all(Array.from({ length: 30 }, (_, i) => createUser(prisma, org.organization.id, { fullName: `Смирнова ${tag} ${String(i).padStart(2, '0')}` })));

    const all = await admin.get('/users');
    assert.equal(all.status, 200);
    assert.doesNotMatch(all.text, new RegExp(other.teacher.fullName), 'no user of another organization');

    const found = await admin.get(`/users?q=${encodeURIComponent('смирнова ' + tag)}`);
    assert.match(found.text, /Найдено: 30/);
    assert.match(found.text, /Страница 1 из 2/);
    const page2 = await admin.get(`/users?q=${encodeURIComponent('Смирнова ' + tag)}&page=2`);
    assert.equal((page2.text.match(/">Смирнова /g) ?? []).length, 5, 'the last 5 of 30 rows');
    assert.match(page2.text, /rel="prev"/);

    const byRole = await admin.get('/users?role=HEAD');
    assert.match(byRole.text, new RegExp(org.head.fullName));
    assert.doesNotMatch(byRole.text, new RegExp(org.teacher.fullName));
    const garbage = await admin.get('/users?role=GOD&page=-4&status=%3Cscript%3E');
    assert.equal(garbage.status, 200, 'nonsense filters are ignored, not a 500');
  });

  test('a page past the end shows the last page; status filters; % and _ in a search are plain characters', async () => {
    const tag = uniq();
    await Promise.all(Array.from({ length: 27 }, (_, i) => createUser(prisma, org.organization.id, { fullName: `Орлова ${tag} ${String(i).padStart(2, '0')}`, active: i !== 3 })));
    const q = encodeURIComponent(`орлова ${tag}`);
    const old = await admin.get(`/users?q=${q}&page=7`);
    assert.equal(old.status, 200);
    assert.match(old.text, /Найдено: 27/);
    assert.match(old.text, /Страница 2 из 2/);
    assert.equal((old.text.match(/">Орлова /g) ?? []).length, 2, 'the last 2 of 27 rows');

    const inactive = await admin.get(`/users?q=${q}&status=inactive`);
    assert.match(inactive.text, /Найдено: 1</);
    assert.match(inactive.text, new RegExp(`Орлова ${tag} 03`));
    assert.match((await admin.get(`/users?q=${q}&status=active`)).text, /Найдено: 26</);
    assert.match((await admin.get(`/users?q=${q}&role=HEAD`)).text, /Найдено: 0</);

    const none = await admin.get(`/users?q=${encodeURIComponent('%')}&page=3`);
    assert.match(none.text, /Найдено: 0</, '% matches only a «%» in a name or login');
    assert.match(none.text, /Никого не нашлось/);
    assert.match((await admin.get(`/users?q=${encodeURIComponent(`орлова_${tag}`)}`)).text, /Найдено: 0</, '_ is not «any character»');
  });

  test('escapes what users typed', async () => {
    await createUser(prisma, org.organization.id, { fullName: '<script>alert(1)</script> Хакеров' });
    const res = await admin.get('/users?q=' + encodeURIComponent('Хакеров'));
    assert.doesNotMatch(res.text, /<script>alert\(1\)<\/script>/);
    assert.match(res.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt; Хакеров/);
  });
});

describe('creating a user', () => {
  test('invalid input → 422 with messages beside fields and values kept', async () => {
    const res = await admin.post('/users').type('form').send({ _csrf: admin.csrf, fullName: 'Новикова Анна', login: 'плохой логин', role: 'KING' });
    assert.equal(res.status, 422);
    assert.match(res.text, /id="field-login-error".*латинские буквы/s);
    assert.match(res.text, /id="field-role-error".*Выберите роль из списка/s);
    assert.match(res.text, /value="Новикова Анна"/);
    assert.match(res.text, /value="плохой логин"/);
  });

  test('a taken login is refused beside the field', async () => {
    const res = await admin.post('/users').type('form').send({ _csrf: admin.csrf, fullName: 'Дубль', login: org.teacher.login, role: 'TEACHER' });
    assert.equal(res.status, 422);
    assert.match(res.text, /Этот логин уже занят/);
  });

  test('creates the account, shows the one-time password once, and the user must change it', async () => {
    const login = uniq('new.');
    const res = await admin.post('/users').type('form').send({ _csrf: admin.csrf, fullName: 'Новикова Анна Сергеевна', login, role: 'METHODIST' });
    assert.equal(res.status, 303);
    const created = await prisma.user.findUniqueOrThrow({ where: { login } });
    assert.equal(created.organizationId, org.organization.id);
    assert.equal(created.role, 'METHODIST');
    assert.equal(created.mustChangePassword, true);
    assert.equal(res.headers.location, `/users/${created.id}`);

    const page = await admin.get(String(res.headers.location));
    const password = /data-testid="one-time-password">([^<]+)</.exec(page.text)?.[1];
    assert.ok(password, 'the one-time password is shown');
    const again = await admin.get(String(res.headers.location));
    assert.doesNotMatch(again.text, /one-time-password/, 'and only once');

    const newcomer = await loginAs(app, { login }, password);
    const forced = await newcomer.get('/users');
    assert.equal(forced.status, 303);
    assert.equal(forced.headers.location, '/profile/password');
    const changed = await newcomer
      .post('/profile/password')
      .type('form')
      .send({ _csrf: newcomer.csrf, currentPassword: password, newPassword: 'Мой-новый-пароль-1', newPasswordConfirm: 'Мой-новый-пароль-1' });
    assert.equal(changed.status, 303);
    assert.equal((await newcomer.get('/')).status, 200);
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'user.create', entityId: String(created.id) } }));
  });
});

describe('editing, deactivating, resetting', () => {
  test('edit form is prefilled; invalid → 422; valid → saved', async () => {
    const user = await createUser(prisma, org.organization.id);
    const form = await admin.get(`/users/${user.id}/edit`);
    assert.equal(form.status, 200);
    assert.match(form.text, new RegExp(`value="${user.login}"`));
    const bad = await admin.post(`/users/${user.id}`).type('form').send({ _csrf: admin.csrf, fullName: '', login: user.login, role: 'TEACHER' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Заполните поле «ФИО»/);
    const ok = await admin.post(`/users/${user.id}`).type('form').send({ _csrf: admin.csrf, fullName: 'Кузнецова Ольга', login: user.login, role: 'HEAD' });
    assert.equal(ok.status, 303);
    const saved = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    assert.equal(saved.fullName, 'Кузнецова Ольга');
    assert.equal(saved.role, 'HEAD');
  });

  test('deactivation ends the user’s sessions; activation restores access', async () => {
    const user = await createUser(prisma, org.organization.id);
    const victim = await loginAs(app, user);
    assert.equal((await victim.get('/')).status, 200);
    const res = await admin.post(`/users/${user.id}/deactivate`).type('form').send({ _csrf: admin.csrf });
    assert.equal(res.status, 303);
    const kicked = await victim.get('/');
    assert.equal(kicked.status, 303);
    assert.equal(kicked.headers.location, '/login');
    await admin.post(`/users/${user.id}/activate`).type('form').send({ _csrf: admin.csrf });
    assert.equal((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).active, true);
  });

  test('an administrator cannot deactivate themself or demote the last administrator', async () => {
    const solo = await createOrganizationWithStaff(prisma);
    const soloAdmin = await loginAs(app, solo.admin);
    const res = await soloAdmin.post(`/users/${solo.admin.id}/deactivate`).type('form').send({ _csrf: soloAdmin.csrf });
    assert.equal(res.status, 303);
    const page = await soloAdmin.get(String(res.headers.location));
    assert.match(page.text, /Нельзя отключить собственную учётную запись/);
    const demote = await soloAdmin.post(`/users/${solo.admin.id}`).type('form').send({ _csrf: soloAdmin.csrf, fullName: 'Админ', login: solo.admin.login, role: 'TEACHER' });
    assert.equal(demote.status, 422);
    assert.match(demote.text, /без активного администратора/);
    assert.equal((await prisma.user.findUniqueOrThrow({ where: { id: solo.admin.id } })).role, 'ADMIN');
  });

  test('password reset gives a new one-time password; the old one stops working', async () => {
    const user = await createUser(prisma, org.organization.id);
    const res = await admin.post(`/users/${user.id}/reset-password`).type('form').send({ _csrf: admin.csrf });
    assert.equal(res.status, 303);
    const page = await admin.get(String(res.headers.location));
    const password = /data-testid="one-time-password">([^<]+)</.exec(page.text)?.[1];
    assert.ok(password);
    await assert.rejects(loginAs(app, user), /failed: 401/);
    const agent = await loginAs(app, user, password);
    assert.equal((await agent.get('/')).headers.location, '/profile/password');
  });

  test('viewing a user card is audited', async () => {
    await admin.get(`/users/${org.teacher.id}`);
    const entry = await prisma.auditLog.findFirst({ where: { action: 'user.read', entityId: String(org.teacher.id), userId: org.admin.id } });
    assert.ok(entry);
    assert.equal(entry.ip.length > 0, true);
  });
});

describe('isolation between organizations', () => {
  test('another organization’s user is a 404 to read, edit, deactivate or reset', async () => {
    const other = await createOrganizationWithStaff(prisma);
    const id = other.teacher.id;
    assert.equal((await admin.get(`/users/${id}`)).status, 404);
    assert.equal((await admin.get(`/users/${id}/edit`)).status, 404);
    for (const path of [`/users/${id}`, `/users/${id}/deactivate`, `/users/${id}/reset-password`]) {
      const res = await admin.post(path).type('form').send({ _csrf: admin.csrf, fullName: 'Взлом', login: other.teacher.login, role: 'ADMIN' });
      assert.equal(res.status, 404, path);
    }
    const untouched = await prisma.user.findUniqueOrThrow({ where: { id } });
    assert.equal(untouched.fullName, other.teacher.fullName);
    assert.equal(untouched.active, true);
    assert.equal(untouched.passwordHash, other.teacher.passwordHash);
  });

  test('a non-numeric id is a 404, not a 500', async () => {
    assert.equal((await admin.get('/users/abc')).status, 404);
    assert.equal((await admin.get('/users/99999999999')).status, 404);
  });

  test('a stale CSRF token from another session is refused', async () => {
    const other = await loginAs(app, org.head);
    const res = await admin.post(`/users/${org.teacher.id}/deactivate`).type('form').send({ _csrf: other.csrf });
    assert.equal(res.status, 403);
    assert.equal(csrfFrom((await admin.get('/users/new')).text), admin.csrf);
  });
});
