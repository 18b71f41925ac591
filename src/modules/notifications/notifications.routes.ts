import { Router, type NextFunction, type Request, type Response } from 'express';
import { requireUser } from '../../core/auth/middleware.ts';
import type { AppContext } from '../../core/context.ts';
import { NotFoundError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { pageHref, pageParam } from '../../core/pagination.ts';
import { requestScope } from '../../core/scope.ts';
import { plural } from '../../domain/words.ts';
import { listNotifications, markAllRead, openNotification, unreadCount } from './notifications.service.ts';

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
 * The bell's count for the page header. Asked only when a page is rendered (not for redirects, downloads or
 * POSTs): one index-only count, wrapped around `res.render`. Error pages (5xx) skip it, and if the count fails
 * the page renders without it: the 503 page must not wait for a database that is down.
 */
export function bellCount(ctx: AppContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const user = req.user;
    if (!user) return next();
    type Callback = (err: Error, html: string) => void;
    const render = res.render.bind(res) as (view: string, options?: object, callback?: Callback) => void;
    res.render = ((view: string, options?: object | Callback, callback?: Callback) => {
      const opts = typeof options === 'function' ? undefined : options;
      const cb = typeof options === 'function' ? (options as Callback) : callback;
      if (res.statusCode >= 500) return render(view, opts, cb);
      unreadCount(ctx.db, user)
        .then((count) => {
          res.locals.unreadNotifications = count;
        })
        .catch(() => {
          res.locals.unreadNotifications = null;
        })
        .finally(() => render(view, opts, cb));
    }) as Response['render'];
    next();
  };
}
