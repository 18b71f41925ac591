import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { NextFunction, Request, Response } from 'express';
import { fileTypeFromBuffer } from 'file-type';
import multer from 'multer';
import type { AttachmentPurpose } from '../generated/prisma/enums.ts';
import type { Prisma } from './database/client.ts';
import { FormError, NotFoundError } from './errors.ts';
import { quoted } from './format.ts';
import { controlCharacterError } from './input-guard.ts';
import type { Scope } from './scope.ts';

/**
 * Uploads: read into memory with a size limit, checked by their content (magic bytes, not the name),
 * stored under DATA_DIR/uploads/<organization>/ — outside public/ — and served only by routes that
 * check who may read them. Multipart forms carry the CSRF token in the action URL (?_csrf=…).
 */

export type UploadKind = 'pdf' | 'jpg' | 'png' | 'xlsx' | 'csv';

const MIME: Record<UploadKind, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
};

const KIND_LABELS: Record<UploadKind, string> = { pdf: 'PDF', jpg: 'JPEG', png: 'PNG', xlsx: 'XLSX', csv: 'CSV' };

export interface CheckedUpload {
  buffer: Buffer;
  originalName: string;
  kind: UploadKind;
  mimeType: string;
  size: number;
}

/** What the file is for: the advice on a too-large file depends on it. */
export type UploadPurpose = 'scan' | 'spreadsheet';

const TOO_LARGE_ADVICE: Record<UploadPurpose, string> = {
  scan: 'уменьшите его (например, сканируйте в 150–200 dpi) и загрузите снова',
  spreadsheet: 'сохраните в таблице только нужный лист (без картинок и лишних листов) или разделите список на части и загрузите их по очереди',
};

/**
 * Multer for one file field. A too-large file does not throw: the route finds the Russian message in
 * `uploadError(req)` and re-renders its form. The text fields of the form are checked for control
 * characters like every other form (src/core/input-guard.ts).
 */
export function acceptUpload(field: string, maxBytes: number, purpose: UploadPurpose = 'scan') {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 50 }, defParamCharset: 'utf8' }).single(field);
  return (req: Request, res: Response, next: NextFunction) => {
    upload(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        const message =
          error.code === 'LIMIT_FILE_SIZE'
            ? `Файл больше ${formatMegabytes(maxBytes)} — ${TOO_LARGE_ADVICE[purpose]}`
            : 'Не удалось принять файл: загрузите один файл через форму';
        (req as Request & { uploadError?: string }).uploadError = message;
        return next();
      }
      if (error) return next(error);
      next(controlCharacterError(req.body));
    });
  };
}

export function uploadError(req: Request): string | undefined {
  return (req as Request & { uploadError?: string }).uploadError;
}

function formatMegabytes(bytes: number): string {
  return `${new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} МБ`;
}

/**
 * Checks a received file against the allowed kinds by its bytes. CSV has no magic number: it is
 * accepted when the bytes are valid UTF-8 (or Windows-1251) text without NUL bytes.
 * Throws FormError({ [field]: … }) with a Russian message.
 */
export async function checkUpload(
  file: Express.Multer.File | undefined,
  allowed: UploadKind[],
  field = 'file',
): Promise<CheckedUpload> {
  const expected = allowed.map((k) => KIND_LABELS[k]).join(', ');
  if (!file || file.size === 0) throw new FormError({ [field]: `Выберите файл (${expected})` });
  const detected = await fileTypeFromBuffer(file.buffer);
  let kind: UploadKind | undefined;
  if (detected) {
    kind = (Object.keys(MIME) as UploadKind[]).find((k) => MIME[k] === detected.mime && allowed.includes(k));
  } else if (allowed.includes('csv') && looksLikeText(file.buffer)) {
    kind = 'csv';
  }
  if (!kind) {
    throw new FormError({ [field]: `Файл ${quoted(file.originalname, 60)} не похож на ${expected}: проверьте, что выбран нужный файл` });
  }
  return { buffer: file.buffer, originalName: safeName(file.originalname), kind, mimeType: MIME[kind], size: file.size };
}

function looksLikeText(buffer: Buffer): boolean {
  return !buffer.subarray(0, 64 * 1024).includes(0);
}

/** Keeps a readable name for downloads without path parts or control characters. */
function safeName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f"<>|:*?]/g, '_');
  return base.slice(0, 200) || 'file';
}

/**
 * Saves the file under uploadsDir and records it as an attachment of the scope's organization (in the
 * scope's transaction, if any); returns the Attachment row. `ownerId` names the owning row of the purpose's
 * table — pass it when it exists already, or link the attachment later with `linkAttachment`.
 */
export async function storeUpload(
  scope: Pick<Scope, 'db' | 'organization' | 'actor'>,
  uploadsDir: string,
  upload: CheckedUpload,
  attachment: { purpose: AttachmentPurpose; ownerId?: number | null },
) {
  const organizationId = scope.organization.id;
  const relative = path.join(String(organizationId), `${crypto.randomUUID()}.${upload.kind}`);
  const absolute = path.join(uploadsDir, relative);
  await fs.promises.mkdir(path.dirname(absolute), { recursive: true });
  // On disk for good before the caller's transaction can commit the row: a crash or a power cut
  // must not leave a row whose file is missing. (The reverse — a file whose row never committed —
  // is swept away by removeOrphanUploads at the next start.)
  const handle = await fs.promises.open(absolute, 'wx', 0o600);
  try {
    await handle.writeFile(upload.buffer);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return scope.db.attachment.create({
    data: {
      organizationId,
      purpose: attachment.purpose,
      ownerId: attachment.ownerId ?? null,
      originalName: upload.originalName,
      mimeType: upload.mimeType,
      size: upload.size,
      sha256: crypto.createHash('sha256').update(upload.buffer).digest('hex'),
      storagePath: relative,
      uploadedById: scope.actor.userId,
    },
  });
}

/** Names the row that owns an attachment (made before its owner, as a consent's scan is). */
export async function linkAttachment(scope: Pick<Scope, 'db'>, attachmentId: number, ownerId: number): Promise<void> {
  await scope.db.attachment.update({ where: { id: attachmentId }, data: { ownerId }, select: { id: true } });
}

const STORED_NAME = /^\d+\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(pdf|jpg|png|xlsx|csv)$/;

/**
 * Removes stored files that no attachment row (of any organization) refers to: written by a transaction
 * that never committed because the process was killed in between (a rolled-back transaction removes its
 * own file). Given the raw client, as the start-up and the tests have it. Only our own
 * file names, and only files older than `olderThanMs`: a transaction that stores a file lasts seconds
 * (Prisma's default limit is 5 s), so an upload still in flight in another instance on the same
 * directory is left alone. Returns how many files were removed.
 */
export async function removeOrphanUploads(db: Pick<Prisma, 'attachment'>, uploadsDir: string, olderThanMs = 10 * 60_000): Promise<number> {
  let folders: string[];
  try {
    folders = await fs.promises.readdir(uploadsDir);
  } catch (error) {
    if (isMissingFile(error)) return 0;
    throw error;
  }
  const known = new Set((await db.attachment.findMany({ select: { storagePath: true } })).map((f) => f.storagePath.split(path.sep).join('/')));
  const cutoff = Date.now() - olderThanMs;
  let removed = 0;
  for (const folder of folders.filter((name) => /^\d+$/.test(name))) {
    for (const name of await fs.promises.readdir(path.join(uploadsDir, folder))) {
      const relative = `${folder}/${name}`;
      if (!STORED_NAME.test(relative) || known.has(relative)) continue;
      const absolute = path.join(uploadsDir, folder, name);
      const stat = await fs.promises.stat(absolute).catch(() => null);
      if (!stat?.isFile() || stat.mtimeMs > cutoff) continue;
      await fs.promises.rm(absolute, { force: true });
      removed++;
    }
  }
  return removed;
}

/**
 * Sends a stored file as a download (never inline HTML: the type is fixed and sniffing is off).
 *
 * The file is opened and checked before any header goes out, so a file that is gone (deleted by hand,
 * a restore without the uploads directory) is a Russian 404 page and any other failure a 500 page. Once
 * the bytes flow, a read error or a file that shrank under us can no longer become a page: the response
 * is destroyed, so the browser reports a failed download instead of saving a cut-off file as complete.
 */
export async function sendStoredFile(
  res: Response,
  uploadsDir: string,
  file: { storagePath: string; mimeType: string; originalName: string },
): Promise<void> {
  const absolute = path.resolve(uploadsDir, file.storagePath);
  if (!absolute.startsWith(path.resolve(uploadsDir) + path.sep)) throw new Error('stored file outside the uploads directory');
  let handle: fs.promises.FileHandle;
  // A row whose file is gone is lost data: the visitor gets a 404 page, the administrator a log line.
  const missing = () => {
    res.req.log?.warn({ storagePath: file.storagePath }, 'stored file is missing on disk');
    return new NotFoundError(MISSING_FILE);
  };
  try {
    handle = await fs.promises.open(absolute, 'r');
  } catch (error) {
    if (isMissingFile(error)) throw missing();
    throw error;
  }
  let size: number;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw missing();
    size = stat.size;
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
  res.setHeader('Content-Type', file.mimeType);
  res.setHeader('Content-Length', String(size));
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.originalName)}`);
  res.setHeader('Cache-Control', 'private, no-store');
  try {
    // autoClose: the handle is closed when the stream ends or fails.
    await pipeline(handle.createReadStream({ autoClose: true }), exactly(size), res);
  } catch (error) {
    // The visitor closed the page or cancelled the download: nothing went wrong on our side.
    if ((error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE' && res.destroyed) {
      res.req.log?.info('download cancelled by the client');
      return;
    }
    throw error; // the error handler logs it with the request id; the response is already destroyed
  }
}

const MISSING_FILE = 'Файл не найден: возможно, он был удалён с сервера. Сообщите администратору портала.';

function isMissingFile(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/** Passes the bytes through and fails if there are more or fewer than the size announced in Content-Length. */
function exactly(size: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > size) return callback(new Error(`stored file grew while being sent (${size} bytes expected)`));
      callback(null, chunk);
    },
    flush(callback) {
      callback(seen === size ? null : new Error(`stored file shrank while being sent: ${seen} of ${size} bytes`));
    },
  });
}
