import type { Role } from '../generated/prisma/enums.ts';
import { hasPermission, type Permission } from './auth/permissions.ts';

interface NavItem {
  href: string;
  label: string;
  permission: Permission;
}

/** Main menu, in order; each item appears only for roles that may open it. */
const NAV: NavItem[] = [
  { href: '/', label: 'Дорожная карта', permission: 'dashboard:view' },
  { href: '/users', label: 'Пользователи', permission: 'users:manage' },
  { href: '/settings', label: 'Организация', permission: 'organization:manage' },
  { href: '/audit', label: 'Журнал аудита', permission: 'audit:read' },
  { href: '/profile', label: 'Профиль', permission: 'profile:edit' },
];

export function navigationFor(role: Role, currentPath: string) {
  return NAV.filter((item) => hasPermission(role, item.permission)).map((item) => ({
    ...item,
    current: item.href === '/' ? currentPath === '/' : currentPath === item.href || currentPath.startsWith(item.href + '/'),
  }));
}
