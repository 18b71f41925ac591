/**
 * Issue 10, «Orders» and «Approval stamp that anyone can verify»: every point over the extracted text of both
 * formats (unpdf for the PDF, word/document.xml of the DOCX) and /verify over HTTP.
 */
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import supertest from 'supertest';
import { extractText, getDocumentProxy } from 'unpdf';
import { canonicalSha256 } from '../../src/core/canonical.ts';
import { initialsSurname } from '../../src/domain/people.ts';
import { loginAs, testApp, type Agent, postForm as post } from '../helpers/app.ts';
import { makeDetachedSignature } from '../helpers/cms.ts';
import { dayFromToday } from '../helpers/days.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { addBankMentee, addBankMentor, createOrganizationWithStaff, createPairRow, createStaffMember, recordConsent } from '../helpers/factories.ts';
import { readableText } from '../helpers/documents.ts';
import { validateHtml, type HtmlPage } from '../helpers/html-validator.ts';

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

const HEAD = 'Свиридова Наталья Геннадьевна';

type Org = Awaited<ReturnType<typeof createOrganizationWithStaff>> & { methodistAgent: Agent; headAgent: Agent };

async function newOrg(): Promise<Org> {
  const org = await createOrganizationWithStaff(prisma);
  await prisma.organization.update({
    where: { id: org.organization.id },
    data: { fullName: 'Муниципальное бюджетное дошкольное образовательное учреждение № 50 «Алёнушка» города Калуги', address: '248000, г. Калуга, ул. Ленина, д. 1', headPosition: 'Заведующий', headName: HEAD },
  });
  await prisma.user.update({ where: { id: org.head.id }, data: { fullName: HEAD } });
  const [methodistAgent, headAgent] = await Promise.all([loginAs(app, org.methodist), loginAs(app, org.head)]);
  return { ...org, methodistAgent, headAgent };
}

function binary(res: supertest.Request) {
  return res.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}

const plain = (text: string) => text.replace(/\s+/g, ' ').replace(/\u2011/g, '-');
const unescape = (s: string) => s.replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const re = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every entry of a ZIP (a DOCX), read through its central directory. */
function zipEntries(buffer: Buffer): Map<string, Buffer> {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buffer.readUInt16LE(offset + 10);
    const size = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const skip = nameLength + buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
    const local = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + size);
    entries.set(name, method === 8 ? zlib.inflateRawSync(data) : data);
    offset += 46 + skip;
  }
  return entries;
}

function docxText(buffer: Buffer): string {
  const xml = zipEntries(buffer).get('word/document.xml')!.toString('utf8');
  return plain(unescape(xml.replace(/<w:noBreakHyphen\/>/g, '-').replace(/<\/w:p>/g, ' ').replace(/<[^>]+>/g, '')));
}

/** The PDF's text as a reader sees it: a word hyphenated at a line end is whole again (tests/helpers/documents.ts). */
async function pdfText(buffer: Buffer): Promise<string> {
  return plain(readableText((await extractText(await getDocumentProxy(new Uint8Array(buffer)), { mergePages: true })).text));
}

async function both(agent: Agent, path: string): Promise<{ pdf: string; docx: string; docxFile: Buffer }> {
  const pdf = await binary(agent.get(`${path}.pdf`));
  const docx = await binary(agent.get(`${path}.docx`));
  assert.equal(pdf.status, 200, `${path}.pdf`);
  assert.equal(docx.status, 200, `${path}.docx`);
  return { pdf: await pdfText(pdf.body as Buffer), docx: docxText(docx.body as Buffer), docxFile: docx.body as Buffer };
}

const idOf = (location: string | undefined) => Number(/\/orders\/(\d+)$/.exec(location ?? '')![1]);

/** A mentor with the written consent to mentoring and a mentee, in a proposed pair starting on `startsOn`. */
async function readyPair(orgId: number, startsOn: string, people: { mentor: [string, string, string, string]; mentee: [string, string, string, string] }) {
  const [ml, mf, mm, mp] = people.mentor;
  const [el, ef, em, ep] = people.mentee;
  const mentor = await addBankMentor(prisma, orgId, { staff: { lastName: ml, firstName: mf, middleName: mm, position: mp } });
  await recordConsent(prisma, orgId, mentor.staff.id, 'MENTORING');
  const mentee = await addBankMentee(prisma, orgId, { staff: { lastName: el, firstName: ef, middleName: em, position: ep } });
  const pair = await createPairRow(prisma, orgId, {
    status: 'PROPOSED',
    startsOn,
    mentors: [{ staffMemberId: mentor.staff.id, mentorEntryId: mentor.entry.id }],
    mentees: [{ staffMemberId: mentee.staff.id, menteeEntryId: mentee.entry.id }],
  });
  return { mentor, mentee, pair };
}

/** An approved assignment order of a pair starting in the future (no confirmation needed). */
async function approvedAssignment(own: Org) {
  const { mentor, mentee, pair } = await readyPair(own.organization.id, dayFromToday(10), {
    mentor: ['Кузнецова', 'Ольга', 'Ильинична', 'воспитатель'],
    mentee: ['Соколова', 'Анастасия', 'Игоревна', 'учитель-логопед'],
  });
  const form = await own.methodistAgent.get(`/orders/new?kind=ASSIGN_PAIRS&pair=${pair.id}`);
  assert.equal(form.status, 200);
  const points = unescape(/<textarea id="field-points" name="points"[^>]*>([\s\S]*?)<\/textarea>/.exec(form.text)![1]!);
  const created = await post(own.methodistAgent, '/orders', { kind: 'ASSIGN_PAIRS', title: 'О закреплении наставнических пар (групп)', preamble: 'В соответствии с Положением', points, pairIds: String(pair.id) });
  assert.equal(created.status, 303, created.text);
  const id = idOf(created.headers.location);
  assert.equal((await post(own.methodistAgent, `/orders/${id}/submit`)).status, 303);
  assert.equal((await post(own.headAgent, `/orders/${id}/approve`)).status, 303);
  return { id, mentor, mentee, pair };
}

describe('orders: declined positions, appendix 1, «задним числом», the sheet', () => {
  test('the assignment: «назначить наставником воспитателя Кузнецову О.И.», «(приложение 1)» and exactly that appendix, «Наставляемые»; the sheet names a participant without an account', async () => {
    const own = await newOrg();
    const { id } = await approvedAssignment(own);
    const { pdf, docx } = await both(own.methodistAgent, `/orders/${id}`);
    for (const text of [pdf, docx]) {
      assert.match(text, /Назначить наставником воспитателя Кузнецову О\.И\. и закрепить за ней наставляемую — учителя-логопеда Соколову А\.И\.;/);
      assert.doesNotMatch(text, /\(воспитатель\)|Кузнецову Ольгу Ильиничну/);
      assert.match(text, /Утвердить список наставнических пар \(групп\) \(приложение 1\)\./);
      assert.equal(text.match(/Приложение \d+ к приказу/g)?.length, 1, 'one appendix: the list of pairs');
      assert.match(text, /Приложение 1 к приказу от \S+ № 1-од Список наставнических пар \(групп\) № Наставник Наставляемые Форма наставничества Срок 1\. Кузнецова Ольга Ильинична, воспитатель Соколова Анастасия Игоревна, учитель-логопед/);
      // Neither has an account: both are on the sheet, to sign on paper.
      assert.match(text, /ЛИСТ ОЗНАКОМЛЕНИЯ.*Кузнецова Ольга Ильинична воспитатель.*Соколова Анастасия Игоревна учитель-логопед/);
    }
    const page = await own.methodistAgent.get(`/orders/${id}`);
    assert.match(page.text, /<h2 id="order-pairs-title">Приложение 1\. Список наставнических пар \(групп\)<\/h2>/);
    assert.doesNotMatch(page.text, /Пары \(группы\) в приказе/);
    assert.match(page.text, /<th scope="col">Наставляемые<\/th>/);
    pages.push({ label: 'methodist GET approved assignment with stamp', html: page.text });
  });

  test('a typed copy of the pairs list is refused with a message; other typed appendices are numbered from 2', async () => {
    const own = await newOrg();
    const { pair } = await readyPair(own.organization.id, dayFromToday(5), { mentor: ['Морозова', 'Елена', 'Сергеевна', 'воспитатель'], mentee: ['Новикова', 'Дарья', 'Павловна', 'воспитатель'] });
    const base = { kind: 'ASSIGN_PAIRS', title: 'О закреплении наставнических пар (групп)', points: 'Утвердить список (приложение 1).', pairIds: String(pair.id) };
    const copy = await post(own.methodistAgent, '/orders', {
      ...base,
      appendix1Title: 'Список наставнических пар',
      appendix1Text: '| № | Наставник | Наставляемый |\n|---|---|---|\n| 1 | Морозова Е.С. | Новикова Д.П. |',
    });
    assert.equal(copy.status, 422);
    assert.match(unescape(copy.text), /Приложение 2 повторяет список наставнических пар \(групп\): он уже печатается приложением 1/);
    assert.match(copy.text, /Приложение 2: заголовок/);
    assert.equal(await prisma.order.count({ where: { organizationId: own.organization.id } }), 0);

    const plan = await post(own.methodistAgent, '/orders', { ...base, appendix1Title: 'График установочных сессий', appendix1Text: 'Сентябрь — установочная сессия.' });
    assert.equal(plan.status, 303, plan.text);
    const id = idOf(plan.headers.location);
    const { pdf, docx } = await both(own.methodistAgent, `/orders/${id}`);
    for (const text of [pdf, docx]) {
      assert.match(text, /Приложение 1 к приказу от _+ № _+ Список наставнических пар \(групп\)/);
      assert.match(text, /Приложение 2 к приказу от _+ № _+ График установочных сессий/);
    }
    const page = await own.methodistAgent.get(`/orders/${id}`);
    assert.match(page.text, /Приложение 2\. График установочных сессий/);
  });

  test('«закрепление задним числом»: a warning on the draft; submission refused without the confirmation, accepted with it', async () => {
    const own = await newOrg();
    const { pair } = await readyPair(own.organization.id, dayFromToday(-20), { mentor: ['Титова', 'Галина', 'Петровна', 'учитель-логопед'], mentee: ['Кудрявцева', 'Алина', 'Олеговна', 'учитель-логопед'] });
    const created = await post(own.methodistAgent, '/orders', { kind: 'ASSIGN_PAIRS', title: 'О закреплении', points: 'Утвердить список (приложение 1).', pairIds: String(pair.id) });
    const id = idOf(created.headers.location);
    const draft = await own.methodistAgent.get(`/orders/${id}`);
    assert.match(draft.text, /Закрепление задним числом/);
    assert.match(draft.text, new RegExp(`пара № ${pair.id}</a> — с ${re(dayFromToday(-20).split('-').reverse().join('.'))}`));
    assert.match(draft.text, /Подтверждаю закрепление задним числом/);
    pages.push({ label: 'methodist GET draft with retroactive pair', html: draft.text });

    const refused = await post(own.methodistAgent, `/orders/${id}/submit`);
    assert.equal(refused.status, 422);
    assert.match(refused.text, /Закрепление задним числом: пара № \d+ — с \d\d\.\d\d\.\d{4} — раньше даты приказа/);
    assert.equal((await prisma.order.findUniqueOrThrow({ where: { id } })).status, 'DRAFT');
    pages.push({ label: 'methodist POST submit without confirmation (422)', html: refused.text });

    const accepted = await post(own.methodistAgent, `/orders/${id}/submit`, { confirmRetroactive: 'on' });
    assert.equal(accepted.status, 303);
    assert.equal((await prisma.order.findUniqueOrThrow({ where: { id } })).status, 'SUBMITTED');
    const audit = await prisma.auditLog.findFirst({ where: { organizationId: own.organization.id, action: 'order.submit', entityId: String(id) } });
    assert.deepEqual((audit?.details as { retroactivePairs?: number[] }).retroactivePairs, [pair.id]);
    // The head sees it too, with the methodist's confirmation.
    const forHead = await own.headAgent.get(`/orders/${id}`);
    assert.match(forHead.text, /Методист подтвердил\(а\) это при отправке на согласование/);
  });

  test('the Regulation: the organization in the genitive after «(далее — Положение)», acts with date and number; everyone on the sheet, with or without an account', async () => {
    const own = await newOrg();
    const noAccount = await createStaffMember(prisma, own.organization.id, { lastName: 'Бумажная', firstName: 'Вера', middleName: 'Ивановна', position: 'младший воспитатель' });
    const form = await own.methodistAgent.get('/orders/new?kind=REGULATION');
    const field = (name: string) => unescape(new RegExp(`<(?:textarea|input)[^>]*name="${name}"[^>]*?(?:value="([^"]*)"[^>]*>|>([\\s\\S]*?)</textarea>)`).exec(form.text)!.slice(1).find((v) => v !== undefined)!);
    const created = await post(own.methodistAgent, '/orders', {
      kind: 'REGULATION',
      title: field('title'),
      preamble: field('preamble'),
      points: field('points'),
      appendix1Title: field('appendix1Title'),
      appendix1Text: field('appendix1Text'),
    });
    assert.equal(created.status, 303, created.text.slice(0, 400));
    const id = idOf(created.headers.location);
    assert.equal((await post(own.methodistAgent, `/orders/${id}/submit`)).status, 303);
    assert.equal((await post(own.headAgent, `/orders/${id}/approve`)).status, 303);
    const { pdf, docx } = await both(own.methodistAgent, `/orders/${id}`);
    for (const text of [pdf, docx]) {
      assert.match(text, /\(далее — Положение\) Муниципального бюджетного дошкольного образовательного учреждения № 50 «Алёнушка» города Калуги \(далее — организация\)/);
      assert.match(text, /Трудовым кодексом Российской Федерации от 30\.12\.2001 № 197-ФЗ/);
      assert.match(text, /статьёй 351\.8 Трудового кодекса Российской Федерации от 30\.12\.2001 № 197-ФЗ \(статья введена Федеральным законом от 09\.11\.2024 № 381-ФЗ\)/);
      assert.match(text, /ЛИСТ ОЗНАКОМЛЕНИЯ.*Бумажная Вера Ивановна младший воспитатель/);
    }
    assert.ok(await prisma.orderAcknowledgment.findFirst({ where: { orderId: id, staffMemberId: noAccount.id } }));
  });
});

describe('the approval stamp and /verify', () => {
  let own: Org;
  let orderId: number;
  let code: string;

  before(async () => {
    own = await newOrg();
    ({ id: orderId } = await approvedAssignment(own));
    const signature = await prisma.documentSignature.findFirstOrThrow({ where: { documentKind: 'ORDER', documentId: orderId } });
    code = signature.code;
  });

  test('approval records a signature: random code, the frozen content’s hash, the head, the zone', async () => {
    const signature = await prisma.documentSignature.findFirstOrThrow({ where: { documentKind: 'ORDER', documentId: orderId } });
    const order = await prisma.order.findUniqueOrThrow({ where: { id: orderId } });
    assert.match(signature.code, /^[0-9A-HJKMNP-TV-Z]{12}$/);
    assert.notEqual(signature.code, String(signature.id));
    assert.equal(signature.contentSha256, order.frozenSha256);
    assert.equal(signature.contentSha256, canonicalSha256(order.frozen));
    assert.deepEqual([signature.signerName, signature.signerPosition, signature.timeZone, signature.documentNumber], [HEAD, 'Заведующий', 'Europe/Moscow', '1-од']);
  });

  test('the PDF and the DOCX carry the stamp: signer, position, time with the zone, code, SHA-256, the link on PUBLIC_URL and its QR code', async () => {
    const signature = await prisma.documentSignature.findFirstOrThrow({ where: { code } });
    const { pdf, docx, docxFile } = await both(own.methodistAgent, `/orders/${orderId}`);
    const link = `${PUBLIC_URL}/verify/${code}`;
    for (const text of [pdf, docx]) {
      assert.match(text, /ДОКУМЕНТ ПОДПИСАН ПРОСТОЙ ЭЛЕКТРОННОЙ ПОДПИСЬЮ/);
      assert.match(text, new RegExp(`Подписал\\(а\\): ${HEAD} Должность: Заведующий Дата и время: \\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d \\(UTC\\+03:00, Europe/Moscow\\) Код проверки: ${code}`));
      const hash = /SHA-256: ((?:[0-9a-f]{16} ?){4})/.exec(text)?.[1]?.replace(/ /g, '');
      assert.equal(hash, signature.contentSha256);
      assert.match(text, new RegExp(`Проверка: ${re(link)}`));
    }
    // The QR code in the DOCX is a PNG that decodes to the same link.
    const images = [...zipEntries(docxFile)].filter(([name]) => /^word\/media\/.+\.png$/.test(name));
    assert.equal(images.length, 1);
    const png = PNG.sync.read(images[0]![1]);
    assert.equal(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data, link);
    // The PDF draws it too (pdfmake's qr node): the page has vector content besides the text.
    const draft = await prisma.order.findUniqueOrThrow({ where: { id: orderId }, select: { status: true } });
    assert.equal(draft.status, 'APPROVED');
  });

  test('without PUBLIC_URL the link is on the address the file was downloaded from', async () => {
    const agent = await loginAs(bare, own.methodist);
    const docx = docxText((await binary(agent.get(`/orders/${orderId}.docx`))).body as Buffer);
    assert.match(docx, new RegExp(`Проверка: http://127\\.0\\.0\\.1:\\d+/verify/${code}`));
  });

  test('/verify/<code>: no login, no cookie, valid HTML, only kind, number, date, position and initials, hash; cached and rate-limited', async () => {
    const res = await supertest(app).get(`/verify/${code}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['set-cookie'], undefined, 'no session is made');
    assert.match(String(res.headers['cache-control']), /public, max-age=60/);
    assert.ok(res.headers['ratelimit-policy'], 'rate limited');
    assert.match(res.text, /Подпись действительна/);
    assert.match(res.text, /<dt>Документ<\/dt><dd>Приказ<\/dd>/);
    assert.match(res.text, /№ 1-од/);
    assert.match(res.text, new RegExp(`Заведующий ${re(initialsSurname(HEAD))}`));
    const signature = await prisma.documentSignature.findFirstOrThrow({ where: { code } });
    assert.match(res.text, new RegExp(signature.contentSha256));
    // Nothing personal beyond the signer's initials: no full names, no pairs, no organization's staff.
    for (const name of [HEAD, 'Кузнецова', 'Соколова', 'Наталья']) assert.doesNotMatch(res.text, new RegExp(name));
    // Typed by hand: lower case and dashes are fine.
    const typed = await supertest(app).get(`/verify/${code.toLowerCase().replace(/(.{4})(?=.)/g, '$1-')}`);
    assert.equal(typed.status, 200);
    pages.push({ label: 'anonymous GET /verify (valid)', html: res.text });
  });

  test('an unknown code is a 404 page; a malformed one too', async () => {
    const unknown = await supertest(app).get('/verify/0000000000AA');
    assert.equal(unknown.status, 404);
    assert.match(unknown.text, /Документ не найден/);
    assert.match(unknown.text, /такой копии доверять нельзя/);
    pages.push({ label: 'anonymous GET /verify (unknown)', html: unknown.text });
    assert.equal((await supertest(app).get('/verify/%3Cscript%3E')).status, 404);
  });

  test('a tampered row is «недействительна»: the frozen content changed, or the order’s hash changed', async () => {
    const row = await prisma.order.findUniqueOrThrow({ where: { id: orderId }, select: { frozen: true, frozenSha256: true } });
    try {
      // Someone edits the stored text in the database, leaving the hash as it was.
      await prisma.$executeRaw`UPDATE "Order" SET frozen = jsonb_set(frozen, '{title}', '"О закреплении (исправлено)"') WHERE id = ${orderId}`;
      const changed = await supertest(app).get(`/verify/${code}`);
      assert.equal(changed.status, 200);
      assert.match(changed.text, /Подпись недействительна/);
      assert.match(changed.text, /документ изменён после подписания/);
      pages.push({ label: 'anonymous GET /verify (invalid)', html: changed.text });

      // …and rewrites the order's hash to match: the signature still keeps the signed one.
      await prisma.order.update({ where: { id: orderId }, data: { frozenSha256: canonicalSha256((await prisma.order.findUniqueOrThrow({ where: { id: orderId } })).frozen) } });
      assert.match((await supertest(app).get(`/verify/${code}`)).text, /Подпись недействительна/);
    } finally {
      await prisma.order.update({ where: { id: orderId }, data: { frozen: row.frozen as object, frozenSha256: row.frozenSha256 } });
    }
    assert.match((await supertest(app).get(`/verify/${code}`)).text, /Подпись действительна/);
    // The hash alone tampered.
    await prisma.order.update({ where: { id: orderId }, data: { frozenSha256: '0'.repeat(64) } });
    try {
      assert.match((await supertest(app).get(`/verify/${code}`)).text, /Подпись недействительна/);
    } finally {
      await prisma.order.update({ where: { id: orderId }, data: { frozenSha256: row.frozenSha256 } });
    }
  });

  test('the qualified signature of the published copy: a broken file is 422; the stamp on «копия для сайта» and on /verify; warnings', async () => {
    assert.equal((await binary(own.methodistAgent.get(`/orders/${orderId}/site.pdf`))).status, 404, 'no copy before the signature');
    const upload = (file: Buffer, name = 'prikaz.pdf.sig') =>
      own.methodistAgent.post(`/orders/${orderId}/signature?_csrf=${encodeURIComponent(own.methodistAgent.csrf)}`).attach('signature', file, name);

    const broken = await upload(Buffer.from('%PDF-1.7 это сам документ, а не подпись'), 'prikaz.pdf');
    assert.equal(broken.status, 422);
    assert.match(broken.text, /Файл не похож на откреплённую электронную подпись/);
    pages.push({ label: 'methodist POST broken signature (422)', html: broken.text });
    const truncated = await upload((await makeDetachedSignature({ surname: 'Свиридова', given: 'Наталья Геннадьевна', validFrom: new Date('2026-01-01'), validTo: new Date('2027-12-31') })).subarray(0, 200));
    assert.equal(truncated.status, 422);
    assert.equal(await prisma.qualifiedSignature.count({ where: { organizationId: own.organization.id } }), 0);

    // The head's valid certificate, the signing time inside its term: no warnings.
    const good = await makeDetachedSignature({ surname: 'Свиридова', given: 'Наталья Геннадьевна', validFrom: new Date(Date.now() - 86_400_000 * 100), validTo: new Date(Date.now() + 86_400_000 * 265), signingTime: new Date(), serialHex: '0168D7B500ABAE2E8D4A1F3C5B6E7D8F9A0B1C2D' });
    const ok = await upload(good);
    assert.equal(ok.status, 303, ok.text.slice(0, 300));
    const serial = BigInt('0x0168D7B500ABAE2E8D4A1F3C5B6E7D8F9A0B1C2D').toString(10);
    const site = await both(own.methodistAgent, `/orders/${orderId}/site`);
    for (const text of [site.pdf, site.docx]) {
      assert.match(text, new RegExp(`ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ СВЕДЕНИЯ О СЕРТИФИКАТЕ ЭП Сертификат ${serial} Владелец ${HEAD} Действителен с \\d\\d\\.\\d\\d\\.\\d{4} по \\d\\d\\.\\d\\d\\.\\d{4}`));
      assert.doesNotMatch(text, /ЛИСТ ОЗНАКОМЛЕНИЯ/, 'the copy for the website names no staff on a sheet');
      assert.doesNotMatch(text, /ПРОСТОЙ ЭЛЕКТРОННОЙ ПОДПИСЬЮ/);
    }
    const page = await own.methodistAgent.get(`/orders/${orderId}`);
    assert.match(page.text, /Копия для сайта \(PDF\)/);
    assert.doesNotMatch(page.text, /не действовал|выдан не тому/);
    const verify = await supertest(app).get(`/verify/${code}`);
    assert.match(verify.text, new RegExp(`Сертификат</strong> ${serial}`));
    assert.match(verify.text, /Математическую проверку подписи \(ГОСТ Р 34\.10-2012\) и цепочки сертификатов портал не выполняет/);
    pages.push({ label: 'anonymous GET /verify (qualified)', html: verify.text });

    // The seed's own certificate ran out on 09.03.2024 (PEM this time); signed later → warned.
    const expired = await makeDetachedSignature({ surname: 'Свиридова', given: 'Наталья Геннадьевна', validFrom: new Date('2023-03-10T00:00:00+03:00'), validTo: new Date('2024-03-09T23:59:59+03:00'), signingTime: new Date(), pem: true });
    const late = await upload(expired);
    assert.equal(late.status, 303);
    const flashed = await own.methodistAgent.get(`/orders/${orderId}`);
    assert.match(unescape(flashed.text), /Сертификат не действовал на дату подписания \d\d\.\d\d\.\d{4} \(время подписания из файла подписи\): он действителен с 10\.03\.2023 по 09\.03\.2024/);
    assert.match((await supertest(app).get(`/verify/${code}`)).text, /Сертификат не действовал на дату подписания/);

    // Someone else's certificate, no signing time (the upload date counts).
    const other = await makeDetachedSignature({ surname: 'Петров', given: 'Иван Сергеевич', validFrom: new Date(Date.now() - 86_400_000), validTo: new Date(Date.now() + 86_400_000 * 365) });
    assert.equal((await upload(other)).status, 303);
    const warned = unescape((await own.methodistAgent.get(`/orders/${orderId}`)).text);
    assert.match(warned, new RegExp(`Сертификат выдан не тому, кто утвердил документ: владелец сертификата — Петров Иван Сергеевич, документ утвердил\\(а\\) ${HEAD}`));
    const publicWarning = (await supertest(app).get(`/verify/${code}`)).text;
    assert.match(unescape(publicWarning), new RegExp(`документ утвердил\\(а\\) ${re(initialsSurname(HEAD))}\\.`));
    assert.doesNotMatch(publicWarning, new RegExp(HEAD));
    const attachments = await prisma.attachment.findMany({ where: { organizationId: own.organization.id, purpose: 'ORDER_SIGNATURE' } });
    assert.deepEqual(attachments.map((a) => a.ownerId), [orderId, orderId, orderId]);
  });

  test('a teacher may not upload a signature; every page seen here is valid HTML', async () => {
    const teacher = await loginAs(app, own.teacher);
    const res = await teacher.post(`/orders/${orderId}/signature?_csrf=${encodeURIComponent(teacher.csrf)}`).attach('signature', Buffer.from('x'), 'a.sig');
    assert.equal(res.status, 403);
    assert.deepEqual(await validateHtml(pages), []);
  });
});
