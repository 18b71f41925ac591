/**
 * The qualification history: every change of a person's category, written in the SAME transaction as the card's
 * new category — by the staff form (the attestation order's date asked there) and by the staff import's
 * «обновить совпадающих» (the import's day). A new card starts without history: its category is where the
 * person is, not a change we saw. The rule «the category rose» over this history is staff.rules.ts's.
 */
import type { Scope } from '../../core/scope.ts';
import { dbDateOf } from '../../domain/dates.ts';
import type { QualificationCategory, StaffCategorySource } from '../../generated/prisma/enums.ts';

export interface CategoryChange {
  staffMemberId: number;
  from: QualificationCategory;
  to: QualificationCategory;
  /** 'YYYY-MM-DD': the attestation order's date. */
  effectiveOn: string;
  source: StaffCategorySource;
}

/** Writes one change (nothing when the category did not change). `tx`: the transaction that changes the card. */
export async function recordCategoryChange(tx: Scope, change: CategoryChange): Promise<void> {
  if (change.from === change.to) return;
  await tx.db.staffCategoryChange.create({
    data: {
      organizationId: tx.organization.id,
      staffMemberId: change.staffMemberId,
      fromCategory: change.from,
      toCategory: change.to,
      effectiveOn: dbDateOf(change.effectiveOn),
      recordedById: tx.actor.userId,
      recordedByName: tx.user?.fullName ?? '',
      source: change.source,
    },
    select: { id: true },
  });
}

/** The person's history, newest first (the card shows it; the card's read is audited by showStaff). */
export function categoryHistory(scope: Scope, staffMemberId: number) {
  return scope.db.staffCategoryChange.findMany({
    where: { staffMemberId },
    orderBy: [{ effectiveOn: 'desc' }, { id: 'desc' }],
    select: { id: true, fromCategory: true, toCategory: true, effectiveOn: true, recordedAt: true, recordedByName: true, source: true },
  });
}
