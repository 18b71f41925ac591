import type { MenteeCategory, MenteeStatus, MentorStatus, MentorTraining, MentoringForm } from '../generated/prisma/enums.ts';
import { genderOfPatronymic, nameParts } from './people.ts';

/** Words of mentoring (domain.md): forms, mentee categories, the statuses of bank entries, mentor training. */

/** The forms of mentoring as domain.md lists them. */
export const MENTORING_FORM_LABELS: Record<MentoringForm, string> = {
  TRADITIONAL: 'традиционная («один на один»)',
  GROUP: 'групповая',
  PEER: '«педагог — педагог»',
  HEAD_TEACHER: '«руководитель — педагог»',
  EXPERIENCED_YOUNG: '«опытный педагог — молодой специалист»',
  REVERSE: 'реверсивная',
  SITUATIONAL: 'ситуационная',
  VIRTUAL: 'виртуальная (дистанционная)',
  FLASH: 'краткосрочная (флеш-наставничество)',
};

export const MENTEE_CATEGORY_LABELS: Record<MenteeCategory, string> = {
  YOUNG_SPECIALIST: 'молодой специалист (стаж до 3 лет)',
  NEW_EMPLOYEE: 'новый сотрудник',
  AFTER_BREAK: 'после длительного перерыва в работе',
  NEW_POSITION: 'смена должности',
  DIFFICULTIES: 'затруднения в работе',
  CERTIFICATION: 'подготовка к аттестации',
};

export const MENTEE_STATUS_LABELS: Record<MenteeStatus, string> = {
  NEW: 'новый запрос',
  IN_BANK: 'в банке',
  PAIRED: 'в паре',
  COMPLETED: 'завершил программу',
  WITHDRAWN: 'выбыл',
};

export const MENTOR_STATUS_LABELS: Record<MentorStatus, string> = {
  CANDIDATE: 'кандидат',
  APPROVED: 'одобрен',
  ACTIVE: 'ведёт наставничество',
  PAUSED: 'приостановлен',
  LEFT: 'выбыл',
};

export const MENTOR_TRAINING_LABELS: Record<MentorTraining, string> = {
  NOT_TRAINED: 'не обучен',
  IN_TRAINING: 'проходит обучение',
  TRAINED: 'прошёл установочные сессии',
};

/** «наставляемого» / «наставляемую» — the participle agrees with the person's gender (accusative). */
export function menteeWordAccusative(fullName: string): string {
  return genderOfPatronymic(nameParts(fullName).middleName) === 'female' ? 'наставляемую' : 'наставляемого';
}

/** «наставляемого» / «наставляемой» (genitive). */
export function menteeWordGenitive(fullName: string): string {
  return genderOfPatronymic(nameParts(fullName).middleName) === 'female' ? 'наставляемой' : 'наставляемого';
}
