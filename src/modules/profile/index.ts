/** One's own profile and password. */
export { profileRouter, requirePasswordChange } from './profile.routes.ts';
