import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { fileTypeFromBuffer } from 'file-type';
import multer from 'multer';
import type { Prisma } from './database/client.ts';
import { FormError } from './errors.ts';
import { quoted } from './format.ts';
import { controlCharacterError } from './input-guard.ts';

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

/** Saves the file under uploadsDir and records it; returns the StoredFile row. */
export async function storeUpload(
  db: Pick<Prisma, 'storedFile'>,
  uploadsDir: string,
  upload: CheckedUpload,
  owner: { organizationId: number; uploadedById: number | null },
) {
  const relative = path.join(String(owner.organizationId), `${crypto.randomUUID()}.${upload.kind}`);
  const absolute = path.join(uploadsDir, relative);
  await fs.promises.mkdir(path.dirname(absolute), { recursive: true });
  await fs.promises.writeFile(absolute, upload.buffer, { mode: 0o600 });
  return db.storedFile.create({
    data: {
      organizationId: owner.organizationId,
      originalName: upload.originalName,
      mimeType: upload.mimeType,
      size: upload.size,
      sha256: crypto.createHash('sha256').update(upload.buffer).digest('hex'),
      storagePath: relative,
      uploadedById: owner.uploadedById,
    },
  });
}

/** Sends a stored file as a download (never inline HTML: the type is fixed and sniffing is off). */
export function sendStoredFile(res: Response, uploadsDir: string, file: { storagePath: string; mimeType: string; originalName: string }) {
  const absolute = path.resolve(uploadsDir, file.storagePath);
  if (!absolute.startsWith(path.resolve(uploadsDir) + path.sep)) throw new Error('stored file outside the uploads directory');
  res.setHeader('Content-Type', file.mimeType);
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.originalName)}`);
  res.setHeader('Cache-Control', 'private, no-store');
  fs.createReadStream(absolute).pipe(res);
}
