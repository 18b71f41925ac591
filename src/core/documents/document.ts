/**
 * One small, typed description of a printed document (order, programme, consent form, report) that
 * `renderPdf` and `renderDocx` both understand, so every document is written once and comes out the
 * same in both formats. Layout follows ГОСТ Р 7.0.97-2016: A4, margins 20/10/20/30 mm (top/right/
 * bottom/left), organization name on top, the document kind in capitals, date and number line,
 * paragraphs with a 1.25 cm indent, signature block «должность … подпись … И.О. Фамилия».
 */
import { hyphenate, typeset } from './typography.ts';

export { typeset };

/** A piece of text with emphasis; a plain string is one regular run. `\n` breaks the line. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
}

export type Inline = string | Run[];

/** A numbered point: «1. …» with optional sub-points «1.1. …». */
export type Point = Inline | { text: Inline; points?: Point[] };

export interface Signature {
  /** «Заведующий», «Субъект персональных данных»; may be two lines (\n). */
  position: string;
  /** Already as «И.О. Фамилия» — see initialsSurname() in domain/people.ts. */
  name: string;
}

export type Block =
  /** A text paragraph: justified with the 1.25 cm first-line indent unless told otherwise. */
  | { kind: 'paragraph'; text: Inline; align?: 'left' | 'center' | 'right' | 'justify'; indent?: boolean; small?: boolean }
  /** A bold centered sub-heading inside the text («ПРИКАЗЫВАЮ:», section names). */
  | { kind: 'heading'; text: string; align?: 'left' | 'center' }
  /** Numbered points «1.», «1.1.», numbered from `start` (default 1). */
  | { kind: 'points'; items: Point[]; start?: number }
  /** A table with a header row; widths are proportions (default equal). */
  | { kind: 'table'; columns: { title: string; width?: number }[]; rows: Inline[][] }
  /**
   * Signature block: one row per signer «должность — ______ (подпись) — И.О. Фамилия»;
   * `date: 'blank'` adds «___» ____________ 20___ г. to fill by hand, a string prints that date.
   */
  | { kind: 'signatures'; rows: Signature[]; date?: 'blank' | string }
  /** Lines in the right half of the page: «УТВЕРЖДАЮ …», an addressee. */
  | { kind: 'aside'; lines: string[] }
  /**
   * A line of a form filled in by hand: the label, then an underlined blank to the end of the line (a tab
   * with an underline leader in DOCX, a rule in the PDF — never underscores, which wrap), then `after`
   * (a comma). Left-aligned: the lines of a form are never justified.
   */
  | { kind: 'field'; label: Inline; after?: string }
  /** Empty lines to write on by hand, with an optional small caption under them. */
  | { kind: 'blankLines'; count: number; caption?: string }
  | { kind: 'pageBreak' }
  /** Starts a new page with the appendix mark top-right («Приложение № 1 / к приказу от … № …») and a title. */
  | { kind: 'appendix'; mark: string[]; title?: string; heading?: string }
  /**
   * The stamp of an electronically signed document, framed as e-document systems print it: heading lines in
   * capitals, then «label value» lines. With `qr`, the QR code of `qr` (a link, made on the server) stands to
   * the left of the text. Never split across pages.
   */
  | { kind: 'stamp'; heading: string[]; lines: StampLine[]; qr?: string };

export interface StampLine {
  label: string;
  value: string;
  /** A long code (a hash): printed smaller, in groups that wrap between them. */
  code?: boolean;
  /** A link: kept on one line (a reader types or compares it as a whole). */
  link?: boolean;
}

export interface DocumentDescription {
  /** File and metadata title («Приказ № 12-од», «Согласие — Иванова М.П.»). */
  fileTitle: string;
  /** Organization header, centered (full name, then e.g. address lines). */
  organization?: string[];
  /** Approval stamp top-right («УТВЕРЖДАЮ», position, ______ И.О. Фамилия, date). */
  approval?: string[];
  /** The kind of document, printed in capitals: «ПРИКАЗ», «СОГЛАСИЕ». */
  title?: string;
  /** Date and number line under the title; missing parts print as blanks to fill. */
  dateNumber?: { date?: string; number?: string; place?: string };
  /** Заголовок к тексту: «О назначении наставников», «на обработку персональных данных». */
  heading?: string;
  body: Block[];
  /** Smaller type for forms that must fit on one page (12 pt instead of 14). */
  compact?: boolean;
}

// ---- shared measures ---------------------------------------------------------------------------

export const PAGE = {
  widthMm: 210,
  heightMm: 297,
  margin: { topMm: 20, rightMm: 10, bottomMm: 20, leftMm: 30 },
  indentMm: 12.5,
} as const;

/**
 * Type sizes and spacing in points, the same in both formats (the PDF font has the metrics of the DOCX's
 * Times New Roman, so the same sizes break lines at the same words): body text, table text, captions,
 * the space after a paragraph.
 */
export const TYPE_SIZES = {
  normal: { body: 14, small: 12, caption: 9, gap: 6 },
  compact: { body: 12, small: 10, caption: 8, gap: 3 },
} as const;

export type TypeSizes = (typeof TYPE_SIZES)[keyof typeof TYPE_SIZES];

export function typeSizesOf(doc: DocumentDescription): TypeSizes {
  return doc.compact ? TYPE_SIZES.compact : TYPE_SIZES.normal;
}

/** Line spacing, in Word's «multiple» of a single line (264/240). */
export const LINE_SPACING = 1.1;

export const CONTENT_WIDTH_MM = PAGE.widthMm - PAGE.margin.leftMm - PAGE.margin.rightMm;

export const BLANK_DATE = '«___» ____________ 20___ г.';

/** Signature block columns (position, the line to sign on, the name): shares of the content width. */
export const SIGNATURE_COLUMNS = [0.45, 0.3, 0.25] as const;

// ---- helpers -------------------------------------------------------------------------------------

/** Characters that are not allowed in XML 1.0 (and mean nothing in a PDF): dropped from user text. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** User text made safe and typeset (see typography.ts); `justified` text also gets soft hyphens. */
export function cleanText(text: string, justified = false): string {
  const text_ = typeset(text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(CONTROL, ''));
  return justified ? hyphenate(text_) : text_;
}

export function runsOf(inline: Inline, justified = false): Run[] {
  return typeof inline === 'string' ? [{ text: cleanText(inline, justified) }] : inline.map((r) => ({ ...r, text: cleanText(r.text, justified) }));
}

/** The links of a document's stamps that want a QR code (rendered once per document, before layout). */
export function stampLinks(doc: DocumentDescription): string[] {
  return doc.body.flatMap((b) => (b.kind === 'stamp' && b.qr ? [b.qr] : []));
}

/** A long code (a SHA-256) in groups of 16 for print: it wraps between groups, and reads like «3f1a… 9c0d…». */
export function grouped(code: string, size = 16): string {
  return code.match(new RegExp(`.{1,${size}}`, 'g'))?.join(' ') ?? code;
}

/** Points flattened into numbered lines: [{ number: '1.2.', text, depth }]. */
export function numberPoints(items: Point[], start = 1, prefix = '', depth = 0): { number: string; text: Inline; depth: number }[] {
  return items.flatMap((item, i) => {
    const number = `${prefix}${start + i}.`;
    const text = typeof item === 'string' || Array.isArray(item) ? item : item.text;
    const children = typeof item === 'string' || Array.isArray(item) ? [] : (item.points ?? []);
    return [{ number, text, depth }, ...numberPoints(children, 1, number, depth + 1)];
  });
}

/** Proportional column widths that sum to `total`. */
export function columnWidths(columns: { width?: number }[], total: number): number[] {
  const weights = columns.map((c) => (c.width && c.width > 0 ? c.width : 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (total * w) / sum);
}

