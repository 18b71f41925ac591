/** The banks of mentees and mentors. */
export { banksRouter } from './banks.routes.ts';
