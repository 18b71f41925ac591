/**
 * Stages 4, 5 and 1 of the roadmap through the real UI: the methodist picks the mentor the matching
 * ranks first (with its reasons), forms the pair, proposes it and drafts the assignment order from the
 * pair's card, then submits it; the head sees it waiting on the dashboard and approves it (number and
 * date given); the mentor and the mentee (on a phone) acknowledge it; the methodist sees the full
 * acknowledgment sheet, downloads the PDF and finds the pair working.
 * axe checks the pages named in the brief; the mentee's phone page must not scroll sideways.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import {
  assertAccessible,
  assertLanded,
  assertNoHorizontalOverflow,
  assertNoPageErrors,
  navigation,
  openMenu,
  startBrowserApp,
  type BrowserApp,
} from '../helpers/browser.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { addBankMentee, addBankMentor, createOrganizationWithStaff, createUser, recordConsent, TEST_PASSWORD } from '../helpers/factories.ts';

/** A mid-size phone (iPhone 12–15 class). */
const PHONE_390: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };

const TOPICS = ['Работа с родителями (законными представителями)', 'Развивающая предметно-пространственная среда'];
const REQUEST = 'Хочу научиться проводить родительские собрания и обновить среду группы.';
const MENTOR = { lastName: 'Крылова', firstName: 'Наталья', middleName: 'Викторовна' };
const MENTEE = { lastName: 'Соколова', firstName: 'Дарья', middleName: 'Андреевна' };
const MENTOR_NAME = 'Крылова Наталья Викторовна';
const MENTEE_NAME = 'Соколова Дарья Андреевна';

const { prisma } = sharedDatabase();
let web: BrowserApp | undefined;
let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let mentor: Awaited<ReturnType<typeof addBankMentor>> & { login: string };
let mentee: Awaited<ReturnType<typeof addBankMentee>> & { login: string };

/** A TEACHER account linked to a staff member (the way the staff module links them). */
async function accountFor(organizationId: number, staff: { id: number }, fullName: string) {
  const user = await createUser(prisma, organizationId, { fullName });
  await prisma.user.update({ where: { id: user.id }, data: { staffMemberId: staff.id } });
  return user;
}

before(async () => {
  // An organization of its own: its first approved order of the year is № 1 with the factory's suffix «-од».
  org = await createOrganizationWithStaff(prisma);
  const orgId = org.organization.id;
  const topicIds = await Promise.all(TOPICS.map(async (name, i) => (await prisma.topic.create({ data: { organizationId: orgId, name, sortOrder: i } })).id));

  const m = await addBankMentor(prisma, orgId, { topicIds, maxMentees: 2, staff: { ...MENTOR, experienceYears: 18, position: 'воспитатель' } });
  await recordConsent(prisma, orgId, m.staff.id, 'MENTORING');
  mentor = { ...m, login: (await accountFor(orgId, m.staff, MENTOR_NAME)).login };

  const e = await addBankMentee(prisma, orgId, { topicIds, status: 'IN_BANK', requestText: REQUEST, staff: { ...MENTEE, experienceYears: 1, position: 'воспитатель' } });
  mentee = { ...e, login: (await accountFor(orgId, e.staff, MENTEE_NAME)).login };

  web = await startBrowserApp({ db: sharedDatabase() });
});

after(async () => {
  await web?.close();
  await sharedDatabase().close();
});

const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
/** Line wraps and no-break spaces as spaces, non-breaking hyphens as hyphens (as in the PDF's text). */
const plain = (s: string) => s.replace(/\s+/g, ' ').replace(/\u2011/g, '-');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function text(page: Page, selector: string): Promise<string> {
  return squash(await page.locator(selector).first().textContent());
}

async function assertFlash(page: Page, expected: RegExp): Promise<void> {
  const messages = (await page.locator('.flash').allTextContents()).map(squash);
  assert.ok(messages.some((m) => expected.test(m)), `${new URL(page.url()).pathname}: expected a message matching ${expected}, got ${JSON.stringify(messages)}`);
}

async function login(page: Page, loginName: string, tapOrClick: 'tap' | 'click' = 'click'): Promise<void> {
  await assertLanded(page, await navigation(page, () => page.goto('/login')), { path: '/login' });
  await page.getByLabel('Логин').fill(loginName);
  await page.getByLabel('Пароль').fill(TEST_PASSWORD);
  const button = page.getByRole('button', { name: 'Войти' });
  await assertLanded(page, await navigation(page, () => (tapOrClick === 'tap' ? button.tap() : button.click())), { path: '/' });
}

async function menu(page: Page, label: string) {
  await openMenu(page);
  return page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: label, exact: true });
}

/** The cells of the acknowledgment sheet's row for a person. */
async function sheetRow(page: Page, fullName: string): Promise<string> {
  return squash(await page.locator('.order-sheet tbody tr', { hasText: fullName }).textContent());
}

test('stages 4, 5, 1: matching → pair → assignment order → approval → acknowledgment → PDF', async (t) => {
  const lesser = new Set<string>();
  const checkAccessibility = async (page: Page, label: string) => {
    for (const id of await assertAccessible(page, label)) lesser.add(`${label}: ${id}`);
  };
  const pages: Page[] = [];

  // ---- stage 4: the methodist matches the mentee with a mentor ----
  const methodist = await web!.newPage();
  pages.push(methodist);
  await login(methodist, org.methodist.login);
  await assertLanded(methodist, await navigation(methodist, async () => (await menu(methodist, 'Подбор')).click()), { path: '/matching' });
  assert.equal(await text(methodist, 'h1'), 'Подбор наставников');
  const waitingRow = methodist.locator('tbody tr', { hasText: MENTEE_NAME });
  assert.equal(await waitingRow.count(), 1, 'the mentee waits for a mentor');
  assert.match(squash(await waitingRow.textContent()), new RegExp(`${MENTOR_NAME}.*совпадают темы`), 'the best mentor is shown with the reasons');
  await checkAccessibility(methodist, 'matching overview');

  const matchingPage = await navigation(methodist, () => waitingRow.getByRole('link', { name: MENTEE_NAME }).click());
  await assertLanded(methodist, matchingPage, { path: `/matching/mentees/${mentee.entry.id}` });
  assert.equal(await text(methodist, 'h1'), `Подбор наставника: ${MENTEE_NAME}`);
  const first = methodist.locator('ol.match-list > li.match').first();
  assert.equal(await text(methodist, 'ol.match-list > li.match .match__name'), MENTOR_NAME, 'the mentor ranks first');
  const reasons = (await first.locator('.match__factors li').allTextContents()).map(squash);
  assert.ok(
    reasons.some((r) => r.startsWith(`совпадают темы: ${TOPICS.join(', ')}`)),
    `the shared topics are a reason: ${JSON.stringify(reasons)}`,
  );
  assert.ok(reasons.some((r) => /^стаж 18 лет \+\d+$/.test(r)), `the experience is a reason: ${JSON.stringify(reasons)}`);
  await checkAccessibility(methodist, 'matching page of the mentee');

  // ---- stage 5: the pair, prefilled from the match ----
  const pairForm = await navigation(methodist, () => first.getByRole('link', { name: 'Сформировать пару' }).click());
  await assertLanded(methodist, pairForm, { path: '/pairs/new' });
  const formQuery = new URL(methodist.url()).searchParams;
  assert.deepEqual([formQuery.get('mentor'), formQuery.getAll('mentee')], [String(mentor.staff.id), [String(mentee.staff.id)]]);
  const mentors = methodist.getByRole('group', { name: /^Наставник \(наставники\)/ });
  const mentees = methodist.getByRole('group', { name: /^Наставляемый \(наставляемые\)/ });
  assert.equal(await mentors.getByRole('checkbox', { name: new RegExp(`^${MENTOR_NAME}`) }).isChecked(), true, 'the mentor is ticked');
  assert.equal(await mentees.getByRole('checkbox', { name: new RegExp(`^${MENTEE_NAME}`) }).isChecked(), true, 'the mentee is ticked');
  assert.equal(await methodist.getByLabel('Форма наставничества').inputValue(), 'TRADITIONAL');
  assert.match(await methodist.getByLabel('Начало').inputValue(), /^\d{4}-\d{2}-\d{2}$/);
  assert.match(await methodist.getByLabel('Плановое окончание').inputValue(), /^\d{4}-05-31$/);
  assert.match(await methodist.getByLabel('Профессиональный запрос, на который отвечает пара').inputValue(), new RegExp(escapeRegExp(REQUEST)));
  await checkAccessibility(methodist, 'pair form (prefilled)');

  const pairCard = await navigation(methodist, () => methodist.getByRole('button', { name: 'Создать черновик' }).click());
  await assertLanded(methodist, pairCard, { path: /^\/pairs\/\d+$/ });
  const pairId = Number(pairCard.path.split('/').pop());
  await assertFlash(methodist, /Пара \(группа\) создана как черновик/);
  assert.match(await text(methodist, '.status'), /^черновик$/);
  const savedPair = await prisma.pair.findUniqueOrThrow({ where: { id: pairId }, include: { members: true } });
  assert.equal(savedPair.organizationId, org.organization.id);
  assert.equal(savedPair.status, 'DRAFT');
  assert.deepEqual(
    savedPair.members.map((m) => [m.role, m.staffMemberId]).sort(),
    [['MENTEE', mentee.staff.id], ['MENTOR', mentor.staff.id]],
  );
  assert.match(await text(methodist, '.pair-people'), /Согласие на наставническую деятельность \(ст\. 351\.8 ТК РФ\): есть/);

  // The card offers the order once the pair is proposed.
  const proposed = await navigation(methodist, () => methodist.getByRole('button', { name: 'Предложить для приказа' }).click());
  await assertLanded(methodist, proposed, { path: `/pairs/${pairId}` });
  await assertFlash(methodist, /Пара предложена/);
  assert.match(await text(methodist, '.status'), /^предложена$/);

  // ---- stage 1 (the order): drafted from the pair's card ----
  const orderForm = await navigation(methodist, () => methodist.getByRole('link', { name: /^Подготовить приказ о закреплении/ }).click());
  await assertLanded(methodist, orderForm, { path: '/orders/new' });
  const orderQuery = new URL(methodist.url()).searchParams;
  assert.deepEqual([orderQuery.get('kind'), orderQuery.get('pair')], ['ASSIGN_PAIRS', String(pairId)]);
  assert.equal(await methodist.getByLabel('Заголовок приказа').inputValue(), 'О закреплении наставнических пар (групп)');
  const pairBoxes = methodist.getByRole('group', { name: /^Пары \(группы\), которые закрепляет приказ/ }).getByRole('checkbox');
  assert.equal(await pairBoxes.count(), 1, 'the one free pair is offered');
  assert.equal(await pairBoxes.first().isChecked(), true, 'the pair from the card is ticked');
  // The points name the pair (declined: «Крыловой Натальи Викторовны» or the like — the surname's stem is enough).
  assert.match(await methodist.getByLabel('Распорядительная часть: пункты').inputValue(), /Крылов/);
  await checkAccessibility(methodist, 'order form (prefilled)');

  const orderPage = await navigation(methodist, () => methodist.getByRole('button', { name: 'Сохранить проект' }).click());
  await assertLanded(methodist, orderPage, { path: /^\/orders\/\d+$/ });
  const orderId = Number(orderPage.path.split('/').pop());
  const orderPath = `/orders/${orderId}`;
  await assertFlash(methodist, /Проект приказа сохранён/);
  assert.equal(await text(methodist, 'h1'), 'Проект приказа');
  assert.equal(await text(methodist, '.status'), 'проект');
  assert.deepEqual(
    (await prisma.order.findUniqueOrThrow({ where: { id: orderId }, select: { organizationId: true, kind: true, status: true, pairs: { select: { pairId: true } } } })),
    { organizationId: org.organization.id, kind: 'ASSIGN_PAIRS', status: 'DRAFT', pairs: [{ pairId }] },
  );

  // A pair starting before today is «закрепление задним числом»: the submission asks to confirm it.
  const retroactive = methodist.getByLabel(/Подтверждаю закрепление задним числом/);
  if ((await retroactive.count()) > 0) await retroactive.check();
  const submitted = await navigation(methodist, () => methodist.getByRole('button', { name: 'Направить на согласование' }).click());
  await assertLanded(methodist, submitted, { path: orderPath });
  await assertFlash(methodist, /Приказ направлен на согласование заведующему/);
  assert.equal(await text(methodist, '.status'), 'на согласовании');
  assert.equal(await methodist.getByRole('button', { name: 'Утвердить' }).count(), 0, 'the methodist cannot approve');

  // ---- the head approves ----
  const head = await web!.newPage();
  pages.push(head);
  await login(head, org.head.login);
  const awaiting = head.getByRole('region', { name: /^На согласовании: 1$/ });
  assert.equal(await awaiting.count(), 1, 'the dashboard shows «На согласовании: 1»');
  const fromDashboard = await navigation(head, () => awaiting.getByRole('link', { name: 'О закреплении наставнических пар (групп)' }).click());
  await assertLanded(head, fromDashboard, { path: orderPath });
  assert.equal(await text(head, '.status'), 'на согласовании');
  await checkAccessibility(head, 'order page (head, submitted)');

  // «Утвердить» asks for confirmation (public/js/app.js): accept it.
  const confirmations: string[] = [];
  head.once('dialog', async (dialog) => {
    confirmations.push(dialog.message());
    await dialog.accept();
  });
  const approved = await navigation(head, () => head.getByRole('button', { name: 'Утвердить' }).click());
  await assertLanded(head, approved, { path: orderPath });
  assert.deepEqual(confirmations, ['Утвердить приказ? Ему будет присвоен номер, текст больше не изменится.']);

  const order = await prisma.order.findUniqueOrThrow({ where: { id: orderId } });
  assert.equal(order.status, 'APPROVED');
  assert.equal(org.organization.orderSuffix, '-од');
  assert.equal(order.numberText, '1-од', 'the first order of the year in this organization, with its suffix');
  // orderDate is a calendar date column: its UTC day is the date.
  const orderDate = order.orderDate!.toISOString().slice(0, 10).split('-').reverse().join('.');
  await assertFlash(head, new RegExp(`Приказ утверждён: № 1-од от ${escapeRegExp(orderDate)}`));
  assert.equal(await text(head, 'h1'), `Приказ № 1-од от ${orderDate}`);
  assert.equal(await text(head, '.status'), 'утверждён');
  assert.equal(plain(await text(head, '.order-text__number')), `${orderDate} № 1-од`);
  assert.match(await text(head, '.order-sheet'), /Ознакомлены 0 из 2\./);
  await checkAccessibility(head, 'order page (head, approved)');

  // Approval made the pair work and took the mentee out of the waiting list.
  const activePair = await prisma.pair.findUniqueOrThrow({ where: { id: pairId } });
  assert.equal(activePair.status, 'ACTIVE');
  assert.ok(activePair.activatedAt, 'the pair has its activation moment');
  assert.equal((await prisma.menteeEntry.findUniqueOrThrow({ where: { id: mentee.entry.id } })).status, 'PAIRED');

  // ---- the mentor acknowledges (desktop) ----
  const mentorPage = await web!.newPage();
  pages.push(mentorPage);
  await login(mentorPage, mentor.login);
  await assertLanded(mentorPage, await navigation(mentorPage, async () => (await menu(mentorPage, 'Приказы')).click()), { path: '/orders' });
  const mentorRow = mentorPage.locator('tbody tr', { hasText: 'О закреплении наставнических пар (групп)' });
  assert.match(squash(await mentorRow.textContent()), /нужно ознакомиться/);
  await assertLanded(mentorPage, await navigation(mentorPage, () => mentorRow.getByRole('link', { name: `№ 1-од от ${orderDate}` }).click()), { path: orderPath });
  const mentorAck = await navigation(mentorPage, () => mentorPage.getByRole('button', { name: 'Ознакомлен(а)' }).click());
  await assertLanded(mentorPage, mentorAck, { path: orderPath });
  await assertFlash(mentorPage, /Отмечено: вы ознакомлены с приказом/);
  assert.match(await text(mentorPage, '.order-ack'), new RegExp(`Вы ознакомлены с приказом ${escapeRegExp(orderDate.slice(0, 6))}`));
  assert.equal(await mentorPage.getByRole('button', { name: 'Ознакомлен(а)' }).count(), 0, 'acknowledged once');

  // ---- the mentee acknowledges on a phone ----
  const phone = await web!.newPage(PHONE_390);
  pages.push(phone);
  await login(phone, mentee.login, 'tap');
  await assertLanded(phone, await navigation(phone, async () => (await menu(phone, 'Приказы')).tap()), { path: '/orders' });
  await assertLanded(phone, await navigation(phone, () => phone.getByRole('link', { name: `№ 1-од от ${orderDate}` }).tap()), { path: orderPath });
  assert.equal(await text(phone, 'h1'), `Приказ № 1-од от ${orderDate}`);
  assert.match(await text(phone, '.order-ack'), /Вы названы в этом приказе/);
  await checkAccessibility(phone, 'order page (mentee, phone)');
  await assertNoHorizontalOverflow(phone, 'order page (mentee, phone)');
  const menteeAck = await navigation(phone, () => phone.getByRole('button', { name: 'Ознакомлен(а)' }).tap());
  await assertLanded(phone, menteeAck, { path: orderPath });
  await assertFlash(phone, /Отмечено: вы ознакомлены с приказом/);

  // ---- the methodist: the sheet, the PDF, the working pair ----
  await assertLanded(methodist, await navigation(methodist, () => methodist.reload()), { path: orderPath });
  assert.match(await text(methodist, '.order-sheet'), /Ознакомлены 2 из 2\./);
  assert.match(await sheetRow(methodist, MENTOR_NAME), /ознакомлен\(а\) \d{2}\.\d{2}\.\d{4}$/);
  assert.match(await sheetRow(methodist, MENTEE_NAME), /ознакомлен\(а\) \d{2}\.\d{2}\.\d{4}$/);
  const acks = await prisma.orderAcknowledgment.findMany({ where: { orderId }, select: { staffMemberId: true, acknowledgedAt: true } });
  assert.deepEqual(acks.map((a) => a.staffMemberId).sort((a, b) => a - b), [mentor.staff.id, mentee.staff.id].sort((a, b) => a - b));
  assert.ok(acks.every((a) => a.acknowledgedAt), 'both rows acknowledged');

  const [download] = await Promise.all([methodist.waitForEvent('download'), methodist.getByRole('link', { name: 'Скачать PDF' }).click()]);
  assert.match(download.suggestedFilename(), /\.pdf$/);
  const pdf = await fs.readFile(await download.path());
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const pdfText = plain((await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true })).text);
  assert.match(pdfText, /№ 1-од/, 'the PDF has the number');
  assert.match(pdfText, /ПРИКАЗЫВАЮ/);
  assert.ok(pdfText.includes(orderDate), `the PDF has the date ${orderDate}`);
  assert.ok(!pdfText.includes('ПРОЕКТ'), 'an approved order is not marked as a draft');

  const toPair = await navigation(methodist, () => methodist.locator('table').getByRole('link', { name: `№ ${pairId}` }).click());
  await assertLanded(methodist, toPair, { path: `/pairs/${pairId}` });
  assert.equal(await text(methodist, '.status'), 'действует');
  assert.equal(await methodist.getByRole('link', { name: `Приказ № 1-од от ${orderDate}` }).count(), 1, 'the card names the order');

  for (const page of pages) assertNoPageErrors(page);
  if (lesser.size) t.diagnostic(`moderate/minor axe findings: ${[...lesser].join('; ')}`);
});
