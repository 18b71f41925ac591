import type { Scope } from '../../core/scope.ts';

/** One row of a bank entry's history: entering, status changes, leaving (in the scope's transaction). */
export function recordStatusChange(
  scope: Scope,
  entry: { menteeEntryId?: number; mentorEntryId?: number },
  change: { from: string; to: string; reason?: string },
) {
  return scope.db.bankStatusChange.create({
    data: {
      organizationId: scope.organization.id,
      menteeEntryId: entry.menteeEntryId ?? null,
      mentorEntryId: entry.mentorEntryId ?? null,
      fromStatus: change.from,
      toStatus: change.to,
      reason: change.reason ?? '',
      changedById: scope.actor.userId,
    },
  });
}

/** Everything about one person that a bank card shows besides the entry itself. */
export async function personDossier(scope: Scope, staffMemberId: number) {
  const [responses, consents] = await Promise.all([
    scope.db.questionnaireResponse.findMany({
      where: { staffMemberId },
      orderBy: { updatedAt: 'desc' },
      select: { id: true, status: true, submittedAt: true, updatedAt: true, questionnaire: { select: { id: true, title: true, audience: true } } },
    }),
    scope.db.consent.findMany({
      where: { staffMemberId },
      orderBy: { givenAt: 'desc' },
      select: { id: true, kind: true, method: true, givenAt: true, revokedAt: true, revokeReason: true },
    }),
  ]);
  return { responses, consents };
}
