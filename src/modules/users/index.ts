/**
 * The users module's face. It owns User: accounts are made, renamed and switched off only here — the staff
 * directory asks through these commands, and archiving or restoring a staff card reaches the account as the
 * `staff.archived` and `staff.restored` events (`archiveEffect` and `reactivationOffer` say beforehand what
 * they will do).
 */
import type { Events } from '../../core/scope.ts';
import { onStaffArchived, onStaffRestored } from './users.service.ts';

export { usersRouter } from './users.routes.ts';
export { LoginField } from './users.schemas.ts';
export { archiveEffect, createLinkedAccount, reactivationOffer, renameLinkedAccount } from './users.service.ts';
export { changePassword, getProfile, recordSignIn, updateProfile } from './users.profile.ts';

export function subscribe(events: Events): void {
  events.on('staff.archived', (scope, { staffMemberId }) => onStaffArchived(scope, staffMemberId));
  events.on('staff.restored', (scope, { staffMemberId, reactivateAccount }) => onStaffRestored(scope, staffMemberId, reactivateAccount));
}
