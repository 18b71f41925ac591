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
import { paginated, type Page } from '../../core/pagination.ts';
import { systemScope, type Scope, type ScopeOrganization, type ScopeSources } from '../../core/scope.ts';
import { keyIndicatorsOf, monitoringPage, requestedSchoolYear, type KeyIndicators, type MonitoringPage } from '../monitoring/index.ts';
import { schoolYearOf, todayIn } from '../../domain/dates.ts';
import { dashboardCards, plansOf, STAGE_STATE_LABELS, stageStatesOf, type StageState } from '../roadmap/index.ts';
import { StatementBatcher } from './city.batch.ts';

/** A stage's state as the public page words it (done / in progress / ahead). */
export { STAGE_STATE_LABELS };

/**
 * The key counts of one kindergarten for the current school year (numbers only): the monitoring module's key
 * indicators (its one rule per figure, `keyIndicatorsOf`), so the city page shows what the kindergarten's own
 * /monitoring shows.
 */
export type CityIndicators = Pick<KeyIndicators, 'pairsFormed' | 'menteesWithMentor' | 'menteesWithoutMentor' | 'programmesCompleted' | 'mentorsOfYear' | 'mentorsInEvents'>;

export const INDICATOR_LABELS: Record<keyof CityIndicators, string> = {
  pairsFormed: 'Пар и групп сформировано',
  menteesWithMentor: 'Наставляемых с наставником',
  menteesWithoutMentor: 'Наставляемых без наставника',
  programmesCompleted: 'Программ завершено',
  mentorsOfYear: 'Наставников в парах',
  mentorsInEvents: 'из них участвовали в мероприятиях',
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

const kindergartens = (name: string) => {
  const text = name.trim();
  return {
    kind: 'KINDERGARTEN' as const,
    ...(text ? { OR: [{ shortName: { contains: text, mode: 'insensitive' as const } }, { fullName: { contains: text, mode: 'insensitive' as const } }] } : {}),
  };
};

export type CitySort = 'name' | 'name-desc';

/** One page of the portal's kindergartens by name; `name` filters (case-insensitive, either name). */
export function cityOrganizations(scope: Scope, filter: { name: string; sort: CitySort; page: number }): Promise<{ page: Page; rows: ScopeOrganization[] }> {
  const where = kindergartens(filter.name);
  const direction = filter.sort === 'name-desc' ? 'desc' : 'asc';
  return paginated(
    filter.page,
    () => scope.portal.organization.count({ where }),
    (skip, take) => scope.portal.organization.findMany({ where, select: ORGANIZATION_FIELDS, orderBy: [{ shortName: direction }, { id: direction }], skip, take }),
  );
}

/** The figures the page shows: monitoring reads only their rules' rows. */
const CITY_FIGURES = Object.keys(INDICATOR_LABELS) as (keyof CityIndicators)[];

/**
 * The organizations' key indicators of their current school year, by monitoring's rules: one statement for all
 * (one per distinct «today», when kindergartens of a portal lie in different time zones — each counts «due by
 * now» to its own day, as its /monitoring does).
 */
async function indicatorsByOrganization(scope: Scope, organizations: ScopeOrganization[]): Promise<Map<number, CityIndicators>> {
  const byDay = new Map<string, number[]>();
  for (const o of organizations) {
    const day = todayIn(o.timeZone, scope.now);
    byDay.set(day, [...(byDay.get(day) ?? []), o.id]);
  }
  const result = new Map<number, CityIndicators>();
  for (const map of await Promise.all([...byDay].map(([day, ids]) => keyIndicatorsOf(scope.portal, ids, schoolYearOf(day), day, CITY_FIGURES)))) {
    for (const [id, { organizationId: _id, schoolYear: _year, ...k }] of map) result.set(id, k);
  }
  return result;
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
  const [plans, indicators] = await Promise.all([plansOf(scope, organizations.map((o) => o.id), schoolYearOf(scope.today)), indicatorsByOrganization(scope, organizations)]);
  return Promise.all(
    organizations.map(async (organization) => {
      const own = batchedScope(scope, organization, batcher);
      const cards = await dashboardCards(own, sources.stages);
      const states = stageStatesOf(cards, plans.get(organization.id)!, own.today);
      return {
        organization,
        stages: cards.map((card, i) => ({ number: card.number, title: card.title, state: states[i]! })),
        indicators: indicators.get(organization.id)!,
      };
    }),
  );
}

/**
 * The /city page: a page of kindergartens (filtered and ordered by name) with their stages and counts; the look
 * is audited. A page at a time: the statements are the same for any number, but each kindergarten adds rows
 * to them (CONTEXT.md, «Сколько это стоит»).
 */
export async function cityOverview(scope: Scope, sources: CitySources, filter: { name: string; sort: CitySort; page: number }) {
  const { page, rows: organizations } = await cityOrganizations(scope, filter);
  const rows = await cityRows(scope, organizations, sources);
  await audit(scope, { action: 'city.overview', details: { organizations: organizations.length, page: page.page } });
  return { page, rows };
}

/** A kindergarten of the portal by id; anything else (the authority, a made-up id) is «not found». */
async function kindergartenById(scope: Scope, organizationId: number): Promise<ScopeOrganization> {
  const organization = await scope.portal.organization.findFirst({ where: { id: organizationId, kind: 'KINDERGARTEN' }, select: ORGANIZATION_FIELDS });
  if (!organization) throw new NotFoundError('Такого детского сада на портале нет');
  return organization;
}

/**
 * One kindergarten's read-only summary: its stages item by item (texts and counts, no links into the
 * kindergarten's pages) and its indicators. A kindergarten only — anything else is «not found». Audited:
 * who looked at which organization's summary.
 */
export async function citySummary(scope: Scope, sources: CitySources, organizationId: number) {
  const organization = await kindergartenById(scope, organizationId);
  const own = batchedScope(scope, organization, new StatementBatcher(scope.portal));
  const [cards, indicators, plans] = await Promise.all([dashboardCards(own, sources.stages), indicatorsByOrganization(scope, [organization]), plansOf(scope, [organization.id], schoolYearOf(own.today))]);
  await audit(scope, { action: 'city.organization_read', entityType: 'Organization', entityId: organization.id });
  const states = stageStatesOf(cards, plans.get(organization.id)!, own.today);
  const stages = cards.map((card, i) => ({
    number: card.number,
    title: card.title,
    state: states[i]!,
    items: card.items.map((item) => ({ key: item.key, text: item.text, done: item.done, alert: item.alert ?? false, pending: 'pending' in item ? Boolean(item.pending) : false, count: item.figure?.count ?? null })),
  }));
  return { organization, stages, indicators: indicators.get(organization.id)! };
}

/**
 * One kindergarten's monitoring page, read-only: monitoring's own `monitoringPage` in a scope of that
 * kindergarten without a user (its day and time zone; every permission says no, nothing is written). The
 * figures are the kindergarten's own /monitoring's; the one name on that page — who formed the annual report —
 * is left out (counts only, as everywhere on the city's pages). Audited: who looked at which kindergarten's
 * monitoring of which school year.
 */
export async function cityMonitoring(scope: Scope, sources: ScopeSources, organizationId: number, query: unknown): Promise<{ organization: ScopeOrganization; page: MonitoringPage }> {
  const organization = await kindergartenById(scope, organizationId);
  const own = systemScope(sources, organization, { now: scope.now, requestId: scope.actor.requestId });
  const page = await monitoringPage(own, requestedSchoolYear(query, own));
  await audit(scope, { action: 'city.monitoring_read', entityType: 'Organization', entityId: organization.id, details: { schoolYear: page.schoolYear } });
  return { organization, page: { ...page, formed: page.formed && { ...page.formed, formedByName: '' } } };
}
