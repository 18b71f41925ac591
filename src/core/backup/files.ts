import fs from 'node:fs';
import path from 'node:path';

/**
 * Backup file names and retention. A backup is one file, `nastavnik-2026-11-30T03-00-00.tar.gz`
 * (local time of the server; `-2`, `-3` … if two are made in the same second). Retention touches only
 * files of exactly this pattern, so anything else an administrator keeps in the folder is safe.
 */

const NAME = /^nastavnik-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})(?:-(\d{1,3}))?\.tar\.gz$/;
/** Leftovers of a run that died half-way (kill -9, power cut): never a usable backup. */
const LEFTOVER = /^\.nastavnik-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})(?:-(\d{1,3}))?\.(partial|work)$/;

export interface BackupFile {
  name: string;
  path: string;
  /** When it was made, from its name (local time). */
  madeAt: Date;
}

function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0');
}

/** `2026-11-30T03-00-00` in the server's local time. */
export function stampOf(date: Date): string {
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}-${pad(date.getMinutes())}-${pad(date.getSeconds())}`
  );
}

export function backupFileName(date: Date, sequence = 1): string {
  return `nastavnik-${stampOf(date)}${sequence > 1 ? `-${sequence}` : ''}.tar.gz`;
}

/** A name not yet taken in the folder, for a backup made at `date`. */
export function freeBackupName(backupsDir: string, date: Date): string {
  for (let sequence = 1; sequence < 1000; sequence++) {
    const name = backupFileName(date, sequence);
    if (!fs.existsSync(path.join(backupsDir, name)) && !fs.existsSync(path.join(backupsDir, `.${name.replace(/\.tar\.gz$/, '')}.partial`))) {
      return name;
    }
  }
  throw new Error('слишком много резервных копий за одну секунду');
}

function dateOf(match: RegExpExecArray): Date {
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return new Date(y!, mo! - 1, d!, h!, mi!, s!);
}

/** Our backups in the folder, newest first. Other files are not listed. */
export function listBackups(backupsDir: string): BackupFile[] {
  if (!fs.existsSync(backupsDir)) return [];
  const found: (BackupFile & { sequence: number })[] = [];
  for (const entry of fs.readdirSync(backupsDir, { withFileTypes: true })) {
    const match = NAME.exec(entry.name);
    if (!match || !entry.isFile()) continue;
    found.push({ name: entry.name, path: path.join(backupsDir, entry.name), madeAt: dateOf(match), sequence: Number(match[7] ?? 1) });
  }
  found.sort((a, b) => b.madeAt.getTime() - a.madeAt.getTime() || b.sequence - a.sequence);
  return found.map(({ sequence: _sequence, ...file }) => file);
}

/**
 * Deletes our backups made more than `keepDays` days before `now`. The newest one always stays, so a
 * clock set wrong or a long outage never leaves the folder empty. Returns the deleted names.
 */
export function pruneBackups(backupsDir: string, keepDays: number, now = new Date()): string[] {
  const cutoff = now.getTime() - keepDays * 24 * 60 * 60 * 1000;
  const [, ...older] = listBackups(backupsDir);
  const deleted: string[] = [];
  for (const file of older) {
    if (file.madeAt.getTime() >= cutoff) continue;
    fs.rmSync(file.path, { force: true });
    deleted.push(file.name);
  }
  return deleted;
}

/** Removes what a dead run left behind. Called only while holding the backup lock, so no run is live. */
export function removeLeftovers(backupsDir: string): string[] {
  if (!fs.existsSync(backupsDir)) return [];
  const removed: string[] = [];
  for (const entry of fs.readdirSync(backupsDir)) {
    if (!LEFTOVER.test(entry)) continue;
    fs.rmSync(path.join(backupsDir, entry), { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}

/** Where a run builds its file and spools its tables before the archive gets its final name. */
export function workPaths(backupsDir: string, name: string) {
  const base = `.${name.replace(/\.tar\.gz$/, '')}`;
  return { partial: path.join(backupsDir, `${base}.partial`), work: path.join(backupsDir, `${base}.work`) };
}
