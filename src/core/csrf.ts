import { csrfSync } from 'csrf-sync';

/**
 * Synchroniser-token CSRF protection: the token lives in the session and every form posts it back
 * as `_csrf`. Multipart forms (uploads) carry it in the query string, since the body is parsed later.
 */
const { csrfSynchronisedProtection, invalidCsrfTokenError } = csrfSync({
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    const fromHeader = req.headers['x-csrf-token'];
    if (typeof fromHeader === 'string') return fromHeader;
    // Only uploads may carry it in the URL: their body is read later, by multer.
    if (!req.is('multipart/form-data')) return undefined;
    const fromQuery = (req.query as Record<string, unknown>)._csrf;
    return typeof fromQuery === 'string' ? fromQuery : undefined;
  },
  errorConfig: { statusCode: 403, message: 'Форма устарела. Обновите страницу и отправьте её снова.', code: 'EBADCSRFTOKEN' },
});

export const csrfProtection = csrfSynchronisedProtection;
export const csrfError = invalidCsrfTokenError;
