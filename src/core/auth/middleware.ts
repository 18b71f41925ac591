import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError } from '../errors.ts';
import { hasPermission, type Permission } from './permissions.ts';

/** Where the login page sends the visitor afterwards (read by the login route). */
export const RETURN_TO_COOKIE = 'nastavnik.return';

/**
 * What a gate admits, kept on the gate itself: the role matrix test (tests/http/roles.test.ts) reads it off
 * the router's stack and checks every route for every role against PERMISSIONS — so a new route is checked
 * without being listed anywhere. Every route is behind a gate, except the few that are public on purpose.
 */
export type GateRule = { signedIn: true } | { anyOf: readonly Permission[] };
export type Gate = ((req: Request, res: Response, next: NextFunction) => void) & { readonly gate: GateRule };

const gate = (rule: GateRule, handler: (req: Request, res: Response, next: NextFunction) => void): Gate => Object.assign(handler, { gate: rule });

/**
 * Anonymous visitors go to the login page and come back here afterwards. The page is remembered in a
 * short-lived cookie, not in the session: an anonymous visit must not create a session row.
 */
export const requireUser: Gate = gate({ signedIn: true }, function requireUser(req: Request, res: Response, next: NextFunction): void {
  if (req.user) return next();
  if (req.method === 'GET' && req.originalUrl.length <= 1000) {
    res.cookie(RETURN_TO_COOKIE, req.originalUrl, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: 30 * 60_000 });
  }
  res.redirect(303, '/login');
});

/** Signed in, with a role that has the permission (403 otherwise). */
export function requirePermission(permission: Permission): Gate {
  return requireAnyPermission(permission);
}

/** Signed in, with a role that has at least one of the permissions (the order list: readers and participants). */
export function requireAnyPermission(...permissions: Permission[]): Gate {
  return gate({ anyOf: permissions }, (req, res, next) => {
    if (!req.user) return requireUser(req, res, next);
    if (!permissions.some((p) => hasPermission(req.user!.role, p))) return next(new ForbiddenError());
    next();
  });
}

/** The signed-in user; only for handlers behind requireUser. */
export function currentUser(req: Request): Express.User {
  if (!req.user) throw new ForbiddenError();
  return req.user;
}
