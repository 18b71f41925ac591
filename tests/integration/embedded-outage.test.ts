/**
 * The embedded PostgreSQL dies under the running portal (kill -9 of its server process): the portal
 * answers 503 meanwhile, starts the database again by itself, logs each attempt and recovers without
 * a restart of its own. And with the database gone, SIGTERM still stops the portal within seconds.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { freePort } from '../helpers/net.ts';
import { eventually, startServer } from '../helpers/server-process.ts';

function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

async function status(url: string): Promise<number> {
  return (await fetch(url, { redirect: 'manual' })).status;
}

test('embedded PostgreSQL killed: 503 with Retry-After meanwhile, restarted by the portal, pages work again; SIGTERM without a database stops in seconds', { timeout: 300_000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-outage-'));
  fs.chmodSync(dataDir, 0o755); // the embedded server runs as its own OS user
  const [port, pgPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'info',
    // A few seconds of outage, so a loaded machine still gets a request in while the database is down.
    EMBEDDED_PG_RESTART_DELAY_MS: '4000' };
  delete env.DATABASE_URL;
  const base = `http://127.0.0.1:${port}`;
  const server = startServer(env);
  try {
    await server.waitFor(/код установки: (\S+)/, 120_000);
    assert.equal(await status(`${base}/health`), 200);
    assert.equal(await status(`${base}/setup`), 200);

    // ---- the database dies; the portal says so and brings it back -----------------------------------
    const killedPid = postmasterPid(dataDir);
    const since = server.output().length;
    process.kill(killedPid, 'SIGKILL');
    const seen: (number | string)[] = [];
    await eventually(() => `a page answers 503 while the database is down (answers seen: ${[...new Set(seen)].join(', ')}; the portal said:\n${server.output().slice(since).slice(-3000)})`, async () => {
      const res = await fetch(`${base}/setup`, { redirect: 'manual' }).catch((error: Error) => {
        seen.push(`${error.message} ${String((error.cause as Error | undefined)?.message ?? '')}`);
        throw error;
      });
      seen.push(res.status);
      if (res.status !== 503) return false;
      assert.equal(res.headers.get('retry-after'), '30');
      assert.match(await res.text(), /Портал временно недоступен/);
      return true;
    }, 10_000, 20);
    await server.waitFor(/неожиданно остановился/, 10_000, since);
    await eventually('/health is back to 200', async () => (await status(`${base}/health`)) === 200, 90_000);
    assert.match(server.output().slice(since), /перезапуск встроенного PostgreSQL: попытка 1 из 5/, 'each attempt is in the log');
    assert.match(server.output().slice(since), /встроенный PostgreSQL снова работает/);
    assert.notEqual(postmasterPid(dataDir), killedPid, 'a new server process');
    const page = await fetch(`${base}/setup`);
    assert.equal(page.status, 200, 'pages work again without restarting the portal');
    assert.match(await page.text(), /Первый запуск портала/);

    // ---- the database dies again and the portal is told to stop at once ---------------------------------
    process.kill(postmasterPid(dataDir), 'SIGKILL');
    await eventually('the outage is noticed', async () => (await status(`${base}/health`)) === 503, 10_000, 20);
    const started = Date.now();
    server.child.kill('SIGTERM');
    const { code } = await server.exited;
    const tookMs = Date.now() - started;
    assert.equal(code, 0, 'a clean exit');
    assert.ok(tookMs < 6_000, `stopped in ${tookMs} ms with the database gone`);
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    // The portal may have restarted the database just before it stopped: make sure nothing is left running.
    try {
      const pid = postmasterPid(dataDir);
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir)) process.kill(pid, 'SIGKILL');
    } catch {
      // not running
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
