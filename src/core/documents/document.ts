/**
 * One small, typed description of a printed document (order, programme, consent form, report) that
 * `renderPdf` and `renderDocx` both understand, so every document is written once and comes out the
 * same in both formats. Layout follows ГОСТ Р 7.0.97-2016: A4, margins 20/10/20/30 mm (top/right/
 * bottom/left), organization name on top, the document kind in capitals, date and number line,
 * paragraphs with a 1.25 cm indent, signature block «должность … подпись … И.О. Фамилия».
 */

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
  /** Empty lines to write on by hand, with an optional small caption under them. */
  | { kind: 'blankLines'; count: number; caption?: string }
  | { kind: 'pageBreak' }
  /** Starts a new page with the appendix mark top-right («Приложение № 1 / к приказу от … № …») and a title. */
  | { kind: 'appendix'; mark: string[]; title?: string; heading?: string };

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
  /** Smaller type for forms that must fit on one page (PDF 10.5 pt, DOCX 12 pt instead of 12/14). */
  compact?: boolean;
}

// ---- shared measures ---------------------------------------------------------------------------

export const PAGE = {
  widthMm: 210,
  heightMm: 297,
  margin: { topMm: 20, rightMm: 10, bottomMm: 20, leftMm: 30 },
  indentMm: 12.5,
} as const;

export const CONTENT_WIDTH_MM = PAGE.widthMm - PAGE.margin.leftMm - PAGE.margin.rightMm;

export const BLANK_DATE = '«___» ____________ 20___ г.';

// ---- helpers -------------------------------------------------------------------------------------

/** Characters that are not allowed in XML 1.0 (and mean nothing in a PDF): dropped from user text. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function cleanText(text: string): string {
  return typeset(text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(CONTROL, ''));
}

const CYRILLIC_LETTER = '[А-Яа-яЁё]';

/**
 * Russian typesetting that keeps things on one line: «№ 152-ФЗ» (no-break space after №, non-breaking
 * hyphen in «152-ФЗ», «12-од»), initials with the surname («Н.Г. Свиридова»), «г. Калуга», «ст. 9».
 * Only for rendering: stored texts (and their hashes) are never changed.
 */
export function typeset(text: string): string {
  return text
    .replace(/№ (?=\S)/g, '№\u00A0')
    .replace(new RegExp(`(\\d)-(?=${CYRILLIC_LETTER})`, 'g'), '$1\u2011')
    .replace(new RegExp(`((?:^|[\\s(«])[А-ЯЁ]\\.(?:[А-ЯЁ]\\.)?) (?=[А-ЯЁ][а-яё])`, 'g'), '$1\u00A0')
    .replace(new RegExp(`((?:^|[\\s(«])(?:г|ул|д|ст|ч|п|пп|гл|им|т)\\.) (?=[\\dА-ЯЁа-яё])`, 'g'), '$1\u00A0');
}

export function runsOf(inline: Inline): Run[] {
  return typeof inline === 'string' ? [{ text: cleanText(inline) }] : inline.map((r) => ({ ...r, text: cleanText(r.text) }));
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

