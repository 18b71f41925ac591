/**
 * The body of a document-rendering worker thread (see pool.ts): pdfmake and docx lay out the
 * description here, away from the thread that answers HTTP requests. Loaded by piscina; under tsx
 * (npm run dev, npm test) pool.ts gives the thread tsx's loader, so this file stays TypeScript;
 * `npm start` loads its compiled render-worker.js.
 */
import type { DocumentDescription } from './document.ts';
import { renderDocx } from './docx.ts';
import { renderPdf } from './pdf.ts';

export interface RenderTask {
  doc: DocumentDescription;
  format: 'pdf' | 'docx';
}

/** The rendered file as bytes (a Uint8Array crosses the thread boundary as it is). */
export default async function render({ doc, format }: RenderTask): Promise<Uint8Array> {
  const buffer = format === 'pdf' ? await renderPdf(doc) : await renderDocx(doc);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
