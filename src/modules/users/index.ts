/**
 * The users module's face. It owns User: accounts are made, renamed and switched off only here — the staff
 * directory asks through these commands, and archiving or restoring a staff card reaches the account as the
 * `staff.archived` and `staff.restored` events (`archiveEffect` and `reactivationOffer` say beforehand what
 * they will do). An administrator links an existing account to a staff card and unlinks it (`linkAccount`,
 * `unlinkAccount`: from the account's page or from the card); `unlinkedNamesakes` finds the person's own
 * account made before the card was linked, so the card offers to link it instead of making a second login.
 */
import type { Events } from '../../core/scope.ts';
import { onStaffArchived, onStaffRestored } from './users.service.ts';

export { usersRouter } from './users.routes.ts';
export { LoginField } from './users.schemas.ts';
export { archiveEffect, createLinkedAccount, linkAccount, reactivationOffer, renameLinkedAccount, unlinkAccount, unlinkedAccountOptions, unlinkedNamesakes } from './users.service.ts';
export { changePassword, getProfile, recordSignIn, updateProfile } from './users.profile.ts';

export function subscribe(events: Events): void {
  events.on('staff.archived', (scope, { staffMemberId }) => onStaffArchived(scope, staffMemberId));
  events.on('staff.restored', (scope, { staffMemberId, reactivateAccount }) => onStaffRestored(scope, staffMemberId, reactivateAccount));
}
