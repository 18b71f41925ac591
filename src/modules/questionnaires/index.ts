/**
 * The questionnaires module's face. It owns Questionnaire, QuestionnaireVersion and QuestionnaireResponse;
 * the banks read a submitted response through `getSubmittedResponse`.
 */
export { questionnairesRouter } from './questionnaires.routes.ts';
export { expectedRespondentsWhere, getSubmittedResponse, responsePagePath } from './questionnaires.service.ts';
export { TEMPLATES } from './questionnaires.templates.ts';
export { answerField, type Question } from './questionnaires.schemas.ts';
export { ensureTemplateQuestionnaire, getRespondForm, publishQuestionnaire, respond } from './questionnaires.service.ts';
