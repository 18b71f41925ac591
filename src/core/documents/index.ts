import type { Response } from 'express';
import { transliterate } from '../translit.ts';
import { DocumentCache } from './cache.ts';
import type { DocumentDescription } from './document.ts';
import { DocumentsBusyError, RenderPool, type DocumentFormat } from './pool.ts';

export { BLANK_DATE } from './document.ts';
export type { Block, DocumentDescription, Inline, Point, Run, Signature, StampLine } from './document.ts';
export { qrPng } from './qr.ts';
export { renderDocx } from './docx.ts';
export { renderPdf } from './pdf.ts';
export { contentHash, DocumentCache } from './cache.ts';
export { DocumentsBusyError, RenderPool, type DocumentFormat, type RenderPoolOptions } from './pool.ts';

const MIME: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * The process's rendering threads and its cache of unchanging documents (see pool.ts, cache.ts).
 * One per process: every app in it (tests make several) shares the same threads and memory bound.
 */
export const documentRendering = { pool: new RenderPool(), cache: new DocumentCache() };

export interface RenderOptions {
  /**
   * Set only for a document whose content never changes (an approved order: «order:12»): its file
   * is kept in memory and rendered once. The key is combined with the format and a content hash.
   */
  cacheKey?: string;
  /** Aborted when nobody waits for the file any more (the client went away). */
  signal?: AbortSignal;
}

/** Renders the description in the asked format, in a worker thread (or from the cache). */
export function renderDocument(doc: DocumentDescription, format: DocumentFormat, options: RenderOptions = {}): Promise<Buffer> {
  const { pool, cache } = documentRendering;
  // A cached render may be shared by several requests: one client leaving must not cancel it.
  if (options.cacheKey) return cache.get(`${options.cacheKey}:${format}`, doc, () => pool.render(doc, format));
  return pool.render(doc, format, options.signal);
}

/**
 * Sends a rendered document as a download: a readable Cyrillic file name (RFC 5987) with an ASCII
 * fallback, never cached by shared caches (documents carry personal data). A render the client no
 * longer waits for is cancelled; a busy portal answers 503 with Retry-After.
 */
export async function sendDocument(res: Response, doc: DocumentDescription, format: DocumentFormat, fileName: string, options: Pick<RenderOptions, 'cacheKey'> = {}): Promise<void> {
  const clientGone = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) clientGone.abort();
  };
  res.once('close', onClose);
  let buffer: Buffer;
  try {
    buffer = await renderDocument(doc, format, { ...options, signal: clientGone.signal });
  } catch (error) {
    if (clientGone.signal.aborted) return;
    if (!(error instanceof DocumentsBusyError)) throw error;
    // Not a fault of the portal: a page that says so and when to come back (not the «internal error» page).
    res.req.log?.warn({ format, reason: error.message }, 'document render refused');
    res.status(503).setHeader('Retry-After', '60');
    res.render('errors/error', { title: 'Документ пока не готов', message: error.message, status: 503 });
    return;
  } finally {
    res.off('close', onClose);
  }
  const name = `${fileName.replace(/[\u0000-\u001f"\\/<>|:*?]/g, '_').slice(0, 150)}.${format}`;
  const ascii = `${transliterate(fileName).replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'document'}.${format}`;
  res.setHeader('Content-Type', MIME[format]);
  res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(buffer);
}
