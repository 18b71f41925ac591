/**
 * The city page: every kindergarten of the portal side by side — the state of each roadmap stage and a few key
 * counts — and one kindergarten's read-only summary. Counts and states only: nothing here names a person.
 *
 * Whose data: every organization of the portal that is a kindergarten (`kind = KINDERGARTEN`); the authority
 * itself never appears (CONTEXT.md explains why «all kindergartens of the portal»). Every read across
 * organizations goes through the guarded portal client with the explicit list of organizations (the batched
 * scopes of city.batch.ts), in a fixed number of statements however many kindergartens there are.
 */
import { audit } from '../../core/audit.ts';
import type { DashboardContributor } from '../../core/dashboard.ts';
import { NotFoundError } from '../../core/errors.ts';
import { systemScope, type Scope, type ScopeOrganization, type ScopeSources } from '../../core/scope.ts';
import { programmeFigures } from '../programmes/index.ts';
import { dashboardCards, type StageCard } from '../roadmap/index.ts';
import { StatementBatcher } from './city.batch.ts';

/** A stage's state as the public page words it (done / in progress / ahead). */
export type StageState = 'done' | 'progress' | 'planned';
export const STAGE_STATE_LABELS: Record<StageState, string> = { done: 'выполнен', progress: 'идёт', planned: 'впереди' };

/** The key counts of one kindergarten (numbers only). */
export interface CityIndicators {
  formedPairs: number;
  waitingMentees: number;
  mentors: number;
  programmesInProgress: number;
  programmesCompleted: number;
}

export const INDICATOR_LABELS: Record<keyof CityIndicators, string> = {
  formedPairs: 'Пар и групп сформировано',
  waitingMentees: 'Наставляемых без пары',
  mentors: 'Наставников одобрено',
  programmesInProgress: 'Программ в работе',
  programmesCompleted: 'Программ завершено',
};

export interface CityRow {
  organization: ScopeOrganization;
  stages: { number: number; title: string; state: StageState }[];
  indicators: CityIndicators;
}

/** What the composition root hands the city: the dashboard's contributors (the stage states come from them). */
export interface CitySources {
  stages: DashboardContributor[];
}

const ORGANIZATION_FIELDS = { id: true, slug: true, shortName: true, fullName: true, timeZone: true } as const;

/** The kindergartens of the portal, by name; `name` filters (case-insensitive, either name). */
export function cityOrganizations(scope: Scope, name = ''): Promise<ScopeOrganization[]> {
  const text = name.trim();
  return scope.portal.organization.findMany({
    where: {
      kind: 'KINDERGARTEN',
      ...(text ? { OR: [{ shortName: { contains: text, mode: 'insensitive' } }, { fullName: { contains: text, mode: 'insensitive' } }] } : {}),
    },
    select: ORGANIZATION_FIELDS,
    orderBy: [{ shortName: 'asc' }, { id: 'asc' }],
  });
}

/**
 * The seam for the stages (the lead switches it to the roadmap module's stage states when they land): today,
 * the dashboard's cards of each organization, computed by the contributors through batched scopes.
 */
export function stageStateOf(card: StageCard): StageState {
  return card.done ? 'done' : card.items.some((i) => i.done) ? 'progress' : 'planned';
}

/**
 * The seam for the indicators (the monitoring module's key indicators when they land): today, the figures of
 * the dashboard's items (pairs, banks) and the programmes' own figures.
 */
function indicatorsOf(cards: StageCard[], programmes: { byStatus: Record<string, number> }): CityIndicators {
  const figure = (key: string) => cards.flatMap((c) => c.items).find((i) => i.key === key)?.figure?.count ?? 0;
  return {
    formedPairs: figure('formed-pairs'),
    waitingMentees: figure('waiting-mentees'),
    mentors: figure('approved-mentors'),
    programmesInProgress: (programmes.byStatus.APPROVED ?? 0) + (programmes.byStatus.IN_PROGRESS ?? 0),
    programmesCompleted: programmes.byStatus.COMPLETED ?? 0,
  };
}

/**
 * A kindergarten's scope for reading its figures: no user (every permission says no, nothing is written), its
 * own day, and a `db` whose statements are batched with the other kindergartens' (city.batch.ts).
 */
function batchedScope(scope: Scope, organization: ScopeOrganization, batcher: StatementBatcher): Scope {
  const sources = { db: { forOrganization: () => batcher.clientFor(organization.id), portal: scope.portal }, events: scope.events };
  return systemScope(sources as unknown as ScopeSources, organization, { now: scope.now, requestId: scope.actor.requestId });
}

/** Each organization's stages and indicators, in a fixed number of statements (city.batch.ts). */
export async function cityRows(scope: Scope, organizations: ScopeOrganization[], sources: CitySources): Promise<CityRow[]> {
  const batcher = new StatementBatcher(scope.portal);
  return Promise.all(
    organizations.map(async (organization) => {
      const own = batchedScope(scope, organization, batcher);
      const [cards, programmes] = await Promise.all([dashboardCards(own, sources.stages), programmeFigures(own)]);
      return {
        organization,
        stages: cards.map((card) => ({ number: card.number, title: card.title, state: stageStateOf(card) })),
        indicators: indicatorsOf(cards, programmes),
      };
    }),
  );
}

export type CitySort = 'name' | 'name-desc' | keyof CityIndicators | 'stages';

/** Sorted as asked: by name, by the number of stages done, or by an indicator (largest first); ties by name. */
export function sortRows(rows: CityRow[], sort: CitySort): CityRow[] {
  const byName = (a: CityRow, b: CityRow) => a.organization.shortName.localeCompare(b.organization.shortName, 'ru');
  const done = (r: CityRow) => r.stages.filter((s) => s.state === 'done').length;
  const key = (r: CityRow): number => (sort === 'stages' ? done(r) : sort === 'name' || sort === 'name-desc' ? 0 : r.indicators[sort]);
  return [...rows].sort((a, b) => (sort === 'name-desc' ? byName(b, a) : key(b) - key(a) || byName(a, b)));
}

/** The /city page: the kindergartens (filtered by name) with their stages and counts; the look is audited. */
export async function cityOverview(scope: Scope, sources: CitySources, filter: { name: string; sort: CitySort }) {
  const organizations = await cityOrganizations(scope, filter.name);
  const rows = sortRows(await cityRows(scope, organizations, sources), filter.sort);
  await audit(scope, { action: 'city.overview', details: { organizations: organizations.length } });
  return rows;
}

/**
 * One kindergarten's read-only summary: its stages item by item (texts and counts, no links into the
 * kindergarten's pages) and its indicators. A kindergarten only — anything else is «not found». Audited:
 * who looked at which organization's summary.
 */
export async function citySummary(scope: Scope, sources: CitySources, organizationId: number) {
  const organization = await scope.portal.organization.findFirst({ where: { id: organizationId, kind: 'KINDERGARTEN' }, select: ORGANIZATION_FIELDS });
  if (!organization) throw new NotFoundError('Такого детского сада на портале нет');
  const own = batchedScope(scope, organization, new StatementBatcher(scope.portal));
  const [cards, programmes] = await Promise.all([dashboardCards(own, sources.stages), programmeFigures(own)]);
  await audit(scope, { action: 'city.organization_read', entityType: 'Organization', entityId: organization.id });
  const stages = cards.map((card) => ({
    number: card.number,
    title: card.title,
    state: stageStateOf(card),
    items: card.items.map((item) => ({ key: item.key, text: item.text, done: item.done, alert: item.alert ?? false, pending: 'pending' in item ? Boolean(item.pending) : false, count: item.figure?.count ?? null })),
  }));
  return { organization, stages, indicators: indicatorsOf(cards, programmes) };
}
