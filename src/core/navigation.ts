import type { Role } from '../generated/prisma/enums.ts';
import { hasPermission, type Permission } from './auth/permissions.ts';

interface NavItem {
  href: string;
  label: string;
  /** Shown when the role has any of these. */
  permission: Permission | Permission[];
}

/** Main menu, in order; each item appears only for roles that may open it. */
const NAV: NavItem[] = [
  { href: '/', label: 'Дорожная карта', permission: 'dashboard:view' },
  { href: '/city', label: 'Детские сады города', permission: 'city:view' },
  { href: '/staff', label: 'Сотрудники', permission: 'staff:read' },
  { href: '/questionnaires', label: 'Анкеты', permission: ['questionnaires:manage', 'questionnaires:answer'] },
  { href: '/consents', label: 'Согласия', permission: ['consents:read', 'consents:own'] },
  { href: '/bank/mentees', label: 'Банк наставляемых', permission: 'banks:read' },
  { href: '/bank/mentors', label: 'Банк наставников', permission: 'banks:read' },
  { href: '/matching', label: 'Подбор', permission: 'matching:use' },
  { href: '/pairs', label: 'Пары и группы', permission: ['pairs:read', 'pairs:own'] },
  { href: '/programmes', label: 'Программы', permission: ['programmes:read', 'programmes:own'] },
  { href: '/events', label: 'Мероприятия', permission: ['events:read', 'events:own'] },
  { href: '/collection', label: 'Копилка', permission: 'collection:read' },
  { href: '/monitoring', label: 'Мониторинг', permission: 'monitoring:read' },
  { href: '/news', label: 'Новости', permission: 'news:read' },
  { href: '/orders', label: 'Приказы', permission: ['orders:read', 'orders:acknowledge'] },
  { href: '/users', label: 'Пользователи', permission: 'users:manage' },
  { href: '/settings', label: 'Организация', permission: 'organization:manage' },
  { href: '/audit', label: 'Журнал аудита', permission: 'audit:read' },
  { href: '/profile', label: 'Профиль', permission: 'profile:edit' },
];

type NavEntry = NavItem & { current: boolean };

/** The menu depends only on the role and on which items are current: built once per pair, shared (frozen) after. */
const menus = new Map<Role, { allowed: NavItem[]; byCurrent: Map<string, readonly Readonly<NavEntry>[]> }>();

export function navigationFor(role: Role, currentPath: string): readonly Readonly<NavEntry>[] {
  let forRole = menus.get(role);
  if (!forRole) {
    const allowed = NAV.filter((item) => [item.permission].flat().some((p) => hasPermission(role, p)));
    menus.set(role, (forRole = { allowed, byCurrent: new Map() }));
  }
  let key = ''; // the current items' addresses (no arrays built per request)
  for (const item of forRole.allowed) if (isCurrent(item.href, currentPath)) key += `${item.href} `;
  let menu = forRole.byCurrent.get(key);
  if (!menu) {
    menu = Object.freeze(forRole.allowed.map((item) => Object.freeze({ ...item, current: isCurrent(item.href, currentPath) })));
    forRole.byCurrent.set(key, menu);
  }
  return menu;
}

function isCurrent(href: string, currentPath: string): boolean {
  return href === '/' ? currentPath === '/' : currentPath === href || currentPath.startsWith(href + '/');
}
