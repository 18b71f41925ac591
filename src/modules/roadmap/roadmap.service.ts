/**
 * The dashboard's seven cards, composed: the modules contribute items to the stages they know about (their
 * faces, collected by the composition root), and this module only puts them in order and renders them. A
 * stage is done when every item of it is done — and a part of a stage that no module covers yet is an item
 * too, «not yet», so a stage is never «выполнен» while part of it cannot even be recorded.
 */
import { gatherContributions, gatherContributionsByOrganization, gatherContributionsWith, type DashboardAction, type DashboardContributor, type DashboardItem, type StageContribution } from '../../core/dashboard.ts';
import type { Scope, ScopeOrganization } from '../../core/scope.ts';
import { schoolYearOf, todayIn } from '../../domain/dates.ts';
import { planFrom, planMeasuresSql, type Plan, type StoredMeasures } from './roadmap.plan.ts';
import { roadmapStages, type RoadmapStage } from './roadmap.stages.ts';

export interface StageItem extends DashboardItem {
  /** A placeholder: no module of the portal covers this part of the stage yet. */
  pending?: boolean;
}

export interface StageCard extends RoadmapStage {
  items: StageItem[];
  actions: DashboardAction[];
  /** Every item done (and there is at least one). */
  done: boolean;
}

/**
 * The parts of each stage (seed roadmap) that no module contributes yet. A module that comes to cover one
 * contributes an item with the same key (e.g. the programmes module: stage 1 and stage 5, `programmes`),
 * and the placeholder disappears.
 */
export const PLANNED_ITEMS: Record<number, { key: string; text: string }[]> = {
  1: [{ key: 'programmes', text: 'Персонализированные программы наставничества подготовлены' }],
  4: [{ key: 'materials', text: 'Методические материалы для сопровождения наставнической деятельности подготовлены' }],
  5: [{ key: 'programmes', text: 'Для каждой пары и группы разработана персонализированная программа наставничества' }],
  6: [
    { key: 'monitoring', text: 'Мониторинг качества реализации программ наставничества (анкетирование) проведён' },
    { key: 'conference', text: 'Школьная конференция или семинар проведены' },
    { key: 'round-table', text: 'Итоговый круглый стол проведён, лучшие практики — в методической копилке' },
  ],
  7: [{ key: 'news', text: 'Мероприятия дорожной карты освещены на сайте организации и в социальных сетях' }],
};

/** Pure: stages + contributions → cards (unit-tested apart from the database). */
export function composeDashboard(stages: RoadmapStage[], contributions: StageContribution[]): StageCard[] {
  // Plain loops: this runs on every dashboard, and a filter, two flatMaps and a Set per stage were garbage at once.
  return stages.map((stage) => {
    const items: StageItem[] = [];
    const actions: DashboardAction[] = [];
    for (const c of contributions) {
      if (c.stage !== stage.number) continue;
      for (const item of c.items) items.push(item);
      if (c.actions) for (const action of c.actions) actions.push(action);
    }
    // A stage's planned keys differ from each other: a placeholder pushed here never hides the next one.
    for (const planned of PLANNED_ITEMS[stage.number] ?? []) {
      if (!items.some((i) => i.key === planned.key)) items.push({ key: planned.key, text: planned.text, done: false, pending: true });
    }
    // Written out, not `{ ...stage, items, … }`: in Node 20 each property after a spread is stored by a slow runtime
    // call (~1.5 µs each; this line cost 40 µs per dashboard).
    const done = items.length > 0 && items.every((i) => i.done);
    return { number: stage.number, title: stage.title, activities: stage.activities, summary: stage.summary, items, actions, done };
  });
}

/** Every contributor asked at once (their figures in one statement: gatherContributions), then composed. */
export async function dashboardCards(scope: Scope, contributors: DashboardContributor[]): Promise<StageCard[]> {
  return composeDashboard(roadmapStages(), await gatherContributions(scope, contributors));
}

/** The cards and the current school year's plan of measures, the plan read in the cards' one statement. */
export async function dashboardCardsAndPlan(scope: Scope, contributors: DashboardContributor[]): Promise<{ cards: StageCard[]; plan: Plan }> {
  const schoolYear = schoolYearOf(scope.today);
  const { contributions, alongside } = await gatherContributionsWith<StoredMeasures>(scope, contributors, planMeasuresSql(scope.organization.id, schoolYear));
  return { cards: composeDashboard(roadmapStages(), contributions), plan: planFrom(schoolYear, alongside) };
}

/**
 * The cards and the current school year's plan of many organizations (the city page): for the organizations of
 * each time zone (they share the day), ONE statement with every contributor's figures grouped by organization
 * and each one's plan (core/dashboard.ts gatherContributionsByOrganization) — the statements do not grow with
 * the organizations, and none is run once per organization.
 */
export async function dashboardCardsAndPlansOf(
  scope: Pick<Scope, 'portal' | 'now'>,
  organizations: ScopeOrganization[],
  contributors: DashboardContributor[],
): Promise<Map<number, { cards: StageCard[]; plan: Plan; today: string }>> {
  const byZone = new Map<string, ScopeOrganization[]>();
  for (const o of organizations) {
    const group = byZone.get(o.timeZone);
    if (group) group.push(o);
    else byZone.set(o.timeZone, [o]);
  }
  const stages = roadmapStages();
  const result = new Map<number, { cards: StageCard[]; plan: Plan; today: string }>();
  await Promise.all(
    [...byZone].map(async ([timeZone, group]) => {
      const today = todayIn(timeZone, scope.now);
      const schoolYear = schoolYearOf(today);
      const at = { ids: group.map((o) => o.id), timeZone, today, now: scope.now };
      const gathered = await gatherContributionsByOrganization<StoredMeasures>(scope.portal, group, at, contributors, (id) => planMeasuresSql(id, schoolYear));
      for (const [id, { contributions, alongside }] of gathered) result.set(id, { cards: composeDashboard(stages, contributions), plan: planFrom(schoolYear, alongside), today });
    }),
  );
  return result;
}
