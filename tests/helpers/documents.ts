/**
 * The text a reader sees in a rendered document, for assertions: a word the PDF hyphenated at a line end
 * («бюд-» / «жетному», a soft hyphen made visible) is whole again, non-breaking hyphens and spaces are plain
 * ones, line breaks and runs of spaces are single spaces. (A hyphenated word such as «учитель-логопед»
 * never breaks at its hyphen: see src/core/documents/typography.ts.)
 */
import { plainText } from '../../src/core/documents/typography.ts';

export function readableText(extracted: string): string {
  return plainText(extracted.replace(/([а-яё])-\n([а-яё])/g, '$1$2'))
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The text of a DOCX's word/document.xml as a reader sees it: Word's non-breaking and soft hyphens
 * (<w:noBreakHyphen/>, <w:softHyphen/>) become «-» and nothing, tabs a space, other markup goes.
 */
export function docxText(documentXml: string): string {
  return readableText(
    documentXml
      .replace(/<w:noBreakHyphen\/>/g, '-')
      .replace(/<w:softHyphen\/>/g, '')
      .replace(/<w:tab\/>/g, ' ')
      .replace(/<\/w:p>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
  );
}
