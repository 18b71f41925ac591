import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  ImageRun,
  LeaderType,
  LineRuleType,
  NoBreakHyphen,
  Packer,
  PageNumber,
  Paragraph,
  SoftHyphen,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  Tab,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
  type IParagraphOptions,
} from 'docx';
import { qrImagesOf } from './qr.ts';
import {
  BLANK_DATE,
  CONTENT_WIDTH_MM,
  LINE_SPACING,
  PAGE,
  SIGNATURE_COLUMNS,
  cleanText,
  columnWidths,
  grouped,
  stampLinks,
  numberPoints,
  runsOf,
  typeSizesOf,
  type Block,
  type DocumentDescription,
  type Inline,
} from './document.ts';
import { NON_BREAKING_HYPHEN, SOFT_HYPHEN } from './typography.ts';

/** DOCX through `docx`: Times New Roman, the same blocks and measures as the PDF. */

const twip = (mm: number) => Math.round((mm * 1440) / 25.4);
const CONTENT_WIDTH = twip(CONTENT_WIDTH_MM);
const INDENT = twip(PAGE.indentMm);
const FONT = 'Times New Roman';

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];
const ALIGN: Record<'left' | 'center' | 'right' | 'justify', Align> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.BOTH,
};

interface Sizes {
  /** Half-points, as Word counts them. */
  body: number;
  small: number;
  caption: number;
  /** Spacing after a paragraph, twips. */
  gap: number;
}

function sizesOf(doc: DocumentDescription): Sizes {
  const sizes = typeSizesOf(doc);
  return { body: sizes.body * 2, small: sizes.small * 2, caption: sizes.caption * 2, gap: sizes.gap * 20 };
}

/**
 * A piece of typeset text as run content: the non-breaking and soft hyphens of typography.ts become
 * Word's own <w:noBreakHyphen/> and <w:softHyphen/>, which Word and LibreOffice both honour.
 */
function runContent(piece: string): (string | NoBreakHyphen | SoftHyphen)[] {
  return piece
    .split(/([\u2011\u00AD])/)
    .filter(Boolean)
    .map((part) => (part === NON_BREAKING_HYPHEN ? new NoBreakHyphen() : part === SOFT_HYPHEN ? new SoftHyphen() : part));
}

/** Runs with `\n` turned into line breaks; `justified` text gets soft hyphens (typography.ts). */
function textRuns(text: Inline, extra: { size?: number; bold?: boolean; justified?: boolean } = {}): TextRun[] {
  return runsOf(text, extra.justified).flatMap((r) =>
    r.text.split('\n').map(
      (piece, i) =>
        new TextRun({
          children: runContent(piece),
          break: i > 0 ? 1 : undefined,
          bold: r.bold ?? extra.bold,
          italics: r.italic,
          underline: r.underline ? {} : undefined,
          size: extra.size,
        }),
    ),
  );
}

function para(text: Inline, options: Omit<IParagraphOptions, 'children'> & { size?: number; bold?: boolean } = {}): Paragraph {
  const { size, bold, ...rest } = options;
  return new Paragraph({ ...rest, children: textRuns(text, { size, bold, justified: rest.alignment === AlignmentType.BOTH }) });
}

/** Lines in the right half of the page (approval stamp, appendix mark). */
function rightHalf(lines: string[], sizes: Sizes, after = true): Paragraph[] {
  return lines.map((line, i) => para(line, { indent: { left: Math.round(CONTENT_WIDTH / 2) }, spacing: { after: after && i === lines.length - 1 ? sizes.gap * 2 : 0 } }));
}

const NO_BORDERS = TableBorders.NONE;

/** Half the space between the columns of a signature block, twips (as the PDF's). */
const SIGNATURE_GAP = 60;

/** Room after a field's blank for its comma, twips. */
const FIELD_AFTER_WIDTH = twip(2);

function block(b: Block, sizes: Sizes, qr: ReadonlyMap<string, Buffer>): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'paragraph': {
      const align = b.align ?? 'justify';
      const indent = b.indent ?? align === 'justify';
      return [para(b.text, { alignment: ALIGN[align], indent: indent ? { firstLine: INDENT } : undefined, spacing: { after: sizes.gap }, size: b.small ? sizes.small : undefined })];
    }
    case 'heading':
      return [para(b.text, { alignment: ALIGN[b.align ?? 'center'], bold: true, keepNext: true, spacing: { before: sizes.gap, after: sizes.gap } })];
    case 'points':
      return numberPoints(b.items, b.start).map((p) =>
        new Paragraph({
          alignment: AlignmentType.BOTH,
          indent: { firstLine: INDENT },
          spacing: { after: sizes.gap },
          children: [new TextRun({ text: `${p.number} ` }), ...textRuns(p.text, { justified: true })],
        }),
      );
    case 'table': {
      const widths = columnWidths(b.columns, CONTENT_WIDTH).map(Math.round);
      const cell = (text: Inline, width: number, header = false) =>
        new TableCell({
          width: { size: width, type: WidthType.DXA },
          margins: { left: 80, right: 80, top: 40, bottom: 40 },
          children: [para(text, { alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT, size: sizes.small, bold: header || undefined })],
        });
      const header = new TableRow({ tableHeader: true, cantSplit: true, children: b.columns.map((c, i) => cell(c.title, widths[i]!, true)) });
      const rows = b.rows.map((row) => new TableRow({ cantSplit: true, children: b.columns.map((_, i) => cell(row[i] ?? '', widths[i]!)) }));
      return [
        new Table({ width: { size: CONTENT_WIDTH, type: WidthType.DXA }, columnWidths: widths, layout: TableLayoutType.FIXED, rows: [header, ...rows] }),
        new Paragraph({ spacing: { after: sizes.gap }, children: [] }),
      ];
    }
    case 'signatures': {
      // A borderless table (as the PDF): the line to sign on is the bottom border of the middle cell, so
      // nothing can wrap and leave a stray «_» under «(подпись)»; the caption is a row of its own.
      const widths = SIGNATURE_COLUMNS.map((share) => Math.round(CONTENT_WIDTH * share));
      // No cell margin at the outer edges: the position starts at the text's left edge, the name ends at its right.
      const cell = (children: Paragraph[], width: number, signLine = false) =>
        new TableCell({
          width: { size: width, type: WidthType.DXA },
          margins: { left: width === widths[0] ? 0 : SIGNATURE_GAP, right: width === widths[2] ? 0 : SIGNATURE_GAP, top: 0, bottom: 0 },
          borders: signLine ? { ...NO_BORDERS, bottom: { style: BorderStyle.SINGLE, size: 4, color: '000000' } } : NO_BORDERS,
          verticalAlign: VerticalAlign.BOTTOM,
          children,
        });
      const rows = b.rows.flatMap((s) => [
        new TableRow({
          cantSplit: true,
          children: [
            cell([para(s.position, { alignment: AlignmentType.LEFT, keepNext: true })], widths[0]!),
            cell([new Paragraph({ keepNext: true, children: [] })], widths[1]!, true),
            cell([para(s.name, { alignment: AlignmentType.RIGHT, keepNext: true })], widths[2]!),
          ],
        }),
        new TableRow({
          cantSplit: true,
          children: [
            cell([new Paragraph({ children: [] })], widths[0]!),
            cell([para('(подпись)', { alignment: AlignmentType.CENTER, size: sizes.caption })], widths[1]!),
            cell([new Paragraph({ children: [] })], widths[2]!),
          ],
        }),
      ]);
      const out: (Paragraph | Table)[] = [
        new Paragraph({ spacing: { before: sizes.gap * 2 }, children: [] }),
        new Table({ width: { size: CONTENT_WIDTH, type: WidthType.DXA }, columnWidths: widths, layout: TableLayoutType.FIXED, borders: NO_BORDERS, rows }),
      ];
      if (b.date) out.push(para(b.date === 'blank' ? BLANK_DATE : b.date, { spacing: { before: sizes.gap * 2 } }));
      return out;
    }
    case 'field': {
      // Label, then a right tab at the end of the line with an underline leader: the blank is exactly
      // as long as the line, in Word and in LibreOffice alike.
      const after = b.after ? cleanText(b.after) : '';
      const end = CONTENT_WIDTH - (after ? FIELD_AFTER_WIDTH : 0);
      return [
        new Paragraph({
          alignment: AlignmentType.LEFT,
          spacing: { after: sizes.gap },
          tabStops: [{ type: TabStopType.RIGHT, position: end, leader: LeaderType.UNDERSCORE }],
          children: [...textRuns(b.label), new TextRun({ children: [new Tab()] }), ...(after ? [new TextRun({ text: after })] : [])],
        }),
      ];
    }
    case 'aside':
      return rightHalf(b.lines, sizes);
    case 'blankLines': {
      const out: Paragraph[] = Array.from(
        { length: b.count },
        () =>
          new Paragraph({
            spacing: { before: sizes.gap * 2 },
            border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: '000000', space: 1 } },
            children: [],
          }),
      );
      if (b.caption) out.push(para(b.caption, { alignment: AlignmentType.CENTER, size: sizes.caption }));
      return out;
    }
    case 'pageBreak':
      return [new Paragraph({ pageBreakBefore: true, children: [] })];
    case 'stamp': {
      const frame = { style: BorderStyle.SINGLE, size: 8, color: '1F3A93' };
      const borders = { top: frame, bottom: frame, left: frame, right: frame };
      const stampWidth = Math.round(CONTENT_WIDTH * 0.78);
      const qrWidth = twip(32);
      const text = [
        ...b.heading.map((line) => para(line.toUpperCase(), { alignment: AlignmentType.CENTER, bold: true, size: sizes.small })),
        ...b.lines.map(
          (l) =>
            new Paragraph({
              spacing: { before: 20 },
              children: [new TextRun({ text: `${cleanText(l.label)} `, bold: true, size: sizes.small }), new TextRun({ text: l.code ? grouped(l.value) : cleanText(l.value), size: l.code || l.link ? sizes.caption : sizes.small })],
            }),
        ),
      ];
      const png = b.qr ? qr.get(b.qr) : undefined;
      const cells = png
        ? [
            new TableCell({
              width: { size: qrWidth, type: WidthType.DXA },
              borders,
              verticalAlign: 'center',
              children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new ImageRun({ type: 'png', data: png, transformation: { width: 110, height: 110 }, altText: { name: 'QR-код', title: 'QR-код ссылки проверки', description: b.qr! } })] })],
            }),
            new TableCell({ width: { size: stampWidth - qrWidth, type: WidthType.DXA }, borders, margins: { left: 100, right: 100, top: 60, bottom: 60 }, children: text }),
          ]
        : [new TableCell({ width: { size: stampWidth, type: WidthType.DXA }, borders, margins: { left: 100, right: 100, top: 60, bottom: 60 }, children: text })];
      return [
        new Paragraph({ spacing: { before: sizes.gap * 2 }, keepNext: true, children: [] }),
        new Table({ width: { size: stampWidth, type: WidthType.DXA }, columnWidths: png ? [qrWidth, stampWidth - qrWidth] : [stampWidth], layout: TableLayoutType.FIXED, rows: [new TableRow({ cantSplit: true, children: cells })] }),
        new Paragraph({ spacing: { after: sizes.gap }, children: [] }),
      ];
    }
    case 'appendix': {
      const [first, ...others] = b.mark;
      const out: Paragraph[] = [
        para(first ?? '', { pageBreakBefore: true, indent: { left: Math.round(CONTENT_WIDTH / 2) }, spacing: { after: others.length ? 0 : sizes.gap * 2 } }),
        ...rightHalf(others, sizes),
      ];
      if (b.title) out.push(para(b.title.toUpperCase(), { alignment: AlignmentType.CENTER, bold: true }));
      if (b.heading) out.push(para(b.heading, { alignment: AlignmentType.CENTER, bold: true }));
      if (b.title || b.heading) out.push(new Paragraph({ spacing: { after: sizes.gap }, children: [] }));
      return out;
    }
  }
}

export function docxDocument(doc: DocumentDescription, qr: ReadonlyMap<string, Buffer> = new Map()): Document {
  const sizes = sizesOf(doc);
  const children: (Paragraph | Table)[] = [];
  if (doc.approval?.length) children.push(...rightHalf(doc.approval, sizes));
  if (doc.organization?.length) {
    doc.organization.forEach((line, i, all) =>
      children.push(para(line, { alignment: AlignmentType.CENTER, bold: true, spacing: { after: i === all.length - 1 ? sizes.gap * 2 : 0 } })),
    );
  }
  if (doc.title) {
    children.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: cleanText(doc.title).toUpperCase(), bold: true, characterSpacing: 20, size: sizes.body + 4 })] }));
  }
  if (doc.dateNumber) {
    const { date, number, place } = doc.dateNumber;
    children.push(
      new Paragraph({
        spacing: { before: sizes.gap * 2 },
        tabStops: [{ type: TabStopType.RIGHT, position: CONTENT_WIDTH }],
        children: [new TextRun(cleanText(date || '____________')), new TextRun({ children: [new Tab(), `№ ${cleanText(number || '________')}`] })],
      }),
    );
    if (place) children.push(para(place, { alignment: AlignmentType.CENTER, spacing: { before: sizes.gap } }));
  }
  if (doc.heading) children.push(para(doc.heading, { alignment: AlignmentType.CENTER, bold: true, spacing: { before: doc.dateNumber ? sizes.gap * 2 : 0 } }));
  if (doc.title || doc.heading || doc.dateNumber) children.push(new Paragraph({ spacing: { after: sizes.gap }, children: [] }));
  for (const b of doc.body) children.push(...block(b, sizes, qr));

  return new Document({
    creator: 'Наставник',
    title: cleanText(doc.fileTitle),
    styles: { default: { document: { run: { font: FONT, size: sizes.body, language: { value: 'ru-RU' } }, paragraph: { spacing: { line: Math.round(LINE_SPACING * 240), lineRule: LineRuleType.AUTO } } } } },
    sections: [
      {
        properties: {
          // ГОСТ: no number on the first page.
          titlePage: true,
          page: {
            size: { width: twip(PAGE.widthMm), height: twip(PAGE.heightMm) },
            margin: { top: twip(PAGE.margin.topMm), right: twip(PAGE.margin.rightMm), bottom: twip(PAGE.margin.bottomMm), left: twip(PAGE.margin.leftMm), header: twip(10) },
          },
        },
        headers: {
          first: new Header({ children: [] }),
          default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: sizes.small })] })] }),
        },
        children,
      },
    ],
  });
}

export async function renderDocx(doc: DocumentDescription): Promise<Buffer> {
  return Packer.toBuffer(docxDocument(doc, await qrImagesOf(stampLinks(doc))));
}
