import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../src/core/database/migrate.ts';
import { freePort } from '../helpers/net.ts';

function waitFor(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => (socket.end(), resolve(true)));
    socket.on('error', () => resolve(false));
  });
}

/**
 * `npm start` as a person runs it on a fresh machine: no DATABASE_URL, so the embedded PostgreSQL
 * starts in DATA_DIR, migrations run, the setup token is printed, the login flow leads to /setup;
 * SIGTERM stops the HTTP server and the database cleanly; a second start reuses the data.
 */
test('npm start: embedded database, migrations, setup token, clean shutdown, restart', { timeout: 120_000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-start-'));
  fs.chmodSync(dataDir, 0o755);
  const [port, pgPort] = [await freePort(), await freePort()];
  const env = { ...process.env, DATABASE_URL: '', PORT: String(port), DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn' };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  // What `npm start` runs after its build check (npm test has built dist/ before the tests).
  const start = () => spawn(process.execPath, ['dist/src/server.js'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const server = start();
    const [, token] = await waitFor(server, /код установки: (\S+)/, 90_000);
    assert.ok(token && token.length >= 12);
    const res = await fetch(`http://127.0.0.1:${port}/login`, { redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/setup');
    const setup = await fetch(`http://127.0.0.1:${port}/setup`);
    assert.match(await setup.text(), /Первый запуск портала/);
    assert.ok(fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION')), 'the cluster lives in DATA_DIR');

    server.kill('SIGTERM');
    const code = await new Promise((resolve) => server.on('exit', resolve));
    assert.equal(code, 0, 'clean exit on SIGTERM');
    assert.equal(await portOpen(pgPort), false, 'the embedded PostgreSQL stopped too');

    const again = start();
    await waitFor(again, /код установки: (\S+)/, 60_000);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.equal(((await health.json()) as { database: string }).database, "ok");
    again.kill('SIGINT');
    assert.equal(await new Promise((resolve) => again.on('exit', resolve)), 0);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
