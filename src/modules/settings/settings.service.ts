import { audit, type Actor } from '../../core/audit.ts';
import type { Prisma } from '../../core/database/client.ts';
import { FormError, isUniqueViolation, NotFoundError } from '../../core/errors.ts';
import type { OrganizationInput } from './settings.schemas.ts';

export async function getOrganization(prisma: Prisma, organizationId: number) {
  const organization = await prisma.organization.findUnique({ where: { id: organizationId } });
  if (!organization) throw new NotFoundError();
  return organization;
}

export async function updateOrganization(prisma: Prisma, organizationId: number, input: OrganizationInput, actor: Actor) {
  const before = await getOrganization(prisma, organizationId);
  const slugTaken = await prisma.organization.findFirst({ where: { slug: input.slug, NOT: { id: organizationId } }, select: { id: true } });
  if (slugTaken) throw new FormError({ slug: 'Этот адрес уже занят другой организацией' });
  try {
    await prisma.$transaction(async (tx) => {
      await tx.organization.update({ where: { id: organizationId }, data: input });
      const changed = (Object.keys(input) as (keyof OrganizationInput)[]).filter((k) => String(before[k]) !== String(input[k]));
      await audit(tx, actor, { action: 'organization.update', entityType: 'Organization', entityId: organizationId, details: { changed } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new FormError({ slug: 'Этот адрес уже занят другой организацией' });
    throw error;
  }
}
