import type { Role } from '../../generated/prisma/enums.ts';

/**
 * Who may do what — the one place role checks live. Routes ask `requirePermission('users:manage')`,
 * views ask `can('users:manage')`. Participation rules (a teacher's own pairs) live in the services.
 */
export const PERMISSIONS = {
  'dashboard:view': ['ADMIN', 'HEAD', 'METHODIST', 'TEACHER'],
  'profile:edit': ['ADMIN', 'HEAD', 'METHODIST', 'TEACHER', 'CITY'],
  'users:manage': ['ADMIN'],
  'organization:manage': ['ADMIN'],
  'audit:read': ['ADMIN', 'HEAD'],
  // Stage 2–3: staff directory, questionnaires, consents, banks.
  'staff:read': ['ADMIN', 'HEAD', 'METHODIST'],
  'staff:manage': ['ADMIN', 'METHODIST'],
  'questionnaires:manage': ['METHODIST'],
  'questionnaires:results': ['HEAD', 'METHODIST'],
  /** Any teacher with a staff record answers the questionnaires open to them. */
  'questionnaires:answer': ['HEAD', 'METHODIST', 'TEACHER'],
  'consents:manage': ['METHODIST'],
  'consents:read': ['HEAD', 'METHODIST'],
  /** One's own consents: see, give electronically, revoke. */
  'consents:own': ['HEAD', 'METHODIST', 'TEACHER'],
  'banks:read': ['HEAD', 'METHODIST'],
  'banks:manage': ['METHODIST'],
  // Stages 4–5 and 1: matching, pairs and groups, orders.
  'matching:use': ['METHODIST'],
  'pairs:read': ['HEAD', 'METHODIST'],
  'pairs:manage': ['METHODIST'],
  /** A teacher sees the pairs and groups they are in. */
  'pairs:own': ['HEAD', 'METHODIST', 'TEACHER'],
  'payroll:export': ['HEAD', 'METHODIST'],
  'orders:read': ['HEAD', 'METHODIST'],
  'orders:draft': ['METHODIST'],
  'orders:approve': ['HEAD'],
  /** Named participants read their orders and mark «ознакомлен(а)». */
  'orders:acknowledge': ['HEAD', 'METHODIST', 'TEACHER'],
  // Stage 5: personalised programmes. Members of a pair work on its programme (a participation rule, in the service).
  'programmes:read': ['HEAD', 'METHODIST'],
  /** A teacher opens the programmes of the pairs and groups they are in. */
  'programmes:own': ['HEAD', 'METHODIST', 'TEACHER'],
  /** Approve or return programmes, decide how they are approved. */
  'programmes:approve': ['METHODIST'],
  'programmes:templates': ['METHODIST'],
  // Stage 6: the methodological collection (every teacher reads it; the methodist fills it and marks best practices).
  'collection:read': ['HEAD', 'METHODIST', 'TEACHER'],
  'collection:manage': ['METHODIST'],
  /** Stage 6's monitoring: the indicators of a school year, the lists behind them (src/modules/monitoring). */
  'monitoring:read': ['HEAD', 'METHODIST'],
  /** The methodist (curator) adds her own statements and notes to the SWOT analysis. */
  'monitoring:manage': ['METHODIST'],
  // Stage 7: news of the stages for the public page /p/<slug>.
  'news:read': ['HEAD', 'METHODIST'],
  'news:manage': ['METHODIST'],
  // The roadmap's plan of measures per school year: the methodist edits it, everyone reads it (and prints it).
  'roadmap:read': ['ADMIN', 'HEAD', 'METHODIST', 'TEACHER'],
  'roadmap:manage': ['METHODIST'],
  // Stages 4 and 6: training and events. Everyone sees the events they are invited to (a participation rule).
  'events:read': ['HEAD', 'METHODIST'],
  'events:manage': ['METHODIST'],
  /** The calendar of one's own invitations, the reply «приду» / «не смогу», the personal calendar feed. */
  'events:own': ['HEAD', 'METHODIST', 'TEACHER'],
  // The city (src/modules/city): the education authority's specialist reads every kindergarten's stages and
  // counts, read-only; nothing else of the portal is open to the role.
  'city:view': ['CITY'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

const checksByRole = new Map<Role, (permission: Permission) => boolean>();

/** A role's `can(permission)`: one function per role, shared by every request's scope and views. */
export function permissionCheck(role: Role): (permission: Permission) => boolean {
  let can = checksByRole.get(role);
  if (!can) checksByRole.set(role, (can = (permission: Permission) => hasPermission(role, permission)));
  return can;
}

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: 'Администратор',
  HEAD: 'Заведующий',
  METHODIST: 'Методист (куратор наставничества)',
  TEACHER: 'Педагог',
  CITY: 'Специалист управления образования',
};
