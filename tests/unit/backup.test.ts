import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import zlib from 'node:zlib';
import { loadConfig } from '../../src/config/env.ts';
import { backupFileName, freeBackupName, listBackups } from '../../src/core/backup/files.ts';
import { nextRunAfter, parseBackupAt } from '../../src/core/backup/schedule.ts';
import { readTar, TarFormatError, writeTar, type TarEntry } from '../../src/core/backup/tar.ts';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-tar-'));
  dirs.push(dir);
  return dir;
}

const longName = `uploads/${'папка'.repeat(3)}/${'a'.repeat(60)}/${'b'.repeat(70)}.pdf`.replace(/[^\x20-\x7e/]/g, 'x');
const files: Record<string, Buffer> = {
  'manifest.json': Buffer.from('{"format":"nastavnik-backup"}\n'),
  'data/Empty.copy': Buffer.alloc(0),
  'data/Exact.copy': Buffer.alloc(512, 0x61), // exactly one block: no padding
  [longName]: crypto.randomBytes(1024 * 1024 + 7), // over 100 bytes of name: ustar's prefix field
};

function entries(): TarEntry[] {
  return Object.entries(files).map(([name, content]) => ({
    name,
    size: content.length,
    // Delivered in odd-sized chunks, as a file stream would.
    body: async function* () {
      for (let i = 0; i < content.length; i += 70_001) yield content.subarray(i, i + 70_001);
    },
  }));
}

async function archive(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of writeTar(entries())) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function readAll(bytes: Buffer, chunkSize = 1000): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  const source = Readable.from((function* () {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  })());
  for await (const entry of readTar(source)) {
    const parts: Buffer[] = [];
    for await (const chunk of entry.body) parts.push(chunk);
    out[entry.name] = Buffer.concat(parts);
    assert.equal(out[entry.name]!.length, entry.size);
  }
  return out;
}

test('tar: what the writer makes, the reader gives back (long names, empty and block-sized files, any chunking)', async () => {
  assert.ok(longName.length > 100);
  const bytes = await archive();
  assert.equal(bytes.length % 512, 0);
  for (const chunkSize of [511, 4096, bytes.length]) assert.deepEqual(await readAll(bytes, chunkSize), files, `chunks of ${chunkSize}`);
  // Byte by byte (headers split anywhere) on the small entries: a megabyte that way is needlessly slow.
  const small = Buffer.concat(await collect(writeTar(entries().slice(0, 3))));
  assert.deepEqual(Object.keys(await readAll(small, 1)), ['manifest.json', 'data/Empty.copy', 'data/Exact.copy']);
});

test('tar: an entry the consumer does not read is skipped, and the next one is still right', async () => {
  const names: string[] = [];
  let last: Buffer | undefined;
  for await (const entry of readTar(Readable.from([await archive()]))) {
    names.push(entry.name);
    if (entry.name === 'data/Exact.copy') {
      for await (const chunk of entry.body) {
        void chunk;
        break; // read a little, then leave it
      }
    }
    if (entry.name === longName) last = Buffer.concat(await collect(entry.body));
  }
  assert.deepEqual(names, Object.keys(files));
  assert.deepEqual(last, files[longName]);
});

test('tar: GNU tar reads our archives, so a person can unpack a backup by hand', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'x.tar.gz');
  fs.writeFileSync(file, zlib.gzipSync(await archive()));
  assert.deepEqual(execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).trim().split('\n'), Object.keys(files));
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  execFileSync('tar', ['-xzf', file, '-C', out]);
  for (const [name, content] of Object.entries(files)) assert.deepEqual(fs.readFileSync(path.join(out, name)), content, name);
});

test('tar: the reader refuses links, absolute paths, "..", broken headers and archives cut short', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'real.txt'), 'secret');
  fs.symlinkSync('/etc/passwd', path.join(dir, 'link'));
  const gnu = (args: string[]) => execFileSync('tar', ['-c', '--format=ustar', ...args], { cwd: dir, maxBuffer: 1 << 20 });
  const refuse = async (bytes: Buffer, pattern: RegExp) =>
    assert.rejects(readAll(bytes), (error: Error) => error instanceof TarFormatError && pattern.test(error.message));

  await refuse(gnu(['link']), /недопустимая запись/);
  await refuse(gnu(['-P', path.join(dir, 'real.txt')]), /недопустимое имя/);
  await refuse(gnu(['--transform=s,^,../,', 'real.txt']), /недопустимое имя/);
  const good = await archive();
  const broken = Buffer.from(good);
  broken[10] = broken[10]! ^ 0x01;
  await refuse(broken, /контрольная сумма заголовка/);
  await refuse(good.subarray(0, 2000), /обрывается/);
  await refuse(good.subarray(0, good.length - 1024), /нет отметки конца/);
  await assert.rejects(collect(writeTar([{ name: '../etc/passwd', size: 0, body: async function* () {} }])), /unsafe entry name/);
  await assert.rejects(
    collect(writeTar([{ name: 'grew.txt', size: 3, body: async function* () { yield Buffer.from('four'); } }])),
    /changed while it was archived/,
  );
});

test('schedule: the next run is the next time of day strictly after now, in local time; BACKUP_AT and BACKUP_KEEP_DAYS are checked at start', () => {
  const at = { hour: 3, minute: 0 };
  assert.deepEqual(nextRunAfter(new Date(2026, 10, 30, 2, 59, 59), at), new Date(2026, 10, 30, 3, 0, 0));
  assert.deepEqual(nextRunAfter(new Date(2026, 10, 30, 3, 0, 0), at), new Date(2026, 11, 1, 3, 0, 0), 'the slot that just ran is not due again');
  assert.deepEqual(nextRunAfter(new Date(2026, 11, 31, 23, 10), at), new Date(2027, 0, 1, 3, 0, 0));
  assert.deepEqual(nextRunAfter(new Date(2026, 10, 30, 12, 0), { hour: 23, minute: 45 }), new Date(2026, 10, 30, 23, 45));

  assert.equal(parseBackupAt('off'), null);
  assert.equal(parseBackupAt('OFF'), null);
  assert.deepEqual(parseBackupAt('3:05'), { hour: 3, minute: 5 });
  const defaults = loadConfig({});
  assert.equal(defaults.BACKUP_AT, '03:00');
  assert.equal(defaults.BACKUP_KEEP_DAYS, 14);
  assert.equal(loadConfig({ BACKUP_AT: 'off', BACKUP_KEEP_DAYS: '30' }).BACKUP_KEEP_DAYS, 30);
  assert.throws(() => loadConfig({ BACKUP_AT: '25:00' }), /BACKUP_AT: время ЧЧ:ММ/);
  assert.throws(() => loadConfig({ BACKUP_AT: 'ночью' }), /BACKUP_AT/);
  assert.throws(() => loadConfig({ BACKUP_KEEP_DAYS: '0' }), /BACKUP_KEEP_DAYS/);
});

test('backup names carry the local date and time; a second backup in the same second gets -2', () => {
  const when = new Date(2026, 10, 30, 3, 0, 7);
  assert.equal(backupFileName(when), 'nastavnik-2026-11-30T03-00-07.tar.gz');
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, backupFileName(when)), 'x');
  assert.equal(freeBackupName(dir, when), 'nastavnik-2026-11-30T03-00-07-2.tar.gz');
  fs.writeFileSync(path.join(dir, freeBackupName(dir, when)), 'x');
  assert.deepEqual(listBackups(dir).map((b) => [b.name, b.madeAt.getTime()]), [
    ['nastavnik-2026-11-30T03-00-07-2.tar.gz', when.getTime()],
    ['nastavnik-2026-11-30T03-00-07.tar.gz', when.getTime()],
  ]);
});

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const chunk of source) out.push(chunk);
  return out;
}
