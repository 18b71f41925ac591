/**
 * Well-formed and hostile files for the upload checks (src/core/uploads.ts): a PDF and a DOCX from the demo's
 * makers, a minimal PPTX package, and a «renamed» file of another kind.
 */
import { buildZip } from './zip.ts';

export { demoDocx as sampleDocx, demoPdf as samplePdf } from '../../prisma/demo-files.ts';

const PPTX_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>';

/** A minimal presentation package: [Content_Types].xml and ppt/presentation.xml. */
export function samplePptx(): Promise<Buffer> {
  return buildZip([
    { name: '[Content_Types].xml', content: PPTX_TYPES },
    { name: 'ppt/presentation.xml', content: '<?xml version="1.0"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>' },
  ]);
}

/** The first bytes of a Windows program (MZ header, PE signature): what a renamed .exe looks like. */
export const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from('PE\0\0'), Buffer.alloc(200)]);

/** An HTML page (a script inside): refused whatever its name says. */
export const HTML = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
