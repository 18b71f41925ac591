/**
 * The catalogue of what one module's change means to another (published inside the change's transaction, see
 * src/core/events.ts; who subscribes is wired in src/modules/index.ts). Payloads carry ids and facts, never
 * personal data.
 *
 * | event                    | published by | subscribed by                                                   |
 * |--------------------------|--------------|-----------------------------------------------------------------|
 * | staff.archived           | staff        | users (the account is switched off, as `archiveEffect` says)    |
 * | staff.restored           | staff        | users (the account back on, if asked and the archive turned it off) |
 * | consent.revoked          | consents     | banks (the person leaves both banks)                            |
 * | order.submitted          | orders       | pairs (the order's draft pairs are proposed)                    |
 * | order.approved           | orders       | pairs (assignment: pairs start; termination: they end); programmes (approval of programmes) |
 * | pair.activated           | pairs        | banks (mentees «в паре», mentors «ведёт наставничество»); programmes (the draft is made) |
 * | pair.ended               | pairs        | banks (entries back to the bank or completed); programmes (closed early with the reason, or completed) |
 * | programme.approved       | programmes   | notifications (being built, see AWAITING_SUBSCRIBERS)           |
 * | programme.returned       | programmes   | notifications                                                   |
 * | programme.item-commented | programmes   | notifications                                                   |
 * | programme.completed      | programmes   | notifications                                                   |
 */
import type { ConsentKind, OrderKind, ProgrammeApproval } from '../generated/prisma/enums.ts';

export interface DomainEvents {
  /** A staff card went to the archive: the person no longer works here. */
  'staff.archived': { staffMemberId: number };
  /** A staff card came back from the archive; `reactivateAccount`: the person restoring it asked for the account too. */
  'staff.restored': { staffMemberId: number; reactivateAccount: boolean };
  /** A consent was revoked (not replaced by a newer paper form). */
  'consent.revoked': { staffMemberId: number; kind: ConsentKind; consentId: number };
  /** A draft order went to the head: its draft pairs are proposed now. */
  'order.submitted': { orderId: number; kind: OrderKind; pairIds: number[] };
  /** The head approved an order: it has its number and date, its content is frozen. */
  'order.approved': {
    orderId: number;
    kind: OrderKind;
    pairIds: number[];
    /** «приказ от 01.09.2026 № 5-од» — how other records refer to it. */
    label: string;
    /** The order's date, 'YYYY-MM-DD'. */
    orderDate: string;
    /** The moment of approval (a pair made active by it counts from then). */
    approvedAt: Date;
    /** For a termination: why the pairs end (the order's констатирующая часть). */
    reason: string;
  };
  /** An order made a pair active: its members' bank entries follow. `orderLabel` names the order. */
  'pair.activated': { pairId: number; menteeEntryIds: number[]; mentorEntryIds: number[]; orderLabel: string };
  /**
   * A pair stopped: COMPLETED (programme done) or ENDED_EARLY (by a termination order, or a draft or proposed
   * pair cancelled). `wasActive` tells whether its bank entries had moved; `mentorEntryIds` are the mentors'
   * entries that lead no other active pair now.
   */
  'pair.ended': {
    pairId: number;
    outcome: 'COMPLETED' | 'ENDED_EARLY';
    wasActive: boolean;
    menteeEntryIds: number[];
    mentorEntryIds: number[];
    reason: string;
  };
  /**
   * A programme was approved — by the methodist in the portal, or by an approved order (`by: 'ORDER'`, with the
   * order's id). The pair's members are told (notifications).
   */
  'programme.approved': { programmeId: number; pairId: number; by: ProgrammeApproval; orderId: number | null; mentorStaffIds: number[]; menteeStaffIds: number[] };
  /** The methodist returned a submitted programme to its pair with a comment (read on the programme). */
  'programme.returned': { programmeId: number; pairId: number; mentorStaffIds: number[]; menteeStaffIds: number[] };
  /** A member commented a plan item: the pair's other members are `recipientStaffIds`. */
  'programme.item-commented': { programmeId: number; itemId: number; commentId: number; authorStaffMemberId: number; recipientStaffIds: number[] };
  /** A programme was completed (by its pair, or because the pair's work was recorded as completed). */
  'programme.completed': { programmeId: number; pairId: number; mentorStaffIds: number[]; menteeStaffIds: number[] };
}

/** Every event of the catalogue (the architecture test checks that each has a subscriber). */
export const DOMAIN_EVENT_NAMES = [
  'staff.archived',
  'staff.restored',
  'consent.revoked',
  'order.submitted',
  'order.approved',
  'pair.activated',
  'pair.ended',
  'programme.approved',
  'programme.returned',
  'programme.item-commented',
  'programme.completed',
] as const satisfies readonly (keyof DomainEvents)[];

/**
 * Events published for a module that is being built in parallel (notifications): the architecture test lets them
 * go without a subscriber for now, and fails once one subscribes — then remove it from here.
 */
export const AWAITING_SUBSCRIBERS: readonly (keyof DomainEvents)[] = ['programme.approved', 'programme.returned', 'programme.item-commented', 'programme.completed'];
