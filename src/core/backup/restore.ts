import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { databaseNameOf } from '../database/urls.ts';
import { stampOf } from './files.ts';
import {
  BACKUP_LOCK,
  ident,
  Manifest,
  MANIFEST_ENTRY,
  publicSequences,
  publicTables,
  tablesWithRows,
  UPLOADS_LIST_ENTRY,
  UPLOADS_PREFIX,
} from './manifest.ts';
import { readTar, TarFormatError, type TarEntryRead } from './tar.ts';

export interface RestoreOptions {
  databaseUrl: string;
  /** DATA_DIR/uploads: replaced by the backup's files (the old folder is kept aside if it had any). */
  uploadsDir: string;
  file: string;
  /** Replace a database that already holds data. */
  force?: boolean;
}

export interface RestoreResult {
  /** When the backup was made. */
  createdAt: Date;
  tables: number;
  rows: number;
  files: number;
  /** Where the uploads folder that was there before went, if it held anything. */
  previousUploads: string | null;
  durationMs: number;
}

/** The database holds data and --force was not given. The message says what is there and what to do. */
export class RestoreRefusedError extends Error {}

/** The file is not a backup of the portal, or it is damaged. */
export class BackupFileError extends Error {}

const MAX_TEXT_ENTRY = 64 * 1024 * 1024;

/**
 * Restores a backup made by createBackup into the database at `databaseUrl`, all or nothing: one
 * transaction drops the public schema, rebuilds it from the backup's migrations, loads every table
 * (checking row counts and checksums), puts the sequences back and re-creates the foreign keys; the
 * uploaded files are unpacked beside the uploads folder and swapped in only after the commit.
 * Refuses a database that holds data unless `force` is set.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const started = Date.now();
  if (!fs.existsSync(options.file) || !fs.statSync(options.file).isFile()) throw new BackupFileError(`Файл не найден: ${options.file}`);
  const source = fs.createReadStream(options.file);
  const gunzip = zlib.createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  const entries = readTar(gunzip)[Symbol.asyncIterator]();
  const next = async (): Promise<TarEntryRead | null> => {
    try {
      const result = await entries.next();
      return result.done ? null : result.value;
    } catch (error) {
      throw asFileError(error);
    }
  };

  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'nastavnik-restore' });
  client.on('error', () => {});
  let staging: string | null = null;
  let connected = false;
  let inTransaction = false;
  try {
    const manifest = await readManifest(await next());
    await client.connect();
    connected = true;
    // Not while a backup of this database runs (its snapshot would hold the tables); released by client.end().
    const { rows: lock } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [...BACKUP_LOCK]);
    if (!lock[0]!.ok) throw new RestoreRefusedError('Сейчас идёт резервное копирование этой базы (ночное или npm run backup). Дождитесь его окончания и повторите. Ничего не изменено.');
    const occupied = await tablesWithRows(client);
    if (occupied.length && !options.force) throw new RestoreRefusedError(refusal(databaseNameOf(options.databaseUrl), occupied));

    await client.query('BEGIN');
    inTransaction = true;
    // Waits for no one for long: a portal in the middle of a request holds locks on the tables.
    await client.query(`SET LOCAL lock_timeout = '30s'`);
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');

    for (const item of manifest.schema) {
      const sql = await readText(await next(), item.entry, item.sha256);
      await client.query(sql.toString('utf8'));
    }
    const built = await publicTables(client);
    const expected = manifest.tables.map((t) => `${t.name}(${t.columns.join(',')})`).join(' ');
    if (built.map((t) => `${t.name}(${t.columns.join(',')})`).join(' ') !== expected) {
      throw new BackupFileError('Таблицы, собранные по миграциям из копии, не совпадают с таблицами в копии: файл повреждён или изменён');
    }
    if (built.length) await client.query(`TRUNCATE ${built.map((t) => ident(t.name)).join(', ')}`);
    // Foreign keys come back after the rows, as in pg_dump: then the order of tables does not matter.
    const { rows: foreignKeys } = await client.query<{ tbl: string; name: string; def: string }>(
      `SELECT c.relname AS tbl, con.conname AS name, pg_get_constraintdef(con.oid) AS def
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
        WHERE con.contype = 'f' AND con.connamespace = 'public'::regnamespace
        ORDER BY c.relname, con.conname`,
    );
    for (const fk of foreignKeys) await client.query(`ALTER TABLE ${ident(fk.tbl)} DROP CONSTRAINT ${ident(fk.name)}`);

    let rows = 0;
    for (const table of manifest.tables) {
      if (!table.data) continue;
      const entry = expectEntry(await next(), table.data.entry);
      const hash = crypto.createHash('sha256');
      const sink = client.query(copyFrom(`COPY ${ident(table.name)} (${table.columns.map(ident).join(', ')}) FROM STDIN`));
      await pipeline(Readable.from(entry.body), hashing(hash), sink);
      if (hash.digest('hex') !== table.data.sha256 || sink.rowCount !== table.data.rows) {
        throw new BackupFileError(`Данные таблицы ${table.name} в копии повреждены (не совпадает контрольная сумма)`);
      }
      rows += sink.rowCount;
    }

    staging = `${options.uploadsDir}.restoring-${crypto.randomBytes(4).toString('hex')}`;
    fs.mkdirSync(staging, { recursive: true, mode: 0o700 });
    const unpacked = new Map<string, string>();
    let entry = await next();
    while (entry && entry.name.startsWith(UPLOADS_PREFIX)) {
      if (unpacked.size >= manifest.uploads.files) throw new BackupFileError('В копии больше файлов, чем указано в её описании');
      const target = path.join(staging, ...entry.name.slice(UPLOADS_PREFIX.length).split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      const hash = crypto.createHash('sha256');
      await pipeline(Readable.from(entry.body), hashing(hash), fs.createWriteStream(target, { mode: 0o600, flags: 'wx' }));
      unpacked.set(entry.name, hash.digest('hex'));
      entry = await next();
    }
    const list = (await readText(entry, UPLOADS_LIST_ENTRY)).toString('utf8');
    checkUploads(list, unpacked, manifest.uploads.files);
    if (await next()) throw new BackupFileError('После списка файлов в копии есть лишние записи');

    const existing = new Set(await publicSequences(client));
    for (const sequence of manifest.sequences) {
      if (!existing.has(sequence.name)) throw new BackupFileError(`В копии есть счётчик ${sequence.name}, которого нет в схеме`);
      await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [ident(sequence.name), sequence.lastValue, sequence.isCalled]);
    }
    for (const fk of foreignKeys) await client.query(`ALTER TABLE ${ident(fk.tbl)} ADD CONSTRAINT ${ident(fk.name)} ${fk.def}`);
    await client.query('COMMIT');
    inTransaction = false;

    const previousUploads = swapUploads(options.uploadsDir, staging);
    staging = null;
    return {
      createdAt: new Date(manifest.createdAt),
      tables: manifest.tables.length,
      rows,
      files: unpacked.size,
      previousUploads,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    if (inTransaction) await client.query('ROLLBACK').catch(() => {});
    throw asFileError(error);
  } finally {
    source.destroy();
    gunzip.destroy();
    if (staging) fs.rmSync(staging, { recursive: true, force: true });
    // A client that never connected would wait for a connection on end(): nothing to close then.
    if (connected) await client.end().catch(() => {});
  }
}

async function readManifest(entry: TarEntryRead | null): Promise<Manifest> {
  if (!entry || entry.name !== MANIFEST_ENTRY) throw new BackupFileError('Это не резервная копия портала «Наставник»: в архиве нет описания копии');
  const text = (await readText(entry, MANIFEST_ENTRY)).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BackupFileError('Описание копии повреждено');
  }
  const manifest = Manifest.safeParse(parsed);
  if (!manifest.success) {
    const version = (parsed as { version?: unknown })?.version;
    throw new BackupFileError(
      typeof version === 'number' && version > 1
        ? `Копия сделана более новой версией портала (формат ${version}): обновите портал и повторите`
        : 'Описание копии повреждено или это не резервная копия портала «Наставник»',
    );
  }
  return manifest.data;
}

function expectEntry(entry: TarEntryRead | null, name: string): TarEntryRead {
  if (!entry) throw new BackupFileError(`Копия неполная: нет ${name}`);
  if (entry.name !== name) throw new BackupFileError(`Копия повреждена: ожидался ${name}, а в архиве ${entry.name}`);
  return entry;
}

async function readText(entry: TarEntryRead | null, name: string, sha256?: string): Promise<Buffer> {
  const found = expectEntry(entry, name);
  if (found.size > MAX_TEXT_ENTRY) throw new BackupFileError(`Копия повреждена: ${name} слишком велик`);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of found.body) chunks.push(chunk);
  } catch (error) {
    throw asFileError(error);
  }
  const content = Buffer.concat(chunks);
  if (sha256 && crypto.createHash('sha256').update(content).digest('hex') !== sha256) {
    throw new BackupFileError(`Копия повреждена: не совпадает контрольная сумма ${name}`);
  }
  return content;
}

function checkUploads(list: string, unpacked: Map<string, string>, expectedCount: number) {
  const listed = new Map<string, string>();
  for (const line of list.split('\n')) {
    if (!line) continue;
    const match = /^([0-9a-f]{64}) {2}(uploads\/.+)$/.exec(line);
    if (!match) throw new BackupFileError('Список файлов в копии повреждён');
    listed.set(match[2]!, match[1]!);
  }
  if (listed.size !== expectedCount || unpacked.size !== expectedCount) throw new BackupFileError('В копии не хватает загруженных файлов');
  for (const [name, hash] of unpacked) {
    if (listed.get(name) !== hash) throw new BackupFileError(`Файл ${name} в копии повреждён (не совпадает контрольная сумма)`);
  }
}

function hashing(hash: crypto.Hash) {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

/** Puts the restored files in place; an uploads folder that held anything is kept aside, not deleted. */
function swapUploads(uploadsDir: string, staging: string): string | null {
  let previous: string | null = null;
  if (fs.existsSync(uploadsDir)) {
    if (fs.readdirSync(uploadsDir).length) {
      previous = `${uploadsDir}.before-restore-${stampOf(new Date())}`;
      fs.renameSync(uploadsDir, previous);
    } else {
      fs.rmSync(uploadsDir, { recursive: true, force: true });
    }
  }
  fs.renameSync(staging, uploadsDir);
  return previous;
}

/** Errors a person can act on, in Russian; anything else goes through as it is. */
function asFileError(error: unknown): Error {
  if (error instanceof TarFormatError) return new BackupFileError(`Копия повреждена: ${error.message}`);
  const code = (error as { code?: string }).code;
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'ERR_ZLIB') {
    return new BackupFileError('Это не резервная копия портала «Наставник» (не архив .tar.gz) или файл повреждён');
  }
  if (code === '55P03') return new Error('База занята: портал или другая программа работает с её таблицами. Остановите портал и повторите');
  if (code === '42501') return new Error(`Не хватает прав в базе: восстанавливать нужно от имени владельца базы (${(error as Error).message})`);
  return error as Error;
}

const TABLE_LABELS: Record<string, string> = { Organization: 'организаций', User: 'учётных записей', StaffMember: 'педагогов' };

function refusal(database: string, occupied: { name: string; rows: number }[]): string {
  const known = occupied.filter((t) => TABLE_LABELS[t.name]).map((t) => `${TABLE_LABELS[t.name]} — ${t.rows}`);
  const total = occupied.reduce((sum, t) => sum + t.rows, 0);
  return (
    `База данных «${database}» не пуста` +
    (known.length ? `: ${known.join(', ')}` : '') +
    ` (строк с данными: ${total} в ${occupied.length} табл.).\n` +
    'Восстановление удалит всё, что в ней есть, и заменит данными из копии. Ничего не изменено.\n' +
    'Если это именно то, что нужно, остановите портал и повторите с флагом --force:\n' +
    '  npm run restore -- ФАЙЛ --force'
  );
}
