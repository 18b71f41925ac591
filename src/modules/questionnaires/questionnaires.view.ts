import { formatDate } from '../../core/format.ts';
import { answerText } from './questionnaires.answers.ts';
import { answerField, AUDIENCE_LABELS, QUESTION_KIND_LABELS, SCALE_MAX, SCALE_MIN, STATUS_LABELS } from './questionnaires.schemas.ts';

const mean = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** opensOn/closesOn are calendar days (DATE columns at UTC midnight): shown as such, not shifted by a zone. */
const day = (d: Date | null | undefined) => formatDate(d, 'UTC');

function period(q: { opensOn: Date | null; closesOn: Date | null }): string {
  if (q.opensOn && q.closesOn) return `с ${day(q.opensOn)} по ${day(q.closesOn)}`;
  if (q.opensOn) return `с ${day(q.opensOn)}, без срока окончания`;
  if (q.closesOn) return `по ${day(q.closesOn)}`;
  return 'без ограничения сроков';
}

/** Words and small formatters the questionnaire views share (set on res.locals for /questionnaires). */
export const viewHelpers = {
  audienceLabels: AUDIENCE_LABELS,
  statusLabels: STATUS_LABELS,
  kindLabels: QUESTION_KIND_LABELS,
  kindOptions: Object.entries(QUESTION_KIND_LABELS),
  scaleValues: Array.from({ length: SCALE_MAX - SCALE_MIN + 1 }, (_, i) => String(SCALE_MIN + i)),
  answerField,
  answerText,
  day,
  period,
  fullName: (s: { lastName: string; firstName: string; middleName?: string | null }) => [s.lastName, s.firstName, s.middleName].filter(Boolean).join(' '),
  formatMean: (n: number | null) => (n === null ? '—' : mean.format(n)),
};
