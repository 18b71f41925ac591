import crypto from 'node:crypto';
import { z } from 'zod';
import type { FieldErrors } from '../../core/errors.ts';
import { optionalText, requiredText } from '../../core/forms.ts';
import { pageParam } from '../../core/pagination.ts';
import { QuestionnaireAudience } from '../../generated/prisma/enums.ts';

// ---- the question JSON stored in QuestionnaireVersion.questions -------------------------------

export const QUESTION_KINDS = ['SHORT_TEXT', 'LONG_TEXT', 'SINGLE', 'MULTIPLE', 'SCALE', 'YES_NO'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  SHORT_TEXT: 'Короткий ответ (строка)',
  LONG_TEXT: 'Развёрнутый ответ (абзац)',
  SINGLE: 'Один вариант из списка',
  MULTIPLE: 'Несколько вариантов из списка',
  SCALE: 'Шкала от 1 до 10',
  YES_NO: 'Да / нет',
};

/** Keys are stable tokens; answers are stored under them. */
export const QUESTION_KEY = /^[a-zA-Z0-9_]{1,40}$/;

export const CHOICE_KINDS: readonly QuestionKind[] = ['SINGLE', 'MULTIPLE'];
export const isChoice = (kind: QuestionKind) => CHOICE_KINDS.includes(kind);

/** A scale always runs 1..10: answers stay comparable across questionnaires and years. */
export const SCALE_MIN = 1;
export const SCALE_MAX = 10;

export const LIMITS = { questions: 100, options: 50, text: 500, hint: 500, optionLabel: 200, shortAnswer: 500, longAnswer: 5000 } as const;

export const QuestionOption = z.object({
  // Values are what other modules read (enum names, topic ids), so they are plain tokens.
  value: z.string().regex(/^[A-Za-z0-9_.-]{1,60}$/, 'Недопустимое значение варианта'),
  label: z
    .string()
    .trim()
    .min(1, 'Вариант ответа не может быть пустым')
    .max(LIMITS.optionLabel, `Вариант ответа: не длиннее ${LIMITS.optionLabel} символов`),
});
export type QuestionOption = z.infer<typeof QuestionOption>;

export const Question = z
  .object({
    // [a-z0-9_] as a rule; the one exception is the template key `maxMentees` the banks module reads.
    key: z.string().regex(QUESTION_KEY, 'Ключ вопроса: латинские буквы, цифры и «_»'),
    kind: z.enum(QUESTION_KINDS, { error: 'Выберите тип вопроса из списка' }),
    text: z
      .string({ error: 'Заполните текст вопроса' })
      .trim()
      .min(1, 'Заполните текст вопроса')
      .max(LIMITS.text, `Текст вопроса: не длиннее ${LIMITS.text} символов`),
    hint: z.string().trim().max(LIMITS.hint, `Подсказка: не длиннее ${LIMITS.hint} символов`).optional(),
    required: z.boolean(),
    options: z.array(QuestionOption).max(LIMITS.options, `Не больше ${LIMITS.options} вариантов ответа`).optional(),
  })
  .superRefine((q, ctx) => {
    if (isChoice(q.kind)) {
      const options = q.options ?? [];
      if (options.length < 2) {
        ctx.addIssue({ code: 'custom', path: ['options'], message: 'Для вопроса с выбором укажите не меньше двух вариантов, каждый на новой строке' });
      }
      const labels = new Set<string>();
      const values = new Set<string>();
      for (const option of options) {
        if (labels.has(option.label.toLowerCase())) {
          ctx.addIssue({ code: 'custom', path: ['options'], message: `Вариант «${option.label}» повторяется` });
        }
        if (values.has(option.value)) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Значения вариантов не должны повторяться' });
        labels.add(option.label.toLowerCase());
        values.add(option.value);
      }
    } else if (q.options?.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Варианты ответа задаются только для вопросов с выбором' });
    }
  });
export type Question = z.infer<typeof Question>;

export const Questions = z
  .array(Question)
  .max(LIMITS.questions, `В анкете не больше ${LIMITS.questions} вопросов`)
  .superRefine((list, ctx) => {
    const keys = new Set<string>();
    for (const [i, q] of list.entries()) {
      if (keys.has(q.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `Ключ вопроса «${q.key}» повторяется` });
      keys.add(q.key);
    }
  });

/** Reads a stored version's questions; a row that breaks the schema is a bug, not user input. */
export function parseQuestions(json: unknown): Question[] {
  return Questions.parse(json);
}

// ---- answers stored in QuestionnaireResponse.answers ------------------------------------------

export type AnswerValue = string | string[] | number | boolean;
export type Answers = Record<string, AnswerValue>;

/** The form name of a question's answer control. */
export const answerField = (key: string) => `a-${key}`;

// ---- questionnaire settings (title, audience, period) -----------------------------------------

export const AUDIENCE_LABELS: Record<QuestionnaireAudience, string> = {
  MENTOR_CANDIDATES: 'Кандидаты в наставники',
  MENTEE_REQUESTS: 'Профессиональные запросы (наставляемые)',
  MENTOR_MONITORING: 'Мониторинг: наставники',
  MENTEE_MONITORING: 'Мониторинг: наставляемые',
  EVENT_FEEDBACK: 'Отзыв о мероприятии',
};

export const STATUS_LABELS = { DRAFT: 'черновик', PUBLISHED: 'опубликована', ARCHIVED: 'закрыта' } as const;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** A date from `<input type="date">`: '' means no limit. Stored as UTC midnight in a DATE column. */
function optionalDate(label: string) {
  return z
    .string()
    .trim()
    .optional()
    .default('')
    .transform((s, ctx) => {
      if (!s) return null;
      const date = new Date(`${s}T00:00:00Z`);
      if (!isoDate.test(s) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== s) {
        ctx.addIssue({ code: 'custom', message: `Поле «${label}»: введите дату в виде ДД.ММ.ГГГГ` });
        return z.NEVER;
      }
      return date;
    });
}

export const SaveQuestionnaire = z
  .object({
    title: requiredText('Название', 200),
    description: optionalText('Описание', 2000),
    audience: z.enum(QuestionnaireAudience, { error: 'Выберите, для кого анкета' }),
    opensOn: optionalDate('Начало приёма ответов'),
    closesOn: optionalDate('Окончание приёма ответов'),
  })
  .superRefine((v, ctx) => {
    if (v.opensOn && v.closesOn && v.closesOn < v.opensOn) {
      ctx.addIssue({ code: 'custom', path: ['closesOn'], message: 'Дата окончания не может быть раньше даты начала' });
    }
  });
export type SaveQuestionnaireInput = z.infer<typeof SaveQuestionnaire>;

export const TEMPLATE_KEYS = ['mentor-candidate', 'mentee-request'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];
export const FromTemplate = z.object({ templateKey: z.enum(TEMPLATE_KEYS, { error: 'Выберите шаблон из списка' }) });

export const RespondAction = z.enum(['save', 'submit']).catch('save');

export const ListQuery = z.object({ page: pageParam });
export const ResultsQuery = z.object({
  page: pageParam,
  /** The respondents table: only those who answered (`yes`) or who have not (`no`). */
  answered: z.enum(['yes', 'no']).optional().catch(undefined),
});

export const IdParam = z.coerce.number().int().positive().max(2_147_483_647);
export const KeyParam = z.string().regex(QUESTION_KEY);

// ---- the builder form (works without JavaScript: the whole list is posted on every action) ------

/** A question as the builder edits it: options as one label per line. */
export interface DraftQuestion {
  key: string;
  kind: string;
  text: string;
  hint: string;
  required: boolean;
  options: string;
}

const str = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');
const on = (v: unknown) => str(v) === 'on';

/** The posted builder: the existing questions in posted order, plus the «new question» block. */
export function readBuilderBody(body: Record<string, unknown>): { questions: DraftQuestion[]; added: DraftQuestion } {
  const questions: DraftQuestion[] = [];
  for (let i = 0; i < LIMITS.questions && body[`q-${i}-key`] !== undefined; i++) {
    questions.push({
      key: str(body[`q-${i}-key`]),
      kind: str(body[`q-${i}-kind`]),
      text: str(body[`q-${i}-text`]),
      hint: str(body[`q-${i}-hint`]),
      required: on(body[`q-${i}-required`]),
      options: str(body[`q-${i}-options`]),
    });
  }
  const added = {
    key: '',
    kind: str(body['new-kind']) || 'SINGLE',
    text: str(body['new-text']),
    hint: str(body['new-hint']),
    required: on(body['new-required']),
    options: str(body['new-options']),
  };
  return { questions, added };
}

/** Form values for the builder view from stored questions. */
export function draftOf(q: Question): DraftQuestion {
  return { key: q.key, kind: q.kind, text: q.text, hint: q.hint ?? '', required: q.required, options: (q.options ?? []).map((o) => o.label).join('\n') };
}

export function builderValues(settings: Record<string, unknown>, questions: DraftQuestion[], added?: DraftQuestion): Record<string, unknown> {
  const values: Record<string, unknown> = { ...settings };
  questions.forEach((q, i) => {
    values[`q-${i}-key`] = q.key;
    values[`q-${i}-kind`] = q.kind;
    values[`q-${i}-text`] = q.text;
    values[`q-${i}-hint`] = q.hint;
    values[`q-${i}-required`] = q.required;
    values[`q-${i}-options`] = q.options;
  });
  if (added) {
    values['new-kind'] = added.kind;
    values['new-text'] = added.text;
    values['new-hint'] = added.hint;
    values['new-required'] = added.required;
    values['new-options'] = added.options;
  }
  return values;
}

/**
 * Turns a builder draft into a question. Option labels come one per line; an option keeps the value
 * it had (matched by label) so answers already given stay countable; a new one gets a fresh value.
 */
export function questionFromDraft(
  draft: DraftQuestion,
  previous: Question | undefined,
  key: string,
  field: (name: string) => string,
): { question?: Question; errors: FieldErrors } {
  const knownKind = (QUESTION_KINDS as readonly string[]).includes(draft.kind) ? (draft.kind as QuestionKind) : null;
  let options: QuestionOption[] | undefined;
  if (knownKind && isChoice(knownKind)) {
    const labels = draft.options
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    const old = previous?.options ?? [];
    const used = new Set<string>();
    options = labels.map((label) => {
      const match = old.find((o) => o.label === label && !used.has(o.value));
      if (!match) return { value: '', label };
      used.add(match.value);
      return { value: match.value, label };
    });
    // New values are random: a value dropped in an older version must never come back with another meaning.
    for (const option of options) if (!option.value) option.value = `o_${crypto.randomBytes(3).toString('hex')}`;
  }
  const hint = draft.hint.trim();
  const result = Question.safeParse({ key, kind: draft.kind, text: draft.text, hint: hint || undefined, required: draft.required, options });
  if (result.success) return { question: result.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? 'text');
    errors[field(name === 'key' ? 'text' : name)] ??= issue.message;
  }
  return { errors };
}
