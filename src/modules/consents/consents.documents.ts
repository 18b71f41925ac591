import type { Block, DocumentDescription } from '../../core/documents/index.ts';
import { fullNameOf, initialsSurname } from '../../domain/people.ts';
import type { ConsentKind } from '../../generated/prisma/enums.ts';
import { SIGNER_LABELS, consentText, type FillContext, type TemplateText } from './consents.templates.ts';

/**
 * The printed consent form as a document description (rendered to PDF and DOCX by core/documents).
 *
 * A form is not prose: its opening lines («Я, …», «адрес регистрации: ____», «документ…: ____») are
 * separate left-aligned lines, never justified (Word and LibreOffice stretch a justified line that ends
 * with a line break across the whole width: «Я,   Ильина   Любовь   Александровна,»). A line that ends
 * with a blank to fill by hand becomes a field — an underlined blank exactly to the end of the line — so
 * no run of «____» can wrap. The rest is justified text.
 */

/** A run of underscores at the end of a line, then at most a punctuation mark: a blank to fill by hand. */
const TRAILING_BLANK = /^(.*?)\s*_{8,}\s*([,.;:]?)$/s;

/** Longer than this, a line of a form is prose: justified (a short one would be stretched across the page). */
const PROSE = 90;

/** A line of a form: a field when it ends with a blank, a short line left-aligned, prose justified. */
function formLine(line: string, first: boolean): Block {
  const blank = TRAILING_BLANK.exec(line);
  if (blank) return { kind: 'field', label: blank[1]!, after: blank[2] || undefined };
  if (line.length > PROSE) return { kind: 'paragraph', text: line, indent: first };
  return { kind: 'paragraph', text: line, align: 'left', indent: false };
}

/**
 * Paragraphs of a filled text (a blank line between them). A paragraph of several lines is a form block:
 * each line on its own (long prose lines justified, only the first one indented).
 */
export function formBlocks(text: string): Block[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .flatMap((paragraph): Block[] => {
      const lines = paragraph.split('\n').map((l) => l.trim());
      if (lines.length === 1) return [TRAILING_BLANK.test(paragraph) ? formLine(paragraph, true) : { kind: 'paragraph', text: paragraph }];
      return lines.map((line, i) => formLine(line, i === 0));
    });
}

/** A filled text's first paragraph is its title: «Согласие на обработку …» → «СОГЛАСИЕ» + «на обработку …». */
function titled(text: string, body: (rest: Block[]) => Block[]): DocumentDescription {
  const [titleLine = '', ...rest] = text.split('\n\n');
  const [first = '', ...words] = titleLine.split(' ');
  return { fileTitle: titleLine, title: first, heading: words.join(' '), body: body(formBlocks(rest.join('\n\n'))), compact: true };
}

/** «Согласие на обработку …» → title «СОГЛАСИЕ», heading «на обработку …» (ГОСТ: the kind of document in capitals). */
export function consentDocument(kind: ConsentKind, template: TemplateText, ctx: FillContext): DocumentDescription {
  const text = consentText(template, ctx, 'print');
  return titled(text, (blocks) => [
    ...blocks,
    { kind: 'signatures', rows: [{ position: SIGNER_LABELS[kind], name: initialsSurname(fullNameOf(ctx.person)) }], date: 'blank' },
  ]);
}

/**
 * A consent given electronically, as the person accepted it: the stored text exactly (never refilled from
 * today's template or card), the moment it was given, and — when the acceptance was signed (see CONTEXT.md)
 * — the stamp of the simple electronic signature instead of a handwritten one.
 */
export function givenConsentDocument(text: string, givenAt: string, stamps: Block[]): DocumentDescription {
  return titled(text, (blocks) => [
    ...blocks,
    { kind: 'paragraph', text: `Согласие дано в электронной форме в портале: ${givenAt}.`, align: 'left', indent: false },
    ...stamps,
  ]);
}
