/** The forms of programmes and templates, named for what the user does (zod, Russian messages). */
import { z } from 'zod';
import { documentText, optionalText, requiredDate, requiredText } from '../../core/forms.ts';
import { pageParam } from '../../core/pagination.ts';
import { isoOfDbDate, parseDateText } from '../../domain/dates.ts';
import { MenteeCategory, PlanItemStatus, PlanResponsible, ProgrammeApproval, ProgrammeStatus } from '../../generated/prisma/enums.ts';

export const IdParam = z.coerce.number().int().positive().max(2_147_483_647);

const list = (v: unknown) => (v === undefined || v === '' ? [] : [v].flat());

export const ProgrammeListQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(ProgrammeStatus).optional().catch(undefined),
  overdue: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => v === '1' || v === 'on'),
  /** The dashboard's figures: programmes written / approved for active pairs (programmes.service.ts). */
  written: z.string().optional().catch(undefined).transform((v) => v === '1'),
  approved: z.string().optional().catch(undefined).transform((v) => v === '1'),
  page: pageParam,
});
export type ProgrammeListFilter = z.infer<typeof ProgrammeListQuery>;

/**
 * How much a programme may carry: it is printed (a programme is 3–8 pages), and every line of a text becomes a
 * paragraph. Real programmes: a goal of 1–3 sentences, 3–7 tasks, 15–40 plan items.
 */
export const PROGRAMME_LIMITS = {
  textChars: 3_000,
  textLines: 30,
  items: 120,
  itemChars: 1_000,
  evidencePerItem: 20,
  evidenceBytes: 10 * 1024 * 1024,
  commentChars: 2_000,
} as const;

const text = (label: string) => documentText(label, { max: PROGRAMME_LIMITS.textChars, maxLines: PROGRAMME_LIMITS.textLines });

const ProgrammeFields = z.object({
  title: requiredText('Название программы', 300),
  goal: documentText('Цель', { max: PROGRAMME_LIMITS.textChars, maxLines: PROGRAMME_LIMITS.textLines, required: true }),
  tasks: text('Задачи'),
  request: text('Профессиональный запрос'),
  expectedResults: text('Ожидаемые результаты'),
  startsOn: requiredDate('Укажите дату начала'),
  endsOn: requiredDate('Укажите дату окончания'),
});

export const SaveProgramme = ProgrammeFields.refine((v) => v.endsOn >= v.startsOn, {
  path: ['endsOn'],
  message: 'Дата окончания не может быть раньше даты начала',
  when: (payload) => ProgrammeFields.pick({ startsOn: true, endsOn: true }).safeParse(payload.value).success,
});
export type SaveProgrammeInput = z.infer<typeof SaveProgramme>;

const itemText = (label: string) => optionalText(label, PROGRAMME_LIMITS.itemChars);

/** A plan item as the pair writes it (the date only while the plan is a draft: later it moves with a reason). */
export const SaveItem = z.object({
  section: requiredText('Раздел', 150),
  activity: requiredText('Мероприятие', PROGRAMME_LIMITS.itemChars),
  form: requiredText('Форма работы', 100),
  dueOn: requiredDate('Укажите срок').optional(),
  expectedResult: itemText('Ожидаемый результат, подтверждение'),
  responsible: z.enum(PlanResponsible, { error: 'Выберите, кто отвечает' }),
});
export type SaveItemInput = z.infer<typeof SaveItem>;

export const ChangeItemStatus = z
  .object({
    status: z.enum(PlanItemStatus, { error: 'Выберите статус' }),
    newDueOn: z.string().optional().default(''),
    reason: optionalText('Причина', 500),
  })
  .transform((v, ctx) => {
    if (v.status !== 'MOVED') return { status: v.status, newDueOn: null as string | null, reason: v.reason };
    const date = v.newDueOn.trim() ? parseDateText(v.newDueOn) : null;
    if (!date) ctx.addIssue({ code: 'custom', path: ['newDueOn'], message: v.newDueOn.trim() ? 'Введите дату в виде ДД.ММ.ГГГГ' : 'Укажите новую дату' });
    if (!v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Укажите причину переноса' });
    return { status: v.status, newDueOn: date ? isoOfDbDate(date) : null, reason: v.reason };
  });
export type ChangeItemStatusInput = z.infer<typeof ChangeItemStatus>;

export const SetMark = z.object({
  mark: z.coerce.number({ error: 'Выберите отметку от 1 до 5' }).int('Выберите отметку от 1 до 5').min(1, 'Выберите отметку от 1 до 5').max(5, 'Выберите отметку от 1 до 5'),
});

export const AddComment = z.object({ text: requiredText('Комментарий', PROGRAMME_LIMITS.commentChars) });

export const ReturnProgramme = z.object({ comment: requiredText('Что доработать', PROGRAMME_LIMITS.commentChars) });

export const SaveAssessment = z.object({
  score: z.coerce.number({ error: 'Выберите оценку от 1 до 10' }).int('Выберите оценку от 1 до 10').min(1, 'Выберите оценку от 1 до 10').max(10, 'Выберите оценку от 1 до 10'),
  text: documentText('Текст', { max: 4_000, maxLines: 40, required: true }),
});
export type SaveAssessmentInput = z.infer<typeof SaveAssessment>;

export const SaveSettings = z.object({
  approval: z.enum(ProgrammeApproval, { error: 'Выберите, кто утверждает программы' }),
});

// ---- templates ---------------------------------------------------------------------------------------

export const SaveTemplate = z.object({
  title: requiredText('Название шаблона', 300),
  description: optionalText('Для кого этот шаблон', 1_000),
  categories: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform(list)
    .pipe(z.array(z.enum(MenteeCategory, { error: 'Выберите категории из списка' })).min(1, 'Отметьте хотя бы одну категорию наставляемых')),
  goal: documentText('Цель', { max: PROGRAMME_LIMITS.textChars, maxLines: PROGRAMME_LIMITS.textLines, required: true }),
  tasks: text('Задачи'),
  expectedResults: text('Ожидаемые результаты'),
});
export type SaveTemplateInput = z.infer<typeof SaveTemplate>;

export const SaveTemplateItem = z.object({
  section: requiredText('Раздел', 150),
  activity: requiredText('Мероприятие', PROGRAMME_LIMITS.itemChars),
  form: requiredText('Форма работы', 100),
  month: z.coerce.number({ error: 'Выберите месяц' }).int().min(1, 'Выберите месяц').max(12, 'Выберите месяц'),
  expectedResult: itemText('Ожидаемый результат, подтверждение'),
  responsible: z.enum(PlanResponsible, { error: 'Выберите, кто отвечает' }),
  topics: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => [...new Set(list(v).map((t) => String(t).trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(200)).max(20)),
});
export type SaveTemplateItemInput = z.infer<typeof SaveTemplateItem>;
