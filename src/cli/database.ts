import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/env.ts';
import { createDatabase, databaseExists } from '../core/database/admin.ts';
import { startEmbeddedPostgres } from '../core/database/embedded.ts';
import { databaseNameOf, withDatabase } from '../core/database/urls.ts';
import { formatOneDecimal } from '../core/format.ts';

/**
 * The portal's database for a command-line tool: DATABASE_URL, or the embedded server in DATA_DIR —
 * shared if the portal is running (embedded.ts attaches to it), otherwise started for the duration of
 * the command. Unlike `npm start` it runs no migrations: a backup takes the database as it is.
 */
export async function openPortalDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'dataDir' | 'EMBEDDED_PG_PORT'>,
  options: { createIfMissing: boolean },
): Promise<{ url: string; close(): Promise<void> }> {
  if (!config.DATABASE_URL && !options.createIfMissing && !fs.existsSync(path.join(config.dataDir, 'pg', 'PG_VERSION'))) {
    throw new Error(`Встроенной базы нет в ${path.join(config.dataDir, 'pg')}: портал ещё не запускался с этим DATA_DIR (или задайте DATABASE_URL)`);
  }
  const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres({ dir: config.dataDir, port: config.EMBEDDED_PG_PORT });
  const url = config.DATABASE_URL ?? withDatabase(embedded!.serverUrl, 'nastavnik');
  const close = async () => void (await embedded?.stop());
  try {
    const name = databaseNameOf(url);
    if (!(await databaseExists(url, name))) {
      if (!options.createIfMissing) throw new Error(`Базы «${name}» нет на сервере: портал ещё не запускался с ней`);
      await createDatabase(url, name);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { url, close };
}

/** «1,4 МБ». */
export function formatBytes(bytes: number): string {
  const format = (value: number, unit: string) => `${formatOneDecimal(value)} ${unit}`;
  if (bytes < 1024) return format(bytes, 'байт');
  if (bytes < 1024 * 1024) return format(bytes / 1024, 'КБ');
  if (bytes < 1024 ** 3) return format(bytes / 1024 / 1024, 'МБ');
  return format(bytes / 1024 ** 3, 'ГБ');
}

/** «2,3 с». */
export function formatSeconds(ms: number): string {
  return `${formatOneDecimal(ms / 1000)} с`;
}
