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
