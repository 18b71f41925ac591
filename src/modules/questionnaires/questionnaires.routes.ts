import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../core/context.ts';
import { requirePermission, requireUser } from '../../core/auth/middleware.ts';
import { ConflictError, FormError, NotFoundError, type FieldErrors } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { parseForm, renderInvalid } from '../../core/forms.ts';
import { pageHref } from '../../core/pagination.ts';
import { requestScope } from '../../core/scope.ts';
import { formValuesOf, postedValuesOf, type AnswerFormValues } from './questionnaires.answers.ts';
import { applyBuilder, type BuilderOp } from './questionnaires.builder.ts';
import { chartSvg } from './questionnaires.charts.ts';
import {
  AUDIENCE_LABELS,
  builderValues,
  draftOf,
  FromTemplate,
  IdParam,
  KeyParam,
  ListQuery,
  readBuilderBody,
  RespondAction,
  ResultsQuery,
  SaveQuestionnaire,
  type DraftQuestion,
} from './questionnaires.schemas.ts';
import {
  closeQuestionnaire,
  createQuestionnaire,
  ensureTemplateQuestionnaire,
  getOwnResponse,
  getQuestionnaire,
  getRespondForm,
  getResponseForReview,
  getResults,
  listForRespondent,
  listQuestionnaires,
  publishQuestionnaire,
  respond,
  saveQuestionnaire,
  settingsValues,
  staffMemberIdOf,
  type QuestionnaireDetails,
  type RespondForm,
} from './questionnaires.service.ts';
import { isLocked, TEMPLATES } from './questionnaires.templates.ts';
import { viewHelpers } from './questionnaires.view.ts';

function idOf(value: unknown): number {
  const id = IdParam.safeParse(value);
  if (!id.success) throw new NotFoundError();
  return id.data;
}

const audiences = Object.entries(AUDIENCE_LABELS);
const emptyAdded: DraftQuestion = { key: '', kind: 'SINGLE', text: '', hint: '', required: false, options: '' };

export function questionnairesRouter(ctx: AppContext): Router {
  const router = Router();
  const scopeOf = (req: Request) => requestScope(req, ctx);
  router.use('/questionnaires', requireUser, (_req, res, next) => {
    Object.assign(res.locals, viewHelpers);
    next();
  });
  const manage = requirePermission('questionnaires:manage');
  const results = requirePermission('questionnaires:results');
  const answer = requirePermission('questionnaires:answer');

  // ---- list and create ------------------------------------------------------------------------

  router.get('/questionnaires', answer, async (req, res) => {
    const scope = scopeOf(req);
    const { page: requested } = ListQuery.parse(req.query);
    const staffMemberId = await staffMemberIdOf(scope);
    const [managed, own] = await Promise.all([
      scope.can('questionnaires:results') ? listQuestionnaires(scope, requested) : null,
      staffMemberId ? listForRespondent(scope, staffMemberId) : null,
    ]);
    res.render('questionnaires/index', { title: 'Анкеты', managed, own, pageLink: (n: number) => pageHref('/questionnaires', {}, n) });
  });

  router.get('/questionnaires/new', manage, (_req, res) => {
    res.render('questionnaires/new', { title: 'Новая анкета', audiences, templates: Object.values(TEMPLATES), values: { audience: 'MENTEE_REQUESTS' }, errors: {} });
  });

  router.post('/questionnaires', manage, async (req, res) => {
    const form = parseForm(SaveQuestionnaire, req.body);
    if (!form.ok) {
      return renderInvalid(res, 'questionnaires/new', { title: 'Новая анкета', audiences, templates: Object.values(TEMPLATES), values: form.values, errors: form.errors });
    }
    const created = await createQuestionnaire(scopeOf(req), form.data);
    flash(req, 'Анкета создана. Добавьте вопросы.');
    res.redirect(303, `/questionnaires/${created.id}/edit`);
  });

  router.post('/questionnaires/from-template', manage, async (req, res) => {
    const form = parseForm(FromTemplate, req.body);
    if (!form.ok) throw new NotFoundError('Нет такого шаблона анкеты');
    const made = await ensureTemplateQuestionnaire(scopeOf(req), form.data.templateKey);
    flash(req, made.created ? `Анкета «${made.title}» создана по шаблону. Проверьте вопросы и опубликуйте её.` : `Анкета «${made.title}» по этому шаблону уже есть — вот она.`);
    res.redirect(303, `/questionnaires/${made.id}/edit`);
  });

  // ---- overview and builder (methodist) -------------------------------------------------------

  router.get('/questionnaires/:id', results, async (req, res) => {
    const q = await getQuestionnaire(scopeOf(req), idOf(req.params.id));
    res.render('questionnaires/show', { title: q.title, q });
  });

  function renderBuilder(res: Response, q: QuestionnaireDetails, state: { drafts: DraftQuestion[]; added: DraftQuestion; settings: Record<string, unknown>; errors: FieldErrors; formError?: string }, status = 200) {
    res.status(status).render('questionnaires/edit', {
      title: `Конструктор: ${q.title}`,
      q,
      audiences,
      drafts: state.drafts,
      locked: (key: string) => isLocked(q.templateKey, key),
      values: builderValues(state.settings, state.drafts, state.added),
      errors: state.errors,
      formError: state.formError,
    });
  }

  router.get('/questionnaires/:id/edit', manage, async (req, res) => {
    const q = await getQuestionnaire(scopeOf(req), idOf(req.params.id));
    renderBuilder(res, q, { drafts: q.questions.map(draftOf), added: emptyAdded, settings: settingsValues(q), errors: {} });
  });

  /** Every builder button posts the whole form: edits made before pressing «↑» or «Удалить» are kept. */
  async function builderAction(req: Request, res: Response, op: BuilderOp) {
    const q = await getQuestionnaire(scopeOf(req), idOf(req.params.id));
    const body = req.body as Record<string, unknown>;
    const settings = parseForm(SaveQuestionnaire, body);
    const posted = readBuilderBody(body);
    const built = applyBuilder(q.questions, posted.questions, posted.added, op, q.templateKey);
    const errors = { ...(settings.ok ? {} : settings.errors), ...built.errors };
    const settingsShown = settings.ok ? body : settings.values;
    if (!settings.ok || !built.questions) {
      return renderBuilder(res, q, { drafts: built.drafts, added: built.added, settings: settingsShown, errors, formError: built.formError }, 422);
    }
    const saved = await saveQuestionnaire(scopeOf(req), q.id, settings.data, built.questions);
    flash(
      req,
      saved.newVersion
        ? `Сохранено как версия ${saved.versionNumber}: на анкету уже отвечали, прежние ответы остаются со своей версией.`
        : op.kind === 'add'
          ? 'Вопрос добавлен'
          : op.kind === 'delete'
            ? 'Вопрос удалён'
            : 'Изменения сохранены',
    );
    res.redirect(303, `/questionnaires/${q.id}/edit${built.focusKey ? `#question-${built.focusKey}` : ''}`);
  }

  router.post('/questionnaires/:id', manage, (req, res) => builderAction(req, res, { kind: 'save' }));
  router.post('/questionnaires/:id/questions', manage, (req, res) => builderAction(req, res, { kind: 'add' }));
  for (const [action, by] of [['up', -1], ['down', 1]] as const) {
    router.post(`/questionnaires/:id/questions/:key/${action}`, manage, (req, res) => {
      const key = KeyParam.safeParse(req.params.key);
      if (!key.success) throw new NotFoundError();
      return builderAction(req, res, { kind: 'move', key: key.data, by });
    });
  }
  router.post('/questionnaires/:id/questions/:key/delete', manage, (req, res) => {
    const key = KeyParam.safeParse(req.params.key);
    if (!key.success) throw new NotFoundError();
    return builderAction(req, res, { kind: 'delete', key: key.data });
  });

  router.post('/questionnaires/:id/publish', manage, async (req, res) => {
    const id = idOf(req.params.id);
    try {
      await publishQuestionnaire(scopeOf(req), id);
    } catch (error) {
      // A stale page (already published): say so rather than show an error page.
      if (error instanceof ConflictError) {
        flash(req, error.message, 'alert');
        return res.redirect(303, `/questionnaires/${id}`);
      }
      if (!(error instanceof FormError)) throw error;
      const q = await getQuestionnaire(scopeOf(req), id);
      return renderBuilder(res, q, { drafts: q.questions.map(draftOf), added: emptyAdded, settings: settingsValues(q), errors: error.fieldErrors, formError: error.message }, 422);
    }
    flash(req, 'Анкета опубликована: педагоги видят её в разделе «Анкеты».');
    res.redirect(303, `/questionnaires/${id}`);
  });

  router.post('/questionnaires/:id/close', manage, async (req, res) => {
    const id = idOf(req.params.id);
    try {
      const q = await closeQuestionnaire(scopeOf(req), id);
      flash(req, q.status === 'PUBLISHED' ? 'Приём ответов закрыт.' : 'Анкета перенесена в архив.');
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      flash(req, error.message, 'alert');
    }
    res.redirect(303, `/questionnaires/${id}`);
  });

  // ---- answering (any staff member with an account) --------------------------------------------

  async function respondent(req: Request, res: Response): Promise<number | null> {
    const staffMemberId = await staffMemberIdOf(scopeOf(req));
    if (!staffMemberId) res.status(403).render('questionnaires/no-staff', { title: 'Анкеты' });
    return staffMemberId;
  }

  function renderRespond(res: Response, form: RespondForm, values: AnswerFormValues, errors: FieldErrors = {}, status = 200) {
    res.status(status).render('questionnaires/respond', { title: form.questionnaire.title, form, values, errors });
  }

  router.get('/questionnaires/:id/respond', answer, async (req, res) => {
    const staffMemberId = await respondent(req, res);
    if (!staffMemberId) return;
    const form = await getRespondForm(scopeOf(req), idOf(req.params.id), staffMemberId);
    renderRespond(res, form, form.response ? formValuesOf(form.questions, form.response.answers) : {});
  });

  router.post('/questionnaires/:id/respond', answer, async (req, res) => {
    const staffMemberId = await respondent(req, res);
    if (!staffMemberId) return;
    const form = await getRespondForm(scopeOf(req), idOf(req.params.id), staffMemberId);
    const body = req.body as Record<string, unknown>;
    const action = RespondAction.parse(body.action);
    try {
      const saved = await respond(scopeOf(req), form, staffMemberId, body, action);
      if (saved.status === 'SUBMITTED') {
        flash(req, 'Спасибо! Ответы отправлены. До закрытия анкеты их можно изменить.');
        return res.redirect(303, `/questionnaires/${form.questionnaire.id}/my-response`);
      }
      flash(req, 'Черновик сохранён. Вернитесь к анкете, когда будет удобно, и отправьте её.');
      res.redirect(303, `/questionnaires/${form.questionnaire.id}/respond`);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      renderRespond(res, form, postedValuesOf(form.questions, body), error.fieldErrors, 422);
    }
  });

  router.get('/questionnaires/:id/my-response', answer, async (req, res) => {
    const staffMemberId = await respondent(req, res);
    if (!staffMemberId) return;
    const response = await getOwnResponse(scopeOf(req), idOf(req.params.id), staffMemberId);
    res.render('questionnaires/my-response', { title: `Мои ответы: ${response.questionnaire.title}`, response });
  });

  // ---- results (methodist, head) ----------------------------------------------------------------

  router.get('/questionnaires/:id/results', results, async (req, res) => {
    const id = idOf(req.params.id);
    const { page } = ResultsQuery.parse(req.query);
    const data = await getResults(scopeOf(req), id, page);
    const charts = data.summary.questions.map((s, i) => chartSvg(s, `chart-${i + 1}`));
    res.render('questionnaires/results', {
      title: `Результаты: ${data.questionnaire.title}`,
      ...data,
      charts,
      pageLink: (n: number) => pageHref(`/questionnaires/${id}/results`, {}, n),
    });
  });

  router.get('/questionnaires/:id/responses/:responseId', results, async (req, res) => {
    const response = await getResponseForReview(scopeOf(req), idOf(req.params.id), idOf(req.params.responseId));
    res.render('questionnaires/response', { title: `Ответ: ${response.questionnaire.title}`, response });
  });

  return router;
}

