import type { Response } from 'express';
import { transliterate } from '../translit.ts';
import type { DocumentDescription } from './document.ts';
import { renderDocx } from './docx.ts';
import { renderPdf } from './pdf.ts';

export { BLANK_DATE } from './document.ts';
export type { Block, DocumentDescription, Inline, Point, Run, Signature } from './document.ts';
export { renderDocx } from './docx.ts';
export { renderPdf } from './pdf.ts';

export type DocumentFormat = 'pdf' | 'docx';

const MIME: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Renders the description in the asked format. */
export function renderDocument(doc: DocumentDescription, format: DocumentFormat): Promise<Buffer> {
  return format === 'pdf' ? renderPdf(doc) : renderDocx(doc);
}

/**
 * Sends a rendered document as a download: a readable Cyrillic file name (RFC 5987) with an ASCII
 * fallback, never cached by shared caches (documents carry personal data).
 */
export async function sendDocument(res: Response, doc: DocumentDescription, format: DocumentFormat, fileName: string): Promise<void> {
  const buffer = await renderDocument(doc, format);
  const name = `${fileName.replace(/[\u0000-\u001f"\\/<>|:*?]/g, '_').slice(0, 150)}.${format}`;
  const ascii = `${transliterate(fileName).replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'document'}.${format}`;
  res.setHeader('Content-Type', MIME[format]);
  res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(buffer);
}
