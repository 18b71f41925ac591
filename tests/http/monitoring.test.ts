/**
 * Monitoring (stage 6, src/modules/monitoring): each key indicator on hand-made data of a past school year —
 * a pair ended early, a group, a draft that never formed, a programme without items, a withdrawn request, a
 * young specialist who left, an organization with no data at all — then the page, the lists behind its
 * figures (figure = list), the school-year selector, the charts with their tables, access and the dashboard.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import type supertest from 'supertest';
import ExcelJS from 'exceljs';
import type { Prisma } from '../../src/core/database/client.ts';
import { keyIndicators, keyIndicatorsOf } from '../../src/modules/monitoring/index.ts';
import { ruDate, schoolYearOf, todayIn } from '../../src/domain/dates.ts';
import { stageStates } from '../../src/modules/roadmap/index.ts';
import { loginAs, testApp, type Agent, type TestApp } from '../helpers/app.ts';
import { totalOf } from '../helpers/dashboard.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createPairRow, createStaffMember } from '../helpers/factories.ts';
import { docxFileText, pdfContent } from '../helpers/documents.ts';
import { assertValidHtml } from '../helpers/html-validator.ts';
import { scopeFor } from '../helpers/scope.ts';

const YEAR = 2024;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
/** Noon in Moscow on that day: the same day in the organization's zone. */
const moment = (iso: string) => new Date(`${iso}T09:00:00Z`);

type Org = Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let org: Org;
let empty: Org;
let app: TestApp;
let methodist: Agent;
let head: Agent;
let teacher: Agent;
let ids: Record<string, number>;
/** Marks the mentor present at a set-up session (made by fillYear, for its organization). */
let attended: (startsAt: string, status: 'HELD' | 'CANCELLED') => Promise<void>;

async function menteeEntry(prisma: Prisma, organizationId: number, staffMemberId: number, enteredOn: string, options: { status?: 'PAIRED' | 'WITHDRAWN' | 'NEW'; category?: 'YOUNG_SPECIALIST' | 'NEW_EMPLOYEE' } = {}) {
  return prisma.menteeEntry.create({
    data: { organizationId, staffMemberId, schoolYear: YEAR, category: options.category ?? 'YOUNG_SPECIALIST', status: options.status ?? 'PAIRED', enteredAt: moment(enteredOn) },
  });
}

/** A school year 2024/25 of one kindergarten, every case of the rules in it. */
async function fillYear(prisma: Prisma, organizationId: number) {
  const staff = (lastName: string, archivedAt: Date | null = null) => createStaffMember(prisma, organizationId, { lastName, archivedAt });
  const mentor = await staff('Наставникова');
  const stays = await staff('Остаётся');
  const leaves = await staff('Уходит', moment('2025-03-01'));
  const groupMate = await staff('Групповая');
  const waiting = await staff('Ждёт');
  const withdrawn = await staff('Отозвала');
  const e1 = await menteeEntry(prisma, organizationId, stays.id, '2024-09-01');
  const e2 = await menteeEntry(prisma, organizationId, leaves.id, '2024-09-10');
  await menteeEntry(prisma, organizationId, groupMate.id, '2024-10-01', { category: 'NEW_EMPLOYEE' });
  await menteeEntry(prisma, organizationId, waiting.id, '2024-09-05', { status: 'NEW' });
  await menteeEntry(prisma, organizationId, withdrawn.id, '2024-09-05', { status: 'WITHDRAWN' });
  // A pair that completed its year: the request waited 10 days.
  const completed = await createPairRow(prisma, organizationId, {
    mentors: [{ staffMemberId: mentor.id }],
    mentees: [{ staffMemberId: stays.id, menteeEntryId: e1.id }],
    status: 'COMPLETED',
    startsOn: '2024-09-11',
    endedOn: '2025-05-31',
  });
  // A group ended early: 20 days for the request of 10.09; the group mate's request came after the start (0 days).
  const group = await createPairRow(prisma, organizationId, {
    mentors: [{ staffMemberId: mentor.id }],
    mentees: [{ staffMemberId: leaves.id, menteeEntryId: e2.id }, { staffMemberId: groupMate.id }],
    status: 'ENDED_EARLY',
    form: 'GROUP',
    startsOn: '2024-09-30',
    endedOn: '2025-03-01',
  });
  // A draft never formed: the waiting mentee in it still has no mentor.
  await createPairRow(prisma, organizationId, { mentors: [{ staffMemberId: mentor.id }], mentees: [{ staffMemberId: waiting.id }], status: 'DRAFT', startsOn: '2024-10-01' });
  // A pair of the year before: not formed in 2024/25.
  await createPairRow(prisma, organizationId, { mentors: [{ staffMemberId: mentor.id }], mentees: [{ staffMemberId: withdrawn.id }], status: 'COMPLETED', startsOn: '2023-09-01', endedOn: '2024-05-31' });

  const programme = await prisma.programme.create({
    data: { organizationId, pairId: completed.id, title: 'Программа Остаётся', startsOn: day('2024-09-11'), endsOn: day('2025-05-31'), status: 'COMPLETED', completedAt: moment('2025-05-20') },
  });
  const item = (activity: string, dueOn: string, status: 'DONE' | 'PLANNED' | 'CANCELLED', doneOn: string | null = null) =>
    prisma.planItem.create({ data: { organizationId, programmeId: programme.id, section: 'Адаптация', activity, dueOn: day(dueOn), status, doneOn: doneOn ? day(doneOn) : null } });
  await item('В срок', '2024-10-01', 'DONE', '2024-09-30');
  await item('Позже срока', '2024-11-01', 'DONE', '2024-11-05');
  await item('Не сделано', '2024-12-01', 'PLANNED');
  await item('Отменено', '2024-12-10', 'CANCELLED');
  await item('Следующий год', '2025-10-01', 'PLANNED');
  // The group's programme was closed early and has no items at all.
  await prisma.programme.create({
    data: { organizationId, pairId: group.id, title: 'Программа группы', startsOn: day('2024-09-30'), endsOn: day('2025-05-31'), status: 'CLOSED_EARLY', closedAt: moment('2025-03-01') },
  });
  await prisma.programmeAssessment.createMany({
    data: [
      { organizationId, programmeId: programme.id, staffMemberId: stays.id, role: 'MENTEE', score: 9, text: 'Запрос решён' },
      { organizationId, programmeId: programme.id, staffMemberId: mentor.id, role: 'MENTOR', score: 7, text: 'Результаты достигнуты' },
    ],
  });

  // Check-ins of the completed pair (8 and 6) and one of the year before (not counted).
  const checkin = await prisma.questionnaire.create({ data: { organizationId, title: 'Как идёт работа в паре?', audience: 'MENTOR_MONITORING', status: 'PUBLISHED', templateKey: 'pair-checkin' } });
  const checkinVersion = await prisma.questionnaireVersion.create({ data: { questionnaireId: checkin.id, number: 1, questions: [] } });
  const answer = (questionnaireId: number, versionId: number, staffMemberId: number, subject: { type: 'PAIR' | 'PROGRAMME'; id: number; occasion: string }, answers: object, submittedOn: string) =>
    prisma.questionnaireResponse.create({
      data: { organizationId, questionnaireId, versionId, staffMemberId, subjectType: subject.type, subjectId: subject.id, occasion: subject.occasion, status: 'SUBMITTED', answers, submittedAt: moment(submittedOn) },
    });
  await answer(checkin.id, checkinVersion.id, stays.id, { type: 'PAIR', id: completed.id, occasion: 'checkin-1' }, { score: 8 }, '2024-10-11');
  await answer(checkin.id, checkinVersion.id, mentor.id, { type: 'PAIR', id: completed.id, occasion: 'checkin-1' }, { score: 6 }, '2024-10-12');
  await answer(checkin.id, checkinVersion.id, mentor.id, { type: 'PAIR', id: completed.id, occasion: 'checkin-0' }, { score: 1 }, '2024-05-12');
  // The end-of-programme monitoring questionnaire: the mentee answered (9), the mentor did not.
  const monitoring = await prisma.questionnaire.create({ data: { organizationId, title: 'Анкета наставляемого', audience: 'MENTEE_MONITORING', status: 'PUBLISHED' } });
  const monitoringVersion = await prisma.questionnaireVersion.create({ data: { questionnaireId: monitoring.id, number: 1, questions: [] } });
  await answer(monitoring.id, monitoringVersion.id, stays.id, { type: 'PROGRAMME', id: programme.id, occasion: '' }, { satisfaction: 9, helped: 'Открытые показы' }, '2025-05-25');
  // The mentor attended a held set-up session of the year; the one of the year before and a cancelled one do not count.
  attended = async (startsAt: string, status: 'HELD' | 'CANCELLED') => {
    const event = await prisma.event.create({ data: { organizationId, title: `Сессия ${startsAt}`, kind: 'SETUP_SESSION', startsAt: new Date(`${startsAt}T07:00:00Z`), durationMinutes: 60, audience: 'MENTORS', status } });
    await prisma.eventInvitation.create({ data: { organizationId, eventId: event.id, staffMemberId: mentor.id, attended: true } });
  };
  await attended('2024-05-10', 'HELD');
  await attended('2024-11-10', 'CANCELLED');
  // Qualification history. Counts: «Остаётся» rose (first → highest) after her pair started, in the year. Not:
  // «Уходит» rose before her group started; «Групповая» went down, and rose only in the next year; «Ждёт» rose
  // without a mentor (a draft is no pair); the mentor is no mentee; passing «соответствие» is no category.
  const change = (staffMemberId: number, fromCategory: string, toCategory: string, effectiveOn: string) =>
    prisma.staffCategoryChange.create({ data: { organizationId, staffMemberId, fromCategory, toCategory, effectiveOn: day(effectiveOn), source: 'FORM' } as never });
  await change(stays.id, 'NONE', 'CORRESPONDENCE', '2024-12-01');
  await change(stays.id, 'FIRST', 'HIGHEST', '2025-02-10');
  await change(leaves.id, 'NONE', 'FIRST', '2024-09-20');
  await change(groupMate.id, 'HIGHEST', 'FIRST', '2025-01-01');
  await change(groupMate.id, 'FIRST', 'HIGHEST', '2025-09-05');
  await change(waiting.id, 'NONE', 'FIRST', '2025-01-10');
  await change(mentor.id, 'HIGHEST', 'MENTOR', '2025-01-10');
  return { mentor: mentor.id, stays: stays.id, leaves: leaves.id, completedPair: completed.id, groupPair: group.id, programme: programme.id };
}

before(async () => {
  const { prisma } = sharedDatabase();
  org = await createOrganizationWithStaff(prisma);
  empty = await createOrganizationWithStaff(prisma);
  ids = await fillYear(prisma, org.organization.id);
  app = testApp();
  methodist = await loginAs(app, org.methodist);
  head = await loginAs(app, org.head);
  teacher = await loginAs(app, org.teacher);
});
after(() => app.close());

describe('the key indicators (named rules, one statement)', () => {
  test('each indicator counts what its rule says, edge cases included', async () => {
    const k = await keyIndicators(scopeFor(org.organization), YEAR);
    assert.equal(k.pairsFormed, 2, 'the completed pair and the group ended early; not the draft, not last year’s pair');
    assert.equal(k.groupsFormed, 1);
    assert.equal(k.menteesWithMentor, 3, 'the two young specialists and the group mate');
    assert.equal(k.menteesWithoutMentor, 1, 'the one in a draft; the withdrawn request is not counted');
    assert.equal(k.averageWaitDays, 10, '(10 + 20 + 0) / 3');
    assert.equal(k.planItemsDue, 3, 'cancelled and next year’s items are not due');
    assert.equal(k.planItemsOnTime, 1);
    assert.equal(k.planItemsOnTimePercent, 33);
    assert.equal(k.programmesCompleted, 1, 'a programme closed early is not completed');
    assert.equal(k.checkinAnswers, 2);
    assert.equal(k.checkinAverage, 7);
    assert.equal(k.assessmentAnswers, 2);
    assert.equal(k.assessmentAverage, 8);
    assert.equal(k.monitoringExpected, 2, 'the mentor and the mentee of the completed programme');
    assert.equal(k.monitoringAnswered, 1);
    assert.equal(k.satisfactionAnswers, 1);
    assert.equal(k.satisfactionAverage, 9);
    assert.equal(k.youngSpecialists, 2);
    assert.equal(k.youngSpecialistsStayed, 1, 'the one archived within a year of her pair’s start left');
    assert.equal(k.menteesCategoryRose, 1, 'a rise after the pair started, in the year; not before it, not next year, not down, not without a mentor, not a mentor');
    assert.equal(k.mentorsOfYear, 1, 'one mentor leads both formed pairs of the year');
    assert.equal(k.mentorsInEvents, 0, 'an event of the year before and a cancelled one are not attended events of the year');
    await attended('2024-10-15', 'HELD');
    assert.equal((await keyIndicators(scopeFor(org.organization), YEAR)).mentorsInEvents, 1, 'a held set-up session of the year');
  });

  test('a school year without data, and an organization without any: zeros and «no data», never a division by zero', async () => {
    const next = await keyIndicators(scopeFor(org.organization), YEAR + 2);
    assert.equal(next.pairsFormed, 0);
    assert.equal(next.averageWaitDays, null);
    assert.equal(next.planItemsOnTimePercent, null);
    assert.equal(next.checkinAverage, null);
    const none = await keyIndicators(scopeFor(empty.organization), YEAR);
    assert.deepEqual(
      { ...none, organizationId: 0 },
      {
        organizationId: 0, schoolYear: YEAR, pairsFormed: 0, groupsFormed: 0, menteesWithMentor: 0, menteesWithoutMentor: 0, averageWaitDays: null,
        planItemsDue: 0, planItemsOnTime: 0, planItemsOnTimePercent: null, programmesCompleted: 0, checkinAnswers: 0, checkinAverage: null,
        assessmentAnswers: 0, assessmentAverage: null, monitoringExpected: 0, monitoringAnswered: 0, satisfactionAnswers: 0, satisfactionAverage: null,
        youngSpecialists: 0, youngSpecialistsStayed: 0, growthMentees: 0, growthAverageDelta: null, mentorsOfYear: 0, mentorsInEvents: 0, menteesCategoryRose: 0,
      },
    );
  });

  test('many organizations at once (the city page) read the same figures as each one alone', async () => {
    const { portal } = sharedDatabase();
    // Many: each row's organization joined for its time zone; one alone: its scope's zone as a value (clockOf).
    const many = await keyIndicatorsOf(portal, [org.organization.id, empty.organization.id], YEAR);
    assert.deepEqual(many.get(org.organization.id), await keyIndicators(scopeFor(org.organization), YEAR));
    assert.deepEqual(many.get(empty.organization.id), await keyIndicators(scopeFor(empty.organization), YEAR));
    assert.equal((await keyIndicatorsOf(portal, [], YEAR)).size, 0);
    // A few figures (what the city page shows): the same values, only those.
    const { organizationId, schoolYear, pairsFormed, menteesWithoutMentor, mentorsInEvents } = (await keyIndicatorsOf(portal, [org.organization.id], YEAR))!.get(org.organization.id)!;
    const some = await keyIndicatorsOf(portal, [org.organization.id], YEAR, undefined, ['pairsFormed', 'menteesWithoutMentor', 'mentorsInEvents']);
    assert.deepEqual(some.get(org.organization.id), { organizationId, schoolYear, pairsFormed, menteesWithoutMentor, mentorsInEvents });
  });
});

describe('the monitoring page', () => {
  test('shows the year’s figures; each figure with a list opens exactly its rows (figure = list)', async () => {
    const res = await methodist.get(`/monitoring?year=${YEAR}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /за 2024\/2025 учебный год/);
    assert.match(res.text, /<option value="2024" selected>2024\/2025<\/option>/);
    const figures = [...res.text.matchAll(/<a href="([^"]+)" data-figure="(\d+)">/g)].map(([, href, count]) => ({ href: href!.replace(/&amp;/g, '&'), count: Number(count) }));
    assert.ok(figures.length >= 10, 'the counted figures link to their lists');
    for (const figure of figures) {
      const list = await methodist.get(figure.href);
      assert.equal(list.status, 200, figure.href);
      assert.equal(totalOf(list.text, null), figure.count, figure.href);
    }
    const formed = await methodist.get(`/monitoring/lists/pairs-formed?year=${YEAR}`);
    await assertValidHtml([{ label: 'GET /monitoring', html: res.text }, { label: 'GET /monitoring/lists/pairs-formed', html: formed.text }]);
    assert.match(formed.text, new RegExp(`href="/pairs/${ids.completedPair}"`));
    assert.match(formed.text, new RegExp(`href="/pairs/${ids.groupPair}"`));
    assert.match(res.text, /Наставляемых, у которых повысилась категория/);
    const rose = await methodist.get(`/monitoring/lists/category-rose?year=${YEAR}`);
    assert.equal(totalOf(rose.text, null), 1);
    assert.match(rose.text, new RegExp(`href="/staff/${ids.stays}"`));
    assert.match(rose.text, /Категория: первая → высшая; наставник с 11\.09\.2024/);
    assert.ok(figures.some((f) => f.href === `/monitoring/lists/category-rose?year=${YEAR}` && f.count === 1), 'the figure links to its list');
    const stayed = await methodist.get(`/monitoring/lists/young-specialists-stayed?year=${YEAR}`);
    assert.match(stayed.text, /Остаётся/);
    assert.doesNotMatch(stayed.text, /Уходит/);
  });

  test('each chart is a safe SVG with a table of the same numbers behind it', async () => {
    const res = await methodist.get(`/monitoring?year=${YEAR}`);
    const { document } = parseHTML(res.text);
    const charts = Array.from(document.querySelectorAll('figure.q-chart svg')) as unknown as Element[];
    assert.equal(charts.length, 3);
    for (const svg of charts) {
      assert.equal(svg.getAttribute('role'), 'img');
      assert.ok(svg.querySelector('title')?.textContent?.startsWith('Диаграмма: '));
      assert.equal(svg.querySelector('script, foreignObject, style'), null);
      const table = svg.closest('article')!.querySelector('table');
      assert.ok(table, 'a table behind the chart');
    }
    assert.match(res.text, /<td data-label="Мероприятия">Выполнены в срок<\/td><td data-label="Количество">1 \(33%\)<\/td>/);
  });

  test('the school year defaults to the current one; an unknown list is 404', async () => {
    const res = await head.get('/monitoring');
    assert.equal(res.status, 200);
    assert.match(res.text, /<option value="2024">2024\/2025<\/option>/, 'a year with data stays choosable');
    assert.equal((await methodist.get('/monitoring/lists/nothing')).status, 404);
    assert.equal((await methodist.get('/monitoring?year=abc')).status, 200);
  });

  test('the methodist and the head read it; a teacher does not', async () => {
    assert.equal((await teacher.get('/monitoring')).status, 403);
    assert.equal((await teacher.get(`/monitoring/lists/pairs-formed?year=${YEAR}`)).status, 403);
    assert.equal((await head.get(`/monitoring/lists/pairs-formed?year=${YEAR}`)).status, 200);
  });

  test('another organization’s rows never show', async () => {
    const other = await loginAs(app, empty.methodist);
    const res = await other.get(`/monitoring/lists/pairs-formed?year=${YEAR}`);
    assert.equal(totalOf(res.text, null), 0);
  });
});

function binary(res: supertest.Request) {
  return res.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}

/** Spaces and soft hyphens as a reader sees them. */
const plain = (text: string) => text.replace(/[\u00ad]/g, '').replace(/\u2011/g, '-').replace(/[\s\u00a0]+/g, ' ');

describe('the annual report', () => {
  test('DOCX and PDF say the year’s figures, the competences, the charts as tables and the SWOT', async () => {
    for (const format of ['docx', 'pdf'] as const) {
      const res = await binary(methodist.get(`/monitoring/report.${format}?year=${YEAR}`));
      assert.equal(res.status, 200, format);
      const text = plain(format === 'docx' ? docxFileText(res.body as Buffer) : (await pdfContent(res.body as Buffer)).text);
      assert.match(text, /ОТЧЁТ/i, format);
      assert.match(text, /о реализации системы наставничества за 2024\/2025 учебный год/, format);
      assert.match(text, /Сформировано пар и групп 2/, format);
      assert.match(text, /Доля мероприятий, выполненных в срок 33 %/, format);
      assert.match(text, /Средняя оценка встреч \(1–10\) 7/, format);
      assert.match(text, /Рисунок 1 — Наставляемые учебного года/, format);
      assert.match(text, /С наставником 3 \(75%\)/, format);
      assert.match(text, /Наставляемых, у которых повысилась категория 1/, format);
      assert.match(text, /SWOT-анализ/, format);
      assert.match(text, /Куратор наставничества/, format);
    }
    assert.equal((await head.get(`/monitoring/report.docx?year=${YEAR}`)).status, 200);
    assert.equal((await teacher.get(`/monitoring/report.pdf?year=${YEAR}`)).status, 403);
    assert.equal((await methodist.get(`/monitoring/report.txt?year=${YEAR}`)).status, 404);
  });

  test('the raw tables as XLSX read back: the indicators and every list behind a figure', async () => {
    const res = await binary(methodist.get(`/monitoring/report.xlsx?year=${YEAR}`));
    assert.equal(res.status, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    const rowsOf = (name: string) => (workbook.getWorksheet(name)?.getSheetValues() ?? []).filter(Boolean).map((r) => (r as unknown[]).slice(1).map((c) => String(c ?? '')));
    const summary = rowsOf('Показатели');
    assert.ok(summary.some((c) => c[0] === 'Сформировано пар и групп' && c[1] === '2'));
    assert.ok(summary.some((c) => c[0] === 'Наставляемых без наставника' && c[1] === '1'));
    // Every list behind a figure is a sheet; its rows are the figure's (the heading and the header row aside).
    const formed = rowsOf('Пары и группы');
    assert.equal(formed.length - 2, 2);
    assert.ok(formed.some((c) => c[0] === `Пара (группа) № ${ids.completedPair}`));
    assert.equal(rowsOf('Остались в профессии').length - 2, 1);
    assert.ok(summary.some((c) => c[0] === 'Наставляемых, у которых повысилась категория' && c[1] === '1'));
    assert.equal(rowsOf('Категория повысилась').length - 2, 1);
    assert.equal(workbook.worksheets.length, 2 + 15);
  });
});

describe('«Отчёт за год сформирован»', () => {
  const itemOf = (html: string) => /<li class="checklist__item checklist__item--(\w+)" data-item="annual-report">([\s\S]*?)<\/li>/.exec(html);

  test('the methodist forms the year’s report (POST + CSRF); forming again replaces the record; both audited; the head only reads', async () => {
    const before = await methodist.get(`/monitoring?year=${YEAR}`);
    assert.match(before.text, /Отчёт за 2024\/2025 учебный год ещё не сформирован/);
    assert.match(before.text, /<button type="submit" class="button">Сформировать отчёт<\/button>/);
    const headPage = await head.get(`/monitoring?year=${YEAR}`);
    assert.doesNotMatch(headPage.text, /Сформировать отчёт/, 'the head reads, does not form');
    assert.equal((await head.post('/monitoring/report/form').type('form').send({ _csrf: head.csrf, year: String(YEAR) })).status, 403);
    assert.equal((await teacher.post('/monitoring/report/form').type('form').send({ _csrf: teacher.csrf, year: String(YEAR) })).status, 403);
    assert.equal((await methodist.post('/monitoring/report/form').type('form').send({ year: String(YEAR) })).status, 403, 'no CSRF token');
    assert.equal(await sharedDatabase().prisma.monitoringAnnualReport.count({ where: { organizationId: org.organization.id } }), 0);

    const formed = await methodist.post('/monitoring/report/form').type('form').send({ _csrf: methodist.csrf, year: String(YEAR) });
    assert.equal(formed.status, 303);
    assert.equal(formed.headers.location, `/monitoring?year=${YEAR}`);
    const { prisma } = sharedDatabase();
    const first = await prisma.monitoringAnnualReport.findFirstOrThrow({ where: { organizationId: org.organization.id, schoolYear: YEAR } });
    assert.equal(first.formedById, org.methodist.id);
    assert.match(first.contentSha256, /^[0-9a-f]{64}$/);
    const after = await methodist.get(`/monitoring?year=${YEAR}`);
    assert.match(after.text, /Отчёт за 2024\/2025 учебный год сформирован<\/strong>/);
    assert.match(after.text, /Сформировать заново/);
    await assertValidHtml([{ label: 'GET /monitoring (formed)', html: after.text }]);

    assert.equal((await methodist.post('/monitoring/report/form').type('form').send({ _csrf: methodist.csrf, year: String(YEAR) })).status, 303);
    assert.equal(await prisma.monitoringAnnualReport.count({ where: { organizationId: org.organization.id, schoolYear: YEAR } }), 1, 'replaced, not a second record');
    const audits = await prisma.auditLog.findMany({ where: { organizationId: org.organization.id, action: 'monitoring.report-formed' }, orderBy: { id: 'asc' } });
    assert.deepEqual(audits.map((a) => (a.details as { replaced: boolean }).replaced), [false, true]);
  });

  test('the dashboard’s stage 6 says whether this school year’s report is formed, with a link to form it; the stage state reads it', async () => {
    const other = await createOrganizationWithStaff(sharedDatabase().prisma);
    const agent = await loginAs(app, other.methodist);
    const current = schoolYearOf(todayIn('Europe/Moscow'));
    const label = `${current}/${current + 1}`;
    const before = itemOf((await agent.get('/')).text);
    assert.ok(before, 'the item is on the dashboard');
    assert.equal(before[1], 'no');
    assert.match(before[2]!, new RegExp(`Отчёт за ${label} учебный год ещё не сформирован`));
    assert.match(before[2]!, /<a class="stage-card__todo" href="\/monitoring">Сформировать отчёт<\/a>/);
    // Another year's report is not this year's.
    await agent.post('/monitoring/report/form').type('form').send({ _csrf: agent.csrf, year: String(current - 1) });
    assert.equal(itemOf((await agent.get('/')).text)![1], 'no');
    assert.equal((await agent.post('/monitoring/report/form').type('form').send({ _csrf: agent.csrf, year: String(current) })).status, 303);
    const after = itemOf((await agent.get('/')).text)!;
    assert.equal(after[1], 'ok');
    assert.match(after[2]!, new RegExp(`Отчёт за ${label} учебный год сформирован ${ruDate(todayIn('Europe/Moscow')).replace(/\./g, '\\.')}`));
    const stage6 = (await stageStates(scopeFor(other.organization))).find((s) => s.number === 6)!;
    assert.ok(!stage6.missing.some((m) => m.key === 'annual-report'), 'the roadmap sees the formed report');
  });
});
