/** The settings module's face. It owns Organization: the card, the Regulation's rules, the matching weights. */
export { settingsRouter } from './settings.routes.ts';
export { OrganizationFields, TIME_ZONES, nameFormsOf, organizationCardErrors } from './settings.schemas.ts';
export { getOrganization, setMatchingWeights } from './settings.service.ts';
