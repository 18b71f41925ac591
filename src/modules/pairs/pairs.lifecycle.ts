/**
 * What an approved order does to pairs: an «О закреплении» order makes them ACTIVE (the programme
 * starts), an early-termination order ends them. Called by the orders module inside the approval's
 * transaction; bank entries and their history follow.
 */
import { audit, type Actor } from '../../core/audit.ts';
import { recordStatusChange, type Tx } from '../banks/bank-history.ts';

export async function activatePairs(tx: Tx, organizationId: number, pairIds: number[], activatedAt: Date, actor: Actor, orderLabel: string) {
  if (pairIds.length === 0) return;
  const pairs = await tx.pair.findMany({
    where: { organizationId, id: { in: pairIds } },
    select: { id: true, status: true, members: { select: { role: true, menteeEntryId: true, mentorEntryId: true } } },
  });
  for (const pair of pairs) {
    await tx.pair.update({ where: { id: pair.id }, data: { status: 'ACTIVE', activatedAt } });
    await audit(tx, actor, { action: 'pair.status', entityType: 'Pair', entityId: pair.id, details: { from: pair.status, to: 'ACTIVE' } });
    for (const m of pair.members) {
      if (m.menteeEntryId) await moveMentee(tx, organizationId, m.menteeEntryId, 'PAIRED', `Закреплён(а) за наставником: ${orderLabel}`, actor);
      if (m.mentorEntryId) await moveMentor(tx, organizationId, m.mentorEntryId, 'ACTIVE', `Назначен(а) наставником: ${orderLabel}`, actor);
    }
  }
}

/**
 * Ends pairs: COMPLETED (programme done) or ENDED_EARLY (with reason). Mentees ended early go back to the bank.
 * Also cancels a draft or proposed pair (ENDED_EARLY): its bank entries stay untouched.
 */
export async function endPairs(
  tx: Tx,
  organizationId: number,
  pairIds: number[],
  outcome: 'COMPLETED' | 'ENDED_EARLY',
  endedOn: Date,
  reason: string,
  actor: Actor,
) {
  const pairs = await tx.pair.findMany({
    where: { organizationId, id: { in: pairIds } },
    select: { id: true, status: true, members: { select: { role: true, staffMemberId: true, menteeEntryId: true, mentorEntryId: true } } },
  });
  for (const pair of pairs) {
    await tx.pair.update({ where: { id: pair.id }, data: { status: outcome, endedOn, endReason: reason } });
    await audit(tx, actor, { action: 'pair.status', entityType: 'Pair', entityId: pair.id, details: { from: pair.status, to: outcome } });
    // A draft or proposed pair that is cancelled never moved its bank entries: leave them as they are.
    if (pair.status !== 'ACTIVE') continue;
    for (const m of pair.members) {
      if (m.menteeEntryId) await moveMentee(tx, organizationId, m.menteeEntryId, outcome === 'COMPLETED' ? 'COMPLETED' : 'IN_BANK', reason, actor);
      if (m.mentorEntryId) {
        const stillActive = await tx.pairMember.count({ where: { mentorEntryId: m.mentorEntryId, pair: { status: 'ACTIVE', id: { not: pair.id } } } });
        if (stillActive === 0) await moveMentor(tx, organizationId, m.mentorEntryId, 'APPROVED', reason, actor);
      }
    }
  }
}

async function moveMentee(tx: Tx, organizationId: number, entryId: number, to: 'PAIRED' | 'COMPLETED' | 'IN_BANK', reason: string, actor: Actor) {
  const entry = await tx.menteeEntry.findUnique({ where: { id: entryId }, select: { status: true } });
  if (!entry || entry.status === to || entry.status === 'WITHDRAWN') return;
  await tx.menteeEntry.update({ where: { id: entryId }, data: { status: to } });
  await recordStatusChange(tx, { organizationId, menteeEntryId: entryId }, { from: entry.status, to, reason, changedById: actor.userId });
}

async function moveMentor(tx: Tx, organizationId: number, entryId: number, to: 'ACTIVE' | 'APPROVED', reason: string, actor: Actor) {
  const entry = await tx.mentorEntry.findUnique({ where: { id: entryId }, select: { status: true } });
  if (!entry || entry.status === to || entry.status === 'LEFT') return;
  await tx.mentorEntry.update({ where: { id: entryId }, data: { status: to } });
  await recordStatusChange(tx, { organizationId, mentorEntryId: entryId }, { from: entry.status, to, reason, changedById: actor.userId });
}
