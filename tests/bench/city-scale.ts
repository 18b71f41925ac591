/**
 * `npx tsx tests/bench/city-scale.ts`: the city page at city scale — 200 kindergartens × 80 staff, 2 000 pairs,
 * 2 000 programmes with 30 000 plan items — timed with sequential requests (no load generator) and its SQL
 * statements counted; then the same with 50 kindergartens, to show the number of statements does not grow. The page
 * twice: computed at every view (CITY_FIGURES_MAX_AGE_SECONDS=0: the cost of computing a page's figures) and as
 * it is served, from the stored figures (the default maximum age; the first, uncounted request stores them).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.ts';
import { createDatabase, dropDatabase } from '../../src/core/database/admin.ts';
import { connectDatabase } from '../../src/core/database/client.ts';
import { startEmbeddedPostgres } from '../../src/core/database/embedded.ts';
import { migrateDeploy } from '../../src/core/database/migrate.ts';
import { withDatabase } from '../../src/core/database/urls.ts';
import { createLogger } from '../../src/core/logger.ts';
import { hashPassword } from '../../src/core/passwords.ts';
import { ensureAuthority, saveCityAccount } from '../../src/modules/city/index.ts';
import { freePort } from '../helpers/net.ts';
import { BENCH_PASSWORD, DEFAULT_DATASET, generateDataset } from './dataset.ts';
import { profileSql } from './profile.ts';

async function measure(serverUrl: string, organizations: number) {
  const name = `nastavnik_city_${organizations}_${crypto.randomBytes(3).toString('hex')}`;
  await createDatabase(serverUrl, name);
  const url = withDatabase(serverUrl, name);
  try {
    await migrateDeploy(url);
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const started = Date.now();
    const data = await generateDataset(url, passwordHash, { ...DEFAULT_DATASET, organizations, programmesPerOrganization: 10 });
    console.log(`# ${data.organizations} kindergartens, ${data.staff} staff, ${data.pairs} pairs, ${data.programmes} programmes (${data.planItems} plan items) in ${Date.now() - started} ms`);
    const db = connectDatabase(url);
    const uploadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-city-'));
    const authority = await ensureAuthority(db.prisma, { slug: 'bench-uo', shortName: 'УО', fullName: 'Управление образования' });
    await saveCityAccount(db.prisma, authority, { login: 'city.bench', fullName: 'Орлова Вера Павловна', passwordHash, mustChangePassword: false });
    for (const [label, maxAge] of [['computed at every view', 0], ['stored figures', undefined]] as const) {
      const app = createApp({
        config: { NODE_ENV: 'production', SESSION_IDLE_MINUTES: 60, trustProxy: false, sessionSecret: crypto.randomBytes(32).toString('hex'), uploadsDir, CITY_FIGURES_MAX_AGE_SECONDS: maxAge },
        db,
        logger: createLogger('silent'),
        setupToken: 'x'.repeat(20),
        loginThrottle: { prefix: `city:${crypto.randomBytes(3).toString('hex')}`, perIp: 100_000, perLogin: 1000 },
      });
      const server = app.listen(await freePort());
      await new Promise((r) => server.once('listening', r));
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const page = await fetch(`${base}/login`);
      const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
      const pre = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const res = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pre }, body: new URLSearchParams({ username: 'city.bench', password: BENCH_PASSWORD, _csrf: token }).toString() });
      const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c!.startsWith('nastavnik.sid='))!;
      for (const route of maxAge === 0 ? ['/city', `/city/org/${data.organizationId}`] : ['/city']) {
        const p = await profileSql(route, `${base}${route}`, { cookie }, 10);
        console.log(`${organizations} kindergartens, GET ${route} (${label}): ${p.queriesPerRequest.toFixed(1)} statements, ${p.sqlMsPerRequest.toFixed(1)} ms SQL, ${p.requestMs.toFixed(1)} ms per request`);
        for (const s of p.statements.slice(0, 20)) console.log(`    ${s.perRequest.toFixed(1)}× ${s.meanMs.toFixed(2)} ms  ${s.text.slice(0, 110)}`);
      }
      server.close();
      await app.close();
    }
    await db.close();
    fs.rmSync(uploadsDir, { recursive: true, force: true });
  } finally {
    await dropDatabase(serverUrl, name);
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-city-pg-'));
fs.chmodSync(dir, 0o755);
const embedded = await startEmbeddedPostgres({ dir, port: await freePort() });
try {
  for (const n of process.argv.slice(2).map(Number).filter(Boolean).length ? process.argv.slice(2).map(Number) : [50, 200]) await measure(embedded.serverUrl, n);
} finally {
  await embedded.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
