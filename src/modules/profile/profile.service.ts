import { audit, type Actor } from '../../core/audit.ts';
import type { Prisma } from '../../core/database/client.ts';
import { FormError, NotFoundError } from '../../core/errors.ts';
import { hashPassword, verifyPassword } from '../../core/passwords.ts';
import type { ChangePasswordInput, UpdateProfileInput } from './profile.schemas.ts';

export async function getProfile(prisma: Prisma, userId: number) {
  const user = await prisma.user.findUnique({
    where: { id: userId },
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

export async function changePassword(prisma: Prisma, userId: number, input: ChangePasswordInput, actor: Actor) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { login: true, passwordHash: true } });
  if (!user) throw new NotFoundError();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new FormError({ currentPassword: 'Текущий пароль введён неверно' });
  }
  if (input.newPassword.toLowerCase().includes(user.login)) {
    throw new FormError({ newPassword: 'Пароль не должен содержать логин' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return prisma.$transaction(async (tx) => {
    // A new session version ends every session signed in with the old password (see the passport deserializer).
    const { sessionVersion } = await tx.user.update({
      where: { id: userId },
      data: { passwordHash, mustChangePassword: false, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    await audit(tx, actor, { action: 'user.change_password', entityType: 'User', entityId: userId });
    return { sessionVersion };
  });
}

export async function updateProfile(prisma: Prisma, userId: number, input: UpdateProfileInput, actor: Actor) {
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { fullName: input.fullName } });
    await audit(tx, actor, { action: 'user.update_profile', entityType: 'User', entityId: userId, details: { changed: ['fullName'] } });
  });
}
