/**
 * The words of programmes (CONTEXT.md): statuses, the standard sections of a plan, the usual forms of work,
 * who is responsible. Sections and forms are free text in the database: these lists are what the forms
 * offer and the order in which sections are printed; a pair may add its own.
 */
import type { PairRole, PlanItemStatus, PlanResponsible, ProgrammeApproval, ProgrammeStatus } from '../../generated/prisma/enums.ts';

export const PROGRAMME_STATUS_LABELS: Record<ProgrammeStatus, string> = {
  DRAFT: 'черновик',
  SUBMITTED: 'на утверждении',
  APPROVED: 'утверждена',
  IN_PROGRESS: 'выполняется',
  COMPLETED: 'завершена',
  CLOSED_EARLY: 'закрыта досрочно',
};

export const PROGRAMME_STATUSES = Object.keys(PROGRAMME_STATUS_LABELS) as ProgrammeStatus[];

export const ITEM_STATUS_LABELS: Record<PlanItemStatus, string> = {
  PLANNED: 'запланировано',
  IN_PROGRESS: 'выполняется',
  DONE: 'выполнено',
  MOVED: 'перенесено',
  CANCELLED: 'отменено',
};

export const ITEM_STATUSES = Object.keys(ITEM_STATUS_LABELS) as PlanItemStatus[];

export const RESPONSIBLE_LABELS: Record<PlanResponsible, string> = {
  MENTOR: 'наставник',
  MENTEE: 'наставляемый',
  BOTH: 'наставник и наставляемый',
};

export const ROLE_LABELS: Record<PairRole, string> = { MENTOR: 'наставник', MENTEE: 'наставляемый' };

export const APPROVAL_LABELS: Record<ProgrammeApproval, string> = {
  METHODIST: 'методист (куратор наставничества) в портале',
  ORDER: 'заведующий приказом «Об утверждении персонализированных программ наставничества»',
};

/** The sections of a plan in the order a printed programme has them. */
export const STANDARD_SECTIONS = [
  'Адаптация',
  'Планирование образовательной деятельности',
  'Работа с родителями',
  'Развивающая предметно-пространственная среда (РППС)',
  'Самообразование',
  'Аттестация',
] as const;

/** The usual forms of work with a mentee (offered in the item form; any other may be typed). */
export const STANDARD_FORMS = [
  'Консультация',
  'Беседа',
  'Открытый показ',
  'Взаимопосещение',
  'Совместная разработка',
  'Самоанализ',
  'Практикум',
  'Мастер-класс',
  'Изучение документов',
  'Наблюдение',
  'Анализ',
  'Семинар',
  'Выступление',
  'Конкурс',
] as const;

/** Marks of a plan item: 1–5, as at school. */
export const MARK_LABELS: Record<number, string> = {
  5: '5 — отлично',
  4: '4 — хорошо',
  3: '3 — удовлетворительно',
  2: '2 — плохо',
  1: '1 — не получилось',
};

/** School-year months for template items, September first. */
export const SCHOOL_MONTHS: [number, string][] = [
  [9, 'сентябрь'],
  [10, 'октябрь'],
  [11, 'ноябрь'],
  [12, 'декабрь'],
  [1, 'январь'],
  [2, 'февраль'],
  [3, 'март'],
  [4, 'апрель'],
  [5, 'май'],
  [6, 'июнь'],
  [7, 'июль'],
  [8, 'август'],
];

export const MONTH_LABELS: Record<number, string> = Object.fromEntries(SCHOOL_MONTHS);
