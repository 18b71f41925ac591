import type { QuestionnaireAudience } from '../../generated/prisma/enums.ts';
import { MENTEE_CATEGORY_LABELS, MENTORING_FORM_LABELS } from '../../domain/mentoring.ts';
import type { Question, QuestionOption, TemplateKey } from './questionnaires.schemas.ts';

/**
 * The two shipped questionnaires, after the Ministry of Education's methodological recommendations on
 * the mentoring system for pedagogical workers (letter АЗ-1128/08 of 21.12.2021): the candidate
 * mentor's form (stage 3, the mentor bank) and the teacher's professional-request form (stage 2,
 * the mentee bank). The banks module reads the LOCKED keys below by value — their kind and options
 * cannot be changed in the builder, and they cannot be deleted.
 */

export interface TemplateTopic {
  id: number;
  name: string;
}

export interface QuestionnaireTemplate {
  key: TemplateKey;
  title: string;
  description: string;
  audience: QuestionnaireAudience;
  /** Built when the template is instantiated: topic options are the organization's topics at that moment. */
  questions(topics: TemplateTopic[]): Question[];
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const fromLabels = (labels: Record<string, string>): QuestionOption[] => Object.entries(labels).map(([value, label]) => ({ value, label: capitalize(label) }));
const topicOptions = (topics: TemplateTopic[]): QuestionOption[] => topics.map((t) => ({ value: String(t.id), label: t.name }));
const opts = (...pairs: [string, string][]): QuestionOption[] => pairs.map(([value, label]) => ({ value, label }));

/** Keys the banks module reads: kind, options and «required» are fixed, the question cannot be removed. */
export const LOCKED_KEYS: Record<TemplateKey, readonly string[]> = {
  'mentee-request': ['category', 'topics', 'request', 'form'],
  'mentor-candidate': ['competencies', 'motivation', 'availability', 'maxMentees', 'forms'],
};

export function isLocked(templateKey: string | null | undefined, key: string): boolean {
  return !!templateKey && (LOCKED_KEYS as Record<string, readonly string[]>)[templateKey]?.includes(key) === true;
}

export const TEMPLATES: Record<TemplateKey, QuestionnaireTemplate> = {
  'mentee-request': {
    key: 'mentee-request',
    title: 'Анкета профессиональных запросов педагога (наставляемого)',
    description:
      'Анкета помогает выявить профессиональные затруднения и запросы педагогов, подобрать наставника и составить ' +
      'персонализированную программу наставничества (методические рекомендации Минпросвещения России по внедрению ' +
      'системы наставничества педагогических работников, 2021). Ответы видят только куратор наставничества и заведующий. ' +
      'Заполнение займёт 10–15 минут.',
    audience: 'MENTEE_REQUESTS',
    questions: (topics) => [
      {
        key: 'category',
        kind: 'SINGLE',
        text: 'К какой категории педагогов вы себя относите?',
        hint: 'Выберите то, что точнее всего описывает вашу ситуацию сейчас.',
        required: true,
        options: fromLabels(MENTEE_CATEGORY_LABELS),
      },
      {
        key: 'experience',
        kind: 'SINGLE',
        text: 'Ваш общий педагогический стаж',
        required: true,
        options: opts(['less_1', 'менее 1 года'], ['y1_3', 'от 1 до 3 лет'], ['y3_5', 'от 3 до 5 лет'], ['y5_10', 'от 5 до 10 лет'], ['y10_plus', 'более 10 лет']),
      },
      {
        key: 'topics',
        kind: 'MULTIPLE',
        text: 'По каким темам вам нужна поддержка наставника?',
        hint: 'Отметьте все подходящие темы. Они связаны с ФГОС ДО, ФОП ДО и профессиональным стандартом «Педагог».',
        required: true,
        options: topicOptions(topics),
      },
      {
        key: 'difficulty_level',
        kind: 'SCALE',
        text: 'Насколько часто вы испытываете затруднения в профессиональной деятельности?',
        hint: '1 — почти никогда, 10 — практически постоянно.',
        required: true,
      },
      {
        key: 'difficult_situations',
        kind: 'LONG_TEXT',
        text: 'В каких ситуациях вы чувствуете себя неуверенно?',
        hint: 'Например: беседа с родителями, организация режимных моментов, ведение документации, работа с ребёнком с ОВЗ.',
        required: false,
      },
      {
        key: 'request',
        kind: 'LONG_TEXT',
        text: 'Опишите, в чём вам нужна помощь наставника',
        hint: 'Сформулируйте свой профессиональный запрос: чему хотите научиться и что будет для вас признаком успеха.',
        required: true,
      },
      {
        key: 'form',
        kind: 'SINGLE',
        text: 'Какая форма наставничества вам ближе?',
        hint: 'Если не уверены, пропустите вопрос: куратор предложит форму вместе с наставником.',
        required: false,
        options: fromLabels(MENTORING_FORM_LABELS),
      },
      {
        key: 'support_formats',
        kind: 'MULTIPLE',
        text: 'Какие формы совместной работы с наставником вам удобны?',
        required: true,
        options: opts(
          ['open_classes', 'Посещение занятий и режимных моментов наставника'],
          ['observation', 'Наставник посещает мои занятия и даёт обратную связь'],
          ['consultations', 'Индивидуальные консультации'],
          ['joint_planning', 'Совместное планирование и подготовка мероприятий'],
          ['documents', 'Помощь с педагогической документацией'],
          ['online', 'Общение онлайн (мессенджер, видеосвязь)'],
        ),
      },
      {
        key: 'mentor_qualities',
        kind: 'MULTIPLE',
        text: 'Какие качества наставника для вас важнее всего?',
        hint: 'Отметьте самые важные для вас.',
        required: false,
        options: opts(
          ['experience', 'Большой педагогический опыт'],
          ['tact', 'Тактичность и доброжелательность'],
          ['reachable', 'Готовность быть на связи'],
          ['methodology', 'Методическая грамотность'],
          ['example', 'Личный пример в работе с детьми'],
          ['feedback', 'Умение давать конструктивную обратную связь'],
        ),
      },
      {
        key: 'preferred_time',
        kind: 'SINGLE',
        text: 'Когда вам удобнее встречаться с наставником?',
        required: true,
        options: opts(
          ['before_work', 'До начала рабочего дня'],
          ['nap_time', 'Во время дневного сна детей'],
          ['after_work', 'После окончания рабочего дня'],
          ['methodical_day', 'В методический день'],
          ['any', 'В любое согласованное время'],
        ),
      },
      {
        key: 'frequency',
        kind: 'SINGLE',
        text: 'Как часто вы хотели бы встречаться с наставником?',
        required: true,
        options: opts(['weekly', 'Раз в неделю'], ['biweekly', 'Раз в две недели'], ['monthly', 'Раз в месяц'], ['on_demand', 'По мере необходимости']),
      },
      {
        key: 'had_mentor',
        kind: 'YES_NO',
        text: 'Был ли у вас наставник раньше?',
        required: false,
      },
      {
        key: 'readiness',
        kind: 'YES_NO',
        text: 'Готовы ли вы работать с наставником по персонализированной программе в течение учебного года?',
        required: true,
      },
      {
        key: 'expected_result',
        kind: 'LONG_TEXT',
        text: 'Какого результата наставничества вы ждёте через год?',
        hint: 'Например: уверенно провожу родительские собрания; готова к аттестации на первую квалификационную категорию.',
        required: false,
      },
    ],
  },
  'mentor-candidate': {
    key: 'mentor-candidate',
    title: 'Анкета потенциального наставника',
    description:
      'Анкета для педагогов, готовых поделиться опытом с коллегами. По ответам формируется банк наставников и ' +
      'подбираются пары «наставник — наставляемый» (методические рекомендации Минпросвещения России по внедрению ' +
      'системы наставничества педагогических работников, 2021; статья 351.8 Трудового кодекса РФ). Наставником ' +
      'становятся только с письменного согласия. Заполнение займёт 10–15 минут.',
    audience: 'MENTOR_CANDIDATES',
    questions: (topics) => [
      {
        key: 'competencies',
        kind: 'MULTIPLE',
        text: 'В каких вопросах вы можете помочь коллегам?',
        hint: 'Отметьте темы, в которых у вас есть устойчивый опыт и результаты.',
        required: true,
        options: topicOptions(topics),
      },
      {
        key: 'achievements',
        kind: 'LONG_TEXT',
        text: 'Ваши профессиональные достижения и сильные стороны',
        hint: 'Конкурсы профессионального мастерства, методические разработки, публикации, открытые мероприятия, авторские практики.',
        required: false,
      },
      {
        key: 'has_mentoring_experience',
        kind: 'YES_NO',
        text: 'Есть ли у вас опыт наставничества?',
        required: true,
      },
      {
        key: 'mentoring_experience',
        kind: 'LONG_TEXT',
        text: 'Если опыт есть, расскажите о нём',
        hint: 'С кем работали, как долго, какого результата достигли.',
        required: false,
      },
      {
        key: 'motivation',
        kind: 'LONG_TEXT',
        text: 'Почему вы хотите стать наставником?',
        hint: 'Что для вас значит наставничество и чего вы ждёте от этой работы.',
        required: true,
      },
      {
        key: 'forms',
        kind: 'MULTIPLE',
        text: 'Какие формы наставничества вы готовы вести?',
        required: true,
        options: fromLabels(MENTORING_FORM_LABELS),
      },
      {
        key: 'mentee_categories',
        kind: 'MULTIPLE',
        text: 'С какими категориями педагогов вы готовы работать?',
        required: false,
        options: fromLabels(MENTEE_CATEGORY_LABELS),
      },
      {
        key: 'availability',
        kind: 'SINGLE',
        text: 'Сколько времени вы готовы уделять наставничеству?',
        required: true,
        options: opts(
          ['h1_2', '1–2 часа в неделю'],
          ['h3_4', '3–4 часа в неделю'],
          ['h5_plus', '5 часов в неделю и более'],
          ['monthly', 'Несколько часов в месяц по договорённости'],
        ),
      },
      {
        key: 'maxMentees',
        kind: 'SINGLE',
        text: 'Со сколькими наставляемыми вы готовы работать одновременно?',
        hint: 'Положение о наставничестве организации может ограничивать это число.',
        required: true,
        options: opts(['1', '1'], ['2', '2'], ['3', '3'], ['4', '4'], ['5', '5']),
      },
      {
        key: 'readiness',
        kind: 'SCALE',
        text: 'Оцените свою готовность к наставнической деятельности',
        hint: '1 — пока не готов(а), 10 — полностью готов(а).',
        required: true,
      },
      {
        key: 'set_up_sessions',
        kind: 'YES_NO',
        text: 'Готовы ли вы участвовать в установочных сессиях и обучении наставников?',
        required: true,
      },
      {
        key: 'reverse_mentoring',
        kind: 'YES_NO',
        text: 'Готовы ли вы сами учиться у молодых коллег (реверсивное наставничество), например цифровым инструментам?',
        required: false,
      },
      {
        key: 'support_needed',
        kind: 'MULTIPLE',
        text: 'Какая поддержка нужна вам как наставнику?',
        required: false,
        options: opts(
          ['materials', 'Методические материалы'],
          ['training', 'Обучение: курсы, семинары'],
          ['time', 'Время на наставничество в рабочем графике'],
          ['exchange', 'Обмен опытом с другими наставниками'],
          ['incentives', 'Моральное и материальное стимулирование'],
        ),
      },
      {
        key: 'comments',
        kind: 'LONG_TEXT',
        text: 'Что ещё вы хотели бы сообщить куратору наставничества?',
        required: false,
      },
    ],
  },
};
