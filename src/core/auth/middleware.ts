import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError } from '../errors.ts';
import { hasPermission, type Permission } from './permissions.ts';

/** Anonymous visitors go to the login page and come back here afterwards. */
export function requireUser(req: Request, res: Response, next: NextFunction): void {
  if (req.user) return next();
  if (req.method === 'GET') req.session.returnTo = req.originalUrl;
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
