import crypto from 'node:crypto';
import { createDatabase, dropDatabase } from '../../src/core/database/admin.ts';
import { connectDatabase, type Database } from '../../src/core/database/client.ts';
import { databaseNameOf, withDatabase } from '../../src/core/database/urls.ts';

/** The test database given by tests/run.ts. Refuses anything whose name does not say "test". */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests with `npm test`, which prepares a test database');
  assertTestDatabase(url);
  return url;
}

export function assertTestDatabase(url: string): void {
  const name = databaseNameOf(url);
  if (!/(^|_)test(_|$)/.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "_test_"`);
  }
}

let shared: Database | undefined;

/** One connection pool per test process, on the shared test database. */
export function sharedDatabase(): Database {
  shared ??= connectDatabase(testDatabaseUrl(), { max: 5 });
  return shared;
}

/**
 * A brand-new migrated database with no rows at all (cloned from the template tests/run.ts made):
 * for first-run setup and other tests that need an empty portal.
 */
export async function freshDatabase(): Promise<{ url: string; db: Database; drop(): Promise<void> }> {
  const base = testDatabaseUrl();
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (!template) throw new Error('TEST_TEMPLATE_DATABASE is not set: run the tests with `npm test`');
  const name = `${databaseNameOf(base)}_fresh_${crypto.randomBytes(3).toString('hex')}`;
  await createDatabase(base, name, template);
  const url = withDatabase(base, name);
  assertTestDatabase(url);
  const db = connectDatabase(url, { max: 5 });
  return {
    url,
    db,
    async drop() {
      await db.close();
      await dropDatabase(base, name);
    },
  };
}
