/**
 * What other modules' changes mean for the banks (subscriptions wired in index.ts, run inside the
 * publisher's transaction). Only this module writes bank entries and their history.
 */
import { audit } from '../../core/audit.ts';
import type { Scope } from '../../core/scope.ts';
import type { ConsentKind } from '../../generated/prisma/enums.ts';
import { recordStatusChange } from './bank-history.ts';
import { setupSessionsAttended } from '../events/index.ts';
import { ARCHIVED_REASON, trainingStatusOf } from './banks.rules.ts';

const LEAVING_REASON = 'Отзыв согласия на обработку персональных данных';

/**
 * Takes a person out of both banks (history kept): every open mentee entry — one per school year — becomes
 * WITHDRAWN, the mentor entry LEFT. `why` goes to the audit log, `reason` to the entry's history.
 */
async function closeEntries(scope: Scope, staffMemberId: number, reason: string, why: string) {
  const mentees = await scope.db.menteeEntry.findMany({
    where: { staffMemberId, status: { notIn: ['WITHDRAWN', 'COMPLETED'] } },
    select: { id: true, status: true },
    orderBy: { id: 'asc' },
  });
  for (const mentee of mentees) {
    await scope.db.menteeEntry.update({ where: { id: mentee.id }, data: { status: 'WITHDRAWN' } });
    await recordStatusChange(scope, { menteeEntryId: mentee.id }, { from: mentee.status, to: 'WITHDRAWN', reason });
    await audit(scope, { action: 'bank.mentee_withdraw', entityType: 'MenteeEntry', entityId: mentee.id, details: { reason: why } });
  }
  const mentor = await scope.db.mentorEntry.findFirst({
    where: { staffMemberId, status: { not: 'LEFT' } },
    select: { id: true, status: true },
  });
  if (mentor) {
    await scope.db.mentorEntry.update({ where: { id: mentor.id }, data: { status: 'LEFT' } });
    await recordStatusChange(scope, { mentorEntryId: mentor.id }, { from: mentor.status, to: 'LEFT', reason });
    await audit(scope, { action: 'bank.mentor_leave', entityType: 'MentorEntry', entityId: mentor.id, details: { reason: why } });
  }
}

/** Revoking the personal-data consent takes the person out of both banks. */
export async function onConsentRevoked(scope: Scope, staffMemberId: number, kind: ConsentKind) {
  if (kind !== 'PERSONAL_DATA') return;
  await closeEntries(scope, staffMemberId, LEAVING_REASON, 'consent_revoked');
}

/**
 * A card in the archive is someone who no longer works here: their entries close at the source, so no list
 * or count has to remember to leave archived people out. Restoring the card does not reopen them — the
 * methodist decides (the entry's card changes its status by hand).
 */
export async function onStaffArchived(scope: Scope, staffMemberId: number) {
  await closeEntries(scope, staffMemberId, ARCHIVED_REASON, 'staff_archived');
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

/**
 * The training rule applied (banks.rules.ts trainingStatusOf): on `event.attendance_marked` and when a mentor
 * entry is made, each person's entry gets the status their set-up sessions give — attended ones counted by the
 * events module (its face), the migrated ones kept on the entry.
 */
export async function recountTraining(scope: Scope, staffMemberIds: number[]): Promise<void> {
  if (staffMemberIds.length === 0) return;
  const entries = await scope.db.mentorEntry.findMany({ where: { staffMemberId: { in: staffMemberIds } }, select: { id: true, staffMemberId: true, trainingStatus: true, setupSessionsBefore: true } });
  if (entries.length === 0) return;
  const attended = await setupSessionsAttended(scope, entries.map((e) => e.staffMemberId));
  for (const entry of entries) {
    const status = trainingStatusOf(entry.setupSessionsBefore + (attended.get(entry.staffMemberId) ?? 0));
    if (status === entry.trainingStatus) continue;
    await scope.db.mentorEntry.update({ where: { id: entry.id }, data: { trainingStatus: status } });
    await audit(scope, { action: 'bank.mentor_training', entityType: 'MentorEntry', entityId: entry.id, details: { from: entry.trainingStatus, to: status } });
  }
}
