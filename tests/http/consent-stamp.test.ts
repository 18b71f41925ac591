/**
 * Issue 10, «Approval stamp that anyone can verify», for consents: a consent accepted electronically is the
 * person's simple electronic signature — its PDF and DOCX carry the stamp (over the extracted text of both
 * formats), and /verify/<code> checks it over HTTP without showing anything of the consent but its kind.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import supertest from 'supertest';
import { canonicalSha256 } from '../../src/core/canonical.ts';
import { loginAs, testApp, type Agent } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { docxFileText, pdfContent } from '../helpers/documents.ts';
import { createOrganizationWithStaff, createTeacher, PERSONAL_DATA_DETAILS, recordConsent } from '../helpers/factories.ts';
import { validateHtml, type HtmlPage } from '../helpers/html-validator.ts';
import { todayIn } from '../../src/domain/dates.ts';

const { prisma } = sharedDatabase();
const PUBLIC_URL = 'https://nastavnik.example.ru';
const app = testApp({ publicUrl: PUBLIC_URL });
/** The same portal without PUBLIC_URL: links are printed on the address the file was downloaded from. */
const bare = testApp();
const pages: HtmlPage[] = [];

after(async () => {
  await app.close();
  await bare.close();
  await sharedDatabase().close();
});

const PERSON = { lastName: 'Кравцова', firstName: 'Марина', middleName: 'Олеговна', position: 'учитель-логопед' };
const FULL_NAME = 'Кравцова Марина Олеговна';

function binary(request: supertest.Test) {
  return request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

const re = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The readable text of the consent's PDF and DOCX as `agent` downloads them, and the DOCX file itself. */
async function both(agent: Agent, consentId: number): Promise<{ pdf: string; docx: string; docxFile: Buffer }> {
  const pdf = await binary(agent.get(`/consents/${consentId}.pdf`));
  const docx = await binary(agent.get(`/consents/${consentId}.docx`));
  assert.equal(pdf.status, 200, `/consents/${consentId}.pdf`);
  assert.equal(docx.status, 200, `/consents/${consentId}.docx`);
  return { pdf: (await pdfContent(pdf.body as Buffer)).text, docx: docxFileText(docx.body as Buffer), docxFile: docx.body as Buffer };
}

/** The DOCX's images by name (the stamp's QR code is one), read through the ZIP's central directory. */
function docxImages(buffer: Buffer): Map<string, Buffer> {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let offset = buffer.readUInt32LE(end + 16);
  const images = new Map<string, Buffer>();
  for (let i = 0; i < buffer.readUInt16LE(end + 10); i++) {
    const nameLength = buffer.readUInt16LE(offset + 28);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (/^word\/media\/.+\.png$/.test(name)) {
      const local = buffer.readUInt32LE(offset + 42);
      const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      const data = buffer.subarray(start, start + buffer.readUInt32LE(offset + 20));
      images.set(name, buffer.readUInt16LE(offset + 10) === 8 ? zlib.inflateRawSync(data) : data);
    }
    offset += 46 + nameLength + buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
  }
  return images;
}

describe('a consent accepted electronically carries the stamp of a simple electronic signature', () => {
  let teacher: Agent;
  let methodist: Agent;
  let other: Agent;
  let consentId: number;
  let code: string;
  let orgId: number;

  before(async () => {
    const org = await createOrganizationWithStaff(prisma);
    orgId = org.organization.id;
    await prisma.organization.update({ where: { id: orgId }, data: { address: '248000, г. Калуга, ул. Ленина, д. 1' } });
    const person = await createTeacher(prisma, orgId, PERSON);
    const stranger = await createTeacher(prisma, orgId);
    [teacher, methodist, other] = await Promise.all([loginAs(app, person.user), loginAs(app, org.methodist), loginAs(app, stranger.user)]);
    const page = await teacher.get('/consents/accept/personal-data');
    const hash = /name="textSha256" value="([0-9a-f]{64})"/.exec(page.text)![1];
    const accepted = await teacher.post('/consents/accept/personal-data').type('form').send({ _csrf: teacher.csrf, textSha256: hash, agree: 'on', ...PERSONAL_DATA_DETAILS });
    assert.equal(accepted.status, 303, accepted.text);
    consentId = Number(/\/consents\/(\d+)$/.exec(accepted.headers.location ?? '')![1]);
    code = (await prisma.documentSignature.findFirstOrThrow({ where: { documentKind: 'CONSENT', documentId: consentId } })).code;
  });

  test('acceptance records the signature: the person as on the card, the moment of consent, the hash of kind, text and moment', async () => {
    const consent = await prisma.consent.findUniqueOrThrow({ where: { id: consentId } });
    const signature = await prisma.documentSignature.findFirstOrThrow({ where: { code } });
    assert.match(signature.code, /^[0-9A-HJKMNP-TV-Z]{12}$/);
    assert.deepEqual(
      [signature.documentKind, signature.organizationId, signature.signerName, signature.signerPosition, signature.timeZone, signature.documentNumber, signature.documentDate],
      ['CONSENT', orgId, FULL_NAME, 'Учитель-логопед', 'Europe/Moscow', '', null],
    );
    assert.equal(signature.signedAt.getTime(), consent.givenAt.getTime());
    assert.equal(signature.contentSha256, canonicalSha256({ kind: 'PERSONAL_DATA', text: consent.text, givenAt: consent.givenAt.toISOString() }));
    assert.match(consent.text, /Садовая/, 'the accepted text keeps the typed details (they are what was signed)');
  });

  test('the PDF and the DOCX carry the stamp: signer, position, code, SHA-256, the link on PUBLIC_URL and its QR code', async () => {
    const signature = await prisma.documentSignature.findFirstOrThrow({ where: { code } });
    const link = `${PUBLIC_URL}/verify/${code}`;
    for (const agent of [teacher, methodist]) {
      const { pdf, docx, docxFile } = await both(agent, consentId);
      for (const text of [pdf, docx]) {
        assert.match(text, /^СОГЛАСИЕ на обработку персональных данных/);
        assert.match(text, /Согласие дано в электронной форме в портале: \d\d\.\d\d\.\d{4} \d\d:\d\d \(UTC\+03:00, Europe\/Moscow\)\./);
        assert.match(text, /ДОКУМЕНТ ПОДПИСАН ПРОСТОЙ ЭЛЕКТРОННОЙ ПОДПИСЬЮ/);
        assert.match(text, new RegExp(`Подписал\\(а\\): ${FULL_NAME} Должность: Учитель-логопед Дата и время: \\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d \\(UTC\\+03:00, Europe/Moscow\\) Код проверки: ${code}`));
        assert.equal(/SHA-256: ((?:[0-9a-f]{16} ?){4})/.exec(text)?.[1]?.replace(/ /g, ''), signature.contentSha256);
        assert.match(text, new RegExp(`Проверка: ${re(link)}`));
        // Signed electronically: no line for a handwritten signature.
        assert.doesNotMatch(text, /\(подпись\)/);
      }
      const images = [...docxImages(docxFile).values()];
      assert.equal(images.length, 1, 'one image: the QR code');
      const png = PNG.sync.read(images[0]!);
      assert.equal(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data, link);
    }
    const show = await teacher.get(`/consents/${consentId}`);
    assert.match(show.text, new RegExp(`<a href="/consents/${consentId}\\.pdf">PDF</a>`));
    assert.match(show.text, new RegExp(`код проверки <a href="/verify/${code}">${code}</a>`));
    pages.push({ label: 'teacher GET /consents/:id (signed)', html: show.text });
    // Another teacher may not download it: the consent does not exist for them.
    assert.equal((await other.get(`/consents/${consentId}.pdf`)).status, 404);
    assert.equal((await other.get(`/consents/${consentId}.docx`)).status, 404);
  });

  test('without PUBLIC_URL the link is on the address the file was downloaded from', async () => {
    const agent = await loginAs(bare, (await prisma.user.findFirstOrThrow({ where: { staffMember: { lastName: PERSON.lastName, organizationId: orgId } } })));
    const docx = docxFileText((await binary(agent.get(`/consents/${consentId}.docx`))).body as Buffer);
    assert.match(docx, new RegExp(`Проверка: http://127\\.0\\.0\\.1:\\d+/verify/${code}`));
  });

  test('/verify/<code>: valid, the kind of consent, the signer’s position and initials, the hash — never the text or the details', async () => {
    const res = await supertest(app).get(`/verify/${code}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.match(res.text, /Подпись действительна/);
    assert.match(res.text, /<dt>Документ<\/dt><dd>Согласие на обработку персональных данных<\/dd>/);
    assert.match(res.text, /<dt>Состояние документа<\/dt><dd>действует<\/dd>/);
    assert.match(res.text, /Учитель-логопед М\.О\. Кравцова/);
    const signature = await prisma.documentSignature.findFirstOrThrow({ where: { code } });
    assert.match(res.text, new RegExp(signature.contentSha256));
    const consent = await prisma.consent.findUniqueOrThrow({ where: { id: consentId } });
    for (const secret of [FULL_NAME, 'Марина', 'Садовая', PERSONAL_DATA_DETAILS.documentNumber, PERSONAL_DATA_DETAILS.documentIssuedBy, 'даю согласие', consent.textSha256, 'TestBrowser', '<dt>Номер</dt>']) {
      assert.doesNotMatch(res.text, new RegExp(re(secret)), secret);
    }
    pages.push({ label: 'anonymous GET /verify (consent, valid)', html: res.text });
  });

  test('a tampered consent text is «недействительна», also with its own hash rewritten to match', async () => {
    const row = await prisma.consent.findUniqueOrThrow({ where: { id: consentId }, select: { text: true, textSha256: true } });
    const tampered = row.text.replace('Кравцова', 'Кравцов');
    assert.notEqual(tampered, row.text);
    try {
      await prisma.$executeRaw`UPDATE "Consent" SET text = ${tampered} WHERE id = ${consentId}`;
      const changed = await supertest(app).get(`/verify/${code}`);
      assert.equal(changed.status, 200);
      assert.match(changed.text, /Подпись недействительна/);
      pages.push({ label: 'anonymous GET /verify (consent, invalid)', html: changed.text });
      await prisma.consent.update({ where: { id: consentId }, data: { textSha256: crypto.createHash('sha256').update(tampered, 'utf8').digest('hex') } });
      assert.match((await supertest(app).get(`/verify/${code}`)).text, /Подпись недействительна/);
    } finally {
      await prisma.consent.update({ where: { id: consentId }, data: { text: row.text, textSha256: row.textSha256 } });
    }
    assert.match((await supertest(app).get(`/verify/${code}`)).text, /Подпись действительна/);
    // The row's own hash alone tampered: the row no longer agrees with itself.
    await prisma.consent.update({ where: { id: consentId }, data: { textSha256: '0'.repeat(64) } });
    try {
      assert.match((await supertest(app).get(`/verify/${code}`)).text, /Подпись недействительна/);
    } finally {
      await prisma.consent.update({ where: { id: consentId }, data: { textSha256: row.textSha256 } });
    }
  });

  test('an unknown code is a 404 page', async () => {
    const unknown = await supertest(app).get('/verify/0000000000CC');
    assert.equal(unknown.status, 404);
    assert.match(unknown.text, /Документ не найден/);
  });

  test('a consent given before signatures existed (no signature row) prints without a stamp', async () => {
    const earlier = await createTeacher(prisma, orgId, { lastName: 'Ларина', firstName: 'Ольга', middleName: 'Ивановна' });
    const consent = await recordConsent(prisma, orgId, earlier.staff.id);
    assert.equal(await prisma.documentSignature.count({ where: { documentKind: 'CONSENT', documentId: consent.id } }), 0);
    const agent = await loginAs(app, earlier.user);
    const { pdf, docx, docxFile } = await both(agent, consent.id);
    for (const text of [pdf, docx]) {
      assert.match(text, new RegExp(`даю согласие \\(PERSONAL_DATA\\)`));
      assert.match(text, /Согласие дано в электронной форме в портале/);
      assert.doesNotMatch(text, /ПОДПИСАН|Код проверки|\/verify\//);
    }
    assert.equal(docxImages(docxFile).size, 0);
    const show = await agent.get(`/consents/${consent.id}`);
    assert.doesNotMatch(show.text, /код проверки/);
  });

  test('a consent given on paper has its scan, not a printed document: 404', async () => {
    const template = await prisma.consentTemplate.findFirstOrThrow({ where: { organizationId: orgId, kind: 'PERSONAL_DATA' } });
    const staff = await prisma.staffMember.findFirstOrThrow({ where: { organizationId: orgId, lastName: PERSON.lastName } });
    const paper = await prisma.consent.create({
      data: { organizationId: orgId, staffMemberId: staff.id, kind: 'DISTRIBUTION', templateId: template.id, text: 'Согласие', textSha256: '0'.repeat(64), method: 'PAPER_SCAN', givenAt: new Date() },
    });
    assert.equal((await methodist.get(`/consents/${paper.id}.pdf`)).status, 404);
  });

  test('a revoked consent: the signature stays valid, /verify says «отозвано» and nothing about when or why', async () => {
    const today = todayIn('Europe/Moscow');
    const revoked = await teacher.post(`/consents/${consentId}/revoke`).type('form').send({ _csrf: teacher.csrf, revokedOn: today, reason: 'Перехожу в другой детский сад' });
    assert.equal(revoked.status, 303, revoked.text);
    const res = await supertest(app).get(`/verify/${code}`);
    assert.match(res.text, /Подпись действительна/);
    assert.match(res.text, /<dt>Состояние документа<\/dt><dd>отозвано<\/dd>/);
    assert.doesNotMatch(res.text, /детский сад|Перехожу/);
    pages.push({ label: 'anonymous GET /verify (consent, revoked)', html: res.text });
    assert.deepEqual(await validateHtml(pages), []);
  });
});
