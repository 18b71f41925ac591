import { z } from 'zod';
import { optionalText } from '../../core/forms.ts';
import { enumListParam, pageParam } from '../../core/pagination.ts';
import { MenteeCategory, MenteeStatus, MentorStatus, MentorTraining, MentoringForm } from '../../generated/prisma/enums.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
/** Checkbox groups arrive as a string (one ticked) or an array (several). */
const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : [v].flat()).map(Number).filter((n) => Number.isInteger(n) && n > 0));
const formList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : [v].flat()))
  .pipe(z.array(z.enum(MentoringForm, { error: 'Выберите форму наставничества из списка' })));

export const SaveMenteeEntry = z.object({
  category: z.enum(MenteeCategory, { error: 'Выберите категорию наставляемого' }),
  topicIds: idList.refine((v) => v.length > 0, 'Отметьте хотя бы одну тему запроса'),
  requestText: optionalText('Запрос своими словами', 4000),
  desiredForm: z.union([z.literal(''), z.enum(MentoringForm, { error: 'Выберите форму из списка' })]).optional().transform((v) => v || null),
});
export const CreateMenteeEntry = SaveMenteeEntry.extend({ staffMemberId: id.or(z.literal('').transform(() => 0)).refine((v) => v > 0, 'Выберите педагога') });

export const SaveMentorEntry = z.object({
  topicIds: idList.refine((v) => v.length > 0, 'Отметьте хотя бы одну компетенцию'),
  motivation: optionalText('Мотивация', 4000),
  availability: optionalText('Время для наставничества', 300),
  maxMentees: z.coerce
    .number({ error: 'Укажите число от 1 до 10' })
    .int('Укажите целое число')
    .min(1, 'Не меньше одного наставляемого')
    .max(10, 'Не больше 10 наставляемых'),
  forms: formList.refine((v) => v.length > 0, 'Отметьте хотя бы одну форму наставничества'),
});
export const CreateMentorEntry = SaveMentorEntry.extend({ staffMemberId: id.or(z.literal('').transform(() => 0)).refine((v) => v > 0, 'Выберите педагога') });

export const ChangeStatus = z.object({
  status: z.string().trim().min(1, 'Выберите новый статус'),
  reason: optionalText('Причина', 500),
});

export const MenteeListQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  topic: id.optional().catch(undefined),
  category: z.enum(MenteeCategory).optional().catch(undefined),
  /** One status or several, comma-separated. */
  status: enumListParam(MenteeStatus),
  page: pageParam,
});
export type MenteeListFilter = z.infer<typeof MenteeListQuery>;

export const MentorListQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  topic: id.optional().catch(undefined),
  status: enumListParam(MentorStatus),
  training: enumListParam(MentorTraining),
  /** `missing`: mentors without a valid personal-data consent or written consent to mentoring. */
  consents: z.enum(['missing']).optional().catch(undefined),
  page: pageParam,
});
export type MentorListFilter = z.infer<typeof MentorListQuery>;

export const IdParam = id;
