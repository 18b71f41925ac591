import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Prisma } from '../database/client.ts';
import { dummyHash, verifyPassword } from '../passwords.ts';

/** The fields every request needs about the signed-in user (one query, joined with the organization). */
export const sessionUserSelect = {
  id: true,
  organizationId: true,
  login: true,
  fullName: true,
  role: true,
  mustChangePassword: true,
  organization: { select: { id: true, slug: true, shortName: true, fullName: true, timeZone: true } },
} as const;

export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}

/** A passport instance of our own (not the global singleton), so several apps can live in one test process. */
export function createPassport(prisma: Prisma): passport.PassportStatic {
  const instance = new passport.Passport() as unknown as passport.PassportStatic;

  instance.use(
    new LocalStrategy(async (username, password, done) => {
      try {
        const user = await prisma.user.findUnique({
          where: { login: normalizeLogin(username) },
          select: { id: true, passwordHash: true, active: true },
        });
        // Same work and same answer whether the login is unknown, inactive or the password wrong.
        const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
        if (!user || !user.active || !ok) return done(null, false);
        return done(null, (await loadSessionUser(prisma, user.id)) ?? false);
      } catch (error) {
        return done(error);
      }
    }),
  );

  instance.serializeUser((user, done) => done(null, user.id));
  instance.deserializeUser(async (id: number, done) => {
    try {
      // A deactivated or deleted user simply becomes anonymous.
      done(null, (await loadSessionUser(prisma, id)) ?? false);
    } catch (error) {
      done(error);
    }
  });
  return instance;
}

export function loadSessionUser(prisma: Prisma, id: number): Promise<Express.User | null> {
  return prisma.user.findFirst({ where: { id, active: true }, select: sessionUserSelect });
}
