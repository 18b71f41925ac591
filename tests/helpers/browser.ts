/**
 * Browser tests: the real app on a real HTTP port, driven by a real (headless) Chromium through
 * playwright-core, with axe-core for automated accessibility checks.
 *
 * Chromium comes from the OS (Debian: `apt-get install chromium`), not from Playwright's downloads.
 * When it is missing the tests FAIL with a message saying so: CI installs it, and a silently skipped
 * browser suite would hide regressions.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page, type Response } from 'playwright-core';
import type { Database } from '../../src/core/database/client.ts';
import { createHttpServer } from '../../src/core/http-server.ts';
import { testApp, type TestApp } from './app.ts';

/** The OS Chromium; CHROMIUM_PATH overrides it (e.g. on a developer's machine). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** WCAG 2.0/2.1, levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
export const PHONE: BrowserContextOptions = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

export interface BrowserApp {
  /** http://127.0.0.1:<port> */
  baseURL: string;
  browser: Browser;
  /** A new, isolated browser context (own cookies) with one page, closed by close(). */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Closes the pages, the browser, the HTTP server and the app (not the database: its owner closes it). */
  close(): Promise<void>;
}

function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: the browser tests need it. ` +
        'Install it (Debian/Ubuntu: `apt-get install chromium`) or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/** Starts the real app on 127.0.0.1 (random port) and a headless Chromium. One per test file. */
export async function startBrowserApp(options: { db: Database }): Promise<BrowserApp> {
  const browser = await launchBrowser();
  let app: TestApp | undefined;
  let server: http.Server | undefined;
  try {
    app = testApp({ db: options.db });
    server = createHttpServer(app); // as `npm start` serves it
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await browser.close();
    await app?.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const baseURL = `http://127.0.0.1:${port}`;
  const contexts = new Set<BrowserContext>();

  return {
    baseURL,
    browser,
    async newPage(contextOptions = DESKTOP) {
      const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', ...contextOptions, baseURL });
      context.setDefaultTimeout(10_000);
      context.setDefaultNavigationTimeout(15_000);
      contexts.add(context);
      context.once('close', () => contexts.delete(context));
      const page = await context.newPage();
      watchPageErrors(page);
      return page;
    },
    async close() {
      await Promise.allSettled([...contexts].map((c) => c.close()));
      await browser.close();
      await new Promise<void>((resolve) => {
        server!.close(() => resolve());
        server!.closeAllConnections();
      });
      await app!.close();
    },
  };
}

// ---- navigation -------------------------------------------------------------------------------

export interface Landing {
  /** Status of the final document (after any redirects). */
  status: number;
  /** Path of the final document. */
  path: string;
}

/**
 * Runs an action that navigates the page (a click on a submit button or a link, a `goto`) and waits
 * until the final document (after redirects) has loaded. Returns its status and path.
 */
export async function navigation(page: Page, action: () => Promise<unknown>): Promise<Landing> {
  const finalResponse = page.waitForResponse(
    (r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame() && !isRedirect(r),
  );
  const loaded = page.waitForEvent('load');
  // Should the action throw, these are left waiting: keep their later rejection from going unhandled.
  finalResponse.catch(() => {});
  loaded.catch(() => {});
  await action();
  const [response] = await Promise.all([finalResponse, loaded]);
  return { status: response.status(), path: new URL(page.url()).pathname };
}

function isRedirect(response: Response): boolean {
  return response.status() >= 300 && response.status() < 400;
}

/** Asserts where a navigation ended up; on a surprise, the message shows the page's heading and alerts. */
export async function assertLanded(page: Page, landing: Landing, expected: { path: string | RegExp; status?: number }): Promise<void> {
  const pathOk = typeof expected.path === 'string' ? landing.path === expected.path : expected.path.test(landing.path);
  const statusOk = landing.status === (expected.status ?? 200);
  if (pathOk && statusOk) return;
  const heading = await page.locator('h1').first().textContent({ timeout: 1000 }).catch(() => null);
  const alerts = await page.locator('[role=alert], .field__error').allTextContents().catch(() => []);
  assert.fail(
    `expected ${expected.status ?? 200} at ${expected.path}, got ${landing.status} at ${landing.path}` +
      `\n  h1: ${heading?.trim() ?? '(none)'}` +
      (alerts.length ? `\n  messages: ${alerts.map((a) => a.replace(/\s+/g, ' ').trim()).join(' | ')}` : ''),
  );
}

// ---- errors in the page -----------------------------------------------------------------------

const pageErrors = new WeakMap<Page, string[]>();

/** Records uncaught script errors and console errors (CSP violations land there). */
function watchPageErrors(page: Page): void {
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium logs every 4xx document (a 422 form, a 401 login) as a failed load: expected here.
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) return;
    errors.push(`console: ${message.text()}`);
  });
}

export function assertNoPageErrors(page: Page): void {
  const errors = pageErrors.get(page) ?? [];
  assert.deepEqual(errors, [], `errors in the page:\n${errors.join('\n')}`);
}

// ---- accessibility ----------------------------------------------------------------------------

/**
 * Runs axe (WCAG 2.0/2.1 A and AA) on the page as it is now. `serious` describes every violation of
 * impact "serious" or "critical" (rule ids, help texts and the offending elements' selectors), empty
 * when there are none; `lesser` lists the moderate/minor violations' rule ids.
 */
export async function accessibilityReport(page: Page): Promise<{ serious: string[]; lesser: string[] }> {
  // Only violations are read: axe skips collecting the details of passed and incomplete checks (faster).
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).options({ resultTypes: ['violations'] }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `      ${n.target.map(String).join(' >>> ')}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\s*\n\s*/g, ' ')}` : ''}`)
        .join('\n');
      const more = v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
    });
  const lesser = results.violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical').map((v) => `${v.id} (${v.impact ?? 'unknown'})`);
  return { serious, lesser };
}

/**
 * Fails on any serious or critical axe violation of the page as it is now (see accessibilityReport).
 * Returns the lesser (moderate/minor) violations' rule ids, for the caller to report if it likes.
 */
export async function assertAccessible(page: Page, label: string): Promise<string[]> {
  const { serious, lesser } = await accessibilityReport(page);
  if (serious.length) {
    assert.fail(`${label} (${page.url()}): ${serious.length} serious/critical accessibility violation(s):\n${serious.join('\n')}`);
  }
  return lesser;
}

// ---- layout -----------------------------------------------------------------------------------

/** Fails when the page scrolls sideways; names the elements sticking out past the viewport's right edge. */
export async function assertNoHorizontalOverflow(page: Page, label: string): Promise<void> {
  const result = await page.evaluate(() => {
    // No DOM lib in this project's TypeScript config: the page's globals are reached untyped.
    const { document, window } = globalThis as any;
    const viewport: number = window.innerWidth;
    const scrollWidth: number = document.documentElement.scrollWidth;
    const wide: string[] = [];
    if (scrollWidth > viewport) {
      // No named helper functions in here: tsx would wrap them in a `__name()` the page does not have.
      for (const el of document.body.querySelectorAll('*')) {
        const right = el.getBoundingClientRect().right;
        if (right <= viewport + 0.5) continue;
        const classes = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        wide.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${classes} (right edge ${Math.round(right)} px)`);
        if (wide.length >= 10) break;
      }
    }
    return { viewport, scrollWidth, wide };
  });
  assert.ok(
    result.scrollWidth <= result.viewport,
    `${label}: the page is ${result.scrollWidth} px wide in a ${result.viewport} px viewport; sticking out:\n  ${result.wide.join('\n  ')}`,
  );
}

/**
 * Opens the main menu when it waits behind its «Меню» button (a phone: views/layouts/top.ejs); on a wide screen
 * the menu is always open and nothing happens.
 */
export async function openMenu(page: Page): Promise<void> {
  const toggle = page.locator('summary.main-nav__toggle');
  if (!(await toggle.isVisible())) return;
  const open = await page.locator('details.main-nav__menu').evaluate((d) => (d as unknown as { open: boolean }).open);
  if (!open) await toggle.click();
}
