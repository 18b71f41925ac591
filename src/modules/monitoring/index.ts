/**
 * The monitoring module's face (stage 6, issue 12). It owns no table yet: it READS the other modules' data
 * through named rules of its own (monitoring.rules.ts, each an SQL statement of rows; CONTEXT.md lists them)
 * and shows the key indicators of a school year — the page /monitoring, the lists behind its figures, the
 * dashboard's stage-6 item. The city page reads `keyIndicatorsOf` (many organizations, one statement).
 */
export { monitoringDashboard } from './monitoring.dashboard.ts';
export { keyIndicators, keyIndicatorsOf, type KeyIndicators } from './monitoring.indicators.ts';
export { monitoringRouter } from './monitoring.routes.ts';
export { schoolYearLabel } from './monitoring.rules.ts';
