import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../../core/context.ts';
import { currentUser, requirePermission } from '../../core/auth/middleware.ts';
import { FormError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { parseForm, renderInvalid } from '../../core/forms.ts';
import { requestScope } from '../../core/scope.ts';
import { changePassword, getProfile, updateProfile } from '../users/index.ts';
import { ChangePassword, UpdateProfile } from './profile.schemas.ts';

/** After an administrator's reset, nothing but the password form (and logout) opens until it is changed. */
export function requirePasswordChange(req: Request, res: Response, next: NextFunction): void {
  if (!req.user?.mustChangePassword || req.path === '/profile/password' || req.path === '/logout') return next();
  res.redirect(303, '/profile/password');
}

export function profileRouter(ctx: AppContext): Router {
  const router = Router();
  const scopeOf = (req: Request) => requestScope(req, ctx);
  router.use('/profile', requirePermission('profile:edit'));

  const showProfile = async (req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) => {
    const profile = await getProfile(scopeOf(req));
    res.status(status).render('profile/show', { title: 'Профиль', profile, values: profile, errors: {}, ...extra });
  };

  router.get('/profile', (req, res) => showProfile(req, res));

  router.post('/profile', async (req, res) => {
    const form = parseForm(UpdateProfile, req.body);
    if (!form.ok) return showProfile(req, res, 422, { values: form.values, errors: form.errors });
    await updateProfile(scopeOf(req), form.data);
    flash(req, 'Профиль сохранён');
    res.redirect(303, '/profile');
  });

  const passwordView = (req: Request) => ({
    title: 'Смена пароля',
    forced: currentUser(req).mustChangePassword,
  });

  router.get('/profile/password', (req, res) => {
    res.render('profile/password', { ...passwordView(req), values: {}, errors: {} });
  });

  router.post('/profile/password', async (req, res) => {
    const form = parseForm(ChangePassword, req.body);
    if (!form.ok) return renderInvalid(res, 'profile/password', { ...passwordView(req), values: {}, errors: form.errors });
    let changed: { sessionVersion: number };
    try {
      changed = await changePassword(scopeOf(req), form.data);
    } catch (error) {
      if (error instanceof FormError) return renderInvalid(res, 'profile/password', { ...passwordView(req), values: {}, errors: error.fieldErrors });
      throw error;
    }
    // Every other session of this user ended with the old session version; this one goes on under a
    // new id (req.login regenerates the session) carrying the new version.
    const user = { ...currentUser(req), mustChangePassword: false, sessionVersion: changed.sessionVersion };
    await new Promise<void>((resolve, reject) => req.login(user, (error) => (error ? reject(error) : resolve())));
    flash(req, 'Пароль изменён. На других устройствах нужно войти заново.');
    res.redirect(303, '/');
  });

  return router;
}
