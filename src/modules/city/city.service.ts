/**
 * The city page: every kindergarten of the portal side by side — the state of each roadmap stage and a few key
 * counts — and one kindergarten's read-only summary. Counts and states only: nothing here names a person.
 *
 * Whose data: every organization of the portal that is a kindergarten (`kind = KINDERGARTEN`); the authority
 * itself never appears (CONTEXT.md explains why «all kindergartens of the portal»). Every read across
 * organizations goes through the guarded portal client with the explicit list of organizations (the owning
 * modules' many-organization faces), in a fixed number of statements however many kindergartens there are.
 */
import { audit } from '../../core/audit.ts';
import type { AppContext } from '../../core/context.ts';
import type { DashboardContributor } from '../../core/dashboard.ts';
import { NotFoundError } from '../../core/errors.ts';
import { PAGE_SIZE, pageWithTotal, type Page } from '../../core/pagination.ts';
import { containsPattern } from '../../core/search.ts';
import { systemScope, type Scope, type ScopeOrganization, type ScopeSources } from '../../core/scope.ts';
import { keyIndicatorsOf, monitoringPage, requestedSchoolYear, type MonitoringPage } from '../monitoring/index.ts';
import { schoolYearOf, todayIn } from '../../domain/dates.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { roadmapStages, STAGE_STATE_LABELS, stageStatesByOrganization } from '../roadmap/index.ts';
import { cityFigures, STORED_FIGURES_COLUMNS, type CityFiguresStore, type CityIndicators, type CityRow, type StoredFigures } from './city.figures.ts';

export type { CityIndicators, CityRow };

/** A stage's state as the public page words it (done / in progress / ahead). */
export { STAGE_STATE_LABELS };

export const INDICATOR_LABELS: Record<keyof CityIndicators, string> = {
  pairsFormed: 'Пар и групп сформировано',
  menteesWithMentor: 'Наставляемых с наставником',
  menteesWithoutMentor: 'Наставляемых без наставника',
  programmesCompleted: 'Программ завершено',
  mentorsOfYear: 'Наставников в парах',
  mentorsInEvents: 'из них участвовали в мероприятиях',
};

/** What the composition root hands the city: the dashboard's contributors (the stage states come from them). */
export interface CitySources {
  stages: DashboardContributor[];
}

const ORGANIZATION_FIELDS = { id: true, slug: true, shortName: true, fullName: true, timeZone: true } as const;

export type CitySort = 'name' | 'name-desc';

/**
 * One page of the portal's kindergartens by name, with their total and each one's stored figures (city.figures.ts),
 * in one statement; `name` filters (any case, either name; typed characters mean themselves: containsPattern).
 */
export function cityOrganizations(scope: Scope, filter: { name: string; sort: CitySort; page: number }): Promise<{ page: Page; rows: (ScopeOrganization & StoredFigures)[] }> {
  const text = filter.name.trim();
  const byName = text ? Sql.sql`AND (o."shortName" ILIKE ${containsPattern(text)} OR o."fullName" ILIKE ${containsPattern(text)})` : Sql.empty;
  const direction = Sql.raw(filter.sort === 'name-desc' ? 'DESC' : 'ASC');
  return pageWithTotal(filter.page, (skip) =>
    scope.portal.$queryRaw<(ScopeOrganization & StoredFigures & { total: number })[]>`
      WITH listed AS (SELECT o.id, o.slug, o."shortName", o."fullName", o."timeZone" FROM "Organization" o WHERE o.kind = 'KINDERGARTEN' ${byName})
      SELECT t.total, p.id, p.slug, p."shortName", p."fullName", p."timeZone", ${Sql.raw(STORED_FIGURES_COLUMNS('f'))}
        FROM (SELECT count(*)::int AS total FROM listed) t
        LEFT JOIN LATERAL (SELECT * FROM listed ORDER BY "shortName" ${direction}, id ${direction} OFFSET ${skip} LIMIT ${PAGE_SIZE}) p ON true
        LEFT JOIN "CityFigures" f ON f."organizationId" = p.id
       ORDER BY p."shortName" ${direction}, p.id ${direction}`,
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
 * Each organization's stages and indicators, in a fixed number of statements: the roadmap's states for many
 * organizations (every contributor's figures grouped by organization) and monitoring's indicators.
 */
export async function cityRows(scope: Scope, organizations: ScopeOrganization[], sources: CitySources): Promise<CityRow[]> {
  const [stages, indicators] = await Promise.all([stageStatesByOrganization(scope, organizations, sources.stages), indicatorsByOrganization(scope, organizations)]);
  return organizations.map((organization) => {
    const { cards, states } = stages.get(organization.id)!;
    return {
      organization,
      stages: cards.map((card, i) => ({ number: card.number, title: card.title, state: states[i]! })),
      indicators: indicators.get(organization.id)!,
    };
  });
}

/** The stored figures of each app, per contributor list (the composition root hands the same list to every page). */
const stores = new WeakMap<object, WeakMap<DashboardContributor[], CityFiguresStore>>();

/**
 * The app's stored figures (city.figures.ts) computed by `cityRows` from these contributors: one store per app, so
 * that the city page and the kindergarten's public page share its computations in flight (single flight) and its
 * maximum age (CITY_FIGURES_MAX_AGE_SECONDS).
 */
export function cityFiguresOf(ctx: Pick<AppContext, 'cityFiguresMaxAgeSeconds'>, sources: CitySources): CityFiguresStore {
  let byContributors = stores.get(ctx);
  if (!byContributors) stores.set(ctx, (byContributors = new WeakMap()));
  let store = byContributors.get(sources.stages);
  if (!store) byContributors.set(sources.stages, (store = cityFigures(ctx.cityFiguresMaxAgeSeconds, (scope, organizations) => cityRows(scope, organizations, sources))));
  return store;
}

/**
 * The /city page: a page of kindergartens (filtered and ordered by name) with their stages and counts — stored,
 * at most the maximum age old, or computed anew (city.figures.ts) — and the moment the oldest of them was computed
 * at (null: no kindergarten on the page). A page at a time: the statements are the same for any number, but each
 * kindergarten adds rows to them (CONTEXT.md, «Сколько это стоит»). Not audited: the page shows organizations'
 * names, states and counts — no one's personal data (CONTEXT.md, «Audited where one kindergarten is opened»).
 */
export async function cityOverview(scope: Scope, figures: CityFiguresStore, filter: { name: string; sort: CitySort; page: number }) {
  const { page, rows: organizations } = await cityOrganizations(scope, filter);
  const rows = await figures.rowsOf(scope, organizations);
  const computedAt = rows.reduce<Date | null>((oldest, row) => (oldest && oldest <= row.computedAt ? oldest : row.computedAt), null);
  // The columns: the roadmap's stages (each row's states are in their order: the dashboard's cards are its stages).
  return { page, rows, stages: roadmapStages(), computedAt };
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
  const [stageStates, indicators] = await Promise.all([stageStatesByOrganization(scope, [organization], sources.stages), indicatorsByOrganization(scope, [organization])]);
  await audit(scope, { action: 'city.organization_read', entityType: 'Organization', entityId: organization.id });
  const { cards, states } = stageStates.get(organization.id)!;
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
