/**
 * The background side of a portal process: the job worker (src/core/jobs) with every module's jobs — mail of
 * notifications, daily digests and reminders. Started by src/server.ts beside the HTTP server (never by createApp:
 * tests build many apps), and by the job tests' worker process exactly the same way.
 */
import type { Config } from './config/env.ts';
import type { Database } from './core/database/client.ts';
import { startJobWorker, type JobsLogger, type JobWorker } from './core/jobs/queue.ts';
import { createMailer, type Mailer } from './core/mail.ts';
import { backgroundJobs, createEvents } from './modules/index.ts';

export interface Background {
  worker: JobWorker;
  mailer: Mailer | null;
  /** The running job is finished first (an unfinished one runs again at the next start). */
  stop(): Promise<void>;
}

export async function startBackground(
  config: Pick<Config, 'SMTP_URL' | 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_USER' | 'SMTP_PASSWORD' | 'SMTP_FROM' | 'DIGEST_AT' | 'publicUrl'>,
  databaseUrl: string,
  db: Database,
  logger: JobsLogger,
  options: { pollIntervalMs?: number; deadWorkerSweepMs?: number } = {},
): Promise<Background> {
  const mailer = createMailer(config);
  const worker = await startJobWorker({
    databaseUrl,
    ...backgroundJobs({
      db,
      events: createEvents({ mailEnabled: mailer !== null }),
      mailer,
      publicUrl: config.publicUrl,
      digestHour: Number(config.DIGEST_AT.slice(0, 2)),
    }),
    logger,
    ...options,
  });
  return {
    worker,
    mailer,
    async stop() {
      await worker.stop();
      mailer?.close();
    },
  };
}

/**
 * The background side as src/server.ts runs it: started beside the HTTP server without holding it up, and if it
 * cannot start (the database is away for a moment), logged and tried again every `retryMs` until it runs — pages
 * never depend on it; queued jobs simply wait. `stop()` also cancels a start that is still under way.
 */
export function launchBackground(start: () => Promise<Background>, logger: JobsLogger, retryMs = 30_000): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Background | null = null;
  let attempt: Promise<void> = Promise.resolve();
  const tryStart = () => {
    attempt = start().then(
      async (background) => {
        if (stopped) await background.stop();
        else running = background;
      },
      (error: unknown) => {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, `очередь заданий не запустилась; следующая попытка через ${Math.round(retryMs / 1000)} с`);
        if (!stopped) (timer = setTimeout(tryStart, retryMs)).unref();
      },
    );
  };
  tryStart();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await attempt;
      await running?.stop();
    },
  };
}
