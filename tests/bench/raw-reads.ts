/**
 * `npx tsx tests/bench/raw-reads.ts`: what one raw SQL read costs the portal's process — through Prisma (the
 * organization's scoped client as it was: query interpreter, adapter, extension hook) and on the direct path
 * (src/core/database/direct-reads.ts: the same check, a named prepared statement on the pool) — as CPU time of
 * this process per statement, which a busy machine disturbs far less than latencies. Same statements, same
 * pool, alternating rounds.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase } from '../../src/core/database/admin.ts';
import { connectDatabase } from '../../src/core/database/client.ts';
import { startEmbeddedPostgres } from '../../src/core/database/embedded.ts';
import { migrateDeploy } from '../../src/core/database/migrate.ts';
import { scopedClient } from '../../src/core/database/scoped.ts';
import { withDatabase } from '../../src/core/database/urls.ts';
import { Prisma } from '../../src/generated/prisma/client.ts';
import { freePort } from '../helpers/net.ts';

const ROUNDS = 4;
const CALLS = 400;

const statements: [string, (n: number) => InstanceType<typeof Prisma.Sql>][] = [
  ['one row, one count', (n) => Prisma.sql`SELECT count(*)::int AS n FROM "Topic" WHERE "organizationId" = ${n}`],
  [
    '25 rows × 7 columns (int, text, timestamp, date, numeric, jsonb, bool)',
    (n) => Prisma.sql`SELECT g AS id, ${n}::int AS "organizationId", 'Иванова Мария Петровна ' || g AS name, timestamp '2026-12-01 04:00' + g * interval '1 hour' AS at,
                             date '2026-09-01' + g AS "dueOn", (g * 1.5)::numeric AS score, jsonb_build_object('g', g, 'done', g % 2 = 0) AS data, g % 3 = 0 AS overdue
                      FROM generate_series(1, 25) g`,
  ],
];

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-raw-reads-'));
  fs.chmodSync(dir, 0o755);
  const embedded = await startEmbeddedPostgres({ dir, port: await freePort() });
  const name = `nastavnik_raw_${crypto.randomBytes(3).toString('hex')}`;
  await createDatabase(embedded.serverUrl, name);
  const url = withDatabase(embedded.serverUrl, name);
  await migrateDeploy(url);
  const db = connectDatabase(url);
  const viaPrisma = scopedClient(db.prisma, 1);
  const direct = db.forOrganization(1);
  try {
    for (const [label, make] of statements) {
      const cpu = { prisma: [] as number[], direct: [] as number[] };
      const wall = { prisma: [] as number[], direct: [] as number[] };
      for (let round = 0; round < ROUNDS + 1; round++) {
        for (const [kind, client] of [['prisma', viaPrisma], ['direct', direct]] as const) {
          const startCpu = process.cpuUsage();
          const started = performance.now();
          for (let i = 0; i < CALLS; i++) await client.$queryRaw(make(1));
          const used = process.cpuUsage(startCpu);
          // The first round warms up (JIT, plans, connections).
          if (round > 0) {
            cpu[kind].push((used.user + used.system) / CALLS);
            wall[kind].push(((performance.now() - started) * 1000) / CALLS);
          }
        }
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      console.log(
        `${label}: CPU µs/statement Prisma ${median(cpu.prisma).toFixed(0)} → direct ${median(cpu.direct).toFixed(0)} ` +
          `(${(median(cpu.prisma) / median(cpu.direct)).toFixed(1)}×); wall µs Prisma ${median(wall.prisma).toFixed(0)} → direct ${median(wall.direct).toFixed(0)}`,
      );
    }
  } finally {
    await db.close();
    await embedded.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
