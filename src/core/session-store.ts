import connectPgSimple from 'connect-pg-simple';
import type session from 'express-session';
import type pg from 'pg';

const TOUCH_EVERY_MS = 60_000;

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
