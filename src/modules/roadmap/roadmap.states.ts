/**
 * Each stage's state — выполнен, идёт, не начат, просрочен — from the data: the stage's items (what the
 * modules contribute to the dashboard) and the dates of its measures in the current school year's plan.
 * The rule is written once (`stageStateOf`, pure, tests/unit/roadmap-states.test.ts) and every page that
 * shows a state asks it: the dashboard, /roadmap, the plan, the city page (through the face: `stageStates` for
 * one organization; `stageStatesOf` with `plansOf` for many) and, from the city's stored states, the public page
 * /p/<slug> (`stateSummariesOf`).
 */
import type { DashboardContributor } from '../../core/dashboard.ts';
import type { Permission } from '../../core/auth/permissions.ts';
import { formatNumber } from '../../core/format.ts';
import type { Scope, ScopeOrganization } from '../../core/scope.ts';
import { measurePeriod, whenText, type MeasurePeriod, type Plan } from './roadmap.plan.ts';
import { dashboardCardsAndPlan, dashboardCardsAndPlansOf, type StageCard, type StageItem } from './roadmap.service.ts';
import { roadmapStages } from './roadmap.stages.ts';

export type StageState = 'done' | 'progress' | 'not_started' | 'overdue';

export const STAGE_STATE_LABELS: Record<StageState, string> = { done: 'выполнен', progress: 'идёт', not_started: 'не начат', overdue: 'просрочен' };

/**
 * The state rule, in this order:
 * 1. **выполнен** — the stage has items and every one is done (dates do not matter any more);
 * 2. **просрочен** — not done, and a measure of the stage is past its date (its last day is before today);
 * 3. **идёт** — something of it is done, or a measure's time has come (its first day is today or earlier);
 * 4. **не начат** — otherwise.
 * Measures: their first and last day in the school year (measurePeriod); `startsOn` null — an exact date,
 * whose start nobody said.
 */
export function stageStateOf(input: { items: { done: boolean }[]; measures: { startsOn: string | null; dueOn: string }[]; today: string }): StageState {
  const { items, measures, today } = input;
  if (items.length > 0 && items.every((i) => i.done)) return 'done';
  if (measures.some((m) => m.dueOn < today)) return 'overdue';
  if (items.some((i) => i.done) || measures.some((m) => m.startsOn !== null && m.startsOn <= today)) return 'progress';
  return 'not_started';
}

/** Where to do what an item says is missing: the page and who may open it (by the item's key). */
const TO_DO: Record<string, { href: string; label: string; permission: Permission }> = {
  regulation: { href: '/orders/new?kind=REGULATION', label: 'Подготовить приказ', permission: 'orders:draft' },
  'assignment-orders': { href: '/orders/new?kind=ASSIGN_PAIRS', label: 'Подготовить приказ', permission: 'orders:draft' },
  programmes: { href: '/programmes', label: 'К программам', permission: 'programmes:read' },
  'programmes-submitted': { href: '/programmes?status=SUBMITTED', label: 'Рассмотреть', permission: 'programmes:approve' },
  'programmes-overdue': { href: '/programmes', label: 'К программам', permission: 'programmes:read' },
  requests: { href: '/questionnaires', label: 'К анкетам', permission: 'questionnaires:manage' },
  'candidates-questionnaire': { href: '/questionnaires', label: 'К анкетам', permission: 'questionnaires:manage' },
  'personal-data-consents': { href: '/consents', label: 'К согласиям', permission: 'consents:manage' },
  'mentee-bank': { href: '/bank/mentees', label: 'К банку наставляемых', permission: 'banks:manage' },
  candidates: { href: '/bank/mentors', label: 'К банку наставников', permission: 'banks:manage' },
  'approved-mentors': { href: '/bank/mentors', label: 'К банку наставников', permission: 'banks:manage' },
  'mentor-consents': { href: '/bank/mentors', label: 'К банку наставников', permission: 'banks:manage' },
  training: { href: '/bank/mentors', label: 'К банку наставников', permission: 'banks:manage' },
  'formed-pairs': { href: '/matching', label: 'Подобрать пары', permission: 'matching:use' },
  'active-pairs': { href: '/pairs', label: 'К парам', permission: 'pairs:manage' },
  'awaiting-order': { href: '/pairs', label: 'К парам', permission: 'pairs:manage' },
  attention: { href: '/pairs', label: 'К парам', permission: 'pairs:manage' },
  'at-risk': { href: '/pairs/at-risk', label: 'К парам под риском', permission: 'pairs:manage' },
  'waiting-mentees': { href: '/pairs/waiting', label: 'К ожидающим', permission: 'pairs:manage' },
  'waiting-unsupported': { href: '/pairs/waiting', label: 'К ожидающим', permission: 'pairs:manage' },
  materials: { href: '/collection/new', label: 'Добавить материал', permission: 'collection:manage' },
  'round-table': { href: '/collection', label: 'К копилке', permission: 'collection:manage' },
  news: { href: '/news/new', label: 'Написать новость', permission: 'news:manage' },
  'annual-report': { href: '/monitoring', label: 'Сформировать отчёт', permission: 'monitoring:manage' },
};

/** What is missing in a stage: its items not done, as read on the card, each with where to do it (if known). */
export interface MissingItem {
  key: string;
  text: string;
  /** A placeholder: no module records this part yet. */
  pending: boolean;
  todo: { href: string; label: string; permission: Permission } | null;
}

/** An item's sentence with its figure in place: «Работают пары и группы: 0». */
export function itemSentence(item: StageItem): string {
  if (!item.figure) return item.text.replace('{figure}', '—');
  // The shared formatter, which keeps the strings of small counts (the dashboard has a dozen figures).
  const count = formatNumber(item.figure.count);
  return item.text.includes('{figure}') ? item.text.replace('{figure}', count) : `${item.text}: ${count}`;
}

export function missingOf(items: StageItem[]): MissingItem[] {
  return items
    .filter((i) => !i.done)
    .map((i) => ({
      key: i.key,
      text: itemSentence(i),
      pending: Boolean(i.pending),
      todo: TO_DO[i.key] ?? (i.figure ? { href: i.figure.href, label: 'Открыть список', permission: i.figure.permission } : null),
    }));
}

/** A stage of the plan with its state: what the dashboard, the roadmap page and the public page show. */
export interface StageStatus {
  number: number;
  title: string;
  summary: string;
  state: StageState;
  stateLabel: string;
  missing: MissingItem[];
  /** The stage's measures in the plan, with their «Сроки» and whether each is past its date. */
  measures: { text: string; when: string; responsible: string; overdue: boolean }[];
}

/** A stage's measures of the plan, with each one's period and «Сроки». */
interface StageMeasures {
  measures: Plan['measures'];
  periods: Readonly<MeasurePeriod>[];
  whens: string[];
}

/** What `measuresByStage` derived from a frozen plan (a school year's shared defaults: roadmap.plan.ts defaultPlan). */
const derivedOfFrozen = new WeakMap<Plan, Map<number, StageMeasures>>();

/**
 * Each stage's measures of the plan with their periods and «Сроки», in one pass over the plan (both readings below
 * use it). A frozen plan never changes — a plan not stored is the year's shared defaults —: derived once, not on
 * every dashboard.
 */
function measuresByStage(plan: Plan): Map<number, StageMeasures> {
  const kept = derivedOfFrozen.get(plan);
  if (kept) return kept;
  const byStage = new Map<number, StageMeasures>();
  for (const m of plan.measures) {
    let own = byStage.get(m.stage);
    if (!own) byStage.set(m.stage, (own = { measures: [], periods: [], whens: [] }));
    own.measures.push(m);
    own.periods.push(measurePeriod(plan.schoolYear, m));
    own.whens.push(whenText(plan.schoolYear, m));
  }
  if (Object.isFrozen(plan)) derivedOfFrozen.set(plan, byStage);
  return byStage;
}

const NO_MEASURES: StageMeasures = { measures: [], periods: [], whens: [] };

/** Pure: the composed cards + the plan → each stage's state alone (the city page's many kindergartens need no more). */
export function stageStatesOf(cards: StageCard[], plan: Plan, today: string): StageState[] {
  const byStage = measuresByStage(plan);
  return cards.map((card) => stageStateOf({ items: card.items, measures: byStage.get(card.number)?.periods ?? [], today }));
}

/** Pure: the composed cards + the plan → each stage's status (the rule applied to every stage). */
export function stageStatusesOf(cards: StageCard[], plan: Plan, today: string): StageStatus[] {
  const byStage = measuresByStage(plan);
  return cards.map((card) => {
    const { measures: own, periods, whens } = byStage.get(card.number) ?? NO_MEASURES;
    const state = stageStateOf({ items: card.items, measures: periods, today });
    return {
      number: card.number,
      title: card.title,
      summary: card.summary,
      state,
      stateLabel: STAGE_STATE_LABELS[state],
      missing: missingOf(card.items),
      measures: own.map((m, i) => ({ text: m.text, when: whens[i]!, responsible: m.responsible, overdue: state !== 'done' && periods[i]!.dueOn < today })),
    };
  });
}

/**
 * The contributors the states are computed from, handed over once by the composition root (they are the
 * dashboard's: src/modules/index.ts, DASHBOARD), so that other modules can ask `stageStates(scope)`.
 */
let registered: DashboardContributor[] | null = null;

export function useStageContributors(contributors: DashboardContributor[]): void {
  registered = contributors;
}

function contributorsOf(given?: DashboardContributor[]): DashboardContributor[] {
  const contributors = given ?? registered;
  if (!contributors) throw new Error('roadmap: the stage contributors are not wired (src/modules/index.ts calls useStageContributors)');
  return contributors;
}

/** One organization's stages with their states (the current school year's plan). */
export async function stageStates(scope: Scope, contributors?: DashboardContributor[]): Promise<StageStatus[]> {
  const list = contributorsOf(contributors);
  const { cards, plan } = await dashboardCardsAndPlan(scope, list);
  return stageStatusesOf(cards, plan, scope.today);
}

/** A stage with its state and nothing more: what may leave the portal (the public page). */
export interface StageStateSummary {
  number: number;
  title: string;
  summary: string;
  state: StageState;
  stateLabel: string;
}

/**
 * Stages with the states `stageStatesOf` gave them (the city's stored figures) → what may leave the portal (the
 * public page): each stage's title and state, with the stage's summary from the roadmap.
 */
export function stateSummariesOf(stages: readonly { number: number; title: string; state: StageState }[]): StageStateSummary[] {
  const roadmap = roadmapStages();
  return stages.map(({ number, title, state }) => ({ number, title, summary: roadmap.find((s) => s.number === number)?.summary ?? '', state, stateLabel: STAGE_STATE_LABELS[state] }));
}

/**
 * Many organizations' cards with each stage's state (the city page), by the same rule as `stageStates`: every
 * contributor's figures grouped by organization, a fixed number of statements (dashboardCardsAndPlansOf).
 */
export async function stageStatesByOrganization(
  scope: Pick<Scope, 'portal' | 'now'>,
  organizations: ScopeOrganization[],
  contributors?: DashboardContributor[],
): Promise<Map<number, { cards: StageCard[]; states: StageState[] }>> {
  const result = new Map<number, { cards: StageCard[]; states: StageState[] }>();
  for (const [id, { cards, plan, today }] of await dashboardCardsAndPlansOf(scope, organizations, contributorsOf(contributors))) {
    result.set(id, { cards, states: stageStatesOf(cards, plan, today) });
  }
  return result;
}
