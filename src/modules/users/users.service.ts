import { audit } from '../../core/audit.ts';
import type { Prisma } from '../../core/database/client.ts';
import { EVERY_ORGANIZATION } from '../../core/database/scoped.ts';
import { ConflictError, FormError, isUniqueViolation, NotFoundError } from '../../core/errors.ts';
import { paginated } from '../../core/pagination.ts';
import { newOneTimePassword } from '../../core/passwords.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import type { Prisma as P } from '../../generated/prisma/client.ts';
import type { Role } from '../../generated/prisma/enums.ts';
import type { SaveUserInput, UserListFilter } from './users.schemas.ts';

const listSelect = { id: true, login: true, fullName: true, role: true, active: true, lastLoginAt: true } as const;

export async function listUsers(scope: Scope, filter: UserListFilter) {
  const where: P.UserWhereInput = {};
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
    () => scope.db.user.count({ where }),
    (skip, take) => scope.db.user.findMany({ where, select: listSelect, orderBy: [{ fullName: 'asc' }, { id: 'asc' }], skip, take }),
  );
  return { users, page };
}

export async function getUser(scope: Scope, id: number) {
  const user = await scope.db.user.findFirst({
    where: { id },
    select: { ...listSelect, mustChangePassword: true, createdAt: true, staffMember: { select: { id: true, position: true } } },
  });
  if (!user) throw new NotFoundError('Пользователь не найден');
  return user;
}

/** Logins are unique in the whole portal (one sign-in form for every organization): the check reads them all. */
async function assertLoginFree(scope: Scope, login: string, exceptId?: number) {
  const taken = await scope.portal.user.findFirst({ where: { ...EVERY_ORGANIZATION, login, NOT: exceptId ? { id: exceptId } : undefined }, select: { id: true } });
  if (taken) throw new FormError({ login: 'Этот логин уже занят, выберите другой' });
}

/** Creates an account with a one-time password that the administrator hands over; it must be changed at first login. */
export async function createUser(scope: Scope, input: SaveUserInput) {
  await assertLoginFree(scope, input.login);
  const { oneTimePassword, passwordHash } = await newOneTimePassword();
  try {
    const user = await transaction(scope, async (tx) => {
      const created = await tx.db.user.create({
        data: { organizationId: tx.organization.id, ...input, passwordHash, mustChangePassword: true },
        select: { id: true },
      });
      await audit(tx, { action: 'user.create', entityType: 'User', entityId: created.id, details: { role: input.role } });
      return created;
    });
    return { user, oneTimePassword };
  } catch (error) {
    if (isUniqueViolation(error)) throw new FormError({ login: 'Этот логин уже занят, выберите другой' });
    throw error;
  }
}

/** The portal must always keep at least one active administrator per organization. */
async function assertNotLastAdmin(scope: Scope, userId: number) {
  const others = await scope.db.user.count({ where: { role: 'ADMIN', active: true, NOT: { id: userId } } });
  if (others === 0) throw new ConflictError('Нельзя оставить организацию без активного администратора');
}

export async function updateUser(scope: Scope, id: number, input: SaveUserInput) {
  const existing = await getUser(scope, id);
  await assertLoginFree(scope, input.login, id);
  try {
    await transaction(scope, async (tx) => {
      if (existing.role === 'ADMIN' && input.role !== 'ADMIN') {
        await assertNotLastAdmin(tx, id).catch((e: Error) => {
          throw new FormError({ role: e.message });
        });
      }
      await tx.db.user.update({ where: { id }, data: input });
      const changed = (['login', 'fullName', 'role'] as const).filter((k) => existing[k] !== input[k]);
      await audit(tx, { action: 'user.update', entityType: 'User', entityId: id, details: { changed } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new FormError({ login: 'Этот логин уже занят, выберите другой' });
    throw error;
  }
}

export async function setUserActive(scope: Scope, id: number, active: boolean) {
  const user = await getUser(scope, id);
  if (!active && id === scope.actor.userId) throw new ConflictError('Нельзя отключить собственную учётную запись');
  await transaction(scope, async (tx) => {
    if (!active && user.role === 'ADMIN') await assertNotLastAdmin(tx, id);
    // The administrator's decision replaces the staff archive's: restoring the card no longer offers to switch it on.
    await tx.db.user.update({ where: { id }, data: { active, offByStaffArchive: false } });
    await audit(tx, { action: active ? 'user.activate' : 'user.deactivate', entityType: 'User', entityId: id });
  });
  // Sessions of a deactivated user stop working at once: the session loader only accepts active users
  // (the same check that ends sessions after a password change, see core/auth/passport.ts).
  return user;
}

export async function resetPassword(scope: Scope, id: number) {
  await getUser(scope, id);
  const { oneTimePassword, passwordHash } = await newOneTimePassword();
  await transaction(scope, async (tx) => {
    // The user's open sessions end (new session version): the account is entered again with the new
    // password. An administrator resetting their own password keeps this session — it shows the new
    // password once and then leads straight to the password form, whose change ends the other sessions.
    const sessionVersion = id === tx.actor.userId ? undefined : { increment: 1 };
    await tx.db.user.update({ where: { id }, data: { passwordHash, mustChangePassword: true, sessionVersion } });
    await audit(tx, { action: 'user.reset_password', entityType: 'User', entityId: id });
  });
  return oneTimePassword;
}

// ---- accounts of staff cards (commands of the face, for the staff module) ------------------------

/** The first free login among base, base2, base3… (logins are unique across the whole portal). */
export async function firstFreeLogin(db: Pick<Prisma, 'user'>, base: string): Promise<string> {
  const rows = await db.user.findMany({ where: { ...EVERY_ORGANIZATION, login: { startsWith: base } }, select: { login: true } });
  const taken = new Set(rows.map((u) => u.login));
  let login = base;
  for (let n = 2; taken.has(login); n++) login = `${base}${n}`;
  return login;
}

/**
 * An account for a person of the staff directory («Создать учётную запись» on the staff card): linked by
 * staffMemberId, login made unique from `loginBase`, and the same one-time password rule as createUser
 * (the caller reveals it once; it must be changed at first login). Joins the caller's transaction.
 */
export async function createLinkedAccount(scope: Scope, input: { loginBase: string; fullName: string; role: SaveUserInput['role']; staffMemberId: number }) {
  const { oneTimePassword, passwordHash } = await newOneTimePassword();
  return transaction(scope, async (tx) => {
    const login = await firstFreeLogin(tx.portal, input.loginBase);
    const user = await tx.db.user.create({
      data: {
        organizationId: tx.organization.id,
        login,
        fullName: input.fullName,
        role: input.role,
        staffMemberId: input.staffMemberId,
        passwordHash,
        mustChangePassword: true,
      },
      select: { id: true, login: true },
    });
    await audit(tx, { action: 'user.create', entityType: 'User', entityId: user.id, details: { role: input.role, staffMemberId: input.staffMemberId } });
    return { user, oneTimePassword };
  });
}

/** A teacher's account shows the name from the directory: the staff card's new name, on its account. */
export async function renameLinkedAccount(scope: Scope, staffMemberId: number, fullName: string): Promise<void> {
  await scope.db.user.updateMany({ where: { staffMemberId }, data: { fullName } });
}

// ---- accounts of archived staff cards (the staff.archived and staff.restored events) ---------------

type LinkedAccount = { role: Role; active: boolean; offByStaffArchive: boolean };

/**
 * What archiving a card does to its account: a teacher's account is switched off with the card; the
 * accounts that run the portal (head, methodist, administrator) only by an administrator — a methodist
 * archiving such a card archives the card and leaves the account on (the card says so beforehand).
 * `actorRole` is null for a system job, which never switches such an account off either.
 */
export function archiveEffect(account: Pick<LinkedAccount, 'role' | 'active'> | null, actorRole: Role | null): 'none' | 'deactivate' | 'keep' {
  if (!account?.active) return 'none';
  return account.role === 'TEACHER' || actorRole === 'ADMIN' ? 'deactivate' : 'keep';
}

/** Restoring a card offers to switch its account on again only if that card's archiving switched it off. */
export function reactivationOffer(account: LinkedAccount | null, actorRole: Role | null): 'offer' | 'admin-only' | 'none' {
  if (!account || account.active || !account.offByStaffArchive) return 'none';
  return account.role === 'TEACHER' || actorRole === 'ADMIN' ? 'offer' : 'admin-only';
}

const linkedAccountSelect = { id: true, role: true, active: true, offByStaffArchive: true } as const;

/**
 * A staff card went to the archive: the person no longer works here, so the account is switched off as
 * `archiveEffect` says (marked as switched off by the archive, so that restoring the card can offer it
 * back). The organization keeps at least one active administrator, so archiving the last one is refused
 * (the whole archiving rolls back).
 */
export async function onStaffArchived(scope: Scope, staffMemberId: number): Promise<void> {
  const user = await scope.db.user.findFirst({ where: { staffMemberId }, select: linkedAccountSelect });
  if (!user || archiveEffect(user, scope.user?.role ?? null) !== 'deactivate') return;
  if (user.role === 'ADMIN') await assertNotLastAdmin(scope, user.id);
  // Sessions of the account stop at once: the session loader only accepts active users.
  await scope.db.user.update({ where: { id: user.id }, data: { active: false, offByStaffArchive: true } });
  await audit(scope, { action: 'user.deactivate', entityType: 'User', entityId: user.id, details: { reason: 'staff.archive' } });
}

/**
 * A staff card came back from the archive. The account comes back on only when asked (`reactivateAccount`,
 * the checkbox ticked by default) and only if that card's archiving switched it off; a head's, methodist's
 * or administrator's account only by an administrator (asking otherwise refuses the whole restore). Whether
 * switched on now or left off, the archive no longer speaks for the account.
 */
export async function onStaffRestored(scope: Scope, staffMemberId: number, reactivateAccount: boolean): Promise<void> {
  const user = await scope.db.user.findFirst({ where: { staffMemberId }, select: linkedAccountSelect });
  const offer = reactivationOffer(user, scope.user?.role ?? null);
  if (reactivateAccount && offer === 'admin-only') {
    throw new ConflictError('Включить учётную запись заведующего, методиста или администратора может только администратор');
  }
  if (!user?.offByStaffArchive) return;
  const reactivated = reactivateAccount && offer === 'offer';
  await scope.db.user.update({ where: { id: user.id }, data: { offByStaffArchive: false, ...(reactivated ? { active: true } : {}) } });
  if (reactivated) await audit(scope, { action: 'user.activate', entityType: 'User', entityId: user.id, details: { reason: 'staff.restore' } });
}
