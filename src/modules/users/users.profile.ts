/**
 * One's own account (the profile page): read it, rename oneself, change the password. Commands of the
 * users module's face, since User is its table.
 */
import { audit } from '../../core/audit.ts';
import { FormError, NotFoundError } from '../../core/errors.ts';
import { hashPassword, verifyPassword } from '../../core/passwords.ts';
import { transaction, type Scope } from '../../core/scope.ts';

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

function ownId(scope: Scope): number {
  if (!scope.user) throw new NotFoundError();
  return scope.user.id;
}

export async function getProfile(scope: Scope) {
  const user = await scope.db.user.findUnique({
    where: { id: ownId(scope) },
    select: {
      id: true,
      login: true,
      fullName: true,
      role: true,
      lastLoginAt: true,
      organization: { select: { shortName: true } },
      staffMember: { select: { position: true, email: true, phone: true } },
    },
  });
  if (!user) throw new NotFoundError();
  return user;
}

export async function changePassword(scope: Scope, input: ChangePasswordInput) {
  const userId = ownId(scope);
  const user = await scope.db.user.findUnique({ where: { id: userId }, select: { login: true, passwordHash: true } });
  if (!user) throw new NotFoundError();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new FormError({ currentPassword: 'Текущий пароль введён неверно' });
  }
  if (input.newPassword.toLowerCase().includes(user.login)) {
    throw new FormError({ newPassword: 'Пароль не должен содержать логин' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return transaction(scope, async (tx) => {
    // A new session version ends every session signed in with the old password (see the passport deserializer).
    const { sessionVersion } = await tx.db.user.update({
      where: { id: userId },
      data: { passwordHash, mustChangePassword: false, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    await audit(tx, { action: 'user.change_password', entityType: 'User', entityId: userId });
    return { sessionVersion };
  });
}

export async function updateProfile(scope: Scope, input: { fullName: string }) {
  const userId = ownId(scope);
  await transaction(scope, async (tx) => {
    await tx.db.user.update({ where: { id: userId }, data: { fullName: input.fullName } });
    await audit(tx, { action: 'user.update_profile', entityType: 'User', entityId: userId, details: { changed: ['fullName'] } });
  });
}

/** After a successful sign-in: when, and who (the audit log). */
export async function recordSignIn(scope: Scope) {
  const userId = ownId(scope);
  await scope.db.user.update({ where: { id: userId }, data: { lastLoginAt: new Date() } });
  await audit(scope, { action: 'auth.login', entityType: 'User', entityId: userId });
}
