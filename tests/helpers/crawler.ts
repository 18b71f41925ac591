/**
 * Every page of the demo, as every role: the demo kindergarten (`npm run demo`'s data) in a database of
 * its own, a real Chromium that signs in as the given demo accounts (null: an anonymous visitor), and
 * follows every same-origin link it sees. `crawlDemoAs([...])` registers the tests of one file; the
 * work is spread over a few files (tests/browser/crawl-*.test.ts) so that each stays well inside the
 * runner's per-file timeout on a loaded machine, and the files run in parallel. A role with many pages
 * is split: every part fetches all of that role's pages (fast, no rendering: status codes and links),
 * but only the pages of its share of the patterns go through axe and the HTML checker.
 *
 * It fails on any 5xx (pages and downloads), on a link that answers 403 or 404 to the role it is shown
 * to, on any serious or critical axe finding, and on any error of the Nu HTML checker (all pages of the
 * file's roles checked in one JVM run at the end; the 404 page is visited on purpose to be checked too).
 *
 * GET only: forms are never submitted (logout is a POST form, so it is never followed). Downloads
 * (PDF, DOCX, XLSX, CSV, scans) are fetched with the page's cookies and only their status is checked.
 * Bounded: URLs are deduplicated by path and normalised query, and at most PER_PATTERN pages are
 * visited per pattern (the path with numeric segments read as :id; a list's sort, filter and page
 * links are variants of one pattern).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import { parseHTML } from 'linkedom';
import type { Page } from 'playwright-core';
import { fillDemo } from '../../prisma/demo.ts';
import { DEMO_ORGANIZATION, demoLogin } from '../../prisma/demo-data.ts';
import { TEST_UPLOADS_DIR } from './app.ts';
import { accessibilityReport, startBrowserApp, type BrowserApp } from './browser.ts';
import { freshDatabase } from './database.ts';
import { formatHtmlErrors, validateHtml, type HtmlPage } from './html-validator.ts';

const PASSWORD = 'Демо-пароль-для-обхода-1';
const PER_PATTERN = 3;
/** A safety net against a crawler bug (a link that makes new URLs forever); far above the real count. */
const MAX_PAGES_PER_ROLE = 400;
const DOWNLOAD = /\.(pdf|docx|xlsx|csv|xml|zip)$|\/scan$/i;
const NEVER = /^\/(logout|assets\/)/;

/** Path and query with the keys sorted and empty values dropped: «/staff?sort=name&q=» → «/staff?sort=name». */
function normalise(url: URL): string {
  const params = [...url.searchParams.entries()].filter(([, v]) => v !== '').sort(([a, av], [b, bv]) => a.localeCompare(b) || av.localeCompare(bv));
  const query = new URLSearchParams(params).toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

/**
 * «/orders/12?page=2» → «/orders/:id»: pages of one pattern share their template, a few of them are
 * enough (a list's sort, filter and page links are variants of one page).
 */
function patternOf(url: URL): string {
  return url.pathname.replace(/\/\d+(?=\/|\.|$)/g, '/:id');
}

interface RoleResult {
  visited: number;
  downloads: number;
  serverErrors: string[];
  accessibility: string[];
  /** Links shown to the role that answer 403/404. */
  deadLinks: string[];
}

/** Not linked from anywhere: visited to check the error page itself. */
const MISSING_PAGE = '/no-such-page';

/** The links of a page as the server sent it. */
function linksOf(html: string): { href: string; download: boolean }[] {
  const { document } = parseHTML(html);
  return Array.from(document.querySelectorAll('a[href]')).map((a) => ({ href: a.getAttribute('href') ?? '', download: a.hasAttribute('download') }));
}

async function signIn(page: Page, login: string): Promise<void> {
  await page.goto('/login');
  await page.locator('input[name=username]').fill(login);
  await page.locator('input[name=password]').fill(PASSWORD);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: 'Войти' }).click()]);
}

/**
 * A demo login by its short name ('head' signs in as «demo.head»; null: an anonymous visitor), or a login
 * with a share of its checks: the patterns
 * are dealt into `of` parts, and this crawl checks the parts listed in `parts` (0-based).
 */
export type CrawlRole = string | null | { login: string; parts: number[]; of: number };

/** Which part a pattern's checks belong to: a stable hash, so the parts together check every pattern once. */
function partOf(pattern: string, of: number): number {
  return crypto.createHash('sha1').update(pattern).digest().readUInt32BE(0) % of;
}

/** « (parts 2, 3 of 3)» */
function shareOf(role: CrawlRole): string {
  return typeof role === 'object' && role ? ` (part${role.parts.length > 1 ? 's' : ''} ${role.parts.map((p) => p + 1).join(', ')} of ${role.of})` : '';
}

async function crawlAs(web: BrowserApp, role: CrawlRole, pages: HtmlPage[], stats: string[]): Promise<RoleResult> {
  const page = await web.newPage();
  const login = typeof role === 'object' && role ? role.login : role;
  const who = `${login ?? 'anonymous'}${shareOf(role)}`;
  const mine = (pattern: string) => typeof role !== 'object' || role === null || role.parts.includes(partOf(pattern, role.of));
  if (login) await signIn(page, demoLogin(login));
  const origin = new URL(web.baseURL).origin;
  const result: RoleResult = { visited: 0, downloads: 0, serverErrors: [], accessibility: [], deadLinks: [] };
  const seen = new Set<string>();
  const perPattern = new Map<string, number>();
  const axeDone = new Set<string>();
  const queue: { url: string; download: boolean; from: string }[] = [];

  const enqueue = (href: string, download: boolean, from: string) => {
    let url: URL;
    try {
      url = new URL(href, origin);
    } catch {
      return;
    }
    if (url.origin !== origin || NEVER.test(url.pathname)) return;
    url.hash = '';
    const key = normalise(url);
    if (seen.has(key)) return;
    seen.add(key);
    const pattern = patternOf(url);
    const count = perPattern.get(pattern) ?? 0;
    if (count >= PER_PATTERN) return;
    perPattern.set(pattern, count + 1);
    queue.push({ url: key, download: download || DOWNLOAD.test(url.pathname), from });
  };
  enqueue(login ? '/' : '/login', false, '(start)');
  // The organization's public page (no login): its news, feeds and collection are public on purpose.
  if (!login) enqueue(`/p/${DEMO_ORGANIZATION.slug}`, false, '(start)');
  enqueue(MISSING_PAGE, false, '(start)');

  // Pages are fetched with the browser's cookies but without rendering them (fast); the first page
  // of each pattern is also opened in the browser for axe, which needs the rendered page.
  const request = page.context().request;
  const axeTimes: [number, string][] = [];
  const crawlStarted = performance.now();
  while (queue.length && result.visited < MAX_PAGES_PER_ROLE) {
    const { url, download, from } = queue.shift()!;
    // A download has no links to follow: only the part that checks its pattern fetches it.
    if (download && !mine(patternOf(new URL(url, origin)))) continue;
    result.visited++;
    const response = await request.get(url, { maxRedirects: download ? 0 : 5 });
    const status = response.status();
    const where = `${who} GET ${url} (linked from ${from}): ${status}`;
    if (status >= 500) result.serverErrors.push(where);
    else if ((status === 403 || status === 404) && url !== MISSING_PAGE) result.deadLinks.push(where);
    if (download) {
      result.downloads++;
      await response.dispose();
      continue;
    }
    const finalUrl = new URL(response.url());
    const finalPath = normalise(finalUrl);
    const html = (response.headers()['content-type'] ?? '').startsWith('text/html') ? await response.text() : null;
    await response.dispose();
    if (html === null) continue;
    for (const link of linksOf(html)) enqueue(link.href, link.download, url);

    const pattern = patternOf(finalUrl);
    if (!mine(pattern)) continue;
    pages.push({ label: `${who} GET ${url}${finalPath !== url ? ` → ${finalPath}` : ''} (${status})`, html });
    if (!axeDone.has(pattern)) {
      axeDone.add(pattern);
      const axeStarted = performance.now();
      await page.goto(url, { waitUntil: 'load' });
      const { serious } = await accessibilityReport(page);
      axeTimes.push([performance.now() - axeStarted, pattern]);
      if (serious.length) result.accessibility.push(`${who} ${url}:\n${serious.join('\n')}`);
    }
  }
  await page.context().close();
  const axeTotal = axeTimes.reduce((sum, [ms]) => sum + ms, 0);
  const slowest = axeTimes.sort((a, b) => b[0] - a[0]).slice(0, 3).map(([ms, p]) => `${p} ${(ms / 1000).toFixed(1)} s`).join(', ');
  stats.push(
    `${who}: ${result.visited} URLs (${result.downloads} downloads), ${perPattern.size} patterns in ${((performance.now() - crawlStarted) / 1000).toFixed(0)} s; ` +
      `axe on ${axeDone.size} in ${(axeTotal / 1000).toFixed(0)} s (slowest: ${slowest})`,
  );
  assert.ok(result.visited < MAX_PAGES_PER_ROLE, `${who}: the crawl hit its cap of ${MAX_PAGES_PER_ROLE} URLs`);
  return result;
}

/** Registers the crawl of the demo as each of `roles` and the validation of what it saw. */
export function crawlDemoAs(roles: CrawlRole[]): void {
  let fresh: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  let web: BrowserApp | undefined;
  /** Every HTML page fetched, for the one validator run at the end. */
  const pages: HtmlPage[] = [];
  const stats: string[] = [];

  before(async () => {
    const started = performance.now();
    fresh = await freshDatabase();
    // The demo's evidence files go where the app under test reads them.
    await fillDemo(fresh.db, PASSWORD, TEST_UPLOADS_DIR);
    web = await startBrowserApp({ db: fresh.db });
    stats.push(`demo database and browser ready in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  });

  after(async () => {
    await web?.close();
    await fresh?.drop();
    if (stats.length) console.log(`# crawl:\n#   ${stats.join('\n#   ')}`);
  });

  for (const role of roles) {
    const login = typeof role === 'object' && role ? role.login : role;
    const part = shareOf(role);
    test(`crawl the demo as ${login ?? 'an anonymous visitor'}${part}: no 5xx, no dead link, no serious or critical axe finding`, async (t) => {
      const result = await crawlAs(web!, role, pages, stats);
      t.diagnostic(stats.at(-1) ?? '');
      assert.ok(result.visited >= (login ? 10 : 1), `${login}: only ${result.visited} URLs reached — did the login work?`);
      assert.deepEqual(result.serverErrors, [], `server errors:\n${result.serverErrors.join('\n')}`);
      assert.deepEqual(result.deadLinks, [], `links this role is shown but cannot follow:\n${result.deadLinks.join('\n')}`);
      assert.equal(result.accessibility.length, 0, `serious or critical accessibility violations:\n${result.accessibility.join('\n')}`);
    });
  }

  test(`every page the crawl saw is valid HTML (Nu HTML checker, one run)`, async () => {
    assert.ok(pages.length >= roles.length * 5, `only ${pages.length} pages were checked`);
    const started = Date.now();
    const errors = await validateHtml(pages);
    stats.push(`Nu HTML checker: ${pages.length} pages in ${((Date.now() - started) / 1000).toFixed(1)} s, ${errors.length} error(s)`);
    assert.equal(errors.length, 0, `${errors.length} HTML validation error(s) in ${new Set(errors.map((e) => e.label)).size} of ${pages.length} pages:\n${formatHtmlErrors(errors)}`);
  });
}
