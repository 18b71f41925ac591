import { audit } from '../../core/audit.ts';
import { FormError, isUniqueViolation, NotFoundError } from '../../core/errors.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { Prisma as P } from '../../generated/prisma/client.ts';
import type { ProgrammeApproval } from '../../generated/prisma/enums.ts';
import { organizationCardErrors, type OrganizationInput } from './settings.schemas.ts';

/** The scope's organization (the scoped client sees no other). */
export async function getOrganization(scope: Scope) {
  const organization = await scope.db.organization.findFirst();
  if (!organization) throw new NotFoundError();
  return organization;
}

export async function updateOrganization(scope: Scope, input: OrganizationInput) {
  const cardErrors = organizationCardErrors(input);
  if (Object.keys(cardErrors).length) throw new FormError(cardErrors);
  const before = await getOrganization(scope);
  // The public address is unique in the whole portal: the only question asked of other organizations.
  const slugTaken = await scope.portal.organization.findFirst({ where: { slug: input.slug, NOT: { id: scope.organization.id } }, select: { id: true } });
  if (slugTaken) throw new FormError({ slug: 'Этот адрес уже занят другой организацией' });
  try {
    await transaction(scope, async (tx) => {
      await tx.db.organization.update({ where: { id: tx.organization.id }, data: input });
      const changed = (Object.keys(input) as (keyof OrganizationInput)[]).filter((k) => String(before[k]) !== String(input[k]));
      await audit(tx, { action: 'organization.update', entityType: 'Organization', entityId: tx.organization.id, details: { changed } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new FormError({ slug: 'Этот адрес уже занят другой организацией' });
    throw error;
  }
}

/**
 * The matching weights are a column of the organization: the matching module reads them and writes them
 * through this command (null: back to the defaults in code). Joins the caller's transaction.
 */
export async function setMatchingWeights(scope: Scope, weights: Record<string, number> | null): Promise<void> {
  await scope.db.organization.update({ where: { id: scope.organization.id }, data: { matchingWeights: weights ?? P.DbNull } });
}

/**
 * Who approves personalised programmes — the methodist in the portal, or the head by an order — is the
 * organization's rule (its Regulation): a column of the organization, set from the programmes' settings page
 * through this command.
 */
export async function setProgrammeApproval(scope: Scope, approval: ProgrammeApproval): Promise<void> {
  await transaction(scope, async (tx) => {
    await tx.db.organization.update({ where: { id: tx.organization.id }, data: { programmeApproval: approval } });
    await audit(tx, { action: 'organization.update', entityType: 'Organization', entityId: tx.organization.id, details: { changed: ['programmeApproval'] } });
  });
}
