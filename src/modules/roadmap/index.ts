/**
 * The roadmap module's face: the dashboard (it reads every module's figures and writes nothing) and the
 * seven stages of the seed roadmap, which the Regulation order prints as its appendix.
 */
export { roadmapRouter, type DashboardContributions } from './roadmap.routes.ts';
export { roadmapStages, type RoadmapStage } from './roadmap.stages.ts';
