import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import supertest from 'supertest';
import { todayIn } from '../../src/domain/dates.ts';
import { loginAs, testApp, type Agent, postForm as post } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import {
  addBankMentee,
  addBankMentor,
  createOrganizationWithStaff,
  createPairRow,
  createTeacher,
  createUser,
  recordConsent,
  THIS_SCHOOL_YEAR,
} from '../helpers/factories.ts';
import { docxFileText, pdfContent } from '../helpers/documents.ts';
import { scopeFor } from '../helpers/scope.ts';
import { listTopics } from '../../src/modules/topics/topics.service.ts';

const { prisma } = sharedDatabase();
const app = testApp();

type Org = Awaited<ReturnType<typeof createOrganizationWithStaff>> & { methodistAgent: Agent; headAgent: Agent; topicIds: number[] };

/** An organization of its own (pay, waiting counts and lists stay apart from other tests). */
async function newOrg(): Promise<Org> {
  const org = await createOrganizationWithStaff(prisma);
  await prisma.organization.update({
    where: { id: org.organization.id },
    data: { mentorExtraPay: '5000', extraPayConditions: 'Доплата выплачивается ежемесячно вместе с заработной платой.', headPosition: 'Заведующий' },
  });
  const [methodistAgent, headAgent] = await Promise.all([loginAs(app, org.methodist), loginAs(app, org.head)]);
  const topicIds = (await listTopics(scopeFor(org.organization))).map((t) => t.id);
  return { ...org, methodistAgent, headAgent, topicIds };
}

let org: Org;
before(async () => {
  org = await newOrg();
});
after(async () => {
  await app.close();
  await sharedDatabase().close();
});

function pairBody(mentorIds: number[], menteeIds: number[], extra: Record<string, unknown> = {}) {
  return { form: 'TRADITIONAL', mentorStaffIds: mentorIds.map(String), menteeStaffIds: menteeIds.map(String), startsOn: '2026-09-01', plannedEndOn: '2027-05-31', ...extra };
}

function binary(res: supertest.Request) {
  return res.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}


describe('access', () => {
  test('anonymous visitors go to the login page', async () => {
    for (const path of ['/pairs', '/pairs/new', '/pairs/waiting', '/pairs/1', '/pairs/payroll.xlsx?month=2026-10']) {
      const res = await supertest(app).get(path);
      assert.equal(res.status, 303, path);
      assert.equal(res.headers.location, '/login');
    }
  });

  test('the administrator has no mentoring pages; the head reads but never changes', async () => {
    const admin = await loginAs(app, org.admin);
    assert.equal((await admin.get('/pairs')).status, 403);
    const mentor = await addBankMentor(prisma, org.organization.id, { topicIds: [org.topicIds[0]!] });
    const mentee = await addBankMentee(prisma, org.organization.id, { topicIds: [org.topicIds[0]!] });
    const pair = await createPairRow(prisma, org.organization.id, { mentors: [{ staffMemberId: mentor.staff.id, mentorEntryId: mentor.entry.id }], mentees: [{ staffMemberId: mentee.staff.id, menteeEntryId: mentee.entry.id }] });
    const head = org.headAgent;
    assert.equal((await head.get('/pairs')).status, 200);
    assert.equal((await head.get(`/pairs/${pair.id}`)).status, 200);
    assert.equal((await head.get('/pairs/waiting')).status, 200);
    assert.equal((await head.get('/pairs/new')).status, 403);
    assert.equal((await head.get(`/pairs/${pair.id}/edit`)).status, 403);
    for (const path of ['/pairs', `/pairs/${pair.id}`, `/pairs/${pair.id}/propose`, `/pairs/${pair.id}/end`, `/pairs/waiting/${mentee.entry.id}/support`]) {
      const res = await post(head, path, { ...pairBody([mentor.staff.id], [mentee.staff.id]), outcome: 'ENDED_EARLY', endedOn: '2026-09-01', reason: 'x', providedBy: 'x', providedOn: '2026-09-01', notes: 'x' });
      assert.equal(res.status, 403, `head → POST ${path}`);
    }
    assert.equal((await prisma.pair.findUniqueOrThrow({ where: { id: pair.id } })).status, 'DRAFT');
    assert.equal(await prisma.menteeSupport.count({ where: { menteeEntryId: mentee.entry.id } }), 0);
  });

  test("another organization's pair is not found", async () => {
    const other = await createOrganizationWithStaff(prisma);
    const mentor = await addBankMentor(prisma, other.organization.id);
    const mentee = await addBankMentee(prisma, other.organization.id);
    const pair = await createPairRow(prisma, other.organization.id, { mentors: [{ staffMemberId: mentor.staff.id }], mentees: [{ staffMemberId: mentee.staff.id }] });
    const m = org.methodistAgent;
    for (const path of [`/pairs/${pair.id}`, `/pairs/${pair.id}/edit`, `/pairs/${pair.id}/agreement/${mentor.staff.id}.pdf`, `/pairs/waiting/${mentee.entry.id}`]) {
      assert.equal((await m.get(path)).status, 404, path);
    }
    assert.equal((await post(m, `/pairs/${pair.id}/propose`)).status, 404);
    assert.equal((await post(m, `/pairs/${pair.id}`, pairBody([mentor.staff.id], [mentee.staff.id]))).status, 404);
    assert.equal((await post(m, `/pairs/waiting/${mentee.entry.id}/support`, { providedBy: 'методист', providedOn: '2026-09-01', notes: 'беседа' })).status, 404);
    const list = await m.get(`/pairs?q=${encodeURIComponent(mentor.staff.lastName)}`);
    assert.equal(list.status, 200);
    assert.match(list.text, /Найдено: 0/);
    assert.doesNotMatch(list.text, new RegExp(`href="/pairs/${pair.id}"`));
  });
});

describe('creating a pair or group', () => {
  test('the form is prefilled from the matching page: people ticked, form chosen, request and school year filled in', async () => {
    const mentor = await addBankMentor(prisma, org.organization.id, { mentoringConsent: true, topicIds: [org.topicIds[0]!] });
    const mentee = await addBankMentee(prisma, org.organization.id, { topicIds: [org.topicIds[2]!], requestText: 'Нужна помощь с портфолио' });
    const res = await org.methodistAgent.get(`/pairs/new?mentor=${mentor.staff.id}&mentee=${mentee.staff.id}&form=PEER`);
    assert.equal(res.status, 200);
    assert.match(res.text, new RegExp(`name="mentorStaffIds" value="${mentor.staff.id}" checked`));
    assert.match(res.text, new RegExp(`name="menteeStaffIds" value="${mentee.staff.id}" checked`));
    assert.match(res.text, /<option value="PEER" selected>/);
    assert.match(res.text, /Нужна помощь с портфолио/);
    assert.match(res.text, /name="plannedEndOn" value="\d{4}-05-31"/);
    assert.match(res.text, /5\s000,00/); // the organization's extra pay as the hint
  });

  test('a valid pair → 303, a DRAFT with its members linked to their bank entries', async () => {
    const mentor = await addBankMentor(prisma, org.organization.id, { mentoringConsent: true, topicIds: [org.topicIds[0]!] });
    const a = await addBankMentee(prisma, org.organization.id, { topicIds: [org.topicIds[0]!], requestText: 'Планирование' });
    const b = await addBankMentee(prisma, org.organization.id, { topicIds: [org.topicIds[1]!], status: 'IN_BANK', requestText: 'РППС' });
    const res = await post(org.methodistAgent, '/pairs', pairBody([mentor.staff.id], [a.staff.id, b.staff.id], { form: 'GROUP', extraPay: '4 500' }));
    assert.equal(res.status, 303, res.text);
    const pair = await prisma.pair.findFirstOrThrow({ where: { organizationId: org.organization.id, members: { some: { staffMemberId: a.staff.id } } }, include: { members: true } });
    assert.equal(res.headers.location, `/pairs/${pair.id}`);
    assert.equal(pair.status, 'DRAFT');
    assert.equal(pair.form, 'GROUP');
    assert.equal(pair.extraPay?.toString(), '4500');
    assert.equal(pair.startsOn.toISOString().slice(0, 10), '2026-09-01');
    assert.match(pair.requestSummary, /Планирование/);
    assert.match(pair.requestSummary, /РППС/);
    const mentorRow = pair.members.find((m) => m.role === 'MENTOR')!;
    assert.equal(mentorRow.staffMemberId, mentor.staff.id);
    assert.equal(mentorRow.mentorEntryId, mentor.entry.id);
    assert.deepEqual(pair.members.filter((m) => m.role === 'MENTEE').map((m) => m.menteeEntryId).sort(), [a.entry.id, b.entry.id].sort());
    assert.equal(await prisma.auditLog.count({ where: { action: 'pair.create', entityId: String(pair.id) } }), 1);
    const card = await org.methodistAgent.get(`/pairs/${pair.id}`);
    assert.equal(card.status, 200);
    assert.match(card.text, /черновик/);
    assert.match(card.text, /4\s500,00 руб\. в месяц/);
  });

  test('invalid fields → 422 with messages beside them, values kept', async () => {
    const mentee = await addBankMentee(prisma, org.organization.id);
    const res = await post(org.methodistAgent, '/pairs', { form: 'KING', mentorStaffIds: '', menteeStaffIds: String(mentee.staff.id), startsOn: '2026-09-01', plannedEndOn: '2026-08-01', requestSummary: 'мой запрос', extraPay: 'много' });
    assert.equal(res.status, 422);
    assert.match(res.text, /id="field-mentorStaffIds-error".*Выберите наставника/s);
    assert.match(res.text, /id="field-form-error".*Выберите форму наставничества/s);
    assert.match(res.text, /id="field-plannedEndOn-error".*позже даты начала/s);
    assert.match(res.text, /id="field-extraPay-error".*Введите сумму/s);
    assert.match(res.text, /class="error-summary"/);
    assert.match(res.text, /мой запрос/);
  });

  test('over the mentor\'s limit → 422', async () => {
    const mentor = await addBankMentor(prisma, org.organization.id, { mentoringConsent: true, maxMentees: 1 });
    const first = await addBankMentee(prisma, org.organization.id);
    await createPairRow(prisma, org.organization.id, { status: 'PROPOSED', mentors: [{ staffMemberId: mentor.staff.id }], mentees: [{ staffMemberId: first.staff.id }] });
    const second = await addBankMentee(prisma, org.organization.id);
    const res = await post(org.methodistAgent, '/pairs', pairBody([mentor.staff.id], [second.staff.id]));
    assert.equal(res.status, 422);
    assert.match(res.text, /id="field-mentorStaffIds-error".*превышен предел наставляемых — было бы 2 при пределе 1/s);
    assert.equal(await prisma.pairMember.count({ where: { staffMemberId: second.staff.id } }), 0);
  });

  test('without a personal-data consent → 422', async () => {
    const mentor = await addBankMentor(prisma, org.organization.id, { mentoringConsent: true });
    const mentee = await addBankMentee(prisma, org.organization.id, { consent: false });
    const res = await post(org.methodistAgent, '/pairs', pairBody([mentor.staff.id], [mentee.staff.id]));
    assert.equal(res.status, 422);
    assert.match(res.text, /id="field-menteeStaffIds-error".*Нет согласия на обработку персональных данных/s);
  });

  test('nobody mentors themself → 422', async () => {
    const mentor = await addBankMentor(prisma, org.organization.id, { mentoringConsent: true });
    await prisma.menteeEntry.create({ data: { organizationId: org.organization.id, schoolYear: THIS_SCHOOL_YEAR, staffMemberId: mentor.staff.id, category: 'CERTIFICATION' } });
    const res = await post(org.methodistAgent, '/pairs', pairBody([mentor.staff.id], [mentor.staff.id]));
    assert.equal(res.status, 422);
    assert.match(res.text, /не может быть наставником самому себе/);
  });

  test('the line manager as mentor: refused in other forms, allowed as «руководитель — педагог»', async () => {
    const manager = await addBankMentor(prisma, org.organization.id, { mentoringConsent: true, staff: { position: 'старший воспитатель' } });
    const mentee = await addBankMentee(prisma, org.organization.id);
    await prisma.staffMember.update({ where: { id: mentee.staff.id }, data: { lineManagerId: manager.staff.id } });
    const refused = await post(org.methodistAgent, '/pairs', pairBody([manager.staff.id], [mentee.staff.id]));
    assert.equal(refused.status, 422);
    assert.match(refused.text, /id="field-form-error".*непосредственный руководитель.*только в форме «руководитель — педагог»/s);
    const allowed = await post(org.methodistAgent, '/pairs', pairBody([manager.staff.id], [mentee.staff.id], { form: 'HEAD_TEACHER' }));
    assert.equal(allowed.status, 303);
    assert.equal((await prisma.pair.findFirstOrThrow({ where: { members: { some: { staffMemberId: mentee.staff.id } } } })).form, 'HEAD_TEACHER');
  });

  test('a mentee already in a draft pair cannot be put in a second one', async () => {
    const mentor = await addBankMentor(prisma, org.organization.id, { mentoringConsent: true });
    const mentee = await addBankMentee(prisma, org.organization.id);
    const existing = await createPairRow(prisma, org.organization.id, { mentors: [{ staffMemberId: mentor.staff.id }], mentees: [{ staffMemberId: mentee.staff.id }] });
    const other = await addBankMentor(prisma, org.organization.id, { mentoringConsent: true });
    const res = await post(org.methodistAgent, '/pairs', pairBody([other.staff.id], [mentee.staff.id]));
    assert.equal(res.status, 422);
    assert.match(res.text, new RegExp(`уже в паре \\(группе\\) № ${existing.id}`));
  });
});

describe('editing, proposing, ending', () => {
  async function draft(options: { extra?: Partial<Parameters<typeof createPairRow>[2]>; mentoringConsent?: boolean } = {}) {
    const mentor = await addBankMentor(prisma, org.organization.id, { mentoringConsent: options.mentoringConsent ?? true, topicIds: [org.topicIds[0]!] });
    const mentee = await addBankMentee(prisma, org.organization.id, { topicIds: [org.topicIds[0]!] });
    const pair = await createPairRow(prisma, org.organization.id, {
      mentors: [{ staffMemberId: mentor.staff.id, mentorEntryId: mentor.entry.id }],
      mentees: [{ staffMemberId: mentee.staff.id, menteeEntryId: mentee.entry.id }],
      ...options.extra,
    });
    return { mentor, mentee, pair };
  }

  test('a draft is edited: 303 and the changes saved, audited', async () => {
    const { mentor, mentee, pair } = await draft();
    const form = await org.methodistAgent.get(`/pairs/${pair.id}/edit`);
    assert.equal(form.status, 200);
    assert.match(form.text, new RegExp(`name="menteeStaffIds" value="${mentee.staff.id}" checked`));
    const res = await post(org.methodistAgent, `/pairs/${pair.id}`, pairBody([mentor.staff.id], [mentee.staff.id], { plannedEndOn: '2027-04-30', requestSummary: 'Новый запрос' }));
    assert.equal(res.status, 303);
    const saved = await prisma.pair.findUniqueOrThrow({ where: { id: pair.id } });
    assert.equal(saved.plannedEndOn.toISOString().slice(0, 10), '2027-04-30');
    assert.equal(saved.requestSummary, 'Новый запрос');
    const auditRow = await prisma.auditLog.findFirstOrThrow({ where: { action: 'pair.update', entityId: String(pair.id) } });
    assert.deepEqual((auditRow.details as { changed: string[] }).changed.sort(), ['plannedEndOn', 'requestSummary']);
  });

  test('an invalid edit → 422 on the edit form', async () => {
    const { mentor, mentee, pair } = await draft();
    const res = await post(org.methodistAgent, `/pairs/${pair.id}`, pairBody([mentor.staff.id], [mentee.staff.id], { startsOn: '31.02.2026' }));
    assert.equal(res.status, 422);
    assert.match(res.text, /id="field-startsOn-error".*ДД\.ММ\.ГГГГ/s);
    assert.match(res.text, /Изменить пару/);
  });

  test('an active pair is not edited here', async () => {
    const { mentor, mentee, pair } = await draft({ extra: { status: 'ACTIVE', activatedAt: new Date() } });
    const page = await org.methodistAgent.get(`/pairs/${pair.id}/edit`);
    assert.equal(page.status, 303);
    const res = await post(org.methodistAgent, `/pairs/${pair.id}`, pairBody([mentor.staff.id], [mentee.staff.id], { requestSummary: 'не должно сохраниться' }));
    assert.equal(res.status, 303);
    assert.notEqual((await prisma.pair.findUniqueOrThrow({ where: { id: pair.id } })).requestSummary, 'не должно сохраниться');
    const card = await org.methodistAgent.get(`/pairs/${pair.id}`);
    assert.match(card.text, /изменить нельзя: изменения вносят приказом/);
  });

  test('propose: a draft that keeps the rules becomes PROPOSED; otherwise it stays a draft with the reason', async () => {
    const { pair } = await draft();
    const res = await post(org.methodistAgent, `/pairs/${pair.id}/propose`);
    assert.equal(res.status, 303);
    assert.equal((await prisma.pair.findUniqueOrThrow({ where: { id: pair.id } })).status, 'PROPOSED');
    assert.equal(await prisma.auditLog.count({ where: { action: 'pair.status', entityId: String(pair.id) } }), 1);

    const broken = await draft();
    await prisma.consent.updateMany({ where: { staffMemberId: broken.mentee.staff.id }, data: { revokedAt: new Date() } });
    const refused = await post(org.methodistAgent, `/pairs/${broken.pair.id}/propose`);
    assert.equal(refused.status, 303);
    assert.equal((await prisma.pair.findUniqueOrThrow({ where: { id: broken.pair.id } })).status, 'DRAFT');
    const card = await org.methodistAgent.get(`/pairs/${broken.pair.id}`);
    assert.match(card.text, /Пару нельзя предложить: Нет согласия на обработку персональных данных/);
  });

  test('the card: consent to mentoring missing → link to record it and the readiness checklist says so; present → ready', async () => {
    const { mentor, pair } = await draft({ extra: { status: 'PROPOSED' }, mentoringConsent: false });
    const before = await org.methodistAgent.get(`/pairs/${pair.id}`);
    assert.equal(before.status, 200);
    assert.match(before.text, /Готовность к приказу/);
    assert.match(before.text, new RegExp(`/consents/new\\?staff=${mentor.staff.id}&amp;kind=MENTORING`));
    assert.match(before.text, /checklist__item--no"><span class="visually-hidden">Не выполнено:<\/span> Нет документа «письменное согласие на наставническую деятельность/);
    await recordConsent(prisma, org.organization.id, mentor.staff.id, 'MENTORING');
    const afterConsent = await org.methodistAgent.get(`/pairs/${pair.id}`);
    assert.doesNotMatch(afterConsent.text, /checklist__item--no/);
    assert.match(afterConsent.text, /Письменное согласие каждого наставника на наставническую деятельность есть/);
    assert.ok((await prisma.auditLog.count({ where: { action: 'pair.read', entityId: String(pair.id) } })) >= 2);
  });

  test('cancel a draft: the reason is required (422), then CANCELLED («отменена»); bank entries stay as they were', async () => {
    const { mentee, pair } = await draft();
    const card = await org.methodistAgent.get(`/pairs/${pair.id}`);
    assert.match(card.text, /name="outcome" value="CANCELLED"/);
    const missing = await post(org.methodistAgent, `/pairs/${pair.id}/end`, { outcome: 'CANCELLED', endedOn: '2026-01-10', reason: '' });
    assert.equal(missing.status, 422);
    assert.match(missing.text, /id="field-reason-error".*Укажите причину отмены/s);
    const res = await post(org.methodistAgent, `/pairs/${pair.id}/end`, { outcome: 'CANCELLED', endedOn: '2026-01-10', reason: 'Наставляемая уволилась' });
    assert.equal(res.status, 303);
    const ended = await prisma.pair.findUniqueOrThrow({ where: { id: pair.id } });
    assert.equal(ended.status, 'CANCELLED');
    assert.match((await org.methodistAgent.get(`/pairs/${pair.id}`)).text, /status--cancelled">отменена</);
    assert.equal(ended.endReason, 'Наставляемая уволилась');
    assert.equal((await prisma.menteeEntry.findUniqueOrThrow({ where: { id: mentee.entry.id } })).status, 'NEW');
  });

  test('an active pair: an early end needs a termination order (422 with the link); completion before the planned end is refused', async () => {
    const { pair } = await draft({ extra: { status: 'ACTIVE', activatedAt: new Date('2026-09-01T08:00:00Z') } });
    const card = await org.methodistAgent.get(`/pairs/${pair.id}`);
    assert.match(card.text, new RegExp(`/orders/new\\?kind=TERMINATE&amp;pair=${pair.id}`));
    const early = await post(org.methodistAgent, `/pairs/${pair.id}/end`, { outcome: 'ENDED_EARLY', endedOn: '2026-01-10', reason: 'по желанию' });
    assert.equal(early.status, 422);
    assert.match(early.text, /только приказом о досрочном прекращении/);
    assert.match(early.text, new RegExp(`/orders/new\\?kind=TERMINATE&amp;pair=${pair.id}`));
    const tooSoon = await post(org.methodistAgent, `/pairs/${pair.id}/end`, { outcome: 'COMPLETED', endedOn: '2026-01-10' });
    assert.equal(tooSoon.status, 422);
    assert.match(tooSoon.text, /id="field-endedOn-error".*Плановая дата окончания — 31\.05\.2027/s);
    assert.equal((await prisma.pair.findUniqueOrThrow({ where: { id: pair.id } })).status, 'ACTIVE');
  });

  test('completion of an active pair at its planned end: COMPLETED, the mentee completes, the mentor is free again', async () => {
    const mentor = await addBankMentor(prisma, org.organization.id, { mentoringConsent: true, status: 'ACTIVE' });
    const mentee = await addBankMentee(prisma, org.organization.id, { status: 'PAIRED' });
    const pair = await createPairRow(prisma, org.organization.id, {
      status: 'ACTIVE',
      activatedAt: new Date('2025-09-01T08:00:00Z'),
      startsOn: '2025-09-01',
      plannedEndOn: '2026-05-31',
      mentors: [{ staffMemberId: mentor.staff.id, mentorEntryId: mentor.entry.id }],
      mentees: [{ staffMemberId: mentee.staff.id, menteeEntryId: mentee.entry.id }],
    });
    const future = await post(org.methodistAgent, `/pairs/${pair.id}/end`, { outcome: 'COMPLETED', endedOn: '2099-01-01' });
    assert.equal(future.status, 422);
    assert.match(future.text, /не может быть позже сегодняшней/);
    const res = await post(org.methodistAgent, `/pairs/${pair.id}/end`, { outcome: 'COMPLETED', endedOn: '2026-05-31' });
    assert.equal(res.status, 303);
    const ended = await prisma.pair.findUniqueOrThrow({ where: { id: pair.id } });
    assert.equal(ended.status, 'COMPLETED');
    assert.equal(ended.endedOn?.toISOString().slice(0, 10), '2026-05-31');
    assert.equal((await prisma.menteeEntry.findUniqueOrThrow({ where: { id: mentee.entry.id } })).status, 'COMPLETED');
    assert.equal((await prisma.mentorEntry.findUniqueOrThrow({ where: { id: mentor.entry.id } })).status, 'APPROVED');
    const again = await post(org.methodistAgent, `/pairs/${pair.id}/end`, { outcome: 'COMPLETED', endedOn: '2026-05-31' });
    assert.equal(again.status, 303);
    assert.match((await org.methodistAgent.get(`/pairs/${pair.id}`)).text, /Работа пары уже закончена/);
  });
});

describe('lists', () => {
  test('filters by status and form; search by a member\'s name; the consent column', async () => {
    const mentor = await addBankMentor(prisma, org.organization.id, { staff: { lastName: 'Поискова' } });
    const mentee = await addBankMentee(prisma, org.organization.id);
    await recordConsent(prisma, org.organization.id, mentor.staff.id, 'MENTORING');
    const pair = await createPairRow(prisma, org.organization.id, { status: 'PROPOSED', form: 'GROUP', mentors: [{ staffMemberId: mentor.staff.id }], mentees: [{ staffMemberId: mentee.staff.id }] });
    const found = await org.methodistAgent.get('/pairs?q=Поискова&status=PROPOSED&form=GROUP');
    assert.equal(found.status, 200);
    assert.match(found.text, new RegExp(`href="/pairs/${pair.id}"`));
    assert.match(found.text, /data-label="Согласие на наставничество">\s*<span class="consent-state--yes">есть/);
    assert.doesNotMatch((await org.methodistAgent.get('/pairs?q=Поискова&status=DRAFT')).text, new RegExp(`href="/pairs/${pair.id}"`));
    assert.doesNotMatch((await org.methodistAgent.get('/pairs?q=Поискова&form=TRADITIONAL')).text, new RegExp(`href="/pairs/${pair.id}"`));
  });

  test('the name search: each word within one member\'s name, in any case; % and _ are the characters typed', async () => {
    // Two pairs whose mentors' names differ only where the search text has % or _: as patterns (Prisma's
    // `contains` sent them so) they would find both; typed characters (core/search.ts) find one.
    const pairOf = async (lastName: string, firstName: string) => {
      const mentor = await addBankMentor(prisma, org.organization.id, { staff: { lastName, firstName } });
      const mentee = await addBankMentee(prisma, org.organization.id);
      return createPairRow(prisma, org.organization.id, { status: 'DRAFT', mentors: [{ staffMemberId: mentor.staff.id }], mentees: [{ staffMemberId: mentee.staff.id }] });
    };
    const percent = await pairOf('Проц%нтова', 'Ирина');
    const plain = await pairOf('Процентова', 'Ирина');
    const underscore = await pairOf('Подч_ркова', 'Анна');
    const letter = await pairOf('Подчёркова', 'Анна');
    const shown = async (q: string) => {
      const text = (await org.methodistAgent.get(`/pairs?q=${encodeURIComponent(q)}`)).text;
      return [percent, plain, underscore, letter].filter((p) => new RegExp(`href="/pairs/${p.id}"`).test(text)).map((p) => p.id);
    };
    assert.deepEqual(await shown('оц%нт'), [percent.id]);
    assert.deepEqual(await shown('Ч_Р'), [underscore.id]);
    assert.deepEqual(await shown('ПРОЦЕНТОВА'), [plain.id]);
    assert.deepEqual(await shown('подч ирина'), []);
    assert.deepEqual(await shown('подч анна'), [underscore.id, letter.id]);
  });

  test('a page past the end (an old link) shows the last page, with the same total', async () => {
    const totalOf = (text: string) => Number(/data-total="(\d+)"/.exec(text)?.[1]);
    const first = await org.methodistAgent.get('/pairs');
    const past = await org.methodistAgent.get('/pairs?page=9999');
    assert.equal(past.status, 200);
    assert.ok(totalOf(first.text) > 0);
    assert.equal(totalOf(past.text), totalOf(first.text));
    const lastPage = Math.ceil(totalOf(first.text) / 25);
    const last = await org.methodistAgent.get(`/pairs?page=${lastPage}`);
    const ids = (text: string) => [...text.matchAll(/class="pair-no"><a href="\/pairs\/(\d+)"/g)].map((m) => m[1]);
    assert.ok(ids(past.text).length > 0);
    assert.deepEqual(ids(past.text), ids(last.text));
  });

  test('a teacher sees only the pairs they are in, and their card; another pair → 404; no changes', async () => {
    const teacher = await createTeacher(prisma, org.organization.id, { lastName: 'Учительская' });
    await recordConsent(prisma, org.organization.id, teacher.staff.id);
    const mentor = await addBankMentor(prisma, org.organization.id, { staff: { lastName: 'Наставникова' } });
    const mine = await createPairRow(prisma, org.organization.id, { status: 'ACTIVE', activatedAt: new Date(), mentors: [{ staffMemberId: mentor.staff.id }], mentees: [{ staffMemberId: teacher.staff.id }] });
    const stranger = await addBankMentee(prisma, org.organization.id, { staff: { lastName: 'Чужаева' } });
    const theirs = await createPairRow(prisma, org.organization.id, { mentors: [{ staffMemberId: mentor.staff.id }], mentees: [{ staffMemberId: stranger.staff.id }] });
    const agent = await loginAs(app, teacher.user);
    const list = await agent.get('/pairs');
    assert.equal(list.status, 200);
    assert.match(list.text, /Мои пары и группы/);
    assert.match(list.text, new RegExp(`href="/pairs/${mine.id}"`));
    assert.doesNotMatch(list.text, new RegExp(`href="/pairs/${theirs.id}"`));
    assert.doesNotMatch(list.text, /Чужаева/);
    assert.doesNotMatch(list.text, /payroll/);
    const card = await agent.get(`/pairs/${mine.id}`);
    assert.equal(card.status, 200);
    assert.match(card.text, /Наставникова/);
    assert.doesNotMatch(card.text, /agreement/);
    assert.equal((await agent.get(`/pairs/${theirs.id}`)).status, 404);
    assert.equal((await agent.get(`/pairs/${mine.id}/agreement/${mentor.staff.id}.pdf`)).status, 403);
    assert.equal((await agent.get('/pairs/waiting')).status, 403);
    assert.equal((await agent.get('/pairs/payroll.xlsx?month=2026-10')).status, 403);
    assert.equal((await post(agent, `/pairs/${mine.id}/end`, { outcome: 'COMPLETED', endedOn: '2026-01-01' })).status, 403);

    // A teacher without a staff record sees nothing.
    const bare = await loginAs(app, await createUser(prisma, org.organization.id));
    assert.doesNotMatch((await bare.get('/pairs')).text, /href="\/pairs\/\d+"/);
  });
});

describe('the supplementary agreement', () => {
  /** A mentor (without a labour contract on the card unless given) and one mentee, in a proposed pair. */
  async function agreementPair(o: Org, mentorStaff: Record<string, string>, contract?: { number: string; date: string }) {
    const mentor = await addBankMentor(prisma, o.organization.id, { staff: mentorStaff });
    const mentee = await addBankMentee(prisma, o.organization.id, { staff: { lastName: 'Молодцова', firstName: 'Анна', middleName: 'Сергеевна', position: 'учитель-логопед' } });
    const pair = await createPairRow(prisma, o.organization.id, { status: 'PROPOSED', mentors: [{ staffMemberId: mentor.staff.id }], mentees: [{ staffMemberId: mentee.staff.id }] });
    await prisma.pair.update({ where: { id: pair.id }, data: { requestSummary: 'Хочу научиться работать с родителями' } });
    if (contract) await prisma.staffMember.update({ where: { id: mentor.staff.id }, data: { labourContractNumber: contract.number, labourContractDate: new Date(`${contract.date}T00:00:00Z`) } });
    return { mentor, mentee, pair, page: `/pairs/${pair.id}/agreement/${mentor.staff.id}` };
  }

  async function bothTexts(agent: Agent, page: string) {
    const pdf = await binary(agent.get(`${page}.pdf`));
    assert.equal(pdf.status, 200);
    assert.match(String(pdf.headers['content-type']), /application\/pdf/);
    const docx = await binary(agent.get(`${page}.docx`));
    assert.equal(docx.status, 200);
    assert.match(String(docx.headers['content-type']), /wordprocessingml/);
    return { pdf: (await pdfContent(pdf.body as Buffer)).text, docx: docxFileText(docx.body as Buffer) };
  }

  test('the contract is asked on the agreement page (input kept, errors beside the fields); then PDF and DOCX name it, the pay, the duty in office language; audited', async () => {
    const m = org.methodistAgent;
    const { mentor, mentee, pair, page } = await agreementPair(org, { lastName: 'Соглашенцева', firstName: 'Мария', middleName: 'Петровна' });
    const card = await m.get(`/pairs/${pair.id}`);
    assert.match(card.text, new RegExp(`href="${page}"`));

    // Nothing to download while the contract is unknown: the page says what to fill in, the file is refused.
    const before = await m.get(page);
    assert.equal(before.status, 200);
    assert.match(before.text, /Не указаны номер и дата трудового договора наставника/);
    assert.doesNotMatch(before.text, /agreement\/\d+\.pdf/);
    const refused = await m.get(`${page}.pdf`);
    assert.equal(refused.status, 409);
    assert.match(refused.text, /номер и дата трудового договора/);

    const bad = await post(m, page, { number: '17/2019', date: '31.02.2019' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /value="17\/2019"/, 'the number typed stays in the form');
    assert.match(bad.text, /id="field-date-error"[^>]*>.*Укажите дату трудового договора/s);
    const empty = await post(m, page, { number: '', date: '2019-08-26' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /id="field-number-error"[^>]*>.*Укажите номер трудового договора/s);
    assert.match(empty.text, /value="2019-08-26"/);
    const future = await post(m, page, { number: '17/2019', date: '2099-01-01' });
    assert.equal(future.status, 422);
    assert.match(future.text, /Дата трудового договора не может быть в будущем/);
    assert.equal((await post(org.headAgent, page, { number: '1', date: '2019-08-26' })).status, 403);

    const saved = await post(m, page, { number: '17/2019', date: '2019-08-26' });
    assert.equal(saved.status, 303);
    const stored = await prisma.staffMember.findUniqueOrThrow({ where: { id: mentor.staff.id } });
    assert.equal(stored.labourContractNumber, '17/2019');
    const after = await m.get(page);
    assert.doesNotMatch(after.text, /нельзя сформировать/);
    assert.match(after.text, new RegExp(`href="${page}\\.pdf"`));

    const { pdf, docx } = await bothTexts(m, page);
    for (const [format, text] of Object.entries({ pdf, docx })) {
      assert.match(text, /ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ/i, format);
      assert.match(text, /к трудовому договору от 26\.08\.2019 № 17\/2019/, format);
      assert.match(text, /Соглашенцева Мария Петровна, воспитатель, именуемая в дальнейшем «Работник»/, format);
      assert.match(text, /Работник с её письменного согласия/, format);
      assert.match(text, /над педагогическим работником Молодцовой Анной Сергеевной, занимающей должность «учитель-логопед»/, format);
      assert.match(text, /Форма наставничества:/, format);
      assert.match(text, /5 000,00 руб\. \(пять тысяч рублей 00 копеек\)/, format);
      assert.match(text, /Свиридовой Натальи Геннадьевны/, format);
      assert.match(text, /Условия выплаты доплаты: доплата выплачивается ежемесячно/, format);
      assert.match(text, /с 1 сентября 2026 г\. по 31 мая 2027 г\./, format);
      assert.match(text, /статьями 60\.2 и 351\.8 Трудового кодекса Российской Федерации от 30\.12\.2001 № 197-ФЗ/, format);
      assert.match(text, /Второй экземпляр соглашения получила:/, format);
      assert.doesNotMatch(text, /(^|[^а-яё])пар(а|е|ы|у|ой)([^а-яё]|$)|Хочу научиться|профессиональным запросом/i, `${format}: no pair number, no mentee’s own words`);
    }
    assert.equal(await prisma.auditLog.count({ where: { action: 'pair.agreement', entityId: String(pair.id) } }), 2);

    // Only a mentor of this pair has an agreement here; unknown formats are not served.
    assert.equal((await m.get(`/pairs/${pair.id}/agreement/${mentee.staff.id}.pdf`)).status, 404);
    assert.equal((await m.get(`/pairs/${pair.id}/agreement/${mentee.staff.id}`)).status, 404);
    assert.equal((await m.get(`${page}.txt`)).status, 404);
  });

  test('a man’s agreement speaks of him; when the patronymic does not tell, the page asks and the card’s choice is used', async () => {
    const m = org.methodistAgent;
    const man = await agreementPair(org, { lastName: 'Договоров', firstName: 'Иван', middleName: 'Сергеевич' }, { number: '5', date: '2015-09-01' });
    const { pdf, docx } = await bothTexts(m, man.page);
    for (const text of [pdf, docx]) {
      assert.match(text, /Договоров Иван Сергеевич, воспитатель, именуемый в дальнейшем «Работник»/);
      assert.match(text, /Работник с его письменного согласия/);
      assert.match(text, /соглашения получил:/);
      assert.doesNotMatch(text, /получил\(а\)|именуемая|с её/);
    }

    const unknown = await agreementPair(org, { lastName: 'Ким', firstName: 'Алекс', middleName: '' }, { number: '9', date: '2020-01-10' });
    const page = await m.get(unknown.page);
    assert.match(page.text, /нельзя определить род/);
    assert.match(page.text, /name="gender"/);
    assert.equal((await m.get(`${unknown.page}.docx`)).status, 409);
    const noGender = await post(m, unknown.page, { number: '9', date: '2020-01-10', gender: '' });
    assert.equal(noGender.status, 422);
    assert.match(noGender.text, /id="field-gender-error"/);
    assert.equal((await post(m, unknown.page, { number: '9', date: '2020-01-10', gender: 'MALE' })).status, 303);
    const texts = await bothTexts(m, unknown.page);
    for (const text of [texts.pdf, texts.docx]) assert.match(text, /Ким Алекс, воспитатель, именуемый/);
  });

  test('0,00 руб. is refused, and the message says where the amount is set', async () => {
    const own = await newOrg();
    await prisma.organization.update({ where: { id: own.organization.id }, data: { mentorExtraPay: '0' } });
    const { page } = await agreementPair(own, { lastName: 'Бесплатнова', firstName: 'Ольга', middleName: 'Ивановна' }, { number: '3', date: '2018-09-01' });
    for (const format of ['pdf', 'docx']) {
      const res = await own.methodistAgent.get(`${page}.${format}`);
      assert.equal(res.status, 409, format);
      assert.match(res.text, /0,00 руб\./);
      assert.match(res.text, /«Настройки организации» → «Доплата наставнику в месяц» \(\/settings\)/);
    }
    const shown = await own.methodistAgent.get(page);
    assert.match(shown.text, /0,00 руб\./);
    assert.doesNotMatch(shown.text, /agreement\/\d+\.pdf/);
    assert.equal(await prisma.auditLog.count({ where: { action: 'pair.agreement', organizationId: own.organization.id } }), 0);
  });
});

describe('extra pay for the accountant', () => {
  test('XLSX: a row per mentor × pair, active days in the month, pro rata and the total; only pairs an order made active', async () => {
    const own = await newOrg();
    const o = own.organization.id;
    const full = await addBankMentor(prisma, o, { staff: { lastName: 'Авророва', position: 'воспитатель' } });
    const half = await addBankMentor(prisma, o, { staff: { lastName: 'Борисова', position: 'учитель-логопед' } });
    const never = await addBankMentor(prisma, o, { staff: { lastName: 'Викторова' } });
    const [m1, m2, m3, m4] = await Promise.all([1, 2, 3, 4].map(() => addBankMentee(prisma, o)));
    // Active all of March 2031 at the organization's 5000.
    await createPairRow(prisma, o, { status: 'ACTIVE', startsOn: '2030-09-01', plannedEndOn: '2031-05-31', activatedAt: new Date('2030-08-25T07:00:00Z'), mentors: [{ staffMemberId: full.staff.id }], mentees: [{ staffMemberId: m1!.staff.id }] });
    // Activated on 10 March (late evening UTC of the 9th), ended early on 19 March, its own 3100: 10 of 31 days.
    await createPairRow(prisma, o, {
      status: 'ENDED_EARLY',
      startsOn: '2031-03-01',
      plannedEndOn: '2031-05-31',
      activatedAt: new Date('2031-03-09T21:30:00Z'),
      endedOn: '2031-03-19',
      extraPay: '3100',
      mentors: [{ staffMemberId: half.staff.id }],
      mentees: [{ staffMemberId: m2!.staff.id }],
    });
    // Two mentors of one group: a row for each.
    await createPairRow(prisma, o, { status: 'COMPLETED', startsOn: '2030-09-01', plannedEndOn: '2031-03-01', endedOn: '2031-03-05', activatedAt: new Date('2030-09-01T07:00:00Z'), mentors: [{ staffMemberId: full.staff.id }, { staffMemberId: half.staff.id }], mentees: [{ staffMemberId: m3!.staff.id }] });
    // Never active (a cancelled draft and a proposal): no pay.
    await createPairRow(prisma, o, { status: 'ENDED_EARLY', endedOn: '2031-03-10', startsOn: '2031-03-01', mentors: [{ staffMemberId: never.staff.id }], mentees: [{ staffMemberId: m4!.staff.id }] });
    await createPairRow(prisma, o, { status: 'PROPOSED', startsOn: '2031-03-01', mentors: [{ staffMemberId: never.staff.id }], mentees: [{ staffMemberId: m4!.staff.id }] });

    const res = await binary(own.headAgent.get('/pairs/payroll.xlsx?month=2031-03'));
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as never);
    const sheet = workbook.getWorksheet('Доплаты')!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    assert.match(String(rows[0]![0]), /март 2031/);
    const data = rows.slice(rows.findIndex((r) => r[0] === 'ФИО наставника'));
    assert.ok(data.length > 0, 'a header row');
    const body = data.slice(1, -1).map((r) => ({ name: String(r[0]).split(' ')[0], position: r[1], days: r[5], monthly: r[6], due: r[7] }));
    assert.equal(body.length, 4, JSON.stringify(body));
    assert.ok(!body.some((r) => r.name!.startsWith('Викторова')));
    const byName = (prefix: string) => body.filter((r) => r.name!.startsWith(prefix)).sort((a, b) => Number(b.days) - Number(a.days));
    const [auroraFull, auroraGroup] = byName('Авророва');
    assert.deepEqual([auroraFull!.days, auroraFull!.monthly, auroraFull!.due], [31, 5000, 5000]);
    assert.equal(auroraFull!.position, 'воспитатель');
    // The completed group counts to its planned end (1 March), not the later recorded end.
    assert.deepEqual([auroraGroup!.days, auroraGroup!.due], [1, 161.29]);
    const [borisovaHalf, borisovaGroup] = byName('Борисова');
    assert.deepEqual([borisovaHalf!.days, borisovaHalf!.monthly, borisovaHalf!.due], [10, 3100, 1000]);
    assert.deepEqual([borisovaGroup!.days, borisovaGroup!.due], [1, 161.29]);
    const total = data[data.length - 1]!;
    assert.equal(total[0], 'Итого');
    assert.equal(total[7], 5000 + 161.29 + 1000 + 161.29);
    assert.equal(await prisma.auditLog.count({ where: { organizationId: o, action: 'payroll.export' } }), 1);
  });

  test('the month form on /pairs; a wrong month → 422 beside the field', async () => {
    const page = await org.methodistAgent.get('/pairs');
    assert.match(page.text, /action="\/pairs\/payroll\.xlsx"/);
    assert.match(page.text, /type="month" id="field-month" name="month" value="\d{4}-\d{2}"/);
    const res = await org.methodistAgent.get('/pairs/payroll.xlsx?month=2031-13');
    assert.equal(res.status, 422);
    assert.match(res.text, /id="field-month-error".*Выберите месяц/s);
  });
});

describe('mentees left without a pair', () => {
  test('listed with the waiting time; those in a pair are not; a fitting new mentor raises the flag and its count', async () => {
    const own = await newOrg();
    const o = own.organization.id;
    const [t1, t2, t3] = own.topicIds as [number, number, number];
    const threeWeeksAgo = new Date(Date.now() - 21 * 86_400_000 - 3_600_000);
    const waiting = await addBankMentee(prisma, o, { topicIds: [t1, t2], enteredAt: threeWeeksAgo, staff: { lastName: 'Ожидаева' } });
    const quiet = await addBankMentee(prisma, o, { topicIds: [t3], status: 'IN_BANK', enteredAt: threeWeeksAgo, staff: { lastName: 'Тихонова' } });
    const paired = await addBankMentee(prisma, o, { topicIds: [t1], staff: { lastName: 'Парная' } });
    const withdrawn = await addBankMentee(prisma, o, { topicIds: [t1], status: 'WITHDRAWN', staff: { lastName: 'Выбывшая' } });
    const oldMentor = await addBankMentor(prisma, o, { mentoringConsent: true, topicIds: [t3], enteredAt: new Date(Date.now() - 60 * 86_400_000), approvedAt: new Date(Date.now() - 50 * 86_400_000) });
    await createPairRow(prisma, o, { mentors: [{ staffMemberId: oldMentor.staff.id }], mentees: [{ staffMemberId: paired.staff.id }] });
    // New since Ожидаева entered, shares a topic, has places: the flag.
    await addBankMentor(prisma, o, { mentoringConsent: true, topicIds: [t2], staff: { lastName: 'Новенькая' } });
    // New but full: no flag for Тихонова either way (old mentor arrived before her, topic t3 only).
    const full = await addBankMentor(prisma, o, { mentoringConsent: true, topicIds: [t3], maxMentees: 1 });
    const other = await addBankMentee(prisma, o, { topicIds: [t3] });
    await createPairRow(prisma, o, { status: 'PROPOSED', mentors: [{ staffMemberId: full.staff.id }], mentees: [{ staffMemberId: other.staff.id }] });

    const res = await own.methodistAgent.get('/pairs/waiting');
    assert.equal(res.status, 200);
    assert.match(res.text, /Ожидаева/);
    assert.match(res.text, /Тихонова/);
    assert.doesNotMatch(res.text, /Парная/);
    assert.doesNotMatch(res.text, /Выбывшая/);
    assert.match(res.text, /ждёт 3 недели/);
    assert.match(res.text, /Появился подходящий наставник: у 1 наставляемого/);
    assert.match(res.text, new RegExp(`/matching/mentees/${waiting.entry.id}`));
    assert.doesNotMatch(res.text, new RegExp(`/matching/mentees/${quiet.entry.id}`));
    assert.ok(withdrawn);

    // Support recorded after the mentor arrived: the flag is cleared, the record shows.
    const entryPage = await own.methodistAgent.get(`/pairs/waiting/${waiting.entry.id}`);
    assert.equal(entryPage.status, 200);
    assert.match(entryPage.text, /Подобрать наставника/);
    const invalid = await post(own.methodistAgent, `/pairs/waiting/${waiting.entry.id}/support`, { providedBy: '', providedOn: 'вчера', notes: '' });
    assert.equal(invalid.status, 422);
    assert.match(invalid.text, /id="field-providedBy-error".*Кто оказал поддержку/s);
    assert.match(invalid.text, /id="field-providedOn-error".*ДД\.ММ\.ГГГГ/s);
    assert.match(invalid.text, /id="field-notes-error".*Что сделано/s);
    const future = await post(own.methodistAgent, `/pairs/waiting/${waiting.entry.id}/support`, { providedBy: 'педагог-психолог Крылова Н.В.', providedOn: '2099-01-01', notes: 'консультация' });
    assert.equal(future.status, 422);
    assert.match(future.text, /педагог-психолог Крылова Н\.В\./);
    const ok = await post(own.methodistAgent, `/pairs/waiting/${waiting.entry.id}/support`, { providedBy: 'педагог-психолог Крылова Н.В.', providedOn: todayIn('Europe/Moscow'), notes: 'Консультация по адаптации' });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.location, `/pairs/waiting/${waiting.entry.id}`);
    const support = await prisma.menteeSupport.findFirstOrThrow({ where: { menteeEntryId: waiting.entry.id } });
    assert.equal(support.providedBy, 'педагог-психолог Крылова Н.В.');
    assert.equal(support.organizationId, o);
    assert.equal(await prisma.auditLog.count({ where: { organizationId: o, action: 'pair.support', entityId: String(waiting.entry.id) } }), 1);
    const after = await own.methodistAgent.get('/pairs/waiting');
    assert.match(after.text, /педагог-психолог Крылова Н\.В\., \d{2}\.\d{2}\.\d{4}: Консультация по адаптации/);
    assert.match(after.text, /Новых подходящих наставников нет/);
  });
});
