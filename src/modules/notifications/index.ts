/**
 * The notifications module's face. It owns Notification and NotificationSetting. Nobody calls it to notify:
 * it subscribes to the other modules' events (questionnaire.published, order.submitted, order.returned,
 * order.approved, pair.activated, programme.*, event.invited / changed / cancelled) and runs its own daily job (consents owed, plan items due, digests). Mail is
 * sent only by the job worker (notifications.jobs.ts).
 */
export { countUnreadOnRender, notificationsRouter } from './notifications.routes.ts';
export { onProgrammeApproved, onProgrammeCommented, onProgrammeReturned, subscribe, type ProgrammeCommented, type ProgrammeDecided } from './notifications.events.ts';
export { EMAIL_MODE_LABELS, emailSettings, notifyUsers, saveEmailSettings, UNREAD_NOTIFICATIONS_FIGURE, unreadCount, usersOfStaff, usersWithRole, type NewNotification, type NotifyOptions } from './notifications.service.ts';
export { dailyRun, notificationJobs, remindCheckins, remindPlanItems, type DuePlanItem, type OpenCheckin, type OpenCheckinsSource, type DuePlanItemsSource, type NotificationJobsDeps } from './notifications.jobs.ts';
