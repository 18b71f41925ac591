import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { currentUser, requirePermission, requireUser } from '../../core/auth/middleware.ts';
import { hasPermission } from '../../core/auth/permissions.ts';
import { NotFoundError } from '../../core/errors.ts';
import { pageHref, pageParam } from '../../core/pagination.ts';
import { requestScope } from '../../core/scope.ts';
import { plural } from '../../domain/words.ts';
import { cityFiguresOf, cityMonitoring, cityOverview, citySummary, INDICATOR_LABELS, STAGE_STATE_LABELS, type CitySort, type CitySources } from './city.service.ts';

const SORTS = ['name', 'name-desc'] as const satisfies readonly CitySort[];

const CityQuery = z.object({
  name: z.string().trim().max(100).optional().catch(undefined).default(''),
  sort: z.enum(SORTS).catch('name').default('name'),
  page: pageParam,
});

/** The kindergarten's id from the path; anything but a whole number in range is «not found». */
function organizationIdOf(req: Request): number {
  const id = z.coerce.number().int().positive().max(2_147_483_647).safeParse(req.params.id);
  if (!id.success) throw new NotFoundError();
  return id.data;
}

/** «5 минут», «90 секунд»: how often the page's figures are computed anew, as «раз в …» words it; null: at every view. */
function refreshInterval(seconds: number): string | null {
  if (!seconds) return null;
  if (seconds % 60) return `${seconds} ${plural(seconds, ['секунду', 'секунды', 'секунд'])}`;
  return `${seconds / 60} ${plural(seconds / 60, ['минуту', 'минуты', 'минут'])}`;
}

export function cityRouter(ctx: AppContext, sources: CitySources): Router {
  const router = Router();
  // The page's stored figures, this app's computations in flight with them (city.figures.ts; the public page shares them).
  const figures = cityFiguresOf(ctx, sources);
  const refreshEvery = refreshInterval(ctx.cityFiguresMaxAgeSeconds);

  /**
   * The city specialist's home is the city page: the kindergarten's home `/` (after signing in, the logo) is not
   * theirs, so it sends them on instead of refusing; everyone else goes on to the roadmap's `/`. A route for `/`, not
   * a middleware for every path: a router with such a middleware is walked by every request (core/route-dispatch.ts
   * groups the routers by the first segments their layers can match), this one now only by `/` and `/city…`.
   */
  router.get('/', requireUser, (req, res, next) => {
    // GET only, not the HEAD a GET route also answers. (requireUser: what the roadmap's `/` does first for a visitor.)
    const { role } = currentUser(req);
    if (req.method === 'GET' && hasPermission(role, 'city:view') && !hasPermission(role, 'dashboard:view')) {
      return res.redirect(303, '/city');
    }
    next();
  });

  router.get('/city', requirePermission('city:view'), async (req, res) => {
    const filter = CityQuery.parse(req.query);
    const { page, rows, stages, computedAt } = await cityOverview(requestScope(req, ctx), figures, filter);
    const query = { name: filter.name, sort: filter.sort === 'name' ? undefined : filter.sort };
    const sortLink = (sort: CitySort) => pageHref('/city', { name: query.name, sort: sort === 'name' ? undefined : sort }, 1);
    const pageLink = (n: number) => pageHref('/city', query, n);
    res.render('city/index', { title: 'Детские сады города', rows, stages, page, computedAt, refreshEvery, filter, sortLink, pageLink, indicatorLabels: INDICATOR_LABELS, stateLabels: STAGE_STATE_LABELS });
  });

  router.get('/city/org/:id', requirePermission('city:view'), async (req, res) => {
    const summary = await citySummary(requestScope(req, ctx), sources, organizationIdOf(req));
    res.render('city/organization', { title: summary.organization.shortName, ...summary, indicatorLabels: INDICATOR_LABELS, stateLabels: STAGE_STATE_LABELS });
  });

  // The kindergarten's monitoring page as its methodist sees it, read-only and without names (?year= as there).
  router.get('/city/org/:id/monitoring', requirePermission('city:view'), async (req, res) => {
    const { organization, page } = await cityMonitoring(requestScope(req, ctx), ctx, organizationIdOf(req), req.query);
    res.render('monitoring/index', { title: `Мониторинг наставничества — ${organization.shortName}`, ...page, organization, base: `/city/org/${organization.id}/monitoring`, cityView: true });
  });

  return router;
}
