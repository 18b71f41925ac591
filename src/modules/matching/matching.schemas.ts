import { z } from 'zod';
import { pageParam } from '../../core/pagination.ts';
import { MentoringForm } from '../../generated/prisma/enums.ts';
import { WEIGHT_MAX, type MatchingWeights } from './matching.score.ts';

export const EntryIdParam = z.coerce.number().int().positive().max(2_147_483_647);

export const OverviewQuery = z.object({ page: pageParam, gpage: pageParam });

/** The methodist may try another form than the request's wish (e.g. «руководитель — педагог»). */
export const MenteeQuery = z.object({ form: z.enum(MentoringForm).optional().catch(undefined) });

/** The weights form, in the order of the explanation on the matching pages. */
export const WEIGHT_FIELDS: { key: keyof MatchingWeights; label: string; hint: string }[] = [
  { key: 'topic', label: 'За каждую общую тему', hint: 'Тема запроса наставляемого, в которой наставник компетентен' },
  { key: 'topicCap', label: 'Общие темы — не больше', hint: 'Предел баллов за все общие темы вместе' },
  { key: 'experience', label: 'Стаж 15 лет и больше', hint: 'При меньшем стаже — пропорционально числу лет' },
  { key: 'categoryTop', label: 'Высшая категория, «педагог-методист», «педагог-наставник»', hint: '' },
  { key: 'categoryFirst', label: 'Первая категория', hint: '' },
  { key: 'samePosition', label: 'Та же должность', hint: '' },
  { key: 'sameAgeGroup', label: 'Та же возрастная группа', hint: '' },
  { key: 'capacity', label: 'Все места наставника свободны', hint: 'При частично занятых местах — доля свободных' },
  { key: 'form', label: 'Ведёт нужную форму наставничества', hint: 'Желаемая форма из запроса или выбранная при подборе' },
  { key: 'training', label: 'Прошёл установочные сессии', hint: '' },
];

function weightField(label: string) {
  const message = `«${label}»: целое число от 0 до ${WEIGHT_MAX}`;
  return z
    .string({ error: `Укажите баллы: «${label}»` })
    .trim()
    .min(1, `Укажите баллы: «${label}»`)
    .regex(/^\d{1,3}$/, message)
    .transform(Number)
    .pipe(z.number().max(WEIGHT_MAX, message));
}

const shape = Object.fromEntries(WEIGHT_FIELDS.map((f) => [f.key, weightField(f.label)])) as Record<keyof MatchingWeights, ReturnType<typeof weightField>>;
export const SaveWeights = z.object(shape);

/** «Подобрать всем»: `shared=1` — only mentors sharing a topic with the request (as the overview's best match). */
export const PoolQuery = z.object({ shared: z.literal('1').optional().catch(undefined) });

/**
 * One accepted proposal of the pool page: «наставник:наставляемый[,наставляемый…]:форма», staff ids. Whatever
 * the row says, the pairs module checks every hard rule again when it creates the draft.
 */
export const POOL_ROW_PATTERN = /^(\d{1,10}):(\d{1,10}(?:,\d{1,10}){0,49}):([A-Z_]{1,40})$/;

const poolRow = z.string().transform((text, ctx) => {
  const match = POOL_ROW_PATTERN.exec(text);
  const form = match ? z.enum(MentoringForm).safeParse(match[3]) : null;
  const ids = match ? [match[1]!, ...match[2]!.split(',')].map(Number) : [];
  if (!match || !form?.success || ids.some((id) => id < 1 || id > 2_147_483_647)) {
    ctx.addIssue({ code: 'custom', message: 'Предложение не распознано: обновите страницу подбора' });
    return z.NEVER;
  }
  return { mentorStaffId: ids[0]!, menteeStaffIds: [...new Set(ids.slice(1))], form: form.data, key: text };
});

export const AcceptPool = z.object({
  proposal: z
    .union([z.string(), z.array(z.string()).max(5000)], { error: 'Отметьте хотя бы одно предложение' })
    .transform((v) => [...new Set([v].flat())])
    .pipe(z.array(poolRow).min(1, 'Отметьте хотя бы одно предложение')),
});
export type PoolRow = z.infer<typeof AcceptPool>['proposal'][number];
