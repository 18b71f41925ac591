/**
 * The offline schema-engine stand-in (prisma/engine/schema-engine.mjs) driven by the real Prisma CLI:
 * `migrate deploy` / `migrate status` on an empty database, schema ↔ migrations agreement through a
 * shadow database, the whole `migrate dev` cycle on a scratch copy of prisma/, and the engine's own
 * `cli can-connect-to-database` sub-command.
 *
 * Needs DATABASE_URL on a server where its user may create databases; every database it uses is a
 * scratch one named `<database of DATABASE_URL>_eng_<random>` and is dropped at the end.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
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
const scratchDirs: string[] = [];

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
  for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
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

/**
 * A temporary copy of prisma/ (schema + migrations) with its own prisma.config.ts, so that `migrate dev`
 * can write migrations without touching the repo. node_modules is linked in for `import 'prisma/config'`.
 */
function scratchPrismaFolder(): { dir: string; schema: string; migrations: string; config: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-engine-dev-'));
  scratchDirs.push(dir);
  const schema = path.join(dir, 'prisma/schema.prisma');
  const migrations = path.join(dir, 'prisma/migrations');
  fs.mkdirSync(migrations, { recursive: true });
  fs.copyFileSync(path.join(projectRoot, 'prisma/schema.prisma'), schema);
  fs.copyFileSync(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), path.join(migrations, 'migration_lock.toml'));
  for (const name of repoMigrations) {
    fs.mkdirSync(path.join(migrations, name));
    fs.copyFileSync(path.join(MIGRATIONS_DIR, name, 'migration.sql'), path.join(migrations, name, 'migration.sql'));
  }
  fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const config = path.join(dir, 'prisma.config.ts');
  fs.writeFileSync(
    config,
    `import { defineConfig } from 'prisma/config';
export default defineConfig({
  schema: ${JSON.stringify(schema)},
  migrations: { path: ${JSON.stringify(migrations)} },
  // No shadowDatabaseUrl: the stand-in makes (and drops) temporary shadow databases, as in everyday use.
  datasource: { url: process.env.DATABASE_URL! },
});
`,
  );
  return { dir, schema, migrations, config };
}

const migrationDirs = (dir: string) =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

test('migrate dev on a scratch copy: applies pending migrations, creates one for a schema change, then has nothing to do', async () => {
  const url = await scratchDatabase();
  const copy = scratchPrismaFolder();
  const env = { DATABASE_URL: url };

  // 1. Every migration is pending. migrate dev applies them and then asks the engine for the data loss of
  //    the next migration (evaluateDataLoss), which needs the schema of *all* migrations: this used to fail
  //    with "PostgreSQL shadow DB must be provided through an external factory".
  const first = await prisma(['migrate', 'dev', '--name', 'scratch_sync', '--config', copy.config], env);
  assert.equal(first.code, 0, `migrate dev with pending migrations failed: ${describe(first)}`);
  assert.doesNotMatch(first.stdout + first.stderr, /external factory/);
  for (const name of repoMigrations) assert.match(first.stdout, new RegExp(name), `${name} not reported as applied`);
  const applied = await query<{ migration_name: string }>(
    url,
    'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const appliedNames = new Set(applied.map((m) => m.migration_name));
  for (const name of repoMigrations) assert.ok(appliedNames.has(name), `${name} is not recorded as applied`);

  // 2. A schema change becomes a new migration, which is applied.
  const before = migrationDirs(copy.migrations);
  fs.appendFileSync(copy.schema, '\nmodel StandinScratch {\n  id   Int     @id @default(autoincrement())\n  note String?\n}\n');
  const second = await prisma(['migrate', 'dev', '--name', 'standin_scratch', '--config', copy.config], env);
  assert.equal(second.code, 0, `migrate dev after a schema change failed: ${describe(second)}`);
  const created = migrationDirs(copy.migrations).filter((name) => !before.includes(name));
  const [newMigration] = created;
  assert.ok(created.length === 1 && newMigration, `expected exactly one new migration, got ${JSON.stringify(created)}: ${describe(second)}`);
  assert.match(newMigration, /^\d{14}_standin_scratch$/);
  assert.match(fs.readFileSync(path.join(copy.migrations, newMigration, 'migration.sql'), 'utf8'), /CREATE TABLE "StandinScratch"/);
  assert.match(second.stdout, /created and applied/);
  const table = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'StandinScratch'`);
  assert.equal(table[0]?.n, 1, 'the new migration was not applied');

  // 3. Nothing changed: exit 0 and no new migration.
  const third = await prisma(['migrate', 'dev', '--name', 'nothing', '--config', copy.config], env);
  assert.equal(third.code, 0, `migrate dev with nothing to do failed: ${describe(third)}`);
  assert.match(third.stdout, /Already in sync/);
  assert.deepEqual(migrationDirs(copy.migrations), [...before, newMigration].sort());
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
