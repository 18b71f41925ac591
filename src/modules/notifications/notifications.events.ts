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
}
