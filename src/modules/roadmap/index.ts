/**
 * The roadmap module's face: the dashboard — it renders the stage cards the other modules contribute
 * (src/core/dashboard.ts; collected by the composition root) — the seven stages of the seed roadmap, and the
 * roadmap as data: each organization's plan of measures per school year (roadmap.plan.ts), each stage's state
 * from the data (roadmap.states.ts: the one rule), and the printed roadmap, which is also appendix 2 of the
 * Regulation order (roadmap.document.ts).
 */
export { roadmapRouter, type DashboardContributions } from './roadmap.routes.ts';
export { composeDashboard, dashboardCards, PLANNED_ITEMS, type StageCard } from './roadmap.service.ts';
export { roadmapStages, type RoadmapStage } from './roadmap.stages.ts';
export { createMeasure, currentPlan, ensurePlan, planOf, plansOf, schoolYearLabel, type Plan, type PlanMeasure } from './roadmap.plan.ts';
export { STAGE_STATE_LABELS, stageStateOf, stageStates, stageStatesByOrganization, stageStatesOf, stageStatusesOf, stateSummariesOf, useStageContributors, type MissingItem, type StageState, type StageStateSummary, type StageStatus } from './roadmap.states.ts';
export { defaultRoadmapAppendix, roadmapAppendixOf } from './roadmap.document.ts';
