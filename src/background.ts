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
