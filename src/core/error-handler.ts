import type { NextFunction, Request, Response } from 'express';
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
};

/** One place turns errors into Russian pages; a 500 is logged with the request id, never shown as a stack. */
export function errorHandler(error: unknown, req: Request, res: Response, _next: NextFunction): void {
  const status = statusOf(error);
  if (status >= 500) req.log?.error({ err: error }, 'unhandled error');
  if (res.headersSent) {
    res.end();
    return;
  }
  // The failure may have come before the view locals were set (e.g. in the session store).
  res.locals.currentUser ??= null;
  res.locals.nav ??= [];
  res.locals.flash ??= [];
  res.locals.csrfToken ??= () => '';
  const message = error instanceof HttpError || status < 500 ? messageOf(error) : '';
  res.status(status);
  const view = status === 403 || status === 404 ? `errors/${status}` : status >= 500 ? 'errors/500' : 'errors/error';
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
