/**
 * The composition root: the one place that knows every module. It lists the routers in the order requests
 * meet them, wires the event subscriptions between modules, and hands the dashboard what the modules
 * contribute to it. Everything goes through the modules' faces (their index.ts); app.ts only calls this.
 */
import type { RequestHandler, Response, Router } from 'express';
import type { AppContext } from '../core/context.ts';
import { EventBus } from '../core/events.ts';
import type { CronItem, TaskList } from '../core/jobs/queue.ts';
import type { Events, Scope } from '../core/scope.ts';
import type { SessionFigure } from '../core/session-store.ts';
import { schoolYearOf } from '../domain/dates.ts';
import { Prisma as Sql } from '../generated/prisma/client.ts';
import { auditRouter } from './audit/index.ts';
import { authRouter } from './auth/index.ts';
import { cityRouter } from './city/index.ts';
import { collectionDashboard, collectionRouter } from './collection/index.ts';
import { banksDashboard, banksRouter, inMentorBank, inMentorBankSql, menteeBankStaffIds, mentorBankStaffIds, subscribe as banksSubscribe } from './banks/index.ts';
import { consentsDashboard, consentsRouter, consentsTodo, signedConsentContent } from './consents/index.ts';
import { calendarFeedRouter, eventsDashboard, eventsRouter, eventsTodo, upcomingPublicEvents, type AudienceSources } from './events/index.ts';
import { healthRouter } from './health/index.ts';
import { matchingRouter } from './matching/index.ts';
import { monitoringDashboard, monitoringRouter, subscribe as monitoringSubscribe } from './monitoring/index.ts';
import { newsAboutEvent, newsDashboard, newsRouter } from './news/index.ts';
import { countUnreadOnRender, notificationJobs, notificationsRouter, subscribe as notificationsSubscribe, UNREAD_NOTIFICATIONS_FIGURE, type NotificationJobsDeps } from './notifications/index.ts';
import { awaitingApproval, ordersDashboard, ordersRouter, ordersTodo, signedOrderContent } from './orders/index.ts';
import { checkinTodo, leadsOpenPair, leadsOpenPairSql, openCheckins, menteeOfOpenPairSql, openPairMemberStaffIds, pairsDashboard, pairsRouter, subscribe as pairsSubscribe } from './pairs/index.ts';
import { profileRouter, requirePasswordChange } from './profile/index.ts';
import { publicRouter } from './public/index.ts';
import { planItemsDueBy, programmesDashboard, programmesRouter, programmesTodo, subscribe as programmesSubscribe } from './programmes/index.ts';
import { questionnairesDashboard, questionnairesRouter, questionnairesTodo } from './questionnaires/index.ts';
import { roadmapRouter, useStageContributors } from './roadmap/index.ts';
import { settingsRouter } from './settings/index.ts';
import { setupGate, setupRouter } from './setup/index.ts';
import { verifyRouter } from './signatures/index.ts';
import { staffRouter } from './staff/index.ts';
import { topicsRouter } from './topics/index.ts';
import { subscribe as usersSubscribe, usersRouter } from './users/index.ts';

/**
 * A new event bus with every module's subscriptions: one per app (and one per script). `mailEnabled`: SMTP is
 * configured, so notifications queue mail jobs (scripts and most tests leave it off: in-app notifications only).
 */
export function createEvents(options: { mailEnabled?: boolean } = {}): Events {
  const events: Events = new EventBus();
  // staff.archived → users, banks, pairs; staff.restored → users; consent.revoked → banks, pairs;
  // event.attendance_marked → banks (the mentors' training status follows set-up sessions attended);
  // pair.activated, pair.ended → banks; order.submitted, order.approved → pairs;
  // pair.activated, pair.ended, order.approved → programmes (after the banks and the pairs: a programme follows its pair).
  usersSubscribe(events);
  banksSubscribe(events);
  pairsSubscribe(events);
  programmesSubscribe(events);
  // programme.approved, programme.completed → monitoring (opens its questionnaires, tells those it opened them for).
  monitoringSubscribe(events, { mailEnabled: options.mailEnabled ?? false });
  // questionnaire.published, order.*, pair.activated, programme.*, event.invited/changed/cancelled → notifications
  // (last: they tell what the others did).
  notificationsSubscribe(events, { mailEnabled: options.mailEnabled ?? false });
  return events;
}

/**
 * The dashboard's stage cards: each module contributes what it knows (src/core/dashboard.ts), in this order
 * within a stage; the roadmap only renders. A new module (programmes, events…) adds its contributor here.
 */
export const DASHBOARD = [ordersDashboard, questionnairesDashboard, consentsDashboard, banksDashboard, pairsDashboard, programmesDashboard, monitoringDashboard, collectionDashboard, newsDashboard, eventsDashboard];
// The roadmap computes each stage's state from the same contributors, for any module that asks (stageStates).
useStageContributors(DASHBOARD);

/** Who an event's audience names: the banks know the mentors and the mentees, the pairs their members. */
export const AUDIENCES: AudienceSources = {
  mentors: mentorBankStaffIds,
  mentees: (scope) => menteeBankStaffIds(scope, schoolYearOf(scope.today)),
  pairMembers: openPairMemberStaffIds,
};

/** A mentor candidate in the bank or the mentor of an open pair: the consent to mentoring concerns them (one rule). */
async function isMentor(scope: Scope, staffMemberId: number): Promise<boolean> {
  return (await inMentorBank(scope, staffMemberId)) || (await leadsOpenPair(scope, staffMemberId));
}

/** isMentor in SQL (a boolean expression), for the to-do home's one statement: the banks' and the pairs' twins. */
const isMentorSql = (organizationId: number, staffMemberId: number) =>
  Sql.sql`(${inMentorBankSql(organizationId, staffMemberId)} OR ${leadsOpenPairSql(organizationId, staffMemberId)})`;

/**
 * The to-do home (src/core/todo.ts): what the signed-in person must do, each kind from the module that owns it,
 * in this order on the page. Who is a mentor or a mentee (what a questionnaire or a consent concerns) the banks
 * and the pairs know: the root passes it in.
 */
export const TODO = [ordersTodo, programmesTodo, checkinTodo, questionnairesTodo({ isMenteeSql: menteeOfOpenPairSql }), consentsTodo({ isMentorSql }), eventsTodo];

/**
 * Every module's background jobs and cron lines, for the job worker (src/core/jobs) that src/server.ts starts.
 * The daily reminders read the programmes' plan items due or overdue through the programmes' face, and the
 * pair check-ins open today through the pairs' face.
 */
export function backgroundJobs(deps: Omit<NotificationJobsDeps, 'dueItems' | 'openCheckins'>): { tasks: TaskList; cron: CronItem[] } {
  const notifications = notificationJobs({ ...deps, dueItems: planItemsDueBy, openCheckins });
  return { tasks: { ...notifications.tasks }, cron: [...notifications.cron] };
}

/**
 * Routes served before the session exists: no cookie, no login. /verify checks signed documents of every kind;
 * /p/<slug> is the organization's public page (its roadmap states come from the dashboard's contributors, its
 * upcoming open events from the events module); /events/calendar/<token>.ics is a user's calendar feed, whose
 * secret token is the key.
 */
export function publicRouters(ctx: AppContext): Router[] {
  return [
    healthRouter(ctx),
    verifyRouter(ctx, { ORDER: signedOrderContent, CONSENT: signedConsentContent }),
    publicRouter(ctx, { stages: DASHBOARD, upcomingEvents: upcomingPublicEvents }),
    calendarFeedRouter(ctx),
  ];
}

/** The figures every signed-in request reads with its session (core/session-store.ts): the bell's count. */
export const SESSION_FIGURES: readonly SessionFigure[] = [UNREAD_NOTIFICATIONS_FIGURE];

/**
 * What every page rendered for a signed-in person carries from a module, installed once on the app's response
 * (`app.response`): the bell's count of unread notifications in the header.
 */
export function decorateResponse(response: Response, ctx: AppContext): void {
  countUnreadOnRender(response, ctx);
}

/** Every other route, in order: first run, sign-in, the forced password change, then the sections. */
export function moduleRouters(ctx: AppContext): (Router | RequestHandler)[] {
  return [
    setupGate(ctx),
    setupRouter(ctx),
    authRouter(ctx),
    requirePasswordChange,
    // Before the roadmap: the city specialist's home is /city (the stage states come from the same contributors).
    cityRouter(ctx, { stages: DASHBOARD }),
    roadmapRouter(ctx, { awaitingApproval, stages: DASHBOARD, todo: TODO }),
    staffRouter(ctx),
    questionnairesRouter(ctx),
    consentsRouter(ctx, { isMentor }),
    topicsRouter(ctx),
    banksRouter(ctx),
    matchingRouter(ctx),
    pairsRouter(ctx),
    programmesRouter(ctx),
    collectionRouter(ctx),
    monitoringRouter(ctx),
    newsRouter(ctx),
    eventsRouter(ctx, { audiences: AUDIENCES, newsAbout: newsAboutEvent }),
    ordersRouter(ctx),
    usersRouter(ctx),
    settingsRouter(ctx),
    profileRouter(ctx),
    notificationsRouter(ctx),
    auditRouter(ctx),
  ];
}
