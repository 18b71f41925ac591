import connectPgSimple from 'connect-pg-simple';
import type { NextFunction, Request, Response } from 'express';
import type session from 'express-session';
import type pg from 'pg';

const TOUCH_EVERY_MS = 60_000;
/** The session cookie's expiry is sent again at most this often: the idle timeout stays exact to a minute. */
const RENEW_COOKIE_EVERY_MS = TOUCH_EVERY_MS;

/**
 * Sessions in PostgreSQL (table "session", owned by the Prisma migrations). With a rolling idle
 * timeout express-session "touches" the row after every request — a committed write that the response
 * waits for. Touching at most once a minute per session keeps the timeout exact to a minute and
 * takes that write off almost every request.
 */
export function createSessionStore(sessionModule: typeof session, pool: pg.Pool) {
  const PgStore = connectPgSimple(sessionModule);
  const lastWrite = new Map<string, number>();
  const remember = (sid: string) => {
    if (lastWrite.size > 100_000) lastWrite.clear(); // bounded memory; worst case one extra write each
    lastWrite.set(sid, Date.now());
  };

  class ThrottledTouchStore extends PgStore {
    override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
      remember(sid);
      super.set(sid, sess, callback);
    }

    override touch(sid: string, sess: session.SessionData, callback?: () => void): void {
      const last = lastWrite.get(sid);
      if (last !== undefined && Date.now() - last < TOUCH_EVERY_MS) {
        callback?.();
        return;
      }
      remember(sid);
      super.touch(sid, sess, callback);
    }

    override destroy(sid: string, callback?: (err?: unknown) => void): void {
      lastWrite.delete(sid);
      super.destroy(sid, callback);
    }
  }

  return new ThrottledTouchStore({ pool, tableName: 'session', createTableIfMissing: false });
}

/**
 * The session cookie's lifetime is the idle timeout, so an active visitor's browser must hear a later expiry now
 * and then. express-session's `rolling` sent a freshly signed cookie (an HMAC and a Set-Cookie header) with every
 * response; this sends it at most once a minute, like the store's touch: it marks the session as renewed, and a
 * changed session is saved (that write replaces the minute's touch) and its cookie sent by express-session itself
 * (`rolling: false`, the cookie has an expiry and the session changed). Only for a session the browser already
 * holds: an anonymous visit's unsaved session stays unsaved, and a new session gets its cookie anyway.
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
