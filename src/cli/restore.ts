/**
 * `npm run restore -- FILE [--force]`: restores a backup made by `npm run backup` (or the nightly run)
 * into the portal's database (DATABASE_URL or the embedded one, created if missing) and DATA_DIR/uploads.
 * Refuses a database that already holds data unless --force is given.
 */
import path from 'node:path';
import { loadConfig } from '../config/env.ts';
import { BackupFileError, restoreBackup, RestoreRefusedError } from '../core/backup/restore.ts';
import { formatSeconds, openPortalDatabase } from './database.ts';

const USAGE = 'Использование: npm run restore -- ФАЙЛ [--force]\n  ФАЙЛ — резервная копия (например data/backups/nastavnik-2026-11-30T03-00-00.tar.gz)';

async function main() {
  const args = process.argv.slice(2);
  // `npm run restore FILE --force` (without "--") hands --force to npm itself, which passes it on as npm_config_force.
  const force = args.includes('--force') || process.env.npm_config_force === 'true';
  const files = args.filter((a) => a !== '--force');
  const unknown = files.filter((a) => a.startsWith('-'));
  if (files.length !== 1 || unknown.length) {
    console.error(unknown.length ? `Неизвестный параметр: ${unknown[0]}\n${USAGE}` : USAGE);
    process.exit(2);
  }
  const file = path.resolve(files[0]!);
  const config = loadConfig();
  const database = await openPortalDatabase(config, { createIfMissing: true });
  try {
    console.log(`Восстановление из ${file}…`);
    const result = await restoreBackup({ databaseUrl: database.url, uploadsDir: path.join(config.dataDir, 'uploads'), file, force });
    const madeAt = new Intl.DateTimeFormat('ru-RU', { dateStyle: 'short', timeStyle: 'short' }).format(result.createdAt);
    console.log(`Готово: восстановлена копия от ${madeAt} — таблиц: ${result.tables}, строк: ${result.rows}, загруженных файлов: ${result.files} (${formatSeconds(result.durationMs)}).`);
    if (result.previousUploads) console.log(`Прежние загруженные файлы не удалены, они перенесены в ${result.previousUploads}`);
    console.log('Сеансы входа в копию не входят: всем нужно войти заново. Запустите портал: npm start (он применит новые миграции, если копия старше этой версии портала).');
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  if (error instanceof RestoreRefusedError) console.error(error.message);
  else if (error instanceof BackupFileError) console.error(`Восстановление не выполнено: ${error.message}. База не изменена.`);
  else console.error(`Восстановление не выполнено: ${error instanceof Error ? error.message : error}. База не изменена.`);
  process.exit(1);
});
