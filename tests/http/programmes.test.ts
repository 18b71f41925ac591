/**
 * Personalised programmes over HTTP: who sees a programme (the pair, the methodist, the head — nobody else),
 * the draft the pair writes together, the methodist's approval or return, the work on the plan (statuses,
 * each member's own mark, comments, evidence checked by content), overdue in the organization's calendar,
 * the history after approval, completion and read-only, the early end of the pair, approval by order,
 * templates, the printed programme, and a programme made by the order that activates its pair.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import supertest from 'supertest';
import { extractText, getDocumentProxy } from 'unpdf';
import { loginAs, testApp, type Agent, postForm as post } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import {
  addBankMentee,
  addBankMentor,
  createOrganizationWithStaff,
  createPairRow,
  createTeacher,
  recordConsent,
  THIS_SCHOOL_YEAR,
} from '../helpers/factories.ts';
import { docxFileText, pdfContent } from '../helpers/documents.ts';
import { scopeFor } from '../helpers/scope.ts';
import { dayNumber, isoOfDayNumber, todayIn } from '../../src/domain/dates.ts';
import type { MenteeCategory, PlanItemStatus } from '../../src/generated/prisma/enums.ts';
import { approveOrder, createOrder, parseOrderForm, submitOrder } from '../../src/modules/orders/index.ts';
import { draftProgramme, planItemsDueBy } from '../../src/modules/programmes/index.ts';
import { listTopics } from '../../src/modules/topics/index.ts';

const { prisma } = sharedDatabase();
const app = testApp();

type Org = Awaited<ReturnType<typeof createOrganizationWithStaff>> & { methodistAgent: Agent; headAgent: Agent };

async function newOrg(timeZone = 'Europe/Moscow'): Promise<Org> {
  const org = await createOrganizationWithStaff(prisma);
  if (timeZone !== 'Europe/Moscow') await prisma.organization.update({ where: { id: org.organization.id }, data: { timeZone } });
  const organization = { ...org.organization, timeZone };
  const [methodistAgent, headAgent] = await Promise.all([loginAs(app, org.methodist), loginAs(app, org.head)]);
  return { ...org, organization, methodistAgent, headAgent };
}

let org: Org;
before(async () => {
  org = await newOrg();
});
after(async () => {
  await app.close();
  await sharedDatabase().close();
});

function binary(res: supertest.Request) {
  return res.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}

const plain = (text: string) => text.replace(/\s+/g, ' ').replace(/\u2011/g, '-').replace(/\u00a0/g, ' ');
/** A page's text without its tags: what a reader sees. */
const words = (html: string) => plain(html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ')).replace(/ ([.,:;)])/g, '$1');
const dayFrom = (today: string, days: number) => isoOfDayNumber(dayNumber(today) + days);
const ru = (iso: string) => iso.split('-').reverse().join('.');

/** A 1×1 PNG, as a phone's photo would be checked: by its bytes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

interface Team {
  mentor: Awaited<ReturnType<typeof createTeacher>>;
  mentee: Awaited<ReturnType<typeof createTeacher>>;
  pairId: number;
  programmeId: number;
  mentorAgent: Agent;
  menteeAgent: Agent;
}

/**
 * An active pair of two teachers with accounts (the mentee's request in the bank) and its programme drafted
 * from the templates, as the pair's activation does it.
 */
async function team(o: Org = org, options: { category?: MenteeCategory; topics?: string[]; startsOn?: string; endsOn?: string; requestText?: string; signIn?: boolean } = {}): Promise<Team> {
  const today = todayIn(o.organization.timeZone);
  const orgId = o.organization.id;
  const mentor = await createTeacher(prisma, orgId, { experienceYears: 16, lastName: `Наставникова-${Math.random().toString(36).slice(2, 7)}`, firstName: 'Ольга', middleName: 'Николаевна' });
  const mentee = await createTeacher(prisma, orgId, { experienceYears: 1, lastName: `Молодцова-${Math.random().toString(36).slice(2, 7)}`, firstName: 'Анна', middleName: 'Сергеевна' });
  const topics = await listTopics(scopeFor(o.organization));
  const topicIds = (options.topics ?? []).map((name) => topics.find((t) => t.name === name)!.id);
  const entry = await prisma.menteeEntry.create({
    data: {
      organizationId: orgId,
      staffMemberId: mentee.staff.id,
      schoolYear: THIS_SCHOOL_YEAR,
      category: options.category ?? 'YOUNG_SPECIALIST',
      status: 'PAIRED',
      requestText: options.requestText ?? 'Как говорить с родителями о трудностях ребёнка',
      topics: { create: topicIds.map((topicId) => ({ topicId })) },
    },
  });
  const pair = await createPairRow(prisma, orgId, {
    status: 'ACTIVE',
    activatedAt: new Date(),
    startsOn: options.startsOn ?? dayFrom(today, -40),
    plannedEndOn: options.endsOn ?? dayFrom(today, 200),
    mentors: [{ staffMemberId: mentor.staff.id }],
    mentees: [{ staffMemberId: mentee.staff.id, menteeEntryId: entry.id }],
  });
  const programme = await draftProgramme(scopeFor(o.organization), pair.id);
  // Signing in costs an argon2 check: a list of many programmes does without.
  const [mentorAgent, menteeAgent] = options.signIn === false ? [null as never, null as never] : await Promise.all([loginAs(app, mentor.user), loginAs(app, mentee.user)]);
  return { mentor, mentee, pairId: pair.id, programmeId: programme!.id, mentorAgent, menteeAgent };
}

/** A plan item written directly (a state to test from). */
async function item(o: Org, programmeId: number, options: { dueOn: string; status?: PlanItemStatus; activity?: string; section?: string }) {
  return prisma.planItem.create({
    data: {
      organizationId: o.organization.id,
      programmeId,
      section: options.section ?? 'Адаптация',
      position: 10_000 + Math.floor(Math.random() * 1000),
      activity: options.activity ?? `Проверочное мероприятие ${Math.random().toString(36).slice(2, 8)}`,
      form: 'Консультация',
      dueOn: new Date(`${options.dueOn}T00:00:00Z`),
      status: options.status ?? 'PLANNED',
    },
  });
}

/** Submitted by the mentor and approved by the methodist, over HTTP. */
async function approved(t: Team, o: Org = org) {
  assert.equal((await post(t.mentorAgent, `/programmes/${t.programmeId}/submit`)).status, 303);
  assert.equal((await post(o.methodistAgent, `/programmes/${t.programmeId}/approve`)).status, 303);
  assert.equal((await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } })).status, 'APPROVED');
}

const firstItem = (programmeId: number) => prisma.planItem.findFirstOrThrow({ where: { programmeId }, orderBy: { position: 'asc' } });

// ---------------------------------------------------------------------------------------------------------

describe('who sees a programme', () => {
  test('anonymous visitors go to the login page; the administrator has no programmes', async () => {
    const t = await team();
    for (const path of ['/programmes', `/programmes/${t.programmeId}`, '/programmes/templates', `/programmes/${t.programmeId}.pdf`]) {
      const res = await supertest(app).get(path);
      assert.equal(res.status, 303, path);
      assert.equal(res.headers.location, '/login');
    }
    const admin = await loginAs(app, org.admin);
    assert.equal((await admin.get('/programmes')).status, 403);
    assert.equal((await admin.get(`/programmes/${t.programmeId}`)).status, 403);
  });

  test('the pair, the methodist and the head see it; another teacher and another organization get 404, even by id', async () => {
    const t = await team();
    const it = await firstItem(t.programmeId);
    for (const agent of [t.mentorAgent, t.menteeAgent, org.methodistAgent, org.headAgent]) {
      assert.equal((await agent.get(`/programmes/${t.programmeId}`)).status, 200);
      assert.equal((await agent.get(`/programmes/${t.programmeId}/items/${it.id}`)).status, 200);
    }
    const stranger = await createTeacher(prisma, org.organization.id);
    const strangerAgent = await loginAs(app, stranger.user);
    const other = await newOrg();
    for (const agent of [strangerAgent, other.methodistAgent, other.headAgent]) {
      for (const path of [`/programmes/${t.programmeId}`, `/programmes/${t.programmeId}/items/${it.id}`, `/programmes/${t.programmeId}.pdf`, `/programmes/${t.programmeId}/history`, `/programmes/${t.programmeId}/complete`]) {
        assert.equal((await agent.get(path)).status, 404, path);
      }
      assert.equal((await post(agent, `/programmes/${t.programmeId}/items/${it.id}/comments`, { text: 'чужой комментарий' })).status, 404);
      assert.equal((await post(agent, `/programmes/${t.programmeId}/submit`)).status, 404);
    }
    assert.equal(await prisma.planItemComment.count({ where: { itemId: it.id } }), 0);
    // The teacher's own list does not show it either.
    assert.doesNotMatch((await strangerAgent.get('/programmes')).text, new RegExp(`href="/programmes/${t.programmeId}"`));
    const ownList = await t.menteeAgent.get('/programmes');
    assert.match(ownList.text, new RegExp(`href="/programmes/${t.programmeId}"`));
    assert.match(ownList.text, /Мои программы наставничества/);
  });

  test('the head reads but changes nothing; a teacher outside approval rights cannot approve', async () => {
    const t = await team();
    await post(t.mentorAgent, `/programmes/${t.programmeId}/submit`);
    const it = await firstItem(t.programmeId);
    assert.equal((await post(org.headAgent, `/programmes/${t.programmeId}/approve`)).status, 403);
    assert.equal((await post(org.headAgent, `/programmes/${t.programmeId}/return`, { comment: 'x' })).status, 403);
    assert.equal((await post(org.headAgent, `/programmes/${t.programmeId}/items/${it.id}/comments`, { text: 'x' })).status, 403);
    assert.equal((await post(t.mentorAgent, `/programmes/${t.programmeId}/approve`)).status, 403);
    assert.equal((await post(org.headAgent, '/programmes/settings', { approval: 'ORDER' })).status, 403);
    assert.equal((await t.mentorAgent.get('/programmes/settings')).status, 403);
    assert.equal((await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } })).status, 'SUBMITTED');
  });
});

describe('a new programme', () => {
  test('is drafted from the template fitting the category, with the items serving the request first', async () => {
    const t = await team(org, { category: 'NEW_POSITION', topics: ['Работа с родителями (законными представителями)'] });
    const programme = await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId }, include: { items: { orderBy: { position: 'asc' } } } });
    assert.equal(programme.status, 'DRAFT');
    assert.equal(programme.templateTitle, 'Педагог в новой должности');
    assert.match(programme.request, /Как говорить с родителями/);
    assert.match(programme.request, /темы: Работа с родителями/);
    const parents = programme.items.filter((i) => i.section === 'Работа с родителями');
    assert.ok(parents.length >= 2);
    assert.ok(parents.every((i) => i.forRequest), 'the parents items serve the request');
    const young = await team(org, { category: 'YOUNG_SPECIALIST', topics: ['Развивающая предметно-пространственная среда (РППС)'] });
    const items = await prisma.planItem.findMany({ where: { programmeId: young.programmeId }, orderBy: { position: 'asc' } });
    assert.equal((await prisma.programme.findUniqueOrThrow({ where: { id: young.programmeId } })).templateTitle, 'Первый год молодого специалиста');
    const adaptation = items.filter((i) => i.section === 'Адаптация');
    assert.ok(adaptation.every((i) => !i.forRequest));
    const rpps = items.filter((i) => i.section === 'Развивающая предметно-пространственная среда (РППС)');
    assert.ok(rpps.length >= 3 && rpps.every((i) => i.forRequest));
    // One programme per pair: a second activation changes nothing.
    assert.equal(await draftProgramme(scopeFor(org.organization), young.pairId), null);
    assert.equal(await prisma.programme.count({ where: { pairId: young.pairId } }), 1);
  });

  test('is made when the order assigning the pair is approved (pair.activated)', async () => {
    const own = await newOrg();
    const o = own.organization.id;
    const mentor = await addBankMentor(prisma, o);
    await recordConsent(prisma, o, mentor.staff.id, 'MENTORING');
    const mentee = await addBankMentee(prisma, o);
    const pair = await createPairRow(prisma, o, { mentors: [{ staffMemberId: mentor.staff.id, mentorEntryId: mentor.entry.id }], mentees: [{ staffMemberId: mentee.staff.id, menteeEntryId: mentee.entry.id }] });
    const methodist = scopeFor(own.organization, own.methodist);
    const form = parseOrderForm({ kind: 'ASSIGN_PAIRS', title: 'О закреплении наставнических пар (групп)', points: 'Закрепить пару.', pairIds: [String(pair.id)] });
    assert.ok(form.ok);
    const order = await createOrder(methodist, form.data);
    await submitOrder(methodist, order.id, { confirmRetroactive: true });
    assert.equal(await prisma.programme.count({ where: { pairId: pair.id } }), 0, 'not before the order is approved');
    await approveOrder(scopeFor(own.organization, own.head), order.id);
    const programme = await prisma.programme.findFirstOrThrow({ where: { pairId: pair.id }, include: { _count: { select: { items: true } } } });
    assert.equal(programme.status, 'DRAFT');
    assert.ok(programme._count.items >= 20, 'the plan comes from a template');
    assert.equal(await prisma.programmeTemplate.count({ where: { organizationId: o, key: { not: null } } }), 2, 'the shipped templates were copied once');
  });

  test('an active pair without a programme gets one from the list', async () => {
    const own = await newOrg();
    const mentor = await createTeacher(prisma, own.organization.id);
    const mentee = await createTeacher(prisma, own.organization.id);
    const pair = await createPairRow(prisma, own.organization.id, { status: 'ACTIVE', activatedAt: new Date(), mentors: [{ staffMemberId: mentor.staff.id }], mentees: [{ staffMemberId: mentee.staff.id }] });
    const list = await own.methodistAgent.get('/programmes');
    assert.match(list.text, /Действующие пары без программы/);
    const menteeAgent = await loginAs(app, mentee.user);
    assert.match((await menteeAgent.get('/programmes')).text, new RegExp(`name="pairId" value="${pair.id}"`));
    const stranger = await loginAs(app, (await createTeacher(prisma, own.organization.id)).user);
    const refused = await post(stranger, '/programmes', { pairId: String(pair.id) });
    assert.equal(refused.status, 303);
    assert.equal(await prisma.programme.count({ where: { pairId: pair.id } }), 0);
    const res = await post(menteeAgent, '/programmes', { pairId: String(pair.id) });
    assert.equal(res.status, 303);
    const programme = await prisma.programme.findFirstOrThrow({ where: { pairId: pair.id } });
    assert.equal(res.headers.location, `/programmes/${programme.id}`);
  });
});

describe('the draft, submission, approval', () => {
  test('the pair edits the draft together: 422 with messages and values kept, then 303 and saved', async () => {
    const t = await team();
    const form = await t.menteeAgent.get(`/programmes/${t.programmeId}/edit`);
    assert.equal(form.status, 200);
    const bad = await post(t.menteeAgent, `/programmes/${t.programmeId}`, { title: '', goal: 'Цель', tasks: 'Задача', request: 'мой запрос', expectedResults: '', startsOn: '2026-09-01', endsOn: '2026-08-01' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="field-title-error".*Заполните поле «Название программы»/s);
    assert.match(bad.text, /id="field-endsOn-error".*не может быть раньше даты начала/s);
    assert.match(bad.text, /мой запрос/);
    const ok = await post(t.mentorAgent, `/programmes/${t.programmeId}`, { title: 'Моя программа', goal: 'Освоить работу с родителями', tasks: 'Первая\nВторая', request: 'Запрос', expectedResults: 'Итог', startsOn: '2026-09-01', endsOn: '2027-05-31' });
    assert.equal(ok.status, 303);
    const saved = await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } });
    assert.equal(saved.title, 'Моя программа');
    assert.equal(saved.endsOn.toISOString().slice(0, 10), '2027-05-31');
    assert.equal(await prisma.programmeChange.count({ where: { programmeId: t.programmeId } }), 0, 'a draft keeps no history');
  });

  test('items: added with a date inside the term (422 outside), deleted from a draft', async () => {
    const t = await team(org, { startsOn: '2026-09-01', endsOn: '2027-05-31' });
    const outside = await post(t.mentorAgent, `/programmes/${t.programmeId}/items`, { section: 'Своё', activity: 'Экскурсия в школу', form: 'Наблюдение', dueOn: '2027-07-01', responsible: 'BOTH' });
    assert.equal(outside.status, 422);
    assert.match(outside.text, /Срок должен быть в пределах программы: с 01\.09\.2026 по 31\.05\.2027/);
    assert.match(outside.text, /Экскурсия в школу/);
    const missing = await post(t.mentorAgent, `/programmes/${t.programmeId}/items`, { section: '', activity: '', form: 'x', dueOn: '', responsible: 'KING' });
    assert.equal(missing.status, 422);
    assert.match(missing.text, /id="field-activity-error"/);
    assert.match(missing.text, /id="field-responsible-error".*Выберите, кто отвечает/s);
    const ok = await post(t.menteeAgent, `/programmes/${t.programmeId}/items`, { section: 'Своё', activity: 'Экскурсия в школу', form: 'Наблюдение', dueOn: '2027-04-15', expectedResult: 'Фото', responsible: 'MENTEE' });
    assert.equal(ok.status, 303);
    const added = await prisma.planItem.findFirstOrThrow({ where: { programmeId: t.programmeId, activity: 'Экскурсия в школу' } });
    assert.equal(added.section, 'Своё');
    const card = await t.menteeAgent.get(`/programmes/${t.programmeId}`);
    assert.match(card.text, /<h3>Своё/);
    assert.equal((await post(t.menteeAgent, `/programmes/${t.programmeId}/items/${added.id}/delete`)).status, 303);
    assert.equal(await prisma.planItem.count({ where: { id: added.id } }), 0);
  });

  test('submitted → returned with a comment (required) → submitted again → approved by the methodist', async () => {
    const t = await team();
    assert.equal((await post(t.menteeAgent, `/programmes/${t.programmeId}/submit`)).status, 303);
    let row = await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } });
    assert.equal(row.status, 'SUBMITTED');
    // On approval the pair cannot change it.
    const it = await firstItem(t.programmeId);
    const edit = await post(t.mentorAgent, `/programmes/${t.programmeId}/items/${it.id}`, { section: 'Адаптация', activity: 'Подменённое', form: 'Беседа', dueOn: '2026-12-01', responsible: 'BOTH' });
    assert.equal(edit.status, 303);
    assert.notEqual((await prisma.planItem.findUniqueOrThrow({ where: { id: it.id } })).activity, 'Подменённое');
    assert.match((await t.mentorAgent.get(`/programmes/${t.programmeId}`)).text, /на утверждении у методиста/);

    const empty = await post(org.methodistAgent, `/programmes/${t.programmeId}/return`, { comment: ' ' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /id="field-comment-error".*Заполните поле «Что доработать»/s);
    assert.equal((await post(org.methodistAgent, `/programmes/${t.programmeId}/return`, { comment: 'Добавьте мероприятия по аттестации' })).status, 303);
    row = await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } });
    assert.equal(row.status, 'DRAFT');
    assert.match((await t.menteeAgent.get(`/programmes/${t.programmeId}`)).text, /Добавьте мероприятия по аттестации/);

    await approved(t);
    row = await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } });
    assert.equal(row.approvedById, org.methodist.id);
    assert.ok(row.approvedAt);
    assert.equal(await prisma.auditLog.count({ where: { action: 'programme.approve', entityId: String(t.programmeId) } }), 1);
    const history = await prisma.programmeChange.findMany({ where: { programmeId: t.programmeId } });
    assert.deepEqual(history.map((h) => [h.field, h.before, h.after]), [['Статус', 'на утверждении', 'утверждена']]);
    // Approving again is refused with the reason.
    const twice = await post(org.methodistAgent, `/programmes/${t.programmeId}/approve`);
    assert.equal(twice.status, 303);
    assert.equal((await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } })).status, 'APPROVED');
  });

  test('a programme without a goal is not submitted', async () => {
    const t = await team();
    await prisma.programme.update({ where: { id: t.programmeId }, data: { goal: '' } });
    const res = await post(t.mentorAgent, `/programmes/${t.programmeId}/submit`);
    assert.equal(res.status, 303);
    assert.equal((await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } })).status, 'DRAFT');
    assert.match((await t.mentorAgent.get(`/programmes/${t.programmeId}`)).text, /нельзя направить на утверждение: Не указана цель программы/);
  });
});

describe('work on the approved plan', () => {
  test('statuses: done today, moved with a new date and a reason (422 without), all in the history', async () => {
    const t = await team();
    await approved(t);
    const it = await item(org, t.programmeId, { dueOn: dayFrom(todayIn('Europe/Moscow'), 5) });
    const draftStatus = await post(t.menteeAgent, `/programmes/${t.programmeId}/items/${it.id}/status`, { status: 'DONE' });
    assert.equal(draftStatus.status, 303);
    let row = await prisma.planItem.findUniqueOrThrow({ where: { id: it.id } });
    assert.equal(row.status, 'DONE');
    assert.equal(row.doneOn?.toISOString().slice(0, 10), todayIn('Europe/Moscow'));
    const programme = await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } });
    assert.equal(programme.status, 'IN_PROGRESS', 'the first work starts the programme');
    assert.ok(programme.startedAt);

    const noReason = await post(t.mentorAgent, `/programmes/${t.programmeId}/items/${it.id}/status`, { status: 'MOVED', newDueOn: '', reason: '' });
    assert.equal(noReason.status, 422);
    assert.match(noReason.text, /id="field-newDueOn-error".*Укажите новую дату/s);
    assert.match(noReason.text, /id="field-reason-error".*Укажите причину переноса/s);
    const newDate = dayFrom(todayIn('Europe/Moscow'), 20);
    const moved = await post(t.mentorAgent, `/programmes/${t.programmeId}/items/${it.id}/status`, { status: 'MOVED', newDueOn: newDate, reason: 'Карантин в группе' });
    assert.equal(moved.status, 303);
    row = await prisma.planItem.findUniqueOrThrow({ where: { id: it.id } });
    assert.equal(row.status, 'MOVED');
    assert.equal(row.dueOn.toISOString().slice(0, 10), newDate);
    assert.equal(row.movedFromOn?.toISOString().slice(0, 10), dayFrom(todayIn('Europe/Moscow'), 5));
    assert.equal(row.doneOn, null);
    const history = await t.mentorAgent.get(`/programmes/${t.programmeId}/history`);
    assert.equal(history.status, 200);
    const text = plain(history.text);
    assert.match(text, /Статус — было «запланировано», стало «выполнено»/);
    assert.match(text, new RegExp(`Срок — было «${ru(dayFrom(todayIn('Europe/Moscow'), 5))}», стало «${ru(newDate)}»`));
    assert.match(text, /Причина — стало «Карантин в группе»/);
    assert.match(text, /Статус — было «утверждена», стало «выполняется»/);
  });

  test('each member sets only their own mark: a mentee cannot change the mentor’s mark', async () => {
    const t = await team();
    await approved(t);
    const it = await firstItem(t.programmeId);
    assert.equal((await post(t.mentorAgent, `/programmes/${t.programmeId}/items/${it.id}/mark`, { mark: '5' })).status, 303);
    // The mentee tries every way of naming the mentor's mark: only her own mark is written.
    const res = await post(t.menteeAgent, `/programmes/${t.programmeId}/items/${it.id}/mark`, { mark: '2', role: 'MENTOR', staffMemberId: String(t.mentor.staff.id), mentorMark: '1' });
    assert.equal(res.status, 303);
    const marks = await prisma.planItemMark.findMany({ where: { itemId: it.id } });
    assert.equal(marks.find((m) => m.staffMemberId === t.mentor.staff.id)?.mark, 5);
    assert.equal(marks.find((m) => m.staffMemberId === t.mentee.staff.id)?.mark, 2);
    assert.equal(marks.find((m) => m.staffMemberId === t.mentee.staff.id)?.role, 'MENTEE');
    const invalid = await post(t.menteeAgent, `/programmes/${t.programmeId}/items/${it.id}/mark`, { mark: '7' });
    assert.equal(invalid.status, 422);
    assert.match(invalid.text, /Выберите отметку от 1 до 5/);
    const page = words((await t.menteeAgent.get(`/programmes/${t.programmeId}/items/${it.id}`)).text);
    assert.match(page, /наставник [^:]+: 5 — отлично/);
    assert.match(page, /наставляемый [^:]+: 2 — плохо/);
    // Marks wait for approval: a draft takes none.
    const draft = await team();
    const draftItem = await firstItem(draft.programmeId);
    assert.equal((await post(draft.mentorAgent, `/programmes/${draft.programmeId}/items/${draftItem.id}/mark`, { mark: '4' })).status, 303);
    assert.equal(await prisma.planItemMark.count({ where: { itemId: draftItem.id } }), 0);
  });

  test('comments: a member writes, the other reads; the last activity moves', async () => {
    const t = await team();
    await approved(t);
    const it = await firstItem(t.programmeId);
    const before = (await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } })).lastActivityAt;
    const empty = await post(t.menteeAgent, `/programmes/${t.programmeId}/items/${it.id}/comments`, { text: '' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /Заполните поле «Комментарий»/);
    assert.equal((await post(t.menteeAgent, `/programmes/${t.programmeId}/items/${it.id}/comments`, { text: 'Спасибо, всё понятно!' })).status, 303);
    const comment = await prisma.planItemComment.findFirstOrThrow({ where: { itemId: it.id } });
    assert.equal(comment.staffMemberId, t.mentee.staff.id);
    assert.equal(comment.role, 'MENTEE');
    assert.match((await t.mentorAgent.get(`/programmes/${t.programmeId}/items/${it.id}`)).text, /Спасибо, всё понятно!/);
    assert.ok((await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } })).lastActivityAt > before);
    // The notifications module hears programme.item-commented: the mentor is told, the author is not.
    const told = await prisma.notification.findMany({ where: { kind: 'PROGRAMME_COMMENT', link: `/programmes/${t.programmeId}#item-${it.id}` }, select: { userId: true } });
    assert.deepEqual(told.map((n) => n.userId), [t.mentor.user.id]);
  });

  test('the daily reminders’ source: open items of working programmes due by the day or overdue, told to those responsible', async () => {
    const t = await team();
    const today = todayIn('Europe/Moscow');
    const day = (offset: number) => isoOfDayNumber(dayNumber(today) + offset);
    const draftItem = await item(org, t.programmeId, { dueOn: day(-1) });
    let due = await planItemsDueBy(scopeFor(org.organization), day(3));
    assert.ok(!due.some((d) => d.itemId === draftItem.id), 'a draft programme is not worked on yet');
    await approved(t);
    const overdue = await item(org, t.programmeId, { dueOn: day(-2) });
    await prisma.planItem.update({ where: { id: overdue.id }, data: { responsible: 'MENTEE' } });
    const soon = await item(org, t.programmeId, { dueOn: day(3) });
    const later = await item(org, t.programmeId, { dueOn: day(4) });
    const done = await item(org, t.programmeId, { dueOn: day(-3), status: 'DONE' });
    due = (await planItemsDueBy(scopeFor(org.organization), day(3))).filter((d) => d.programmeId === t.programmeId);
    const byId = new Map(due.map((d) => [d.itemId, d]));
    assert.deepEqual(byId.get(overdue.id)?.staffMemberIds, [t.mentee.staff.id], 'the mentee answers for it');
    assert.deepEqual(byId.get(soon.id)?.staffMemberIds.sort(), [t.mentor.staff.id, t.mentee.staff.id].sort(), 'both');
    assert.equal(byId.has(later.id), false);
    assert.equal(byId.has(done.id), false);
  });

  test('evidence: a photo and a PDF checked by content, served only to those who see the programme; a fake or too large file is refused', async () => {
    const t = await team();
    await approved(t);
    const it = await firstItem(t.programmeId);
    const upload = (agent: Agent, name: string, content: Buffer, itemId = it.id, programmeId = t.programmeId) =>
      agent.post(`/programmes/${programmeId}/items/${itemId}/evidence?_csrf=${encodeURIComponent(agent.csrf)}`).attach('file', content, name);

    const photo = await upload(t.mentorAgent, 'фото с занятия.png', PNG);
    assert.equal(photo.status, 303, photo.text);
    const pdf = await upload(t.menteeAgent, 'конспект.pdf', PDF);
    assert.equal(pdf.status, 303);
    const files = await prisma.attachment.findMany({ where: { purpose: 'PLAN_EVIDENCE', ownerId: it.id }, orderBy: { id: 'asc' } });
    assert.deepEqual(files.map((f) => [f.originalName, f.mimeType]), [['фото с занятия.png', 'image/png'], ['конспект.pdf', 'application/pdf']]);

    const fake = await upload(t.mentorAgent, 'photo.jpg', Buffer.from('<html><script>alert(1)</script></html>'));
    assert.equal(fake.status, 422);
    assert.match(fake.text, /не похож на JPEG, PNG, PDF/);
    const big = await upload(t.mentorAgent, 'big.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(10 * 1024 * 1024 + 10)]));
    assert.equal(big.status, 422);
    assert.match(big.text, /Файл больше 10 МБ — уменьшите фотографию/);
    assert.equal(await prisma.attachment.count({ where: { purpose: 'PLAN_EVIDENCE', ownerId: it.id } }), 2);

    const download = await binary(t.menteeAgent.get(`/programmes/${t.programmeId}/evidence/${files[0]!.id}`));
    assert.equal(download.status, 200);
    assert.equal(download.headers['content-type'], 'image/png');
    assert.ok((download.body as Buffer).equals(PNG));
    assert.equal((await org.headAgent.get(`/programmes/${t.programmeId}/evidence/${files[0]!.id}`)).status, 200);
    const stranger = await loginAs(app, (await createTeacher(prisma, org.organization.id)).user);
    assert.equal((await stranger.get(`/programmes/${t.programmeId}/evidence/${files[0]!.id}`)).status, 404);
    // The file through another programme (the stranger's own) is not found either.
    const other = await team();
    await approved(other);
    assert.equal((await other.mentorAgent.get(`/programmes/${other.programmeId}/evidence/${files[0]!.id}`)).status, 404);
    assert.equal((await upload(other.mentorAgent, 'x.png', PNG, it.id, other.programmeId)).status, 404, 'an item of another programme');

    // Only the uploader removes a file.
    assert.equal((await post(t.mentorAgent, `/programmes/${t.programmeId}/evidence/${files[1]!.id}/delete`)).status, 303);
    assert.equal(await prisma.attachment.count({ where: { id: files[1]!.id } }), 1);
    assert.equal((await post(t.mentorAgent, `/programmes/${t.programmeId}/evidence/${files[0]!.id}/delete`)).status, 303);
    assert.equal(await prisma.attachment.count({ where: { id: files[0]!.id } }), 0);
    assert.match(plain((await t.mentorAgent.get(`/programmes/${t.programmeId}/history`)).text), /Подтверждение — было «файл «фото с занятия\.png»», стало «удалён»/);
  });
});

describe('overdue, progress and the list', () => {
  test('overdue is counted in the organization’s time zone, not the server’s', async () => {
    // Kiritimati (UTC+14) and UTC−12 are 26 hours apart: their «today» always differs, so the same
    // date is overdue in one and due today in the other — whatever the server's clock says.
    const east = await newOrg('Pacific/Kiritimati');
    const west = await newOrg('Etc/GMT+12');
    const westToday = todayIn('Etc/GMT+12');
    assert.ok(todayIn('Pacific/Kiritimati') > westToday);
    const results: Record<string, string> = {};
    for (const o of [east, west]) {
      const t = await team(o, { startsOn: dayFrom(westToday, -30), endsOn: dayFrom(westToday, 100) });
      await prisma.planItem.deleteMany({ where: { programmeId: t.programmeId } });
      await item(o, t.programmeId, { dueOn: westToday, activity: 'Срок — сегодня на западе' });
      await approved(t, o);
      const card = await t.mentorAgent.get(`/programmes/${t.programmeId}`);
      results[o.organization.timeZone] = card.text;
      const list = await o.methodistAgent.get('/programmes?overdue=1');
      assert.equal(/Найдено: 1</.test(list.text), o === east, `${o.organization.timeZone}: the overdue filter`);
    }
    assert.match(results['Pacific/Kiritimati']!, /Просрочено мероприятий: 1/);
    assert.match(results['Pacific/Kiritimati']!, /pnp-badge--overdue">просрочено</);
    assert.doesNotMatch(results['Etc/GMT+12']!, /Просрочено мероприятий/);
    assert.match(results['Etc/GMT+12']!, /pnp-badge--soon">срок сегодня</);
  });

  test('the methodist’s list: figures, progress (done / plan), filters by status, overdue and name, paginated', async () => {
    const own = await newOrg();
    const a = await team(own);
    const b = await team(own);
    await approved(a, own);
    await prisma.planItem.deleteMany({ where: { programmeId: a.programmeId } });
    const today = todayIn('Europe/Moscow');
    await item(own, a.programmeId, { dueOn: dayFrom(today, -3), status: 'DONE' });
    await item(own, a.programmeId, { dueOn: dayFrom(today, -2) });
    await item(own, a.programmeId, { dueOn: dayFrom(today, 10) });
    await item(own, a.programmeId, { dueOn: dayFrom(today, 11), status: 'CANCELLED' });
    const list = await own.methodistAgent.get('/programmes');
    assert.equal(list.status, 200);
    const text = words(list.text);
    assert.match(text, /Найдено: 2/);
    assert.match(text, /1 из 2 действующих пар имеют составленную программу/);
    assert.match(text, /1 с просроченными мероприятиями/);
    assert.match(text, /Выполнено 1 из 3 мероприятий \(33 %\)/);
    assert.match(text, /просрочено: 1/);
    assert.match(plain((await own.methodistAgent.get('/programmes?status=APPROVED')).text), /Найдено: 1/);
    assert.match(plain((await own.methodistAgent.get('/programmes?overdue=1')).text), /Найдено: 1/);
    const byName = plain((await own.methodistAgent.get(`/programmes?q=${encodeURIComponent(b.mentee.staff.lastName)}`)).text);
    assert.match(byName, /Найдено: 1/);
    assert.match(byName, new RegExp(`href="/programmes/${b.programmeId}"`));
    assert.match(plain((await own.methodistAgent.get(`/programmes?q=${b.pairId}`)).text), /Найдено: 1/);
    assert.match(plain((await own.methodistAgent.get('/programmes?q=%25')).text), /Найдено: 0/, 'a % is a character, not a wildcard');
    // 26 more programmes make a second page.
    for (let i = 0; i < 24; i++) await team(own, { signIn: false });
    const page1 = await own.methodistAgent.get('/programmes');
    assert.match(page1.text, /Страница 1 из 2/);
    assert.equal((page1.text.match(/class="pnp-card"/g) ?? []).length, 25);
    const page2 = await own.methodistAgent.get('/programmes?page=2');
    assert.equal((page2.text.match(/class="pnp-card"/g) ?? []).length, 1);
  });
});

describe('completion and the end of a pair', () => {
  test('final words from both, then completed: read-only for everybody', async () => {
    const t = await team();
    await approved(t);
    const it = await firstItem(t.programmeId);
    assert.equal((await post(t.mentorAgent, `/programmes/${t.programmeId}/complete`)).status, 303);
    assert.equal((await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } })).status, 'APPROVED', 'not without the final words');
    const invalid = await post(t.menteeAgent, `/programmes/${t.programmeId}/assessment`, { score: '11', text: '' });
    assert.equal(invalid.status, 422);
    assert.match(invalid.text, /Выберите оценку от 1 до 10/);
    assert.equal((await post(t.menteeAgent, `/programmes/${t.programmeId}/assessment`, { score: '8', text: 'Научилась планировать и разговаривать с родителями.' })).status, 303);
    assert.equal((await post(t.mentorAgent, `/programmes/${t.programmeId}/assessment`, { score: '9', text: 'Наставляемая уверенно ведёт группу.' })).status, 303);
    const final = await t.mentorAgent.get(`/programmes/${t.programmeId}/complete`);
    assert.match(final.text, /Завершить программу/);
    assert.equal((await post(t.mentorAgent, `/programmes/${t.programmeId}/complete`)).status, 303);
    const done = await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } });
    assert.equal(done.status, 'COMPLETED');
    assert.ok(done.completedAt);

    const before = await prisma.planItem.findUniqueOrThrow({ where: { id: it.id } });
    const tries = [
      post(t.menteeAgent, `/programmes/${t.programmeId}/items/${it.id}/status`, { status: 'CANCELLED' }),
      post(t.menteeAgent, `/programmes/${t.programmeId}/items/${it.id}/mark`, { mark: '1' }),
      post(t.menteeAgent, `/programmes/${t.programmeId}/items/${it.id}/comments`, { text: 'после завершения' }),
      post(t.mentorAgent, `/programmes/${t.programmeId}/items/${it.id}`, { section: 'x', activity: 'после завершения', form: 'x', responsible: 'BOTH' }),
      post(t.mentorAgent, `/programmes/${t.programmeId}`, { title: 'после завершения', goal: 'x', startsOn: '2026-09-01', endsOn: '2027-05-31' }),
      post(t.mentorAgent, `/programmes/${t.programmeId}/items`, { section: 'x', activity: 'после завершения', form: 'x', dueOn: '2027-01-10', responsible: 'BOTH' }),
      post(t.menteeAgent, `/programmes/${t.programmeId}/assessment`, { score: '1', text: 'после завершения' }),
      t.mentorAgent.post(`/programmes/${t.programmeId}/items/${it.id}/evidence?_csrf=${encodeURIComponent(t.mentorAgent.csrf)}`).attach('file', PNG, 'late.png'),
    ];
    for (const res of await Promise.all(tries)) assert.equal(res.status, 303);
    const after = await prisma.planItem.findUniqueOrThrow({ where: { id: it.id } });
    assert.deepEqual(after, before);
    assert.equal(await prisma.planItemMark.count({ where: { itemId: it.id } }), 0);
    assert.equal(await prisma.planItemComment.count({ where: { itemId: it.id } }), 0);
    assert.equal(await prisma.planItem.count({ where: { programmeId: t.programmeId, activity: 'после завершения' } }), 0);
    assert.equal(await prisma.attachment.count({ where: { purpose: 'PLAN_EVIDENCE', ownerId: it.id } }), 0);
    assert.equal((await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } })).title, done.title);
    assert.equal((await prisma.programmeAssessment.findFirstOrThrow({ where: { programmeId: t.programmeId, staffMemberId: t.mentee.staff.id } })).score, 8);
    const page = await t.menteeAgent.get(`/programmes/${t.programmeId}/items/${it.id}`);
    assert.match(page.text, /Программа завершена: она доступна только для чтения/);
    assert.doesNotMatch(page.text, /Отметить выполненным|Отправить комментарий|Сфотографировать/);
    assert.equal((await t.mentorAgent.get(`/programmes/${t.programmeId}/edit`)).status, 303);
  });

  test('an early-terminated pair closes its programme with the reason of the order', async () => {
    const own = await newOrg();
    const t = await team(own);
    await approved(t, own);
    const methodist = scopeFor(own.organization, own.methodist);
    const form = parseOrderForm({ kind: 'TERMINATE', title: 'О досрочном прекращении наставничества', preamble: 'В связи с переводом наставника в другую организацию', points: 'Прекратить.', pairIds: [String(t.pairId)] });
    assert.ok(form.ok);
    const order = await createOrder(methodist, form.data);
    await submitOrder(methodist, order.id, { confirmRetroactive: true });
    await approveOrder(scopeFor(own.organization, own.head), order.id);
    const programme = await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } });
    assert.equal(programme.status, 'CLOSED_EARLY');
    assert.match(programme.closedReason, /В связи с переводом наставника в другую организацию \(приказ от .* № 1-од\)/);
    const card = await t.menteeAgent.get(`/programmes/${t.programmeId}`);
    assert.match(card.text, /Закрыта досрочно/);
    assert.match(card.text, /В связи с переводом наставника/);
    const it = await firstItem(t.programmeId);
    assert.equal((await post(t.mentorAgent, `/programmes/${t.programmeId}/items/${it.id}/status`, { status: 'DONE' })).status, 303);
    assert.equal((await prisma.planItem.findUniqueOrThrow({ where: { id: it.id } })).status, 'PLANNED', 'a closed programme is read-only');
  });
});

describe('approval by order', () => {
  test('where the organization says so, the methodist prepares the order and its approval approves the programmes', async () => {
    const own = await newOrg();
    const bad = await post(own.methodistAgent, '/programmes/settings', { approval: 'HEAD' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Выберите, кто утверждает программы/);
    assert.equal((await post(own.methodistAgent, '/programmes/settings', { approval: 'ORDER' })).status, 303);
    assert.equal((await prisma.organization.findUniqueOrThrow({ where: { id: own.organization.id } })).programmeApproval, 'ORDER');

    const t = await team(own);
    const draft = await team(own);
    assert.equal((await post(t.mentorAgent, `/programmes/${t.programmeId}/submit`)).status, 303);
    // The methodist's own approval is not the way here.
    assert.equal((await post(own.methodistAgent, `/programmes/${t.programmeId}/approve`)).status, 303);
    assert.equal((await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } })).status, 'SUBMITTED');
    const card = await own.methodistAgent.get(`/programmes/${t.programmeId}`);
    assert.match(card.text, new RegExp(`/orders/new\\?kind=APPROVE_PROGRAMMES&amp;pair=${t.pairId}`));

    // The order's form offers the submitted programme only, and its points name the programme.
    const form = await own.methodistAgent.get('/orders/new?kind=APPROVE_PROGRAMMES');
    assert.equal(form.status, 200);
    assert.match(form.text, new RegExp(`name="pairIds" value="${t.pairId}" checked`));
    assert.doesNotMatch(form.text, new RegExp(`name="pairIds" value="${draft.pairId}"`));
    assert.match(plain(form.text), /Утвердить персонализированную программу наставничества «Первый год молодого специалиста» наставника — воспитателя Наставниковой-\S+ О\.Н\. и наставляемой — воспитателя Молодцовой-\S+ А\.С\./);

    const forged = await post(own.methodistAgent, '/orders', { kind: 'APPROVE_PROGRAMMES', title: 'Об утверждении программ', points: 'Утвердить.', pairIds: [String(draft.pairId)] });
    assert.equal(forged.status, 422);
    assert.match(forged.text, /её программа не на утверждении/);

    const created = await post(own.methodistAgent, '/orders', { kind: 'APPROVE_PROGRAMMES', title: 'Об утверждении персонализированных программ наставничества', points: 'Утвердить программу.', pairIds: [String(t.pairId)] });
    assert.equal(created.status, 303, created.text);
    const orderId = Number(/\/orders\/(\d+)$/.exec(created.headers.location!)![1]);
    assert.equal((await post(own.methodistAgent, `/orders/${orderId}/submit`, { confirmRetroactive: 'on' })).status, 303);
    assert.equal((await post(own.headAgent, `/orders/${orderId}/approve`)).status, 303);
    const order = await prisma.order.findUniqueOrThrow({ where: { id: orderId } });
    assert.equal(order.status, 'APPROVED');
    const programme = await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } });
    assert.equal(programme.status, 'APPROVED');
    assert.equal(programme.approvalOrderId, orderId);
    assert.equal(programme.approvedById, own.head.id);
    assert.match(programme.approvalOrderLabel, /приказ от \d\d\.\d\d\.\d{4} № 1-од/);
    assert.match((await t.menteeAgent.get(`/programmes/${t.programmeId}`)).text, /приказ от \d\d\.\d\d\.\d{4} № 1-од/);
    // The pair stays active; the order's sheet names the pair's members.
    assert.equal((await prisma.pair.findUniqueOrThrow({ where: { id: t.pairId } })).status, 'ACTIVE');
    assert.deepEqual((await prisma.orderAcknowledgment.findMany({ where: { orderId } })).map((a) => a.staffMemberId).sort(), [t.mentor.staff.id, t.mentee.staff.id].sort());
  });

  test('an order naming a programme that was returned meanwhile is refused at submission', async () => {
    const own = await newOrg();
    await prisma.organization.update({ where: { id: own.organization.id }, data: { programmeApproval: 'ORDER' } });
    const t = await team(own);
    await post(t.mentorAgent, `/programmes/${t.programmeId}/submit`);
    const created = await post(own.methodistAgent, '/orders', { kind: 'APPROVE_PROGRAMMES', title: 'Об утверждении программ', points: 'Утвердить.', pairIds: [String(t.pairId)] });
    const orderId = Number(/\/orders\/(\d+)$/.exec(created.headers.location!)![1]);
    assert.equal((await post(own.methodistAgent, `/programmes/${t.programmeId}/return`, { comment: 'Доработать' })).status, 303);
    const submit = await post(own.methodistAgent, `/orders/${orderId}/submit`);
    assert.equal(submit.status, 409);
    assert.match(submit.text, /программа не на утверждении \(сейчас — черновик\)/);
    assert.equal((await prisma.order.findUniqueOrThrow({ where: { id: orderId } })).status, 'DRAFT');
  });
});

describe('templates', () => {
  test('the two shipped templates, kept by the methodist: created (422 first), items added, copied, archived; the head reads, a teacher cannot', async () => {
    const own = await newOrg();
    const list = await own.methodistAgent.get('/programmes/templates');
    assert.equal(list.status, 200);
    assert.match(list.text, /Первый год молодого специалиста/);
    assert.match(list.text, /Педагог в новой должности/);
    assert.equal((await own.headAgent.get('/programmes/templates')).status, 200);
    assert.equal((await post(own.headAgent, '/programmes/templates', { title: 'x' })).status, 403);
    const teacher = await loginAs(app, (await createTeacher(prisma, own.organization.id)).user);
    assert.equal((await teacher.get('/programmes/templates')).status, 403);

    const bad = await post(own.methodistAgent, '/programmes/templates', { title: '', goal: '', categories: [] });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Отметьте хотя бы одну категорию наставляемых/);
    assert.match(bad.text, /Заполните поле «Цель»/);
    const created = await post(own.methodistAgent, '/programmes/templates', { title: 'Подготовка к аттестации на первую категорию', goal: 'Пройти аттестацию', categories: ['CERTIFICATION'] });
    assert.equal(created.status, 303);
    const template = await prisma.programmeTemplate.findFirstOrThrow({ where: { organizationId: own.organization.id, title: 'Подготовка к аттестации на первую категорию' } });
    const badItem = await post(own.methodistAgent, `/programmes/templates/${template.id}/items`, { section: 'Аттестация', activity: '', form: 'Консультация', month: '13', responsible: 'BOTH' });
    assert.equal(badItem.status, 422);
    assert.match(badItem.text, /Выберите месяц/);
    assert.equal((await post(own.methodistAgent, `/programmes/templates/${template.id}/items`, { section: 'Аттестация', activity: 'Портфолио к аттестации', form: 'Совместная разработка', month: '2', responsible: 'MENTEE', topics: ['Подготовка к аттестации'] })).status, 303);
    const saved = await prisma.programmeTemplateItem.findFirstOrThrow({ where: { templateId: template.id } });
    assert.deepEqual(saved.topics, ['Подготовка к аттестации']);
    assert.equal(saved.month, 2);

    // A mentee preparing for certification now gets this template (its category fits).
    const t = await team(own, { category: 'CERTIFICATION' });
    assert.equal((await prisma.programme.findUniqueOrThrow({ where: { id: t.programmeId } })).templateTitle, 'Подготовка к аттестации на первую категорию');

    const copy = await post(own.methodistAgent, `/programmes/templates/${template.id}/copy`);
    assert.equal(copy.status, 303);
    const copied = await prisma.programmeTemplate.findFirstOrThrow({ where: { organizationId: own.organization.id, title: 'Подготовка к аттестации на первую категорию (копия)' }, include: { items: true } });
    assert.equal(copied.items.length, 1);
    // Editing the template changes no programme made from it.
    await post(own.methodistAgent, `/programmes/templates/${template.id}/items/${saved.id}`, { section: 'Аттестация', activity: 'Изменённое мероприятие', form: 'Консультация', month: '3', responsible: 'BOTH' });
    assert.equal(await prisma.planItem.count({ where: { programmeId: t.programmeId, activity: 'Изменённое мероприятие' } }), 0);
    assert.equal(await prisma.planItem.count({ where: { programmeId: t.programmeId, activity: 'Портфолио к аттестации' } }), 1);
    assert.equal((await post(own.methodistAgent, `/programmes/templates/${copied.id}/archive`, { archived: 'true' })).status, 303);
    assert.ok((await prisma.programmeTemplate.findUniqueOrThrow({ where: { id: copied.id } })).archivedAt);
    assert.match((await own.methodistAgent.get('/programmes/templates')).text, /в архиве/);
    const other = await newOrg();
    assert.equal((await other.methodistAgent.get(`/programmes/templates/${template.id}`)).status, 404);
  });
});

describe('the printed programme', () => {
  test('PDF and DOCX in office layout: approval block, goal, the plan by sections, signatures', async () => {
    const t = await team();
    await approved(t);
    const pdf = await binary(t.menteeAgent.get(`/programmes/${t.programmeId}.pdf`));
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const text = plain((await extractText(await getDocumentProxy(new Uint8Array(pdf.body as Buffer)), { mergePages: true })).text);
    assert.match(text, /УТВЕРЖДАЮ/);
    assert.match(text, /ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА/);
    assert.match(text, /Первый год молодого специалиста/);
    assert.match(text, /Цель программы/);
    assert.match(text, /Работа с родителями/);
    assert.match(text, /Куратор наставничества/);
    // The signatures name the mentee by initials and surname. The test's surnames end in a random tag
    // («Молодцова-84oxe») that the narrow signature column may break anywhere: the surname itself is checked.
    const readable = (await pdfContent(pdf.body as Buffer)).text;
    assert.match(readable, new RegExp(`Наставляемый А\\.С\\. ${t.mentee.staff.lastName.split('-')[0]}-`), readable.slice(-300));
    const docx = await binary(org.methodistAgent.get(`/programmes/${t.programmeId}.docx`));
    assert.equal(docx.status, 200);
    assert.match(String(docx.headers['content-type']), /wordprocessingml/);
    assert.match(docxFileText(docx.body as Buffer), /План мероприятий/);
    assert.equal((await t.menteeAgent.get(`/programmes/${t.programmeId}.txt`)).status, 404);
    assert.ok((await prisma.auditLog.count({ where: { action: 'programme.download', entityId: String(t.programmeId) } })) >= 2);
  });
});
