/**
 * «Is this record mine?» — the one participation rule of every module. Some roles read every record of a
 * kind (the methodist and the head: `pairs:read`, `orders:read`, `consents:read`); anyone else only the
 * records that name their own staff card (their pairs, the orders they acknowledge, their consents). For
 * everyone else such a record does not exist: services answer 404, not 403, so an id reveals nothing.
 */
import type { Permission } from './auth/permissions.ts';
import type { Scope } from './scope.ts';

export interface Participation {
  /** Reads every record of the kind. */
  all: boolean;
  /** Otherwise, the staff card whose records it reads (null: none — an account without a card). */
  staffMemberId: number | null;
}

/** What this scope may read of a kind whose readers hold `readAll`. */
export function participation(scope: Pick<Scope, 'can' | 'staffMemberId'>, readAll: Permission): Participation {
  return { all: scope.can(readAll), staffMemberId: scope.staffMemberId };
}

/** True when the participation reads every record, or the record names its staff card. */
export function takesPart(who: Participation, staffMemberIds: Iterable<number>): boolean {
  if (who.all) return true;
  if (who.staffMemberId === null) return false;
  for (const id of staffMemberIds) if (id === who.staffMemberId) return true;
  return false;
}

/** The staff card of the participation, for a query «records naming me»; -1 matches nothing. */
export function ownStaffIdOf(who: Participation): number {
  return who.staffMemberId ?? -1;
}
