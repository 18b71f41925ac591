/** The managed list of professional-request topics. */
export { topicsRouter } from './topics.routes.ts';
