/**
 * `npm run demo` after `/setup` (issue 9, point 8): it used to merge into the real organization — the real
 * «admin»'s password reset, a real staff card overwritten, 29 people added. Now it makes an organization of
 * its own (`Organization.demo`, its own address and «demo.…» logins) and refuses, changing nothing, to touch
 * rows it did not create.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parseHTML } from 'linkedom';
import supertest from 'supertest';
import { DemoRefused, fillDemo } from '../../prisma/demo.ts';
import { DEMO_CITY_SLUGS } from '../../prisma/demo-city.ts';
import { DEMO_ORGANIZATION, DEMO_STAFF, demoLogin } from '../../prisma/demo-data.ts';
import { csrfFrom, loginAs, TEST_SETUP_TOKEN, testApp, type TestApp } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/database.ts';
import { runCommand } from '../helpers/server-process.ts';

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

const REAL_PASSWORD = 'Настоящий-пароль-2026';

/**
 * First-run setup as a person does it: the form as it is prefilled, plus the token, the administrator and the
 * requisites the consents print (typed at setup: no example is offered for them).
 */
async function setupAsPrefilled() {
  const agent = supertest.agent(app);
  const page = await agent.get('/setup');
  const { document } = parseHTML(page.text);
  const values: Record<string, string> = {};
  for (const input of Array.from(document.querySelectorAll('form input'))) {
    const name = input.getAttribute('name');
    if (name) values[name] = input.getAttribute('value') ?? '';
  }
  for (const area of Array.from(document.querySelectorAll('form textarea'))) values[area.getAttribute('name')!] = area.textContent ?? '';
  for (const select of Array.from(document.querySelectorAll('form select'))) {
    values[select.getAttribute('name')!] = (select.querySelector('option[selected]') ?? select.querySelector('option'))!.getAttribute('value') ?? '';
  }
  const res = await agent
    .post('/setup')
    .type('form')
    .send({ ...values, inn: '4028012349', ogrn: '1024001234564', address: '248000, Калужская область, г. Калуга, ул. Ленина, д. 1', _csrf: csrfFrom(page.text), token: TEST_SETUP_TOKEN, adminFullName: 'Петров Сергей Иванович', adminLogin: 'admin', adminPassword: REAL_PASSWORD, adminPasswordConfirm: REAL_PASSWORD });
  assert.equal(res.status, 303, res.text);
  return fresh.db.prisma.organization.findFirstOrThrow();
}

/** Every row of the real organization that the old demo changed or added to. */
async function realRows(organizationId: number) {
  const { prisma } = fresh.db;
  return {
    organization: await prisma.organization.findUniqueOrThrow({ where: { id: organizationId } }),
    users: await prisma.user.findMany({ where: { organizationId }, orderBy: { id: 'asc' } }),
    staff: await prisma.staffMember.findMany({ where: { organizationId }, orderBy: { id: 'asc' } }),
    consents: await prisma.consent.count({ where: { organizationId } }),
    orders: await prisma.order.count({ where: { organizationId } }),
    entries: await prisma.menteeEntry.count({ where: { organizationId } }),
  };
}

/** `npm run demo` as a person types it, on this database. */
async function runDemo(): Promise<{ code: number; output: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-demo-'));
  try {
    return await runCommand('npm', ['run', '--silent', 'demo'], { DATABASE_URL: fresh.url, DATA_DIR: dataDir, DEMO_PASSWORD: 'Демо-пароль-2026' });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

test('after /setup with the example data, the demo makes an organization of its own and leaves the real one as it was', async () => {
  const { prisma } = fresh.db;
  const real = await setupAsPrefilled();
  assert.equal(real.shortName, 'МБДОУ № 50 «Алёнушка»', 'the setup form suggested the seed kindergarten');
  assert.equal(real.demo, false);
  // The real kindergarten's head and methodist, with the names the demo uses too, and their own logins.
  const realHead = await prisma.staffMember.create({
    data: { organizationId: real.id, lastName: 'Свиридова', firstName: 'Наталья', middleName: 'Геннадьевна', position: 'заведующий', birthDate: new Date('1970-03-03'), experienceYears: 30 },
  });
  await prisma.staffMember.create({ data: { organizationId: real.id, lastName: 'Белова', firstName: 'Ирина', middleName: 'Викторовна', position: 'старший воспитатель', experienceYears: 5 } });
  const admin = await prisma.user.findUniqueOrThrow({ where: { login: 'admin' } });
  await prisma.user.create({ data: { organizationId: real.id, login: 'head', fullName: 'Свиридова Наталья Геннадьевна', role: 'HEAD', passwordHash: admin.passwordHash, staffMemberId: realHead.id } });
  const before = await realRows(real.id);

  // A demo login taken by a real account: refused before anything is written.
  const squatter = await prisma.user.create({ data: { organizationId: real.id, login: demoLogin('mentor'), fullName: 'Настоящий пользователь', role: 'TEACHER', passwordHash: admin.passwordHash } });
  await assert.rejects(fillDemo(fresh.db, 'Демо-пароль-2026'), (e: Error) => e instanceof DemoRefused && /Логин «demo\.mentor» \(МБДОУ № 50 «Алёнушка»\) уже занят учётными записями настоящей организации/.test(e.message));
  assert.equal(await prisma.organization.count(), 1, 'nothing was created');
  await prisma.user.delete({ where: { id: squatter.id } });

  await fillDemo(fresh.db, 'Демо-пароль-2026');
  const demo = await prisma.organization.findUniqueOrThrow({ where: { slug: DEMO_ORGANIZATION.slug } });
  assert.equal(demo.demo, true);
  assert.notEqual(demo.slug, real.slug);
  assert.equal(await prisma.staffMember.count({ where: { organizationId: demo.id } }), DEMO_STAFF.length);
  assert.deepEqual(await realRows(real.id), before, 'the real organization, its users (passwords) and staff cards are untouched');
  await loginAs(app, { login: demoLogin('admin') }, 'Демо-пароль-2026');

  // Run again: the demo's own organization is updated, the real one still untouched.
  await fillDemo(fresh.db, 'Демо-пароль-2026');
  // The real one, the demo's kindergarten, its two neighbours and the authority (src/modules/city).
  assert.equal(await prisma.organization.count(), 2 + DEMO_CITY_SLUGS.length);
  assert.deepEqual(await realRows(real.id), before);

  // An organization at the demo's address that the demo did not make (as if set up by hand): refused, with a
  // Russian message and a non-zero exit, nothing changed.
  await prisma.organization.update({ where: { id: demo.id }, data: { demo: false } });
  const demoBefore = await realRows(demo.id);
  await assert.rejects(fillDemo(fresh.db, 'другой-пароль'), (e: Error) => e instanceof DemoRefused && /создана не командой npm run demo/.test(e.message));
  const cli = await runDemo();
  assert.notEqual(cli.code, 0, cli.output);
  assert.match(cli.output, /Организация с адресом «demo-alenushka» \(«МБДОУ № 50 «Алёнушка»»\) создана не командой npm run demo\. Демонстрационные данные не меняют настоящую организацию, поэтому ничего не изменено/);
  assert.deepEqual(await realRows(demo.id), demoBefore);
  assert.deepEqual(await realRows(real.id), before);
  await loginAs(app, { login: 'admin' }, REAL_PASSWORD); // (last: signing in records the time of the sign-in)
});
