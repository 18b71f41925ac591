import type { Response } from 'express';
import { z } from 'zod';
import { isoOfDbDate, parseDateText } from '../domain/dates.ts';
import type { FieldErrors } from './errors.ts';

// Russian default messages for any rule a schema does not word itself.
z.config(z.locales.ru());

export type FormValues = Record<string, unknown>;

export type ParseResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: FormValues };

/** Validates a submitted form; on failure returns one message per field plus the values as typed. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): ParseResult<z.infer<S>> {
  const values = (body && typeof body === 'object' ? body : {}) as FormValues;
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join('.') || '_form';
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, values: withoutSecrets(values) };
}

/** Passwords are never echoed back into a form. */
function withoutSecrets(values: FormValues): FormValues {
  const copy: FormValues = {};
  for (const [key, value] of Object.entries(values)) {
    if (!/password|_csrf/i.test(key)) copy[key] = value;
  }
  return copy;
}

/** The house rule for invalid input: same form, status 422, values kept, messages beside fields. */
export function renderInvalid(res: Response, view: string, locals: Record<string, unknown> & { errors: FieldErrors }): void {
  res.status(422).render(view, locals);
}

// ---- field builders with Russian messages -------------------------------------------------------

const trimmed = z.string().transform((s) => s.trim());

export function requiredText(label: string, max = 200) {
  return z
    .string({ error: `Заполните поле «${label}»` })
    .trim()
    .min(1, `Заполните поле «${label}»`)
    .max(max, `Поле «${label}»: не длиннее ${max} символов`);
}

/** A calendar date from a date input (YYYY-MM-DD) or typed by hand (ДД.ММ.ГГГГ), as 'YYYY-MM-DD'. */
export function requiredDate(empty: string) {
  return z
    .string({ error: empty })
    .trim()
    .min(1, empty)
    .transform((text, ctx) => {
      const date = parseDateText(text);
      if (!date) {
        ctx.addIssue({ code: 'custom', message: 'Введите дату в виде ДД.ММ.ГГГГ' });
        return z.NEVER;
      }
      return isoOfDbDate(date);
    });
}

export function optionalText(label: string, max = 500) {
  return trimmed.pipe(z.string().max(max, `Поле «${label}»: не длиннее ${max} символов`)).optional().default('');
}

export const optionalEmail = trimmed
  .pipe(z.union([z.literal(''), z.email('Введите адрес электронной почты в виде name@example.ru')]))
  .optional()
  .default('');

export const optionalUrl = trimmed
  .pipe(
    z.union([
      z.literal(''),
      z.url({ protocol: /^https?$/, error: 'Введите адрес сайта целиком, например https://ds50.example.ru' }),
    ]),
  )
  .optional()
  .default('');

/** A checkbox: present ("on"/"1"/"true") means true. */
export const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v.length > 0 : v === 'on' || v === '1' || v === 'true'));

export function password(label = 'Пароль') {
  return z
    .string({ error: `Введите ${label.toLowerCase()}` })
    .min(10, `${label}: не короче 10 символов`)
    .max(200, `${label}: не длиннее 200 символов`);
}

// ---- text that becomes a printed document -------------------------------------------------------

/** Lines of a text as typed (\r\n, \r or \n). */
export function lineCount(text: string): number {
  return text ? text.split(/\r\n?|\n/).length : 0;
}

/**
 * Text printed into a document (an order's parts, a consent form's text, an agreement's wording):
 * bounded in characters AND in lines — every line becomes a paragraph or a line break, and a few
 * kilobytes of one-character lines make a thousand-page PDF.
 */
export function documentText(label: string, limits: { max: number; maxLines: number; required?: boolean }) {
  const lines = (s: string) => lineCount(s) <= limits.maxLines;
  const linesMessage = `Поле «${label}»: не больше ${limits.maxLines.toLocaleString('ru-RU')} строк`;
  const lengthMessage = `Поле «${label}»: не длиннее ${limits.max.toLocaleString('ru-RU')} символов`;
  if (limits.required) {
    return z
      .string({ error: `Заполните поле «${label}»` })
      .trim()
      .min(1, `Заполните поле «${label}»`)
      .max(limits.max, lengthMessage)
      .refine(lines, linesMessage);
  }
  return trimmed.pipe(z.string().max(limits.max, lengthMessage).refine(lines, linesMessage)).optional().default('');
}
