import { z } from 'zod';
import type { FieldErrors } from '../../core/errors.ts';
import { documentText, lineCount, requiredText, type FormValues, type ParseResult } from '../../core/forms.ts';
import { pageParam } from '../../core/pagination.ts';
import { OrderKind, OrderStatus } from '../../generated/prisma/enums.ts';
import { PAIR_KINDS } from './orders.labels.ts';
import type { Appendix } from './orders.templates.ts';
import { parseAppendix, pointsFromText } from './orders.text.ts';

export const IdParam = z.coerce.number().int().positive().max(2_147_483_647);

/** `/orders/12.pdf`: the id and the format, nothing else. */
export const DocumentParam = z.object({ id: IdParam, format: z.enum(['pdf', 'docx']) });

const KindField = z.enum(OrderKind, { error: 'Выберите вид приказа' });

export const NewOrderQuery = z.object({
  kind: KindField.optional().catch(undefined),
  pair: IdParam.optional().catch(undefined),
  amends: IdParam.optional().catch(undefined),
});

export const OrderListQuery = z.object({
  status: z.enum(OrderStatus).optional().catch(undefined),
  kind: KindField.optional().catch(undefined),
  page: pageParam,
});
export type OrderListFilter = z.infer<typeof OrderListQuery>;

const asArray = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

/**
 * How much text an order may carry. The printed order is made from it, and without bounds a 200 KB
 * form of one-character lines made a 1 339-page PDF (3.5 s of CPU per download). The bounds are set
 * from real orders, with room to spare:
 *
 * - a point is one to three sentences (up to 500 characters); an order has 3–15 points;
 * - the longest appendix is the Regulation: 30–60 KB of Russian text is 15–30 thousand characters
 *   in 300–700 lines (the seed Regulation: 13 400 characters, 113 lines); the roadmap, a table of
 *   7 stages in 30–60 lines; forms and plans, a few thousand characters each;
 * - a Regulation order has 2 appendices; others 0–3.
 *
 * At these bounds the largest order is about 90 pages: 0.5–1 s of CPU for the PDF, up to 2 s for a
 * DOCX whose appendices are all tables — in a worker thread, never on the request thread
 * (core/documents/pool.ts; tests/http/documents.test.ts prints the figures). Its form is up to
 * ~1 MB, as a browser sends Russian text percent-encoded: app.ts lets /orders forms be that large.
 */
export const ORDER_LIMITS = {
  pointChars: 1_000,
  points: 50,
  preambleChars: 5_000,
  preambleLines: 30,
  appendices: 10,
  appendixTitleChars: 300,
  appendixChars: 60_000,
  appendixLines: 1_500,
  /** All appendices together. */
  appendicesChars: 100_000,
  appendicesLines: 2_000,
  /** Columns of a table in an appendix (the roadmap has 3, a plan 5–7). */
  tableColumns: 10,
} as const;

const n = (value: number) => value.toLocaleString('ru-RU');

const SaveOrderFields = z.object({
  kind: KindField,
  title: requiredText('Заголовок приказа', 300),
  preamble: documentText('Констатирующая часть', { max: ORDER_LIMITS.preambleChars, maxLines: ORDER_LIMITS.preambleLines }),
  points: z
    .string()
    .optional()
    .default('')
    .transform(pointsFromText)
    .pipe(
      z
        .array(z.string().max(ORDER_LIMITS.pointChars, `Каждый пункт распорядительной части — не длиннее ${n(ORDER_LIMITS.pointChars)} символов`))
        .min(1, 'Добавьте хотя бы один пункт распорядительной части — по одному на строке')
        .max(ORDER_LIMITS.points, `Не больше ${ORDER_LIMITS.points} пунктов распорядительной части`),
    ),
  pairIds: z.preprocess(asArray, z.array(IdParam, { error: 'Выберите пары (группы) из списка' }).max(200)),
  amendsOrderId: z
    .union([z.literal(''), IdParam], { error: 'Выберите приказ из списка' })
    .optional()
    .transform((v) => (v ? v : null)),
});

export type SaveOrderInput = z.infer<typeof SaveOrderFields> & { appendices: Appendix[] };

/** How many appendix slots a posted form has (appendix1Title/appendix1Text, appendix2…). */
export function appendixSlots(values: FormValues): number {
  let max = 0;
  for (const key of Object.keys(values)) {
    const m = /^appendix(\d{1,2})(Title|Text)$/.exec(key);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}

/** The widest table row of an appendix's markup, in cells. */
function widestTable(text: string): number {
  return Math.max(0, ...parseAppendix(text).flatMap((b) => (b.kind === 'table' ? [b.header.length, ...b.rows.map((r) => r.length)] : [])));
}

/**
 * The typed appendices. `offset`: how many appendices the order makes by itself before them (an assignment's
 * list of pairs is appendix 1), so the messages name the numbers the printed order will have.
 */
function parseAppendices(values: FormValues, offset: number): { appendices: Appendix[]; errors: FieldErrors } {
  const appendices: Appendix[] = [];
  const errors: FieldErrors = {};
  let chars = 0;
  let lines = 0;
  for (let i = 1; i <= appendixSlots(values); i++) {
    const title = String(values[`appendix${i}Title`] ?? '').trim();
    const text = String(values[`appendix${i}Text`] ?? '').replace(/\r\n?/g, '\n').trim();
    if (!title && !text) continue;
    if (appendices.length === ORDER_LIMITS.appendices) {
      errors[`appendix${i}Title`] = `Не больше ${ORDER_LIMITS.appendices} приложений: объедините или уберите лишние`;
    }
    if (!title) errors[`appendix${i}Title`] ??= `Приложение ${i + offset}: укажите заголовок`;
    else if (title.length > ORDER_LIMITS.appendixTitleChars) errors[`appendix${i}Title`] ??= `Приложение ${i + offset}: заголовок не длиннее ${ORDER_LIMITS.appendixTitleChars} символов`;
    chars += text.length;
    lines += lineCount(text);
    if (!text) errors[`appendix${i}Text`] = `Приложение ${i + offset}: добавьте текст или очистите заголовок`;
    else if (text.length > ORDER_LIMITS.appendixChars) errors[`appendix${i}Text`] = `Приложение ${i + offset}: не длиннее ${n(ORDER_LIMITS.appendixChars)} символов (сейчас ${n(text.length)})`;
    else if (lineCount(text) > ORDER_LIMITS.appendixLines) errors[`appendix${i}Text`] = `Приложение ${i + offset}: не больше ${n(ORDER_LIMITS.appendixLines)} строк (сейчас ${n(lineCount(text))})`;
    else if (widestTable(text) > ORDER_LIMITS.tableColumns) errors[`appendix${i}Text`] = `Приложение ${i + offset}: в таблице не больше ${ORDER_LIMITS.tableColumns} столбцов`;
    else if (chars > ORDER_LIMITS.appendicesChars) errors[`appendix${i}Text`] = `Все приложения вместе — не длиннее ${n(ORDER_LIMITS.appendicesChars)} символов: сократите приложение ${i + offset} или вынесите его в отдельный приказ`;
    else if (lines > ORDER_LIMITS.appendicesLines) errors[`appendix${i}Text`] = `Все приложения вместе — не больше ${n(ORDER_LIMITS.appendicesLines)} строк: сократите приложение ${i + offset}`;
    appendices.push({ title, text });
  }
  return { appendices, errors };
}

/**
 * The draft form: zod for the fields, the numbered appendix slots, and what each kind needs
 * (pairs for an assignment or a termination, the reason of a termination, the amended order).
 */
export function parseOrderForm(body: unknown): ParseResult<SaveOrderInput> {
  const values = (body && typeof body === 'object' ? body : {}) as FormValues;
  const parsed = SaveOrderFields.safeParse(values);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? '_form')] ??= issue.message;
  }
  const { appendices, errors: appendixErrors } = parseAppendices(values, values.kind === 'ASSIGN_PAIRS' ? GENERATED_APPENDICES.ASSIGN_PAIRS : 0);
  Object.assign(errors, appendixErrors);
  if (parsed.success) {
    const { kind } = parsed.data;
    if (PAIR_KINDS.includes(kind) && parsed.data.pairIds.length === 0) errors.pairIds = 'Выберите хотя бы одну пару (группу)';
    if (kind === 'TERMINATE' && !parsed.data.preamble) errors.preamble = 'Укажите причину досрочного прекращения наставничества';
    if (kind === 'AMEND' && !parsed.data.amendsOrderId) errors.amendsOrderId = 'Выберите приказ, в который вносятся изменения';
  }
  const { _csrf, ...kept } = values;
  void _csrf;
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors, values: kept };
  return { ok: true, data: { ...parsed.data, appendices } };
}

/** Appendices an order of a kind makes by itself, before the typed ones: an assignment's list of pairs. */
export const GENERATED_APPENDICES = { ASSIGN_PAIRS: 1 } as const;

export const ReturnOrder = z.object({
  comment: z
    .string({ error: 'Напишите, что нужно исправить в проекте приказа' })
    .trim()
    .min(1, 'Напишите, что нужно исправить в проекте приказа')
    .max(3000, 'Комментарий: не длиннее 3000 символов'),
});
