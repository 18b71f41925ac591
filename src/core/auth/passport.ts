import type http from 'node:http';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { actorOf, audit } from '../audit.ts';
import type { Database } from '../database/client.ts';
import { dummyHash, verifyPassword } from '../passwords.ts';

export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}

/** A passport instance of our own (not the global singleton), so several apps can live in one test process. */
export function createPassport(db: Pick<Database, 'prisma' | 'pool'>): passport.PassportStatic {
  const { prisma } = db;
  const instance = new passport.Passport() as unknown as passport.PassportStatic;

  instance.use(
    new LocalStrategy({ passReqToCallback: true }, async (req, username, password, done) => {
      try {
        const user = await prisma.user.findUnique({
          where: { login: normalizeLogin(username) },
          select: { id: true, passwordHash: true, active: true },
        });
        // Same work and same answer whether the login is unknown, inactive or the password wrong.
        const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
        if (!user || !user.active || !ok) {
          // A failed attempt belongs to no organization: written here, where sign-in has the raw client.
          await audit({ db: prisma, actor: actorOf(req) }, { action: 'auth.login_failed', organizationId: null });
          return done(null, false);
        }
        return done(null, (await loadSessionUser(db, user.id)) ?? false);
      } catch (error) {
        return done(error);
      }
    }),
  );

  // The session keeps the user's id and the session version it was signed in with.
  instance.serializeUser((user, done) => done(null, { id: user.id, v: user.sessionVersion } satisfies StoredUser));
  instance.deserializeUser(async (req: http.IncomingMessage & Pick<Express.Request, 'sessionRead'>, stored: StoredUser | number, done: (err: unknown, user?: Express.User | false) => void) => {
    try {
      // Sessions from before session versions stored the bare id: they belong to version 0.
      const { id, v } = typeof stored === 'number' ? { id: stored, v: 0 } : stored;
      // Read with the session in its one statement (core/session-store.ts); else (a deactivated user's session) anew.
      const read = req.sessionRead?.user;
      const user = read?.id === id ? read : await loadSessionUser(db, id);
      // The one rule that ends sessions: a deactivated or deleted user, or a password changed since
      // this session signed in (the version moved on), simply makes the session anonymous.
      done(null, user && user.sessionVersion === v ? user : false);
    } catch (error) {
      done(error);
    }
  });
  return instance;
}

interface StoredUser {
  id: number;
  v: number;
}

/** The session user's row: the user's columns and the organization's (SESSION_USER_COLUMNS). */
export type SessionUserRow = Omit<Express.User, 'organization'> & { orgSlug: string; orgShortName: string; orgFullName: string; orgTimeZone: string };

/**
 * The user a session belongs to, read at sign-in (below) and, on every signed-in request, in the session's own
 * statement (core/session-store.ts) with these columns of `u` ("User") and `o` (its "Organization"): one joined read
 * instead of Prisma's two (user, then organization), sent straight to the pool as a prepared statement. Signing in
 * precedes every organization, so this statement names none.
 */
export const SESSION_USER_COLUMNS = `u.id, u."organizationId", u.login, u."fullName", u.role::text AS role, u."mustChangePassword", u."staffMemberId", u."sessionVersion",
       o.slug AS "orgSlug", o."shortName" AS "orgShortName", o."fullName" AS "orgFullName", o."timeZone" AS "orgTimeZone"`;

export const SESSION_USER = `SELECT ${SESSION_USER_COLUMNS}
  FROM "User" u JOIN "Organization" o ON o.id = u."organizationId"
 WHERE u.id = $1 AND u.active`;

export async function loadSessionUser(db: Pick<Database, 'pool'>, id: number): Promise<Express.User | null> {
  const { rows } = await db.pool.query<SessionUserRow>({ name: 'session-user', text: SESSION_USER, values: [id] });
  const row = rows[0];
  return row ? sessionUserOf(row) : null;
}

/** Field by field: an object rest and a spread copied the row twice, the slow way, on every request. */
export function sessionUserOf(row: SessionUserRow): Express.User {
  return {
    id: row.id,
    organizationId: row.organizationId,
    login: row.login,
    fullName: row.fullName,
    role: row.role,
    mustChangePassword: row.mustChangePassword,
    staffMemberId: row.staffMemberId,
    sessionVersion: row.sessionVersion,
    organization: { id: row.organizationId, slug: row.orgSlug, shortName: row.orgShortName, fullName: row.orgFullName, timeZone: row.orgTimeZone },
  };
}
