/**
 * A news item's cover image, ready for ВКонтакте and Telegram: the methodist uploads one photo (JPEG or PNG,
 * checked by its bytes and by decoding it); the server crops and resizes it once, at upload, into the sizes
 * those networks show without cropping, and keeps only those (attachments NEWS_COVER of the news item). The
 * portal posts nothing itself: the methodist downloads the image and the ready text and posts them by hand.
 *
 * Resizing: `jimp` — pure JavaScript (installs from npm alone, no binaries fetched from elsewhere; sharp
 * and the like need a native libvips). It decodes and encodes on the main thread (≈0.5 s for a 2000×1500
 * photo), acceptable for an occasional upload by one methodist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Jimp } from 'jimp';
import { audit } from '../../core/audit.ts';
import { FormError, NotFoundError } from '../../core/errors.ts';
import { storeUpload, type CheckedUpload } from '../../core/uploads.ts';
import { transaction, type Scope } from '../../core/scope.ts';

/** The cover's sizes: ВКонтакте's post and link image (also Open Graph's 1.91:1), Telegram's 16:9. */
export const COVER_SIZES = {
  vk: { width: 1200, height: 630, label: 'ВКонтакте (1200×630)' },
  telegram: { width: 1280, height: 720, label: 'Telegram (1280×720)' },
} as const;
export type CoverSize = keyof typeof COVER_SIZES;

export const COVER_MAX_BYTES = 8 * 1024 * 1024;
const fileName = (size: CoverSize) => `cover-${size}-${COVER_SIZES[size].width}x${COVER_SIZES[size].height}.jpg`;

/** The image cropped to fill the size exactly (centre kept), as JPEG. */
export async function resizedCover(buffer: Buffer, size: CoverSize): Promise<Buffer> {
  const image = await Jimp.read(buffer);
  image.cover({ w: COVER_SIZES[size].width, h: COVER_SIZES[size].height });
  return image.getBuffer('image/jpeg', { quality: 85 });
}

/** Replaces the news item's cover with the uploaded photo in every size. */
export async function setCover(scope: Scope, uploadsDir: string, newsId: number, upload: CheckedUpload) {
  const exists = await scope.db.newsPost.count({ where: { id: newsId } });
  if (!exists) throw new NotFoundError('Новость не найдена');
  const variants: [CoverSize, Buffer][] = [];
  try {
    for (const size of Object.keys(COVER_SIZES) as CoverSize[]) variants.push([size, await resizedCover(upload.buffer, size)]);
  } catch {
    throw new FormError({ cover: 'Не удалось прочитать изображение: загрузите фотографию в формате JPEG или PNG' });
  }
  await transaction(scope, async (tx) => {
    // The old sizes' rows go; their files are swept at the next start (removeOrphanUploads).
    await tx.db.attachment.deleteMany({ where: { purpose: 'NEWS_COVER', ownerId: newsId } });
    for (const [size, buffer] of variants) {
      await storeUpload(tx, uploadsDir, { buffer, originalName: fileName(size), kind: 'jpg', mimeType: 'image/jpeg', size: buffer.length }, { purpose: 'NEWS_COVER', ownerId: newsId });
    }
    await audit(tx, { action: 'news.cover', entityType: 'NewsPost', entityId: newsId });
  });
}

/** The stored cover of a size, or null. */
export function coverOf(scope: Pick<Scope, 'db'>, newsId: number, size: CoverSize) {
  return scope.db.attachment.findFirst({
    where: { purpose: 'NEWS_COVER', ownerId: newsId, originalName: fileName(size) },
    select: { storagePath: true, mimeType: true, originalName: true },
    orderBy: { id: 'desc' },
  });
}

/** Has the news item a cover (for the pages and Open Graph)? */
export async function hasCover(scope: Pick<Scope, 'db'>, newsId: number): Promise<boolean> {
  return (await scope.db.attachment.count({ where: { purpose: 'NEWS_COVER', ownerId: newsId } })) > 0;
}

/** The file's bytes (the public cover route sends them with its cache headers). */
export async function readStored(uploadsDir: string, storagePath: string): Promise<Buffer> {
  const absolute = path.resolve(uploadsDir, storagePath);
  if (!absolute.startsWith(path.resolve(uploadsDir) + path.sep)) throw new Error('stored file outside the uploads directory');
  return fs.promises.readFile(absolute);
}
