/** GET /health: for monitoring, no login. */
export { healthRouter } from './health.routes.ts';
