import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { requirePermission } from '../../core/auth/middleware.ts';
import type { DashboardContributor } from '../../core/dashboard.ts';
import { sendDocument } from '../../core/documents/index.ts';
import { NotFoundError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { collectTodo, type TodoContributor } from '../../core/todo.ts';
import { requestScope, type Scope } from '../../core/scope.ts';
import { schoolYearOf } from '../../domain/dates.ts';
import { roadmapDocumentOf } from './roadmap.document.ts';
import {
  createMeasure,
  ensurePlan,
  formValuesOf,
  getMeasure,
  hasStoredPlan,
  MONTH_NAMES,
  moveMeasure,
  parseMeasureForm,
  planOf,
  removeMeasure,
  SCHOOL_MONTHS,
  schoolYearLabel,
  schoolYearParam,
  updateMeasure,
  whenText,
} from './roadmap.plan.ts';
import { dashboardCardsAndPlan } from './roadmap.service.ts';
import { stageStatusesOf } from './roadmap.states.ts';
import { roadmapStages } from './roadmap.stages.ts';

/** What other modules contribute to the dashboard (wired by the composition root). */
export interface DashboardContributions {
  /** «На согласовании» for the head: the orders waiting for approval. */
  awaitingApproval(scope: Scope): Promise<{ count: number; orders: unknown[] }>;
  /** The stage items, one contributor per module (src/core/dashboard.ts). */
  stages: DashboardContributor[];
  /** The person's own to-do items, one contributor per module (src/core/todo.ts). */
  todo: TodoContributor[];
}

/** The cards with each stage's state (the one rule, roadmap.states.ts) and the plan's measures of the stage (one statement). */
async function cardsWithStates(scope: Scope, contributors: DashboardContributor[]) {
  const { cards, plan } = await dashboardCardsAndPlan(scope, contributors);
  const statuses = stageStatusesOf(cards, plan, scope.today);
  // The status before the spread: a property after it is a slow store (composeDashboard).
  return { cards: cards.map((card, i) => ({ status: statuses[i]!, ...card })), plan };
}

export function roadmapRouter(ctx: AppContext, contributions: DashboardContributions): Router {
  const router = Router();
  const scopeOf = (req: Request) => requestScope(req, ctx);

  /**
   * The home: the person's own list first (what they must do, one tap to each), then — for those who run the
   * mentoring (staff:read: the methodist, the head, the administrator) — the roadmap's cards; a teacher gets a link to them.
   */
  router.get('/', requirePermission('dashboard:view'), async (req, res) => {
    const scope = scopeOf(req);
    const runs = scope.can('staff:read');
    // The head sees first what waits for her approval (views/orders/_awaiting.ejs).
    const [todo, composed, awaiting] = await Promise.all([
      collectTodo(scope, contributions.todo),
      runs ? cardsWithStates(scope, contributions.stages) : null,
      scope.can('orders:approve') ? contributions.awaitingApproval(scope) : null,
    ]);
    res.render('roadmap/index', { title: runs ? 'Мои дела и дорожная карта' : 'Мои дела', todo, cards: composed?.cards ?? null, plan: composed?.plan ?? null, awaiting });
  });

  /** The roadmap's cards on their own page (the teacher's link from the home). */
  router.get('/roadmap', requirePermission('dashboard:view'), async (req, res) => {
    const { cards, plan } = await cardsWithStates(scopeOf(req), contributions.stages);
    res.render('roadmap/index', { title: 'Дорожная карта наставничества', todo: null, cards, plan, awaiting: null });
  });

  // ---- the plan of measures: read by all, edited by the methodist ----------------------------------

  /** ?year=2026 — the school year 2026/2027; the current one when absent or not a year. */
  const yearOf = (req: Request, source: unknown = req.query.year) => {
    const parsed = schoolYearParam.safeParse(source);
    return parsed.success ? parsed.data : schoolYearOf(scopeOf(req).today);
  };
  const idOf = (req: Request) => {
    const id = z.coerce.number().int().positive().max(2_147_483_647).safeParse(req.params.id);
    if (!id.success) throw new NotFoundError();
    return id.data;
  };
  const planHref = (year: number) => `/roadmap/plan?year=${year}`;

  router.get('/roadmap/plan', requirePermission('roadmap:read'), async (req, res) => {
    const scope = scopeOf(req);
    const year = yearOf(req);
    const [plan, previousStored] = await Promise.all([planOf(scope, year), hasStoredPlan(scope, year - 1)]);
    const stages = roadmapStages().map((stage) => ({
      ...stage,
      measures: plan.measures.filter((m) => m.stage === stage.number).map((m) => ({ ...m, when: whenText(year, m) })),
    }));
    res.render('roadmap/plan', {
      title: `Дорожная карта: план мероприятий на ${schoolYearLabel(year)}`,
      plan,
      year,
      current: schoolYearOf(scope.today),
      previousStored,
      stages,
      total: plan.measures.length,
    });
  });

  // The printed roadmap (DOCX or PDF), from the plan of the year asked.
  for (const format of ['docx', 'pdf'] as const) {
    router.get(`/roadmap/plan.${format}`, requirePermission('roadmap:read'), async (req, res) => {
      const year = yearOf(req);
      await sendDocument(res, await roadmapDocumentOf(scopeOf(req), year), format, `Дорожная карта ${year}-${year + 1}`);
    });
  }

  /**
   * Stores the year's plan, so that each measure can be edited (a GET never writes): from the defaults, or
   * (`from` = the previous school year) carried over from last year's plan.
   */
  router.post('/roadmap/plan/start', requirePermission('roadmap:manage'), async (req, res) => {
    const year = yearOf(req, req.body?.year);
    const from = schoolYearParam.safeParse(req.body?.from);
    const scope = scopeOf(req);
    const copied = from.success && from.data === year - 1 && (await hasStoredPlan(scope, from.data));
    await ensurePlan(scope, year, copied ? { copyFrom: from.data } : {});
    flash(req, copied ? `План на ${schoolYearLabel(year)} перенесён из плана на ${schoolYearLabel(year - 1)}: мероприятия можно править` : `План на ${schoolYearLabel(year)} создан из типовой дорожной карты: мероприятия можно править`);
    res.redirect(303, planHref(year));
  });

  const stageOptions = () => roadmapStages().map((s): [string, string] => [String(s.number), `${s.number}. ${s.title}`]);
  const monthOptions = (year: number) => SCHOOL_MONTHS.map((m): [string, string] => [String(m), `${MONTH_NAMES[m]} ${m >= 9 ? year : year + 1}`]);
  const form = (res: Response, status: number, locals: { title: string; action: string; year: number; values: Record<string, unknown>; errors?: Record<string, string>; measureId?: number }) => {
    res.status(status).render('roadmap/measure', { stages: stageOptions(), months: monthOptions(locals.year), errors: {}, measureId: null, ...locals });
  };

  router.get('/roadmap/plan/new', requirePermission('roadmap:manage'), (req, res) => {
    const year = yearOf(req);
    const stage = z.coerce.number().int().min(1).max(7).safeParse(req.query.stage);
    form(res, 200, { title: 'Новое мероприятие дорожной карты', action: '/roadmap/plan', year, values: { year, stage: stage.success ? String(stage.data) : '' } });
  });

  router.post('/roadmap/plan', requirePermission('roadmap:manage'), async (req, res) => {
    const year = yearOf(req, req.body?.year);
    const parsed = parseMeasureForm(req.body, year);
    if (!parsed.ok) return form(res, 422, { title: 'Новое мероприятие дорожной карты', action: '/roadmap/plan', year, values: { ...parsed.values, year }, errors: parsed.errors });
    const id = await createMeasure(scopeOf(req), year, parsed.data);
    flash(req, 'Мероприятие добавлено в дорожную карту');
    res.redirect(303, `${planHref(year)}#measure-${id}`);
  });

  router.get('/roadmap/plan/:id', requirePermission('roadmap:manage'), async (req, res) => {
    const measure = await getMeasure(scopeOf(req), idOf(req));
    form(res, 200, { title: 'Правка мероприятия дорожной карты', action: `/roadmap/plan/${measure.id}`, year: measure.schoolYear, values: formValuesOf(measure), measureId: measure.id });
  });

  router.post('/roadmap/plan/:id', requirePermission('roadmap:manage'), async (req, res) => {
    const scope = scopeOf(req);
    const measure = await getMeasure(scope, idOf(req));
    const parsed = parseMeasureForm(req.body, measure.schoolYear);
    if (!parsed.ok) {
      return form(res, 422, { title: 'Правка мероприятия дорожной карты', action: `/roadmap/plan/${measure.id}`, year: measure.schoolYear, values: parsed.values, errors: parsed.errors, measureId: measure.id });
    }
    await updateMeasure(scope, measure.id, parsed.data);
    flash(req, 'Мероприятие сохранено');
    res.redirect(303, `${planHref(measure.schoolYear)}#measure-${measure.id}`);
  });

  router.post('/roadmap/plan/:id/move', requirePermission('roadmap:manage'), async (req, res) => {
    const direction = z.enum(['up', 'down']).safeParse(req.body?.direction);
    const id = idOf(req);
    if (!direction.success) {
      const measure = await getMeasure(scopeOf(req), id);
      return res.redirect(303, planHref(measure.schoolYear));
    }
    const { schoolYear } = await moveMeasure(scopeOf(req), id, direction.data);
    res.redirect(303, `${planHref(schoolYear)}#measure-${id}`);
  });

  router.post('/roadmap/plan/:id/delete', requirePermission('roadmap:manage'), async (req, res) => {
    const { schoolYear } = await removeMeasure(scopeOf(req), idOf(req));
    flash(req, 'Мероприятие удалено из дорожной карты');
    res.redirect(303, planHref(schoolYear));
  });

  return router;
}
