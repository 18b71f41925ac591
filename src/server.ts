import crypto from 'node:crypto';
import path from 'node:path';
import { createApp } from './app.ts';
import { loadConfig } from './config/env.ts';
import { parseBackupAt, startBackupScheduler } from './core/backup/schedule.ts';
import { connectDatabase } from './core/database/client.ts';
import { prepareDatabase } from './core/database/bootstrap.ts';
import { readOrCreateSecret } from './core/database/embedded.ts';
import { createLogger } from './core/logger.ts';
import { organizationExists } from './modules/setup/setup.service.ts';
import { failInterruptedImports } from './modules/staff/staff.imports.ts';

/** `npm start`: read the environment, get a migrated database, serve HTTP; shut all down on a signal. */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const database = await prepareDatabase(config, (message) => logger.info(message));
  const db = connectDatabase(database.url);
  // An import cut off by a restart wrote nothing (its transaction died): say so instead of "running".
  const interrupted = await failInterruptedImports(db.prisma);
  if (interrupted) logger.warn({ interrupted }, 'staff imports interrupted by the restart were marked as failed');

  const setupToken = crypto.randomBytes(12).toString('base64url');
  const sessionSecret = config.SESSION_SECRET ?? readOrCreateSecret(path.join(config.dataDir, 'session-secret'));
  const uploadsDir = path.join(config.dataDir, 'uploads');
  const app = createApp({ config: { ...config, sessionSecret, uploadsDir }, db, logger, setupToken });
  const backups = startBackupScheduler({
    at: parseBackupAt(config.BACKUP_AT),
    keepDays: config.BACKUP_KEEP_DAYS,
    databaseUrl: database.url,
    uploadsDir,
    backupsDir: path.join(config.dataDir, 'backups'),
    logger,
  });
  if (backups.nextRunAt) logger.info({ nextRunAt: backups.nextRunAt.toISOString() }, 'резервное копирование по расписанию включено');
  else logger.warn('резервное копирование по расписанию выключено (BACKUP_AT=off)');

  const server = app.listen(config.PORT, config.HOST, async () => {
    const address = `http://${config.HOST}:${config.PORT}`;
    logger.info({ address }, `Портал «Наставник» запущен: ${address}`);
    if (!(await organizationExists(db.prisma))) {
      // Printed, not logged as data: the person installing the portal needs it once, in the console.
      console.log(`\nПервый запуск: откройте ${address}/setup и введите код установки: ${setupToken}\n`);
    }
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'остановка…');
    // Requests in flight get 10 s to finish; idle keep-alive connections are closed at once.
    const force = setTimeout(() => server.closeAllConnections(), 10_000);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearTimeout(force);
    await backups.stop();
    await app.close();
    await db.close();
    await database.embedded?.stop();
    logger.info('остановлено');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
