/**
 * The roadmap module's face: the dashboard — it renders the stage cards the other modules contribute
 * (src/core/dashboard.ts; collected by the composition root) and reads nothing itself — and the seven
 * stages of the seed roadmap, which the Regulation order prints as its appendix.
 */
export { roadmapRouter, type DashboardContributions } from './roadmap.routes.ts';
export { composeDashboard, dashboardCards, PLANNED_ITEMS, type StageCard } from './roadmap.service.ts';
export { roadmapStages, type RoadmapStage } from './roadmap.stages.ts';
