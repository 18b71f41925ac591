import { Router, type Request, type Response } from 'express';
import { requireUser } from '../../core/auth/middleware.ts';
import type { AppContext } from '../../core/context.ts';
import { NotFoundError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { pageHref, pageParam } from '../../core/pagination.ts';
import { requestScope } from '../../core/scope.ts';
import { plural } from '../../domain/words.ts';
import { listNotifications, markAllRead, openNotification, UNREAD_NOTIFICATIONS_FIGURE, unreadCount } from './notifications.service.ts';

const idOf = (req: Request): number => {
  const id = Number(req.params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError('Уведомление не найдено');
  return id;
};

export function notificationsRouter(ctx: AppContext): Router {
  const router = Router();
  const scopeOf = (req: Request) => requestScope(req, ctx);
  router.use('/notifications', requireUser);

  router.get('/notifications', async (req, res) => {
    const { page, notifications } = await listNotifications(scopeOf(req), pageParam.parse(req.query.page));
    res.render('notifications/index', { title: 'Уведомления', page, notifications, pageLink: (n: number) => pageHref('/notifications', {}, n) });
  });

  // Opening is a POST (it marks the notification read), then a redirect to where it leads.
  router.post('/notifications/:id/open', async (req, res) => {
    res.redirect(303, await openNotification(scopeOf(req), idOf(req)));
  });

  router.post('/notifications/read-all', async (req, res) => {
    const count = await markAllRead(scopeOf(req));
    flash(req, count ? `Отмечено прочитанными: ${count} ${plural(count, ['уведомление', 'уведомления', 'уведомлений'])}` : 'Непрочитанных уведомлений нет');
    res.redirect(303, '/notifications');
  });

  return router;
}

/**
 * The bell's count for the page header, put into the page's locals when a page is rendered for a signed-in person:
 * the count read with the session (UNREAD_NOTIFICATIONS_FIGURE), or else one index-only count. Error pages (5xx) skip it,
 * and if the count fails the page renders without it: the 503 page must not wait for a database that is down.
 *
 * Installed once on the app's response prototype (`app.response`), like the redirect's session save
 * (core/flash.ts): a middleware wrapping each response's render made a bound function and a closure per request.
 */
export function countUnreadOnRender(response: Response, ctx: AppContext): void {
  type Callback = (err: Error, html: string) => void;
  const render = response.render as (this: Response, view: string, options?: object, callback?: Callback) => void;
  response.render = function renderWithBell(this: Response, view: string, options?: object | Callback, callback?: Callback) {
    const opts = typeof options === 'function' ? undefined : options;
    const cb = typeof options === 'function' ? (options as Callback) : callback;
    const user = this.req.user;
    if (!user || this.statusCode >= 500) return render.call(this, view, opts, cb);
    // Read with the session (UNREAD_NOTIFICATIONS_FIGURE); counted here only when the session was not read (sign-in).
    const read = this.req.sessionRead;
    const counted = read?.user?.id === user.id ? read.figures[UNREAD_NOTIFICATIONS_FIGURE.name] : undefined;
    if (counted !== undefined) {
      this.locals.unreadNotifications = counted;
      return render.call(this, view, opts, cb);
    }
    unreadCount(ctx.db, user).then(
      (count) => {
        this.locals.unreadNotifications = count;
        render.call(this, view, opts, cb);
      },
      () => {
        this.locals.unreadNotifications = null;
        render.call(this, view, opts, cb);
      },
    );
  } as Response['render'];
}
