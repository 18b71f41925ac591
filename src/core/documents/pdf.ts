import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Content, CustomTableLayout, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces';
import { SOFT_BREAK, installLayoutCorrections } from './pdf-layout.ts';
import { SOFT_HYPHEN } from './typography.ts';
import {
  BLANK_DATE,
  CONTENT_WIDTH_MM,
  LINE_SPACING,
  PAGE,
  SIGNATURE_COLUMNS,
  cleanText,
  columnWidths,
  grouped,
  numberPoints,
  runsOf,
  typeSizesOf,
  type Block,
  type DocumentDescription,
  type Inline,
} from './document.ts';

/**
 * PDF through pdfmake on the server. The body font is Tinos (npm `@expo-google-fonts/tinos`, SIL OFL),
 * a serif metric-compatible with Times New Roman — the font the DOCX names and, as Liberation Serif (the
 * same design), the one LibreOffice uses for it — so the PDF looks like the DOCX and lines break at the
 * same words. The four TTFs carry Cyrillic, №, «», — and the non-breaking hyphen. They are loaded once
 * into pdfmake's virtual file system, and both access policies refuse everything: nothing in a document
 * (user text included) can make pdfmake read a local file or fetch a URL. pdf-layout.ts corrects
 * justification and adds soft hyphens to pdfmake's line layout.
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

export const PDF_FONT = 'Tinos';

const TINOS_FILES = {
  normal: '400Regular/Tinos_400Regular.ttf',
  bold: '700Bold/Tinos_700Bold.ttf',
  italics: '400Regular_Italic/Tinos_400Regular_Italic.ttf',
  bolditalics: '700Bold_Italic/Tinos_700Bold_Italic.ttf',
} as const;

/** The configured pdfmake instance (fonts loaded, access policies set); exported for tests of the policies. */
export function printer(): PdfMakeServer {
  if (pdfMake) return pdfMake;
  const instance = require('pdfmake') as PdfMakeServer;
  installLayoutCorrections();
  const fontDir = path.dirname(require.resolve('@expo-google-fonts/tinos/package.json'));
  const fonts = {} as Record<keyof typeof TINOS_FILES, string>;
  for (const [style, file] of Object.entries(TINOS_FILES) as [keyof typeof TINOS_FILES, string][]) {
    const name = `nastavnik/${path.basename(file)}`;
    instance.virtualfs.writeFileSync(name, fs.readFileSync(path.join(fontDir, file)));
    fonts[style] = name;
  }
  instance.setFonts({ [PDF_FONT]: fonts });
  instance.setUrlAccessPolicy(() => false);
  instance.setLocalAccessPolicy(() => false);
  pdfMake = instance;
  return instance;
}

const pt = (mm: number) => (mm * 72) / 25.4;

/**
 * pdfmake's line height is a multiple of the font's ascent + descent (1.107 em for Tinos); a «single»
 * line of Times New Roman in Word, and of Liberation Serif in LibreOffice, adds the font's line gap
 * (1.15 em). This puts the PDF's lines exactly as far apart as the DOCX's LINE_SPACING.
 */
const SINGLE_LINE_EM = 1.15;
const PDF_LINE_HEIGHT = (LINE_SPACING * SINGLE_LINE_EM) / 1.107;

/** Space between the columns of a signature block, points. */
const SIGNATURE_GAP = 6;

/** No borders but the ones a cell asks for (the line to sign on), thin; no padding but the gap. */
const SIGNATURE_LAYOUT: CustomTableLayout = {
  defaultBorder: false,
  hLineWidth: () => 0.5,
  vLineWidth: () => 0,
  paddingLeft: (i: number) => (i === 0 ? 0 : SIGNATURE_GAP / 2),
  paddingRight: (i, node) => (i === (Array.isArray(node.table.widths) ? node.table.widths.length : 1) - 1 ? 0 : SIGNATURE_GAP / 2),
  paddingTop: () => 0,
  paddingBottom: () => 1,
};

const FIELD_LAYOUT: CustomTableLayout = { ...SIGNATURE_LAYOUT, paddingLeft: (i: number) => (i === 0 ? 0 : 2), paddingRight: () => 0, paddingBottom: () => 0 };
const CONTENT_WIDTH = pt(CONTENT_WIDTH_MM);
const INDENT = pt(PAGE.indentMm);

/** Tokens with a slash (URLs, «/p/slug», dates like 2025/26) must not break after the slash. */
const UNBREAKABLE = /(\S*\/\S*)/;

function inline(text: Inline, justified = false): Content {
  return runsOf(text, justified).flatMap((r) =>
    r.text
      .split(UNBREAKABLE)
      .map((piece, i) => ({
        text: piece.replaceAll(SOFT_HYPHEN, SOFT_BREAK),
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
      return [{ text: inline(b.text, align === 'justify'), alignment: align, leadingIndent: indent ? INDENT : 0, fontSize: b.small ? sizes.small : undefined, margin: [0, 0, 0, sizes.gap] }];
    }
    case 'heading':
      // headlineLevel marks it for keepWithNext (below), as the DOCX's heading paragraph has keepNext.
      return [{ text: cleanText(b.text), bold: true, alignment: b.align ?? 'center', margin: [0, sizes.gap, 0, sizes.gap], headlineLevel: 1 }];
    case 'points':
      return numberPoints(b.items, b.start).map((p) => ({
        text: [{ text: `${p.number} ` }, ...(inline(p.text, true) as Content[])] as never,
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
      // A borderless table: the line to sign on is the bottom border of the middle cell, «(подпись)» under it.
      const widths = SIGNATURE_COLUMNS.map((share) => CONTENT_WIDTH * share - SIGNATURE_GAP);
      const rows: TableCell[][] = b.rows.flatMap((s) => [
        [
          { text: cleanText(s.position), verticalAlignment: 'bottom' },
          { text: ' ', border: [false, false, false, true] },
          { text: cleanText(s.name), alignment: 'right', verticalAlignment: 'bottom' },
        ] as TableCell[],
        [{ text: '' }, { text: '(подпись)', fontSize: sizes.caption, alignment: 'center' }, { text: '' }],
      ]);
      const out: Content[] = [
        {
          table: { widths, body: rows, dontBreakRows: true },
          layout: SIGNATURE_LAYOUT,
          margin: [0, sizes.gap * 3, 0, 0],
          unbreakable: true,
        },
      ];
      if (b.date) out.push({ text: b.date === 'blank' ? BLANK_DATE : cleanText(b.date), margin: [0, sizes.gap * 2, 0, 0] });
      return out;
    }
    case 'field': {
      // Label | a rule to the end of the line | «,»: the rule is the bottom border of the middle cell.
      const cells: TableCell[] = [
        { text: inline(b.label) },
        { text: ' ', border: [false, false, false, true] },
        ...(b.after ? [{ text: cleanText(b.after) }] : []),
      ];
      return [{ table: { widths: b.after ? ['auto', '*', 'auto'] : ['auto', '*'], body: [cells] }, layout: FIELD_LAYOUT, margin: [0, 0, 0, sizes.gap - 0.5] }];
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
  const sizes = typeSizesOf(doc);
  // A blank line to write on is as far below the previous one as in the DOCX: a line of text and twice the gap.
  return { ...sizes, line: sizes.body * LINE_SPACING * SINGLE_LINE_EM + sizes.gap * 2 };
}

export function pdfDefinition(doc: DocumentDescription): TDocumentDefinitions {
  const sizes = sizesOf(doc);
  let extraLayouts = 0;
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
  // An empty line and the gap, as the DOCX's empty paragraph.
  if (doc.title || doc.heading || doc.dateNumber) content.push({ text: '', margin: [0, 0, 0, sizes.gap] });
  for (const b of doc.body) content.push(...block(b, sizes));
  startPagesWithTheirContent(content);

  return {
    pageSize: 'A4',
    // pdfmake order: left, top, right, bottom.
    pageMargins: [pt(PAGE.margin.leftMm), pt(PAGE.margin.topMm), pt(PAGE.margin.rightMm), pt(PAGE.margin.bottomMm)],
    info: { title: doc.fileTitle, creator: 'Наставник', producer: 'Наставник' },
    language: 'ru-RU',
    // ГОСТ: pages are numbered from the second one, in the middle of the top margin.
    header: (currentPage: number) =>
      currentPage > 1 ? { text: String(currentPage), alignment: 'center', fontSize: sizes.small, margin: [0, pt(PAGE.margin.topMm) / 2, 0, 0] } : null,
    defaultStyle: { font: PDF_FONT, fontSize: sizes.body, lineHeight: PDF_LINE_HEIGHT },
    content,
    pageBreakBefore: (node, queries) => {
      // Every break it asks for costs pdfmake a new layout of the whole document: the rules apply to the
      // documents people print (orders, consents, agreements: up to PAGE_RULES_MAX_PAGES pages) with a bounded
      // number of extra layouts; a 90-page order keeps pdfmake's own breaks and its speed.
      if (node.pages > PAGE_RULES_MAX_PAGES || extraLayouts >= PAGE_RULES_MAX_LAYOUTS) return false;
      const needed = pageBreakNeeded(node, queries.getNodesOnNextPage, sizes);
      if (needed) extraLayouts++;
      return needed;
    },
  };
}

/**
 * A forced page break (an appendix, the acknowledgment sheet) is written as an empty line that breaks after
 * itself; when the page before is full, that empty line lands on the next page and the break after it leaves
 * a blank page. So the break moves onto the content that follows: it breaks before itself, always from the
 * page the text before it ended on — as the DOCX's «page break before» does.
 */
function startPagesWithTheirContent(content: Content[]): void {
  for (let i = content.length - 2; i >= 0; i--) {
    const node = content[i] as { text?: unknown; pageBreak?: string };
    const next = content[i + 1] as { pageBreak?: string };
    if (node.text === '' && node.pageBreak === 'after' && next && typeof next === 'object' && next.pageBreak === undefined) {
      next.pageBreak = 'before';
      content.splice(i, 1);
    }
  }
}

/** Longer documents keep pdfmake's own page breaks (see pageBreakBefore in pdfDefinition). */
const PAGE_RULES_MAX_PAGES = 30;
const PAGE_RULES_MAX_LAYOUTS = 12;

type LaidOutNode = { text?: unknown; table?: unknown; headlineLevel?: number; pageNumbers: number[]; startPosition: { verticalRatio: number; pageInnerHeight: number } };

/**
 * What Word's and LibreOffice's default paragraph style does and pdfmake does not (without it the PDF and
 * the DOCX opened in LibreOffice break their pages a line apart):
 * - orphan control: a paragraph that runs onto the next page starts there rather than leave a single line
 *   at the foot of this one;
 * - widow control for short paragraphs: one of three lines or fewer is not split leaving its last line
 *   alone on the next page (a longer one would lend a line to the next page there; pdfmake cannot split at a
 *   chosen line, so such a paragraph stays as it is);
 * - keep with next: a heading (keepNext in the DOCX) moves to the next page unless its line and two lines
 *   of what follows fit on this one.
 */
function pageBreakNeeded(node: LaidOutNode, nodesOnNextPage: () => LaidOutNode[], sizes: Sizes): boolean {
  // An empty text is a forced page break of its own (an appendix starts a page): moving it would leave a blank page.
  if (node.text === undefined || node.text === '' || node.table !== undefined) return false;
  const lineHeight = sizes.body * LINE_SPACING * SINGLE_LINE_EM;
  const room = (1 - node.startPosition.verticalRatio) * node.startPosition.pageInnerHeight;
  if (node.headlineLevel === 1) return room < 3 * lineHeight + sizes.gap;
  if (node.pageNumbers.length !== 2) return false;
  if (room < 2 * lineHeight) return true;
  const next = nodesOnNextPage()[0];
  if (!next || next.pageNumbers[0] !== node.pageNumbers[1]) return false;
  // Where the next block starts tells how many of this paragraph's lines went over (its own top margin can
  // only make the count larger, never cause a break).
  const linesOver = Math.floor((next.startPosition.verticalRatio * next.startPosition.pageInnerHeight - sizes.gap) / lineHeight + 0.05);
  const linesHere = Math.floor(room / lineHeight + 0.05);
  return linesOver <= 1 && linesHere + linesOver <= 3;
}

export async function renderPdf(doc: DocumentDescription): Promise<Buffer> {
  return printer().createPdf(pdfDefinition(doc)).getBuffer();
}
