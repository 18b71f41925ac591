import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors.ts';

/**
 * Control characters are refused at the edge, before any route sees them. PostgreSQL refuses NUL in
 * text (error 22021), so a `%00` in a search or a form used to end as a 500; the other control codes are
 * never typed by a person either. Query strings, path parameters and single-line values allow none; form
 * bodies allow tab and line breaks (textareas), nothing else. One check for the whole portal means no
 * route, present or future, can forget it.
 */
const IN_URL = /[\u0000-\u001f\u007f]/;
const IN_FORM = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const CONTROL_CHARACTERS_MESSAGE =
  'Запрос содержит недопустимые символы (управляющие коды, например NUL): уберите их и повторите. Если текст вставлен из другой программы, наберите его заново.';

/** Looks through parsed values (strings, arrays, objects — keys too), a few levels deep. */
function contains(value: unknown, pattern: RegExp, depth = 0): boolean {
  if (typeof value === 'string') return pattern.test(value);
  if (!value || typeof value !== 'object' || depth > 5) return false;
  if (Array.isArray(value)) return value.some((v) => contains(v, pattern, depth + 1));
  return Object.entries(value).some(([key, v]) => pattern.test(key) || contains(v, pattern, depth + 1));
}

/** For a parsed form body (urlencoded or the text fields of a multipart form): 422, or nothing. */
export function controlCharacterError(body: unknown): HttpError | undefined {
  return contains(body, IN_FORM) ? new HttpError(422, CONTROL_CHARACTERS_MESSAGE) : undefined;
}

function pathHasControl(path: string): boolean {
  if (IN_URL.test(path)) return true;
  if (!path.includes('%')) return false;
  try {
    return IN_URL.test(decodeURIComponent(path));
  } catch {
    // A malformed escape is the router's business (it answers 400 for a parameter it cannot decode).
    return false;
  }
}

/** The middleware: path and query string → 400, form body → 422, with the Russian message. */
export function rejectControlCharacters(req: Request, _res: Response, next: NextFunction): void {
  if (pathHasControl(req.path) || (req.url.includes('?') && contains(req.query, IN_URL))) {
    return next(new HttpError(400, CONTROL_CHARACTERS_MESSAGE));
  }
  next(controlCharacterError(req.body));
}
