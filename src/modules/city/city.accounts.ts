/**
 * The education authority and its city specialists' accounts. Made by the portal's operator (`npm run city`,
 * src/cli/city.ts) and by the demo — never from a kindergarten's pages: a CITY account reads every kindergarten
 * of the portal, so no kindergarten's administrator may hand one out (CONTEXT.md).
 *
 * The authority is an Organization with `kind = AUTHORITY`: it holds the city accounts and their audit log, and
 * appears as a kindergarten nowhere (the city page, the public page and the demo's counts skip it).
 */
import { audit } from '../../core/audit.ts';
import type { Prisma } from '../../core/database/client.ts';

export interface AuthorityInput {
  slug: string;
  shortName: string;
  fullName: string;
}

/** A refusal the operator can act on (the login belongs to someone else, the address to a kindergarten). */
export class CityAccountRefused extends Error {
  override name = 'CityAccountRefused';
}

/**
 * The portal's authority: the one with this address, made if there is none. An address that belongs to a
 * kindergarten is refused — a kindergarten never becomes an authority — and so is a portal without any
 * kindergarten yet (first-run setup would never open again).
 */
export async function ensureAuthority(prisma: Prisma, input: AuthorityInput) {
  // First-run setup (/setup) opens while the portal has no organization: an authority made before it would close it.
  if ((await prisma.organization.count({ where: { kind: 'KINDERGARTEN' } })) === 0) {
    throw new CityAccountRefused('На портале ещё нет ни одного детского сада: сначала выполните первоначальную настройку (/setup), затем создайте учётную запись специалиста');
  }
  const existing = await prisma.organization.findUnique({ where: { slug: input.slug } });
  if (existing && existing.kind !== 'AUTHORITY') throw new CityAccountRefused(`Адрес «${input.slug}» занят детским садом «${existing.shortName}»: выберите другой для управления образования`);
  if (existing) return existing;
  return prisma.organization.create({ data: { ...input, kind: 'AUTHORITY', headPosition: 'Начальник' } });
}

/**
 * A city specialist's account in the authority, or — for a login that is already one — a new password for it
 * (switched on again). A login of anybody else is refused: logins are unique in the whole portal.
 */
export async function saveCityAccount(
  prisma: Prisma,
  authority: { id: number },
  input: { login: string; fullName: string; passwordHash: string; mustChangePassword: boolean },
) {
  const existing = await prisma.user.findUnique({ where: { login: input.login }, select: { id: true, organizationId: true, role: true } });
  if (existing && (existing.organizationId !== authority.id || existing.role !== 'CITY')) {
    throw new CityAccountRefused(`Логин «${input.login}» уже занят другой учётной записью: выберите другой`);
  }
  const data = { fullName: input.fullName, passwordHash: input.passwordHash, mustChangePassword: input.mustChangePassword, active: true };
  const user = existing
    ? await prisma.user.update({ where: { id: existing.id }, data: { ...data, sessionVersion: { increment: 1 } } })
    : await prisma.user.create({ data: { ...data, organizationId: authority.id, login: input.login, role: 'CITY' } });
  await audit(
    { db: prisma, actor: { userId: null, organizationId: authority.id, ip: '', requestId: 'cli' } },
    { action: existing ? 'user.reset_password' : 'user.create', entityType: 'User', entityId: user.id, details: { role: 'CITY' } },
  );
  return { user, created: !existing };
}
