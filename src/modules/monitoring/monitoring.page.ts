/**
 * What the monitoring page (and, later, the annual report) shows of the key indicators: the figures with the
 * lists behind them, and the charts, each chart with the table of the same numbers (the chart is for the eye,
 * the table for a screen reader and for print). The charts are the questionnaires' safe server-made SVG.
 */
import { formatOneDecimal } from '../../core/format.ts';
import { schoolYearOf } from '../../domain/dates.ts';
import { barChartSvg, type BarDatum } from '../questionnaires/index.ts';
import type { KeyIndicators } from './monitoring.indicators.ts';
import { COMPETENCIES } from './monitoring.templates.ts';

export interface Figure {
  label: string;
  /** The number as shown («12», «4,5», «нет данных»). */
  value: string;
  /** The count a list holds (data-figure), when the figure is a count of rows. */
  count?: number;
  /** The list behind the figure. */
  list?: string;
  note?: string;
}

export interface Chart {
  id: string;
  title: string;
  svg: string | null;
  head: [string, string];
  rows: BarDatum[];
}

const NO_DATA = 'нет данных';

/** «+1,5», «−0,5», «0». */
export const signed = (value: number) => (value > 0 ? '+' : value < 0 ? '−' : '') + formatOneDecimal(Math.abs(value));

const decimal = (value: number | null) => (value === null ? NO_DATA : formatOneDecimal(value));

/** The figures, grouped as the page shows them: the process, then the participants' growth. */
export function figuresOf(k: KeyIndicators): { process: Figure[]; growth: Figure[] } {
  return {
    process: [
      { label: 'Сформировано пар и групп', value: String(k.pairsFormed), count: k.pairsFormed, list: 'pairs-formed' },
      { label: 'из них групп', value: String(k.groupsFormed), count: k.groupsFormed, list: 'groups-formed' },
      { label: 'Наставляемых с наставником', value: String(k.menteesWithMentor), count: k.menteesWithMentor, list: 'mentees-with-mentor' },
      { label: 'Наставляемых без наставника', value: String(k.menteesWithoutMentor), count: k.menteesWithoutMentor, list: 'mentees-without-mentor' },
      { label: 'Среднее ожидание наставника, дней', value: k.averageWaitDays === null ? NO_DATA : String(k.averageWaitDays), note: 'от записи запроса в банк до начала работы пары' },
      { label: 'Мероприятий планов со наступившим сроком', value: String(k.planItemsDue), count: k.planItemsDue, list: 'plan-items-due' },
      { label: 'из них выполнено в срок', value: String(k.planItemsOnTime), count: k.planItemsOnTime, list: 'plan-items-on-time' },
      { label: 'Доля мероприятий, выполненных в срок', value: k.planItemsOnTimePercent === null ? NO_DATA : `${k.planItemsOnTimePercent} %` },
      { label: 'Завершено программ наставничества', value: String(k.programmesCompleted), count: k.programmesCompleted, list: 'programmes-completed' },
      { label: 'Ответов на опрос «Как идёт работа в паре?»', value: String(k.checkinAnswers), count: k.checkinAnswers, list: 'checkins' },
      { label: 'Средняя оценка встреч (1–10)', value: decimal(k.checkinAverage) },
      { label: 'Анкету мониторинга заполнили', value: String(k.monitoringAnswered), count: k.monitoringAnswered, list: 'monitoring-answered', note: `из ${k.monitoringExpected} участников завершённых программ` },
      { label: 'Удовлетворённость участников (1–10)', value: decimal(k.satisfactionAverage), note: 'по анкетам мониторинга' },
      { label: 'Наставников, участвовавших в мероприятиях', value: k.mentorsOfYear ? `${k.mentorsInEvents} из ${k.mentorsOfYear}` : NO_DATA },
    ],
    growth: [
      { label: 'Наставляемых, оценивших компетенции в начале и в конце программы', value: String(k.growthMentees), count: k.growthMentees, list: 'growth' },
      { label: 'Среднее изменение самооценки компетенции (из 10)', value: k.growthAverageDelta === null ? NO_DATA : signed(k.growthAverageDelta), note: 'конец программы минус начало, по всем компетенциям' },
      { label: 'Итоговых оценок программ участниками', value: String(k.assessmentAnswers), count: k.assessmentAnswers, list: 'assessments' },
      { label: 'Средняя итоговая оценка (1–10)', value: decimal(k.assessmentAverage), note: 'насколько решён запрос (наставляемый), достигнуты результаты (наставник)' },
      {
        label: 'Наставляемых, у которых повысилась категория',
        value: String(k.menteesCategoryRose),
        count: k.menteesCategoryRose,
        list: 'category-rose',
        note: 'приказ об аттестации в учебном году, после начала работы пары',
      },
      { label: 'Молодых специалистов с наставником', value: String(k.youngSpecialists), count: k.youngSpecialists, list: 'young-specialists' },
      { label: 'из них остались в профессии', value: String(k.youngSpecialistsStayed), count: k.youngSpecialistsStayed, list: 'young-specialists-stayed', note: 'работают через год после начала работы пары (в текущем году — на сегодня)' },
    ],
  };
}

const datum = (label: string, count: number, total: number): BarDatum => ({ label, count, note: total ? `${count} (${Math.round((100 * count) / total)}%)` : String(count) });

/** The page's charts: who has a mentor, how the plans go, how the monitoring questionnaires are answered. */
export function chartsOf(k: KeyIndicators): Chart[] {
  const mentees = k.menteesWithMentor + k.menteesWithoutMentor;
  const late = k.planItemsDue - k.planItemsOnTime;
  const unanswered = k.monitoringExpected - k.monitoringAnswered;
  const charts: Omit<Chart, 'svg'>[] = [
    {
      id: 'chart-mentees',
      title: 'Наставляемые учебного года',
      head: ['Наставляемые', 'Человек'],
      rows: [datum('С наставником', k.menteesWithMentor, mentees), datum('Без наставника', k.menteesWithoutMentor, mentees)],
    },
    {
      id: 'chart-plan-items',
      title: 'Мероприятия планов, срок которых наступил',
      head: ['Мероприятия', 'Количество'],
      rows: [datum('Выполнены в срок', k.planItemsOnTime, k.planItemsDue), datum('Позже срока или не выполнены', late, k.planItemsDue)],
    },
    {
      id: 'chart-monitoring',
      title: 'Анкеты мониторинга участников завершённых программ',
      head: ['Анкеты', 'Участников'],
      rows: [datum('Заполнены', k.monitoringAnswered, k.monitoringExpected), datum('Не заполнены', unanswered, k.monitoringExpected)],
    },
  ];
  return charts.map((c) => ({ id: c.id, title: c.title, svg: barChartSvg(c.rows, { id: c.id, title: `Диаграмма: ${c.title}` }), head: c.head, rows: c.rows }));
}

export interface CompetenceRow {
  text: string;
  mentees: number;
  start: string;
  end: string;
  delta: string;
}

/** The change per competence, in the order of the shipped self-assessment; competences nobody measured say so. */
export function competenceRows(growth: Map<string, { mentees: number; start: number; end: number; delta: number }>): CompetenceRow[] {
  return COMPETENCIES.map((c) => {
    const g = growth.get(c.key);
    return g ? { text: c.text, mentees: g.mentees, start: decimal(g.start), end: decimal(g.end), delta: signed(g.delta) } : { text: c.text, mentees: 0, start: NO_DATA, end: NO_DATA, delta: NO_DATA };
  });
}

/** The school years the selector offers: from the first year with data (or this one) to this one, newest first. */
export function schoolYearChoices(today: string, earliest: number | null): number[] {
  const current = schoolYearOf(today);
  const first = Math.min(earliest ?? current, current);
  const years: number[] = [];
  for (let y = current; y >= Math.max(first, current - 20); y--) years.push(y);
  return years;
}
