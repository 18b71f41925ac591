import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces';
import {
  BLANK_DATE,
  CONTENT_WIDTH_MM,
  PAGE,
  cleanText,
  columnWidths,
  grouped,
  numberPoints,
  runsOf,
  type Block,
  type DocumentDescription,
  type Inline,
} from './document.ts';

/**
 * PDF through pdfmake on the server. Fonts are the Roboto TTFs bundled with pdfmake (they carry
 * Cyrillic, №, «», —); no serif with Cyrillic ships in node_modules, so the PDF is sans while the DOCX
 * names Times New Roman. The fonts are loaded once into pdfmake's virtual file system, and both access
 * policies refuse everything: nothing in a document (user text included) can make pdfmake read a local
 * file or fetch a URL.
 */

const require = createRequire(import.meta.url);

interface PdfMakeServer {
  virtualfs: { writeFileSync(name: string, content: Buffer): void };
  setFonts(fonts: Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>): void;
  setUrlAccessPolicy(callback: (url: string) => boolean): void;
  setLocalAccessPolicy(callback: (path: string) => boolean): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

let pdfMake: PdfMakeServer | undefined;

/** The configured pdfmake instance (fonts loaded, access policies set); exported for tests of the policies. */
export function printer(): PdfMakeServer {
  if (pdfMake) return pdfMake;
  const instance = require('pdfmake') as PdfMakeServer;
  const fontDir = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
  const files = { normal: 'Roboto-Regular.ttf', bold: 'Roboto-Medium.ttf', italics: 'Roboto-Italic.ttf', bolditalics: 'Roboto-MediumItalic.ttf' };
  for (const file of Object.values(files)) instance.virtualfs.writeFileSync(`nastavnik/${file}`, fs.readFileSync(path.join(fontDir, file)));
  instance.setFonts({
    Roboto: {
      normal: `nastavnik/${files.normal}`,
      bold: `nastavnik/${files.bold}`,
      italics: `nastavnik/${files.italics}`,
      bolditalics: `nastavnik/${files.bolditalics}`,
    },
  });
  instance.setUrlAccessPolicy(() => false);
  instance.setLocalAccessPolicy(() => false);
  pdfMake = instance;
  return instance;
}

const pt = (mm: number) => (mm * 72) / 25.4;
const CONTENT_WIDTH = pt(CONTENT_WIDTH_MM);
const INDENT = pt(PAGE.indentMm);

/** Tokens with a slash (URLs, «/p/slug», dates like 2025/26) must not break after the slash. */
const UNBREAKABLE = /(\S*\/\S*)/;

function inline(text: Inline): Content {
  return runsOf(text).flatMap((r) =>
    r.text
      .split(UNBREAKABLE)
      .map((piece, i) => ({
        text: piece,
        // split() with a capture group puts the matches at odd positions.
        noWrap: i % 2 === 1 || undefined,
        bold: r.bold,
        italics: r.italic,
        decoration: r.underline ? ('underline' as const) : undefined,
      }))
      .filter((piece) => piece.text),
  );
}

function block(b: Block, sizes: Sizes): Content[] {
  switch (b.kind) {
    case 'paragraph': {
      const align = b.align ?? 'justify';
      const indent = b.indent ?? align === 'justify';
      return [{ text: inline(b.text), alignment: align, leadingIndent: indent ? INDENT : 0, fontSize: b.small ? sizes.small : undefined, margin: [0, 0, 0, sizes.gap] }];
    }
    case 'heading':
      return [{ text: cleanText(b.text), bold: true, alignment: b.align ?? 'center', margin: [0, sizes.gap, 0, sizes.gap] }];
    case 'points':
      return numberPoints(b.items, b.start).map((p) => ({
        text: [{ text: `${p.number} ` }, ...(inline(p.text) as Content[])] as never,
        alignment: 'justify' as const,
        leadingIndent: INDENT,
        margin: [0, 0, 0, sizes.gap] as [number, number, number, number],
      }));
    case 'table': {
      const padding = 4 * 2 + 1;
      const widths = columnWidths(b.columns, CONTENT_WIDTH - padding * b.columns.length - 1);
      const header: TableCell[] = b.columns.map((c) => ({ text: cleanText(c.title), bold: true, alignment: 'center' as const, fontSize: sizes.small }));
      const body: TableCell[][] = b.rows.map((row) => b.columns.map((_, i) => ({ text: inline(row[i] ?? ''), fontSize: sizes.small }) as TableCell));
      return [{ table: { headerRows: 1, widths, dontBreakRows: true, body: [header, ...body] }, margin: [0, sizes.gap, 0, sizes.gap * 2] }];
    }
    case 'signatures': {
      const rows: TableCell[][] = b.rows.map((s) => [
        { text: cleanText(s.position) },
        { stack: [{ text: '____________________' }, { text: '(подпись)', fontSize: sizes.caption, alignment: 'center' }] },
        { text: cleanText(s.name), alignment: 'right' },
      ]);
      const out: Content[] = [
        {
          table: { widths: ['*', 130, 'auto'], body: rows, dontBreakRows: true },
          layout: 'noBorders',
          margin: [0, sizes.gap * 3, 0, 0],
          unbreakable: true,
        },
      ];
      if (b.date) out.push({ text: b.date === 'blank' ? BLANK_DATE : cleanText(b.date), margin: [0, sizes.gap * 2, 0, 0] });
      return out;
    }
    case 'aside':
      return [{ columns: [{ text: '', width: '*' }, { width: CONTENT_WIDTH / 2, stack: b.lines.map((l) => ({ text: cleanText(l) })) }], margin: [0, 0, 0, sizes.gap * 2] }];
    case 'blankLines': {
      const lines: Content[] = Array.from({ length: b.count }, () => ({
        canvas: [{ type: 'line', x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth: 0.5 }],
        margin: [0, sizes.line, 0, 0] as [number, number, number, number],
      }));
      if (b.caption) lines.push({ text: cleanText(b.caption), fontSize: sizes.caption, alignment: 'center', margin: [0, 1, 0, 0] });
      return [{ stack: lines, margin: [0, 0, 0, sizes.gap] }];
    }
    case 'pageBreak':
      return [{ text: '', pageBreak: 'after' }];
    case 'stamp': {
      const text: Content[] = [
        ...b.heading.map((line) => ({ text: cleanText(line).toUpperCase(), bold: true, alignment: 'center' as const, fontSize: sizes.small })),
        ...b.lines.map((l) => ({
          text: [
            { text: `${cleanText(l.label)} `, bold: true },
            ...(l.code ? [{ text: grouped(l.value), fontSize: sizes.caption }] : l.link ? [{ text: cleanText(l.value), noWrap: true, fontSize: sizes.caption }] : (inline(l.value) as Content[])),
          ] as never,
          fontSize: sizes.small,
          margin: [0, 1, 0, 0] as [number, number, number, number],
        })),
      ];
      const stampWidth = CONTENT_WIDTH * 0.78;
      const row: TableCell[] = b.qr
        ? [{ qr: b.qr, fit: 84, eccLevel: 'M', margin: [0, 2, 0, 2] } as unknown as TableCell, { stack: text }]
        : [{ stack: text }];
      return [
        {
          table: { widths: b.qr ? [88, stampWidth - 88 - 18] : [stampWidth - 9], body: [row], dontBreakRows: true },
          layout: { hLineWidth: () => 1, vLineWidth: () => 1, hLineColor: () => '#1f3a93', vLineColor: () => '#1f3a93', paddingLeft: () => 4, paddingRight: () => 4, paddingTop: () => 4, paddingBottom: () => 4 },
          margin: [0, sizes.gap * 2, 0, sizes.gap],
          unbreakable: true,
        },
      ];
    }
    case 'appendix': {
      const out: Content[] = [
        { text: '', pageBreak: 'after' },
        { columns: [{ text: '', width: '*' }, { width: CONTENT_WIDTH / 2, stack: b.mark.map((l) => ({ text: cleanText(l) })) }], margin: [0, 0, 0, sizes.gap * 2] },
      ];
      if (b.title) out.push({ text: cleanText(b.title).toUpperCase(), bold: true, alignment: 'center' });
      if (b.heading) out.push({ text: cleanText(b.heading), bold: true, alignment: 'center' });
      if (b.title || b.heading) out.push({ text: '', margin: [0, 0, 0, sizes.gap * 2] });
      return out;
    }
  }
}

interface Sizes {
  body: number;
  small: number;
  caption: number;
  gap: number;
  line: number;
}

function sizesOf(doc: DocumentDescription): Sizes {
  return doc.compact ? { body: 10.5, small: 9, caption: 7, gap: 4, line: 16 } : { body: 12, small: 10, caption: 8, gap: 6, line: 20 };
}

export function pdfDefinition(doc: DocumentDescription): TDocumentDefinitions {
  const sizes = sizesOf(doc);
  const content: Content[] = [];
  if (doc.approval?.length) {
    content.push({ columns: [{ text: '', width: '*' }, { width: CONTENT_WIDTH / 2, stack: doc.approval.map((l) => ({ text: cleanText(l) })) }], margin: [0, 0, 0, sizes.gap * 2] });
  }
  if (doc.organization?.length) {
    content.push({ stack: doc.organization.map((l) => ({ text: cleanText(l) })), alignment: 'center', bold: true, margin: [0, 0, 0, sizes.gap * 2] });
  }
  if (doc.title) content.push({ text: cleanText(doc.title).toUpperCase(), bold: true, alignment: 'center', fontSize: sizes.body + 2, characterSpacing: 1 });
  if (doc.dateNumber) {
    const { date, number, place } = doc.dateNumber;
    content.push({
      columns: [
        { text: cleanText(date || '____________'), width: '*' },
        { text: `№ ${cleanText(number || '________')}`, width: 'auto', alignment: 'right' },
      ],
      margin: [0, sizes.gap * 2, 0, 0],
    });
    if (place) content.push({ text: cleanText(place), alignment: 'center', margin: [0, sizes.gap, 0, 0] });
  }
  if (doc.heading) content.push({ text: cleanText(doc.heading), bold: true, alignment: 'center', margin: [0, doc.dateNumber ? sizes.gap * 2 : 0, 0, 0] });
  if (doc.title || doc.heading || doc.dateNumber) content.push({ text: '', margin: [0, 0, 0, sizes.gap * 2] });
  for (const b of doc.body) content.push(...block(b, sizes));

  return {
    pageSize: 'A4',
    // pdfmake order: left, top, right, bottom.
    pageMargins: [pt(PAGE.margin.leftMm), pt(PAGE.margin.topMm), pt(PAGE.margin.rightMm), pt(PAGE.margin.bottomMm)],
    info: { title: doc.fileTitle, creator: 'Наставник', producer: 'Наставник' },
    language: 'ru-RU',
    // ГОСТ: pages are numbered from the second one, in the middle of the top margin.
    header: (currentPage: number) =>
      currentPage > 1 ? { text: String(currentPage), alignment: 'center', fontSize: sizes.small, margin: [0, pt(PAGE.margin.topMm) / 2, 0, 0] } : null,
    defaultStyle: { font: 'Roboto', fontSize: sizes.body, lineHeight: 1.15 },
    content,
  };
}

export async function renderPdf(doc: DocumentDescription): Promise<Buffer> {
  return printer().createPdf(pdfDefinition(doc)).getBuffer();
}
