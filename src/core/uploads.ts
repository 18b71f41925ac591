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
import { formatOneDecimal, quoted } from './format.ts';
import { controlCharacterError } from './input-guard.ts';
import type { Scope } from './scope.ts';

/**
 * Uploads: read into memory with a size limit, checked by their content (magic bytes, not the name),
 * stored under DATA_DIR/uploads/<organization>/ — outside public/ — and served only by routes that
 * check who may read them. Multipart forms carry the CSRF token in the action URL (?_csrf=…).
 */

export type UploadKind = 'pdf' | 'jpg' | 'png' | 'xlsx' | 'docx' | 'pptx' | 'csv' | 'sig';

const MIME: Record<UploadKind, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  csv: 'text/csv',
  // A detached signature (CMS): no magic number, its module checks the content (modules/signatures).
  sig: 'application/pkcs7-signature',
};

const KIND_LABELS: Record<UploadKind, string> = { pdf: 'PDF', jpg: 'JPEG', png: 'PNG', xlsx: 'XLSX', docx: 'DOCX', pptx: 'PPTX', csv: 'CSV', sig: 'SIG' };

/** The part folder an Office Open XML package of each kind must hold beside [Content_Types].xml. */
const OOXML_PART: Partial<Record<UploadKind, string>> = { docx: 'word/', pptx: 'ppt/', xlsx: 'xl/' };

export interface CheckedUpload {
  buffer: Buffer;
  originalName: string;
  kind: UploadKind;
  mimeType: string;
  size: number;
}

/** What the file is for: the advice on a too-large file depends on it. */
export type UploadPurpose = 'scan' | 'spreadsheet' | 'photo';

const TOO_LARGE_ADVICE: Record<UploadPurpose, string> = {
  scan: 'уменьшите его (например, сканируйте в 150–200 dpi) и загрузите снова',
  photo: 'уменьшите фотографию (например, снимите в меньшем разрешении или отправьте её себе в мессенджере и сохраните) и загрузите снова',
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
  return `${formatOneDecimal(bytes / 1024 / 1024)} МБ`;
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
  const part = OOXML_PART[kind];
  if (part) {
    const problem = ooxmlProblem(file.buffer, part);
    if (problem) throw new FormError({ [field]: `Файл ${quoted(file.originalname, 60)} не удалось принять как ${KIND_LABELS[kind]}: ${problem}. Сохраните его заново в редакторе и загрузите снова` });
  }
  return { buffer: file.buffer, originalName: safeName(file.originalname), kind, mimeType: MIME[kind], size: file.size };
}

/**
 * A received file of a kind with no magic number, whose content its caller has just checked by parsing it (a
 * detached signature): the same record as checkUpload gives, with a safe name. No file: the field's message.
 */
export function checkedByCaller(file: Express.Multer.File | undefined, kind: UploadKind, field = 'file'): CheckedUpload {
  if (!file || file.size === 0) throw new FormError({ [field]: `Выберите файл (${KIND_LABELS[kind]})` });
  return { buffer: file.buffer, originalName: safeName(file.originalname), kind, mimeType: MIME[kind], size: file.size };
}

/** Limits of an Office package we accept: far above any real document, far below a «zip bomb». */
export const OOXML_LIMITS = { entries: 10_000, unpackedBytes: 512 * 1024 * 1024 };

/**
 * Checks an Office Open XML package by its ZIP structure, without unpacking anything: the central directory
 * at the end is whole (a truncated download has none), it lists [Content_Types].xml and a part under the kind's
 * folder (word/, ppt/, xl/), every entry's local header is where the directory says, and the sizes it declares
 * stay within OOXML_LIMITS (a package that would unpack to gigabytes is refused — whoever opens it would suffer).
 * Returns a Russian reason, or null when the package is sound.
 */
export function ooxmlProblem(buffer: Buffer, part: string): string | null {
  const broken = 'файл повреждён или обрезан';
  const END = 0x06054b50;
  let end = -1;
  for (let at = buffer.length - 22; at >= Math.max(0, buffer.length - 22 - 0xffff); at--) {
    if (buffer.readUInt32LE(at) === END) {
      end = at;
      break;
    }
  }
  if (end < 0) return broken;
  const entries = buffer.readUInt16LE(end + 10);
  const directorySize = buffer.readUInt32LE(end + 12);
  const directoryAt = buffer.readUInt32LE(end + 16);
  // ZIP64 markers: no document of our size limit needs them.
  if (entries === 0xffff || directoryAt === 0xffffffff || directoryAt + directorySize > end) return broken;
  if (entries > OOXML_LIMITS.entries) return 'в архиве слишком много частей';
  const names = new Set<string>();
  let unpacked = 0;
  let at = directoryAt;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > end || buffer.readUInt32LE(at) !== 0x02014b50) return broken;
    const packedSize = buffer.readUInt32LE(at + 20);
    const size = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const localAt = buffer.readUInt32LE(at + 42);
    if (localAt + 30 > directoryAt || buffer.readUInt32LE(localAt) !== 0x04034b50 || localAt + 30 + packedSize > directoryAt) return broken;
    unpacked += size;
    if (unpacked > OOXML_LIMITS.unpackedBytes) return 'архив распаковывается в слишком большой объём';
    names.add(buffer.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
  }
  if (!names.has('[Content_Types].xml') || ![...names].some((n) => n.startsWith(part) && !n.endsWith('/'))) return 'в нём нет частей документа Office';
  return null;
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

const STORED_NAME = /^\d+\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(pdf|jpg|png|xlsx|docx|pptx|csv|sig)$/;

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
  file: { storagePath: string; mimeType: string; originalName: string; sha256?: string },
  /** A public file (the same for everyone): kept briefly by browsers and proxies, revalidated by its hash. */
  publicMaxAge?: number,
): Promise<void> {
  if (publicMaxAge !== undefined && file.sha256) {
    const etag = `"${file.sha256}"`;
    res.setHeader('Cache-Control', `public, max-age=${publicMaxAge}`);
    res.setHeader('ETag', etag);
    // Express's own conditional-GET check (If-None-Match, weak or strong, `*`), as for the public pages.
    if (res.req.fresh) {
      res.status(304).end();
      return;
    }
  }
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
  if (publicMaxAge === undefined || !file.sha256) res.setHeader('Cache-Control', 'private, no-store');
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
