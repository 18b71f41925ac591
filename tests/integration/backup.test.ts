import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import pg from 'pg';
import type supertest from 'supertest';
import { extractText, getDocumentProxy } from 'unpdf';
import { fillDemo } from '../../prisma/demo.ts';
import { demoLogin } from '../../prisma/demo-data.ts';
import { createBackup } from '../../src/core/backup/backup.ts';
import { listBackups, pruneBackups } from '../../src/core/backup/files.ts';
import { BACKUP_LOCK, PRISMA_MIGRATIONS_DDL, ROWS_NOT_KEPT } from '../../src/core/backup/manifest.ts';
import { BackupFileError, restoreBackup, RestoreRefusedError } from '../../src/core/backup/restore.ts';
import { startBackupScheduler } from '../../src/core/backup/schedule.ts';
import { createDatabase, dropDatabase } from '../../src/core/database/admin.ts';
import { migrateDeploy, projectRoot } from '../../src/core/database/migrate.ts';
import { databaseNameOf, withDatabase } from '../../src/core/database/urls.ts';
import { loginAs, testApp, type Agent, type TestApp } from '../helpers/app.ts';
import { readableText } from '../helpers/documents.ts';
import { freshDatabase, testDatabaseUrl } from '../helpers/database.ts';
import { freePort } from '../helpers/net.ts';
import { runCommand } from '../helpers/server-process.ts';

/**
 * «Nothing lost»: the demo kindergarten with uploaded consent scans is backed up and restored into
 * another, empty database; every table's rows, the schema, the uploaded files and the approved orders'
 * PDFs (rendered by the portal's own routes) come back the same.
 */

type Fresh = Awaited<ReturnType<typeof freshDatabase>>;
const PASSWORD = 'backup-demo-password-1';
const SCANS = [scanPdf('первый скан'), scanPdf('второй скан')];

let source: Fresh;
let dataDir: string;
let app: TestApp;
const cleanup: (() => Promise<void> | void)[] = [];

before(async () => {
  source = await freshDatabase();
  dataDir = tempDir('nastavnik-backup-src-');
  await fillDemo(source.db, PASSWORD);
  app = testApp({ db: source.db, uploadsDir: path.join(dataDir, 'uploads') });
  // Two paper consents with scans, through the real upload form, for people the demo left without one.
  const methodist = await loginAs(app, { login: demoLogin('methodist') }, PASSWORD);
  const without = await source.db.prisma.staffMember.findMany({
    where: { consents: { none: { kind: 'PERSONAL_DATA' } } },
    orderBy: { id: 'asc' },
    take: 2,
  });
  assert.equal(without.length, 2);
  for (const [i, person] of without.entries()) {
    const res = await methodist
      .post(`/consents?_csrf=${encodeURIComponent(methodist.csrf)}`)
      .field('staffMemberId', String(person.id))
      .field('kind', 'PERSONAL_DATA')
      .field('signedOn', '2026-09-01')
      .attach('file', SCANS[i]!, `скан-${i + 1}.pdf`);
    assert.equal(res.status, 303, res.text.slice(0, 300));
  }
});

after(async () => {
  for (const step of cleanup.reverse()) await step();
  await app.close();
  await source.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('backup → restore into an empty database: the same rows in every table, the same schema, files and order PDFs', async () => {
  const backupsDir = path.join(dataDir, 'backups');
  const result = await createBackup({ databaseUrl: source.url, uploadsDir: path.join(dataDir, 'uploads'), backupsDir });
  assert.equal(result.status, 'created');
  if (result.status !== 'created') return;
  assert.match(path.basename(result.file), /^nastavnik-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.tar\.gz$/);
  assert.equal(fs.statSync(result.file).mode & 0o777, 0o600, 'personal data: readable by the portal only');
  assert.equal(fs.statSync(backupsDir).mode & 0o777, 0o700);
  assert.equal(result.files, 2);
  assert.deepEqual(fs.readdirSync(backupsDir), [path.basename(result.file)], 'no work files left behind');

  const target = await freshTarget();
  const restoredUploads = path.join(tempDir('nastavnik-backup-dst-'), 'uploads');
  const restored = await restoreBackup({ databaseUrl: target.url, uploadsDir: restoredUploads, file: result.file });
  assert.equal(restored.files, 2);
  assert.equal(restored.previousUploads, null);

  const [before, afterRestore] = [await tableSums(source.url), await tableSums(target.url)];
  // The demo: its kindergarten, the two neighbours and the education authority of the city page.
  assert.equal(before.get('Organization')!.rows, 4);
  assert.ok(before.get('StaffMember')!.rows >= 30);
  assert.equal(before.get('Attachment')!.rows, result.files, 'every attachment row has its file in the copy');
  assert.ok(before.get('session')!.rows > 0, 'the source has sign-in sessions…');
  for (const table of ROWS_NOT_KEPT) {
    assert.equal(afterRestore.get(table)!.rows, 0, `…that are not restored (${table})`);
    before.delete(table);
    afterRestore.delete(table);
  }
  assert.deepEqual(afterRestore, before, 'row counts and checksums of every table');
  assert.deepEqual(await schemaOf(target.url), await schemaOf(source.url), 'columns, indexes, constraints and sequence positions');
  assert.deepEqual(filesOf(restoredUploads), filesOf(path.join(dataDir, 'uploads')));
  assert.deepEqual(
    Object.values(filesOf(restoredUploads)).sort(),
    SCANS.map((scan) => sha256(scan)).sort(),
    'the uploaded scans, byte for byte',
  );

  // The restored portal works: the same people sign in with the same passwords and get the same documents.
  const restoredApp = testApp({ db: target.db, uploadsDir: restoredUploads });
  cleanup.push(() => restoredApp.close());
  const [headBefore, headAfter] = [await loginAs(app, { login: demoLogin('head') }, PASSWORD), await loginAs(restoredApp, { login: demoLogin('head') }, PASSWORD)];
  const approved = await source.db.prisma.order.findMany({ where: { status: 'APPROVED' }, orderBy: { id: 'asc' } });
  assert.equal(approved.length, 3);
  // Without PUBLIC_URL the stamp's link is on the address the file came from: supertest's port changes per request.
  const samePortal = (text: string) => text.replace(/http:\/\/127\.0\.0\.1:\d+\//g, 'http://portal/');
  for (const order of approved) {
    const [original, copy] = [samePortal(await pdfText(headBefore, `/orders/${order.id}.pdf`)), samePortal(await pdfText(headAfter, `/orders/${order.id}.pdf`))];
    assert.match(original, new RegExp(`№ ${order.numberText}`));
    assert.equal(copy, original, `order ${order.numberText}`);
  }
  const scanned = await target.db.prisma.consent.findMany({ where: { method: 'PAPER_SCAN' }, orderBy: { id: 'asc' } });
  const downloads = await Promise.all(scanned.map((c) => binary(headAfter.get(`/consents/${c.id}/scan`))));
  assert.deepEqual(downloads.map((d) => d.status), [200, 200]);
  assert.deepEqual(downloads.map((d) => sha256(d.body as Buffer)).sort(), SCANS.map((s) => sha256(s)).sort());
  // Sequences continue after the restored rows: a new row does not collide with a restored id.
  const topic = await target.db.prisma.topic.findFirstOrThrow();
  const added = await target.db.prisma.topic.create({ data: { organizationId: topic.organizationId, name: 'Новая тема после восстановления' } });
  assert.ok(added.id > (await source.db.prisma.topic.aggregate({ _max: { id: true } }))._max.id!);
});

test('npm run backup (the real command, DATABASE_URL) and npm run restore: refuses a database with data unless --force', async () => {
  const cliDataDir = dataDir; // the same DATA_DIR: the command reads DATA_DIR/uploads and writes DATA_DIR/backups
  const made = await run('backup', [], { DATABASE_URL: source.url, DATA_DIR: cliDataDir });
  assert.equal(made.code, 0, made.output);
  const file = /Резервная копия готова: (\S+)/.exec(made.output)?.[1];
  assert.ok(file && fs.existsSync(file), made.output);
  assert.match(made.output, /загруженных файлов: 2/);

  const sums = await tableSums(source.url);
  const refused = await run('restore', ['--', file], { DATABASE_URL: source.url, DATA_DIR: cliDataDir });
  assert.equal(refused.code, 1);
  assert.match(refused.output, /База данных «[^»]+» не пуста: организаций — 4, педагогов — \d+, учётных записей — \d+/);
  assert.match(refused.output, /Ничего не изменено/);
  assert.match(refused.output, /npm run restore -- ФАЙЛ --force/);
  assert.deepEqual(await tableSums(source.url), sums, 'the database is untouched');
  assert.equal(Object.keys(filesOf(path.join(cliDataDir, 'uploads'))).length, 2, 'the uploads are untouched');

  // Into an empty database through the command, then over it again: refused, and replaced with --force.
  const target = await freshTarget();
  const targetDir = tempDir('nastavnik-backup-cli-');
  const restored = await run('restore', ['--', file], { DATABASE_URL: target.url, DATA_DIR: targetDir });
  assert.equal(restored.code, 0, restored.output);
  assert.match(restored.output, /Готово: восстановлена копия от .+ загруженных файлов: 2/);
  const expected = withoutUnkept(sums);
  assert.deepEqual(withoutUnkept(await tableSums(target.url)), expected);

  await target.db.prisma.organization.updateMany({ data: { shortName: 'Изменено после восстановления' } });
  const again = await run('restore', ['--', file], { DATABASE_URL: target.url, DATA_DIR: targetDir });
  assert.equal(again.code, 1);
  assert.match(again.output, /не пуста/);
  assert.equal(await target.db.prisma.organization.count({ where: { shortName: 'Изменено после восстановления' } }), await target.db.prisma.organization.count(), 'untouched');

  const forced = await run('restore', ['--', file, '--force'], { DATABASE_URL: target.url, DATA_DIR: targetDir });
  assert.equal(forced.code, 0, forced.output);
  assert.match(forced.output, /Прежние загруженные файлы не удалены, они перенесены в .+uploads\.before-restore-/);
  assert.deepEqual(withoutUnkept(await tableSums(target.url)), expected, 'the changes are gone');
  assert.deepEqual(filesOf(path.join(targetDir, 'uploads')), filesOf(path.join(cliDataDir, 'uploads')));
});

test('a damaged or foreign file is refused and leaves the empty database as it was', async () => {
  const made = await createBackup({ databaseUrl: source.url, uploadsDir: path.join(dataDir, 'uploads'), backupsDir: tempDir('nastavnik-backup-bad-') });
  assert.equal(made.status, 'created');
  if (made.status !== 'created') return;
  const target = await freshTarget();
  const dir = tempDir('nastavnik-backup-bad-');
  const attempt = (bytes: Buffer) => {
    const file = path.join(dir, `attempt-${crypto.randomBytes(3).toString('hex')}.tar.gz`);
    fs.writeFileSync(file, bytes);
    return restoreBackup({ databaseUrl: target.url, uploadsDir: path.join(dir, 'uploads'), file });
  };
  const original = fs.readFileSync(made.file);
  const tar = zlib.gunzipSync(original);

  await assert.rejects(attempt(Buffer.from('not a backup at all')), (e: Error) => e instanceof BackupFileError && /не архив \.tar\.gz/.test(e.message));
  await assert.rejects(attempt(original.subarray(0, Math.floor(original.length * 0.6))), BackupFileError, 'cut short');
  // One changed letter inside a table's rows (same length, so only the checksum can tell). Within that entry only:
  // the tar header's size field (octal, offset 124) bounds its data.
  const entry = tar.indexOf('data/StaffMember.copy\0'); // the header's name field, not the manifest's mention
  const size = parseInt(tar.subarray(entry + 124, entry + 136).toString('latin1').replace(/\0[\s\S]*$/, '').trim(), 8);
  const rows = tar.subarray(entry + 512, entry + 512 + size);
  const letter = rows.findIndex((byte) => byte >= 0x61 && byte <= 0x7a);
  assert.ok(entry > 0 && size > 0 && letter >= 0, 'the staff rows are in the copy');
  const tampered = Buffer.from(tar);
  tampered[entry + 512 + letter] = tampered[entry + 512 + letter]! - 0x20;
  await assert.rejects(attempt(zlib.gzipSync(tampered)), (e: Error) => e instanceof BackupFileError && /повреждены/.test(e.message));
  // A tampered scan.
  const scanAt = tar.indexOf(SCANS[0]!);
  assert.ok(scanAt > 0);
  const badScan = Buffer.from(tar);
  badScan[scanAt + 20] = badScan[scanAt + 20]! ^ 0xff;
  await assert.rejects(attempt(zlib.gzipSync(badScan)), (e: Error) => e instanceof BackupFileError && /uploads\/.+повреждён/.test(e.message));

  const sums = await tableSums(target.url);
  assert.ok([...sums.values()].every((t) => t.rows === 0 || t === sums.get('_prisma_migrations')), 'all of it rolled back');
  assert.equal(fs.existsSync(path.join(dir, 'uploads')), false, 'no half-restored uploads folder');
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('restoring')), [], 'the staging folder is removed');
  await assert.rejects(restoreBackup({ databaseUrl: source.url, uploadsDir: path.join(dir, 'uploads'), file: made.file }), RestoreRefusedError);
});

test('retention deletes our backups older than BACKUP_KEEP_DAYS and keeps recent ones, the newest and anything else', () => {
  const dir = tempDir('nastavnik-retention-');
  const now = new Date(2026, 10, 30, 3, 0, 5);
  const names = {
    old: ['nastavnik-2026-11-01T03-00-00.tar.gz', 'nastavnik-2026-11-15T03-00-00.tar.gz', 'nastavnik-2026-11-15T03-00-01-2.tar.gz'],
    recent: ['nastavnik-2026-11-16T03-00-10.tar.gz', 'nastavnik-2026-11-29T03-00-00.tar.gz', 'nastavnik-2026-11-30T03-00-00.tar.gz'],
    foreign: ['nastavnik-2026-01-01.dump', 'nastavnik-2026-01-01T03-00-00.tar.gz.bak', 'my-copy-nastavnik-2026-01-01T03-00-00.tar.gz', 'notes.txt'],
  };
  for (const name of [...names.old, ...names.recent, ...names.foreign]) fs.writeFileSync(path.join(dir, name), 'x');
  fs.mkdirSync(path.join(dir, 'nastavnik-2020-01-01T03-00-00.tar.gz')); // a folder with our name is not a backup

  assert.deepEqual(pruneBackups(dir, 14, now).sort(), [...names.old].sort());
  assert.deepEqual(fs.readdirSync(dir).sort(), [...names.recent, ...names.foreign, 'nastavnik-2020-01-01T03-00-00.tar.gz'].sort());
  assert.deepEqual(listBackups(dir).map((b) => b.name), [...names.recent].reverse(), 'newest first');

  // Long after the last backup (the portal was off for a month) the newest one still stays.
  assert.deepEqual(pruneBackups(dir, 14, new Date(2027, 0, 30)).sort(), names.recent.slice(0, 2).sort());
  assert.deepEqual(listBackups(dir).map((b) => b.name), ['nastavnik-2026-11-30T03-00-00.tar.gz']);
});

test('the advisory lock: a run while another holds it skips and writes nothing; two portals at the same slot make one copy', async () => {
  const backupsDir = tempDir('nastavnik-lock-');
  const holder = new pg.Client({ connectionString: source.url });
  await holder.connect();
  try {
    assert.equal((await holder.query('SELECT pg_try_advisory_lock($1, $2) AS ok', [...BACKUP_LOCK])).rows[0].ok, true);
    const skipped = await createBackup({ databaseUrl: source.url, uploadsDir: path.join(dataDir, 'uploads'), backupsDir });
    assert.deepEqual(skipped, { status: 'skipped', reason: 'locked' });
    assert.deepEqual(fs.readdirSync(backupsDir), []);
    const anyBackup = listBackups(path.join(dataDir, 'backups'))[0]!;
    await assert.rejects(
      restoreBackup({ databaseUrl: source.url, uploadsDir: path.join(tempDir('nastavnik-lock-'), 'uploads'), file: anyBackup.path, force: true }),
      (e: Error) => e instanceof RestoreRefusedError && /Сейчас идёт резервное копирование этой базы/.test(e.message),
      'no restore under a running backup',
    );
    await holder.query('SELECT pg_advisory_unlock($1, $2)', [...BACKUP_LOCK]);
    assert.equal((await createBackup({ databaseUrl: source.url, uploadsDir: path.join(dataDir, 'uploads'), backupsDir })).status, 'created');
  } finally {
    await holder.end();
  }

  // Two "portal processes" sharing the database and DATA_DIR, both due at the same second.
  const sharedDir = tempDir('nastavnik-lock-');
  const slot = new Date(Date.now() + 2500);
  const logs: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const logger = (level: string) => (fields: Record<string, unknown>, message: string) => void logs.push({ level, message, fields });
  const schedulers = [1, 2].map(() =>
    startBackupScheduler({
      at: { hour: slot.getHours(), minute: slot.getMinutes(), second: slot.getSeconds() },
      keepDays: 14,
      databaseUrl: source.url,
      uploadsDir: path.join(dataDir, 'uploads'),
      backupsDir: sharedDir,
      logger: { info: logger('info'), warn: logger('warn'), error: logger('error') },
    }),
  );
  try {
    const deadline = Date.now() + 120_000;
    while (logs.filter((l) => /создана|пропущено|не удалось/.test(l.message)).length < 2 && Date.now() < deadline) await sleep(200);
    const outcomes = logs.filter((l) => /создана|пропущено|не удалось/.test(l.message));
    assert.deepEqual(outcomes.map((l) => l.message).sort(), [
      'резервная копия создана',
      'резервное копирование пропущено: копию делает или уже сделал другой процесс портала',
    ]);
    assert.equal(listBackups(sharedDir).length, 1);
    const created = outcomes.find((l) => l.message === 'резервная копия создана')!;
    assert.deepEqual(Object.keys(created.fields).sort(), ['bytes', 'durationMs', 'file', 'files', 'rows', 'tables']);
    assert.ok(!JSON.stringify(logs).includes('Свиридова'), 'no personal data in the log');
    for (const scheduler of schedulers) assert.ok(scheduler.nextRunAt! > slot, 'the next run is tomorrow');
  } finally {
    await Promise.all(schedulers.map((s) => s.stop()));
  }
});

test('a failed nightly run is logged as an error and waits for the next slot', async () => {
  const logs: { level: string; message: string }[] = [];
  const logger = (level: string) => (_fields: Record<string, unknown>, message: string) => void logs.push({ level, message });
  const slot = new Date(Date.now() + 1500);
  const badUrl = new URL(source.url);
  badUrl.pathname = '/nastavnik_test_no_such_database';
  const scheduler = startBackupScheduler({
    at: { hour: slot.getHours(), minute: slot.getMinutes(), second: slot.getSeconds() },
    keepDays: 14,
    databaseUrl: badUrl.toString(),
    uploadsDir: path.join(dataDir, 'uploads'),
    backupsDir: tempDir('nastavnik-fail-'),
    logger: { info: logger('info'), warn: logger('warn'), error: logger('error') },
  });
  try {
    const deadline = Date.now() + 60_000;
    while (!logs.some((l) => l.level === 'error') && Date.now() < deadline) await sleep(100);
    assert.deepEqual(logs.filter((l) => l.level === 'error').map((l) => l.message), ['резервное копирование не удалось; следующая попытка — в следующий раз по расписанию']);
    await sleep(50);
    const next = scheduler.nextRunAt!;
    assert.ok(next.getTime() - slot.getTime() > 23 * 3600_000 && next.getTime() - slot.getTime() <= 25 * 3600_000, String(next));
  } finally {
    await scheduler.stop();
  }
  assert.equal(scheduler.nextRunAt, null);
});

test('stopping the portal interrupts a running backup: no half-made file is left, and it is logged as a warning', async () => {
  const uploadsDir = path.join(tempDir('nastavnik-stop-'), 'uploads');
  fs.mkdirSync(path.join(uploadsDir, '1'), { recursive: true });
  // Incompressible files make the run last long enough to be caught in the middle.
  for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(uploadsDir, '1', `${i}.pdf`), crypto.randomBytes(16 * 1024 * 1024));
  const backupsDir = tempDir('nastavnik-stop-');
  const logs: { level: string; message: string }[] = [];
  const logger = (level: string) => (_fields: Record<string, unknown>, message: string) => void logs.push({ level, message });
  const slot = new Date(Date.now() + 1500);
  const scheduler = startBackupScheduler({
    at: { hour: slot.getHours(), minute: slot.getMinutes(), second: slot.getSeconds() },
    keepDays: 14,
    databaseUrl: source.url,
    uploadsDir,
    backupsDir,
    logger: { info: logger('info'), warn: logger('warn'), error: logger('error') },
  });
  const deadline = Date.now() + 30_000;
  while (!logs.some((l) => l.message === 'резервное копирование: начало') && Date.now() < deadline) await sleep(20);
  await sleep(300);
  const stopping = Date.now();
  await scheduler.stop();
  assert.ok(Date.now() - stopping < 5000, 'stops within seconds');
  assert.deepEqual(logs.filter((l) => l.level !== 'info'), [{ level: 'warn', message: 'резервное копирование прервано остановкой портала' }]);
  assert.deepEqual(fs.readdirSync(backupsDir), [], 'neither a backup nor its work files');
});

test('a backup made by an older portal (fewer migrations) restores as it was, and the portal then applies the rest', async () => {
  // An "older portal": a database built by the first migration only, with a row in it.
  const base = testDatabaseUrl();
  const name = `${databaseNameOf(base)}_old_${crypto.randomBytes(3).toString('hex')}`;
  await createDatabase(base, name);
  cleanup.push(() => dropDatabase(base, name));
  const oldUrl = withDatabase(base, name);
  const [first, ...later] = fs.readdirSync(path.join(projectRoot, 'prisma/migrations')).filter((f) => /^\d+_/.test(f)).sort();
  assert.ok(first && later.length, 'the test needs at least two migrations');
  const firstSql = fs.readFileSync(path.join(projectRoot, 'prisma/migrations', first, 'migration.sql'));
  await withClient(oldUrl, async (client) => {
    await client.query(PRISMA_MIGRATIONS_DDL);
    await client.query(firstSql.toString('utf8'));
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
      [crypto.randomUUID(), sha256(firstSql), first],
    );
    await client.query(`INSERT INTO "Organization" (slug, "fullName", "shortName", "updatedAt") VALUES ('old', 'Старый сад', 'Старый', now())`);
  });
  const made = await createBackup({ databaseUrl: oldUrl, uploadsDir: path.join(tempDir('nastavnik-old-'), 'uploads'), backupsDir: tempDir('nastavnik-old-') });
  assert.equal(made.status, 'created');
  if (made.status !== 'created') return;

  const target = await freshTarget(); // migrated by this version of the portal, and empty
  await restoreBackup({ databaseUrl: target.url, uploadsDir: path.join(tempDir('nastavnik-old-'), 'uploads'), file: made.file });
  assert.deepEqual(withoutUnkept(await tableSums(target.url)), withoutUnkept(await tableSums(oldUrl)), 'exactly the old database');
  await migrateDeploy(target.url);
  const applied = await withClient(target.url, async (c) => (await c.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations ORDER BY 1')).rows);
  assert.deepEqual(applied.map((r) => r.migration_name), [first, ...later]);
  assert.equal((await target.db.prisma.organization.findFirstOrThrow()).shortName, 'Старый');
});

test('embedded database: npm run backup attaches to a running portal, starts the server itself when the portal is stopped; restore onto a new machine', { timeout: 400_000 }, async () => {
  const machine = tempDir('nastavnik-embedded-');
  fs.chmodSync(machine, 0o755); // the embedded server runs as its own OS user
  const [port, pgPort] = [await freePort(), await freePort()];
  const env = embeddedEnv(machine, port, pgPort);

  const nothing = await run('backup', [], env);
  assert.equal(nothing.code, 1);
  assert.match(nothing.output, /Резервная копия не создана: Встроенной базы нет в .+: портал ещё не запускался/);

  const portal = startPortal(env);
  try {
    await waitFor(portal, /код установки/, 180_000);
    const whileUp = await run('backup', [], env);
    assert.equal(whileUp.code, 0, whileUp.output);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.equal(((await health.json()) as { database: string }).database, 'ok', 'the portal keeps its database');
  } finally {
    portal.kill('SIGTERM');
  }
  assert.equal(await new Promise((resolve) => portal.on('exit', resolve)), 0);

  const whileDown = await run('backup', [], env);
  assert.equal(whileDown.code, 0, whileDown.output);
  assert.equal(await portOpen(pgPort), false, 'the server started for the backup is stopped again');
  const backups = listBackups(path.join(machine, 'backups'));
  assert.equal(backups.length, 2);

  // A new machine: no cluster yet. The restore creates it, and the portal starts on the restored database.
  const newMachine = tempDir('nastavnik-embedded-new-');
  fs.chmodSync(newMachine, 0o755);
  const [newPort, newPgPort] = [await freePort(), await freePort()];
  const newEnv = embeddedEnv(newMachine, newPort, newPgPort);
  const restored = await run('restore', ['--', backups[0]!.path], newEnv);
  assert.equal(restored.code, 0, restored.output);
  const restarted = startPortal(newEnv);
  try {
    await waitFor(restarted, /код установки/, 180_000);
    const health = await fetch(`http://127.0.0.1:${newPort}/health`);
    assert.equal(((await health.json()) as { database: string }).database, 'ok');
  } finally {
    restarted.kill('SIGTERM');
  }
  assert.equal(await new Promise((resolve) => restarted.on('exit', resolve)), 0);
});

// ---- helpers ------------------------------------------------------------------------------------

async function freshTarget(): Promise<Fresh> {
  const target = await freshDatabase();
  cleanup.push(() => target.drop());
  return target;
}

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Per table of the public schema: the row count and an md5 of all its rows in a fixed order. */
async function tableSums(url: string): Promise<Map<string, { rows: number; md5: string }>> {
  return withClient(url, async (client) => {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY relname COLLATE "C"`,
    );
    const sums = new Map<string, { rows: number; md5: string }>();
    for (const { name } of tables) {
      const quoted = '"' + name.replace(/"/g, '""') + '"';
      const { rows } = await client.query<{ n: string; md5: string | null }>(
        `SELECT count(*) AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C")) AS md5 FROM ${quoted} t`,
      );
      sums.set(name, { rows: Number(rows[0]!.n), md5: rows[0]!.md5 ?? '' });
    }
    return sums;
  });
}

function withoutUnkept(sums: Map<string, { rows: number; md5: string }>) {
  return new Map([...sums].filter(([name]) => !ROWS_NOT_KEPT.has(name)));
}

/** What pg_dump --schema-only would differ on: columns, indexes, constraints, sequences and their positions. */
async function schemaOf(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const queries = [
      `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(column_default, '') || ' ' || is_nullable AS line
         FROM information_schema.columns WHERE table_schema = 'public'`,
      `SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public'`,
      `SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS line FROM pg_constraint WHERE connamespace = 'public'::regnamespace`,
      `SELECT sequencename || ' ' || coalesce(last_value::text, 'unused') AS line FROM pg_sequences WHERE schemaname = 'public'`,
      `SELECT t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS line
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname`,
    ];
    const lines: string[] = [];
    for (const sql of queries) lines.push(...(await client.query<{ line: string }>(sql)).rows.map((r) => r.line));
    return lines.sort();
  });
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Relative path → sha256 of every file under a folder. */
function filesOf(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    found[path.relative(dir, full)] = sha256(fs.readFileSync(full));
  }
  return found;
}

async function pdfText(agent: Agent, url: string): Promise<string> {
  const res = await binary(agent.get(url));
  assert.equal(res.status, 200, url);
  assert.equal(res.headers['content-type'], 'application/pdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(res.body as Buffer)), { mergePages: true });
  return readableText(text); // the PDF keeps «1‑од» together with a non-breaking hyphen, and hyphenates long words
}

function binary(request: supertest.Test) {
  return request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

function embeddedEnv(dir: string, port: number, pgPort: number): Record<string, string> {
  return { DATABASE_URL: '', DATA_DIR: dir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), BACKUP_AT: 'off' };
}

function startPortal(env: Record<string, string>): ChildProcess {
  const full: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...env };
  delete full.DATABASE_URL;
  return spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: projectRoot, env: full, stdio: ['ignore', 'pipe', 'pipe'] });
}

function waitFor(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the portal exited with ${code}:\n${output}`)));
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => (socket.end(), resolve(true)));
    socket.on('error', () => resolve(false));
  });
}

/** `npm run <script> …` as a person types it, with the given environment (an empty value unsets a variable). */
function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return runCommand('npm', ['run', '--silent', script, ...args], env);
}

function scanPdf(label: string): Buffer {
  // Enough of a PDF for the upload check (it looks at the bytes), different for each scan.
  return Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(`% ${label}\n`), crypto.randomBytes(3000), Buffer.from('\n%%EOF\n')]);
}

function sha256(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
