/** The dashboard: the seven stages of the roadmap. */
export { roadmapRouter } from './roadmap.routes.ts';
export { roadmapStages, type RoadmapStage } from './roadmap.stages.ts';
