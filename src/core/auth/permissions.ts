import type { Role } from '../../generated/prisma/enums.ts';

/**
 * Who may do what — the one place role checks live. Routes ask `requirePermission('users:manage')`,
 * views ask `can('users:manage')`. Participation rules (a teacher's own pairs) live in the services.
 */
export const PERMISSIONS = {
  'dashboard:view': ['ADMIN', 'HEAD', 'METHODIST', 'TEACHER'],
  'profile:edit': ['ADMIN', 'HEAD', 'METHODIST', 'TEACHER'],
  'users:manage': ['ADMIN'],
  'organization:manage': ['ADMIN'],
  'audit:read': ['ADMIN', 'HEAD'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: 'Администратор',
  HEAD: 'Заведующий',
  METHODIST: 'Методист (куратор наставничества)',
  TEACHER: 'Педагог',
};
