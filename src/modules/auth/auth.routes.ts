import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../../core/context.ts';
import { audit } from '../../core/audit.ts';
import { RETURN_TO_COOKIE } from '../../core/auth/middleware.ts';
import { readCookie } from '../../core/cookies.ts';
import { flash } from '../../core/flash.ts';
import { parseForm } from '../../core/forms.ts';
import { plural } from '../../domain/words.ts';
import { requestScope } from '../../core/scope.ts';
import { loginThrottle } from '../../core/throttle.ts';
import { recordSignIn } from '../users/index.ts';
import { Login } from './auth.schemas.ts';

const NEUTRAL_FAILURE = 'Неверный логин или пароль';

export function authRouter(ctx: AppContext): Router {
  const router = Router();
  const renderLogin = (res: Response, status: number, locals: Record<string, unknown> = {}) =>
    res.status(status).render('auth/login', { title: 'Вход', values: {}, errors: {}, ...locals });

  const throttle = loginThrottle(ctx.db.pool, ctx.loginThrottle, (req, res, minutes) =>
    renderLogin(res, 429, {
      values: { username: req.body?.username ?? '' },
      formError: `Слишком много неудачных попыток входа. Повторите через ${minutes} ${plural(minutes, ['минуту', 'минуты', 'минут'])}.`,
    }),
  );

  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(303, '/');
    renderLogin(res, 200);
  });

  router.post('/login', ...throttle, async (req: Request, res: Response, next: NextFunction) => {
    const form = parseForm(Login, req.body);
    if (!form.ok) return renderLogin(res, 422, { values: form.values, errors: form.errors });

    const user = await authenticate(ctx, req, res);
    // The failed attempt is already in the audit log (core/auth/passport.ts).
    if (!user) {
      return renderLogin(res, 401, { values: { username: form.data.username }, formError: NEUTRAL_FAILURE });
    }
    const returnTo = safeReturnPath(readCookie(req, RETURN_TO_COOKIE));
    // req.login regenerates the session (passport ≥ 0.6): a fixed session id cannot be reused.
    req.login(user, async (error) => {
      if (error) return next(error);
      try {
        res.clearCookie(RETURN_TO_COOKIE, { path: '/' });
        await recordSignIn(requestScope(req, ctx));
        res.redirect(303, returnTo);
      } catch (e) {
        next(e);
      }
    });
  });

  router.post('/logout', (req, res, next) => {
    // Taken before the logout forgets who it was.
    const scope = req.user ? requestScope(req, ctx) : null;
    req.logout((error) => {
      if (error) return next(error);
      const done = () => {
        flash(req, 'Вы вышли из портала');
        res.redirect(303, '/login');
      };
      if (scope?.user) audit(scope, { action: 'auth.logout', entityType: 'User', entityId: scope.user.id }).then(done).catch(next);
      else done();
    });
  });

  return router;
}

function authenticate(ctx: AppContext, req: Request, res: Response): Promise<Express.User | false> {
  return new Promise((resolve, reject) => {
    ctx.passport.authenticate('local', (error: unknown, user: Express.User | false) =>
      error ? reject(error) : resolve(user),
    )(req, res, reject);
  });
}

/** Only local paths: an attacker must not turn the login page into an open redirect. */
export function safeReturnPath(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
