import type { Block, DocumentDescription } from '../../core/documents/index.ts';
import { fullNameOf, initialsSurname } from '../../domain/people.ts';
import type { ConsentKind } from '../../generated/prisma/enums.ts';
import { SIGNER_LABELS, consentText, type FillContext, type TemplateText } from './consents.templates.ts';

/** The printed consent form as a document description (rendered to PDF and DOCX by core/documents). */

/** Paragraphs of a filled text (a blank line between them); single line breaks stay inside. */
function paragraphs(text: string): Block[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ kind: 'paragraph' as const, text: p }));
}

/** «Согласие на обработку …» → title «СОГЛАСИЕ», heading «на обработку …» (ГОСТ: the kind of document in capitals). */
export function consentDocument(kind: ConsentKind, template: TemplateText, ctx: FillContext): DocumentDescription {
  const text = consentText(template, ctx, 'print');
  const [titleLine = '', ...rest] = text.split('\n\n');
  const [first = '', ...words] = titleLine.split(' ');
  return {
    fileTitle: titleLine,
    title: first,
    heading: words.join(' '),
    body: [
      ...paragraphs(rest.join('\n\n')),
      { kind: 'signatures', rows: [{ position: SIGNER_LABELS[kind], name: initialsSurname(fullNameOf(ctx.person)) }], date: 'blank' },
    ],
    compact: true,
  };
}

