/**
 * The catalogue of what one module's change means to another (published inside the change's transaction, see
 * src/core/events.ts; who subscribes is wired in src/modules/index.ts). Payloads carry ids and facts, never
 * personal data.
 *
 * | event             | published by | subscribed by                                                   |
 * |-------------------|--------------|-----------------------------------------------------------------|
 * | staff.archived    | staff        | users (the account is switched off, as `archiveEffect` says)    |
 * | staff.restored    | staff        | users (the account back on, if asked and the archive turned it off) |
 * | consent.revoked   | consents     | banks (the person leaves both banks)                            |
 * | order.submitted   | orders       | pairs (the order's draft pairs are proposed)                    |
 * | order.approved    | orders       | pairs (assignment: pairs start; termination: they end)          |
 * | pair.activated    | pairs        | banks (mentees «в паре», mentors «ведёт наставничество»)        |
 * | pair.ended        | pairs        | banks (entries back to the bank or completed)                   |
 */
import type { ConsentKind, OrderKind } from '../generated/prisma/enums.ts';

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
] as const satisfies readonly (keyof DomainEvents)[];
