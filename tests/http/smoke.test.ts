import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import supertest from 'supertest';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff } from '../helpers/factories.ts';
import { loginAs, testApp } from '../helpers/app.ts';

const app = testApp();
after(async () => { await app.close(); await sharedDatabase().close(); });

test('smoke', async () => {
  const { admin } = await createOrganizationWithStaff(sharedDatabase().prisma);
  const res = await supertest(app).get('/login');
  assert.equal(res.status, 200);
  const agent = await loginAs(app, admin);
  const home = await agent.get('/');
  assert.equal(home.status, 200, home.text);
  assert.match(home.text, /Формирование банка наставляемых/);
});
