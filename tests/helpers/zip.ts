/**
 * Hand-built zips and XLSX packages for the tests of hostile uploads: entries are deflated as a stream
 * (a 200 MB cell never exists in the test's memory), and the declared sizes can lie on purpose.
 */
import zlib from 'node:zlib';

export interface ZipEntryInput {
  name: string;
  /** The content, as one piece or as pieces produced on demand. */
  content: string | Buffer | Iterable<string | Buffer>;
  /** Uncompressed size to write into the headers instead of the real one (a lying zip). */
  declaredSize?: number;
}

interface DeflatedEntry {
  name: Buffer;
  compressed: Buffer;
  crc: number;
  size: number;
  declaredSize: number;
}

async function deflate(entry: ZipEntryInput): Promise<DeflatedEntry> {
  const pieces = typeof entry.content === 'string' || Buffer.isBuffer(entry.content) ? [entry.content] : entry.content;
  const deflater = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflater.on('end', resolve);
    deflater.on('error', reject);
  });
  let crc = 0;
  let size = 0;
  for (const piece of pieces) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    crc = zlib.crc32(bytes, crc);
    size += bytes.length;
    if (!deflater.write(bytes)) await new Promise((resolve) => deflater.once('drain', resolve));
  }
  deflater.end();
  await done;
  return { name: Buffer.from(entry.name, 'utf8'), compressed: Buffer.concat(out), crc, size, declaredSize: entry.declaredSize ?? size };
}

/** A zip (deflate, no zip64: every size must fit in 32 bits) with the entries in the given order. */
export async function buildZip(entries: ZipEntryInput[]): Promise<Buffer> {
  const deflated = [];
  for (const entry of entries) deflated.push(await deflate(entry));
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of deflated) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.compressed.length, 18);
    local.writeUInt32LE(e.declaredSize >>> 0, 22);
    local.writeUInt16LE(e.name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.compressed.length, 20);
    central.writeUInt32LE(e.declaredSize >>> 0, 24);
    central.writeUInt16LE(e.name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, e.name, e.compressed);
    centrals.push(central, e.name);
    offset += local.length + e.name.length + e.compressed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(deflated.length, 8);
  end.writeUInt16LE(deflated.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Сотрудники" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/></Relationships>`;
const STYLES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>';

export const SHEET_START = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_END = '</sheetData></worksheet>';
export const STRINGS_START = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
export const STRINGS_END = '</sst>';

/** A minimal workbook package (one sheet, shared strings) around the given sheet and strings XML. */
export function buildXlsx(parts: {
  sheet: ZipEntryInput['content'];
  sharedStrings?: ZipEntryInput['content'];
  styles?: string;
  workbook?: string;
  declaredSheetSize?: number;
  declaredStringsSize?: number;
}) {
  return buildZip([
    { name: '[Content_Types].xml', content: CONTENT_TYPES },
    { name: '_rels/.rels', content: ROOT_RELS },
    { name: 'xl/workbook.xml', content: parts.workbook ?? WORKBOOK },
    { name: 'xl/_rels/workbook.xml.rels', content: WORKBOOK_RELS },
    { name: 'xl/styles.xml', content: parts.styles ?? STYLES },
    { name: 'xl/sharedStrings.xml', content: parts.sharedStrings ?? `${STRINGS_START}${STRINGS_END}`, declaredSize: parts.declaredStringsSize },
    { name: 'xl/worksheets/sheet1.xml', content: parts.sheet, declaredSize: parts.declaredSheetSize },
  ]);
}

/** An inline-string cell. */
export const textCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/**
 * The zip bomb of the issue: the first cell is a shared string that unpacks to `megabytes` MB of one
 * repeated letter (≈200 KB compressed for 200 MB), under a header row the import would accept.
 */
export function bombXlsx(megabytes = 200) {
  const mb = Buffer.alloc(1024 * 1024, 'A');
  function* strings() {
    yield `${STRINGS_START}<si><t>`;
    for (let i = 0; i < megabytes; i++) yield mb;
    yield `</t></si>${STRINGS_END}`;
  }
  const header = ['Фамилия', 'Имя', 'Должность'].map((h, i) => textCell(`${'BCD'[i]}1`, h)).join('');
  return buildXlsx({ sheet: `${SHEET_START}<row r="1"><c r="A1" t="s"><v>0</v></c>${header}</row>${SHEET_END}`, sharedStrings: strings() });
}

/** A sheet of `rows` people under the header, made row by row (300 000 rows ≈ a few MB compressed). */
export function manyRowsXlsx(rows: number) {
  function* sheet() {
    yield SHEET_START;
    yield `<row r="1">${textCell('A1', 'Фамилия')}${textCell('B1', 'Имя')}${textCell('C1', 'Должность')}</row>`;
    let batch = '';
    for (let i = 2; i <= rows + 1; i++) {
      batch += `<row r="${i}">${textCell(`A${i}`, `Фамилия${i}`)}${textCell(`B${i}`, `Имя${i % 97}`)}${textCell(`C${i}`, 'воспитатель')}</row>`;
      if (batch.length > 256 * 1024) {
        yield batch;
        batch = '';
      }
    }
    yield batch + SHEET_END;
  }
  return buildXlsx({ sheet: sheet() });
}
