/**
 * The offline schema-engine stand-in (prisma/engine/schema-engine.mjs) driven by the real Prisma CLI:
 * `migrate deploy` / `migrate status` on an empty database, schema ↔ migrations agreement through a
 * shadow database, and the engine's own `cli can-connect-to-database` sub-command.
 *
 * Needs DATABASE_URL on a server where its user may create databases; every database it uses is a
 * scratch one named `<database of DATABASE_URL>_eng_<random>` and is dropped at the end.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createDatabase, dropDatabase } from '../../src/core/database/admin.ts';
import { projectRoot } from '../../src/core/database/migrate.ts';
import { databaseNameOf, withDatabase } from '../../src/core/database/urls.ts';

const PRISMA_CLI = path.join(projectRoot, 'node_modules/prisma/build/index.js');
const ENGINE = path.join(projectRoot, 'prisma/engine/schema-engine.mjs');
const MIGRATIONS_DIR = path.join(projectRoot, 'prisma/migrations');

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The real Prisma CLI with the repo's prisma.config.ts, forced onto the stand-in engine. */
function prisma(args: string[], env: { DATABASE_URL: string; SHADOW_DATABASE_URL?: string }): Promise<RunResult> {
  return run(process.execPath, [PRISMA_CLI, ...args], {
    ...process.env,
    ...env,
    PRISMA_SCHEMA_ENGINE_BINARY: ENGINE,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  });
}

const describe = (r: RunResult) => `exit code ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;

let serverUrl = '';
const scratch: string[] = [];

/** A new empty scratch database; returns its URL. */
async function scratchDatabase(): Promise<string> {
  const name = newScratchName();
  await createDatabase(serverUrl, name);
  return withDatabase(serverUrl, name);
}

function newScratchName(): string {
  const name = `${databaseNameOf(serverUrl)}_eng_${crypto.randomBytes(4).toString('hex')}`;
  assert.ok(Buffer.byteLength(name) <= 63, `database name too long for PostgreSQL: ${name}`);
  scratch.push(name);
  return name;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const repoMigrations = fs
  .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(MIGRATIONS_DIR, d.name, 'migration.sql')))
  .map((d) => d.name)
  .sort();

before(() => {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set: this test needs a PostgreSQL server where the user may create databases ' +
        '(run it with `npm test`, or set DATABASE_URL=postgresql://user:password@host:port/some_test_db)',
    );
  }
  serverUrl = url;
});

after(async () => {
  for (const name of scratch) await dropDatabase(serverUrl, name).catch(() => {});
});

test('migrate deploy applies the repo migrations to an empty database; migrate status is then clean', async () => {
  assert.ok(repoMigrations.length > 0, `no migrations found in ${MIGRATIONS_DIR}`);
  const url = await scratchDatabase();

  const started = Date.now();
  const deploy = await prisma(['migrate', 'deploy'], { DATABASE_URL: url });
  const elapsed = Date.now() - started;
  assert.equal(deploy.code, 0, `prisma migrate deploy failed (${elapsed} ms): ${describe(deploy)}`);
  for (const name of repoMigrations) assert.match(deploy.stdout, new RegExp(name), `${name} not reported as applied`);

  const applied = await query<{ migration_name: string; finished: boolean; rolled_back: boolean }>(
    url,
    'SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM _prisma_migrations ORDER BY migration_name',
  );
  assert.deepEqual(
    applied.map((m) => [m.migration_name, m.finished, m.rolled_back]),
    repoMigrations.map((name) => [name, true, false]),
  );

  const status = await prisma(['migrate', 'status'], { DATABASE_URL: url });
  assert.equal(status.code, 0, `prisma migrate status failed: ${describe(status)}`);
  assert.match(status.stdout, /Database schema is up to date!/);
});

test('prisma/schema.prisma and prisma/migrations agree (migrate diff --exit-code through a shadow database)', async () => {
  const main = await scratchDatabase();
  const shadow = await scratchDatabase();

  const diff = await prisma(
    ['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema', 'prisma/schema.prisma', '--exit-code'],
    { DATABASE_URL: main, SHADOW_DATABASE_URL: shadow },
  );
  assert.notEqual(diff.code, 2, `the migrations do not produce prisma/schema.prisma; missing changes:\n${diff.stdout}`);
  assert.equal(diff.code, 0, `prisma migrate diff failed: ${describe(diff)}`);
  assert.match(diff.stdout, /No difference detected/);

  // The migrations were replayed in our scratch shadow database (not in a temporary one).
  const tables = await query<{ n: number }>(
    shadow,
    "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
  );
  assert.ok(
    (tables[0]?.n ?? 0) > 0,
    'the shadow database stayed empty: prisma.config.ts must pass SHADOW_DATABASE_URL as datasource.shadowDatabaseUrl',
  );
});

test('the stand-in answers `cli can-connect-to-database`: ok for an existing database, P1003 for a missing one', async () => {
  const engine = (url: string) =>
    run(process.execPath, [ENGINE, '--datasource', JSON.stringify({ url }), 'cli', 'can-connect-to-database'], {
      ...process.env,
      RUST_LOG: 'info',
    });
  // The CLI skips the first stderr line and requires every other one to be a JSON log record.
  const logRecords = (r: RunResult) =>
    r.stderr
      .split('\n')
      .slice(1)
      .filter((line) => line.trim() !== '')
      .map((line) => {
        try {
          return JSON.parse(line) as { level?: string; target?: string; fields?: { error_code?: string; message?: string } };
        } catch {
          assert.fail(`stderr line is not JSON (the Prisma CLI could not parse it): ${line}\n${describe(r)}`);
        }
      });

  const existing = await engine(await scratchDatabase());
  assert.equal(existing.code, 0, describe(existing));
  assert.equal(existing.stdout, '', 'stdout is reserved for JSON-RPC');
  logRecords(existing);

  const missing = await engine(withDatabase(serverUrl, newScratchName()));
  assert.equal(missing.code, 1, describe(missing));
  const error = logRecords(missing).find((r) => r.level === 'ERROR' && r.target === 'schema_engine::logger');
  assert.ok(error, `no error record on stderr: ${describe(missing)}`);
  assert.equal(error.fields?.error_code, 'P1003');
  assert.match(error.fields?.message ?? '', /does not exist/);
});
