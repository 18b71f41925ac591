import connectPgSimple from 'connect-pg-simple';
import type { NextFunction, Request, Response } from 'express';
import type session from 'express-session';
import type pg from 'pg';
import { SESSION_USER_COLUMNS, sessionUserOf, type SessionUserRow } from './auth/passport.ts';

/** The session cookie's expiry is sent again at most this often: the idle timeout stays exact to a minute. */
const RENEW_COOKIE_EVERY_MS = 60_000;

/**
 * A figure every signed-in page shows (the bell's count), read in the session's own statement: its SQL, written by
 * the module that owns the rule, is an expression over the session's user `u` ("User" row: u.id,
 * u."organizationId") giving an integer; it reaches the page as `req.sessionRead.figures[name]`.
 */
export interface SessionFigure {
  name: string;
  sql: string;
}

type SessionReadRow = SessionUserRow & { sess: session.SessionData | null; figures: Record<string, number> | null };

/**
 * Sessions in PostgreSQL (table "session", owned by the Prisma migrations).
 *
 * One statement per signed-in request reads the session row, its user with the organization and the figures every
 * page shows (the bell): connect-pg-simple's read of the session, passport's read of the user and the bell's count
 * were three round trips, and on this machine each statement costs the portal ~0.1–0.25 ms of socket work besides
 * PostgreSQL's own (issue 13). The user and figures are kept on the request only (`req.sessionRead`, set when
 * express-session makes the request's session of the row) and never stored in the session: passport's
 * deserializer takes the user from there (core/auth/passport.ts), the bell its count. The user is read with the
 * same columns and the same «active» rule as at sign-in; whether the session's version still matches stays the
 * deserializer's decision.
 *
 * A store without `touch`: the row's expiry already moves with the visitor — renewSessionCookie (below) changes the
 * session once a minute, and express-session saves a changed session with the cookie's new expiry. A store's
 * touch was a second way of doing that, and express-session pays for it on every signed-in request: when the store
 * implements touch, it hashes the session once more (JSON and SHA-1) to decide that it need not.
 */
export function createSessionStore(sessionModule: typeof session, pool: pg.Pool, figures: readonly SessionFigure[] = []) {
  const PgStore = connectPgSimple(sessionModule);
  const statement = sessionReadStatement(figures);
  const READ = Symbol('sessionRead');
  type ReadSession = session.SessionData & { [READ]?: Request['sessionRead'] };

  class PortalSessionStore extends PgStore {
    override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
      // The query's config as a literal, as on the project's other per-request paths: a spread is V8's slow copy.
      pool.query<SessionReadRow>({ name: statement.name, text: statement.text, values: [sid, Math.ceil(Date.now() / 1000)] }).then(
        ({ rows }) => {
          const row = rows[0];
          if (!row?.sess) return callback(null, null);
          // Not an enumerable key: express-session copies (and hashes, and saves) only those.
          Object.defineProperty(row.sess, READ, { value: { user: row.id === null ? null : sessionUserOf(row), figures: row.figures ?? {} } });
          callback(null, row.sess);
        },
        (error: unknown) => callback(error),
      );
    }

    override createSession(req: Request, sess: session.SessionData): session.Session & session.SessionData {
      const read = (sess as ReadSession)[READ];
      if (read) req.sessionRead = read;
      return super.createSession(req, sess);
    }
  }

  const store = new PortalSessionStore({ pool, tableName: 'session', createTableIfMissing: false });
  // express-session reads `typeof store.touch === 'function'` once, when its middleware is made.
  Object.defineProperty(store, 'touch', { value: undefined });
  return store;
}

/**
 * The session's row (unexpired, as connect-pg-simple reads it), the user its passport entry names — `{ id, v }`, or a
 * bare id from before session versions — if active, and the figures over that user. No user: the user's columns and
 * the figures are null. A prepared statement (parsed and planned once per connection); the benchmark's floors send
 * the same (tests/bench/baseline.ts).
 */
export function sessionReadStatement(figures: readonly SessionFigure[]): { name: string; text: string } {
  for (const { name } of figures) if (!/^[A-Za-z]\w*$/.test(name)) throw new Error(`session figure name ${name}: letters and digits only`);
  return { name: 'session-read', text: sessionReadSql(figures) };
}

function sessionReadSql(figures: readonly SessionFigure[]): string {
  const storedUser = `s.sess->'passport'->'user'`;
  const figureColumns = figures.map((f) => `'${f.name}', ${f.sql}`).join(', ');
  return `SELECT s.sess, ${SESSION_USER_COLUMNS},
       ${figures.length ? `CASE WHEN u.id IS NOT NULL THEN json_build_object(${figureColumns}) END` : 'NULL::json'} AS figures
  FROM "session" s
  LEFT JOIN "User" u ON u.active AND u.id = (CASE jsonb_typeof(${storedUser})
                                               WHEN 'number' THEN ${storedUser}
                                               WHEN 'object' THEN ${storedUser}->'id' END)::int
  LEFT JOIN "Organization" o ON o.id = u."organizationId"
 WHERE s.sid = $1 AND s.expire >= to_timestamp($2)`;
}

/**
 * The session cookie's lifetime is the idle timeout, so an active visitor's browser must hear a later expiry now
 * and then. express-session's `rolling` sent a freshly signed cookie (an HMAC and a Set-Cookie header) with every
 * response; this sends it at most once a minute: it marks the session as renewed, and a changed session is saved
 * (the row's expiry moves on with it: the store has no touch of its own) and its cookie sent by express-session
 * itself (`rolling: false`, the cookie has an expiry and the session changed). Only for a session the browser
 * already holds: an anonymous visit's unsaved session stays unsaved, and a new session gets its cookie anyway.
 */
export function renewSessionCookie(cookieName: string) {
  return function renewSessionCookie(req: Request, _res: Response, next: NextFunction): void {
    const session = req.session;
    // express-session verified the cookie's signature: a session id equal to the cookie's is the browser's own.
    const header = req.headers.cookie;
    if (session && header && (header.includes(`${cookieName}=s%3A${req.sessionID}.`) || header.includes(`${cookieName}=s:${req.sessionID}.`))) {
      const now = Date.now();
      const renewedAt = session.cookieRenewedAt;
      if (renewedAt === undefined || now - renewedAt >= RENEW_COOKIE_EVERY_MS || renewedAt > now) session.cookieRenewedAt = now;
    }
    next();
  };
}
