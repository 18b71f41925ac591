import type { NextFunction, Request, Response } from 'express';

/** One-shot messages kept in the session across a redirect. */
export function flash(req: Request, text: string, kind: 'notice' | 'alert' = 'notice'): void {
  (req.session.flash ??= []).push({ kind, text });
}

/** Moves pending messages (and a one-time secret) into the view and out of the session. */
export function flashToLocals(req: Request, res: Response, next: NextFunction): void {
  if (req.session?.flash) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
  } else {
    res.locals.flash = [];
  }
  if (req.session?.reveal) {
    res.locals.reveal = req.session.reveal;
    delete req.session.reveal;
  }
  next();
}

/**
 * express-session saves a changed session only while the response is being finished — after a
 * redirect's status and Location have gone out. Browsers follow at once, so the next page could load
 * the old session and lose a notice or a one-time password. When the session
 * carries one of those, it is saved first and the redirect sent after.
 */
export function saveSessionBeforeRedirect(req: Request, res: Response, next: NextFunction): void {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    const s = req.session;
    if (!s || (!s.flash && !s.reveal)) return redirect(...args);
    s.save((error) => (error ? next(error) : redirect(...args)));
  }) as typeof res.redirect;
  next();
}
