import { SCALE_MAX, SCALE_MIN, type Answers, type Question } from './questionnaires.schemas.ts';

export interface Count {
  value: string;
  label: string;
  count: number;
  /** Share of those who answered this question, whole percent. */
  percent: number;
}

export interface QuestionSummary {
  question: Question;
  /** How many submitted responses answer this question. */
  answered: number;
  /** Per option (choice), per value 1..10 (scale) or yes/no; empty for text questions. */
  counts: Count[];
  /** Answers given to options that the current version no longer has (older versions). */
  other: number;
  /** Scale questions only; null when nobody answered. */
  mean: number | null;
  /** Text questions only. */
  texts: string[];
}

export interface Summary {
  responses: number;
  questions: QuestionSummary[];
}

const percentOf = (count: number, total: number) => (total ? Math.round((count * 100) / total) : 0);

/**
 * The per-question results of the submitted responses, over the current version's questions.
 * Responses given to an older version count where the question (by key) still exists.
 */
export function summarize(questions: Question[], responses: Answers[]): Summary {
  return { responses: responses.length, questions: questions.map((q) => summarizeQuestion(q, responses)) };
}

function summarizeQuestion(question: Question, responses: Answers[]): QuestionSummary {
  const summary: QuestionSummary = { question, answered: 0, counts: [], other: 0, mean: null, texts: [] };
  const tally = new Map<string, number>();
  let sum = 0;
  for (const answers of responses) {
    const a = answers[question.key];
    if (a === undefined || a === null || a === '' || (Array.isArray(a) && a.length === 0)) continue;
    switch (question.kind) {
      case 'SINGLE':
      case 'MULTIPLE': {
        summary.answered++;
        const known = new Set((question.options ?? []).map((o) => o.value));
        for (const v of (Array.isArray(a) ? a : [a]).map(String)) {
          if (known.has(v)) tally.set(v, (tally.get(v) ?? 0) + 1);
          else summary.other++;
        }
        break;
      }
      case 'SCALE': {
        const n = Number(a);
        if (!Number.isInteger(n) || n < SCALE_MIN || n > SCALE_MAX) continue;
        summary.answered++;
        sum += n;
        tally.set(String(n), (tally.get(String(n)) ?? 0) + 1);
        break;
      }
      case 'YES_NO': {
        if (typeof a !== 'boolean') continue;
        summary.answered++;
        const v = a ? 'yes' : 'no';
        tally.set(v, (tally.get(v) ?? 0) + 1);
        break;
      }
      default: {
        const text = String(a).trim();
        if (!text) continue;
        summary.answered++;
        summary.texts.push(text);
      }
    }
  }
  const rows: { value: string; label: string }[] =
    question.kind === 'SCALE'
      ? Array.from({ length: SCALE_MAX - SCALE_MIN + 1 }, (_, i) => ({ value: String(SCALE_MIN + i), label: String(SCALE_MIN + i) }))
      : question.kind === 'YES_NO'
        ? [
            { value: 'yes', label: 'Да' },
            { value: 'no', label: 'Нет' },
          ]
        : (question.options ?? []);
  if (question.kind !== 'SHORT_TEXT' && question.kind !== 'LONG_TEXT') {
    summary.counts = rows.map((r) => {
      const count = tally.get(r.value) ?? 0;
      return { value: r.value, label: r.label, count, percent: percentOf(count, summary.answered) };
    });
  }
  if (question.kind === 'SCALE' && summary.answered) summary.mean = sum / summary.answered;
  return summary;
}
