import type { OrderKind, OrderStatus } from '../../generated/prisma/enums.ts';

/** What each kind of order is called in lists and on the «new order» page. */
export const ORDER_KIND_LABELS: Record<OrderKind, string> = {
  REGULATION: 'Об утверждении Положения о системе наставничества',
  ASSIGN_PAIRS: 'О закреплении наставнических пар (групп)',
  AMEND: 'О внесении изменений в приказ',
  TERMINATE: 'О досрочном прекращении наставничества',
  APPROVE_PROGRAMMES: 'Об утверждении персонализированных программ наставничества',
};

export const ORDER_KIND_HINTS: Record<OrderKind, string> = {
  REGULATION: 'Утверждает Положение (приложение 1) и дорожную карту (приложение 2). Этап 1 дорожной карты.',
  ASSIGN_PAIRS: 'Закрепляет предложенные пары и группы: после утверждения они начинают работу, наставляемые и наставники переходят в статусы «в паре» и «ведёт наставничество».',
  AMEND: 'Изменяет утверждённый приказ: сам утверждённый приказ не правится никогда.',
  TERMINATE: 'Досрочно прекращает работу действующих пар (групп) с указанием причины; наставляемые возвращаются в банк.',
  APPROVE_PROGRAMMES: 'Утверждает персонализированные программы, направленные парами на утверждение (если по Положению организации программы утверждаются приказом).',
};

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  DRAFT: 'проект',
  SUBMITTED: 'на согласовании',
  APPROVED: 'утверждён',
  RETURNED: 'возвращён на доработку',
};

export const ORDER_KINDS = Object.keys(ORDER_KIND_LABELS) as OrderKind[];
export const ORDER_STATUSES = Object.keys(ORDER_STATUS_LABELS) as OrderStatus[];

/** Kinds whose order names pairs (groups) and changes them at approval. */
export const PAIR_KINDS: OrderKind[] = ['ASSIGN_PAIRS', 'TERMINATE', 'APPROVE_PROGRAMMES'];

/** Only these may still be edited: an approved order is frozen, a submitted one is with the head. */
export const EDITABLE_ORDER_STATUSES: OrderStatus[] = ['DRAFT', 'RETURNED'];
