import { Router, type Request } from 'express';
import type { AppContext } from '../../core/context.ts';
import { requirePermission } from '../../core/auth/middleware.ts';
import { NotFoundError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { parseForm, renderInvalid } from '../../core/forms.ts';
import { pageHref } from '../../core/pagination.ts';
import { requestScope, type Scope } from '../../core/scope.ts';
import { MENTEE_CATEGORY_LABELS, MENTEE_STATUS_LABELS, MENTORING_FORM_LABELS } from '../../domain/mentoring.ts';
import { AcceptPool, EntryIdParam, MenteeQuery, OverviewQuery, PoolQuery, SaveWeights, WEIGHT_FIELDS } from './matching.schemas.ts';
import { DEFAULT_WEIGHTS, reasonsText } from './matching.score.ts';
import { acceptPool, loadWeights, matchingOverview, menteeMatching, poolMatching, resetWeights, saveWeights } from './matching.service.ts';

const labels = { forms: MENTORING_FORM_LABELS, categories: MENTEE_CATEGORY_LABELS, menteeStatuses: MENTEE_STATUS_LABELS };

function entryIdOf(req: Request): number {
  const id = EntryIdParam.safeParse(req.params.entryId);
  if (!id.success) throw new NotFoundError();
  return id.data;
}

export function matchingRouter(ctx: AppContext): Router {
  const router = Router();
  const scopeOf = (req: Request) => requestScope(req, ctx);
  router.use('/matching', requirePermission('matching:use'));

  router.get('/matching', async (req, res) => {
    const query = OverviewQuery.parse(req.query);
    const data = await matchingOverview(scopeOf(req), query);
    // Two lists page independently: each link keeps the other list's page.
    const current = { page: data.page.page > 1 ? String(data.page.page) : undefined, gpage: data.groupPage.page > 1 ? String(data.groupPage.page) : undefined };
    // The locals written out: a spread with properties around it takes V8's slow path, on every request.
    res.render('matching/index', {
      title: 'Подбор наставников',
      waiting: data.waiting,
      page: data.page,
      groups: data.groups,
      groupPage: data.groupPage,
      mentorCount: data.mentorCount,
      labels,
      reasonsText,
      pageLink: (n: number) => pageHref('/matching', { gpage: current.gpage }, n),
      groupPageLink: (n: number) => pageHref('/matching', { page: current.page, gpage: n > 1 ? String(n) : undefined }, 1),
    });
  });

  // «Подобрать всем»: the whole waiting pool at once, exact; the methodist accepts all or some as drafts.
  const poolView = async (scope: Scope, query: { shared?: '1' }) => ({ title: 'Подобрать всем', ...(await poolMatching(scope, query)), labels });

  router.get('/matching/pool', async (req, res) => {
    res.render('matching/pool', { ...(await poolView(scopeOf(req), PoolQuery.parse(req.query))), checked: null, errors: {} });
  });

  router.post('/matching/pool/accept', requirePermission('pairs:manage'), async (req, res) => {
    const scope = scopeOf(req);
    const form = parseForm(AcceptPool, req.body);
    if (!form.ok) {
      const kept = form.values.proposal;
      return renderInvalid(res, 'matching/pool', {
        ...(await poolView(scope, {})),
        checked: kept === undefined ? [] : (Array.isArray(kept) ? kept : [kept]).map(String),
        errors: { proposal: Object.values(form.errors)[0] ?? 'Отметьте хотя бы одно предложение' },
      });
    }
    const outcomes = await acceptPool(scope, form.data.proposal);
    res.render('matching/pool-accepted', { title: 'Подобрать всем: результат', outcomes, labels });
  });

  router.get('/matching/mentees/:entryId', async (req, res) => {
    const query = MenteeQuery.parse(req.query);
    const data = await menteeMatching(scopeOf(req), entryIdOf(req), query);
    res.render('matching/mentee', {
      title: `Подбор наставника: ${data.mentee.name}`,
      entry: data.entry,
      mentee: data.mentee,
      form: data.form,
      waiting: data.waiting,
      openPairs: data.openPairs,
      lineManagerName: data.lineManagerName,
      ranked: data.ranked,
      unrelated: data.unrelated,
      excluded: data.excluded,
      virtual: data.virtual,
      custom: data.custom,
      labels,
    });
  });

  const settingsView = async (scope: Scope) => ({ title: 'Веса подбора наставников', fields: WEIGHT_FIELDS, defaults: DEFAULT_WEIGHTS, ...(await loadWeights(scope)) });

  router.get('/matching/settings', async (req, res) => {
    const view = await settingsView(scopeOf(req));
    res.render('matching/settings', { ...view, values: view.weights, errors: {} });
  });

  router.post('/matching/settings', async (req, res) => {
    const scope = scopeOf(req);
    const form = parseForm(SaveWeights, req.body);
    if (!form.ok) return renderInvalid(res, 'matching/settings', { ...(await settingsView(scope)), values: form.values, errors: form.errors });
    await saveWeights(scope, form.data);
    flash(req, 'Веса подбора сохранены: списки наставников пересчитаны по ним');
    res.redirect(303, '/matching/settings');
  });

  router.post('/matching/settings/reset', async (req, res) => {
    await resetWeights(scopeOf(req));
    flash(req, 'Восстановлены веса по умолчанию');
    res.redirect(303, '/matching/settings');
  });

  return router;
}
