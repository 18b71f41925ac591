/**
 * What other modules' events mean to people: each subscriber names the recipients and words the notification.
 * They run inside the publisher's transaction (src/core/events.ts): a change that rolls back notifies nobody.
 */
import type { Events, Scope } from '../../core/scope.ts';
import type { DomainEvents } from '../../domain/events.ts';
import { expectedRespondentsWhere } from '../questionnaires/index.ts';
import { notifyUsers, usersOfStaff, usersWithRole, type NotifyOptions } from './notifications.service.ts';

export async function onQuestionnairePublished(scope: Scope, options: NotifyOptions, event: DomainEvents['questionnaire.published']) {
  // The questionnaires module's own rule of who is expected to answer (its face).
  const staff = await scope.db.staffMember.findMany({ where: expectedRespondentsWhere(), select: { id: true } });
  const recipients = (await usersOfStaff(scope, staff.map((s) => s.id))).filter((id) => id !== scope.user?.id);
  await notifyUsers(scope, options, recipients, {
    kind: 'QUESTIONNAIRE_OPENED',
    title: `Открыта анкета «${event.title}»`,
    text: 'Ответьте на вопросы — это займёт несколько минут, можно с телефона.',
    link: `/questionnaires/${event.questionnaireId}/respond`,
    // Re-opening a closed questionnaire does not notify again.
    dedupeKey: `questionnaire:${event.questionnaireId}`,
  });
}

export async function onOrderSubmitted(scope: Scope, options: NotifyOptions, event: DomainEvents['order.submitted']) {
  await notifyUsers(scope, options, await usersWithRole(scope, 'HEAD'), {
    kind: 'ORDER_TO_APPROVE',
    title: `Приказ ждёт согласования: «${event.title}»`,
    text: 'Утвердите приказ или верните его на доработку с комментарием.',
    link: `/orders/${event.orderId}`,
  });
}

export async function onOrderReturned(scope: Scope, options: NotifyOptions, event: DomainEvents['order.returned']) {
  if (!event.authorId) return;
  await notifyUsers(scope, options, [event.authorId], {
    kind: 'ORDER_RETURNED',
    title: `Приказ возвращён на доработку: «${event.title}»`,
    text: 'Комментарий заведующего — на странице приказа.',
    link: `/orders/${event.orderId}`,
  });
}

export async function onOrderApproved(scope: Scope, options: NotifyOptions, event: DomainEvents['order.approved']) {
  const recipients = (await usersOfStaff(scope, event.participantStaffIds)).filter((id) => id !== scope.user?.id);
  await notifyUsers(scope, options, recipients, {
    kind: 'ORDER_TO_ACKNOWLEDGE',
    title: `Ознакомьтесь: ${event.label}`,
    text: 'Откройте приказ и отметьте «Ознакомлен(а)».',
    link: `/orders/${event.orderId}`,
    dedupeKey: `order-acknowledge:${event.orderId}`,
  });
}

export async function onPairActivated(scope: Scope, options: NotifyOptions, event: DomainEvents['pair.activated']) {
  await notifyUsers(scope, options, await usersOfStaff(scope, event.memberStaffIds), {
    kind: 'PAIR_FORMED',
    title: 'Сформирована наставническая пара с вашим участием',
    text: `Основание: ${event.orderLabel}.`,
    link: `/pairs/${event.pairId}`,
    dedupeKey: `pair:${event.pairId}`,
  });
}

export function subscribe(events: Events, options: NotifyOptions): void {
  events.on('questionnaire.published', (scope, event) => onQuestionnairePublished(scope, options, event));
  events.on('order.submitted', (scope, event) => onOrderSubmitted(scope, options, event));
  events.on('order.returned', (scope, event) => onOrderReturned(scope, options, event));
  events.on('order.approved', (scope, event) => onOrderApproved(scope, options, event));
  events.on('pair.activated', (scope, event) => onPairActivated(scope, options, event));
  const members = (e: { mentorStaffIds: number[]; menteeStaffIds: number[] }) => [...e.mentorStaffIds, ...e.menteeStaffIds];
  events.on('programme.approved', (scope, e) => onProgrammeApproved(scope, options, { programmeId: e.programmeId, memberStaffIds: members(e) }));
  events.on('programme.returned', (scope, e) => onProgrammeReturned(scope, options, { programmeId: e.programmeId, memberStaffIds: members(e) }));
  // The recipients exclude the author already (the programmes module says who the pair's other members are).
  events.on('programme.item-commented', (scope, e) =>
    onProgrammeCommented(scope, options, { programmeId: e.programmeId, itemId: e.itemId, authorUserId: null, memberStaffIds: e.recipientStaffIds }),
  );
  events.on('event.invited', (scope, e) => onEventNews(scope, options, 'EVENT_INVITATION', e));
  events.on('event.changed', (scope, e) => onEventNews(scope, options, 'EVENT_CHANGED', e));
  events.on('event.cancelled', (scope, e) => onEventNews(scope, options, 'EVENT_CANCELLED', e));
}

// ---- the events module (stages 4 and 6): invitations, changes, cancellations ------------------------------

const EVENT_WORDING = {
  EVENT_INVITATION: { title: (t: string) => `Приглашение: «${t}»`, text: 'Откройте мероприятие и ответьте «приду» или «не смогу».' },
  EVENT_CHANGED: { title: (t: string) => `Мероприятие изменилось: «${t}»`, text: 'Проверьте дату, время и место проведения.' },
  EVENT_CANCELLED: { title: (t: string) => `Мероприятие отменено: «${t}»`, text: 'Мероприятие не состоится.' },
} as const;

export async function onEventNews(scope: Scope, options: NotifyOptions, kind: keyof typeof EVENT_WORDING, event: DomainEvents['event.invited']) {
  const recipients = (await usersOfStaff(scope, event.staffMemberIds)).filter((id) => id !== scope.user?.id);
  const wording = EVENT_WORDING[kind];
  await notifyUsers(scope, options, recipients, { kind, title: wording.title(event.title), text: wording.text, link: `/events/${event.eventId}` });
}

// ---- the programmes module's events (wired in subscribe above): the recipients are the pair's members -------

export interface ProgrammeCommented {
  programmeId: number;
  /** The plan item commented on, if the comment is on an item. */
  itemId?: number | null;
  /** Who wrote it: not told of their own comment. */
  authorUserId: number | null;
  memberStaffIds: number[];
}
export interface ProgrammeDecided {
  programmeId: number;
  memberStaffIds: number[];
  /** The methodist's comment when returned. */
  comment?: string;
}

export async function onProgrammeCommented(scope: Scope, options: NotifyOptions, event: ProgrammeCommented) {
  const recipients = (await usersOfStaff(scope, event.memberStaffIds)).filter((id) => id !== event.authorUserId);
  await notifyUsers(scope, options, recipients, {
    kind: 'PROGRAMME_COMMENT',
    title: 'Новый комментарий в вашей программе наставничества',
    text: 'Ответьте в программе, если нужно.',
    link: `/programmes/${event.programmeId}${event.itemId ? `#item-${event.itemId}` : ''}`,
  });
}

export async function onProgrammeApproved(scope: Scope, options: NotifyOptions, event: ProgrammeDecided) {
  await notifyUsers(scope, options, await usersOfStaff(scope, event.memberStaffIds), {
    kind: 'PROGRAMME_APPROVED',
    title: 'Программа наставничества утверждена',
    text: 'Работайте по плану: отмечайте выполненные пункты и прикладывайте материалы.',
    link: `/programmes/${event.programmeId}`,
  });
}

export async function onProgrammeReturned(scope: Scope, options: NotifyOptions, event: ProgrammeDecided) {
  await notifyUsers(scope, options, await usersOfStaff(scope, event.memberStaffIds), {
    kind: 'PROGRAMME_RETURNED',
    title: 'Программа наставничества возвращена на доработку',
    text: event.comment ? `Комментарий методиста: ${event.comment}` : 'Комментарий методиста — на странице программы.',
    link: `/programmes/${event.programmeId}`,
  });
}
