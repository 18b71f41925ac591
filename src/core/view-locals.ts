import type { NextFunction, Request, Response } from 'express';
import { hasPermission, ROLE_LABELS, type Permission } from './auth/permissions.ts';
import { plural } from '../domain/words.ts';
import { formatDate, formatDateTime, formatNumber } from './format.ts';
import { navigationFor } from './navigation.ts';

/** What every template may use: the user, their menu, permission checks, CSRF token, Russian formatting. */
export function viewLocals(req: Request, res: Response, next: NextFunction): void {
  const user = req.user;
  const timeZone = user?.organization.timeZone ?? 'Europe/Moscow';
  Object.assign(res.locals, {
    currentUser: user ?? null,
    currentPath: req.path,
    nav: user ? navigationFor(user.role, req.path) : [],
    can: (permission: Permission) => (user ? hasPermission(user.role, permission) : false),
    // A function, so a session (and its token) is only created for pages that render a form.
    csrfToken: () => req.csrfToken?.() ?? '',
    roleLabels: ROLE_LABELS,
    fmt: {
      date: (d: Date | null | undefined) => formatDate(d, timeZone),
      dateTime: (d: Date | null | undefined) => formatDateTime(d, timeZone),
      number: formatNumber,
      plural,
    },
    errors: {},
    values: {},
  });
  next();
}
