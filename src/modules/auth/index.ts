/** Sign-in and sign-out (passport's routes). */
export { authRouter, safeReturnPath } from './auth.routes.ts';
