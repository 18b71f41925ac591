import { z } from 'zod';
import { documentText, optionalText, requiredDate, requiredText } from '../../core/forms.ts';
import { enumListParam, pageParam } from '../../core/pagination.ts';
import { MentoringForm, PairStatus } from '../../generated/prisma/enums.ts';
import { kopecksOf } from '../../domain/money.ts';

export const IdParam = z.coerce.number().int().positive().max(2_147_483_647);

/** Checkbox groups and repeated query keys arrive as a string (one) or an array (several). */
const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => [...new Set((v === undefined ? [] : [v].flat()).map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647))]);

/** Rubles as people type them: «5000», «5 000», «5000,50». Empty means «as the organization's act says». */
const extraPay = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const text = (v ?? '').replace(/[\s\u00A0]/g, '').replace(/(руб\.?|₽)$/i, '');
    if (!text) return null;
    if (!/^\d{1,8}([.,]\d{1,2})?$/.test(text)) {
      ctx.addIssue({ code: 'custom', message: 'Введите сумму в рублях, например 5000 или 5000,50' });
      return z.NEVER;
    }
    return kopecksOf(text);
  });

const PairFields = z.object({
  form: z.enum(MentoringForm, { error: 'Выберите форму наставничества из списка' }),
  mentorStaffIds: idList.refine((v) => v.length > 0, 'Выберите наставника'),
  menteeStaffIds: idList.refine((v) => v.length > 0, 'Выберите наставляемого'),
  startsOn: requiredDate('Укажите дату начала'),
  plannedEndOn: requiredDate('Укажите плановую дату окончания'),
  /** Printed in the mentor's supplementary agreement (its lines joined into one sentence). */
  requestSummary: documentText('Запрос, на который отвечает пара', { max: 4000, maxLines: 40 }),
  /** Kopecks per mentor per month; null = the organization's amount. */
  extraPay,
});

export const SavePair = PairFields.refine((v) => v.plannedEndOn > v.startsOn, {
  path: ['plannedEndOn'],
  message: 'Плановая дата окончания должна быть позже даты начала',
  // Compare only when both dates are valid, even if other fields are not.
  when: (payload) => PairFields.pick({ startsOn: true, plannedEndOn: true }).safeParse(payload.value).success,
});
export type SavePairInput = z.infer<typeof SavePair>;

/** /pairs/new?mentor=…&mentee=…&mentee=…&form=… from the matching page. */
export const NewPairQuery = z.object({
  mentor: idList,
  mentee: idList,
  form: z.enum(MentoringForm).optional().catch(undefined),
});

export const EndPair = z.object({
  /** COMPLETED for an active pair; CANCELLED (or, from older pages, ENDED_EARLY) calls off a draft or proposal. */
  outcome: z.enum(['COMPLETED', 'ENDED_EARLY', 'CANCELLED'], { error: 'Выберите, чем закончилась работа пары' }),
  endedOn: requiredDate('Укажите дату'),
  reason: optionalText('Причина', 1000),
});
export type EndPairInput = z.infer<typeof EndPair>;

export const PairListQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  /** One status or several, comma-separated («ACTIVE,COMPLETED,ENDED_EARLY»). */
  status: enumListParam(PairStatus),
  form: z.enum(MentoringForm).optional().catch(undefined),
  /** `1`: only the pairs that need attention (pairs.definitions.ts). */
  attention: z.enum(['1']).optional().catch(undefined),
  page: pageParam,
});
export type PairListFilter = z.infer<typeof PairListQuery>;

export const WaitingQuery = z.object({
  /** `none`: only the waiting mentees with no support recorded yet. */
  support: z.enum(['none']).optional().catch(undefined),
  page: pageParam,
});

export const PayrollQuery = z.object({
  month: z
    .string({ error: 'Выберите месяц' })
    .trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Выберите месяц (ГГГГ-ММ)')
    .refine((m) => Number(m.slice(0, 4)) >= 2000 && Number(m.slice(0, 4)) <= 2100, 'Выберите месяц между 2000 и 2100 годом'),
});

export const AddSupport = z.object({
  providedBy: requiredText('Кто оказал поддержку', 200),
  providedOn: requiredDate('Укажите дату'),
  notes: requiredText('Что сделано', 4000),
});
export type AddSupportInput = z.infer<typeof AddSupport>;

/** The mentor's labour contract, asked on the agreement page when the card lacks it. */
export const SaveLabourContract = z.object({
  number: z
    .string({ error: 'Укажите номер трудового договора' })
    .trim()
    .min(1, 'Укажите номер трудового договора, как в самом договоре, например 17/2019')
    .max(50, 'Номер трудового договора: не длиннее 50 символов'),
  date: z
    .string({ error: 'Укажите дату трудового договора' })
    .trim()
    .min(1, 'Укажите дату трудового договора')
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Укажите дату трудового договора в виде ДД.ММ.ГГГГ')
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && s >= '1950-01-01', 'Укажите дату трудового договора: такой даты нет'),
  gender: z.enum(['', 'FEMALE', 'MALE'], { error: 'Выберите из списка' }).optional().default(''),
});
export type SaveLabourContractInput = z.infer<typeof SaveLabourContract>;
