import { audit, type Actor } from '../../core/audit.ts';
import type { Prisma } from '../../core/database/client.ts';
import { ConflictError, FormError, isUniqueViolation, NotFoundError } from '../../core/errors.ts';
import { paginated } from '../../core/pagination.ts';
import { newOneTimePassword } from '../../core/passwords.ts';
import type { Prisma as P } from '../../generated/prisma/client.ts';
import type { SaveUserInput, UserListFilter } from './users.schemas.ts';

const listSelect = { id: true, login: true, fullName: true, role: true, active: true, lastLoginAt: true } as const;

export async function listUsers(prisma: Prisma, organizationId: number, filter: UserListFilter) {
  const where: P.UserWhereInput = { organizationId };
  if (filter.role) where.role = filter.role;
  if (filter.status) where.active = filter.status === 'active';
  if (filter.q) {
    where.OR = [
      { fullName: { contains: filter.q, mode: 'insensitive' } },
      { login: { contains: filter.q, mode: 'insensitive' } },
    ];
  }
  const { page, rows: users } = await paginated(
    filter.page,
    () => prisma.user.count({ where }),
    (skip, take) => prisma.user.findMany({ where, select: listSelect, orderBy: [{ fullName: 'asc' }, { id: 'asc' }], skip, take }),
  );
  return { users, page };
}

export async function getUser(prisma: Prisma, organizationId: number, id: number) {
  const user = await prisma.user.findFirst({
    where: { id, organizationId },
    select: { ...listSelect, mustChangePassword: true, createdAt: true, staffMember: { select: { id: true, position: true } } },
  });
  if (!user) throw new NotFoundError('Пользователь не найден');
  return user;
}

async function assertLoginFree(prisma: Prisma, login: string, exceptId?: number) {
  const taken = await prisma.user.findFirst({ where: { login, NOT: exceptId ? { id: exceptId } : undefined }, select: { id: true } });
  if (taken) throw new FormError({ login: 'Этот логин уже занят, выберите другой' });
}

/** Creates an account with a one-time password that the administrator hands over; it must be changed at first login. */
export async function createUser(prisma: Prisma, organizationId: number, input: SaveUserInput, actor: Actor) {
  await assertLoginFree(prisma, input.login);
  const { oneTimePassword, passwordHash } = await newOneTimePassword();
  try {
    const user = await prisma.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { organizationId, ...input, passwordHash, mustChangePassword: true },
        select: { id: true },
      });
      await audit(tx, actor, { action: 'user.create', entityType: 'User', entityId: created.id, details: { role: input.role } });
      return created;
    });
    return { user, oneTimePassword };
  } catch (error) {
    if (isUniqueViolation(error)) throw new FormError({ login: 'Этот логин уже занят, выберите другой' });
    throw error;
  }
}

/** The portal must always keep at least one active administrator per organization. */
async function assertNotLastAdmin(tx: Pick<Prisma, 'user'>, organizationId: number, userId: number) {
  const others = await tx.user.count({ where: { organizationId, role: 'ADMIN', active: true, NOT: { id: userId } } });
  if (others === 0) throw new ConflictError('Нельзя оставить организацию без активного администратора');
}

export async function updateUser(prisma: Prisma, organizationId: number, id: number, input: SaveUserInput, actor: Actor) {
  const existing = await getUser(prisma, organizationId, id);
  await assertLoginFree(prisma, input.login, id);
  try {
    await prisma.$transaction(async (tx) => {
      if (existing.role === 'ADMIN' && input.role !== 'ADMIN') {
        await assertNotLastAdmin(tx, organizationId, id).catch((e: Error) => {
          throw new FormError({ role: e.message });
        });
      }
      await tx.user.update({ where: { id }, data: input });
      const changed = (['login', 'fullName', 'role'] as const).filter((k) => existing[k] !== input[k]);
      await audit(tx, actor, { action: 'user.update', entityType: 'User', entityId: id, details: { changed } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new FormError({ login: 'Этот логин уже занят, выберите другой' });
    throw error;
  }
}

export async function setUserActive(prisma: Prisma, organizationId: number, id: number, active: boolean, actor: Actor) {
  const user = await getUser(prisma, organizationId, id);
  if (!active && id === actor.userId) throw new ConflictError('Нельзя отключить собственную учётную запись');
  await prisma.$transaction(async (tx) => {
    if (!active && user.role === 'ADMIN') await assertNotLastAdmin(tx, organizationId, id);
    // The administrator's decision replaces the staff archive's: restoring the card no longer offers to switch it on.
    await tx.user.update({ where: { id }, data: { active, offByStaffArchive: false } });
    await audit(tx, actor, { action: active ? 'user.activate' : 'user.deactivate', entityType: 'User', entityId: id });
  });
  // Sessions of a deactivated user stop working at once: the session loader only accepts active users
  // (the same check that ends sessions after a password change, see core/auth/passport.ts).
  return user;
}

export async function resetPassword(prisma: Prisma, organizationId: number, id: number, actor: Actor) {
  await getUser(prisma, organizationId, id);
  const { oneTimePassword, passwordHash } = await newOneTimePassword();
  await prisma.$transaction(async (tx) => {
    // The user's open sessions end (new session version): the account is entered again with the new
    // password. An administrator resetting their own password keeps this session — it shows the new
    // password once and then leads straight to the password form, whose change ends the other sessions.
    const sessionVersion = id === actor.userId ? undefined : { increment: 1 };
    await tx.user.update({ where: { id }, data: { passwordHash, mustChangePassword: true, sessionVersion } });
    await audit(tx, actor, { action: 'user.reset_password', entityType: 'User', entityId: id });
  });
  return oneTimePassword;
}

// ---- accounts made from the staff directory -----------------------------------------------------

/** The first free login among base, base2, base3… (logins are unique across the whole portal). */
export async function firstFreeLogin(db: Pick<Prisma, 'user'>, base: string): Promise<string> {
  const rows = await db.user.findMany({ where: { login: { startsWith: base } }, select: { login: true } });
  const taken = new Set(rows.map((u) => u.login));
  let login = base;
  for (let n = 2; taken.has(login); n++) login = `${base}${n}`;
  return login;
}

/**
 * An account for a person of the staff directory («Создать учётную запись» on the staff card): linked by
 * staffMemberId, login made unique from `loginBase`, and the same one-time password rule as createUser
 * (the caller reveals it once; it must be changed at first login). Runs in the caller's transaction.
 */
export async function createLinkedAccount(
  tx: Pick<Prisma, 'user' | 'auditLog'>,
  organizationId: number,
  input: { loginBase: string; fullName: string; role: SaveUserInput['role']; staffMemberId: number },
  actor: Actor,
) {
  const { oneTimePassword, passwordHash } = await newOneTimePassword();
  const login = await firstFreeLogin(tx, input.loginBase);
  const user = await tx.user.create({
    data: { organizationId, login, fullName: input.fullName, role: input.role, staffMemberId: input.staffMemberId, passwordHash, mustChangePassword: true },
    select: { id: true, login: true },
  });
  await audit(tx, actor, { action: 'user.create', entityType: 'User', entityId: user.id, details: { role: input.role, staffMemberId: input.staffMemberId } });
  return { user, oneTimePassword };
}
