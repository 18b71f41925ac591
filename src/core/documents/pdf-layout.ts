/**
 * Two corrections to pdfmake's line layout (pdfmake 0.3.x, pinned), installed once per thread:
 *
 * 1. Justification stretches only the spaces between words. pdfmake spreads the spare width over every
 *    boundary between its inline pieces, and a piece ends wherever the line breaker allows a break — also
 *    after a hyphen or a dash — so a justified line printed «Павловой- Смирновой», «учитель- логопед»,
 *    «3– 4 лет» (and split a bold word from its full stop). Now a boundary gets extra space only when
 *    the piece before it ends with a space.
 * 2. Soft hyphens (see typography.ts) are honoured: inside a line they are invisible, and a line that
 *    ends at one shows a hyphen (the piece goes to the next line if the hyphen does not fit). pdf.ts hands
 *    them to pdfmake as zero-width spaces (SOFT_BREAK), not as U+00AD: the font draws U+00AD with the
 *    glyph of «-», and the first character that reaches a glyph names it in the PDF's text layer, so a
 *    measured soft hyphen would make every real hyphen of the file copy and search as an invisible one.
 *    Word joiners (U+2060, after the dash of a number range) only forbid a break and are not drawn.
 *
 * Both are done by wrapping two methods of pdfmake's own classes; the tests in
 * tests/unit/documents.test.ts check the resulting text and spacing, so a pdfmake update that changes
 * these internals fails there first.
 */
import { createRequire } from 'node:module';
import { WORD_JOINER } from './typography.ts';

/** How pdf.ts marks a soft hyphen for pdfmake: a zero-width space, a break opportunity of its own. */
export const SOFT_BREAK = '\u200B';

const require = createRequire(import.meta.url);

interface Inline {
  text: string;
  width: number;
  x: number;
  trailingCut?: number;
  alignment?: string;
  justifyShift?: number;
  /** Set here: the piece ended with a soft hyphen (a line may break after it, showing a hyphen). */
  softBreak?: boolean;
  typeset?: boolean;
}

interface Line {
  maxWidth: number;
  inlines: Inline[];
  inlineWidths: number;
  trailingCut: number;
  newLineForced?: boolean;
  lastLineInParagraph?: boolean;
  getWidth(): number;
}

interface TextNode {
  _inlines?: Inline[];
}

interface Measure {
  widthOfText(text: string, inline: Inline): number;
}

let installed = false;

export function installLayoutCorrections(): void {
  if (installed) return;
  installed = true;
  const LayoutBuilder = require('pdfmake/js/LayoutBuilder').default as { prototype: { buildNextLine(node: TextNode): Line | null } };
  const ElementWriter = require('pdfmake/js/ElementWriter').default as { prototype: { alignLine(line: Line): void; context(): { availableWidth: number } } };
  const TextInlines = require('pdfmake/js/TextInlines').default as new (pdfDocument: null) => Measure;
  const measure = new TextInlines(null);

  const buildNextLine = LayoutBuilder.prototype.buildNextLine;
  LayoutBuilder.prototype.buildNextLine = function (node: TextNode) {
    for (const inline of node._inlines ?? []) prepare(inline, measure);
    const line = buildNextLine.call(this, node);
    if (line) endWithHyphen(line, node, measure);
    return line;
  };

  const alignLine = ElementWriter.prototype.alignLine;
  ElementWriter.prototype.alignLine = function (line: Line) {
    const justify = line.inlines[0]?.alignment === 'justify' && !line.newLineForced && !line.lastLineInParagraph && line.inlines.length > 1;
    if (!justify) return alignLine.call(this, line);
    const gaps = line.inlines.map((inline, i) => i > 0 && /[ \t]$/.test(line.inlines[i - 1]!.text));
    const count = gaps.filter(Boolean).length;
    if (count === 0) return;
    const extra = (this.context().availableWidth - line.getWidth()) / count;
    let shift = 0;
    line.inlines.forEach((inline, i) => {
      if (gaps[i]) {
        shift += extra;
        inline.justifyShift = extra;
      }
      inline.x += shift;
    });
  };
}

/** Drops word joiners and soft breaks from a piece (once), measuring it again. */
function prepare(inline: Inline, measure: Measure): void {
  if (inline.typeset) return;
  inline.typeset = true;
  if (!inline.text.includes(SOFT_BREAK) && !inline.text.includes(WORD_JOINER)) return;
  inline.softBreak = inline.text.endsWith(SOFT_BREAK);
  inline.text = inline.text.replaceAll(SOFT_BREAK, '').replaceAll(WORD_JOINER, '');
  inline.width = measure.widthOfText(inline.text, inline);
}

/** A line that ends inside a word (at a soft hyphen) shows «-»; if that no longer fits, the piece moves on. */
function endWithHyphen(line: Line, node: TextNode, measure: Measure): void {
  for (;;) {
    const last = line.inlines.at(-1);
    if (!last?.softBreak) return;
    const hyphenated = measure.widthOfText(`${last.text}-`, last);
    const grown = hyphenated - last.width;
    if (line.getWidth() + grown <= line.maxWidth + 0.01 || line.inlines.length === 1) {
      last.text += '-';
      last.width = hyphenated;
      line.inlineWidths += grown;
      return;
    }
    line.inlines.pop();
    line.inlineWidths -= last.width;
    line.trailingCut = line.inlines.at(-1)?.trailingCut ?? 0;
    line.lastLineInParagraph = false;
    node._inlines?.unshift(last);
  }
}
