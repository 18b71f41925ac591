import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError } from '../errors.ts';
import { hasPermission, type Permission } from './permissions.ts';

/** Where the login page sends the visitor afterwards (read by the login route). */
export const RETURN_TO_COOKIE = 'nastavnik.return';

/**
 * Anonymous visitors go to the login page and come back here afterwards. The page is remembered in a
 * short-lived cookie, not in the session: an anonymous visit must not create a session row.
 */
export function requireUser(req: Request, res: Response, next: NextFunction): void {
  if (req.user) return next();
  if (req.method === 'GET' && req.originalUrl.length <= 1000) {
    res.cookie(RETURN_TO_COOKIE, req.originalUrl, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: 30 * 60_000 });
  }
  res.redirect(303, '/login');
}

export function requirePermission(permission: Permission) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.user) return requireUser(req, res, next);
    if (!hasPermission(req.user.role, permission)) return next(new ForbiddenError());
    next();
  };
}

/** The signed-in user; only for handlers behind requireUser. */
export function currentUser(req: Request): Express.User {
  if (!req.user) throw new ForbiddenError();
  return req.user;
}
