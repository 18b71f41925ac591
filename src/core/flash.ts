import type { NextFunction, Request, Response } from 'express';

/** One-shot messages kept in the session across a redirect. */
export function flash(req: Request, text: string, kind: 'notice' | 'alert' = 'notice'): void {
  (req.session.flash ??= []).push({ kind, text });
}

/** Moves pending messages (and a one-time secret) into the view and out of the session. */
export function flashToLocals(req: Request, res: Response, next: NextFunction): void {
  // No messages: nothing set (views/partials/flash.ejs reads a missing list as none).
  if (req.session?.flash) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
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
 *
 * Installed once on the app's response prototype (`app.response`), not wrapped around each response: a
 * middleware doing it made two functions per request for the few requests that redirect with a message.
 */
export function saveSessionBeforeRedirect(response: Response): void {
  const redirect = response.redirect as (this: Response, ...args: unknown[]) => void;
  response.redirect = function redirectAfterSave(this: Response, ...args: unknown[]) {
    const s = this.req.session;
    if (!s || (!s.flash && !s.reveal)) return redirect.apply(this, args);
    s.save((error) => (error ? this.req.next!(error) : redirect.apply(this, args)));
  } as Response['redirect'];
}
