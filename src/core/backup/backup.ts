import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { projectRoot } from '../database/migrate.ts';
import { freeBackupName, listBackups, removeLeftovers, workPaths } from './files.ts';
import {
  BACKUP_FORMAT,
  BACKUP_LOCK,
  ident,
  MANIFEST_ENTRY,
  MIGRATIONS_TABLE,
  PRISMA_MIGRATIONS_DDL,
  publicSequences,
  publicTables,
  ROWS_NOT_KEPT,
  UPLOADS_LIST_ENTRY,
  UPLOADS_PREFIX,
  type Manifest,
} from './manifest.ts';
import { isArchivableName, writeTar, type TarEntry } from './tar.ts';

export interface BackupOptions {
  databaseUrl: string;
  /** DATA_DIR/uploads: every file under it goes into the backup. */
  uploadsDir: string;
  /** DATA_DIR/backups. */
  backupsDir: string;
  /** Skip (status "already-made") when a backup made at or after this moment is already in the folder. */
  skipIfMadeSince?: Date;
  signal?: AbortSignal;
}

export type BackupResult =
  | {
      status: 'created';
      file: string;
      bytes: number;
      durationMs: number;
      tables: number;
      rows: number;
      files: number;
      /** Entries under the uploads folder that are not regular files the archive can hold (links, odd names). */
      skippedFiles: number;
    }
  /** "locked": another process (a second portal, `npm run backup`) is making one right now. */
  | { status: 'skipped'; reason: 'locked' | 'already-made' };

/**
 * Makes one backup of the database and the uploaded files into `backupsDir` (see manifest.ts for what
 * the file holds). Runs under a PostgreSQL advisory lock, so portals sharing a database make one copy
 * between them. The file appears under its final name only when complete.
 * Used by the nightly scheduler and by `npm run backup`.
 */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'nastavnik-backup' });
  client.on('error', () => {}); // a dropped connection surfaces as the failing query's error
  await client.connect();
  const abort = () => void client.end().catch(() => {});
  options.signal?.addEventListener('abort', abort, { once: true });
  let paths: ReturnType<typeof workPaths> | undefined;
  try {
    const { rows: lock } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [...BACKUP_LOCK]);
    if (!lock[0]!.ok) return { status: 'skipped', reason: 'locked' };
    if (options.skipIfMadeSince) {
      const since = Math.floor(options.skipIfMadeSince.getTime() / 1000) * 1000; // names carry whole seconds
      if (listBackups(options.backupsDir).some((b) => b.madeAt.getTime() >= since)) return { status: 'skipped', reason: 'already-made' };
    }
    // Backups hold personal data: only the portal's OS user may read them.
    fs.mkdirSync(options.backupsDir, { recursive: true, mode: 0o700 });
    removeLeftovers(options.backupsDir);
    const madeAt = new Date();
    const name = freeBackupName(options.backupsDir, madeAt);
    paths = workPaths(options.backupsDir, name);
    fs.mkdirSync(paths.work, { mode: 0o700 });

    const snapshot = await dumpDatabase(client, paths.work, madeAt);
    options.signal?.throwIfAborted();
    const { files: uploads, skipped } = listUploads(options.uploadsDir);
    snapshot.manifest.uploads = { files: uploads.length, bytes: uploads.reduce((sum, u) => sum + u.size, 0) };

    await pipeline(
      Readable.from(writeTar(archiveEntries(snapshot, paths.work, options.uploadsDir, uploads))),
      zlib.createGzip({ level: 6 }),
      fs.createWriteStream(paths.partial, { mode: 0o600 }),
      { signal: options.signal },
    );
    const handle = await fs.promises.open(paths.partial, 'r');
    await handle.sync(); // on disk before it gets the name that says "complete"
    await handle.close();
    const file = path.join(options.backupsDir, name);
    fs.renameSync(paths.partial, file);
    return {
      status: 'created',
      file,
      bytes: fs.statSync(file).size,
      durationMs: Date.now() - started,
      tables: snapshot.manifest.tables.length,
      rows: snapshot.manifest.tables.reduce((sum, t) => sum + (t.data?.rows ?? 0), 0),
      files: uploads.length,
      skippedFiles: skipped,
    };
  } finally {
    options.signal?.removeEventListener('abort', abort);
    if (paths) {
      fs.rmSync(paths.work, { recursive: true, force: true });
      fs.rmSync(paths.partial, { force: true });
    }
    await client.end().catch(() => {}); // also releases the advisory lock
  }
}

interface Snapshot {
  manifest: Manifest;
  /** Schema entry name → SQL text. */
  schemaSql: Map<string, Buffer>;
}

/**
 * Reads the whole database in one REPEATABLE READ transaction (one snapshot, as pg_dump does): the
 * applied migrations, each table's rows spooled to `workDir/<table>.copy`, the sequences.
 */
async function dumpDatabase(client: pg.Client, workDir: string, madeAt: Date): Promise<Snapshot> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const { rows: version } = await client.query<{ v: string }>('SELECT version() AS v');
    const schemaSql = new Map<string, Buffer>([['schema/00-prisma-migrations.sql', Buffer.from(PRISMA_MIGRATIONS_DDL)]]);
    for (const migration of await appliedMigrations(client)) schemaSql.set(`schema/${migration.name}.sql`, migration.sql);

    const tables: Manifest['tables'] = [];
    for (const table of await publicTables(client)) {
      if (ROWS_NOT_KEPT.has(table.name)) {
        tables.push({ ...table, data: null });
        continue;
      }
      if (!/^[A-Za-z0-9_]+$/.test(table.name)) throw new Error(`таблица с необычным именем: ${table.name}`);
      const entry = `data/${table.name}.copy`;
      const columns = table.columns.map(ident).join(', ');
      const source = client.query(copyTo(`COPY ${ident(table.name)} (${columns}) TO STDOUT`));
      const hash = crypto.createHash('sha256');
      let bytes = 0;
      await pipeline(
        source,
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            bytes += chunk.length;
            done(null, chunk);
          },
        }),
        fs.createWriteStream(path.join(workDir, `${table.name}.copy`), { mode: 0o600 }),
      );
      tables.push({ ...table, data: { entry, rows: source.rowCount, sha256: hash.digest('hex'), bytes } });
    }

    const sequences: Manifest['sequences'] = [];
    for (const name of await publicSequences(client)) {
      const { rows } = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value, is_called FROM ${ident(name)}`);
      sequences.push({ name, lastValue: String(rows[0]!.last_value), isCalled: rows[0]!.is_called });
    }
    await client.query('COMMIT');

    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      version: 1,
      createdAt: madeAt.toISOString(),
      portalVersion: portalVersion(),
      postgresVersion: version[0]!.v,
      schema: [...schemaSql].map(([entry, sql]) => ({ entry, sha256: sha256(sql), bytes: sql.length })),
      tables,
      sequences,
      uploads: { files: 0, bytes: 0 },
    };
    return { manifest, schemaSql };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * The migrations Prisma applied to this database, with their SQL from prisma/migrations. The file must
 * be the one that was applied (Prisma's checksum): otherwise the schema rebuilt from it would differ.
 */
async function appliedMigrations(client: pg.Client): Promise<{ name: string; sql: Buffer }[]> {
  const { rows: exists } = await client.query<{ t: string | null }>(`SELECT to_regclass('public.${MIGRATIONS_TABLE}') AS t`);
  if (!exists[0]!.t) throw new Error('В базе нет таблицы миграций: это не база портала или портал ещё ни разу не запускался на ней');
  const { rows } = await client.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM ${ident(MIGRATIONS_TABLE)}
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name COLLATE "C"`,
  );
  return rows.map((row) => {
    if (!/^[A-Za-z0-9_-]+$/.test(row.migration_name)) throw new Error(`миграция с необычным именем: ${row.migration_name}`);
    const file = path.join(projectRoot, 'prisma', 'migrations', row.migration_name, 'migration.sql');
    if (!fs.existsSync(file)) {
      throw new Error(`В базе применена миграция ${row.migration_name}, которой нет в этой версии портала (${file}): обновите портал`);
    }
    const sql = fs.readFileSync(file);
    if (sha256(sql) !== row.checksum) throw new Error(`Файл миграции ${row.migration_name} изменён после её применения к базе`);
    return { name: row.migration_name, sql };
  });
}

interface UploadFile {
  /** Path under the uploads directory, '/'-separated. */
  relative: string;
  size: number;
  mtime: Date;
}

/**
 * Every regular file under the uploads directory. The portal names its files `<organization>/<uuid>.<ext>`;
 * anything it cannot have made (a symbolic link, a name with control characters or too long for tar) is
 * counted in `skipped` rather than silently dropped.
 */
function listUploads(uploadsDir: string): { files: UploadFile[]; skipped: number } {
  if (!fs.existsSync(uploadsDir)) return { files: [], skipped: 0 };
  const files: UploadFile[] = [];
  let skipped = 0;
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), relative);
      else if (entry.isFile() && isArchivableName(UPLOADS_PREFIX + relative)) {
        const stat = fs.statSync(path.join(dir, entry.name));
        files.push({ relative, size: stat.size, mtime: stat.mtime });
      } else skipped++;
    }
  };
  walk(uploadsDir, '');
  return { files: files.sort((a, b) => (a.relative < b.relative ? -1 : 1)), skipped };
}

async function* archiveEntries(snapshot: Snapshot, workDir: string, uploadsDir: string, uploads: UploadFile[]): AsyncGenerator<TarEntry> {
  const { manifest } = snapshot;
  const madeAt = new Date(manifest.createdAt);
  yield bufferEntry(MANIFEST_ENTRY, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), madeAt);
  for (const [entry, sql] of snapshot.schemaSql) yield bufferEntry(entry, sql, madeAt);
  for (const table of manifest.tables) {
    if (!table.data) continue;
    const file = path.join(workDir, `${table.name}.copy`);
    yield { name: table.data.entry, size: table.data.bytes, mtime: madeAt, body: () => fs.createReadStream(file) };
  }
  // Hashes are taken while the files stream into the archive, and listed after them.
  const lines: string[] = [];
  for (const upload of uploads) {
    const name = UPLOADS_PREFIX + upload.relative;
    const hash = crypto.createHash('sha256');
    yield {
      name,
      size: upload.size,
      mtime: upload.mtime,
      body: async function* () {
        for await (const chunk of fs.createReadStream(path.join(uploadsDir, upload.relative))) {
          hash.update(chunk as Buffer);
          yield chunk as Buffer;
        }
        lines.push(`${hash.digest('hex')}  ${name}\n`);
      },
    };
  }
  yield bufferEntry(UPLOADS_LIST_ENTRY, Buffer.from(lines.join('')), madeAt);
}

function bufferEntry(name: string, content: Buffer, mtime: Date): TarEntry {
  return { name, size: content.length, mtime, body: async function* () { yield content; } };
}

function sha256(text: string | Buffer): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

let version: string | undefined;
function portalVersion(): string {
  version ??= (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
