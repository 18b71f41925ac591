import path from 'node:path';
import { createBackup } from './backup.ts';
import { pruneBackups } from './files.ts';

export interface TimeOfDay {
  hour: number;
  minute: number;
  second?: number;
}

/** BACKUP_AT: "HH:MM" or "off" (→ null). */
export function parseBackupAt(value: string): TimeOfDay | null {
  if (value.trim().toLowerCase() === 'off') return null;
  const match = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!match) throw new Error(`BACKUP_AT: ожидается ЧЧ:ММ или off, получено «${value}»`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** The first moment strictly after `now` at that time of day, in the server's local time. */
export function nextRunAfter(now: Date, at: TimeOfDay): Date {
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate(), at.hour, at.minute, at.second ?? 0, 0);
  // Day by day, not +24 h: a day with a clock change is 23 or 25 hours long.
  while (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next;
}

type Log = (fields: Record<string, unknown>, message: string) => void;
export interface SchedulerLogger {
  info: Log;
  warn: Log;
  error: Log;
}

export interface BackupScheduler {
  /** When the next run is due; null when backups are off or the scheduler was stopped. */
  readonly nextRunAt: Date | null;
  /** Cancels the next run and interrupts a running one (its half-made file is removed). */
  stop(): Promise<void>;
}

/**
 * The nightly backup inside the portal process (started by src/server.ts, not by createApp, so tests of
 * the app never run it). Each run takes the database's backup lock: with several portal processes on
 * one database, one makes the copy and the others skip. A failed run is logged as an error and the next
 * attempt is at the next slot. Logs say when, how big and how long — never what is inside.
 */
export function startBackupScheduler(options: {
  at: TimeOfDay | null;
  keepDays: number;
  databaseUrl: string;
  uploadsDir: string;
  backupsDir: string;
  logger: SchedulerLogger;
}): BackupScheduler {
  const { logger } = options;
  let nextRunAt: Date | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const controller = new AbortController();

  const schedule = (slot: Date) => {
    if (stopped) return;
    nextRunAt = slot;
    timer = setTimeout(() => {
      // Timers run on a monotonic clock; if the wall clock was set back meanwhile, wait for the slot.
      if (Date.now() < slot.getTime() - 1000) return schedule(slot);
      running = run(slot).finally(() => {
        running = null;
        if (options.at) schedule(nextRunAfter(new Date(Math.max(Date.now(), slot.getTime())), options.at));
      });
    }, Math.max(0, slot.getTime() - Date.now()));
    timer.unref();
  };

  const run = async (slot: Date) => {
    const started = Date.now();
    logger.info({ slot: slot.toISOString() }, 'резервное копирование: начало');
    try {
      const result = await createBackup({
        databaseUrl: options.databaseUrl,
        uploadsDir: options.uploadsDir,
        backupsDir: options.backupsDir,
        skipIfMadeSince: slot,
        signal: controller.signal,
      });
      if (result.status === 'skipped') {
        logger.info({ reason: result.reason }, 'резервное копирование пропущено: копию делает или уже сделал другой процесс портала');
        return;
      }
      logger.info(
        { file: path.basename(result.file), bytes: result.bytes, durationMs: result.durationMs, tables: result.tables, rows: result.rows, files: result.files },
        'резервная копия создана',
      );
      if (result.skippedFiles) {
        logger.warn({ skippedFiles: result.skippedFiles }, 'в каталоге загруженных файлов есть ссылки или файлы с недопустимыми именами: они не скопированы');
      }
      const deleted = pruneBackups(options.backupsDir, options.keepDays);
      if (deleted.length) logger.info({ deleted: deleted.length, keepDays: options.keepDays }, 'старые резервные копии удалены');
    } catch (error) {
      const fields = { err: error instanceof Error ? error.message : String(error), durationMs: Date.now() - started };
      if (stopped) logger.warn(fields, 'резервное копирование прервано остановкой портала');
      else logger.error(fields, 'резервное копирование не удалось; следующая попытка — в следующий раз по расписанию');
    }
  };

  if (options.at) schedule(nextRunAfter(new Date(), options.at));

  return {
    get nextRunAt() {
      return stopped ? null : nextRunAt;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (!running) return;
      controller.abort();
      await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    },
  };
}
