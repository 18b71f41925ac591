/**
 * `npm run city` (src/cli/city.ts): the operator makes a city specialist's account — refused on a portal without
 * any kindergarten yet (first-run setup would never open again), then made with the authority, a one-time
 * password printed, and the specialist signs in with it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { projectRoot } from '../../src/core/database/migrate.ts';
import { anonymousAgent, testApp, type TestApp } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/database.ts';
import { createOrganization } from '../helpers/factories.ts';
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

async function runCity(...args: string[]): Promise<{ code: number; output: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-city-'));
  try {
    return await runCommand(path.join(projectRoot, 'node_modules/.bin/tsx'), ['src/cli/city.ts', ...args], { DATABASE_URL: fresh.url, DATA_DIR: dataDir });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

test('npm run city: refused before first-run setup, then the authority and the account, and the specialist signs in', async () => {
  const { prisma } = fresh.db;
  const early = await runCity('--login', 'orlova.uo', '--name', 'Орлова Вера Павловна');
  assert.equal(early.code, 1, early.output);
  assert.match(early.output, /сначала выполните первоначальную настройку \(\/setup\)/);
  assert.equal(await prisma.organization.count(), 0, 'nothing made: /setup still opens');

  await createOrganization(prisma);
  const made = await runCity('--login', 'orlova.uo', '--name', 'Орлова Вера Павловна', '--authority', 'Управление образования г. Калуги', '--short', 'УО г. Калуги');
  assert.equal(made.code, 0, made.output);
  assert.match(made.output, /Учётная запись создана: orlova\.uo \(Орлова Вера Павловна\), «УО г\. Калуги»/);
  const password = /Одноразовый пароль[^:]*: (\S+)/.exec(made.output)?.[1];
  assert.ok(password, made.output);
  const user = await prisma.user.findUniqueOrThrow({ where: { login: 'orlova.uo' }, include: { organization: true } });
  assert.equal(user.role, 'CITY');
  assert.equal(user.mustChangePassword, true);
  assert.equal(user.organization.kind, 'AUTHORITY');
  assert.equal(user.organization.fullName, 'Управление образования г. Калуги');

  const agent = await anonymousAgent(app);
  const res = await agent.post('/login').type('form').send({ username: 'orlova.uo', password, _csrf: agent.csrf });
  assert.equal(res.status, 303);

  const bad = await runCity('--login', 'x', '--name', 'Орлова Вера Павловна');
  assert.equal(bad.code, 1);
  assert.match(bad.output, /Логин: не короче 3 символов/);
});
