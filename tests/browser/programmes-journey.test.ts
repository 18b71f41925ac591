/**
 * A programme's day-to-day work through the real UI on a 390×844 phone: the mentor opens the plan from the
 * menu, photographs the result of an item (the camera input sends the photo at once) and marks it done; the
 * mentee opens the same item, sees the photo and comments; the methodist finds the progress in her list and on
 * the card, and opens the photo. axe checks each page; no phone page scrolls sideways.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { assertAccessible, assertLanded, assertNoHorizontalOverflow, assertNoPageErrors, navigation, openMenu, startBrowserApp, type BrowserApp } from '../helpers/browser.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createPairRow, createTeacher, TEST_PASSWORD, THIS_SCHOOL_YEAR } from '../helpers/factories.ts';
import { scopeFor } from '../helpers/scope.ts';
import { dayNumber, isoOfDayNumber, todayIn } from '../../src/domain/dates.ts';
import { approveProgramme, draftProgramme, submitProgramme } from '../../src/modules/programmes/index.ts';

const PHONE_390: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };
/** A 1×1 PNG: what matters is that the portal checks it by its bytes. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

const { prisma } = sharedDatabase();
let web: BrowserApp | undefined;
let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let mentor: Awaited<ReturnType<typeof createTeacher>>;
let mentee: Awaited<ReturnType<typeof createTeacher>>;
let programmeId: number;
let item: { id: number; activity: string };

before(async () => {
  org = await createOrganizationWithStaff(prisma);
  const orgId = org.organization.id;
  mentor = await createTeacher(prisma, orgId, { lastName: 'Кузнецова', firstName: 'Ольга', middleName: 'Николаевна', experienceYears: 18 });
  mentee = await createTeacher(prisma, orgId, { lastName: 'Соколова', firstName: 'Анастасия', middleName: 'Игоревна', experienceYears: 1 });
  const entry = await prisma.menteeEntry.create({ data: { organizationId: orgId, staffMemberId: mentee.staff.id, schoolYear: THIS_SCHOOL_YEAR, category: 'YOUNG_SPECIALIST', status: 'PAIRED', requestText: 'Работа с родителями' } });
  const today = todayIn('Europe/Moscow');
  const pair = await createPairRow(prisma, orgId, {
    status: 'ACTIVE',
    activatedAt: new Date(),
    startsOn: isoOfDayNumber(dayNumber(today) - 30),
    plannedEndOn: isoOfDayNumber(dayNumber(today) + 240),
    mentors: [{ staffMemberId: mentor.staff.id }],
    mentees: [{ staffMemberId: mentee.staff.id, menteeEntryId: entry.id }],
  });
  programmeId = (await draftProgramme(scopeFor(org.organization), pair.id))!.id;
  await submitProgramme(scopeFor(org.organization, { ...mentee.user, staffMemberId: mentee.staff.id }), programmeId);
  await approveProgramme(scopeFor(org.organization, org.methodist), programmeId);
  item = await prisma.planItem.findFirstOrThrow({ where: { programmeId }, orderBy: { position: 'asc' }, select: { id: true, activity: true } });
  // A pair at risk: its first item is three days overdue (the rest still ahead) and nothing happened for 25 days.
  await prisma.planItem.updateMany({ where: { programmeId, id: { not: item.id } }, data: { dueOn: new Date(`${isoOfDayNumber(dayNumber(today) + 10)}T00:00:00Z`) } });
  await prisma.planItem.update({ where: { id: item.id }, data: { dueOn: new Date(`${isoOfDayNumber(dayNumber(today) - 3)}T00:00:00Z`) } });
  await prisma.programme.update({ where: { id: programmeId }, data: { lastActivityAt: new Date(Date.now() - 25 * 86_400_000) } });
  web = await startBrowserApp({ db: sharedDatabase() });
});

after(async () => {
  await web?.close();
  await sharedDatabase().close();
});

const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

async function signIn(page: Page, login: string, how: 'tap' | 'click' = 'tap'): Promise<void> {
  await assertLanded(page, await navigation(page, () => page.goto('/login')), { path: '/login' });
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill(TEST_PASSWORD);
  const button = page.getByRole('button', { name: 'Войти' });
  await assertLanded(page, await navigation(page, () => (how === 'tap' ? button.tap() : button.click())), { path: '/' });
}

async function flash(page: Page): Promise<string[]> {
  return (await page.locator('.flash').allTextContents()).map(squash);
}

async function checked(page: Page, label: string): Promise<void> {
  await assertAccessible(page, label);
  await assertNoHorizontalOverflow(page, label);
}

test('the mentor marks an item done with a photo → the mentee comments → the methodist sees the progress and the at-risk list empties', async () => {
  // ---- the methodist: the pair is at risk (quiet, overdue) ----
  const desk = await web!.newPage();
  await signIn(desk, org.methodist.login, 'click');
  await assertLanded(desk, await navigation(desk, () => desk.goto('/pairs/at-risk')), { path: '/pairs/at-risk' });
  assert.equal(await desk.locator('[data-total]').getAttribute('data-total'), '1');
  assert.deepEqual(await desk.locator('.at-risk__reasons li').evaluateAll((lis) => lis.map((li) => (li as unknown as { dataset: { reason: string } }).dataset.reason)), ['quiet', 'overdue']);
  await assertAccessible(desk, 'pairs at risk');

  // ---- the mentor, on the phone ----
  const phone = await web!.newPage(PHONE_390);
  await signIn(phone, mentor.user.login);
  await assertLanded(phone, await navigation(phone, async () => {
    await openMenu(phone);
    await phone.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Программы', exact: true }).tap();
  }), { path: '/programmes' });
  assert.equal(squash(await phone.locator('h1').textContent()), 'Мои программы наставничества');
  await checked(phone, 'the mentor’s programmes');
  await assertLanded(phone, await navigation(phone, () => phone.getByRole('link', { name: 'Первый год молодого специалиста' }).tap()), { path: `/programmes/${programmeId}` });
  assert.match(squash(await phone.locator('.pnp-progress span').first().textContent()), /^Выполнено 0 из \d+ мероприятий \(0 %\)$/);
  await checked(phone, 'the programme card');
  await assertLanded(phone, await navigation(phone, () => phone.getByRole('link', { name: item.activity }).tap()), { path: `/programmes/${programmeId}/items/${item.id}` });
  await checked(phone, 'a plan item');

  // The camera input sends the photo as soon as it is taken.
  const camera = phone.getByLabel('Сфотографировать');
  assert.equal(await camera.getAttribute('capture'), 'environment');
  assert.equal(await camera.getAttribute('accept'), 'image/*');
  assert.equal(await phone.getByLabel('Приложить фото из галереи или документ').getAttribute('accept'), 'image/*,application/pdf');
  await assertLanded(phone, await navigation(phone, () => camera.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PHOTO })), { path: `/programmes/${programmeId}/items/${item.id}` });
  assert.ok((await flash(phone)).includes('Файл приложен к мероприятию'));
  assert.equal(await phone.locator('.pnp-files a', { hasText: 'photo.png' }).count(), 1);

  await assertLanded(phone, await navigation(phone, () => phone.getByRole('button', { name: 'Отметить выполненным' }).tap()), { path: `/programmes/${programmeId}/items/${item.id}` });
  assert.ok((await flash(phone)).includes('Статус мероприятия сохранён'));
  assert.equal(squash(await phone.locator('h1 + p .status').textContent()), 'выполнено');
  await phone.getByRole('radio', { name: '5' }).check();
  await assertLanded(phone, await navigation(phone, () => phone.getByRole('button', { name: 'Сохранить отметку' }).tap()), { path: `/programmes/${programmeId}/items/${item.id}` });
  await checked(phone, 'a plan item done, with its photo');
  assertNoPageErrors(phone);

  // ---- the mentee, on her phone ----
  const menteePhone = await web!.newPage(PHONE_390);
  await signIn(menteePhone, mentee.user.login);
  await assertLanded(menteePhone, await navigation(menteePhone, () => menteePhone.goto(`/programmes/${programmeId}`)), { path: `/programmes/${programmeId}` });
  assert.match(squash(await menteePhone.locator('.pnp-progress span').first().textContent()), /^Выполнено 1 из \d+ мероприятий/);
  await assertLanded(menteePhone, await navigation(menteePhone, () => menteePhone.getByRole('link', { name: item.activity }).tap()), { path: `/programmes/${programmeId}/items/${item.id}` });
  assert.match(squash(await menteePhone.locator('.pnp-marks').textContent()), /наставник Кузнецова Ольга Николаевна: 5 — отлично/);
  await menteePhone.getByLabel('Ваш комментарий').fill('Спасибо! По фото видно, что дети освоились — попробую так же на прогулке.');
  await assertLanded(menteePhone, await navigation(menteePhone, () => menteePhone.getByRole('button', { name: 'Отправить комментарий' }).tap()), { path: `/programmes/${programmeId}/items/${item.id}` });
  assert.ok((await flash(menteePhone)).includes('Комментарий добавлен'));
  assert.match(squash(await menteePhone.locator('.pnp-comment--mine').textContent()), /Соколова Анастасия Игоревна \(наставляемый\).*Спасибо! По фото видно/);
  await checked(menteePhone, 'a plan item with a comment');
  assertNoPageErrors(menteePhone);

  // ---- the methodist sees the progress ----
  await assertLanded(desk, await navigation(desk, () => desk.goto('/programmes')), { path: '/programmes' });
  const card = desk.locator('.pnp-card', { hasText: 'Кузнецова О.Н. → Соколова А.И.' });
  assert.match(squash(await card.textContent()), /выполняется .*Выполнено 1 из \d+ мероприятий/);
  await assertAccessible(desk, 'the methodist’s list');
  await assertLanded(desk, await navigation(desk, () => card.getByRole('link', { name: 'Первый год молодого специалиста' }).click()), { path: `/programmes/${programmeId}` });
  const row = desk.locator('.pnp-item', { hasText: item.activity });
  assert.match(squash(await row.textContent()), /выполнено.*отметки: наставник 5.*комментариев: 1.*файлов: 1/);
  await assertLanded(desk, await navigation(desk, () => row.getByRole('link', { name: item.activity }).click()), { path: `/programmes/${programmeId}/items/${item.id}` });
  const photo = await desk.request.get(String(await desk.locator('.pnp-files a', { hasText: 'photo.png' }).getAttribute('href')));
  assert.equal(photo.status(), 200);
  assert.equal(photo.headers()['content-type'], 'image/png');
  assert.equal(await desk.getByRole('button', { name: 'Отметить выполненным' }).count(), 0, 'the methodist reads the pair’s work, she does not do it');
  // The work resumed and the overdue item is done: the at-risk list empties, and so does its figure.
  await assertLanded(desk, await navigation(desk, () => desk.goto('/pairs/at-risk')), { path: '/pairs/at-risk' });
  assert.equal(await desk.locator('[data-total]').getAttribute('data-total'), '0');
  assert.match(squash(await desk.locator('main').textContent()), /Пар под риском нет/);
  await assertLanded(desk, await navigation(desk, () => desk.goto('/')), { path: '/' });
  assert.equal(await desk.locator('[data-item="at-risk"] [data-figure]').getAttribute('data-figure'), '0');
  assertNoPageErrors(desk);

  const saved = await prisma.planItem.findUniqueOrThrow({ where: { id: item.id }, include: { marks: true, comments: true } });
  assert.equal(saved.status, 'DONE');
  assert.deepEqual(saved.marks.map((m) => [m.role, m.mark]), [['MENTOR', 5]]);
  assert.equal(saved.comments.length, 1);
  assert.equal((await prisma.programme.findUniqueOrThrow({ where: { id: programmeId } })).status, 'IN_PROGRESS');
});
