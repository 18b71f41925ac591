/**
 * The text a reader sees in a rendered document, for assertions: a word the PDF hyphenated at a line end
 * («бюд-» / «жетному», a soft hyphen made visible) is whole again, non-breaking hyphens and spaces are plain
 * ones, line breaks and runs of spaces are single spaces. (A hyphenated word such as «учитель-логопед»
 * never breaks at its hyphen: see src/core/documents/typography.ts.)
 */
import zlib from 'node:zlib';
import { extractText, getDocumentProxy } from 'unpdf';
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

/** One entry of a ZIP archive (DOCX) through its central directory, with node:zlib only. */
export function zipEntry(buffer: Buffer, wanted: string): string {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let offset = buffer.readUInt32LE(end + 16);
  for (let i = 0; i < buffer.readUInt16LE(end + 10); i++) {
    const nameLength = buffer.readUInt16LE(offset + 28);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (name === wanted) {
      const local = buffer.readUInt32LE(offset + 42);
      const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      const data = buffer.subarray(start, start + buffer.readUInt32LE(offset + 20));
      return (buffer.readUInt16LE(offset + 10) === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    }
    offset += 46 + nameLength + buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
  }
  throw new Error(`${wanted} is not in the archive`);
}

/** The readable text of a DOCX file's body. */
export function docxFileText(buffer: Buffer): string {
  return docxText(zipEntry(buffer, 'word/document.xml'));
}

/** The readable text of a PDF file and its number of pages. */
export async function pdfContent(buffer: Buffer): Promise<{ text: string; pages: number }> {
  const { text, totalPages } = await extractText(await getDocumentProxy(new Uint8Array(buffer)), { mergePages: true });
  return { text: readableText(text), pages: totalPages };
}

/**
 * The readable text of each page of a PDF without its page number (ГОСТ: from the second page, at the top;
 * LibreOffice's header comes first in the extracted text, pdfmake's last).
 */
export async function pdfPages(buffer: Buffer): Promise<string[]> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(buffer)), { mergePages: false });
  return (text as string[]).map((page, i) => {
    const t = readableText(page);
    const n = String(i + 1);
    if (i === 0) return t;
    if (t === n) return '';
    if (t.startsWith(`${n} `)) return t.slice(n.length + 1);
    if (t.endsWith(` ${n}`)) return t.slice(0, -n.length - 1);
    return t;
  });
}

/**
 * Text for comparing two renderings of one document: no whitespace (a tab, a line end and a space are the
 * same to a reader) and no «_» (a blank to fill is an underline-leader tab: LibreOffice exports its «_»
 * characters, the portal's PDF draws a line).
 */
export function comparableText(text: string): string {
  return text.replace(/[\s_]+/g, '');
}
