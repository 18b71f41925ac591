import path from 'node:path';
import type { Config } from '../../config/env.ts';
import { createDatabase, databaseExists, withStartupLock } from './admin.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.ts';
import { migrateDeploy } from './migrate.ts';
import { databaseNameOf, withDatabase } from './urls.ts';

export interface ReadyDatabase {
  url: string;
  embedded: EmbeddedDatabase | null;
}

/**
 * Gives a migrated database: the one in DATABASE_URL, or the embedded server's "nastavnik" database
 * (started in DATA_DIR). Used by `npm start`, `npm run demo` and `npm run bench`.
 */
export async function prepareDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'dataDir' | 'EMBEDDED_PG_PORT'>,
  log: (message: string) => void,
): Promise<ReadyDatabase> {
  let url = config.DATABASE_URL;
  let embedded: EmbeddedDatabase | null = null;
  if (!url) {
    log(`Запуск встроенного PostgreSQL (${path.join(config.dataDir, 'pg')}, порт ${config.EMBEDDED_PG_PORT})…`);
    embedded = await startEmbeddedPostgres({ dir: config.dataDir, port: config.EMBEDDED_PG_PORT });
    url = withDatabase(embedded.serverUrl, 'nastavnik');
  }
  try {
    const name = databaseNameOf(url);
    if (!(await databaseExists(url, name).catch(() => true))) {
      // A twin process may create it between the question and the answer: «already exists» is success.
      await createDatabase(url, name).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error;
      });
    }
    log('Применение миграций…');
    await withStartupLock(url, () => migrateDeploy(url));
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return { url, embedded };
}
