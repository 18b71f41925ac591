/**
 * The content checks of uploads (src/core/uploads.ts) for the Office kinds the collection accepts: a file is
 * what its bytes say, never what its name says; an Office package must be a whole ZIP with its parts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FormError } from '../../src/core/errors.ts';
import { checkUpload, OOXML_LIMITS, ooxmlProblem, type UploadKind } from '../../src/core/uploads.ts';
import { EXE, HTML, sampleDocx, samplePdf, samplePptx } from '../helpers/office.ts';
import { buildXlsx, buildZip, SHEET_END, SHEET_START } from '../helpers/zip.ts';

const OFFICE: UploadKind[] = ['pdf', 'docx', 'pptx', 'xlsx', 'jpg', 'png'];

function received(buffer: Buffer, originalname: string): Express.Multer.File {
  return { buffer, originalname, size: buffer.length, fieldname: 'file', mimetype: 'application/octet-stream' } as Express.Multer.File;
}

async function refusal(buffer: Buffer, name: string, allowed = OFFICE): Promise<string> {
  try {
    await checkUpload(received(buffer, name), allowed);
  } catch (error) {
    assert.ok(error instanceof FormError, String(error));
    return error.fieldErrors.file!;
  }
  assert.fail(`${name} was accepted`);
}

describe('Office and PDF uploads are checked by their content', () => {
  test('a PDF, a DOCX, a PPTX and an XLSX are recognised by their bytes, whatever their names', async () => {
    const xlsx = await buildXlsx({ sheet: `${SHEET_START}${SHEET_END}` });
    const cases: [Buffer, string, UploadKind][] = [
      [samplePdf('Nastavnik'), 'памятка.pdf', 'pdf'],
      [await sampleDocx('Практика', ['Текст']), 'практика.docx', 'docx'],
      [await samplePptx(), 'слайды.pptx', 'pptx'],
      [xlsx, 'таблица.xlsx', 'xlsx'],
      [await sampleDocx('Без расширения', []), 'practice', 'docx'],
    ];
    for (const [bytes, name, kind] of cases) {
      const upload = await checkUpload(received(bytes, name), OFFICE);
      assert.equal(upload.kind, kind, name);
      assert.equal(upload.size, bytes.length);
    }
  });

  test('a renamed program or web page is refused with a Russian message naming the file', async () => {
    assert.match(await refusal(EXE, 'практика.docx'), /Файл «практика\.docx» не похож на PDF, DOCX, PPTX, XLSX, JPEG, PNG/);
    assert.match(await refusal(HTML, 'слайды.pptx'), /не похож на/);
    assert.match(await refusal(HTML, 'file.pdf'), /не похож на/);
  });

  test('a DOCX is refused where only PDF is allowed, and a plain ZIP is never an Office file', async () => {
    assert.match(await refusal(await sampleDocx('x', []), 'x.docx', ['pdf']), /не похож на PDF/);
    const zip = await buildZip([{ name: 'readme.txt', content: 'hello' }]);
    assert.match(await refusal(zip, 'архив.docx'), /не похож на/);
  });

  test('a truncated DOCX (a broken download) is refused although its first bytes look right', async () => {
    const docx = await sampleDocx('Практика', ['Текст']);
    const cut = docx.subarray(0, docx.length - 200);
    assert.match(await refusal(cut, 'практика.docx'), /не удалось принять как DOCX: файл повреждён или обрезан/);
    assert.equal(ooxmlProblem(docx, 'word/'), null);
  });

  test('a package that declares more than the limit unpacked («zip bomb») is refused without unpacking it', async () => {
    const bomb = await buildZip([
      { name: '[Content_Types].xml', content: '<Types/>' },
      { name: 'word/document.xml', content: 'x', declaredSize: OOXML_LIMITS.unpackedBytes + 1 },
    ]);
    assert.equal(ooxmlProblem(bomb, 'word/'), 'архив распаковывается в слишком большой объём');
  });

  test('a package without [Content_Types].xml or without the part of its kind is not an Office document', async () => {
    const noTypes = await buildZip([{ name: 'word/document.xml', content: '<w:document/>' }]);
    assert.equal(ooxmlProblem(noTypes, 'word/'), 'в нём нет частей документа Office');
    const pptx = await samplePptx();
    assert.equal(ooxmlProblem(pptx, 'ppt/'), null);
    assert.equal(ooxmlProblem(pptx, 'word/'), 'в нём нет частей документа Office');
    assert.equal(ooxmlProblem(Buffer.from('PK\u0003\u0004 not really a zip'), 'word/'), 'файл повреждён или обрезан');
  });
});
