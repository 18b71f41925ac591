/**
 * What orders do to pairs (the pairs module's subscriptions to `order.submitted` and `order.approved`, and
 * the card's own «end»): a submitted assignment proposes its draft pairs, an approved one makes them ACTIVE,
 * an early-termination order ends them. Only pairs change here; each change is announced (`pair.activated`,
 * `pair.ended`) for the banks, whose entries follow — in the same transaction.
 */
import { audit } from '../../core/audit.ts';
import { publish, type Scope } from '../../core/scope.ts';
import { dbDateOf } from '../../domain/dates.ts';
import type { DomainEvents } from '../../domain/events.ts';

/** An assignment order went to the head: its draft pairs become «предложена». */
export async function proposeOrderedPairs(scope: Scope, orderId: number, pairIds: number[]) {
  const drafts = await scope.db.pair.findMany({ where: { id: { in: pairIds }, status: 'DRAFT' }, select: { id: true }, orderBy: { id: 'asc' } });
  for (const p of drafts) {
    await scope.db.pair.updateMany({ where: { id: p.id, status: 'DRAFT' }, data: { status: 'PROPOSED' } });
    await audit(scope, { action: 'pair.status', entityType: 'Pair', entityId: p.id, details: { from: 'DRAFT', to: 'PROPOSED', orderId } });
  }
}

/** An approved order changes its pairs: an assignment starts them, a termination ends them early. */
export async function onOrderApproved(scope: Scope, order: DomainEvents['order.approved']) {
  if (order.kind === 'ASSIGN_PAIRS') await activatePairs(scope, order.pairIds, order.approvedAt, order.label);
  if (order.kind === 'TERMINATE') await endPairs(scope, order.pairIds, 'ENDED_EARLY', dbDateOf(order.orderDate), `${order.reason.trim()} (${order.label})`);
}

export async function activatePairs(scope: Scope, pairIds: number[], activatedAt: Date, orderLabel: string) {
  if (pairIds.length === 0) return;
  const pairs = await scope.db.pair.findMany({
    where: { id: { in: pairIds } },
    select: { id: true, status: true, members: { select: { role: true, menteeEntryId: true, mentorEntryId: true } } },
  });
  for (const pair of pairs) {
    await scope.db.pair.update({ where: { id: pair.id }, data: { status: 'ACTIVE', activatedAt } });
    await audit(scope, { action: 'pair.status', entityType: 'Pair', entityId: pair.id, details: { from: pair.status, to: 'ACTIVE' } });
    await publish(scope, 'pair.activated', {
      pairId: pair.id,
      menteeEntryIds: pair.members.flatMap((m) => (m.menteeEntryId ? [m.menteeEntryId] : [])),
      mentorEntryIds: pair.members.flatMap((m) => (m.mentorEntryId ? [m.mentorEntryId] : [])),
      orderLabel,
    });
  }
}

/**
 * Ends pairs: COMPLETED (programme done) or ENDED_EARLY (with reason; the mentees go back to the bank). Also
 * cancels a draft or proposed pair (ENDED_EARLY): its bank entries never moved, and stay as they are.
 */
export async function endPairs(scope: Scope, pairIds: number[], outcome: 'COMPLETED' | 'ENDED_EARLY', endedOn: Date, reason: string) {
  const pairs = await scope.db.pair.findMany({
    where: { id: { in: pairIds } },
    select: { id: true, status: true, members: { select: { role: true, staffMemberId: true, menteeEntryId: true, mentorEntryId: true } } },
  });
  for (const pair of pairs) {
    await scope.db.pair.update({ where: { id: pair.id }, data: { status: outcome, endedOn, endReason: reason } });
    await audit(scope, { action: 'pair.status', entityType: 'Pair', entityId: pair.id, details: { from: pair.status, to: outcome } });
    const wasActive = pair.status === 'ACTIVE';
    const released: number[] = [];
    for (const m of pair.members) {
      if (!wasActive || !m.mentorEntryId) continue;
      // A mentor who still leads another active pair stays «ведёт наставничество».
      const stillActive = await scope.db.pairMember.count({ where: { mentorEntryId: m.mentorEntryId, pair: { status: 'ACTIVE', id: { not: pair.id } } } });
      if (stillActive === 0) released.push(m.mentorEntryId);
    }
    await publish(scope, 'pair.ended', {
      pairId: pair.id,
      outcome,
      wasActive,
      menteeEntryIds: pair.members.flatMap((m) => (m.menteeEntryId ? [m.menteeEntryId] : [])),
      mentorEntryIds: released,
      reason,
    });
  }
}
