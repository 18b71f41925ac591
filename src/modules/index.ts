/**
 * The composition root: the one place that knows every module. It lists the routers in the order requests
 * meet them, wires the event subscriptions between modules, and hands the dashboard what the modules
 * contribute to it. Everything goes through the modules' faces (their index.ts); app.ts only calls this.
 */
import type { RequestHandler, Router } from 'express';
import type { AppContext } from '../core/context.ts';
import { EventBus } from '../core/events.ts';
import type { Events } from '../core/scope.ts';
import { auditRouter } from './audit/index.ts';
import { authRouter } from './auth/index.ts';
import { banksRouter, subscribe as banksSubscribe } from './banks/index.ts';
import { consentsRouter } from './consents/index.ts';
import { healthRouter } from './health/index.ts';
import { matchingRouter } from './matching/index.ts';
import { awaitingApproval, ordersRouter } from './orders/index.ts';
import { pairsRouter, subscribe as pairsSubscribe } from './pairs/index.ts';
import { profileRouter, requirePasswordChange } from './profile/index.ts';
import { questionnairesRouter } from './questionnaires/index.ts';
import { roadmapRouter } from './roadmap/index.ts';
import { settingsRouter } from './settings/index.ts';
import { setupGate, setupRouter } from './setup/index.ts';
import { staffRouter } from './staff/index.ts';
import { topicsRouter } from './topics/index.ts';
import { subscribe as usersSubscribe, usersRouter } from './users/index.ts';

/** A new event bus with every module's subscriptions: one per app (and one per script). */
export function createEvents(): Events {
  const events: Events = new EventBus();
  // staff.archived, staff.restored → users; consent.revoked, pair.activated, pair.ended → banks; order.submitted, order.approved → pairs.
  usersSubscribe(events);
  banksSubscribe(events);
  pairsSubscribe(events);
  return events;
}

/** Routes served before the session exists: no cookie, no login. */
export function publicRouters(ctx: AppContext): Router[] {
  return [healthRouter(ctx)];
}

/** Every other route, in order: first run, sign-in, the forced password change, then the sections. */
export function moduleRouters(ctx: AppContext): (Router | RequestHandler)[] {
  return [
    setupGate(ctx),
    setupRouter(ctx),
    authRouter(ctx),
    requirePasswordChange,
    roadmapRouter(ctx, { awaitingApproval }),
    staffRouter(ctx),
    questionnairesRouter(ctx),
    consentsRouter(ctx),
    topicsRouter(ctx),
    banksRouter(ctx),
    matchingRouter(ctx),
    pairsRouter(ctx),
    ordersRouter(ctx),
    usersRouter(ctx),
    settingsRouter(ctx),
    profileRouter(ctx),
    auditRouter(ctx),
  ];
}
