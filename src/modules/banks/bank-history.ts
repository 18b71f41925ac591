import type { Prisma } from '../../core/database/client.ts';

export type Tx = Parameters<Parameters<Prisma['$transaction']>[0]>[0];

/** One row of a bank entry's history: entering, status changes, leaving. */
export function recordStatusChange(
  tx: Tx,
  entry: { organizationId: number; menteeEntryId?: number; mentorEntryId?: number },
  change: { from: string; to: string; reason?: string; changedById: number | null },
) {
  return tx.bankStatusChange.create({
    data: {
      organizationId: entry.organizationId,
      menteeEntryId: entry.menteeEntryId ?? null,
      mentorEntryId: entry.mentorEntryId ?? null,
      fromStatus: change.from,
      toStatus: change.to,
      reason: change.reason ?? '',
      changedById: change.changedById,
    },
  });
}

/** Topic ids that really belong to the organization (a forged id from the form is dropped). */
export async function ownTopicIds(db: Pick<Prisma, 'topic'>, organizationId: number, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.topic.findMany({ where: { organizationId, id: { in: ids }, archivedAt: null }, select: { id: true } });
  return rows.map((r) => r.id);
}

/** Everything about one person that a bank card shows besides the entry itself. */
export async function personDossier(prisma: Prisma, organizationId: number, staffMemberId: number) {
  const [responses, consents] = await Promise.all([
    prisma.questionnaireResponse.findMany({
      where: { organizationId, staffMemberId },
      orderBy: { updatedAt: 'desc' },
      select: { id: true, status: true, submittedAt: true, updatedAt: true, questionnaire: { select: { id: true, title: true, audience: true } } },
    }),
    prisma.consent.findMany({
      where: { organizationId, staffMemberId },
      orderBy: { givenAt: 'desc' },
      select: { id: true, kind: true, method: true, givenAt: true, revokedAt: true, revokeReason: true },
    }),
  ]);
  return { responses, consents };
}
