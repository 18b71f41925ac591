/**
 * A scratch database for testing a migration on old data: the test brings it up to just before the migration
 * (every earlier migration's SQL, in order), fills it as portals of that time were, then migrates it. Registers
 * its own before/after hooks; `client` is ready inside the tests.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import pg from 'pg';
import { createDatabase, dropDatabase } from '../../src/core/database/admin.ts';
import { projectRoot } from '../../src/core/database/migrate.ts';
import { databaseNameOf, withDatabase } from '../../src/core/database/urls.ts';

const MIGRATIONS_DIR = path.join(projectRoot, 'prisma/migrations');
const MIGRATIONS = fs
  .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const sqlOf = (name: string) => fs.readFileSync(path.join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8');

export interface ScratchMigrationDatabase {
  readonly client: pg.Client;
  /** Every migration before `name`. */
  migrateUpTo(name: string): Promise<void>;
  /** `name` alone. */
  apply(name: string): Promise<void>;
  /** `name` and every migration after it. */
  migrateFrom(name: string): Promise<void>;
  /** One row in, its id out. */
  insert(table: string, row: Record<string, unknown>): Promise<number>;
}

export function scratchMigrationDatabase(tag: string): ScratchMigrationDatabase {
  let serverUrl = '';
  let name = '';
  let client: pg.Client | undefined;
  before(async () => {
    serverUrl = process.env.DATABASE_URL ?? '';
    if (!serverUrl) throw new Error('DATABASE_URL is not set: run the tests with `npm test`');
    name = `${databaseNameOf(serverUrl)}_${tag}_${crypto.randomBytes(3).toString('hex')}`;
    await createDatabase(serverUrl, name);
    client = new pg.Client({ connectionString: withDatabase(serverUrl, name) });
    await client.connect();
  });
  after(async () => {
    await client?.end();
    if (name) await dropDatabase(serverUrl, name).catch(() => {});
  });
  const ready = () => client ?? assert.fail('the scratch database is made in before()');
  const indexOf = (migration: string) => {
    const index = MIGRATIONS.indexOf(migration);
    assert.ok(index > 0, `${migration} not found`);
    return index;
  };
  return {
    get client() {
      return ready();
    },
    async migrateUpTo(migration) {
      for (const earlier of MIGRATIONS.slice(0, indexOf(migration))) await ready().query(sqlOf(earlier));
    },
    async apply(migration) {
      indexOf(migration);
      await ready().query(sqlOf(migration));
    },
    async migrateFrom(migration) {
      for (const later of MIGRATIONS.slice(indexOf(migration))) await ready().query(sqlOf(later));
    },
    async insert(table, row) {
      const columns = Object.keys(row);
      const { rows } = await ready().query<{ id: number }>(
        `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
        Object.values(row),
      );
      return rows[0]!.id;
    },
  };
}
