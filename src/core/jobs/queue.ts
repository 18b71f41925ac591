/**
 * Background jobs in the portal's own PostgreSQL, through graphile-worker 0.16 (the last line for Node 20; 0.17+
 * needs Node 22). Why this library and not pg-boss 10 — the other maintained PostgreSQL queue that still runs on
 * Node 20:
 *
 * - **Enqueued inside our transactions, from SQL.** `graphile_worker.add_job(…)` is a documented SQL function, so a
 *   module queues a job in the same statement stream as the change it follows (`jobFromRows` below): a rolled-back
 *   change never mails anyone, and the statement selects the organization's own rows, which is what the scoped
 *   client (core/database/scoped.ts) demands of raw SQL. pg-boss sends through its own SQL text over a client
 *   adapter — it could only join a Prisma transaction by exempting its statements from that check.
 * - **Its own schema.** The library keeps its tables in `graphile_worker` and migrates them itself at start-up:
 *   Prisma's migrations (schema `public`) never see them, and backups (core/backup, tables of `public`) do not
 *   carry queued jobs — a restored database does not replay old mails; a job whose row is gone finishes quietly.
 * - **Runs once among several processes** (`FOR UPDATE SKIP LOCKED`), **retries with exponential backoff**
 *   (`max_attempts`), **cron** whose slots are claimed once in `known_crontabs` and back-filled after downtime,
 *   and LISTEN/NOTIFY, so a queued mail starts within milliseconds instead of a polling interval.
 * - Footprint: one schema, a pg pool of a few connections per process, ~9 small dependencies (pg-boss has 3).
 *
 * What the open-source library lacks is recovery from a *killed* worker: its jobs stay locked for 4 hours. So each
 * process runs ONE worker with a known id and holds a session advisory lock named after it for as long as it
 * lives; PostgreSQL drops that lock the moment the process's connection dies (SIGKILL, crash). At start and every
 * minute each process looks at the workers that hold jobs, and those whose lock it can take are dead: their jobs
 * are unlocked (`force_unlock_workers`) and run again at once. A job must therefore be safe to run twice (the
 * notification jobs check the row's state before and after sending).
 *
 * The worker starts in src/server.ts, never in createApp (tests build many apps); tests start their own.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { Logger as GraphileLogger, parseCronItems, run, runMigrations, type CronItem, type Runner, type TaskList } from 'graphile-worker';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { withStartupLock } from '../database/admin.ts';

export type { CronItem, JobHelpers, Task, TaskList } from 'graphile-worker';

/** The queue's schema (the library's default; named here because raw SQL calls its functions). */
export const JOBS_SCHEMA = 'graphile_worker';

/** pg_advisory_lock(key1, hashtext(workerId)): «this worker is alive». ('nast', 'jobs') */
const LIVENESS_LOCK_SPACE = 0x6e617374 ^ 0x6a6f6273;

type Log = (fields: Record<string, unknown>, message: string) => void;
export interface JobsLogger {
  debug: Log;
  info: Log;
  warn: Log;
  error: Log;
}

export interface JobWorkerOptions {
  databaseUrl: string;
  tasks: TaskList;
  cron?: CronItem[];
  logger: JobsLogger;
  /** How often to look for jobs whose time has come (retries, delayed); new jobs arrive by LISTEN at once. */
  pollIntervalMs?: number;
  /** How often to look for jobs held by dead workers. */
  deadWorkerSweepMs?: number;
}

export interface JobWorker {
  readonly workerId: string;
  /** Finishes the running job (the library waits for it), then closes the connections. */
  stop(): Promise<void>;
  /** Looks for jobs held by dead workers now; returns the ids of the workers found dead. */
  releaseDeadWorkers(): Promise<string[]>;
}

/** The library's log lines go to our logger (pino), with its scope (worker, task, job) as fields. */
function graphileLogger(logger: JobsLogger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...(meta as Record<string, unknown> | undefined), component: 'jobs' };
    if (level === 'error') logger.error(fields, message);
    else if (level === 'warning') logger.warn(fields, message);
    else if (level === 'info') logger.info(fields, message);
    else logger.debug(fields, message);
  });
}

/** Creates or updates the queue's schema (idempotent; the library's own migrations). */
export async function migrateJobs(databaseUrl: string, logger: JobsLogger): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await withStartupLock(databaseUrl, () => runMigrations({ pgPool: pool, logger: graphileLogger(logger) }));
  } finally {
    await pool.end();
  }
}

/** Starts this process's worker (see the file comment): migrations, liveness lock, dead-worker sweep, tasks, cron. */
export async function startJobWorker(options: JobWorkerOptions): Promise<JobWorker> {
  const { logger } = options;
  const workerId = `nastavnik-${os.hostname()}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4 });
  // A connection lost while the database restarts must not crash the process; the library reconnects.
  pool.on('error', (error) => logger.warn({ err: error.message }, 'очередь заданий: соединение с базой потеряно'));
  const log = graphileLogger(logger);
  await withStartupLock(options.databaseUrl, () => runMigrations({ pgPool: pool, logger: log }));

  // Held for the worker's whole life on its own connection: its presence is the worker's pulse.
  const liveness = new pg.Client({ connectionString: options.databaseUrl });
  liveness.on('error', (error) => logger.warn({ err: error.message }, 'очередь заданий: соединение «жив ли процесс» потеряно'));
  await liveness.connect();
  await liveness.query('SELECT pg_advisory_lock($1, hashtext($2))', [LIVENESS_LOCK_SPACE, workerId]);

  const releaseDeadWorkers = async (): Promise<string[]> => {
    const client = await pool.connect();
    try {
      const holders = await client.query<{ locked_by: string }>(
        `SELECT DISTINCT locked_by FROM ${JOBS_SCHEMA}.jobs WHERE locked_by IS NOT NULL AND locked_by <> $1`,
        [workerId],
      );
      const dead: string[] = [];
      for (const { locked_by: id } of holders.rows) {
        const probe = await client.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS free', [LIVENESS_LOCK_SPACE, id]);
        if (!probe.rows[0]?.free) continue;
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LIVENESS_LOCK_SPACE, id]);
        dead.push(id);
      }
      if (dead.length) {
        await client.query(`SELECT ${JOBS_SCHEMA}.force_unlock_workers($1::text[])`, [dead]);
        logger.warn({ workers: dead }, 'очередь заданий: задания остановившихся процессов снова в очереди');
      }
      return dead;
    } finally {
      client.release();
    }
  };

  let sweeping: Promise<unknown> = releaseDeadWorkers();
  await sweeping;
  const sweep = setInterval(() => {
    sweeping = releaseDeadWorkers().catch((error) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'очередь заданий: проверка остановившихся процессов не удалась'));
  }, options.deadWorkerSweepMs ?? 60_000);
  sweep.unref();

  let runner: Runner;
  try {
    runner = await run({
      pgPool: pool,
      taskList: options.tasks,
      parsedCronItems: parseCronItems(options.cron ?? []),
      // One worker per process, with the id its liveness lock is named after (the library allows an id with concurrency 1).
      concurrency: 1,
      workerId,
      noHandleSignals: true,
      pollInterval: options.pollIntervalMs ?? 2_000,
      logger: log,
    } as Parameters<typeof run>[0] & { workerId: string });
  } catch (error) {
    clearInterval(sweep);
    await liveness.end().catch(() => {});
    await pool.end().catch(() => {});
    throw error;
  }
  logger.info({ workerId }, 'очередь заданий запущена');

  let stopping: Promise<void> | null = null;
  return {
    workerId,
    releaseDeadWorkers,
    stop() {
      stopping ??= (async () => {
        clearInterval(sweep);
        await sweeping.catch(() => {});
        await runner.stop().catch((error) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'очередь заданий: остановка с ошибкой'));
        await liveness.end().catch(() => {});
        await pool.end().catch(() => {});
        logger.info({ workerId }, 'очередь заданий остановлена');
      })();
      return stopping;
    },
  };
}

/**
 * `graphile_worker.add_job(…)` as an SQL expression, for a statement that selects the rows a job is about — so the
 * job is queued in the caller's transaction (see the file comment):
 *
 *     SELECT (${jobFromRows({ task: 'notifications:email', payload: Sql.sql`json_build_object('notificationId', n.id)`, … })}).id
 *     FROM "Notification" n WHERE n."organizationId" = … AND n.id = ANY(…)
 *
 * (`.id`: the function returns the job row, whose composite type the driver does not read.) `jobKey` makes queuing idempotent: a job with the same key that has not run yet is replaced, not doubled.
 */
export function jobFromRows(spec: { task: string; payload: Sql.Sql; jobKey?: Sql.Sql; maxAttempts?: number; runAt?: Sql.Sql }): Sql.Sql {
  const parts = [Sql.sql`identifier := ${spec.task}::text`, Sql.sql`payload := (${spec.payload})::json`];
  if (spec.jobKey) parts.push(Sql.sql`job_key := (${spec.jobKey})::text`);
  if (spec.maxAttempts) parts.push(Sql.sql`max_attempts := ${spec.maxAttempts}::int`);
  if (spec.runAt) parts.push(Sql.sql`run_at := (${spec.runAt})::timestamptz`);
  return Sql.sql`${Sql.raw(JOBS_SCHEMA)}.add_job(${Sql.join(parts, ', ')})`;
}
