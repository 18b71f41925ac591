import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { fileTypeFromBuffer } from 'file-type';
import multer from 'multer';
import type { AttachmentPurpose } from '../generated/prisma/enums.ts';
import { FormError } from './errors.ts';
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

/**
 * Multer for one file field. A too-large file does not throw: the route finds the Russian message in
 * `uploadError(req)` and re-renders its form.
 */
export function acceptUpload(field: string, maxBytes: number) {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 50 }, defParamCharset: 'utf8' }).single(field);
  return (req: Request, res: Response, next: NextFunction) => {
    upload(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        const message =
          error.code === 'LIMIT_FILE_SIZE'
            ? `Файл больше ${formatMegabytes(maxBytes)} — уменьшите его (например, сканируйте в 150–200 dpi) и загрузите снова`
            : 'Не удалось принять файл: загрузите один файл через форму';
        (req as Request & { uploadError?: string }).uploadError = message;
        return next();
      }
      next(error);
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
    throw new FormError({ [field]: `Файл «${file.originalname}» не похож на ${expected}: проверьте, что выбран нужный файл` });
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
  await fs.promises.writeFile(absolute, upload.buffer, { mode: 0o600 });
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

/** Sends a stored file as a download (never inline HTML: the type is fixed and sniffing is off). */
export function sendStoredFile(res: Response, uploadsDir: string, file: { storagePath: string; mimeType: string; originalName: string }) {
  const absolute = path.resolve(uploadsDir, file.storagePath);
  if (!absolute.startsWith(path.resolve(uploadsDir) + path.sep)) throw new Error('stored file outside the uploads directory');
  res.setHeader('Content-Type', file.mimeType);
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.originalName)}`);
  res.setHeader('Cache-Control', 'private, no-store');
  fs.createReadStream(absolute).pipe(res);
}
