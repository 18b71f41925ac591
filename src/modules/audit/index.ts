/** The audit module's face: the journal page and the words for its actions. Writing goes through core/audit. */
export { auditRouter } from './audit.routes.ts';
export { AUDIT_ACTIONS } from './audit.service.ts';
