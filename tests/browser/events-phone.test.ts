/**
 * The methodist at the door with a phone (360 × 740, touch): the calendar opens as a list, the event page offers
 * «Отметить посещение», the attendance page is a list of people with big tap targets; tapping names and saving
 * marks who came, and the event is held. Every page fits the screen and passes axe.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { todayIn } from '../../src/domain/dates.ts';
import { assertAccessible, assertLanded, assertNoHorizontalOverflow, assertNoPageErrors, navigation, PHONE, startBrowserApp, type BrowserApp } from '../helpers/browser.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createStaffMember, TEST_PASSWORD } from '../helpers/factories.ts';

let web: BrowserApp | undefined;
let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let eventId: number;
const people: { id: number; lastName: string }[] = [];

before(async () => {
  const { prisma } = sharedDatabase();
  org = await createOrganizationWithStaff(prisma);
  for (const lastName of ['Алексеева', 'Борисова', 'Васильева']) people.push(await createStaffMember(prisma, org.organization.id, { lastName }));
  const today = todayIn('Europe/Moscow');
  const event = await prisma.event.create({
    data: { organizationId: org.organization.id, title: 'Установочная сессия для наставников', kind: 'SETUP_SESSION', startsAt: new Date(`${today}T06:00:00Z`), durationMinutes: 90, place: 'Методический кабинет', audience: 'CHOSEN' },
  });
  eventId = event.id;
  await prisma.eventInvitation.createMany({ data: people.map((p) => ({ organizationId: org.organization.id, eventId, staffMemberId: p.id })) });
  web = await startBrowserApp({ db: sharedDatabase() });
});

after(async () => {
  await web?.close();
  await sharedDatabase().close();
});

test('marking attendance on a phone: big tap targets, the list fits the screen, the event becomes held', async (t) => {
  const page = await web!.newPage(PHONE);
  const lesser: string[] = [];
  await assertLanded(page, await navigation(page, () => page.goto('/login')), { path: '/login' });
  await page.getByLabel('Логин').fill(org.methodist.login);
  await page.getByLabel('Пароль').fill(TEST_PASSWORD);
  await assertLanded(page, await navigation(page, () => page.getByRole('button', { name: 'Войти' }).tap()), { path: '/' });

  await assertLanded(page, await navigation(page, () => page.goto('/events')), { path: '/events' });
  assert.equal(await page.locator('.events-list__item').count(), 1, 'the list is the default view');
  await assertNoHorizontalOverflow(page, 'events list');
  lesser.push(...(await assertAccessible(page, 'events list (phone)')));

  await assertLanded(page, await navigation(page, () => page.getByRole('link', { name: 'Установочная сессия для наставников' }).tap()), { path: `/events/${eventId}` });
  await assertNoHorizontalOverflow(page, 'event page');
  await assertLanded(page, await navigation(page, () => page.getByRole('link', { name: 'Отметить посещение' }).tap()), { path: `/events/${eventId}/attendance` });
  await assertNoHorizontalOverflow(page, 'attendance');
  lesser.push(...(await assertAccessible(page, 'attendance (phone)')));

  // Each person is a row at least 44 px high (WCAG 2.5.5 target size), and tapping the name ticks the box.
  for (const person of people.slice(0, 2)) {
    const label = page.locator('.attendance__person', { hasText: person.lastName });
    const box = await label.boundingBox();
    assert.ok(box && box.height >= 44 && box.width >= 300, `${person.lastName}: a big tap target, ${JSON.stringify(box)}`);
    await label.locator('label').tap();
    assert.equal(await label.locator('input').isChecked(), true);
  }
  await assertLanded(page, await navigation(page, () => page.getByRole('button', { name: 'Сохранить посещение' }).tap()), { path: `/events/${eventId}` });
  assert.match(await page.locator('main').innerText(), /проведено/);

  const { prisma } = sharedDatabase();
  const marks = await prisma.eventInvitation.findMany({ where: { eventId }, select: { staffMemberId: true, attended: true }, orderBy: { staffMemberId: 'asc' } });
  assert.deepEqual(marks.map((m) => m.attended), [true, true, false]);
  assert.equal((await prisma.event.findUniqueOrThrow({ where: { id: eventId } })).status, 'HELD');
  assertNoPageErrors(page);
  if (lesser.length) t.diagnostic(`moderate/minor axe findings: ${lesser.join('; ')}`);
});
