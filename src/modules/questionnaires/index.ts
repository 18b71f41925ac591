/**
 * The questionnaires module's face. It owns Questionnaire, QuestionnaireVersion and QuestionnaireResponse;
 * the banks read a submitted response through `getSubmittedResponse`, the demo answers through `respond`.
 */
export { questionnairesRouter } from './questionnaires.routes.ts';
export { answerField, type Question } from './questionnaires.schemas.ts';
export {
  ensureTemplateQuestionnaire,
  expectedRespondentsWhere,
  getRespondForm,
  getSubmittedResponse,
  publishQuestionnaire,
  respond,
  responsePagePath,
} from './questionnaires.service.ts';
export { TEMPLATES } from './questionnaires.templates.ts';
