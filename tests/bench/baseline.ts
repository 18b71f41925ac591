/**
 * The yardstick: the least code that does the same data work as the portal's lists and renders it
 * with EJS. Plain Express 5 + pg Pool: no ORM, no helmet, no logging, no CSRF — but, like any real page, it reads
 * the session and its user (issue 13, «a fair floor»): the signed `nastavnik.sid` cookie is checked with the
 * portal's secret, and the session row, its user with the organization and the bell's unread count are read with
 * the portal's one statement (core/session-store.ts sessionReadStatement; the session version checked); the lists are of the signed-in user's organization, and
 * the page header names the user and the organization. Without a valid session: 303 to /login, as the portal.
 *
 *   /users          first 25 users of one organization ordered by ФИО with their count, in one statement (listUsers);
 *   /staff          count + first 25 working staff members ordered by ФИО, with «has an account» (listStaff);
 *   /bank/mentees   count + 25 entries ordered by enteredAt desc with the person's name, position and
 *                   experience and the topic names aggregated, the personal-data consent check for those
 *                   25 people and the topic list of the filter form (listMentees + listTopics);
 *                   `topic`, `status` and `page` filter as in the portal;
 *   /bank/mentors   the same for the mentor bank (competencies, qualification; `topic`, `status`).
 */
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import express, { type Request } from 'express';
import pg from 'pg';
import { MENTEE_CATEGORY_LABELS, MENTEE_STATUS_LABELS, MENTOR_STATUS_LABELS, MENTOR_TRAINING_LABELS } from '../../src/domain/mentoring.ts';
import { QUALIFICATION_LABELS } from '../../src/domain/people.ts';
import { DIRECT_READ_SESSION_OPTIONS, DIRECT_STATEMENT_PREFIX } from '../../src/core/database/direct-reads.ts';
import { projectRoot } from '../../src/core/database/migrate.ts';
import { sessionReadStatement } from '../../src/core/session-store.ts';
import { SESSION_FIGURES } from '../../src/modules/index.ts';

const PER_PAGE = 25;
const ROLE_LABELS: Record<string, string> = {
  ADMIN: 'Администратор',
  HEAD: 'Заведующий',
  METHODIST: 'Методист (куратор наставничества)',
  TEACHER: 'Педагог',
};

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

/** The signed-in user as the portal's loadSessionUser reads it (its columns; the organization flattened). */
interface SessionUser {
  id: number;
  organizationId: number;
  login: string;
  fullName: string;
  role: string;
  sessionVersion: number;
  orgShortName: string;
  unread: number;
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

export async function startBaseline(databaseUrl: string, sessionSecret: string, poolSize = 10): Promise<Baseline> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, idleTimeoutMillis: 30_000 });
  pool.on('error', () => {});
  // The direct reads' statements run as the portal runs them: on sessions planning them generically, same size.
  const directPool = new pg.Pool({ connectionString: databaseUrl, max: Math.max(2, Math.ceil(poolSize / 2)), idleTimeoutMillis: 30_000, options: DIRECT_READ_SESSION_OPTIONS });
  directPool.on('error', () => {});
  const poolOf = (name: string | undefined) => (name?.startsWith(DIRECT_STATEMENT_PREFIX) ? directPool : pool);

  /** The session, its user and the bell's count, with the one statement the portal sends; null: not signed in. */
  const sessionRead = sessionReadStatement(SESSION_FIGURES);
  async function sessionUser(req: Request): Promise<SessionUser | null> {
    const sid = unsignedSessionId(req.headers.cookie, sessionSecret);
    if (!sid) return null;
    const { rows } = await pool.query<Omit<SessionUser, 'unread'> & { sess: { passport?: { user?: { id: number; v: number } } }; figures: { unreadNotifications: number } | null }>(
      { ...sessionRead, values: [sid, Math.ceil(Date.now() / 1000)] },
    );
    const row = rows[0];
    const stored = row?.sess.passport?.user;
    if (!row || !stored || row.id !== stored.id || row.sessionVersion !== stored.v) return null;
    return {
      id: row.id, organizationId: row.organizationId, login: row.login, fullName: row.fullName, role: row.role,
      sessionVersion: row.sessionVersion, orgShortName: row.orgShortName, unread: row.figures?.unreadNotifications ?? 0,
    };
  }
  const dateTime = new Intl.DateTimeFormat('ru-RU', {
    timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
  });
  const date = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric' });
  const formatDate = (d: Date) => date.format(d);
  const pluralRules = new Intl.PluralRules('ru-RU');
  const years = (n: number) => {
    const rule = pluralRules.select(n);
    return rule === 'one' ? 'год' : rule === 'few' ? 'года' : 'лет';
  };
  const number = new Intl.NumberFormat('ru-RU');
  const formatNumber = (n: number) => number.format(n);

  const app = express();
  app.set('views', path.join(projectRoot, 'tests/bench')); // its templates stay here when the bench runs compiled
  app.set('view engine', 'ejs');
  app.set('view cache', true);
  app.disable('x-powered-by');
  // Handlers still running when the load generator hangs up (it stops mid-request) must finish
  // before close() ends the pool, or they fail with «Cannot use a pool after calling end».
  let inFlight = 0;
  const tracked =
    (handler: (req: Request, res: express.Response, user: SessionUser) => Promise<void>) =>
    async (req: Request, res: express.Response) => {
      inFlight++;
      try {
        const user = await sessionUser(req);
        if (!user) return res.redirect(303, '/login');
        res.locals.me = user;
        await handler(req, res, user);
      } finally {
        inFlight--;
      }
    };

  app.get('/users', tracked(async (req, res, { organizationId }) => {
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
    const requested = Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1);
    // Same filter as listUsers (users.service.ts): % and _ typed by the user are plain characters.
    const params: unknown[] = [organizationId];
    let where = `"organizationId" = $1`;
    if (q) {
      params.push(`%${q.replace(/[\\%_]/g, '\\$&')}%`);
      where += ` AND ("fullName" ILIKE $2 OR login ILIKE $2)`;
    }
    // One statement for the page and its total, as listUsers; a page past the end: the count, then the last page.
    const pageAt = async (offset: number) =>
      (await pool.query<{ total: number }>(
        `SELECT id, login, "fullName", role, active, "lastLoginAt", count(*) OVER ()::int AS total FROM "User" WHERE ${where}
         ORDER BY "fullName" ASC, id ASC OFFSET ${offset} LIMIT ${PER_PAGE}`,
        params,
      )).rows;
    let users = await pageAt((requested - 1) * PER_PAGE);
    let total = users[0]?.total ?? 0;
    if (users.length === 0 && requested > 1) {
      const { rows: countRows } = await pool.query<{ count: string }>(`SELECT count(*) FROM "User" WHERE ${where}`, params);
      total = Number(countRows[0]!.count);
      if (total > 0) users = await pageAt((Math.ceil(total / PER_PAGE) - 1) * PER_PAGE);
    }
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    const page = Math.min(requested, pages);
    res.render('baseline', { users, total, page, pages, roleLabels: ROLE_LABELS, formatDateTime: (d: Date) => dateTime.format(d) });
  }));

  /** The page of a list: count, rows of the requested page and `extra` in parallel; a page past the end costs a second query. */
  async function paginated<T extends pg.QueryResultRow, E>(
    req: Request,
    count: () => Promise<number>,
    rows: (offset: number) => Promise<T[]>,
    extra: () => Promise<E>,
  ) {
    const requested = Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1);
    const [total, first, more] = await Promise.all([count(), rows((requested - 1) * PER_PAGE), extra()]);
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    const page = Math.min(requested, pages);
    return { total, page, pages, rows: page === requested ? first : await rows((page - 1) * PER_PAGE), extra: more };
  }
  const positiveInt = (value: unknown) => {
    const n = Number(value);
    return Number.isInteger(n) && n > 0 && n < 2_147_483_648 ? n : undefined;
  };
  const oneOf = <K extends string>(labels: Record<K, string>, value: unknown) =>
    typeof value === 'string' && Object.hasOwn(labels, value) ? (value as K) : undefined;

  app.get('/staff', tracked(async (req, res, { organizationId }) => {
    const where = `s."organizationId" = $1 AND s."archivedAt" IS NULL`;
    const { total, page, pages, rows: staff } = await paginated(
      req,
      async () => Number((await pool.query<{ count: string }>(`SELECT count(*) FROM "StaffMember" s WHERE ${where}`, [organizationId])).rows[0]!.count),
      async (offset) =>
        (
          await pool.query(
            `SELECT s.id, s."lastName", s."firstName", s."middleName", s.position, s."qualificationCategory", s."experienceYears",
                    s."hiredOn", s."archivedAt", u.id AS "userId"
             FROM "StaffMember" s LEFT JOIN "User" u ON u."staffMemberId" = s.id
             WHERE ${where}
             ORDER BY s."lastName", s."firstName", s."middleName", s.id LIMIT ${PER_PAGE} OFFSET ${offset}`,
            [organizationId],
          )
        ).rows,
      async () => null,
    );
    res.render('baseline-staff', { staff, total, page, pages, categoryLabels: QUALIFICATION_LABELS, formatDate, formatNumber, years });
  }));

  /** A bank list: `kind` picks the tables and columns; the SQL mirrors what Prisma sends, in fewer statements. */
  function bankList(kind: 'mentee' | 'mentor') {
    const entry = kind === 'mentee' ? '"MenteeEntry"' : '"MentorEntry"';
    const link = kind === 'mentee' ? '"MenteeEntryTopic"' : '"MentorEntryTopic"';
    const statusType = kind === 'mentee' ? '"MenteeStatus"' : '"MentorStatus"';
    const statusLabels: Record<string, string> = kind === 'mentee' ? MENTEE_STATUS_LABELS : MENTOR_STATUS_LABELS;
    const columns =
      kind === 'mentee'
        ? `e.category, e."desiredForm"`
        : `e."trainingStatus", e."maxMentees", s."qualificationCategory"`;
    return async (req: Request, res: express.Response, { organizationId }: SessionUser) => {
      const topic = positiveInt(req.query.topic);
      const status = oneOf(statusLabels, req.query.status);
      const params: unknown[] = [organizationId];
      let where = `e."organizationId" = $1`;
      if (status) {
        params.push(status);
        where += ` AND e.status = $${params.length}::${statusType}`;
      }
      if (topic) {
        params.push(topic);
        where += ` AND EXISTS (SELECT 1 FROM ${link} l WHERE l."entryId" = e.id AND l."topicId" = $${params.length})`;
      }
      const { total, page, pages, rows: entries, extra: topics } = await paginated(
        req,
        async () => Number((await pool.query<{ count: string }>(`SELECT count(*) FROM ${entry} e WHERE ${where}`, params)).rows[0]!.count),
        async (offset) =>
          (
            await pool.query<{ staffId: number }>(
              `SELECT e.id, e.status, e."enteredAt", ${columns},
                      s.id AS "staffId", s."lastName", s."firstName", s."middleName", s.position, s."experienceYears",
                      coalesce((SELECT string_agg(t.name, '; ' ORDER BY t."sortOrder", t.id)
                                FROM ${link} l JOIN "Topic" t ON t.id = l."topicId" WHERE l."entryId" = e.id), '') AS topics
               FROM ${entry} e JOIN "StaffMember" s ON s.id = e."staffMemberId"
               WHERE ${where}
               ORDER BY e."enteredAt" DESC, e.id DESC LIMIT ${PER_PAGE} OFFSET ${offset}`,
              params,
            )
          ).rows,
        // The filter form's topic list, as listTopics (without its "create the defaults" check).
        async () =>
          (await pool.query<{ id: number; name: string }>(
            `SELECT id, name FROM "Topic" WHERE "organizationId" = $1 AND "archivedAt" IS NULL ORDER BY "sortOrder", name`,
            [organizationId],
          )).rows,
      );
      const ids = entries.map((e) => e.staffId);
      const consented = new Set(
        ids.length
          ? (
              await pool.query<{ staffMemberId: number }>(
                `SELECT DISTINCT "staffMemberId" FROM "Consent"
                 WHERE "organizationId" = $1 AND kind = 'PERSONAL_DATA' AND "revokedAt" IS NULL AND "staffMemberId" = ANY($2::int[])`,
                [organizationId, ids],
              )
            ).rows.map((r) => r.staffMemberId)
          : [],
      );
      res.render(`baseline-${kind}s`, {
        entries: entries.map((e) => ({ ...e, hasConsent: consented.has(e.staffId) })),
        total,
        page,
        pages,
        topics,
        filter: { topic, status },
        labels: { categories: MENTEE_CATEGORY_LABELS, statuses: statusLabels, training: MENTOR_TRAINING_LABELS, qualification: QUALIFICATION_LABELS },
        formatDate,
        formatNumber,
        years,
      });
    };
  }
  app.get('/bank/mentees', tracked(bankList('mentee')));
  app.get('/bank/mentors', tracked(bankList('mentor')));

  // Recorded floors (FloorPage): one template for all, compiled once by EJS's view cache.
  function addFloor(page: FloorPage): string {
    const segments = htmlSegments(page.html);
    const handler = async (_req: Request, res: express.Response) => {
      const results: unknown[][] = [];
      for (const group of page.statements) {
        const answers = await Promise.all(group.map((s) => poolOf(s.name).query({ name: s.name, text: s.text, values: s.values })));
        for (const answer of answers) results.push(answer.rows);
      }
      res.render('baseline-floor', { segments, results });
    };
    const path = `/floor/${page.name}`;
    if (page.anonymous) {
      app.get(path, async (req, res) => {
        inFlight++;
        try {
          await handler(req, res);
        } finally {
          inFlight--;
        }
      });
    } else {
      app.get(path, tracked((req, res) => handler(req, res)));
    }
    return path;
  }

  const server = http.createServer(app);
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
