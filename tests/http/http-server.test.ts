import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import type { Express } from 'express';
import { createHttpServer } from '../../src/core/http-server.ts';
import { loginAs, testApp } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff } from '../helpers/factories.ts';

const database = sharedDatabase();
const app = testApp();
after(() => app.close().then(() => database.close()));
const org = await createOrganizationWithStaff(database.prisma);

/** Whether the server made the request and the response with the app's prototypes before Express saw them. */
function watchPrototypes(server: http.Server): { seen: { request: boolean; response: boolean; nodeTypes: boolean }[] } {
  const seen: { request: boolean; response: boolean; nodeTypes: boolean }[] = [];
  server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    seen.push({
      request: Object.getPrototypeOf(req) === app.request,
      response: Object.getPrototypeOf(res) === app.response,
      nodeTypes: req instanceof http.IncomingMessage && res instanceof http.ServerResponse,
    });
  });
  return { seen };
}

describe('the HTTP server (core/http-server.ts)', () => {
  test("app.listen serves with requests and responses born with the app's prototypes", async () => {
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { seen } = watchPrototypes(server);
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/login`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /name="_csrf"/);
      assert.deepEqual(seen, [{ request: true, response: true, nodeTypes: true }]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('app.listen reports a port it cannot take to its callback, as Express does', async () => {
    const taken = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    try {
      const error = await new Promise<unknown>((resolve) => {
        const second = app.listen((taken.address() as AddressInfo).port, '127.0.0.1', (err?: unknown) => {
          second.close();
          resolve(err);
        });
      });
      assert.equal((error as NodeJS.ErrnoException | undefined)?.code, 'EADDRINUSE');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  test('a signed-in page, a form post and a redirect work through it', async () => {
    const server = createHttpServer(app);
    const { seen } = watchPrototypes(server);
    try {
      const methodist = await loginAs(server as unknown as Express, org.methodist);
      const page = await methodist.get('/orders');
      assert.equal(page.status, 200);
      assert.match(page.text, /<h1>Приказы<\/h1>/);
      const logout = await methodist.post('/logout').type('form').send({ _csrf: methodist.csrf });
      assert.equal(logout.status, 303);
      assert.ok(seen.length >= 4, `requests seen: ${seen.length}`);
      assert.ok(seen.every((s) => s.request && s.response && s.nodeTypes));
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
