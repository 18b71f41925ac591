import { Router, type NextFunction, type Request, type Response } from 'express';
import { publicBaseUrlOf, type AppContext } from '../../core/context.ts';
import { currentUser, requirePermission } from '../../core/auth/middleware.ts';
import { FormError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { parseForm, renderInvalid } from '../../core/forms.ts';
import { requestScope } from '../../core/scope.ts';
import { calendarFeedPath, calendarFeedToken, resetCalendarFeed } from '../events/index.ts';
import { EMAIL_MODE_LABELS, emailSettings, saveEmailSettings } from '../notifications/index.ts';
import { changePassword, getProfile, updateProfile } from '../users/index.ts';
import { ChangePassword, UpdateEmailSettings, UpdateProfile } from './profile.schemas.ts';

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
    const scope = scopeOf(req);
    const [profile, notify] = await Promise.all([getProfile(scope), emailSettings(scope)]);
    // The personal calendar feed (events module): its secret address, for those with a calendar of events.
    const feedToken = scope.can('events:own') && scope.staffMemberId !== null ? await calendarFeedToken(scope) : null;
    res.status(status).render('profile/show', {
      title: 'Профиль',
      profile,
      values: profile,
      errors: {},
      notify,
      notifyValues: { emailMode: notify.emailMode, email: notify.email },
      notifyErrors: {},
      emailModes: Object.entries(EMAIL_MODE_LABELS),
      calendarFeed: feedToken ? `${publicBaseUrlOf(ctx, req)}${calendarFeedPath(feedToken)}` : null,
      ...extra,
    });
  };

  router.get('/profile', (req, res) => showProfile(req, res));

  // «Сбросить ссылку» of the calendar feed: the old address stops working at once.
  router.post('/profile/calendar-feed', async (req, res) => {
    await resetCalendarFeed(scopeOf(req));
    flash(req, 'Ссылка на календарь сброшена: старая больше не работает, подпишитесь на новую');
    res.redirect(303, '/profile#calendar-feed');
  });

  router.post('/profile', async (req, res) => {
    const form = parseForm(UpdateProfile, req.body);
    if (!form.ok) return showProfile(req, res, 422, { values: form.values, errors: form.errors });
    await updateProfile(scopeOf(req), form.data);
    flash(req, 'Профиль сохранён');
    res.redirect(303, '/profile');
  });

  // E-mail of notifications: the choice is the notifications module's, the page is this one.
  router.post('/profile/notifications', async (req, res) => {
    const form = parseForm(UpdateEmailSettings, req.body);
    if (!form.ok) return showProfile(req, res, 422, { notifyValues: form.values, notifyErrors: form.errors });
    const { cardEmail } = await emailSettings(scopeOf(req));
    if (form.data.emailMode !== 'OFF' && !cardEmail && !form.data.email) {
      const errors = { email: 'Укажите адрес электронной почты или выберите «не присылать»' };
      return showProfile(req, res, 422, { notifyValues: form.data, notifyErrors: errors });
    }
    await saveEmailSettings(scopeOf(req), form.data);
    flash(req, 'Настройки уведомлений сохранены');
    res.redirect(303, '/profile#notification-settings');
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
