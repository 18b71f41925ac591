/**
 * The banks module's face. It owns MenteeEntry (one request per person and school year), MentorEntry, their
 * topics and BankStatusChange: only this module moves bank statuses. What other modules' changes mean for
 * the entries arrives as events — a card archived, a revoked consent, a pair activated or ended.
 */
import type { Events } from '../../core/scope.ts';
import { moveMentee, moveMentor, onConsentRevoked, onStaffArchived, recountTraining } from './banks.service.ts';

export { banksRouter } from './banks.routes.ts';
export { banksDashboard } from './banks.dashboard.ts';
export {
  APPROVED_MENTOR_STATUSES,
  ARCHIVED_REASON,
  CURRENT_MENTEE_STATUSES,
  CURRENT_MENTOR_STATUSES,
  REQUIRED_SETUP_SESSIONS,
  SEEKING_MENTEE_STATUSES,
  inMentorBank,
  inMentorBankSql,
  menteeBankStaffIds,
  mentorBankStaffIds,
  trainingStatusOf,
} from './banks.rules.ts';
export { addMenteeFromResponse } from './mentees.service.ts';
export { addMentorFromResponse, approveMentor } from './mentors.service.ts';

export function subscribe(events: Events): void {
  events.on('staff.archived', (scope, { staffMemberId }) => onStaffArchived(scope, staffMemberId));
  events.on('consent.revoked', (scope, { staffMemberId, kind }) => onConsentRevoked(scope, staffMemberId, kind));
  events.on('pair.activated', async (scope, { menteeEntryIds, mentorEntryIds, orderLabel }) => {
    for (const id of menteeEntryIds) await moveMentee(scope, id, 'PAIRED', `Закреплён(а) за наставником: ${orderLabel}`);
    for (const id of mentorEntryIds) await moveMentor(scope, id, 'ACTIVE', `Назначен(а) наставником: ${orderLabel}`);
  });
  events.on('pair.ended', async (scope, { outcome, wasActive, menteeEntryIds, mentorEntryIds, reason }) => {
    // A cancelled draft or proposal never moved its bank entries: they stay as they are.
    if (!wasActive) return;
    for (const id of menteeEntryIds) await moveMentee(scope, id, outcome === 'COMPLETED' ? 'COMPLETED' : 'IN_BANK', reason);
    for (const id of mentorEntryIds) await moveMentor(scope, id, 'APPROVED', reason);
  });
  // The training status follows attendance at set-up sessions (banks.rules.ts trainingStatusOf).
  events.on('event.attendance_marked', (scope, { staffMemberIds }) => recountTraining(scope, staffMemberIds));
}
