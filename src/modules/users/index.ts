/** Accounts of the organization. */
export { usersRouter } from './users.routes.ts';
