/**
 * The request scope: built once per request from the signed-in user and passed FIRST to every service, so a
 * service never has to be told again which organization, who, or what day it is. Scripts, background jobs
 * and tests build one with `systemScope`.
 */
import type { Request } from 'express';
import { todayIn } from '../domain/dates.ts';
import type { DomainEvents } from '../domain/events.ts';
import type { Role } from '../generated/prisma/enums.ts';
import type { Actor } from './audit.ts';
import { hasPermission, permissionCheck, type Permission } from './auth/permissions.ts';
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
  /**
   * For the few reads across organizations (virtual mentoring, logins unique in the whole portal): the
   * guarded client, which refuses any query of an organization's data that does not say which organizations.
   */
  portal: Prisma;
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
  /** The portal's address for documents (PUBLIC_URL), '' when not set: they then print paths only. */
  publicUrl: string;
}

/** What a scope is made from: the app's database and event bus (an AppContext has both). */
export interface ScopeSources {
  db: Database;
  events: Events;
  /** PUBLIC_URL (an AppContext has it); scripts may leave it out. */
  publicUrl?: string;
}

const SCOPE = Symbol('scope');
const IN_TRANSACTION = Symbol('in transaction');

/** The scope of a signed-in request (built on first use, then kept on the request). */
export function requestScope(req: Request, sources: ScopeSources): Scope {
  const cached = (req as Request & { [SCOPE]?: Scope })[SCOPE];
  if (cached && cached.user?.id === req.user?.id) return cached;
  const user = req.user;
  if (!user) throw new ForbiddenError();
  const now = new Date();
  const scope: Scope = {
    db: sources.db.forOrganization(user.organizationId),
    portal: sources.db.portal,
    organization: user.organization,
    user: { id: user.id, role: user.role, login: user.login, fullName: user.fullName },
    staffMemberId: user.staffMemberId,
    // A plain value, not a getter computing it on first use: an object literal with an accessor is built the slow
    // way, a dictionary on every request; todayIn keeps the day per zone for its minute, so this costs a lookup.
    today: todayIn(user.organization.timeZone, now),
    now,
    actor: { userId: user.id, organizationId: user.organizationId, ip: req.ip ?? '', requestId: String(req.id ?? '') },
    events: sources.events,
    can: permissionCheck(user.role),
    publicUrl: sources.publicUrl ?? '',
  };
  (req as Request & { [SCOPE]?: Scope })[SCOPE] = scope;
  return scope;
}

/**
 * A scope for scripts (demo), background jobs and tests. Without `as`, there is no user and every
 * permission check says no; with `as`, it acts as that user (the demo gives consents in a teacher's name).
 */
export function systemScope(
  sources: ScopeSources,
  organization: ScopeOrganization,
  options: { as?: ScopeUser & { staffMemberId: number | null }; now?: Date; requestId?: string } = {},
): Scope {
  const now = options.now ?? new Date();
  const user = options.as ?? null;
  return {
    db: sources.db.forOrganization(organization.id),
    portal: sources.db.portal,
    organization,
    user: user && { id: user.id, role: user.role, login: user.login, fullName: user.fullName },
    staffMemberId: user?.staffMemberId ?? null,
    today: todayIn(organization.timeZone, now),
    now,
    actor: { userId: user?.id ?? null, organizationId: organization.id, ip: user ? '127.0.0.1' : '', requestId: options.requestId ?? 'system' },
    events: sources.events,
    can: (permission) => (user ? hasPermission(user.role, permission) : false),
    publicUrl: sources.publicUrl ?? '',
  };
}

type TransactionOptions = { maxWait?: number; timeout?: number };

/**
 * Runs `work` in one transaction with a scope whose `db` is that transaction: whatever the work and the event
 * subscribers it wakes write, lands together or not at all. Inside a transaction already (a subscriber, a
 * command called by another), the work simply joins it.
 */
export function transaction<T>(scope: Scope, work: (tx: Scope) => Promise<T>, options?: TransactionOptions): Promise<T> {
  if ((scope as Scope & { [IN_TRANSACTION]?: true })[IN_TRANSACTION]) return work(scope);
  return scope.db.$transaction((tx) => work({ ...scope, db: tx as unknown as Prisma, [IN_TRANSACTION]: true } as Scope), options);
}

/** Publishes an event to the other modules, in the scope's transaction (src/domain/events.ts lists them). */
export async function publish<E extends keyof DomainEvents>(scope: Scope, event: E, payload: DomainEvents[E]): Promise<void> {
  // Outside a transaction a subscriber's writes could survive the publisher's failure (or the reverse).
  if (!(scope as Scope & { [IN_TRANSACTION]?: true })[IN_TRANSACTION]) throw new Error(`event ${String(event)} published outside a transaction`);
  return scope.events.publish(scope, event, payload);
}
