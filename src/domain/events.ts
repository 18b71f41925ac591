/**
 * The catalogue of what one module's change means to another (published inside the change's transaction, see
 * src/core/events.ts; who subscribes is wired in src/modules/index.ts). Payloads carry ids and facts, never
 * personal data.
 *
 * | event                    | published by | subscribed by                                                   |
 * |--------------------------|--------------|-----------------------------------------------------------------|
 * | staff.archived           | staff        | users (the account is switched off, as `archiveEffect` says),   |
 * |                          |              | banks (the person's entries close), pairs (their pairs flagged) |
 * | staff.restored           | staff        | users (the account back on, if asked and the archive turned it off) |
 * | consent.revoked          | consents     | banks (the person leaves both banks), pairs (the person's open  |
 * |                          |              | pairs are flagged «требует внимания»)                           |
 * | questionnaire.published  | questionnaires | notifications (its expected respondents are told)             |
 * | order.submitted          | orders       | pairs (the order's draft pairs are proposed); notifications (the head) |
 * | order.returned           | orders       | notifications (the author reads the head's comment)             |
 * | order.approved           | orders       | pairs (assignment: pairs start; termination: they end); programmes (approval of programmes); notifications (participants acknowledge) |
 * | pair.activated           | pairs        | banks (mentees «в паре», mentors «ведёт наставничество»); programmes (the draft is made); notifications (members) |
 * | pair.ended               | pairs        | banks (entries back to the bank or completed); programmes (closed early with the reason, or completed) |
 * | programme.approved       | programmes   | notifications; monitoring (the mentees' self-assessment at the start) |
 * | programme.returned       | programmes   | notifications                                                   |
 * | programme.item-commented | programmes   | notifications                                                   |
 * | programme.completed      | programmes   | monitoring (its end-of-programme questionnaires)                |
 * | event.invited            | events       | notifications (the invited are told, in-app and by mail as each prefers) |
 * | event.changed            | events       | notifications (time, place or link of a planned event changed)  |
 * | event.cancelled          | events       | notifications (the invited are told)                            |
 * | event.attendance_marked  | events       | banks (the mentors' training status follows set-up sessions attended) |
 */
import type { ConsentKind, OrderKind, ProgrammeApproval } from '../generated/prisma/enums.ts';

export interface DomainEvents {
  /** A staff card went to the archive: the person no longer works here. */
  'staff.archived': { staffMemberId: number };
  /** A staff card came back from the archive; `reactivateAccount`: the person restoring it asked for the account too. */
  'staff.restored': { staffMemberId: number; reactivateAccount: boolean };
  /** A consent was revoked (not replaced by a newer paper form). */
  'consent.revoked': { staffMemberId: number; kind: ConsentKind; consentId: number };
  /** A questionnaire was opened for answers (published, or re-opened after closing). */
  'questionnaire.published': { questionnaireId: number; title: string };
  /** A draft order went to the head: its draft pairs are proposed now. */
  'order.submitted': { orderId: number; kind: OrderKind; pairIds: number[]; title: string };
  /** The head returned a submitted order to its author for rework, with a comment (on the order's page). */
  'order.returned': { orderId: number; kind: OrderKind; title: string; authorId: number | null };
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
    /** Staff cards named in the order, who must acknowledge it («лист ознакомления»). */
    participantStaffIds: number[];
  };
  /** An order made a pair active: its members' bank entries follow. `orderLabel` names the order. */
  'pair.activated': { pairId: number; menteeEntryIds: number[]; mentorEntryIds: number[]; orderLabel: string; memberStaffIds: number[] };
  /**
   * A pair stopped: COMPLETED (programme done), ENDED_EARLY (by a termination order) or CANCELLED (a draft or
   * proposed pair called off before any order made it active). `wasActive` tells whether its bank entries had
   * moved; `mentorEntryIds` are the mentors' entries that lead no other active pair now.
   */
  'pair.ended': {
    pairId: number;
    outcome: 'COMPLETED' | 'ENDED_EARLY' | 'CANCELLED';
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
  /** People were invited to an event (when it was planned, or added to its audience later). */
  'event.invited': { eventId: number; title: string; staffMemberIds: number[] };
  /** The time, place, link or title of a planned event changed: those still invited are told. */
  'event.changed': { eventId: number; title: string; staffMemberIds: number[] };
  /** A planned event was cancelled. */
  'event.cancelled': { eventId: number; title: string; staffMemberIds: number[] };
  /**
   * The set-up sessions these people attended may have changed (the methodist marked attendance, or a held
   * event's kind changed): the banks recount their training status through the events module's face.
   */
  'event.attendance_marked': { eventId: number; staffMemberIds: number[] };
}

/** Every event of the catalogue (the architecture test checks that each has a subscriber). */
export const DOMAIN_EVENT_NAMES = [
  'staff.archived',
  'staff.restored',
  'consent.revoked',
  'questionnaire.published',
  'order.submitted',
  'order.returned',
  'order.approved',
  'pair.activated',
  'pair.ended',
  'programme.approved',
  'programme.returned',
  'programme.item-commented',
  'programme.completed',
  'event.invited',
  'event.changed',
  'event.cancelled',
  'event.attendance_marked',
] as const satisfies readonly (keyof DomainEvents)[];

/**
 * Events published ahead of the module that will listen (monitoring opens its end-of-programme questionnaires on
 * `programme.completed`): the architecture test lets them go without a subscriber for now, and fails once one
 * subscribes — then remove it from here.
 */
export const AWAITING_SUBSCRIBERS: readonly (keyof DomainEvents)[] = [];
