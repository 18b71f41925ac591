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
