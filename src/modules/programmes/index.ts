/**
 * The programmes module's face (stage 5, personalised mentoring programmes — CONTEXT.md). It owns Programme,
 * PlanItem and its marks and comments, ProgrammeAssessment, ProgrammeChange and the templates. It drafts a
 * programme when a pair becomes active (`pair.activated`), closes or completes it when the pair ends
 * (`pair.ended`), and approves the programmes an order approves (`order.approved`, APPROVE_PROGRAMMES); it
 * announces `programme.approved`, `programme.returned`, `programme.item-commented` and `programme.completed`.
 * The orders module reads here which programmes wait for an order; later pages read a person's items due and
 * the programmes' last activity; the dashboard reads its lines.
 */
import type { Events } from '../../core/scope.ts';
import { approveByOrder, draftProgramme, onPairEnded } from './programmes.lifecycle.ts';

export { programmesRouter } from './programmes.routes.ts';
export { PROGRAMME_STATUS_LABELS } from './programmes.labels.ts';
export { isOverdue, progressOf } from './programmes.rules.ts';
export { programmeLastActivitySql, programmeOverdueSql, programmeQuietSql } from './programmes.rules.sql.ts';
export {
  approveProgramme,
  completeProgramme,
  draftProgramme,
  pairsAwaitingApproval,
  programmeOrderProblems,
  programmeTitles,
  returnProgramme,
  saveAssessment,
  submitProgramme,
} from './programmes.lifecycle.ts';
export { addComment, addEvidence, changeItemStatus, deleteItem, setMark } from './programmes.plan.ts';
export { planItemsDueBy, planItemsDueFor, programmeActivity, programmeFigures, programmesDashboard, programmesTodo, type DueItem } from './programmes.service.ts';

export function subscribe(events: Events): void {
  events.on('pair.activated', async (scope, { pairId }) => {
    await draftProgramme(scope, pairId);
  });
  events.on('pair.ended', (scope, ended) => onPairEnded(scope, ended));
  events.on('order.approved', async (scope, order) => {
    if (order.kind === 'APPROVE_PROGRAMMES') await approveByOrder(scope, order);
  });
}
