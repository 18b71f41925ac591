import { Router, type Request } from 'express';
import { z } from 'zod';
import { requirePermission } from '../../core/auth/middleware.ts';
import type { AppContext } from '../../core/context.ts';
import { NotFoundError } from '../../core/errors.ts';
import { requestScope, type Scope } from '../../core/scope.ts';
import { ruDate, schoolYearOf } from '../../domain/dates.ts';
import { keyIndicators } from './monitoring.indicators.ts';
import { indicatorList, isListKey, LIST_LIMIT } from './monitoring.lists.ts';
import { chartsOf, figuresOf, schoolYearChoices } from './monitoring.page.ts';
import { schoolYearLabel } from './monitoring.rules.ts';

/** The first school year that has data (a mentee entry or a pair), for the selector; null: none yet. */
async function earliestSchoolYear(scope: Scope): Promise<number | null> {
  const [row] = await scope.db.$queryRaw<{ year: number | null }[]>`
    SELECT least((SELECT min(e."schoolYear") FROM "MenteeEntry" e WHERE e."organizationId" = ${scope.organization.id}),
                 (SELECT min(CASE WHEN extract(month FROM p."startsOn") >= 9 THEN extract(year FROM p."startsOn") ELSE extract(year FROM p."startsOn") - 1 END)::int
                    FROM "Pair" p WHERE p."organizationId" = ${scope.organization.id})) AS year`;
  return row?.year ?? null;
}

/** ?year=2025 — a school year by its first calendar year; absent or odd: the current one. */
function yearOf(req: Request, scope: Scope): number {
  const year = z.coerce.number().int().min(2000).max(2100).safeParse(req.query.year);
  return year.success ? year.data : schoolYearOf(scope.today);
}

/** /monitoring: stage 6's indicators of a school year with charts; /monitoring/lists/<key>: the rows behind a figure. */
export function monitoringRouter(ctx: AppContext): Router {
  const router = Router();
  const read = requirePermission('monitoring:read');

  router.get('/monitoring', read, async (req, res) => {
    const scope = requestScope(req, ctx);
    const schoolYear = yearOf(req, scope);
    const [indicators, earliest] = await Promise.all([keyIndicators(scope, schoolYear), earliestSchoolYear(scope)]);
    const years = schoolYearChoices(scope.today, earliest);
    if (!years.includes(schoolYear)) years.push(schoolYear);
    res.render('monitoring/index', {
      title: 'Мониторинг наставничества',
      schoolYear,
      yearLabel: schoolYearLabel(schoolYear),
      years: years.sort((a, b) => b - a).map((y) => ({ value: y, label: schoolYearLabel(y) })),
      figures: figuresOf(indicators),
      charts: chartsOf(indicators),
    });
  });

  router.get('/monitoring/lists/:key', read, async (req, res) => {
    const key = String(req.params.key);
    if (!isListKey(key)) throw new NotFoundError();
    const scope = requestScope(req, ctx);
    const schoolYear = yearOf(req, scope);
    const list = await indicatorList(scope, key, schoolYear);
    res.render('monitoring/list', { title: `${list.title}, ${schoolYearLabel(schoolYear)} учебный год`, list, schoolYear, limit: LIST_LIMIT, ruDate });
  });

  return router;
}
