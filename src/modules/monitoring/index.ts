/**
 * The monitoring module's face (stage 6, issue 12). It owns no table yet: it READS the other modules' data
 * through named rules of its own (monitoring.rules.ts, each an SQL statement of rows; CONTEXT.md lists them)
 * and shows the key indicators of a school year — the page /monitoring, the lists behind its figures, the
 * dashboard's stage-6 item. The city page reads `keyIndicatorsOf` (many organizations, one statement)
 * and shows one kindergarten's page read-only through `monitoringPage`.
 */
export { monitoringDashboard } from './monitoring.dashboard.ts';
export { formReport, type FormedReport } from './monitoring.formed.ts';
export { keyIndicators, keyIndicatorsOf, type KeyIndicators } from './monitoring.indicators.ts';
export { monitoringPage, requestedSchoolYear, type MonitoringPage } from './monitoring.overview.ts';
export { monitoringRouter } from './monitoring.routes.ts';
export { schoolYearLabel } from './monitoring.rules.ts';

import type { Events } from '../../core/scope.ts';
import type { NotifyOptions } from '../notifications/index.ts';
import { onProgrammeApproved, onProgrammeCompleted } from './monitoring.questionnaires.ts';
export { answerMonitoring, formOf as monitoringFormOf } from './monitoring.questionnaires.ts';

/** programme.approved → the mentees' self-assessment at the start; programme.completed → the end-of-programme questionnaires. */
export function subscribe(events: Events, options: NotifyOptions): void {
  events.on('programme.approved', (scope, event) => onProgrammeApproved(scope, options, event));
  events.on('programme.completed', (scope, event) => onProgrammeCompleted(scope, options, event));
}
