/**
 * What the organization's public page (/p/<slug>) shows, read through the other modules' faces with a scope of
 * no user: the Regulation as frozen in the approved order, the roadmap's stages with their state as the city page
 * keeps them (the city's stored figures: computed by the roadmap's one rule, at most CITY_FIGURES_MAX_AGE_SECONDS
 * old — only each stage's title and state, never a figure or a name), published news and the public collection.
 * People: only names whose owners hold a valid distribution consent (those faces apply the rule at read time).
 *
 * Upcoming open events: the events module's section, handed in by the composition root (`PublicSources.upcomingEvents`).
 */
import type { AppContext } from '../../core/context.ts';
import type { DashboardContributor } from '../../core/dashboard.ts';
import { NotFoundError } from '../../core/errors.ts';
import { systemScope, type Scope } from '../../core/scope.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { storedStagesSql, type CityFiguresStore, type StoredStages } from '../city/index.ts';
import { publicItemsOf, publicItemsSql, type PublicItemRow } from '../collection/index.ts';
import { publishedNewsOf, publishedNewsSql, type PublishedNewsRow } from '../news/index.ts';
import { publicRegulationOf, publicRegulationSql } from '../orders/index.ts';
import { stateSummariesOf } from '../roadmap/index.ts';

/** A public section the composition root hands in: its SQL expression (a JSON array) and what turns its rows (its own business) into the list. */
export interface PublicSection<Row, Item> {
  sql(scope: Scope): Sql.Sql;
  rows(rows: Row[], scope: Scope): Item[];
}

/** What the composition root hands the public page. */
export interface PublicSources {
  /** The dashboard's contributors: the city's stored stages are computed anew from them when stale (city.figures.ts). */
  stages: DashboardContributor[];
  /** Upcoming open events (the events module's face); without it the section is omitted. */
  upcomingEvents?: PublicSection<unknown, { id?: number; title: string; startsAt: Date; place: string; kind?: string; when?: string }>;
}

/** The kindergarten of a public address, as a scope without a user (reads only), or 404 (an education authority has no public page). */
export async function publicScope(ctx: AppContext, slug: string): Promise<Scope> {
  const organization = /^[a-z0-9-]{1,100}$/.test(slug)
    ? (
        await ctx.db.portal.$queryRaw<{ id: number; slug: string; shortName: string; fullName: string; timeZone: string }[]>`
          SELECT id, slug, "shortName", "fullName", "timeZone" FROM "Organization" WHERE slug = ${slug} AND kind = 'KINDERGARTEN'`
      )[0]
    : null;
  if (!organization) throw new NotFoundError('Такой страницы нет');
  return systemScope(ctx, organization, { requestId: 'public' });
}

/**
 * The page in ONE statement: its own sections — the Regulation, news, the public collection, upcoming open events —
 * each an SQL expression built by its module (publicRegulationSql, publishedNewsSql, publicItemsSql, the events'
 * section), and the kindergarten's stored stages (the city's `storedStagesSql`). The stages are the same for every
 * visitor and the city page shows them too: computing them live (the dashboard's ten contributors and the plan)
 * was most of the page's PostgreSQL time and a third of its CPU. A stale or missing row is computed anew and stored
 * by the city's figures (`stagesOf`), as /city does.
 */
export async function publicPage(scope: Scope, figures: CityFiguresStore, events: PublicSources['upcomingEvents']) {
  const organizationId = scope.organization.id;
  const [row] = await scope.db.$queryRaw<{ sections: { regulation: unknown; news: PublishedNewsRow[]; items: PublicItemRow[]; events: unknown[] | null }; stages: StoredStages | null }[]>`
    SELECT json_build_object('regulation', ${publicRegulationSql(organizationId)}, 'news', ${publishedNewsSql(organizationId, 10)},
      'items', ${publicItemsSql(organizationId, 50)}, 'events', ${events ? events.sql(scope) : Sql.sql`NULL`}) AS sections,
      ${storedStagesSql(organizationId)} AS stages`;
  const { sections } = row!;
  return {
    regulation: publicRegulationOf(sections.regulation),
    // The state and its word only: what is missing and the plan's responsible stay inside the portal.
    stages: stateSummariesOf(await figures.stagesOf(scope, row!.stages)),
    news: publishedNewsOf(sections.news),
    items: publicItemsOf(sections.items),
    events: events && sections.events ? events.rows(sections.events, scope) : null,
  };
}
