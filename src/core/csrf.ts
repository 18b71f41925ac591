import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { csrfSync } from 'csrf-sync';
import { readCookie } from './cookies.ts';

/**
 * CSRF protection, two ways:
 *
 * - Signed-in requests: a synchroniser token kept in the session (csrf-sync). Every form posts it back
 *   as `_csrf`; multipart forms (uploads) carry it in the query string, since their body is parsed later.
 *
 * - Anonymous requests (the login form, first-run setup): a signed double-submit token, so that showing
 *   the login form stores nothing — a session row per visitor would let anyone fill the session table.
 *   The browser gets a random nonce in an HttpOnly cookie, the form gets HMAC(key, nonce); a POST is
 *   accepted only when the form's token is the HMAC of the cookie's nonce. Another site can neither read
 *   the cookie nor compute the HMAC (the key derives from the session secret), and SameSite=Lax keeps the
 *   cookie off its cross-site POSTs anyway. This is the scheme of the `csrf-csrf` package, written out in
 *   a few lines because that package wants a session identifier for every request — which is exactly
 *   what an anonymous visitor here does not have.
 *
 * Which way applies is decided by `req.user`: logging in regenerates the session and from then on the
 * session-bound token is required; an anonymous token is never accepted for a signed-in request.
 */

const IGNORED_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ANONYMOUS_COOKIE = 'nastavnik.csrf';
const NONCE = /^[A-Za-z0-9_-]{43}$/; // 32 random bytes, base64url

function tokenFromRequest(req: Request): string | undefined {
  const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (typeof fromBody === 'string') return fromBody;
  const fromHeader = req.headers['x-csrf-token'];
  if (typeof fromHeader === 'string') return fromHeader;
  // Only uploads may carry it in the URL: their body is read later, by multer.
  if (!req.is('multipart/form-data')) return undefined;
  const fromQuery = (req.query as Record<string, unknown>)._csrf;
  return typeof fromQuery === 'string' ? fromQuery : undefined;
}

const { csrfSynchronisedProtection, invalidCsrfTokenError } = csrfSync({
  getTokenFromRequest: tokenFromRequest,
  // 32 random bytes (256 bits, as the anonymous nonce), not csrf-sync's default 128: the token lives in the session,
  // which express-session hashes (JSON and SHA-1) three times per signed-in request, and is printed in every form.
  // A session holding an older, longer token keeps it.
  size: 32,
  errorConfig: { statusCode: 403, message: 'Форма устарела. Обновите страницу и отправьте её снова.', code: 'EBADCSRFTOKEN' },
});

export const csrfError = invalidCsrfTokenError;

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

export function csrfProtection(secret: string) {
  const key = crypto.createHmac('sha256', secret).update('nastavnik: anonymous CSRF token').digest();
  const tokenFor = (nonce: string) => crypto.createHmac('sha256', key).update(nonce).digest('base64url');

  const anonymous = (req: Request, res: Response, next: NextFunction) => {
    const cookie = readCookie(req, ANONYMOUS_COOKIE);
    let nonce = cookie && NONCE.test(cookie) ? cookie : undefined;
    if (!IGNORED_METHODS.has(req.method)) {
      const sent = tokenFromRequest(req);
      if (!nonce || !sent || !sameToken(sent, tokenFor(nonce))) return next(invalidCsrfTokenError);
    }
    // Called by the views only when they render a form: the cookie is set then, and only once.
    req.csrfToken = () => {
      if (!nonce) {
        nonce = crypto.randomBytes(32).toString('base64url');
        res.cookie(ANONYMOUS_COOKIE, nonce, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
      }
      return tokenFor(nonce);
    };
    next();
  };

  return (req: Request, res: Response, next: NextFunction) => (req.user ? csrfSynchronisedProtection(req, res, next) : anonymous(req, res, next));
}
