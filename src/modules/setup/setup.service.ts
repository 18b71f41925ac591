import crypto from 'node:crypto';
import { audit, type Actor } from '../../core/audit.ts';
import type { Prisma } from '../../core/database/client.ts';
import { FormError, NotFoundError } from '../../core/errors.ts';
import { hashPassword } from '../../core/passwords.ts';
import { organizationCardErrors } from '../settings/index.ts';
import type { CompleteSetupInput } from './setup.schemas.ts';

/**
 * The seed's kindergarten, offered as an example on the first-run form. Its requisites (ИНН, ОГРН, address)
 * are left empty on purpose: the consents print them, and an example value would be signed as it is.
 */
export const EXAMPLE_ORGANIZATION = {
  fullName: 'Муниципальное бюджетное дошкольное образовательное учреждение № 50 «Алёнушка» города Калуги',
  shortName: 'МБДОУ № 50 «Алёнушка»',
  slug: 'ds50-alenushka',
  address: '',
  inn: '',
  ogrn: '',
  headName: 'Свиридова Наталья Геннадьевна',
  headPosition: 'Заведующий',
  website: '',
  timeZone: 'Europe/Moscow',
  orderSuffix: '-од',
};

export async function organizationExists(prisma: Prisma): Promise<boolean> {
  return (await prisma.organization.count()) > 0;
}

export function tokenMatches(expected: string, given: string): boolean {
  const a = crypto.createHash('sha256').update(expected).digest();
  const b = crypto.createHash('sha256').update(given.trim()).digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * Creates the first organization and its administrator. A core mechanism like sign-in: there is no
 * organization (so no scope) yet, hence the raw client. Serialised by an advisory lock, so two
 * browsers submitting at once cannot create two "first" organizations.
 */
export async function completeSetup(prisma: Prisma, input: CompleteSetupInput, expectedToken: string, actor: Actor) {
  if (!tokenMatches(expectedToken, input.token)) {
    throw new FormError({ token: 'Код установки не подходит. Он напечатан в консоли, где запущен портал.' });
  }
  const cardErrors = organizationCardErrors(input);
  if (Object.keys(cardErrors).length) throw new FormError(cardErrors);
  const passwordHash = await hashPassword(input.adminPassword);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7301001)`;
    if ((await tx.organization.count()) > 0) throw new NotFoundError();
    const organization = await tx.organization.create({
      data: {
        fullName: input.fullName,
        fullNameGenitive: input.fullNameGenitive,
        fullNameDative: input.fullNameDative,
        shortName: input.shortName,
        slug: input.slug,
        inn: input.inn,
        ogrn: input.ogrn,
        address: input.address,
        postalAddress: input.postalAddress,
        socialPages: input.socialPages,
        processorName: input.processorName,
        processorInn: input.processorInn,
        processorAddress: input.processorAddress,
        headName: input.headName,
        headPosition: input.headPosition,
        website: input.website,
        timeZone: input.timeZone,
        orderSuffix: input.orderSuffix,
      },
    });
    const admin = await tx.user.create({
      data: {
        organizationId: organization.id,
        login: input.adminLogin,
        fullName: input.adminFullName,
        role: 'ADMIN',
        passwordHash,
      },
    });
    await audit({ db: tx, actor: { ...actor, userId: admin.id } }, { organizationId: organization.id, action: 'setup.complete', entityType: 'Organization', entityId: organization.id });
    return { organization, admin };
  });
}
