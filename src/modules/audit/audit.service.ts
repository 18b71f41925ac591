import { pageOf } from '../../core/pagination.ts';
import type { Scope } from '../../core/scope.ts';
import type { Prisma as P } from '../../generated/prisma/client.ts';

export interface AuditFilter {
  action?: string;
  page: number;
}

/** Human words for audit actions; unknown actions are shown as their code. */
export const AUDIT_ACTIONS: Record<string, string> = {
  'auth.login': 'Вход в портал',
  'auth.logout': 'Выход из портала',
  'setup.complete': 'Первоначальная настройка',
  'organization.update': 'Изменение настроек организации',
  'user.create': 'Создание пользователя',
  // city (src/modules/city)
  // Rows written until 2.12.2026: the list of kindergartens is no longer audited (city/CONTEXT.md, «Audited where one kindergarten is opened»).
  'city.overview': 'Просмотр страницы «Детские сады города»',
  'city.organization_read': 'Просмотр сводки детского сада специалистом управления образования',
  'user.read': 'Просмотр карточки пользователя',
  'user.update': 'Изменение пользователя',
  'user.activate': 'Включение учётной записи',
  'user.deactivate': 'Отключение учётной записи',
  'user.reset_password': 'Сброс пароля',
  'user.change_password': 'Смена пароля',
  'user.update_profile': 'Изменение профиля',
  'user.link_staff': 'Учётная запись связана с карточкой сотрудника',
  'user.unlink_staff': 'Учётная запись отвязана от карточки сотрудника',
  // staff
  'staff.read': 'Просмотр карточки сотрудника',
  'staff.create': 'Добавление сотрудника',
  'staff.update': 'Изменение данных сотрудника',
  'staff.archive': 'Перевод сотрудника в архив',
  'staff.restore': 'Возврат сотрудника из архива',
  'staff.import': 'Импорт сотрудников',
  'staff.export': 'Выгрузка списка сотрудников',
  'staff.account': 'Создание учётной записи сотрудника',
  // questionnaires
  'questionnaire.create': 'Создание анкеты',
  'questionnaire.update': 'Изменение анкеты',
  'questionnaire.publish': 'Публикация анкеты',
  'questionnaire.close': 'Закрытие анкеты',
  'questionnaire.response_read': 'Просмотр ответов педагога',
  'questionnaire.submit': 'Отправка анкеты',
  // consents
  'consent.give': 'Оформление согласия',
  'consent.read': 'Просмотр согласия',
  'consent.scan_download': 'Скачивание скана согласия',
  'consent.revoke': 'Отзыв согласия',
  'consent.template_update': 'Новая редакция текста согласия',
  'consent.export': 'Выгрузка реестра согласий',
  'consent.form_download': 'Печать бланка согласия',
  // banks
  'bank.mentee_read': 'Просмотр карточки наставляемого',
  'bank.mentee_add': 'Включение в банк наставляемых',
  'bank.mentee_update': 'Изменение записи банка наставляемых',
  'bank.mentee_status': 'Смена статуса наставляемого',
  'bank.mentee_withdraw': 'Исключение из банка наставляемых',
  'bank.mentor_read': 'Просмотр карточки наставника',
  'bank.mentor_add': 'Включение в банк наставников',
  'bank.mentor_update': 'Изменение записи банка наставников',
  'bank.mentor_status': 'Смена статуса наставника',
  'bank.mentor_approve': 'Одобрение кандидата в наставники',
  'bank.mentor_leave': 'Исключение из банка наставников',
  'topic.update': 'Изменение списка тем запросов',
  // matching, pairs
  'matching.view': 'Подбор наставников',
  'matching.virtual_view': 'Показ наставников других организаций (виртуальное наставничество)',
  'matching.weights_update': 'Изменение весов подбора наставников',
  'pair.create': 'Создание пары (группы)',
  'pair.update': 'Изменение пары (группы)',
  'pair.read': 'Просмотр пары (группы)',
  'pair.status': 'Смена статуса пары (группы)',
  'pair.attention': 'Отметка «требует внимания»',
  'pair.attention_clear': 'Снятие отметки «требует внимания»',
  'pair.agreement': 'Формирование дополнительного соглашения',
  'pair.support': 'Запись о поддержке наставляемого',
  'payroll.export': 'Выгрузка доплат бухгалтерии',
  // orders
  'order.create': 'Создание проекта приказа',
  'order.update': 'Изменение проекта приказа',
  'order.submit': 'Приказ направлен на согласование',
  'order.approve': 'Приказ утверждён',
  'order.return': 'Приказ возвращён на доработку',
  'order.read': 'Просмотр приказа',
  'order.download': 'Скачивание приказа',
  'order.acknowledge': 'Ознакомление с приказом',
  'order.freeze': 'Текст утверждённого приказа зафиксирован при обновлении портала',
  // programmes
  'programme.create': 'Составление программы наставничества',
  'programme.read': 'Просмотр программы наставничества',
  'programme.update': 'Изменение программы наставничества',
  'programme.submit': 'Программа направлена на утверждение',
  'programme.approve': 'Программа утверждена',
  'programme.return': 'Программа возвращена на доработку',
  'programme.status': 'Смена статуса программы',
  'programme.item_add': 'Мероприятие добавлено в программу',
  'programme.item_update': 'Изменение мероприятия программы',
  'programme.item_delete': 'Мероприятие удалено из программы',
  'programme.item_status': 'Отметка о выполнении мероприятия',
  'programme.item_mark': 'Оценка мероприятия',
  'programme.item_comment': 'Комментарий к мероприятию',
  'programme.evidence_add': 'Загрузка подтверждения (файла)',
  'programme.evidence_remove': 'Удаление подтверждения (файла)',
  'programme.evidence_download': 'Скачивание подтверждения (файла)',
  'programme.assessment': 'Итоговая самооценка или отзыв',
  'programme.download': 'Скачивание программы наставничества',
  'programme.template_create': 'Создание шаблона программы',
  'programme.template_update': 'Изменение шаблона программы',
};

export async function listAudit(scope: Scope, filter: AuditFilter) {
  const where: P.AuditLogWhereInput = {};
  if (filter.action) where.action = { startsWith: filter.action };
  const total = await scope.db.auditLog.count({ where });
  const page = pageOf(total, filter.page, 50);
  const entries = await scope.db.auditLog.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: page.skip,
    take: page.perPage,
    select: {
      id: true,
      action: true,
      entityType: true,
      entityId: true,
      ip: true,
      createdAt: true,
      details: true,
      user: { select: { fullName: true, login: true } },
    },
  });
  return { entries, page };
}
