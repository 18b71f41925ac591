/**
 * The consents module's face. It owns ConsentTemplate, Consent and the consent-scan attachments. Other
 * modules ask only these rules (valid consent, in Prisma and as an SQL fragment); a revocation reaches them
 * as the `consent.revoked` event.
 */
export { consentsDashboard } from './consents.dashboard.ts';
export { consentsTodo } from './consents.todo.ts';
export { consentsRouter } from './consents.routes.ts';
export {
  CONSENT_KIND_LABELS,
  findValidConsent,
  hasValidConsentSql,
  requireValidConsent,
  staffWithValidConsent,
  validConsentWhere,
} from './consents.rules.ts';
export { acceptancePage, acceptElectronic, signedConsentContent } from './consents.service.ts';
/** The printed consent form and a given consent's document (npm run samples prints every kind). */
export { consentForm, givenConsentForPrint } from './consents.service.ts';
