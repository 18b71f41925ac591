/**
 * The questionnaires module's face. It owns Questionnaire, QuestionnaireVersion and QuestionnaireResponse;
 * the banks read a submitted response through `getSubmittedResponse`, the demo answers through `respond`.
 * Its named rule — who is expected to answer — is questionnaires.rules.ts (Prisma and SQL side by side).
 */
export { questionnairesDashboard } from './questionnaires.dashboard.ts';
export { questionnairesTodo } from './questionnaires.todo.ts';
export { questionnairesRouter } from './questionnaires.routes.ts';
export { responsesAwaitingBank, responsesAwaitingBankSql, type AwaitingGroup, type ResponsesAwaitingBank } from './questionnaires.bank.ts';
export { answeredWhere, CONSENT_AUDIENCES, expectedRespondentsWhere, hasAnsweredSql, isExpectedRespondentSql } from './questionnaires.rules.ts';
export { answerField, type Question } from './questionnaires.schemas.ts';
export {
  ensureTemplateQuestionnaire,
  getRespondForm,
  getSubmittedResponse,
  publishQuestionnaire,
  respond,
  responsePagePath,
} from './questionnaires.service.ts';
export { TEMPLATES } from './questionnaires.templates.ts';
export {
  answeredCheckinSql,
  answeredCheckins,
  CHECKIN_TEMPLATE_KEY,
  CHECKIN_TITLE,
  checkinAnswers,
  checkinLowScoreSql,
  checkinScores,
  getCheckinForm,
  submitCheckin,
  type CheckinAnswer,
  type CheckinForm,
} from './questionnaires.checkins.ts';
export {
  getSubjectForm,
  openSubjectResponses,
  openSubjectsOf,
  submitSubjectResponse,
  SUBJECT_TEMPLATE_PREFIX,
  type Subject,
  type SubjectForm,
  type SubjectTemplate,
} from './questionnaires.subjects.ts';
export { barChartSvg, type BarDatum } from './questionnaires.charts.ts';
export { viewHelpers as questionnaireViewHelpers } from './questionnaires.view.ts';
