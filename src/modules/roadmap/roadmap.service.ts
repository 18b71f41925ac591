import type { Prisma } from '../../core/database/client.ts';
import { roadmapStages, type RoadmapStage } from './roadmap.stages.ts';

export interface StageCard extends RoadmapStage {
  /** What the portal can already tell about this stage from the data; null where it cannot yet. */
  progress: { text: string; done: boolean } | null;
  /** Honest note for stages whose part of the portal is not built yet. */
  pending: string | null;
}

const NOT_BUILT = 'Учёт этого этапа в портале ещё не реализован: раздел появится в следующих версиях.';

/**
 * The dashboard's seven cards. Progress is derived from the organization's data; stages without
 * a module yet say so instead of showing invented numbers.
 */
export async function dashboardCards(_prisma: Prisma, _organizationId: number): Promise<StageCard[]> {
  return roadmapStages().map((stage) => ({ ...stage, progress: null, pending: NOT_BUILT }));
}
