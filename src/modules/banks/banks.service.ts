/**
 * What other modules' changes mean for the banks (subscriptions wired in index.ts, run inside the
 * publisher's transaction). Only this module writes bank entries and their history.
 */
import { audit } from '../../core/audit.ts';
import type { Scope } from '../../core/scope.ts';
import type { ConsentKind } from '../../generated/prisma/enums.ts';
import { recordStatusChange } from './bank-history.ts';

const LEAVING_REASON = 'Отзыв согласия на обработку персональных данных';

/**
 * Revoking the personal-data consent takes the person out of both banks (history kept):
 * a mentee entry becomes WITHDRAWN, a mentor entry LEFT.
 */
export async function onConsentRevoked(scope: Scope, staffMemberId: number, kind: ConsentKind) {
  if (kind !== 'PERSONAL_DATA') return;
  const mentee = await scope.db.menteeEntry.findFirst({
    where: { staffMemberId, status: { notIn: ['WITHDRAWN', 'COMPLETED'] } },
    select: { id: true, status: true },
  });
  if (mentee) {
    await scope.db.menteeEntry.update({ where: { id: mentee.id }, data: { status: 'WITHDRAWN' } });
    await recordStatusChange(scope, { menteeEntryId: mentee.id }, { from: mentee.status, to: 'WITHDRAWN', reason: LEAVING_REASON });
    await audit(scope, { action: 'bank.mentee_withdraw', entityType: 'MenteeEntry', entityId: mentee.id, details: { reason: 'consent_revoked' } });
  }
  const mentor = await scope.db.mentorEntry.findFirst({
    where: { staffMemberId, status: { not: 'LEFT' } },
    select: { id: true, status: true },
  });
  if (mentor) {
    await scope.db.mentorEntry.update({ where: { id: mentor.id }, data: { status: 'LEFT' } });
    await recordStatusChange(scope, { mentorEntryId: mentor.id }, { from: mentor.status, to: 'LEFT', reason: LEAVING_REASON });
    await audit(scope, { action: 'bank.mentor_leave', entityType: 'MentorEntry', entityId: mentor.id, details: { reason: 'consent_revoked' } });
  }
}

/** A mentee entry follows its pair: PAIRED while it works, COMPLETED or back IN_BANK when it ends. A withdrawn entry stays. */
export async function moveMentee(scope: Scope, entryId: number, to: 'PAIRED' | 'COMPLETED' | 'IN_BANK', reason: string) {
  const entry = await scope.db.menteeEntry.findUnique({ where: { id: entryId }, select: { status: true } });
  if (!entry || entry.status === to || entry.status === 'WITHDRAWN') return;
  await scope.db.menteeEntry.update({ where: { id: entryId }, data: { status: to } });
  await recordStatusChange(scope, { menteeEntryId: entryId }, { from: entry.status, to, reason });
}

/** A mentor entry is ACTIVE while one of their pairs works, APPROVED again when none does. A mentor who left stays. */
export async function moveMentor(scope: Scope, entryId: number, to: 'ACTIVE' | 'APPROVED', reason: string) {
  const entry = await scope.db.mentorEntry.findUnique({ where: { id: entryId }, select: { status: true } });
  if (!entry || entry.status === to || entry.status === 'LEFT') return;
  await scope.db.mentorEntry.update({ where: { id: entryId }, data: { status: to } });
  await recordStatusChange(scope, { mentorEntryId: entryId }, { from: entry.status, to, reason });
}
