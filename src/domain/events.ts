/**
 * The catalogue of what one module's change means to another (published inside the change's transaction, see
 * src/core/events.ts). Payloads carry ids and facts, never personal data.
 */
import type { ConsentKind, OrderKind } from '../generated/prisma/enums.ts';

export interface DomainEvents {
  /** A staff card went to the archive: the person no longer works here. */
  'staff.archived': { staffMemberId: number };
  /** A consent was revoked (not replaced by a newer paper form). */
  'consent.revoked': { staffMemberId: number; kind: ConsentKind; consentId: number };
  /** The head approved an order: it has its number and date, its content is frozen. */
  'order.approved': {
    orderId: number;
    kind: OrderKind;
    pairIds: number[];
    /** «приказ от 01.09.2026 № 5-од» — how other records refer to it. */
    label: string;
    /** The order's date, 'YYYY-MM-DD'. */
    orderDate: string;
    /** For a termination: why the pairs end (the order's preamble). */
    reason: string;
  };
  /** A draft order went to the head: its draft pairs are proposed now. */
  'order.submitted': { orderId: number; kind: OrderKind; pairIds: number[] };
  /** An order made a pair active: its members' bank entries follow. */
  'pair.activated': { pairId: number; menteeEntryIds: number[]; mentorEntryIds: number[]; reason: string };
  /**
   * A pair stopped: COMPLETED (programme done), ENDED_EARLY (by a termination order) or CANCELLED (a draft or
   * proposed pair that never worked). `wasActive` tells whether its bank entries had moved.
   */
  'pair.ended': {
    pairId: number;
    outcome: 'COMPLETED' | 'ENDED_EARLY' | 'CANCELLED';
    wasActive: boolean;
    menteeEntryIds: number[];
    mentorEntryIds: number[];
    reason: string;
  };
}
