/** The settings module's face. It owns Organization: the card, the Regulation's rules, the matching weights, who approves programmes. */
export { settingsRouter } from './settings.routes.ts';
export { OrganizationFields, TIME_ZONES, nameFormsOf, organizationCardErrors } from './settings.schemas.ts';
export { getOrganization, setMatchingWeights, setProgrammeApproval } from './settings.service.ts';
