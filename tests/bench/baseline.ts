/**
 * The yardstick (issue 13, «a fair floor»): for each benchmarked page, the least code that does the same data work and
 * renders the same HTML — plain Express 5 + pg Pool + EJS: no ORM, no helmet, no logging, no CSRF. Like any real page
 * it reads the session and its user: the signed `nastavnik.sid` cookie is checked with the portal's secret, and the
 * session row, its user with the organization and the bell's unread count are read with the portal's one statement
 * (core/session-store.ts sessionReadStatement; the session version checked). Without a valid session: 303 to /login,
 * as the portal. The page's own statements and HTML are recorded from the portal (FloorPage, tests/bench/bench.ts).
 */
import crypto from 'node:crypto';
import path from 'node:path';
import express, { type Request } from 'express';
import pg from 'pg';
import { DIRECT_READ_SESSION_OPTIONS, DIRECT_STATEMENT_PREFIX } from '../../src/core/database/direct-reads.ts';
import { projectRoot } from '../../src/core/database/migrate.ts';
import { createHttpServer, giveAppItsOwnClasses } from '../../src/core/http-server.ts';
import { sessionReadStatement } from '../../src/core/session-store.ts';
import { SESSION_FIGURES } from '../../src/modules/index.ts';

export interface Baseline {
  url: string;
  pool: pg.Pool;
  /** Adds the floor of one more portal page (see FloorPage) and returns its address. */
  addFloor(page: FloorPage): string;
  close(): Promise<void>;
}

/**
 * The floor of a portal page recorded from the portal itself (tests/bench/bench.ts recordFloor): the page's own
 * SQL statements — the very text and parameters the portal sent, minus the session, user and bell statements that
 * the floor sends itself like every page here — in the same order and with the same concurrency (statements the
 * portal had in flight together are sent together), and the page's HTML. The floor renders that same HTML through
 * EJS with every text node as escaped data (`<%= %>`) and the markup between as raw output: the same bytes and
 * the same escaping work as a bare template that prints those rows. What it does not do is the portal's own
 * machinery (Prisma, helmet, logging, CSRF, the layout's helpers, the scoped client) — the cost the ratio measures —
 * and the page's domain work in JavaScript (e.g. the matching scores), which therefore counts against the portal.
 */
export interface FloorPage {
  /** A short name for the address: /floor/<name>. */
  name: string;
  /**
   * Statement groups: the statements of a group are sent at once, a group after the previous one answered. A
   * statement the portal sent named (a prepared statement: src/core/database/direct-reads.ts) is replayed under
   * the same name, so PostgreSQL plans it once per connection for the floor too and the ratio keeps measuring
   * the portal's machinery only — and a direct read's statement (named `raw_…`) on a session with the direct reads'
   * own setting (generic plans, client.ts `directPool`), as the portal runs it.
   */
  statements: { text: string; name?: string; values: unknown[] }[][];
  html: string;
  /** A public page: no session, no user. */
  anonymous: boolean;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#34;': '"', '&#x27;': "'", '&nbsp;': '\u00a0' };

/** The page's HTML as markup and text nodes (decoded, so that EJS's escaping gives back the same bytes). */
export function htmlSegments(html: string): { text: boolean; value: string }[] {
  return html
    .split(/(<[^>]*>)/)
    .filter((part) => part !== '')
    .map((part) =>
      part.startsWith('<') ? { text: false, value: part } : { text: true, value: part.replace(/&(?:amp|lt|gt|quot|#39|#34|#x27|nbsp);/g, (e) => ENTITIES[e]!) },
    );
}

/** express-session's cookie: «s:» + id + «.» + base64 HMAC-SHA256 of the id (cookie-signature), URL-encoded. */
function unsignedSessionId(cookieHeader: string | undefined, secret: string): string | null {
  const raw = cookieHeader?.split(/;\s*/).find((c) => c.startsWith('nastavnik.sid='))?.slice('nastavnik.sid='.length);
  if (!raw) return null;
  const value = decodeURIComponent(raw);
  if (!value.startsWith('s:')) return null;
  const dot = value.lastIndexOf('.');
  const sid = value.slice(2, dot);
  const expected = crypto.createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '');
  const given = Buffer.from(value.slice(dot + 1));
  return given.length === expected.length && crypto.timingSafeEqual(given, Buffer.from(expected)) ? sid : null;
}

/**
 * `appClasses`: serve the floors as the portal is served — requests and responses born with the app's prototypes
 * (src/core/http-server.ts) — instead of plain `http.createServer(app)`, where Express re-parents each of them
 * (BENCH_FLOOR_CLASSES=1: what the portal's machinery costs beyond that fix of Express's own cost).
 */
export async function startBaseline(databaseUrl: string, sessionSecret: string, poolSize = 10, appClasses = false): Promise<Baseline> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, idleTimeoutMillis: 30_000 });
  pool.on('error', () => {});
  // The direct reads' statements run as the portal runs them: on sessions planning them generically, same size.
  const directPool = new pg.Pool({ connectionString: databaseUrl, max: Math.max(2, Math.ceil(poolSize / 2)), idleTimeoutMillis: 30_000, options: DIRECT_READ_SESSION_OPTIONS });
  directPool.on('error', () => {});
  const poolOf = (name: string | undefined) => (name?.startsWith(DIRECT_STATEMENT_PREFIX) ? directPool : pool);

  /**
   * The session, its user and the bell's count, with the one statement the portal sends (its columns are what a page
   * shows of the user: here they are in the recorded HTML already); false: not signed in.
   */
  const sessionRead = sessionReadStatement(SESSION_FIGURES);
  async function signedIn(req: Request): Promise<boolean> {
    const sid = unsignedSessionId(req.headers.cookie, sessionSecret);
    if (!sid) return false;
    const { rows } = await pool.query<{ id: number; sessionVersion: number; sess: { passport?: { user?: { id: number; v: number } } } }>(
      // The config as a literal, as the portal's session store writes it (a spread is V8's slow copy).
      { name: sessionRead.name, text: sessionRead.text, values: [sid, Math.ceil(Date.now() / 1000)] },
    );
    const row = rows[0];
    const stored = row?.sess.passport?.user;
    return Boolean(row && stored && row.id === stored.id && row.sessionVersion === stored.v);
  }
  const app = express();
  if (appClasses) giveAppItsOwnClasses(app);
  app.set('views', path.join(projectRoot, 'tests/bench')); // its templates stay here when the bench runs compiled
  app.set('view engine', 'ejs');
  app.set('view cache', true);
  app.disable('x-powered-by');
  // Handlers still running when the load generator hangs up (it stops mid-request) must finish
  // before close() ends the pool, or they fail with «Cannot use a pool after calling end».
  let inFlight = 0;

  // Recorded floors (FloorPage): one template for all, compiled once by EJS's view cache.
  function addFloor(page: FloorPage): string {
    const segments = htmlSegments(page.html);
    const path = `/floor/${page.name}`;
    app.get(path, async (req, res) => {
      inFlight++;
      try {
        if (!page.anonymous && !(await signedIn(req))) return res.redirect(303, '/login');
        const results: unknown[][] = [];
        for (const group of page.statements) {
          const answers = await Promise.all(group.map((s) => poolOf(s.name).query({ name: s.name, text: s.text, values: s.values })));
          for (const answer of answers) results.push(answer.rows);
        }
        res.render('baseline-floor', { segments, results });
      } finally {
        inFlight--;
      }
    });
    return path;
  }

  const server = createHttpServer(app); // plain http.createServer(app) unless the app was given its classes
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pool,
    addFloor: (page) => `http://127.0.0.1:${port}${addFloor(page)}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 2000);
      await closed;
      clearTimeout(force);
      for (let waited = 0; inFlight > 0 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      await Promise.all([pool.end(), directPool.end()]);
    },
  };
}
