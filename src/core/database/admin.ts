import pg from 'pg';
import { quoteIdent, withDatabase } from './urls.ts';

async function withServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return withServer(serverUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

/**
 * Creates a database that sorts Russian correctly (ICU ru-RU) where the server allows it,
 * otherwise with the server's defaults. `template` copies an existing database instead.
 */
export function createDatabase(serverUrl: string, name: string, template?: string): Promise<void> {
  return withServer(serverUrl, async (c) => {
    if (template) {
      await c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
      return;
    }
    try {
      await c.query(
        `CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'ru-RU' LOCALE 'C.UTF-8'`,
      );
    } catch (error) {
      if ((error as { code?: string }).code === '42P04') throw error; // already exists
      await c.query(`CREATE DATABASE ${quoteIdent(name)}`);
    }
  });
}

export function dropDatabase(serverUrl: string, name: string): Promise<void> {
  return withServer(serverUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
}

/**
 * Runs `work` while holding the portal's start-up lock on the database of `databaseUrl` (a session-level advisory
 * lock on a connection of its own). Several portal processes started at once (systemd, a city's N instances)
 * would otherwise prepare the same schema concurrently: PostgreSQL's «CREATE SCHEMA IF NOT EXISTS» is not safe
 * against a concurrent twin (a unique violation in pg_namespace), which is how the job queue's first start failed.
 */
export async function withStartupLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // The database going away while `work` runs fails `work` itself; an unheard error here would end the process.
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('nastavnik:startup'))");
    return await work();
  } finally {
    await client.end(); // ends the session, and with it the lock
  }
}
