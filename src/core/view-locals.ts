import type { NextFunction, Request, Response } from 'express';
import { permissionCheck, ROLE_LABELS } from './auth/permissions.ts';
import { plural } from '../domain/words.ts';
import { formatDate, formatDateTime, formatNumber } from './format.ts';
import { navigationFor } from './navigation.ts';

// The helpers depend only on the time zone and the role: made once per process and shared, not per request
// (every closure made per request is garbage a moment later).
const formattersByZone = new Map<string, ReturnType<typeof formattersFor>>();
const noPermission = () => false;
const noToken = () => '';

function formattersFor(timeZone: string) {
  return Object.freeze({
    date: (d: Date | null | undefined) => formatDate(d, timeZone),
    dateTime: (d: Date | null | undefined) => formatDateTime(d, timeZone),
    number: formatNumber,
    plural,
  });
}

function fmtOf(timeZone: string) {
  let fmt = formattersByZone.get(timeZone);
  if (!fmt) formattersByZone.set(timeZone, (fmt = formattersFor(timeZone)));
  return fmt;
}

/** What every template may use: the user, their menu, permission checks, CSRF token, Russian formatting. */
export function viewLocals(req: Request, res: Response, next: NextFunction): void {
  const user = req.user;
  const locals = res.locals;
  locals.currentUser = user ?? null;
  locals.currentPath = req.path;
  locals.nav = user ? navigationFor(user.role, req.path) : [];
  locals.can = user ? permissionCheck(user.role) : noPermission;
  // A function, so a session (and its token) is only created for pages that render a form: the request's own
  // (core/csrf.ts has set it by now), not a closure around it made for every request.
  locals.csrfToken = req.csrfToken ?? noToken;
  locals.roleLabels = ROLE_LABELS;
  locals.fmt = fmtOf(user?.organization.timeZone ?? 'Europe/Moscow');
  locals.errors = {};
  locals.values = {};
  next();
}
