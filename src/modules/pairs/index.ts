/**
 * The pairs module's face. It owns Pair, PairMember and MenteeSupport, and the hard rules of forming pairs
 * (used by matching and orders). Orders reach pairs only as events — `order.submitted` proposes an
 * assignment's drafts, `order.approved` starts or ends its pairs — and pairs announce `pair.activated` and
 * `pair.ended` for the banks.
 */
import type { Events } from '../../core/scope.ts';
import { onOrderApproved, proposeOrderedPairs } from './pairs.lifecycle.ts';

export { pairsRouter } from './pairs.routes.ts';
export { LOAD_STATUSES, menteeIssues, mentorLoad, OPEN_STATUSES, orderProblems, pairIssues, pairProblems } from './pairs.rules.ts';
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
}
