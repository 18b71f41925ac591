/**
 * The shipped monitoring questionnaires (good defaults of the federal methodology's two stages): at the end of a
 * programme the mentor, each mentee and the curator answer about it; at its start and at its end each mentee
 * assesses the same competencies (growth). Answered about the programme (subjectType PROGRAMME, subjectId the
 * programme; the self-assessment with occasion "start" / "end"). The keys of the questions are read by the
 * indicators (`satisfaction`) and by the SWOT mapping (monitoring.swot.ts): keep them when editing the texts.
 */
import type { Question } from '../questionnaires/index.ts';
import type { SubjectTemplate } from '../questionnaires/index.ts';

const scale = (key: string, text: string, hint = '1 — совсем нет, 10 — полностью'): Question => ({ key, kind: 'SCALE', text, hint, required: true });
const long = (key: string, text: string, required = false): Question => ({ key, kind: 'LONG_TEXT', text, required });

export const MENTEE_MONITORING: SubjectTemplate = {
  key: 'subject:monitoring-mentee',
  title: 'Анкета наставляемого по итогам программы наставничества',
  description: 'Мониторинг качества реализации программы наставничества: ответы видят методист (куратор) и заведующий.',
  audience: 'MENTEE_MONITORING',
  questions: [
    scale('satisfaction', 'Насколько вы удовлетворены участием в программе наставничества?'),
    scale('mentor_help', 'Насколько полезной была помощь наставника?'),
    scale('request_met', 'Насколько решён ваш профессиональный запрос?'),
    long('helped', 'Что больше всего помогло вам в работе с наставником?'),
    long('difficulties', 'Какие трудности возникали?'),
    long('change', 'Что стоит изменить в программе наставничества?'),
    { key: 'continue', kind: 'YES_NO', text: 'Хотели бы вы продолжить работу с наставником или сами стать наставником в будущем?', required: false },
  ],
};

export const MENTOR_MONITORING: SubjectTemplate = {
  key: 'subject:monitoring-mentor',
  title: 'Анкета наставника по итогам программы наставничества',
  description: 'Мониторинг качества реализации программы наставничества: ответы видят методист (куратор) и заведующий.',
  audience: 'MENTOR_MONITORING',
  questions: [
    scale('satisfaction', 'Насколько вы удовлетворены участием в программе наставничества?'),
    scale('mentee_progress', 'Насколько вырос профессиональный уровень наставляемого?'),
    scale('support', 'Насколько достаточной была поддержка куратора и администрации?'),
    long('helped', 'Что больше всего помогло в работе с наставляемым?'),
    long('difficulties', 'Какие трудности возникали?'),
    long('change', 'Что стоит изменить в программе наставничества?'),
    { key: 'continue', kind: 'YES_NO', text: 'Готовы ли вы продолжить наставническую деятельность?', required: false },
  ],
};

export const CURATOR_MONITORING: SubjectTemplate = {
  key: 'subject:monitoring-curator',
  title: 'Анкета куратора по итогам программы наставничества',
  description: 'Оценка куратора: из неё и из ответов участников складывается SWOT-анализ учебного года.',
  audience: 'MENTOR_MONITORING',
  questions: [
    scale('goal_reached', 'Насколько достигнуты цели программы?'),
    scale('organisation', 'Насколько удалось организовать работу пары (встречи, сроки плана)?'),
    long('strengths', 'Сильные стороны работы пары (группы)'),
    long('weaknesses', 'Что не получилось и почему'),
    long('opportunities', 'Какие возможности открылись (практики для копилки, новые наставники, темы)?'),
    long('threats', 'Какие риски вы видите для наставничества в организации?'),
  ],
};

/** The competencies the mentee assesses at the start and at the end of a programme (1–10 each). */
export const COMPETENCIES: { key: string; text: string }[] = [
  { key: 'planning', text: 'Планирование образовательной деятельности' },
  { key: 'children', text: 'Организация взаимодействия с детьми' },
  { key: 'parents', text: 'Работа с родителями (законными представителями)' },
  { key: 'environment', text: 'Создание развивающей предметно-пространственной среды' },
  { key: 'documents', text: 'Ведение документации' },
  { key: 'ict', text: 'Использование ИКТ в работе' },
  { key: 'reflection', text: 'Самоанализ и рефлексия профессиональной деятельности' },
];

export const SELF_ASSESSMENT: SubjectTemplate = {
  key: 'subject:self-assessment',
  title: 'Самооценка профессиональных компетенций',
  description: 'Одна и та же анкета в начале и в конце программы: по разнице видно, как выросли компетенции.',
  audience: 'MENTEE_MONITORING',
  questions: COMPETENCIES.map((c) => scale(c.key, c.text, '1 — испытываю большие затруднения, 10 — уверенно владею')),
};

/** The forms a person opens at /monitoring/programmes/<id>/<form>, and their subject's occasion. */
export const FORMS = {
  mentor: { template: MENTOR_MONITORING, occasion: '' },
  mentee: { template: MENTEE_MONITORING, occasion: '' },
  curator: { template: CURATOR_MONITORING, occasion: '' },
  'self-start': { template: SELF_ASSESSMENT, occasion: 'start' },
  'self-end': { template: SELF_ASSESSMENT, occasion: 'end' },
} as const satisfies Record<string, { template: SubjectTemplate; occasion: string }>;

export type FormKey = keyof typeof FORMS;

export const isFormKey = (key: string): key is FormKey => Object.hasOwn(FORMS, key);
