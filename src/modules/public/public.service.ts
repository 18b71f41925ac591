/**
 * What the organization's public page (/p/<slug>) shows, read through the other modules' faces with a scope of
 * no user: the Regulation as frozen in the approved order, the roadmap's stages with their state (the roadmap's
 * one rule, roadmap.states.ts — only each stage's title and state, never a figure or a name),
 * published news and the public collection. People: only names whose owners hold a valid distribution
 * consent (those faces apply the rule at read time).
 *
 * Upcoming open events: a seam for the events module — `PublicSources.upcomingEvents` (not wired yet).
 */
import type { AppContext } from '../../core/context.ts';
import type { DashboardContributor } from '../../core/dashboard.ts';
import { NotFoundError } from '../../core/errors.ts';
import { systemScope, type Scope } from '../../core/scope.ts';
import { publicItems } from '../collection/index.ts';
import { publishedNews } from '../news/index.ts';
import { publicRegulation } from '../orders/index.ts';
import { stageStates } from '../roadmap/index.ts';

/** What the composition root hands the public page. */
export interface PublicSources {
  /** The dashboard's contributors: the roadmap computes each stage's state from them and its plan (one rule). */
  stages: DashboardContributor[];
  /** Upcoming open events (the events module's face), when it lands; until then the section is omitted. */
  upcomingEvents?: (scope: Scope) => Promise<{ id?: number; title: string; startsAt: Date; place: string }[]>;
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

export async function publicPage(scope: Scope, sources: PublicSources) {
  const [regulation, states, news, items, events] = await Promise.all([
    publicRegulation(scope),
    stageStates(scope, sources.stages),
    publishedNews(scope, 10),
    publicItems(scope, 50),
    sources.upcomingEvents ? sources.upcomingEvents(scope) : Promise.resolve(null),
  ]);
  // The state and its word only: what is missing and the plan's responsible stay inside the portal.
  const stages = states.map((s) => ({ number: s.number, title: s.title, summary: s.summary, state: s.state, stateLabel: s.stateLabel }));
  return { regulation, stages, news, items, events };
}
