import { z } from 'zod';
import type { FieldErrors } from '../../core/errors.ts';
import { optionalText, requiredText, type FormValues, type ParseResult } from '../../core/forms.ts';
import { pageParam } from '../../core/pagination.ts';
import { OrderKind, OrderStatus } from '../../generated/prisma/enums.ts';
import { PAIR_KINDS } from './orders.labels.ts';
import type { Appendix } from './orders.templates.ts';
import { pointsFromText } from './orders.text.ts';

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

const SaveOrderFields = z.object({
  kind: KindField,
  title: requiredText('Заголовок приказа', 300),
  preamble: optionalText('Констатирующая часть', 5000),
  points: z
    .string()
    .optional()
    .default('')
    .transform(pointsFromText)
    .pipe(
      z
        .array(z.string().max(3000, 'Пункт распорядительной части: не длиннее 3000 символов'))
        .min(1, 'Добавьте хотя бы один пункт распорядительной части — по одному на строке')
        .max(100, 'Не больше 100 пунктов'),
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

const APPENDIX_TEXT_MAX = 40_000;

function parseAppendices(values: FormValues): { appendices: Appendix[]; errors: FieldErrors } {
  const appendices: Appendix[] = [];
  const errors: FieldErrors = {};
  for (let i = 1; i <= appendixSlots(values); i++) {
    const title = String(values[`appendix${i}Title`] ?? '').trim();
    const text = String(values[`appendix${i}Text`] ?? '').replace(/\r\n?/g, '\n').trim();
    if (!title && !text) continue;
    if (!title) errors[`appendix${i}Title`] = `Приложение ${i}: укажите заголовок`;
    else if (title.length > 300) errors[`appendix${i}Title`] = `Приложение ${i}: заголовок не длиннее 300 символов`;
    if (!text) errors[`appendix${i}Text`] = `Приложение ${i}: добавьте текст или очистите заголовок`;
    else if (text.length > APPENDIX_TEXT_MAX) errors[`appendix${i}Text`] = `Приложение ${i}: не длиннее ${APPENDIX_TEXT_MAX} символов`;
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
  const { appendices, errors: appendixErrors } = parseAppendices(values);
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

export const ReturnOrder = z.object({
  comment: z
    .string({ error: 'Напишите, что нужно исправить в проекте приказа' })
    .trim()
    .min(1, 'Напишите, что нужно исправить в проекте приказа')
    .max(3000, 'Комментарий: не длиннее 3000 символов'),
});
