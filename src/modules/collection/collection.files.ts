/**
 * An item's files (issue 12: «лучшие практики … файлы»): rows of the one Attachment table (purpose
 * COLLECTION_FILE, ownerId = the item), checked by their bytes (PDF, DOCX, PPTX, XLSX, JPEG, PNG — Office files
 * by their ZIP structure too, src/core/uploads.ts) and size. Who changes them is who changes the item (the
 * methodist: `collection:manage`); who reads them is who reads the item — staff with `collection:read`, and
 * everybody on the public page while the item passes `publicItemWhere` (collection.service.ts `publicItemFile`,
 * evaluated on every download, so a revoked distribution consent takes the files off at once).
 */
import { audit } from '../../core/audit.ts';
import { NotFoundError } from '../../core/errors.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { storeUpload, type CheckedUpload, type UploadKind } from '../../core/uploads.ts';

export const COLLECTION_FILE_KINDS: UploadKind[] = ['pdf', 'docx', 'pptx', 'xlsx', 'jpg', 'png'];
/** A presentation with photos is the largest thing a teacher brings; 20 MB keeps the uploads directory sane. */
export const COLLECTION_FILE_MAX_BYTES = 20 * 1024 * 1024;

/** The word a list shows for a stored file's type. */
const TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PPTX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
};

const fileSelect = { id: true, ownerId: true, originalName: true, mimeType: true, size: true } as const;

export interface CollectionFile {
  id: number;
  originalName: string;
  mimeType: string;
  size: number;
  typeLabel: string;
}

/** A file row as the lists show it: with the word for its type. */
export function listedFile(row: Omit<CollectionFile, 'typeLabel'>): CollectionFile {
  return { ...row, typeLabel: TYPE_LABELS[row.mimeType] ?? row.mimeType };
}

/** The files of the given items, by item id (one query for a whole list). */
export async function filesOfItems(scope: Pick<Scope, 'db'>, itemIds: number[]): Promise<Map<number, CollectionFile[]>> {
  const byItem = new Map<number, CollectionFile[]>();
  if (itemIds.length === 0) return byItem;
  const rows = await scope.db.attachment.findMany({ where: { purpose: 'COLLECTION_FILE', ownerId: { in: itemIds } }, select: fileSelect, orderBy: { id: 'asc' } });
  for (const { ownerId, ...row } of rows) byItem.set(ownerId!, [...(byItem.get(ownerId!) ?? []), listedFile(row)]);
  return byItem;
}

export async function itemFiles(scope: Pick<Scope, 'db'>, itemId: number) {
  return (await filesOfItems(scope, [itemId])).get(itemId) ?? [];
}

async function requireItem(scope: Scope, itemId: number) {
  const item = await scope.db.collectionItem.findUnique({ where: { organizationId_id: { organizationId: scope.organization.id, id: itemId } }, select: { id: true } });
  if (!item) throw new NotFoundError('Материал не найден');
}

export async function addItemFile(scope: Scope, uploadsDir: string, itemId: number, upload: CheckedUpload) {
  await requireItem(scope, itemId);
  await transaction(scope, async (tx) => {
    const file = await storeUpload(tx, uploadsDir, upload, { purpose: 'COLLECTION_FILE', ownerId: itemId });
    await audit(tx, { action: 'collection.file_add', entityType: 'CollectionItem', entityId: itemId, details: { attachmentId: file.id, name: upload.originalName, size: upload.size } });
  });
}

/** A file of an item the scope may read (the route checked the permission), for sendStoredFile. */
export async function itemFile(scope: Pick<Scope, 'db'>, itemId: number, fileId: number) {
  const file = await scope.db.attachment.findFirst({ where: { id: fileId, ownerId: itemId, purpose: 'COLLECTION_FILE' }, select: { id: true, storagePath: true, mimeType: true, originalName: true, sha256: true } });
  if (!file) throw new NotFoundError('Файл не найден');
  return file;
}

export async function removeItemFile(scope: Scope, itemId: number, fileId: number) {
  await requireItem(scope, itemId);
  const file = await itemFile(scope, itemId, fileId);
  await transaction(scope, async (tx) => {
    await tx.db.attachment.delete({ where: { id: file.id } });
    await audit(tx, { action: 'collection.file_remove', entityType: 'CollectionItem', entityId: itemId, details: { attachmentId: file.id, name: file.originalName } });
  });
}
