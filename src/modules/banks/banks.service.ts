import { audit, type Actor } from '../../core/audit.ts';
import type { ConsentKind } from '../../generated/prisma/enums.ts';
import { recordStatusChange, type Tx } from './bank-history.ts';

const LEAVING_REASON = 'Отзыв согласия на обработку персональных данных';

/**
 * Revoking the personal-data consent takes the person out of both banks (history kept):
 * a mentee entry becomes WITHDRAWN, a mentor entry LEFT. Called by the consents module inside
 * the revocation's transaction.
 */
export async function onConsentRevoked(tx: Tx, organizationId: number, staffMemberId: number, kind: ConsentKind, actor: Actor) {
  if (kind !== 'PERSONAL_DATA') return;
  const mentee = await tx.menteeEntry.findFirst({
    where: { organizationId, staffMemberId, status: { notIn: ['WITHDRAWN', 'COMPLETED'] } },
    select: { id: true, status: true },
  });
  if (mentee) {
    await tx.menteeEntry.update({ where: { id: mentee.id }, data: { status: 'WITHDRAWN' } });
    await recordStatusChange(tx, { organizationId, menteeEntryId: mentee.id }, { from: mentee.status, to: 'WITHDRAWN', reason: LEAVING_REASON, changedById: actor.userId });
    await audit(tx, actor, { action: 'bank.mentee_withdraw', entityType: 'MenteeEntry', entityId: mentee.id, details: { reason: 'consent_revoked' } });
  }
  const mentor = await tx.mentorEntry.findFirst({
    where: { organizationId, staffMemberId, status: { not: 'LEFT' } },
    select: { id: true, status: true },
  });
  if (mentor) {
    await tx.mentorEntry.update({ where: { id: mentor.id }, data: { status: 'LEFT' } });
    await recordStatusChange(tx, { organizationId, mentorEntryId: mentor.id }, { from: mentor.status, to: 'LEFT', reason: LEAVING_REASON, changedById: actor.userId });
    await audit(tx, actor, { action: 'bank.mentor_leave', entityType: 'MentorEntry', entityId: mentor.id, details: { reason: 'consent_revoked' } });
  }
}

