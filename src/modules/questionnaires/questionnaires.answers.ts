import type { FieldErrors } from '../../core/errors.ts';
import { answerField, LIMITS, SCALE_MAX, SCALE_MIN, type Answers, type Question } from './questionnaires.schemas.ts';

/** What the respond form shows for each question: a string, or a list for multiple choice. */
export type AnswerFormValues = Record<string, string | string[]>;

const first = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');
const all = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);

/**
 * Reads the posted answers against the questions of the version being answered.
 * A draft is checked for well-formed values only; a submission also needs every required answer.
 * Errors are keyed by the answer's form field (`a-<key>`).
 */
export function readAnswers(questions: Question[], body: Record<string, unknown>, mode: 'draft' | 'submit'): { answers: Answers; errors: FieldErrors } {
  const answers: Answers = {};
  const errors: FieldErrors = {};
  const needed = (q: Question) => mode === 'submit' && q.required;
  for (const q of questions) {
    const field = answerField(q.key);
    const raw = body[field];
    const allowed = new Set((q.options ?? []).map((o) => o.value));
    switch (q.kind) {
      case 'SHORT_TEXT':
      case 'LONG_TEXT': {
        const text = first(raw).trim();
        const max = q.kind === 'SHORT_TEXT' ? LIMITS.shortAnswer : LIMITS.longAnswer;
        if (text.length > max) errors[field] = `Ответ не длиннее ${max} символов (сейчас ${text.length})`;
        else if (text) answers[q.key] = text;
        else if (needed(q)) errors[field] = 'Ответьте на этот вопрос';
        break;
      }
      case 'SINGLE': {
        const value = first(raw);
        if (value && !allowed.has(value)) errors[field] = 'Выберите вариант из списка';
        else if (value) answers[q.key] = value;
        else if (needed(q)) errors[field] = 'Выберите один из вариантов';
        break;
      }
      case 'MULTIPLE': {
        const values = [...new Set(all(raw).filter(Boolean))];
        if (values.some((v) => !allowed.has(v))) errors[field] = 'Выберите варианты из списка';
        else if (values.length) answers[q.key] = (q.options ?? []).map((o) => o.value).filter((v) => values.includes(v));
        else if (needed(q)) errors[field] = 'Отметьте хотя бы один вариант';
        break;
      }
      case 'SCALE': {
        const value = first(raw).trim();
        const n = Number(value);
        if (value && (!Number.isInteger(n) || n < SCALE_MIN || n > SCALE_MAX)) errors[field] = `Выберите оценку от ${SCALE_MIN} до ${SCALE_MAX}`;
        else if (value) answers[q.key] = n;
        else if (needed(q)) errors[field] = `Выберите оценку от ${SCALE_MIN} до ${SCALE_MAX}`;
        break;
      }
      case 'YES_NO': {
        const value = first(raw);
        if (value && value !== 'yes' && value !== 'no') errors[field] = 'Ответьте «да» или «нет»';
        else if (value) answers[q.key] = value === 'yes';
        else if (needed(q)) errors[field] = 'Ответьте «да» или «нет»';
        break;
      }
    }
  }
  return { answers, errors };
}

/** Stored answers as form values (booleans as yes/no, numbers as text). */
export function formValuesOf(questions: Question[], answers: Answers): AnswerFormValues {
  const values: AnswerFormValues = {};
  for (const q of questions) {
    const a = answers[q.key];
    if (a === undefined) continue;
    values[answerField(q.key)] = Array.isArray(a) ? a.map(String) : typeof a === 'boolean' ? (a ? 'yes' : 'no') : String(a);
  }
  return values;
}

/** The posted values as typed, to show the form again after a refusal. */
export function postedValuesOf(questions: Question[], body: Record<string, unknown>): AnswerFormValues {
  const values: AnswerFormValues = {};
  for (const q of questions) {
    const field = answerField(q.key);
    values[field] = q.kind === 'MULTIPLE' ? all(body[field]) : first(body[field]);
  }
  return values;
}

/** A stored answer in words, for read-only pages. */
export function answerText(q: Question, answer: unknown): string | string[] {
  if (answer === undefined || answer === null || answer === '') return '';
  const labelOf = (v: unknown) => q.options?.find((o) => o.value === String(v))?.label ?? String(v);
  switch (q.kind) {
    case 'SINGLE':
      return labelOf(answer);
    case 'MULTIPLE':
      return Array.isArray(answer) ? answer.map(labelOf) : [labelOf(answer)];
    case 'YES_NO':
      return answer === true ? 'Да' : answer === false ? 'Нет' : String(answer);
    case 'SCALE':
      return `${String(answer)} из ${SCALE_MAX}`;
    default:
      return String(answer);
  }
}
