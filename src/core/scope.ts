/**
 * The request scope: built once per request from the signed-in user and passed FIRST to every service, so a
 * service never has to be told again which organization, who, or what day it is. Scripts and background jobs
 * build one with `systemScope`.
 */
import type { Request } from 'express';
import { todayIn } from '../domain/dates.ts';
import type { DomainEvents } from '../domain/events.ts';
import type { Role } from '../generated/prisma/enums.ts';
import type { Actor } from './audit.ts';
import { hasPermission, type Permission } from './auth/permissions.ts';
import type { Database, Prisma } from './database/client.ts';
import { ForbiddenError } from './errors.ts';
import type { EventBus } from './events.ts';

export interface ScopeOrganization {
  id: number;
  slug: string;
  shortName: string;
  fullName: string;
  timeZone: string;
}

export interface ScopeUser {
  id: number;
  role: Role;
  login: string;
  fullName: string;
}

export type Events = EventBus<Scope, DomainEvents>;

export interface Scope {
  /** The organization's own client (src/core/database/scoped.ts); inside `transaction`, the transaction. */
  db: Prisma;
  organization: ScopeOrganization;
  /** The acting user; null for a system job. */
  user: ScopeUser | null;
  /** The acting user's staff card (teachers, and staff with an account), or null. */
  staffMemberId: number | null;
  /** 'YYYY-MM-DD' in the organization's time zone when the request began. */
  today: string;
  now: Date;
  /** Who did it, from where: for the audit log. */
  actor: Actor;
  events: Events;
  can(permission: Permission): boolean;
}

interface ScopeSources {
  db: Database;
  events: Events;
}

const SCOPE = Symbol('scope');

/** The scope of a signed-in request (built on first use, then kept on the request). */
export function requestScope(req: Request, sources: ScopeSources): Scope {
  const cached = (req as Request & { [SCOPE]?: Scope })[SCOPE];
  if (cached) return cached;
  const user = req.user;
  if (!user) throw new ForbiddenError();
  const now = new Date();
  const scope: Scope = {
    db: sources.db.forOrganization(user.organizationId),
    organization: user.organization,
    user: { id: user.id, role: user.role, login: user.login, fullName: user.fullName },
    staffMemberId: user.staffMemberId,
    today: todayIn(user.organization.timeZone, now),
    now,
    actor: { userId: user.id, organizationId: user.organizationId, ip: req.ip ?? '', requestId: String(req.id ?? '') },
    events: sources.events,
    can: (permission) => hasPermission(user.role, permission),
  };
  (req as Request & { [SCOPE]?: Scope })[SCOPE] = scope;
  return scope;
}

/** A scope for scripts (demo) and background jobs: no user, every permission check says no. */
export function systemScope(db: Database, events: Events, organization: ScopeOrganization, now = new Date()): Scope {
  return {
    db: db.forOrganization(organization.id),
    organization,
    user: null,
    staffMemberId: null,
    today: todayIn(organization.timeZone, now),
    now,
    actor: { userId: null, organizationId: organization.id, ip: '', requestId: 'system' },
    events,
    can: () => false,
  };
}

type TransactionOptions = { maxWait?: number; timeout?: number };

/**
 * Runs `work` in one transaction with a scope whose `db` is that transaction: whatever the work and the event
 * subscribers it wakes write, lands together or not at all.
 */
export function transaction<T>(scope: Scope, work: (tx: Scope) => Promise<T>, options?: TransactionOptions): Promise<T> {
  return scope.db.$transaction((tx) => work({ ...scope, db: tx as unknown as Prisma }), options);
}

/** Publishes an event to the other modules, in the scope's transaction. */
export function publish<E extends keyof DomainEvents>(scope: Scope, event: E, payload: DomainEvents[E]): Promise<void> {
  return scope.events.publish(scope, event, payload);
}
