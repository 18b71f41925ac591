/**
 * An event's files: materials (for the participants), minutes (протокол) and photos — rows of the one
 * Attachment table (purposes EVENT_MATERIAL, EVENT_MINUTES, EVENT_PHOTO, ownerId = the event), checked by their
 * bytes and size on upload, served only to those who see the event.
 *
 * Photos stay internal: people are recognisable on them, and a photo has no list of who is on it to check
 * distribution consents against — so the public page never shows event photos (only the title, date and place
 * of an open event). Publishing a photo is the news module's job, with the people named and their consent.
 */
import { audit } from '../../core/audit.ts';
import { NotFoundError } from '../../core/errors.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { storeUpload, type CheckedUpload, type UploadKind } from '../../core/uploads.ts';
import type { AttachmentPurpose } from '../../generated/prisma/enums.ts';

export type EventFilePurpose = Extract<AttachmentPurpose, 'EVENT_MATERIAL' | 'EVENT_MINUTES' | 'EVENT_PHOTO'>;

/** What each kind of file may be and how large. */
export const EVENT_FILE_RULES: Record<EventFilePurpose, { label: string; kinds: UploadKind[]; maxBytes: number }> = {
  EVENT_MATERIAL: { label: 'материалы', kinds: ['pdf', 'xlsx', 'jpg', 'png'], maxBytes: 20 * 1024 * 1024 },
  EVENT_MINUTES: { label: 'протокол', kinds: ['pdf', 'jpg', 'png'], maxBytes: 10 * 1024 * 1024 },
  EVENT_PHOTO: { label: 'фотографии', kinds: ['jpg', 'png'], maxBytes: 10 * 1024 * 1024 },
};
export const EVENT_FILE_PURPOSES = Object.keys(EVENT_FILE_RULES) as EventFilePurpose[];
/** multer's limit: the largest of the kinds (each kind's own limit is checked after). */
export const EVENT_FILE_MAX_BYTES = Math.max(...Object.values(EVENT_FILE_RULES).map((r) => r.maxBytes));

export async function eventFiles(scope: Scope, eventId: number) {
  const rows = await scope.db.attachment.findMany({
    where: { purpose: { in: EVENT_FILE_PURPOSES }, ownerId: eventId },
    select: { id: true, purpose: true, originalName: true, size: true, createdAt: true },
    orderBy: { id: 'asc' },
  });
  return Object.fromEntries(EVENT_FILE_PURPOSES.map((p) => [p, rows.filter((r) => r.purpose === p)])) as Record<EventFilePurpose, typeof rows>;
}

export async function addEventFile(scope: Scope, uploadsDir: string, eventId: number, purpose: EventFilePurpose, upload: CheckedUpload) {
  await transaction(scope, async (tx) => {
    const file = await storeUpload(tx, uploadsDir, upload, { purpose, ownerId: eventId });
    await audit(tx, { action: 'event.file_add', entityType: 'Event', entityId: eventId, details: { purpose, attachmentId: file.id } });
  });
}

export async function eventFile(scope: Scope, eventId: number, fileId: number) {
  const file = await scope.db.attachment.findFirst({ where: { id: fileId, ownerId: eventId, purpose: { in: EVENT_FILE_PURPOSES } }, select: { id: true, storagePath: true, mimeType: true, originalName: true } });
  if (!file) throw new NotFoundError('Файл не найден');
  return file;
}

export async function removeEventFile(scope: Scope, eventId: number, fileId: number) {
  const file = await eventFile(scope, eventId, fileId);
  await transaction(scope, async (tx) => {
    await tx.db.attachment.delete({ where: { id: file.id } });
    await audit(tx, { action: 'event.file_remove', entityType: 'Event', entityId: eventId, details: { attachmentId: file.id } });
  });
}
