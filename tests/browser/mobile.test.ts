/**
 * The portal on a small phone (360 × 740, touch): no sideways scrolling, a working skip link,
 * visible keyboard focus, and axe on the pages an administrator opens first.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContextOptions, Page } from 'playwright-core';
import {
  assertAccessible,
  assertLanded,
  assertNoHorizontalOverflow,
  assertNoPageErrors,
  navigation,
  PHONE,
  startBrowserApp,
  type BrowserApp,
} from '../helpers/browser.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, TEST_PASSWORD } from '../helpers/factories.ts';

let web: BrowserApp | undefined;
let staff: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
/** The administrator's logged-in cookies, so each test starts signed in without repeating the login. */
let signedIn: BrowserContextOptions;

before(async () => {
  staff = await createOrganizationWithStaff(sharedDatabase().prisma);
  web = await startBrowserApp({ db: sharedDatabase() });
});

after(async () => {
  await web?.close();
  await sharedDatabase().close();
});

/** Untyped access to the page's globals (the project's TypeScript has no DOM lib). */
const activeElement = (page: Page) =>
  page.evaluate(() => {
    const el = (globalThis as any).document.activeElement;
    return el ? { tag: el.tagName.toLowerCase(), id: el.id as string, className: String(el.className), text: String(el.textContent).trim() } : null;
  });

test('logging in on a phone: login page, dashboard and users list fit the screen and pass axe', async (t) => {
  const page = await web!.newPage(PHONE);
  // Serious and critical violations fail the test; lesser ones are reported beside it.
  const lesser = new Set<string>();
  const checkAccessibility = async (label: string) => {
    for (const id of await assertAccessible(page, label)) lesser.add(`${label}: ${id}`);
  };
  const start = await navigation(page, () => page.goto('/login'));
  await assertLanded(page, start, { path: '/login' });
  assert.equal(await page.evaluate(() => (globalThis as any).window.innerWidth), 360);
  await assertNoHorizontalOverflow(page, 'login page');
  await checkAccessibility('login page (phone)');

  await page.getByLabel('Логин').fill(staff.admin.login);
  await page.getByLabel('Пароль').fill(TEST_PASSWORD);
  const dashboard = await navigation(page, () => page.getByRole('button', { name: 'Войти' }).tap());
  await assertLanded(page, dashboard, { path: '/' });
  assert.equal(await page.locator('ol.stage-list > li').count(), 7);
  await assertNoHorizontalOverflow(page, 'dashboard');
  await checkAccessibility('dashboard (phone)');

  // The header and the closed menu leave the screen to the page: the menu opens with its button.
  const header = await page.locator('header.site-header').boundingBox();
  assert.ok(header && header.height <= 185, `the header takes ${header?.height} px of 740 (was ~430 with the open menu)`);
  const menu = page.getByRole('navigation', { name: 'Основное меню' });
  assert.equal(await menu.getByRole('link', { name: 'Пользователи' }).isVisible(), false, 'the menu is closed on a phone');
  await menu.getByText('Меню', { exact: true }).tap();
  const users = await navigation(page, () => menu.getByRole('link', { name: 'Пользователи' }).tap());
  await assertLanded(page, users, { path: '/users' });
  // Four staff of this organization, each as a stacked card.
  assert.equal(await page.locator('table.table tbody tr').count(), 4);
  assert.ok(await page.getByRole('link', { name: staff.teacher.fullName }).isVisible());
  await assertNoHorizontalOverflow(page, 'users list');
  await checkAccessibility('users list (phone)');

  signedIn = { ...PHONE, storageState: await page.context().storageState() };
  assertNoPageErrors(page);
  if (lesser.size) t.diagnostic(`moderate/minor axe findings: ${[...lesser].join('; ')}`);
});

test('the skip link appears on focus and moves the focus to the main content', async () => {
  assert.ok(signedIn, 'needs the login of the first test');
  const page = await web!.newPage(signedIn);
  await assertLanded(page, await navigation(page, () => page.goto('/users')), { path: '/users' });
  const skip = page.getByRole('link', { name: 'Перейти к содержанию' });

  const hidden = await skip.boundingBox();
  assert.ok(hidden && hidden.y + hidden.height <= 0, `the skip link is off screen until focused: ${JSON.stringify(hidden)}`);

  await page.keyboard.press('Tab');
  const focused = await activeElement(page);
  assert.equal(focused?.className, 'skip-link', `the first Tab reaches the skip link, not ${JSON.stringify(focused)}`);
  const shown = await skip.boundingBox();
  assert.ok(
    shown && shown.y >= 0 && shown.x >= 0 && shown.x + shown.width <= 360 && shown.y + shown.height <= 740,
    `the focused skip link is on screen: ${JSON.stringify(shown)}`,
  );

  await page.keyboard.press('Enter');
  await page.waitForURL('**/users#main');
  await page
    .waitForFunction(() => (globalThis as any).document.activeElement?.id === 'main', undefined, { timeout: 2000 })
    .catch(async () => assert.fail(`focus moved to <main id="main">, not ${JSON.stringify(await activeElement(page))}`));
  // The next Tab continues inside the main content, not back in the header.
  await page.keyboard.press('Tab');
  const next = await page.evaluate(() => Boolean((globalThis as any).document.activeElement?.closest('main')));
  assert.ok(next, `after the skip link, Tab goes on inside <main>: ${JSON.stringify(await activeElement(page))}`);
  assertNoPageErrors(page);
});

test('keyboard focus on a link is visible', async () => {
  assert.ok(signedIn, 'needs the login of the first test');
  const page = await web!.newPage(signedIn);
  await assertLanded(page, await navigation(page, () => page.goto('/')), { path: '/' });

  // Tab through the header until a menu link has the focus; on a phone the menu opens with Enter on its button.
  let inMenu = false;
  for (let i = 0; i < 10 && !inMenu; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => Boolean((globalThis as any).document.activeElement?.matches('summary.main-nav__toggle')))) await page.keyboard.press('Enter');
    inMenu = await page.evaluate(() => Boolean((globalThis as any).document.activeElement?.closest('nav.main-nav a')));
  }
  assert.ok(inMenu, `Tab reaches the main menu; focus is on ${JSON.stringify(await activeElement(page))}`);

  const style = await page.evaluate(() => {
    const { document, window } = globalThis as any;
    const el = document.activeElement;
    const css = window.getComputedStyle(el);
    return {
      text: String(el.textContent).trim(),
      focusVisible: el.matches(':focus-visible') as boolean,
      outlineStyle: css.outlineStyle as string,
      outlineWidth: parseFloat(css.outlineWidth),
      outlineColor: css.outlineColor as string,
    };
  });
  assert.ok(style.focusVisible, `the link «${style.text}» matches :focus-visible`);
  assert.notEqual(style.outlineStyle, 'none', `the focused link «${style.text}» has an outline: ${JSON.stringify(style)}`);
  assert.ok(style.outlineWidth >= 2, `the outline is at least 2 px: ${JSON.stringify(style)}`);
  assertNoPageErrors(page);
});
