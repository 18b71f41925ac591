/** First run: the first organization and its administrator. */
export { setupGate, setupRouter } from './setup.routes.ts';
export { EXAMPLE_ORGANIZATION, organizationExists } from './setup.service.ts';
