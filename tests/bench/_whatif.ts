// SCRATCH (deleted after use): what-if variants of the portal, simulated by monkeypatching.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createApp } from '../../src/app.ts';
import { createDatabase } from '../../src/core/database/admin.ts';
import { connectDatabase } from '../../src/core/database/client.ts';
import { startEmbeddedPostgres } from '../../src/core/database/embedded.ts';
import { migrateDeploy } from '../../src/core/database/migrate.ts';
import { withDatabase } from '../../src/core/database/urls.ts';
import { createLogger } from '../../src/core/logger.ts';
import { hashPassword } from '../../src/core/passwords.ts';
import { startBaseline } from './baseline.ts';
import { BENCH_PASSWORD, generateDataset } from './dataset.ts';
import { runLoad } from './load.ts';

const D = Number(process.env.D ?? 6);
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-whatif-'));
fs.chmodSync(tempDir, 0o755);
const port = await new Promise<number>((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => r(p)); }); });
const embedded = await startEmbeddedPostgres({ dir: tempDir, port });
try {
  await createDatabase(embedded.serverUrl, 'whatif');
  const url = withDatabase(embedded.serverUrl, 'whatif');
  await migrateDeploy(url);
  const data = await generateDataset(url, await hashPassword(BENCH_PASSWORD));

  // Micro: Intl per call vs cached.
  const opts = { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' } as const;
  const d = new Date();
  let t = performance.now();
  for (let i = 0; i < 5000; i++) new Intl.DateTimeFormat('ru-RU', opts).format(d);
  const perCall = ((performance.now() - t) / 5000) * 1000;
  const cachedF = new Intl.DateTimeFormat('ru-RU', opts);
  t = performance.now();
  for (let i = 0; i < 5000; i++) cachedF.format(d);
  const cached = ((performance.now() - t) / 5000) * 1000;
  t = performance.now();
  for (let i = 0; i < 5000; i++) new Intl.NumberFormat('ru-RU').format(80);
  const nf = ((performance.now() - t) / 5000) * 1000;
  console.log(`Intl.DateTimeFormat new+format: ${perCall.toFixed(1)} µs; cached format: ${cached.toFixed(1)} µs; NumberFormat new+format: ${nf.toFixed(1)} µs`);

  // Micro: session-touch-like UPDATE with synchronous_commit on/off.
  for (const sc of ['on', 'off']) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`SET synchronous_commit = ${sc}`);
    await c.query(`INSERT INTO session (sid, sess, expire) VALUES ('x${sc}', '{}', now()) ON CONFLICT DO NOTHING`);
    t = performance.now();
    for (let i = 0; i < 300; i++) await c.query(`UPDATE "session" SET expire = to_timestamp($1) WHERE sid = $2 RETURNING sid`, [Date.now() / 1000 + 3600, 'x' + sc]);
    const upd = (performance.now() - t) / 300;
    t = performance.now();
    for (let i = 0; i < 300; i++) await c.query(`SELECT sess FROM "session" WHERE sid = $1 AND expire >= to_timestamp($2)`, ['x' + sc, 0]);
    console.log(`synchronous_commit=${sc}: touch UPDATE ${upd.toFixed(2)} ms, session SELECT ${((performance.now() - t) / 300).toFixed(2)} ms`);
    await c.end();
  }

  const base = await startBaseline(url, data.organizationId);
  const bres = await runLoad({ url: `${base.url}/users`, connections: 10, duration: D, warmup: 1 });
  console.log(`baseline /users: ${bres.rps.toFixed(0)} req/s p50 ${bres.p50.toFixed(1)} p95 ${bres.p95.toFixed(1)}`);
  await base.close();

  const RealDTF = Intl.DateTimeFormat;
  const RealNF = Intl.NumberFormat;
  const cacheIntl = () => {
    const dtf = new Map<string, Intl.DateTimeFormat>();
    const nfm = new Map<string, Intl.NumberFormat>();
    (Intl as { DateTimeFormat: unknown }).DateTimeFormat = function (l?: string, o?: Intl.DateTimeFormatOptions) {
      const k = JSON.stringify([l, o]);
      let f = dtf.get(k);
      if (!f) dtf.set(k, (f = new RealDTF(l, o)));
      return f;
    };
    (Intl as { NumberFormat: unknown }).NumberFormat = function (l?: string, o?: Intl.NumberFormatOptions) {
      const k = JSON.stringify([l, o]);
      let f = nfm.get(k);
      if (!f) nfm.set(k, (f = new RealNF(l, o)));
      return f;
    };
  };
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const realQuery = proto.query;
  const skipTouch = () => {
    proto.query = function (this: pg.Client, ...a: unknown[]) {
      if (typeof a[0] === 'string' && a[0].startsWith('UPDATE "session" SET expire')) {
        const cb = a.find((x) => typeof x === 'function') as ((e: null, r: unknown) => void) | undefined;
        const r = { rows: [{ sid: a[1] }], rowCount: 1 };
        if (cb) { setImmediate(() => cb(null, r)); return undefined; }
        return Promise.resolve(r);
      }
      return realQuery.apply(this, a);
    };
  };

  const variants: [string, () => void, string][] = [
    ['as is', () => {}, url],
    ['Intl formatters cached', cacheIntl, url],
    ['+ synchronous_commit=off', () => {}, url + '?options=' + encodeURIComponent('-c synchronous_commit=off')],
    ['+ no session touch at all', skipTouch, url],
  ];
  for (const [label, apply, dbUrl] of variants) {
    apply();
    const db = connectDatabase(dbUrl);
    const app = createApp({
      config: { NODE_ENV: 'production', SESSION_IDLE_MINUTES: 60, trustProxy: false, sessionSecret: 'x'.repeat(40) },
      db, logger: createLogger('silent'), setupToken: 'x', loginThrottle: { prefix: crypto.randomUUID(), perIp: 100000 },
    });
    const server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const u = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    const page = await fetch(`${u}/login`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const res = await fetch(`${u}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') }, body: new URLSearchParams({ username: data.adminLogin, password: BENCH_PASSWORD, _csrf: csrf }).toString() });
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    for (const route of ['/', '/users']) {
      const r = await runLoad({ url: u + route, headers: { cookie }, connections: 10, duration: D, warmup: 1, bodyIncludes: '</html>' });
      console.log(`${label.padEnd(28)} ${route.padEnd(7)} ${r.rps.toFixed(0).padStart(5)} req/s p50 ${r.p50.toFixed(1)} p95 ${r.p95.toFixed(1)} non2xx ${r.non2xx} mism ${r.mismatches}`);
    }
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await new Promise((r) => setTimeout(r, 300));
    await app.close();
    await db.close();
  }
} finally {
  await embedded.stop();
  fs.rmSync(tempDir, { recursive: true, force: true });
}
process.exit(0);
