import type { Prisma } from '../../core/database/client.ts';
import { pageOf } from '../../core/pagination.ts';
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
  'user.read': 'Просмотр карточки пользователя',
  'user.update': 'Изменение пользователя',
  'user.activate': 'Включение учётной записи',
  'user.deactivate': 'Отключение учётной записи',
  'user.reset_password': 'Сброс пароля',
  'user.change_password': 'Смена пароля',
  'user.update_profile': 'Изменение профиля',
};

export async function listAudit(prisma: Prisma, organizationId: number, filter: AuditFilter) {
  const where: P.AuditLogWhereInput = { organizationId };
  if (filter.action) where.action = { startsWith: filter.action };
  const total = await prisma.auditLog.count({ where });
  const page = pageOf(total, filter.page, 50);
  const entries = await prisma.auditLog.findMany({
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
