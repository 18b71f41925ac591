import connectPgSimple from 'connect-pg-simple';
import type { NextFunction, Request, Response } from 'express';
import type session from 'express-session';
import type pg from 'pg';

/** The session cookie's expiry is sent again at most this often: the idle timeout stays exact to a minute. */
const RENEW_COOKIE_EVERY_MS = 60_000;

/**
 * Sessions in PostgreSQL (table "session", owned by the Prisma migrations), a store without `touch`. The row's
 * expiry already moves with the visitor: renewSessionCookie (below) changes the session once a minute, and
 * express-session saves a changed session with the cookie's new expiry. A store's touch was a second way of doing
 * that, and express-session pays for it on every signed-in request: when the store implements touch, it hashes
 * the session once more (JSON and SHA-1) to decide that it need not. It asks only stores that have the method.
 */
export function createSessionStore(sessionModule: typeof session, pool: pg.Pool) {
  const PgStore = connectPgSimple(sessionModule);
  const store = new PgStore({ pool, tableName: 'session', createTableIfMissing: false });
  // express-session reads `typeof store.touch === 'function'` once, when its middleware is made.
  Object.defineProperty(store, 'touch', { value: undefined });
  return store;
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
