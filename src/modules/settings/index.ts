/** The organization's card and its rules (settings page). */
export { settingsRouter } from './settings.routes.ts';
export { OrganizationFields, TIME_ZONES } from './settings.schemas.ts';
