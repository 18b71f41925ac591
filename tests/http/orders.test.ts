import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import supertest from 'supertest';
import { extractText, getDocumentProxy } from 'unpdf';
import { canonicalSha256 } from '../../src/core/canonical.ts';
import { isoInZone } from '../../src/domain/dates.ts';
import { readFrozen } from '../../src/modules/orders/orders.frozen.ts';
import { Prisma } from '../../src/generated/prisma/client.ts';
import { approveOrder, freezeApprovedOrders, regulationStatus } from '../../src/modules/orders/orders.service.ts';
import { loginAs, testApp, type Agent } from '../helpers/app.ts';
import { readableText } from '../helpers/documents.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { addBankMentee, addBankMentor, createOrganizationWithStaff, createPairRow, createStaffMember, createTeacher, createUser, recordConsent } from '../helpers/factories.ts';
import { scopeFor } from '../helpers/scope.ts';

const { prisma } = sharedDatabase();
const app = testApp();

after(async () => {
  await app.close();
  await sharedDatabase().close();
});

type Org = Awaited<ReturnType<typeof createOrganizationWithStaff>> & { methodistAgent: Agent; headAgent: Agent };

/** An organization of its own: order numbers start at 1 in every one. */
async function newOrg(): Promise<Org> {
  const org = await createOrganizationWithStaff(prisma);
  await prisma.organization.update({ where: { id: org.organization.id }, data: { address: '248000, г. Калуга, ул. Ленина, д. 1', headPosition: 'Заведующий' } });
  const [methodistAgent, headAgent] = await Promise.all([loginAs(app, org.methodist), loginAs(app, org.head)]);
  return { ...org, methodistAgent, headAgent };
}

const today = () => isoInZone(new Date(), 'Europe/Moscow');
/** dd.mm.yyyy of a calendar date column, or of a moment in the organization's zone; escaped for a RegExp with re(). */
const ruDateOf = (date: Date | null, zoned = false) => (zoned ? isoInZone(date!, 'Europe/Moscow') : date!.toISOString().slice(0, 10)).split('-').reverse().join('.');
const re = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function post(agent: Agent, path: string, body: Record<string, unknown> = {}) {
  // The pairs of these tests start on 01.09.2026, often before today: the submission confirms «задним числом»
  // (tests/http/signed-documents.test.ts checks the warning and the refusal without it).
  const confirm = path.endsWith('/submit') ? { confirmRetroactive: 'on' } : {};
  return agent.post(path).type('form').send({ _csrf: agent.csrf, ...confirm, ...body });
}

function binary(res: supertest.Request) {
  return res.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}

/** Line wraps and no-break spaces as spaces, non-breaking hyphens as hyphens. */
const plain = (text: string) => readableText(text);

const unescape = (s: string) => s.replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** What a browser would post from the form with this action: text fields, textareas, selects, ticked boxes. */
function formOf(html: string, action: string): Record<string, string | string[]> {
  const { document } = parseHTML(html);
  const form = document.querySelector(`form[action="${action}"]`);
  assert.ok(form, `a form posting to ${action}`);
  const out: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const had = out[name];
    out[name] = had === undefined ? value : [had].flat().concat(value);
  };
  for (const input of Array.from(form.querySelectorAll('input'))) {
    const name = input.getAttribute('name');
    if (!name) continue;
    const type = input.getAttribute('type') ?? 'text';
    if (type === 'checkbox') {
      if (input.hasAttribute('checked')) add(name, input.getAttribute('value') ?? 'on');
    } else add(name, input.getAttribute('value') ?? '');
  }
  for (const area of Array.from(form.querySelectorAll('textarea'))) add(area.getAttribute('name')!, unescape(area.innerHTML));
  for (const select of Array.from(form.querySelectorAll('select'))) {
    const chosen = select.querySelector('option[selected]') ?? select.querySelector('option');
    add(select.getAttribute('name')!, chosen?.getAttribute('value') ?? '');
  }
  return out;
}

/** The text of word/document.xml of a DOCX (read through the ZIP central directory with node:zlib). */
function docxText(buffer: Buffer): string {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = buffer.readUInt16LE(offset + 10);
    const size = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const skip = nameLength + buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
    const local = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (name === 'word/document.xml') {
      const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      const data = buffer.subarray(start, start + size);
      const xml = (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
      return plain(unescape(xml.replace(/<w:noBreakHyphen\/>/g, '-').replace(/<w:softHyphen\/>/g, '').replace(/<\/w:p>/g, ' ').replace(/<[^>]+>/g, '')));
    }
    offset += 46 + skip;
  }
  throw new Error('no word/document.xml');
}

async function pdfText(buffer: Buffer): Promise<string> {
  return plain((await extractText(await getDocumentProxy(new Uint8Array(buffer)), { mergePages: true })).text);
}

type Name = { lastName: string; firstName: string; middleName: string };

/** A mentor (with the written consent to mentoring unless told) and a mentee, in a pair written directly. */
async function readyPair(
  orgId: number,
  options: { mentor?: Name; mentee?: Name; mentoringConsent?: boolean; maxMentees?: number; status?: 'DRAFT' | 'PROPOSED' | 'ACTIVE'; existingMentor?: Awaited<ReturnType<typeof addBankMentor>> } = {},
) {
  const mentor = options.existingMentor ?? (await addBankMentor(prisma, orgId, { maxMentees: options.maxMentees, staff: options.mentor }));
  if (!options.existingMentor && options.mentoringConsent !== false) await recordConsent(prisma, orgId, mentor.staff.id, 'MENTORING');
  const mentee = await addBankMentee(prisma, orgId, { staff: options.mentee, status: options.status === 'ACTIVE' ? 'PAIRED' : 'NEW' });
  const pair = await createPairRow(prisma, orgId, {
    status: options.status ?? 'DRAFT',
    activatedAt: options.status === 'ACTIVE' ? new Date() : null,
    mentors: [{ staffMemberId: mentor.staff.id, mentorEntryId: mentor.entry.id }],
    mentees: [{ staffMemberId: mentee.staff.id, menteeEntryId: mentee.entry.id }],
  });
  return { mentor, mentee, pair };
}

/** A TEACHER account linked to an existing staff member. */
async function accountFor(orgId: number, staff: { id: number; lastName: string; firstName: string; middleName: string }) {
  const user = await createUser(prisma, orgId, { fullName: `${staff.lastName} ${staff.firstName} ${staff.middleName}` });
  await prisma.user.update({ where: { id: user.id }, data: { staffMemberId: staff.id } });
  return user;
}

/** Opens the prefilled form and posts it as it is (with changes): the way a methodist drafts. */
async function draftFromForm(agent: Agent, query: string, changes: Record<string, unknown> = {}) {
  const page = await agent.get(`/orders/new?${query}`);
  assert.equal(page.status, 200, page.text);
  const res = await post(agent, '/orders', { ...formOf(page.text, '/orders'), ...changes, _csrf: agent.csrf });
  assert.equal(res.status, 303, res.text);
  const id = Number(/^\/orders\/(\d+)$/.exec(res.headers.location ?? '')?.[1]);
  assert.ok(id > 0, res.headers.location);
  return { id, page };
}

/** The head's scope, for calling the approval directly. */
const headScope = (org: Org) => scopeFor(org.organization, org.head);

async function submitted(org: Org, kind: 'REGULATION' | 'AMEND' = 'REGULATION', title = 'Об утверждении Положения') {
  return prisma.order.create({
    data: { organizationId: org.organization.id, kind, status: 'SUBMITTED', title, points: ['Утвердить Положение.'], appendices: [], submittedAt: new Date(), authorId: org.methodist.id },
  });
}

let org: Org;
before(async () => {
  org = await newOrg();
});

describe('access', () => {
  // Which role reaches which route: tests/http/roles.test.ts, from the permission table.
  test('an order of another organization is not found, in every route', async () => {
    const other = await newOrg();
    const order = await submitted(org);
    for (const path of [`/orders/${order.id}`, `/orders/${order.id}.pdf`, `/orders/${order.id}.docx`, `/orders/${order.id}/edit`]) {
      assert.equal((await other.methodistAgent.get(path)).status, 404, path);
    }
    assert.equal((await post(other.methodistAgent, `/orders/${order.id}`, { title: 'Чужой', points: 'Пункт.' })).status, 404);
    assert.equal((await post(other.methodistAgent, `/orders/${order.id}/submit`)).status, 404);
    assert.equal((await post(other.headAgent, `/orders/${order.id}/approve`)).status, 404);
    assert.equal((await post(other.headAgent, `/orders/${order.id}/return`, { comment: 'Чужой' })).status, 404);
    assert.equal((await prisma.order.findUniqueOrThrow({ where: { id: order.id } })).status, 'SUBMITTED');
    assert.equal((await other.methodistAgent.get('/orders')).text.includes(`/orders/${order.id}"`), false);
  });

  test('the document route: /orders/:id.pdf and .docx; anything else is 404', async () => {
    const order = await submitted(org);
    assert.equal((await org.methodistAgent.get(`/orders/${order.id}.txt`)).status, 404);
    assert.equal((await org.methodistAgent.get(`/orders/${order.id}x.pdf`)).status, 404);
    assert.equal((await org.methodistAgent.get('/orders/abc')).status, 404);
    const pdf = await binary(org.methodistAgent.get(`/orders/${order.id}.pdf`));
    assert.equal(pdf.status, 200);
    assert.match(String(pdf.headers['content-type']), /application\/pdf/);
    assert.match(String(pdf.headers['content-disposition']), /attachment/);
  });
});

describe('the list', () => {
  test('newest first, 25 a page with the total; a page past the end shows the last; filters by state and kind; empty', async () => {
    const own = await newOrg();
    const organizationId = own.organization.id;
    // 27 drafts (one of them a Regulation) and 1 submitted, created a minute apart: the newest is the last made.
    const base = Date.parse('2026-10-01T09:00:00Z');
    const made = [];
    for (let i = 0; i < 28; i++) {
      made.push(await prisma.order.create({
        data: {
          organizationId,
          kind: i === 3 ? 'REGULATION' : 'ASSIGN_PAIRS',
          status: i === 27 ? 'SUBMITTED' : 'DRAFT',
          title: `Приказ для списка ${i}`,
          points: [],
          appendices: [],
          createdAt: new Date(base + i * 60_000),
        },
      }));
    }
    const ids = (html: string) => [...html.matchAll(/<a href="\/orders\/(\d+)">/g)].map((m) => Number(m[1]));
    const totalOf = (html: string) => Number(/data-total="(\d+)"/.exec(html)?.[1]);
    const newestFirst = made.map((o) => o.id).reverse();

    const first = await own.methodistAgent.get('/orders');
    assert.equal(totalOf(first.text), 28);
    assert.deepEqual(ids(first.text), newestFirst.slice(0, 25));
    const second = await own.methodistAgent.get('/orders?page=2');
    assert.deepEqual(ids(second.text), newestFirst.slice(25));
    assert.equal(totalOf(second.text), 28);
    const past = await own.methodistAgent.get('/orders?page=9999');
    assert.equal(past.status, 200);
    assert.deepEqual(ids(past.text), newestFirst.slice(25), 'an old link past the end: the last page');

    const submitted = await own.methodistAgent.get('/orders?status=SUBMITTED');
    assert.equal(totalOf(submitted.text), 1);
    assert.deepEqual(ids(submitted.text), [made[27]!.id]);
    const regulations = await own.methodistAgent.get('/orders?kind=REGULATION&status=DRAFT');
    assert.deepEqual(ids(regulations.text), [made[3]!.id]);
    const none = await own.methodistAgent.get('/orders?status=APPROVED');
    assert.equal(totalOf(none.text), 0);
    assert.deepEqual(ids(none.text), []);
    assert.match(none.text, /Приказов пока нет\./);

    // A teacher named in none of them: an empty list of their own, nothing of the drafts.
    const teacher = await loginAs(app, own.teacher);
    const mine = await teacher.get('/orders');
    assert.equal(totalOf(mine.text), 0);
    assert.match(mine.text, /Приказов, в которых вы названы, пока нет\./);
  });
});

describe('drafting', () => {
  test('the kinds page and a Regulation draft prefilled with the Regulation and the roadmap', async () => {
    const kinds = await org.methodistAgent.get('/orders/new');
    assert.equal(kinds.status, 200);
    for (const kind of ['REGULATION', 'ASSIGN_PAIRS', 'AMEND', 'TERMINATE']) assert.match(kinds.text, new RegExp(`/orders/new\\?kind=${kind}`));
    const page = await org.methodistAgent.get('/orders/new?kind=REGULATION');
    assert.equal(page.status, 200);
    const values = formOf(page.text, '/orders');
    assert.equal(values.title, 'Об утверждении Положения о системе наставничества педагогических работников в образовательной организации');
    assert.match(String(values.appendix1Title), new RegExp(org.organization.shortName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(String(values.appendix1Text), /## 1\. Общие положения/);
    assert.match(String(values.appendix1Text), /не более 3 наставляемых/);
    assert.match(String(values.appendix2Text), /^\| № \| Наименование этапа/);
    assert.match(String(values.points), /^Утвердить Положение/);
  });

  test('invalid drafts: 422 with the message beside the field, values kept', async () => {
    const empty = await post(org.methodistAgent, '/orders', { kind: 'REGULATION', title: '', preamble: 'Сохранённая констатирующая часть', points: 'Пункт.' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /Заполните поле «Заголовок приказа»/);
    assert.match(empty.text, /Сохранённая констатирующая часть/);
    const noPoints = await post(org.methodistAgent, '/orders', { kind: 'REGULATION', title: 'Приказ', points: ' \n ' });
    assert.equal(noPoints.status, 422);
    assert.match(noPoints.text, /Добавьте хотя бы один пункт распорядительной части/);
    const noPairs = await post(org.methodistAgent, '/orders', { kind: 'ASSIGN_PAIRS', title: 'О закреплении', points: 'Закрепить.' });
    assert.equal(noPairs.status, 422);
    assert.match(noPairs.text, /Выберите хотя бы одну пару \(группу\)/);
    const noReason = await post(org.methodistAgent, '/orders', { kind: 'TERMINATE', title: 'О прекращении', points: 'Прекратить.', pairIds: '1' });
    assert.equal(noReason.status, 422);
    assert.match(noReason.text, /Укажите причину досрочного прекращения/);
    const foreignPair = await readyPair((await newOrg()).organization.id);
    const forged = await post(org.methodistAgent, '/orders', { kind: 'ASSIGN_PAIRS', title: 'О закреплении', points: 'Закрепить.', pairIds: String(foreignPair.pair.id) });
    assert.equal(forged.status, 422, 'a pair of another organization cannot be named');
    assert.match(forged.text, new RegExp(`Пара № ${foreignPair.pair.id}`));
    const badKind = await post(org.methodistAgent, '/orders', { kind: 'NOPE', title: 'Приказ', points: 'Пункт.' });
    assert.equal(badKind.status, 422);
    assert.equal(await prisma.order.count({ where: { organizationId: org.organization.id, title: { in: ['Приказ', 'О закреплении', 'О прекращении'] } } }), 0);
  });

  test('a valid draft is saved (303 and the row), edited, and both are audited', async () => {
    const { id } = await draftFromForm(org.methodistAgent, 'kind=REGULATION');
    const row = await prisma.order.findUniqueOrThrow({ where: { id } });
    assert.equal(row.status, 'DRAFT');
    assert.equal(row.kind, 'REGULATION');
    assert.equal(row.authorId, org.methodist.id);
    assert.equal((row.appendices as unknown[]).length, 2);
    assert.ok((row.points as string[]).length >= 5);
    const show = await org.methodistAgent.get(`/orders/${id}`);
    assert.equal(show.status, 200);
    assert.match(show.text, /ПРОЕКТ/);
    assert.match(show.text, /ПРИКАЗЫВАЮ:/);
    const edit = await org.methodistAgent.get(`/orders/${id}/edit`);
    assert.equal(edit.status, 200);
    const values = formOf(edit.text, `/orders/${id}`);
    assert.equal(values.appendix3Title, '', 'one empty appendix slot more');
    const invalid = await post(org.methodistAgent, `/orders/${id}`, { ...values, points: '' });
    assert.equal(invalid.status, 422);
    const res = await post(org.methodistAgent, `/orders/${id}`, { ...values, title: 'Об утверждении Положения (редакция 2)', points: '1. Утвердить Положение.\n2. Контроль оставляю за собой.', _csrf: org.methodistAgent.csrf });
    assert.equal(res.status, 303);
    const updated = await prisma.order.findUniqueOrThrow({ where: { id } });
    assert.equal(updated.title, 'Об утверждении Положения (редакция 2)');
    assert.deepEqual(updated.points, ['Утвердить Положение.', 'Контроль оставляю за собой.']);
    const audits = await prisma.auditLog.findMany({ where: { entityType: 'Order', entityId: String(id) }, select: { action: true, details: true } });
    assert.ok(audits.some((a) => a.action === 'order.create'));
    const update = audits.find((a) => a.action === 'order.update');
    assert.deepEqual((update?.details as { changed: string[] }).changed.sort(), ['points', 'title']);
    assert.ok(audits.some((a) => a.action === 'order.read'));
  });
});

describe('an assignment: submit, the head approves, participants acknowledge', () => {
  test('the whole way, with the number, the pairs, the bank, the sheet and the documents', async () => {
    const own = await newOrg();
    const o = own.organization.id;
    const { mentor, mentee, pair } = await readyPair(o, {
      mentor: { lastName: 'Кузнецова', firstName: 'Ольга', middleName: 'Николаевна' },
      mentee: { lastName: 'Соколова', firstName: 'Анастасия', middleName: 'Игоревна' },
    });
    const menteeUser = await accountFor(o, mentee.staff);
    const stranger = await createTeacher(prisma, o);

    const { id, page } = await draftFromForm(own.methodistAgent, `kind=ASSIGN_PAIRS&pair=${pair.id}`);
    assert.match(page.text, /Назначить наставником воспитателя Кузнецову О\.Н\. и закрепить за ней наставляемую — воспитателя Соколову А\.И\./);
    assert.deepEqual((await prisma.orderPair.findMany({ where: { orderId: id } })).map((p) => p.pairId), [pair.id]);

    // A second assignment cannot take the same pair while this draft holds it.
    const again = await own.methodistAgent.get('/orders/new?kind=ASSIGN_PAIRS');
    assert.doesNotMatch(again.text, new RegExp(`value="${pair.id}"`));

    const teacher = await loginAs(app, menteeUser);
    assert.equal((await teacher.get(`/orders/${id}`)).status, 404, 'a draft is not the teacher’s to see');

    const submit = await post(own.methodistAgent, `/orders/${id}/submit`);
    assert.equal(submit.status, 303, submit.text);
    assert.equal((await prisma.pair.findUniqueOrThrow({ where: { id: pair.id } })).status, 'PROPOSED');
    assert.equal((await prisma.order.findUniqueOrThrow({ where: { id } })).status, 'SUBMITTED');
    assert.equal((await own.methodistAgent.get(`/orders/${id}/edit`)).status, 409, 'a submitted order waits for the head');

    const dashboard = await own.headAgent.get('/');
    assert.match(dashboard.text, /На согласовании: 1/);
    assert.match(dashboard.text, new RegExp(`href="/orders/${id}"`));
    assert.doesNotMatch((await own.methodistAgent.get('/')).text, /На согласовании:/);

    const before = today();
    const approve = await post(own.headAgent, `/orders/${id}/approve`);
    assert.equal(approve.status, 303, approve.text);
    const order = await prisma.order.findUniqueOrThrow({ where: { id } });
    const orderDay = ruDateOf(order.orderDate);
    const shown = await own.headAgent.get(`/orders/${id}`);
    assert.match(shown.text, new RegExp(`Приказ утверждён: № 1-од от ${re(orderDay)}`));
    assert.equal(order.status, 'APPROVED');
    assert.equal(order.number, 1);
    assert.equal(order.numberText, '1-од');
    assert.equal(order.numberYear, order.orderDate!.getUTCFullYear());
    assert.ok([before, today()].includes(order.orderDate!.toISOString().slice(0, 10)), 'today in the organization’s time zone');
    assert.equal(order.approverId, own.head.id);
    const active = await prisma.pair.findUniqueOrThrow({ where: { id: pair.id } });
    assert.equal(active.status, 'ACTIVE');
    assert.ok(active.activatedAt);
    assert.equal((await prisma.menteeEntry.findUniqueOrThrow({ where: { id: mentee.entry.id } })).status, 'PAIRED');
    assert.equal((await prisma.mentorEntry.findUniqueOrThrow({ where: { id: mentor.entry.id } })).status, 'ACTIVE');
    const sheet = await prisma.orderAcknowledgment.findMany({ where: { orderId: id }, orderBy: { staffMemberId: 'asc' } });
    assert.deepEqual(sheet.map((s) => s.staffMemberId).sort(), [mentor.staff.id, mentee.staff.id].sort());
    assert.ok(sheet.every((s) => s.acknowledgedAt === null));
    assert.equal((await own.headAgent.get('/')).text.includes('На согласовании:'), false, 'nothing waits any more');

    // Approving twice gives a clear message, not a second number.
    const twice = await post(own.headAgent, `/orders/${id}/approve`);
    assert.equal(twice.status, 409);
    assert.match(twice.text, /Приказ уже утверждён: № 1-од/);
    assert.equal((await prisma.orderNumberCounter.findFirstOrThrow({ where: { organizationId: o } })).lastNumber, 1);

    // An approved order is frozen.
    const edit = await own.methodistAgent.get(`/orders/${id}/edit`);
    assert.equal(edit.status, 409);
    assert.match(edit.text, /утверждён и не изменяется\. Изменения вносят новым приказом/);
    assert.equal((await post(own.methodistAgent, `/orders/${id}`, { title: 'Иначе', points: 'Иначе.' })).status, 409);
    assert.equal((await post(own.methodistAgent, `/orders/${id}/submit`)).status, 409);
    assert.equal((await prisma.order.findUniqueOrThrow({ where: { id } })).title, order.title);

    // The mentee sees it, acknowledges it; the sheet shows who has and who has not.
    const list = await teacher.get('/orders');
    assert.match(list.text, new RegExp(`href="/orders/${id}"`));
    assert.match(list.text, /нужно ознакомиться/);
    const card = await teacher.get(`/orders/${id}`);
    assert.equal(card.status, 200);
    assert.match(card.text, /Ознакомлен\(а\)<\/button>/);
    // The button comes after the order's text it confirms, not above it.
    assert.ok(card.text.indexOf('class="order-text"') < card.text.indexOf('Ознакомлен(а)</button>'), '«Ознакомлен(а)» after the text');
    const ack = await post(teacher, `/orders/${id}/acknowledge`);
    assert.equal(ack.status, 303);
    const row = await prisma.orderAcknowledgment.findFirstOrThrow({ where: { orderId: id, staffMemberId: mentee.staff.id } });
    assert.ok(row.acknowledgedAt);
    const after = await teacher.get(`/orders/${id}`);
    assert.match(after.text, /Отмечено: вы ознакомлены с приказом/);
    assert.match(after.text, new RegExp(`Вы ознакомлены с приказом ${re(ruDateOf(row.acknowledgedAt, true))}`));
    const headView = await own.headAgent.get(`/orders/${id}`);
    assert.match(headView.text, /Ознакомлены 1 из 2/);
    assert.match(headView.text, new RegExp(`Соколова Анастасия Игоревна</td>\\s*<td[^>]*>воспитатель</td>\\s*<td[^>]*>ознакомлен\\(а\\) ${re(ruDateOf(row.acknowledgedAt, true))}`));
    assert.match(headView.text, /Кузнецова Ольга Николаевна<\/td>\s*<td[^>]*>воспитатель<\/td>\s*<td[^>]*>подпись на бумаге/, 'the mentor has no account');
    assert.equal((await post(teacher, `/orders/${id}/acknowledge`)).status, 303);
    assert.equal((await prisma.orderAcknowledgment.findFirstOrThrow({ where: { id: row.id } })).acknowledgedAt?.getTime(), row.acknowledgedAt.getTime(), 'the first date stays');

    // Someone not named sees nothing and cannot acknowledge.
    const other = await loginAs(app, stranger.user);
    assert.equal((await other.get(`/orders/${id}`)).status, 404);
    assert.equal((await other.get(`/orders/${id}.pdf`)).status, 404);
    assert.equal((await post(other, `/orders/${id}/acknowledge`)).status, 404);
    assert.doesNotMatch((await other.get('/orders')).text, new RegExp(`href="/orders/${id}"`));

    // The documents: number, «ПРИКАЗЫВАЮ», the declined names, the sheet with the date.
    const pdf = await binary(teacher.get(`/orders/${id}.pdf`));
    assert.equal(pdf.status, 200);
    const text = await pdfText(pdf.body as Buffer);
    assert.match(text, /ПРИКАЗ/);
    assert.match(text, /№ 1-од/);
    assert.match(text, new RegExp(`${re(orderDay)} № 1-од`));
    assert.match(text, /ПРИКАЗЫВАЮ:/);
    assert.match(text, /воспитателя Кузнецову О\.Н\./);
    assert.match(text, /наставляемую — воспитателя Соколову А\.И\./);
    assert.match(text, /Н\.Г\. Свиридова/);
    assert.match(text, /Список наставнических пар \(групп\)/);
    assert.match(text, /ЛИСТ ОЗНАКОМЛЕНИЯ/);
    assert.doesNotMatch(text, /ПРОЕКТ/);
    const docx = await binary(own.methodistAgent.get(`/orders/${id}.docx`));
    assert.equal(docx.status, 200);
    assert.match(String(docx.headers['content-type']), /wordprocessingml/);
    const xml = docxText(docx.body as Buffer);
    assert.match(xml, /№ 1-од/);
    assert.match(xml, /ПРИКАЗЫВАЮ:/);
    assert.match(xml, /воспитателя Кузнецову О\.Н\./);

    const actions = (await prisma.auditLog.findMany({ where: { entityType: 'Order', entityId: String(id) }, select: { action: true } })).map((a) => a.action);
    for (const action of ['order.create', 'order.submit', 'order.approve', 'order.read', 'order.download', 'order.acknowledge']) assert.ok(actions.includes(action), action);
  });

  test('a draft prints blanks and «ПРОЕКТ»', async () => {
    const order = await submitted(org);
    const text = await pdfText((await binary(org.methodistAgent.get(`/orders/${order.id}.pdf`))).body as Buffer);
    assert.match(text, /ПРОЕКТ/);
    assert.match(text, /№ ________/);
  });
});

describe('the rules refuse an order with a clear list', () => {
  test('a mentor without the written consent to mentoring: refused naming the person; nothing moves', async () => {
    const { pair } = await readyPair(org.organization.id, { mentor: { lastName: 'Несогласная', firstName: 'Вера', middleName: 'Павловна' }, mentoringConsent: false });
    const { id } = await draftFromForm(org.methodistAgent, `kind=ASSIGN_PAIRS&pair=${pair.id}`);
    const res = await post(org.methodistAgent, `/orders/${id}/submit`);
    assert.equal(res.status, 409);
    assert.match(res.text, /Приказ нельзя направить на согласование/);
    assert.match(res.text, new RegExp(`Пара № ${pair.id}: Нет документа «письменное согласие на наставническую деятельность \\(ст\\. 351\\.8 ТК РФ\\)»: Несогласная Вера Павловна`));
    assert.equal((await prisma.order.findUniqueOrThrow({ where: { id } })).status, 'DRAFT');
    assert.equal((await prisma.pair.findUniqueOrThrow({ where: { id: pair.id } })).status, 'DRAFT', 'the proposal was rolled back');
  });

  test('a mentor over the limit of mentees is refused', async () => {
    const first = await readyPair(org.organization.id, { maxMentees: 1, status: 'ACTIVE', mentor: { lastName: 'Занятая', firstName: 'Ирина', middleName: 'Олеговна' } });
    const { pair } = await readyPair(org.organization.id, { existingMentor: first.mentor });
    const { id } = await draftFromForm(org.methodistAgent, `kind=ASSIGN_PAIRS&pair=${pair.id}`);
    const res = await post(org.methodistAgent, `/orders/${id}/submit`);
    assert.equal(res.status, 409);
    assert.match(res.text, /Занятая Ирина Олеговна: превышен предел наставляемых — было бы 2 при пределе 1/);
    assert.equal((await prisma.order.findUniqueOrThrow({ where: { id } })).status, 'DRAFT');
  });

  test('the rules are checked again at approval; a refused approval takes no number', async () => {
    const own = await newOrg();
    const { mentor, pair } = await readyPair(own.organization.id, { mentor: { lastName: 'Отозвавшая', firstName: 'Лидия', middleName: 'Петровна' } });
    const { id } = await draftFromForm(own.methodistAgent, `kind=ASSIGN_PAIRS&pair=${pair.id}`);
    assert.equal((await post(own.methodistAgent, `/orders/${id}/submit`)).status, 303);
    await prisma.consent.updateMany({ where: { staffMemberId: mentor.staff.id, kind: 'MENTORING' }, data: { revokedAt: new Date() } });
    const res = await post(own.headAgent, `/orders/${id}/approve`);
    assert.equal(res.status, 409);
    assert.match(res.text, /Приказ нельзя утвердить/);
    assert.match(res.text, /Отозвавшая Лидия Петровна/);
    const order = await prisma.order.findUniqueOrThrow({ where: { id } });
    assert.equal(order.status, 'SUBMITTED');
    assert.equal(order.number, null);
    assert.equal(await prisma.orderNumberCounter.count({ where: { organizationId: own.organization.id, lastNumber: { gt: 0 } } }), 0, 'no number was spent');
    assert.equal((await prisma.pair.findUniqueOrThrow({ where: { id: pair.id } })).status, 'PROPOSED');
  });
});

describe('the head returns a draft', () => {
  test('a comment is required; the methodist edits and submits again', async () => {
    const { pair } = await readyPair(org.organization.id);
    const { id } = await draftFromForm(org.methodistAgent, `kind=ASSIGN_PAIRS&pair=${pair.id}`);
    assert.equal((await post(org.methodistAgent, `/orders/${id}/submit`)).status, 303);
    const empty = await post(org.headAgent, `/orders/${id}/return`, { comment: '  ' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /Напишите, что нужно исправить в проекте приказа/);
    assert.equal((await prisma.order.findUniqueOrThrow({ where: { id } })).status, 'SUBMITTED');
    const res = await post(org.headAgent, `/orders/${id}/return`, { comment: 'Уточните срок наставничества в пункте 2.' });
    assert.equal(res.status, 303);
    const order = await prisma.order.findUniqueOrThrow({ where: { id } });
    assert.equal(order.status, 'RETURNED');
    assert.equal(order.returnComment, 'Уточните срок наставничества в пункте 2.');
    const card = await org.methodistAgent.get(`/orders/${id}`);
    assert.match(card.text, /Уточните срок наставничества в пункте 2\./);
    assert.equal((await post(org.headAgent, `/orders/${id}/approve`)).status, 409, 'a returned order is not approved');
    const edit = await org.methodistAgent.get(`/orders/${id}/edit`);
    assert.equal(edit.status, 200);
    const values = formOf(edit.text, `/orders/${id}`);
    assert.equal((await post(org.methodistAgent, `/orders/${id}`, { ...values, preamble: `${values.preamble} (уточнено)`, _csrf: org.methodistAgent.csrf })).status, 303);
    assert.equal((await post(org.methodistAgent, `/orders/${id}/submit`)).status, 303);
    assert.equal((await prisma.order.findUniqueOrThrow({ where: { id } })).status, 'SUBMITTED');
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'order.return', entityId: String(id) } }));
  });
});

describe('early termination', () => {
  test('opened from the pair, the reason required; approval ends the pair and returns the mentee to the bank', async () => {
    const own = await newOrg();
    const { mentor, mentee, pair } = await readyPair(own.organization.id, {
      status: 'ACTIVE',
      mentor: { lastName: 'Уварова', firstName: 'Алла', middleName: 'Борисовна' },
      mentee: { lastName: 'Белов', firstName: 'Павел', middleName: 'Андреевич' },
    });
    await prisma.mentorEntry.update({ where: { id: mentor.entry.id }, data: { status: 'ACTIVE' } });
    const page = await own.methodistAgent.get(`/orders/new?kind=TERMINATE&pair=${pair.id}`);
    assert.equal(page.status, 200);
    const values = formOf(page.text, '/orders');
    assert.deepEqual([values.pairIds].flat(), [String(pair.id)]);
    assert.match(String(values.points), /Прекратить досрочно со дня издания настоящего приказа наставничество наставника — воспитателя Уваровой А\.Б\. в отношении наставляемого — воспитателя Белова П\.А\./);
    assert.match(String(values.points), /Прекратить выплату доплаты за наставническую деятельность воспитателю Уваровой А\.Б\. со дня/);
    const noReason = await post(own.methodistAgent, '/orders', { ...values, _csrf: own.methodistAgent.csrf });
    assert.equal(noReason.status, 422);
    assert.match(noReason.text, /Укажите причину досрочного прекращения наставничества/);
    const { id } = await draftFromForm(own.methodistAgent, `kind=TERMINATE&pair=${pair.id}`, { preamble: 'В связи с увольнением наставника по собственному желанию' });
    assert.equal((await post(own.methodistAgent, `/orders/${id}/submit`)).status, 303);
    assert.equal((await post(own.headAgent, `/orders/${id}/approve`)).status, 303);
    const ended = await prisma.pair.findUniqueOrThrow({ where: { id: pair.id } });
    assert.equal(ended.status, 'ENDED_EARLY');
    const termination = await prisma.order.findUniqueOrThrow({ where: { id } });
    assert.equal(ended.endedOn?.toISOString(), termination.orderDate?.toISOString(), 'ended on the day of the order');
    assert.match(ended.endReason, /В связи с увольнением наставника по собственному желанию \(приказ от .* № 1-од\)/);
    assert.equal((await prisma.menteeEntry.findUniqueOrThrow({ where: { id: mentee.entry.id } })).status, 'IN_BANK');
    assert.equal((await prisma.mentorEntry.findUniqueOrThrow({ where: { id: mentor.entry.id } })).status, 'APPROVED');
    assert.equal(await prisma.orderAcknowledgment.count({ where: { orderId: id } }), 2);
  });
});

describe('the Regulation and an amendment', () => {
  test('the Regulation order names every working member of the staff (without an account: on paper); an amendment gets the next number', async () => {
    const own = await newOrg();
    const o = own.organization.id;
    const teachers = await Promise.all([createTeacher(prisma, o), createTeacher(prisma, o)]);
    const onPaper = await createStaffMember(prisma, o); // no account: signs the sheet on paper
    const named = [...teachers.map((t) => t.staff), onPaper];
    const archived = await createTeacher(prisma, o, { archivedAt: new Date() });
    assert.ok(archived);
    assert.equal((await regulationStatus(scopeFor(own.organization))).line, 'Приказ об утверждении Положения ещё не подготовлен');

    const { id } = await draftFromForm(own.methodistAgent, 'kind=REGULATION');
    assert.equal((await post(own.methodistAgent, `/orders/${id}/submit`)).status, 303);
    assert.deepEqual(await regulationStatus(scopeFor(own.organization)).then((s) => [s.approved, s.pending, s.line]), [false, 'SUBMITTED', 'Приказ об утверждении Положения: на согласовании у заведующего']);
    assert.equal((await post(own.headAgent, `/orders/${id}/approve`)).status, 303);
    const sheet = await prisma.orderAcknowledgment.findMany({ where: { orderId: id } });
    assert.deepEqual(sheet.map((s) => s.staffMemberId).sort(), named.map((n) => n.id).sort());
    const status = await regulationStatus(scopeFor(own.organization));
    assert.equal(status.approved, true);
    assert.equal(status.numberText, '1-од');
    assert.equal(status.orderId, id);
    const regulationDay = ruDateOf((await prisma.order.findUniqueOrThrow({ where: { id } })).orderDate);
    assert.equal(status.line, `Приказ об утверждении Положения: № 1-од от ${regulationDay}`);

    const pdf = await pdfText((await binary(own.methodistAgent.get(`/orders/${id}.pdf`))).body as Buffer);
    assert.match(pdf, /Приложение 1 к приказу от \S+ № 1-од/);
    assert.match(pdf, /Приложение 2/);
    assert.match(pdf, /Общие положения/);
    assert.match(pdf, /Формирование банка наставников/);

    const amendPage = await own.methodistAgent.get(`/orders/new?kind=AMEND&amends=${id}`);
    const values = formOf(amendPage.text, '/orders');
    assert.equal(values.title, `О внесении изменений в приказ от ${regulationDay} № 1-од`);
    assert.equal(values.amendsOrderId, String(id));
    const noAmended = await post(own.methodistAgent, '/orders', { ...values, amendsOrderId: '', _csrf: own.methodistAgent.csrf });
    assert.equal(noAmended.status, 422);
    assert.match(noAmended.text, /Выберите приказ, в который вносятся изменения/);
    const { id: amendId } = await draftFromForm(own.methodistAgent, `kind=AMEND&amends=${id}`, { points: 'Пункт 3.7 Положения изложить в редакции: «Один наставник может одновременно вести не более 2 наставляемых».' });
    assert.equal((await post(own.methodistAgent, `/orders/${amendId}/submit`)).status, 303);
    assert.equal((await post(own.headAgent, `/orders/${amendId}/approve`)).status, 303);
    const amend = await prisma.order.findUniqueOrThrow({ where: { id: amendId } });
    assert.equal(amend.numberText, '2-од');
    assert.equal(amend.amendsOrderId, id);
    assert.equal(await prisma.orderAcknowledgment.count({ where: { orderId: amendId } }), 3);
    const original = await own.methodistAgent.get(`/orders/${id}`);
    assert.match(original.text, new RegExp(`Изменён приказами</dt>\\s*<dd><a href="/orders/${amendId}">№ 2-од`));
  });
});

/** The main part of a page (without the header with the signed-in user's name and the flash). */
const mainOf = (html: string) => /<main[^>]*>([\s\S]*)<\/main>/.exec(html)![1]!.replace(/<div class="flash[\s\S]*?<\/div>/g, '').replace(/\s+/g, ' ');

describe('a signed order never changes', () => {
  test('approved: renaming a participant, a new position and the organization’s new name change neither the page, nor the PDF, nor the DOCX; the hash is the canonical one', async () => {
    const own = await newOrg();
    const o = own.organization.id;
    const { mentor, mentee, pair } = await readyPair(o, {
      mentor: { lastName: 'Прежняя', firstName: 'Ольга', middleName: 'Николаевна' },
      mentee: { lastName: 'Девичья', firstName: 'Анастасия', middleName: 'Игоревна' },
    });
    const menteeUser = await accountFor(o, mentee.staff);
    const { id } = await draftFromForm(own.methodistAgent, `kind=ASSIGN_PAIRS&pair=${pair.id}`);
    assert.equal((await post(own.methodistAgent, `/orders/${id}/submit`)).status, 303);
    assert.equal((await post(own.headAgent, `/orders/${id}/approve`)).status, 303);
    const teacher = await loginAs(app, menteeUser);

    // Without PUBLIC_URL the stamp's link is on the address the file came from: supertest's port changes per request.
    const samePortal = (text: string) => text.replace(/http:\/\/127\.0\.0\.1:\d+\//g, 'http://portal/');
    const shown = async () => ({
      page: samePortal(mainOf((await own.methodistAgent.get(`/orders/${id}`)).text)),
      pdf: samePortal(await pdfText((await binary(own.methodistAgent.get(`/orders/${id}.pdf`))).body as Buffer)),
      docx: samePortal(docxText((await binary(own.methodistAgent.get(`/orders/${id}.docx`))).body as Buffer)),
    });
    const before = await shown();
    for (const text of [before.page, before.pdf, before.docx]) {
      assert.match(text, /Девичья Анастасия Игоревна/);
      assert.match(text, /Прежнюю О\.Н\./);
      assert.match(text, new RegExp(re(own.organization.fullName)));
    }

    // The mentee marries, the mentor is promoted, the organization is renamed; and the head's name changes.
    await prisma.staffMember.update({ where: { id: mentee.staff.id }, data: { lastName: 'Замужняя', position: 'старший воспитатель' } });
    await prisma.staffMember.update({ where: { id: mentor.staff.id }, data: { lastName: 'Новая', position: 'методист' } });
    await prisma.organization.update({ where: { id: o }, data: { fullName: 'Муниципальное автономное дошкольное образовательное учреждение «Переименованное»', headName: 'Другая Вера Павловна', address: 'г. Тула' } });
    const draft = await draftFromForm(own.methodistAgent, 'kind=REGULATION');
    assert.match(mainOf((await own.methodistAgent.get(`/orders/${draft.id}`)).text), /«Переименованное»/, 'a draft shows today’s rows');

    const after = await shown();
    assert.equal(after.page, before.page, 'the page');
    assert.equal(after.pdf, before.pdf, 'the PDF');
    assert.equal(after.docx, before.docx, 'the DOCX');
    for (const text of [after.page, after.pdf, after.docx]) assert.doesNotMatch(text, /Замужняя|Новая|Переименованное|Тула|В\.П\. Другая/);

    // Acknowledgments are live: they are not part of the signed text.
    assert.equal((await post(teacher, `/orders/${id}/acknowledge`)).status, 303);
    const acknowledged = await shown();
    assert.match(acknowledged.page, /Ознакомлены 1 из 2/);
    assert.match(acknowledged.pdf, /ознакомлен\(а\) в портале/);
    assert.match(acknowledged.page, /Девичья Анастасия Игоревна<\/td>\s*<td[^>]*>воспитатель<\/td>\s*<td[^>]*>ознакомлен\(а\) \d/);

    const row = await prisma.order.findUniqueOrThrow({ where: { id } });
    assert.match(row.frozenSha256 ?? '', /^[0-9a-f]{64}$/);
    assert.equal(row.frozenSha256, canonicalSha256(row.frozen), 'frozenSha256 is SHA-256 of the canonical serialisation of the stored content');
    const frozen = readFrozen(row.frozen);
    assert.deepEqual(frozen.sheet.map((p) => [p.fullName, p.position, p.hasAccount]), [
      ['Девичья Анастасия Игоревна', 'воспитатель', true],
      [`Прежняя Ольга Николаевна`, 'воспитатель', false],
    ]);
    assert.deepEqual(frozen.pairs.map((p) => [p.pairId, p.mentors[0]!.fullName, p.mentees[0]!.position, p.form]), [[pair.id, 'Прежняя Ольга Николаевна', 'воспитатель', 'традиционная («один на один»)']]);
    assert.deepEqual(frozen.organization, [own.organization.fullName]);
    assert.deepEqual(frozen.signer, { position: 'Заведующий', name: 'Н.Г. Свиридова' });
    assert.equal(frozen.dateNumber.number, '1-од');
    assert.equal(frozen.note, '');
  });

  test('orders approved before freezing existed are frozen once at start-up, from that day’s rows, with a note', async () => {
    const own = await newOrg();
    const { mentee, pair } = await readyPair(own.organization.id, { mentee: { lastName: 'Давняя', firstName: 'Вера', middleName: 'Ивановна' } });
    const { id } = await draftFromForm(own.methodistAgent, `kind=ASSIGN_PAIRS&pair=${pair.id}`);
    assert.equal((await post(own.methodistAgent, `/orders/${id}/submit`)).status, 303);
    assert.equal((await post(own.headAgent, `/orders/${id}/approve`)).status, 303);
    // As it was before: approved, nothing frozen; meanwhile the mentee was renamed.
    await prisma.order.update({ where: { id }, data: { frozen: Prisma.DbNull, frozenSha256: null } });
    await prisma.staffMember.update({ where: { id: mentee.staff.id }, data: { lastName: 'Сегодняшняя' } });

    const first = await freezeApprovedOrders(sharedDatabase());
    assert.ok(first.some((f) => f.orderId === id && f.numberText === '1-од'), JSON.stringify(first));
    const row = await prisma.order.findUniqueOrThrow({ where: { id } });
    assert.equal(row.frozenSha256, canonicalSha256(row.frozen));
    const frozen = readFrozen(row.frozen);
    assert.match(frozen.note, /^Текст зафиксирован \d\d\.\d\d\.\d{4} при обновлении портала, а не при утверждении/);
    assert.ok(frozen.sheet.some((p) => p.fullName === 'Сегодняшняя Вера Ивановна'), 'today’s names, from the acknowledgment rows');
    assert.equal(frozen.sheet.length, await prisma.orderAcknowledgment.count({ where: { orderId: id } }));
    assert.equal(frozen.dateNumber.number, '1-од');
    const page = await own.methodistAgent.get(`/orders/${id}`);
    assert.match(page.text, /Текст зафиксирован \d\d\.\d\d\.\d{4} при обновлении портала/);

    const second = await freezeApprovedOrders(sharedDatabase());
    assert.ok(!second.some((f) => f.orderId === id), 'frozen once');
    assert.equal((await prisma.order.findUniqueOrThrow({ where: { id } })).frozenSha256, row.frozenSha256);
    assert.equal(await prisma.auditLog.count({ where: { action: 'order.freeze', entityId: String(id) } }), 1);
  });
});

describe('numbering under concurrency', () => {
  test('ten orders approved in parallel get exactly 1..10; the same order approved twice in parallel succeeds once', async () => {
    const own = await newOrg();
    const orders = await Promise.all(Array.from({ length: 10 }, (_, i) => submitted(own, 'REGULATION', `Приказ ${i + 1}`)));
    const results = await Promise.all(orders.map((o) => approveOrder(headScope(own), o.id)));
    assert.deepEqual(results.map((r) => r.number).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const rows = await prisma.order.findMany({ where: { organizationId: own.organization.id }, select: { number: true, numberText: true, status: true } });
    assert.deepEqual(rows.map((r) => r.number).sort((a, b) => a! - b!), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(new Set(rows.map((r) => r.numberText)).size, 10);
    assert.ok(rows.every((r) => r.status === 'APPROVED' && /^\d+-од$/.test(r.numberText!)));

    const one = await submitted(own);
    const twice = await Promise.allSettled([approveOrder(headScope(own), one.id), approveOrder(headScope(own), one.id)]);
    assert.equal(twice.filter((r) => r.status === 'fulfilled').length, 1);
    const refused = twice.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.match(String(refused.reason.message), /Приказ уже утверждён: № 11-од/);
    assert.equal((await prisma.orderNumberCounter.findFirstOrThrow({ where: { organizationId: own.organization.id } })).lastNumber, 11);
    assert.equal(await prisma.auditLog.count({ where: { action: 'order.approve', entityId: String(one.id) } }), 1);
  });

  test('approval times follow the numbers, also when an approval had to wait', async () => {
    const own = await newOrg();
    const [slow, quick] = [await submitted(own, 'REGULATION', 'Приказ, который ждёт'), await submitted(own, 'REGULATION', 'Приказ без ожидания')];
    // Someone holds the slow order's row (as a second approver would): its approval starts first but waits.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let slowApproval!: ReturnType<typeof approveOrder>;
    await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Order" WHERE id = ${slow.id} FOR UPDATE`;
      slowApproval = approveOrder(headScope(own), slow.id);
      slowApproval.catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 50));
      await approveOrder(headScope(own), quick.id);
      setTimeout(release, 50);
      await held;
    });
    await slowApproval;
    const rows = await prisma.order.findMany({ where: { organizationId: own.organization.id }, orderBy: { number: 'asc' }, select: { id: true, number: true, approvedAt: true } });
    assert.deepEqual(rows.map((r) => r.id), [quick.id, slow.id], 'the one that did not wait is № 1');
    assert.ok(rows[0]!.approvedAt! < rows[1]!.approvedAt!, `№ 1 at ${rows[0]!.approvedAt!.toISOString()}, № 2 at ${rows[1]!.approvedAt!.toISOString()}`);

    // And many at once: sorted by number, the times never go back.
    const many = await Promise.all(Array.from({ length: 8 }, (_, i) => submitted(own, 'REGULATION', `Приказ ${i}`)));
    await Promise.all(many.map((o) => approveOrder(headScope(own), o.id)));
    const all = await prisma.order.findMany({ where: { organizationId: own.organization.id }, orderBy: { number: 'asc' }, select: { approvedAt: true } });
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.approvedAt! <= all[i]!.approvedAt!, `№ ${i} is not later than № ${i + 1}`);
  });
});
