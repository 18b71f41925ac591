import type { NextFunction, Request, Response } from 'express';
import { isDatabaseUnavailable } from './database/outage.ts';
import { HttpError, NotFoundError } from './errors.ts';

export function notFoundHandler(_req: Request, _res: Response, next: NextFunction): void {
  next(new NotFoundError());
}

const TITLES: Record<number, string> = {
  400: 'Неверный запрос',
  403: 'Доступ запрещён',
  404: 'Страница не найдена',
  409: 'Конфликт',
  413: 'Слишком большой запрос',
  422: 'Проверьте данные',
  429: 'Слишком много запросов',
  503: 'Портал временно недоступен',
};

/** What a 503 asks the browser (and a monitoring probe) to wait before trying again. */
export const RETRY_AFTER_SECONDS = 30;

/**
 * One place turns errors into Russian pages; a 500 is logged with the request id, never shown as a stack.
 * A database outage is a 503 with Retry-After, rendered from locals alone (no menu, no form), so the page
 * itself needs neither the database nor the session.
 */
export function errorHandler(error: unknown, req: Request, res: Response, _next: NextFunction): void {
  const unavailable = isDatabaseUnavailable(error);
  const status = unavailable ? 503 : statusOf(error);
  if (unavailable) req.log?.warn({ err: error }, 'database unavailable');
  else if (status >= 500) req.log?.error({ err: error }, 'unhandled error');
  if (res.headersSent) {
    // Part of a page or file is out: ending it normally would hand over a cut-off body as complete.
    if (!res.writableEnded) res.destroy();
    return;
  }
  if (unavailable) {
    res.locals.currentUser = null;
    res.locals.nav = [];
    res.locals.flash = [];
    res.locals.csrfToken = () => '';
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  }
  // The failure may have come before the view locals were set (e.g. in the session store).
  res.locals.currentUser ??= null;
  res.locals.nav ??= [];
  res.locals.flash ??= [];
  res.locals.csrfToken ??= () => '';
  const message = error instanceof HttpError || status < 500 ? messageOf(error) : '';
  res.status(status);
  const view = status === 403 || status === 404 || status === 503 ? `errors/${status}` : status >= 500 ? 'errors/500' : 'errors/error';
  res.render(view, { title: TITLES[status] ?? 'Ошибка', message, status, requestId: String(req.id ?? '') }, (renderError, html) => {
    if (renderError) {
      req.log?.error({ err: renderError }, 'error page failed to render');
      res.type('text/plain; charset=utf-8').send(`Ошибка ${status}. Код запроса: ${String(req.id ?? '')}`);
      return;
    }
    res.send(html);
  });
}

function statusOf(error: unknown): number {
  const e = error as { status?: unknown; statusCode?: unknown };
  const status = Number(e?.status ?? e?.statusCode);
  return Number.isInteger(status) && status >= 400 && status < 600 ? status : 500;
}

function messageOf(error: unknown): string {
  if (error instanceof HttpError) return error.message;
  const e = error as { type?: string; message?: string; expose?: boolean };
  if (e?.type === 'entity.too.large') return 'Отправленные данные слишком велики.';
  if (e?.expose && typeof e.message === 'string' && /[а-яё]/i.test(e.message)) return e.message;
  return '';
}
