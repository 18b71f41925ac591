/** Matching mentors to mentees. */
export { matchingRouter } from './matching.routes.ts';
