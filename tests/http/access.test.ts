import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import supertest from 'supertest';
import { loginAs, testApp, type Agent } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff } from '../helpers/factories.ts';

/**
 * The role matrix: which role reaches which page. 200 = allowed, 403 = refused.
 * Anonymous visitors are sent to /login everywhere but /login and /health.
 */
const PAGES: Record<string, Record<'ADMIN' | 'HEAD' | 'METHODIST' | 'TEACHER', number>> = {
  '/': { ADMIN: 200, HEAD: 200, METHODIST: 200, TEACHER: 200 },
  '/profile': { ADMIN: 200, HEAD: 200, METHODIST: 200, TEACHER: 200 },
  '/profile/password': { ADMIN: 200, HEAD: 200, METHODIST: 200, TEACHER: 200 },
  '/users': { ADMIN: 200, HEAD: 403, METHODIST: 403, TEACHER: 403 },
  '/users/new': { ADMIN: 200, HEAD: 403, METHODIST: 403, TEACHER: 403 },
  '/settings': { ADMIN: 200, HEAD: 403, METHODIST: 403, TEACHER: 403 },
  '/audit': { ADMIN: 200, HEAD: 200, METHODIST: 403, TEACHER: 403 },
};

const POSTS = ['/users', '/settings'];

const { prisma } = sharedDatabase();
const app = testApp();
let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
const agents = {} as Record<keyof (typeof PAGES)['/'], Agent>;

before(async () => {
  org = await createOrganizationWithStaff(prisma);
  for (const role of ['ADMIN', 'HEAD', 'METHODIST', 'TEACHER'] as const) {
    agents[role] = await loginAs(app, org[role.toLowerCase() as 'admin' | 'head' | 'methodist' | 'teacher']);
  }
});
after(async () => {
  await app.close();
  await sharedDatabase().close();
});

describe('role matrix', () => {
  for (const [path, expected] of Object.entries(PAGES)) {
    test(`GET ${path}`, async () => {
      const anonymous = await supertest(app).get(path);
      assert.equal(anonymous.status, 303, 'anonymous');
      assert.equal(anonymous.headers.location, '/login');
      for (const [role, status] of Object.entries(expected)) {
        const res = await agents[role as keyof typeof agents].get(path);
        assert.equal(res.status, status, `${role} → ${path}`);
        if (status === 403) assert.match(res.text, /Доступ запрещён/);
      }
    });
  }

  for (const path of POSTS) {
    test(`POST ${path} by a non-administrator is refused before anything changes`, async () => {
      const before = await prisma.user.count();
      for (const role of ['HEAD', 'METHODIST', 'TEACHER'] as const) {
        const res = await agents[role].post(path).type('form').send({ _csrf: agents[role].csrf, login: 'intruder', fullName: 'X', role: 'ADMIN', shortName: 'Взлом' });
        assert.equal(res.status, 403, `${role} → POST ${path}`);
      }
      assert.equal(await prisma.user.count({ where: { login: 'intruder' } }), 0);
      assert.ok((await prisma.user.count()) >= before);
      assert.notEqual((await prisma.organization.findUniqueOrThrow({ where: { id: org.organization.id } })).shortName, 'Взлом');
    });
  }

  test('the menu offers each role only its pages', async () => {
    const teacherHome = (await agents.TEACHER.get('/')).text;
    assert.doesNotMatch(teacherHome, /href="\/users"/);
    assert.doesNotMatch(teacherHome, /href="\/audit"/);
    const headHome = (await agents.HEAD.get('/')).text;
    assert.match(headHome, /href="\/audit"/);
    assert.doesNotMatch(headHome, /href="\/settings"/);
    const adminHome = (await agents.ADMIN.get('/')).text;
    for (const href of ['/users', '/settings', '/audit', '/profile']) assert.match(adminHome, new RegExp(`href="${href}"`));
  });
});
