/**
 * The pairs module's face. It owns Pair, PairMember and MenteeSupport, the hard rules of forming pairs (used
 * by matching and orders) and the named rules of pairs.definitions.ts — waiting mentee, available mentor, a
 * mentor's load, pairs open / formed / needing attention — each as a Prisma condition and an SQL fragment.
 * Orders reach pairs only as events — `order.submitted` proposes an assignment's drafts, `order.approved`
 * starts or ends its pairs; `consent.revoked` and `staff.archived` mark the person's open pairs «требует
 * внимания» — and pairs announce `pair.activated` and `pair.ended` for the banks.
 */
import type { Events } from '../../core/scope.ts';
import { onConsentRevoked, onStaffArchived } from './pairs.attention.ts';
import { onOrderApproved, proposeOrderedPairs } from './pairs.lifecycle.ts';

export { pairsDashboard } from './pairs.dashboard.ts';
export { checkinTodo, dueCheckinOccasion, dueCheckinSql, dueCheckinsOf, openCheckins } from './pairs.checkins.ts';
export {
  availableMentorWhere,
  availableMentorWhereSql,
  CLOSED_STATUSES,
  FORMED_STATUSES,
  formedPairMembershipsSql,
  formedPairMemberWhere,
  isAvailableMentorSql,
  isMentorAvailable,
  isOpenPairSql,
  isPoolMentorSql,
  isWaitingMenteeSql,
  leadsOpenPair,
  leadsOpenPairSql,
  menteeOfOpenPairSql,
  LOAD_STATUSES,
  mentorLoad,
  mentorLoadSql,
  mentorPoolWhere,
  needsAttentionSql,
  needsAttentionWhere,
  OPEN_STATUSES,
  openPairMemberStaffIds,
  unavailabilityOf,
  waitingMenteeWhere,
  withFreePlaces,
  type DayPeriod,
  type MentorFacts,
  type Unavailability,
} from './pairs.definitions.ts';
export { pairsRouter } from './pairs.routes.ts';
export { menteeIssues, orderProblems, pairIssues, pairProblems } from './pairs.rules.ts';
export { AddSupport, SavePair } from './pairs.schemas.ts';
export { createPair } from './pairs.service.ts';
export { addSupport } from './pairs.waiting.ts';
/** The mentor's supplementary agreement (npm run samples prints it). */
export { pairAgreement } from './pairs.agreement.ts';

export function subscribe(events: Events): void {
  events.on('order.submitted', async (scope, { orderId, kind, pairIds }) => {
    if (kind === 'ASSIGN_PAIRS') await proposeOrderedPairs(scope, orderId, pairIds);
  });
  events.on('order.approved', (scope, order) => onOrderApproved(scope, order));
  events.on('consent.revoked', (scope, { staffMemberId, kind, consentId }) => onConsentRevoked(scope, staffMemberId, kind, consentId));
  events.on('staff.archived', (scope, { staffMemberId }) => onStaffArchived(scope, staffMemberId));
}
