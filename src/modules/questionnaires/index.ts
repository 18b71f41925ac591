/** Questionnaires: builder, answering, results. */
export { questionnairesRouter } from './questionnaires.routes.ts';
