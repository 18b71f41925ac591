/**
 * Files of the methodological collection over HTTP (issue 12: «лучшие практики … файлы»): the methodist
 * attaches PDF/DOCX/PPTX files checked by their content and size (422 with the message beside the field),
 * removes them (POST + CSRF, audited); staff who read the collection download them — the role matrix; a public
 * item's files are downloadable from /p/<slug> with cache headers only while every author's distribution consent
 * holds: a revocation is a 404 at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type supertest from 'supertest';
import { todayIn } from '../../src/domain/dates.ts';
import { COLLECTION_FILE_MAX_BYTES } from '../../src/modules/collection/collection.files.ts';
import { anonymousAgent, loginAs, testApp, type Agent, type TestApp } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/database.ts';
import { addBankMentee, addBankMentor, createOrganizationWithStaff, createPairRow, createStaffMember, createUser, recordConsent, uniq } from '../helpers/factories.ts';
import { EXE, HTML, sampleDocx, samplePdf, samplePptx } from '../helpers/office.ts';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let app: TestApp;
let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let methodist: Agent;
let slug: string;
const agents: Record<string, Agent> = {};

const prisma = () => fresh.db.prisma;
const post = (agent: Agent, url: string, form: Record<string, unknown>) => agent.post(url).type('form').send({ _csrf: agent.csrf, ...form });
const upload = (agent: Agent, itemId: number, content: Buffer, name: string) =>
  agent.post(`/collection/${itemId}/files?_csrf=${encodeURIComponent(agent.csrf)}`).attach('file', content, name);

/** Collects a binary response body. */
function binary(request: supertest.Test) {
  return request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

async function addItem(form: Record<string, unknown>) {
  const res = await post(methodist, '/collection', form);
  assert.equal(res.status, 303, res.text);
  return Number(/\/collection\/(\d+)$/.exec(res.headers.location!)![1]);
}

async function filesOf(itemId: number) {
  return prisma().attachment.findMany({ where: { purpose: 'COLLECTION_FILE', ownerId: itemId }, orderBy: { id: 'asc' } });
}

before(async () => {
  fresh = await freshDatabase();
  org = await createOrganizationWithStaff(fresh.db.prisma);
  slug = org.organization.slug;
  app = testApp({ db: fresh.db });
  methodist = await loginAs(app, org.methodist);
  // A mentor and a mentee of a pair (teachers with their own accounts), CITY, another kindergarten's methodist.
  const mentor = await addBankMentor(prisma(), org.organization.id);
  const mentee = await addBankMentee(prisma(), org.organization.id, { status: 'PAIRED' });
  await createPairRow(prisma(), org.organization.id, { status: 'ACTIVE', mentors: [{ staffMemberId: mentor.staff.id, mentorEntryId: mentor.entry.id }], mentees: [{ staffMemberId: mentee.staff.id, menteeEntryId: mentee.entry.id }] });
  const account = async (staffMemberId: number) => {
    const user = await createUser(prisma(), org.organization.id, { role: 'TEACHER' });
    await prisma().user.update({ where: { id: user.id }, data: { staffMemberId } });
    return user;
  };
  const authority = await prisma().organization.create({ data: { slug: `uo-${uniq()}`, shortName: 'УО', fullName: 'Управление образования', kind: 'AUTHORITY' } });
  const other = await createOrganizationWithStaff(prisma());
  agents.methodist = methodist;
  agents.head = await loginAs(app, org.head);
  agents.mentor = await loginAs(app, await account(mentor.staff.id));
  agents.mentee = await loginAs(app, await account(mentee.staff.id));
  agents.city = await loginAs(app, await createUser(prisma(), authority.id, { role: 'CITY' }));
  agents.otherMethodist = await loginAs(app, other.methodist);
  agents.anonymous = await anonymousAgent(app);
});
after(async () => {
  await app.close();
  await fresh.drop();
});

describe('files of a collection item', () => {
  test('the methodist attaches a PDF, a DOCX and a PPTX; the page lists name, type and size; a download is the same bytes', async () => {
    const author = await createStaffMember(prisma(), org.organization.id, { lastName: 'Файлова' });
    const itemId = await addItem({ title: 'Квест для молодых педагогов', kind: 'BEST_PRACTICE', authors: String(author.id) });
    const docx = await sampleDocx('Квест', ['Станции квеста']);
    for (const [bytes, name] of [[samplePdf('Quest'), 'памятка.pdf'], [docx, 'описание практики.docx'], [await samplePptx(), 'слайды.pptx']] as const) {
      const res = await upload(methodist, itemId, bytes, name);
      assert.equal(res.status, 303, res.text);
      assert.equal(res.headers.location, `/collection/${itemId}#files`);
    }
    const files = await filesOf(itemId);
    assert.deepEqual(files.map((f) => f.originalName), ['памятка.pdf', 'описание практики.docx', 'слайды.pptx']);
    const page = await methodist.get(`/collection/${itemId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /описание практики\.docx<\/a>\s*<span class="muted">DOCX, \d+ КБ<\/span>/);
    assert.match(page.text, /слайды\.pptx<\/a>\s*<span class="muted">PPTX, /);
    const docxRow = files[1]!;
    const download = await binary(agents.mentee!.get(`/collection/${itemId}/files/${docxRow.id}`));
    assert.equal(download.status, 200);
    assert.equal(download.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.equal(download.headers['cache-control'], 'private, no-store');
    assert.match(download.headers['content-disposition']!, /^attachment; filename\*=UTF-8''/);
    assert.ok(Buffer.compare(download.body as Buffer, docx) === 0, 'the same bytes');
    const audited = await prisma().auditLog.findMany({ where: { action: 'collection.file_add', entityId: String(itemId) } });
    assert.equal(audited.length, 3);
  });

  test('a renamed program, a web page, an empty or too large file: 422 on the item page with the message beside the field', async () => {
    const author = await createStaffMember(prisma(), org.organization.id);
    const itemId = await addItem({ title: 'Конспект занятия', kind: 'LESSON_NOTES', authors: String(author.id) });
    const exe = await upload(methodist, itemId, EXE, 'конспект.docx');
    assert.equal(exe.status, 422);
    assert.match(exe.text, /<p class="field__error" id="field-file-error"><span class="visually-hidden">Ошибка: <\/span>Файл «конспект\.docx» не похож на PDF, DOCX, PPTX, XLSX, JPEG, PNG/);
    assert.match(exe.text, /<h1>Конспект занятия<\/h1>/, 'the item page again');
    assert.match((await upload(methodist, itemId, HTML, 'slides.pptx')).text, /не похож на/);
    const docx = await sampleDocx('Обрезан', ['…']);
    const cut = await upload(methodist, itemId, docx.subarray(0, docx.length - 300), 'обрезан.docx');
    assert.equal(cut.status, 422);
    assert.match(cut.text, /не удалось принять как DOCX: файл повреждён или обрезан/);
    const big = await upload(methodist, itemId, Buffer.concat([samplePdf('big'), Buffer.alloc(COLLECTION_FILE_MAX_BYTES)]), 'большой.pdf');
    assert.equal(big.status, 422);
    assert.match(big.text, /Файл больше 20 МБ/);
    const none = await methodist.post(`/collection/${itemId}/files?_csrf=${encodeURIComponent(methodist.csrf)}`).field('x', '1');
    assert.equal(none.status, 422);
    assert.match(none.text, /Выберите файл \(PDF, DOCX, PPTX, XLSX, JPEG, PNG\)/);
    assert.equal((await filesOf(itemId)).length, 0, 'nothing stored');
  });

  test('removing a file is a POST with the CSRF token, by the methodist only, and audited', async () => {
    const author = await createStaffMember(prisma(), org.organization.id);
    const itemId = await addItem({ title: 'Памятка', kind: 'METHODICAL', authors: String(author.id) });
    assert.equal((await upload(methodist, itemId, samplePdf('memo'), 'памятка.pdf')).status, 303);
    const [file] = await filesOf(itemId);
    assert.equal((await methodist.post(`/collection/${itemId}/files/${file!.id}/delete`).type('form').send({})).status, 403, 'no CSRF token');
    for (const role of ['head', 'mentor', 'mentee']) assert.equal((await post(agents[role]!, `/collection/${itemId}/files/${file!.id}/delete`, {})).status, 403, role);
    assert.equal((await upload(agents.head!, itemId, samplePdf('x'), 'x.pdf')).status, 403, 'the head reads, the methodist fills');
    const removed = await post(methodist, `/collection/${itemId}/files/${file!.id}/delete`, {});
    assert.equal(removed.status, 303);
    assert.equal((await filesOf(itemId)).length, 0);
    assert.equal(await prisma().auditLog.count({ where: { action: 'collection.file_remove', entityId: String(itemId) } }), 1);
    assert.equal((await methodist.get(`/collection/${itemId}/files/${file!.id}`)).status, 404);
  });

  test('the role matrix of an internal item\'s file: staff of the organization download, others do not', async () => {
    const author = await createStaffMember(prisma(), org.organization.id);
    const itemId = await addItem({ title: 'Внутренний материал', kind: 'METHODICAL', authors: String(author.id) });
    assert.equal((await upload(methodist, itemId, samplePdf('internal'), 'внутренний.pdf')).status, 303);
    const [file] = await filesOf(itemId);
    const url = `/collection/${itemId}/files/${file!.id}`;
    const expected: Record<string, number> = { methodist: 200, head: 200, mentor: 200, mentee: 200, city: 403, otherMethodist: 404 };
    for (const [role, status] of Object.entries(expected)) assert.equal((await agents[role]!.get(url)).status, status, role);
    const anonymous = await agents.anonymous!.get(url);
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.location!, /^\/login/);
    // A file id of another item is not this item's file.
    const otherItem = await addItem({ title: 'Другой', kind: 'OTHER', authors: String(author.id) });
    assert.equal((await methodist.get(`/collection/${otherItem}/files/${file!.id}`)).status, 404);
    // The public address never serves an internal item's file.
    assert.equal((await agents.anonymous!.get(`/p/${slug}/collection/${itemId}/files/${file!.id}`)).status, 404);
  });

  test('a public item\'s files download from /p/<slug> with cache headers, and go at once when an author revokes the consent', async () => {
    const author = await createStaffMember(prisma(), org.organization.id, { lastName: 'Публичная', firstName: 'Ольга', middleName: 'Игоревна' });
    const consent = await recordConsent(prisma(), org.organization.id, author.id, 'DISTRIBUTION');
    const itemId = await addItem({ title: 'Открытая практика', kind: 'BEST_PRACTICE', authors: String(author.id), public: 'on' });
    const pdf = samplePdf('Open practice');
    assert.equal((await upload(methodist, itemId, pdf, 'практика.pdf')).status, 303);
    const [file] = await filesOf(itemId);
    const url = `/p/${slug}/collection/${itemId}/files/${file!.id}`;

    const visitor = await anonymousAgent(app);
    const page = await visitor.get(`/p/${slug}`);
    assert.match(page.text, new RegExp(`<a href="${url}" download>практика\\.pdf</a>`));
    const download = await binary(visitor.get(url));
    assert.equal(download.status, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(download.headers['cache-control']!, /^public, max-age=\d+$/);
    assert.equal(download.headers.etag, `"${file!.sha256}"`);
    assert.equal(Buffer.compare(download.body as Buffer, pdf), 0);
    assert.equal((await visitor.get(url).set('If-None-Match', download.headers.etag!)).status, 304);
    assert.equal(download.headers['set-cookie'], undefined, 'no session for a visitor');

    const revoked = await post(methodist, `/consents/${consent.id}/revoke`, { revokedOn: todayIn('Europe/Moscow'), reason: 'по заявлению' });
    assert.equal(revoked.status, 303, revoked.text);
    assert.equal((await visitor.get(url)).status, 404, 'off at once');
    assert.equal((await visitor.get(url).set('If-None-Match', download.headers.etag!)).status, 404, 'no 304 for a withdrawn file either');
    assert.doesNotMatch((await visitor.get(`/p/${slug}`)).text, /практика\.pdf/);
    assert.equal((await agents.mentor!.get(`/collection/${itemId}/files/${file!.id}`)).status, 200, 'inside, staff still read it');
  });
});
