import crypto from 'node:crypto';
import type { Prisma } from '../../src/core/database/client.ts';
import { hashPassword } from '../../src/core/passwords.ts';
import type { Role } from '../../src/generated/prisma/enums.ts';

/** A short random tag keeping rows of parallel test files apart in the shared database. */
export function uniq(prefix = ''): string {
  return prefix + crypto.randomBytes(4).toString('hex');
}

export const TEST_PASSWORD = 'Проверка-пароля-2026';
let testPasswordHash: Promise<string> | undefined;

export async function createOrganization(prisma: Prisma, overrides: Partial<{ shortName: string; fullName: string; slug: string }> = {}) {
  const tag = uniq();
  return prisma.organization.create({
    data: {
      slug: `org-${tag}`,
      fullName: `Муниципальное бюджетное дошкольное образовательное учреждение № ${tag}`,
      shortName: `МБДОУ № ${tag}`,
      headName: 'Свиридова Наталья Геннадьевна',
      orderSuffix: '-од',
      ...overrides,
    },
  });
}

export async function createUser(
  prisma: Prisma,
  organizationId: number,
  overrides: Partial<{ role: Role; login: string; fullName: string; active: boolean; mustChangePassword: boolean; password: string }> = {},
) {
  const { password, ...data } = overrides;
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = password ? await hashPassword(password) : await testPasswordHash;
  return prisma.user.create({
    data: {
      organizationId,
      login: uniq('user'),
      fullName: `Иванова Мария Петровна ${uniq()}`,
      role: 'TEACHER',
      passwordHash,
      ...data,
    },
  });
}

/** An organization with one user of every role. */
export async function createOrganizationWithStaff(prisma: Prisma) {
  const organization = await createOrganization(prisma);
  const [admin, head, methodist, teacher] = await Promise.all(
    (['ADMIN', 'HEAD', 'METHODIST', 'TEACHER'] as const).map((role) => createUser(prisma, organization.id, { role })),
  );
  return { organization, admin: admin!, head: head!, methodist: methodist!, teacher: teacher! };
}
