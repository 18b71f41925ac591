/**
 * /programmes: the list, a programme's card with its plan, the item page a teacher uses from the phone (status,
 * own mark, comments, evidence photo), the final words and completion, the history, the printed programme, and
 * the methodist's approval and settings. Thin handlers: parse → service → render or redirect. A refusal by the
 * programme's state comes back as an alert on the page the user came from; invalid input re-renders the form
 * (422) with the values kept.
 */
import { Router, type Request, type Response } from 'express';
import { requirePermission } from '../../core/auth/middleware.ts';
import type { AppContext } from '../../core/context.ts';
import { sendDocument } from '../../core/documents/index.ts';
import { ConflictError, FormError, NotFoundError, type FieldErrors } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { parseForm } from '../../core/forms.ts';
import { pageHref } from '../../core/pagination.ts';
import { requestScope, type Scope } from '../../core/scope.ts';
import { acceptUpload, checkUpload, sendStoredFile, uploadError, type CheckedUpload } from '../../core/uploads.ts';
import { isoOfDbDate, ruDate } from '../../domain/dates.ts';
import { MENTEE_CATEGORY_LABELS, MENTORING_FORM_LABELS } from '../../domain/mentoring.ts';
import { setProgrammeApproval } from '../settings/index.ts';
import { accessProgramme, approvalOf, requireAbility } from './programmes.access.ts';
import { programmeFile } from './programmes.documents.ts';
import {
  APPROVAL_LABELS,
  ITEM_STATUS_LABELS,
  ITEM_STATUSES,
  MARK_LABELS,
  PROGRAMME_STATUS_LABELS,
  PROGRAMME_STATUSES,
  RESPONSIBLE_LABELS,
  ROLE_LABELS,
  STANDARD_FORMS,
  STANDARD_SECTIONS,
} from './programmes.labels.ts';
import { approveProgramme, completeProgramme, returnProgramme, saveAssessment, startProgramme, submitProgramme } from './programmes.lifecycle.ts';
import { addComment, addEvidence, addItem, changeItemStatus, deleteItem, evidenceFile, removeEvidence, saveProgrammeText, setMark, updateItem } from './programmes.plan.ts';
import { AddComment, ChangeItemStatus, IdParam, PROGRAMME_LIMITS, ProgrammeListQuery, ReturnProgramme, SaveAssessment, SaveItem, SaveProgramme, SaveSettings, SetMark } from './programmes.schemas.ts';
import { historyPage, itemPage, listProgrammes, ownPairsWithout, programmeCard, programmeFigures, sectionTitles } from './programmes.service.ts';
import { templatesRoutes } from './templates.routes.ts';

export const labels = {
  statuses: PROGRAMME_STATUS_LABELS,
  itemStatuses: ITEM_STATUS_LABELS,
  responsible: RESPONSIBLE_LABELS,
  roles: ROLE_LABELS,
  marks: MARK_LABELS,
  approval: APPROVAL_LABELS,
  forms: MENTORING_FORM_LABELS,
  categories: MENTEE_CATEGORY_LABELS,
};
export const choices = {
  sections: STANDARD_SECTIONS,
  itemForms: STANDARD_FORMS,
  responsible: Object.entries(RESPONSIBLE_LABELS),
  itemStatuses: ITEM_STATUSES.map((s) => [s, ITEM_STATUS_LABELS[s]]),
};

/** «01.09.2026» of a `@db.Date` value or of 'YYYY-MM-DD'. */
function calendarDay(d: Date | string | null | undefined): string {
  if (!d) return '';
  return ruDate(d instanceof Date ? isoOfDbDate(d) : d);
}

/** A calendar date as the forms' `YYYY-MM-DD` (made once, not a closure per request). */
const isoDay = (d: Date | string | null): string => (d instanceof Date ? isoOfDbDate(d) : (d ?? ''));

function idOf(value: unknown, what = 'Программа не найдена'): number {
  const id = IdParam.safeParse(value);
  if (!id.success) throw new NotFoundError(what);
  return id.data;
}

const programmeHref = (id: number) => `/programmes/${id}`;
const itemHref = (id: number, itemId: number) => `/programmes/${id}/items/${itemId}`;

export function programmesRouter(ctx: AppContext): Router {
  const router = Router();
  const scopeOf = (req: Request): Scope => requestScope(req, ctx);
  const own = requirePermission('programmes:own');
  const approve = requirePermission('programmes:approve');

  /** A state refusal (409) becomes an alert on the page the user came from. */
  const refusedTo = (req: Request, res: Response, href: string, error: unknown) => {
    if (!(error instanceof ConflictError)) throw error;
    flash(req, error.message, 'alert');
    res.redirect(303, href);
  };

  // Calendar dates (a deadline, a term) print as they are stored, never shifted by a time zone; moments use fmt.
  router.use('/programmes', (_req, res, next) => {
    res.locals.day = calendarDay;
    res.locals.iso = isoDay;
    next();
  });

  // ---- the list, the settings, the templates --------------------------------------------------------------

  router.get('/programmes', own, async (req, res) => {
    const scope = scopeOf(req);
    const filter = ProgrammeListQuery.parse(req.query);
    const all = scope.can('programmes:read');
    const [{ programmes, page }, figures, ownWithout] = await Promise.all([
      listProgrammes(scope, filter),
      all ? programmeFigures(scope) : Promise.resolve(null),
      all ? Promise.resolve([]) : ownPairsWithout(scope),
    ]);
    const query = { q: filter.q, status: filter.status, overdue: filter.overdue ? '1' : undefined, written: filter.written ? '1' : undefined, approved: filter.approved ? '1' : undefined };
    res.render('programmes/index', {
      title: all ? 'Персонализированные программы наставничества' : 'Мои программы наставничества',
      all,
      programmes,
      page,
      filter,
      figures,
      pairsWithout: figures ? figures.pairsWithout : ownWithout,
      labels,
      statuses: PROGRAMME_STATUSES,
      pageLink: (n: number) => pageHref('/programmes', query, n),
    });
  });

  router.post('/programmes', own, async (req, res) => {
    const pairId = idOf(req.body?.pairId, 'Пара не найдена');
    try {
      const programme = await startProgramme(scopeOf(req), pairId);
      flash(req, 'Программа составлена по шаблону: проверьте её и доработайте вместе с наставляемым.');
      res.redirect(303, programmeHref(programme.id));
    } catch (error) {
      refusedTo(req, res, '/programmes', error);
    }
  });

  const renderSettings = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors: FieldErrors) => {
    res.status(status).render('programmes/settings', { title: 'Утверждение программ', labels, values, errors });
  };
  router.get('/programmes/settings', approve, async (req, res) => renderSettings(req, res, 200, { approval: await approvalOf(scopeOf(req)) }, {}));
  router.post('/programmes/settings', approve, async (req, res) => {
    const form = parseForm(SaveSettings, req.body);
    if (!form.ok) return renderSettings(req, res, 422, form.values, form.errors);
    await setProgrammeApproval(scopeOf(req), form.data.approval);
    flash(req, form.data.approval === 'ORDER' ? 'Теперь программы утверждаются приказом заведующего.' : 'Теперь программы утверждает методист в портале.');
    res.redirect(303, '/programmes/settings');
  });

  router.use(templatesRoutes(ctx));

  // ---- one programme ---------------------------------------------------------------------------------------

  // Registered before /programmes/:id: path-to-regexp reads «12.pdf» as the id 12 and the format «pdf».
  router.get('/programmes/:id.:format', own, async (req, res) => {
    const format = req.params.format;
    if (format !== 'pdf' && format !== 'docx') throw new NotFoundError();
    const { doc, fileName } = await programmeFile(scopeOf(req), idOf(req.params.id), format);
    await sendDocument(res, doc, format, fileName);
  });

  const renderCard = async (req: Request, res: Response, status: number, values: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const card = await programmeCard(scopeOf(req), idOf(req.params.id));
    res.status(status).render('programmes/show', { title: card.programme.title, ...card, labels, values, errors });
  };

  router.get('/programmes/:id', own, (req, res) => renderCard(req, res, 200));

  router.get('/programmes/:id/history', own, async (req, res) => {
    const page = await historyPage(scopeOf(req), idOf(req.params.id));
    res.render('programmes/history', { title: `История изменений: ${page.programme.title}`, ...page, labels });
  });

  const renderEdit = async (req: Request, res: Response, status: number, values: Record<string, unknown> | null, errors: FieldErrors) => {
    const access = await requireAbility(scopeOf(req), idOf(req.params.id), 'editPlan');
    const p = access.programme;
    const current = { title: p.title, goal: p.goal, tasks: p.tasks, request: p.request, expectedResults: p.expectedResults, startsOn: isoOfDbDate(p.startsOn), endsOn: isoOfDbDate(p.endsOn) };
    res.status(status).render('programmes/edit', { title: 'Изменить программу', ...access, values: values ?? current, errors, labels });
  };

  router.get('/programmes/:id/edit', own, async (req, res) => {
    try {
      await renderEdit(req, res, 200, null, {});
    } catch (error) {
      refusedTo(req, res, programmeHref(idOf(req.params.id)), error);
    }
  });

  router.post('/programmes/:id', own, async (req, res) => {
    const id = idOf(req.params.id);
    try {
      const form = parseForm(SaveProgramme, req.body);
      if (!form.ok) return await renderEdit(req, res, 422, form.values, form.errors);
      await saveProgrammeText(scopeOf(req), id, form.data);
      flash(req, 'Изменения сохранены');
      res.redirect(303, programmeHref(id));
    } catch (error) {
      refusedTo(req, res, programmeHref(id), error);
    }
  });

  // ---- the workflow ---------------------------------------------------------------------------------------

  const step = (path: string, run: (scope: Scope, id: number) => Promise<unknown>, notice: string) => {
    router.post(`/programmes/:id/${path}`, own, async (req, res) => {
      const id = idOf(req.params.id);
      try {
        await run(scopeOf(req), id);
        flash(req, notice);
        res.redirect(303, programmeHref(id));
      } catch (error) {
        refusedTo(req, res, programmeHref(id), error);
      }
    });
  };
  step('submit', submitProgramme, 'Программа направлена на утверждение методисту');
  step('approve', approveProgramme, 'Программа утверждена. Пара может отмечать выполнение мероприятий.');
  step('complete', completeProgramme, 'Программа завершена. Теперь она доступна только для чтения.');

  router.post('/programmes/:id/return', own, async (req, res) => {
    const id = idOf(req.params.id);
    try {
      await requireAbility(scopeOf(req), id, 'returnToPair');
      const form = parseForm(ReturnProgramme, req.body);
      if (!form.ok) return await renderCard(req, res, 422, form.values, form.errors);
      await returnProgramme(scopeOf(req), id, form.data.comment);
      flash(req, 'Программа возвращена паре на доработку');
      res.redirect(303, programmeHref(id));
    } catch (error) {
      refusedTo(req, res, programmeHref(id), error);
    }
  });

  // ---- final words ------------------------------------------------------------------------------------------

  const renderFinal = async (req: Request, res: Response, status: number, values: Record<string, unknown> | null, errors: FieldErrors) => {
    const scope = scopeOf(req);
    const access = await accessProgramme(scope, idOf(req.params.id));
    const mine = access.programme.assessments.find((a) => a.staffMemberId === scope.staffMemberId);
    res.status(status).render('programmes/complete', {
      title: `Итоги программы: ${access.programme.title}`,
      ...access,
      values: values ?? (mine ? { score: String(mine.score), text: mine.text } : {}),
      errors,
      labels,
    });
  };

  router.get('/programmes/:id/complete', own, (req, res) => renderFinal(req, res, 200, null, {}));

  router.post('/programmes/:id/assessment', own, async (req, res) => {
    const id = idOf(req.params.id);
    try {
      await requireAbility(scopeOf(req), id, 'assess');
      const form = parseForm(SaveAssessment, req.body);
      if (!form.ok) return await renderFinal(req, res, 422, form.values, form.errors);
      await saveAssessment(scopeOf(req), id, form.data);
      flash(req, 'Итоговая запись сохранена');
      res.redirect(303, `${programmeHref(id)}/complete`);
    } catch (error) {
      refusedTo(req, res, `${programmeHref(id)}/complete`, error);
    }
  });

  // ---- plan items -------------------------------------------------------------------------------------------

  const renderItemForm = async (req: Request, res: Response, status: number, values: Record<string, unknown> | null, errors: FieldErrors, itemId?: number) => {
    const scope = scopeOf(req);
    const id = idOf(req.params.id);
    const access = await requireAbility(scope, id, 'editPlan');
    const item = itemId ? (await itemPage(scope, id, itemId)).item : null;
    const current = item
      ? { section: item.section, activity: item.activity, form: item.form, dueOn: item.due, expectedResult: item.expectedResult, responsible: item.responsible }
      : { section: typeof req.query.section === 'string' ? req.query.section.slice(0, 150) : '', responsible: 'BOTH', dueOn: '' };
    const sections = await sectionTitles(scope, id);
    res.status(status).render('programmes/item-form', {
      title: item ? 'Изменить мероприятие' : 'Новое мероприятие',
      ...access,
      item,
      values: values ?? current,
      errors,
      labels,
      choices: { ...choices, sections },
      datesLocked: access.programme.status !== 'DRAFT' && Boolean(item),
      term: { startsOn: isoOfDbDate(access.programme.startsOn), endsOn: isoOfDbDate(access.programme.endsOn) },
    });
  };

  router.get('/programmes/:id/items/new', own, async (req, res) => {
    try {
      await renderItemForm(req, res, 200, null, {});
    } catch (error) {
      refusedTo(req, res, programmeHref(idOf(req.params.id)), error);
    }
  });

  router.post('/programmes/:id/items', own, async (req, res) => {
    const id = idOf(req.params.id);
    try {
      const form = parseForm(SaveItem, req.body);
      if (!form.ok) return await renderItemForm(req, res, 422, form.values, form.errors);
      try {
        await addItem(scopeOf(req), id, form.data);
      } catch (error) {
        if (error instanceof FormError) return await renderItemForm(req, res, 422, req.body, error.fieldErrors);
        throw error;
      }
      flash(req, 'Мероприятие добавлено в план');
      res.redirect(303, programmeHref(id));
    } catch (error) {
      refusedTo(req, res, programmeHref(id), error);
    }
  });

  const renderItem = async (req: Request, res: Response, status: number, values: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const id = idOf(req.params.id);
    const page = await itemPage(scopeOf(req), id, idOf(req.params.itemId, 'Мероприятие не найдено'));
    res.status(status).render('programmes/item', {
      title: page.item.activity.length > 90 ? `${page.item.activity.slice(0, 90)}…` : page.item.activity,
      ...page,
      labels,
      choices,
      values: { status: page.item.status, ...values },
      errors,
      maxFileMb: PROGRAMME_LIMITS.evidenceBytes / 1024 / 1024,
    });
  };

  router.get('/programmes/:id/items/:itemId', own, (req, res) => renderItem(req, res, 200));

  router.get('/programmes/:id/items/:itemId/edit', own, async (req, res) => {
    const id = idOf(req.params.id);
    try {
      await renderItemForm(req, res, 200, null, {}, idOf(req.params.itemId, 'Мероприятие не найдено'));
    } catch (error) {
      refusedTo(req, res, programmeHref(id), error);
    }
  });

  router.post('/programmes/:id/items/:itemId', own, async (req, res) => {
    const id = idOf(req.params.id);
    const itemId = idOf(req.params.itemId, 'Мероприятие не найдено');
    try {
      const form = parseForm(SaveItem, req.body);
      if (!form.ok) return await renderItemForm(req, res, 422, form.values, form.errors, itemId);
      try {
        await updateItem(scopeOf(req), id, itemId, form.data);
      } catch (error) {
        if (error instanceof FormError) return await renderItemForm(req, res, 422, req.body, error.fieldErrors, itemId);
        throw error;
      }
      flash(req, 'Мероприятие изменено');
      res.redirect(303, itemHref(id, itemId));
    } catch (error) {
      refusedTo(req, res, itemHref(id, itemId), error);
    }
  });

  router.post('/programmes/:id/items/:itemId/delete', own, async (req, res) => {
    const id = idOf(req.params.id);
    const itemId = idOf(req.params.itemId, 'Мероприятие не найдено');
    try {
      await deleteItem(scopeOf(req), id, itemId);
      flash(req, 'Мероприятие удалено из плана');
      res.redirect(303, programmeHref(id));
    } catch (error) {
      refusedTo(req, res, itemHref(id, itemId), error);
    }
  });

  /** The item page's small forms: parse, run, back to the item (422 on the item page with the message). */
  const itemAction = <T>(path: string, schema: Parameters<typeof parseForm>[0], ability: 'work' | 'comment', run: (scope: Scope, id: number, itemId: number, data: T) => Promise<unknown>, notice: string) => {
    router.post(`/programmes/:id/items/:itemId/${path}`, own, async (req, res) => {
      const id = idOf(req.params.id);
      const itemId = idOf(req.params.itemId, 'Мероприятие не найдено');
      try {
        // Rights and state first: a stranger gets 404/403 and a completed programme its reason, whatever the form holds.
        await requireAbility(scopeOf(req), id, ability);
        const form = parseForm(schema, req.body);
        if (!form.ok) return await renderItem(req, res, 422, form.values, form.errors);
        try {
          await run(scopeOf(req), id, itemId, form.data as T);
        } catch (error) {
          if (error instanceof FormError) return await renderItem(req, res, 422, req.body, error.fieldErrors);
          throw error;
        }
        flash(req, notice);
        res.redirect(303, itemHref(id, itemId));
      } catch (error) {
        refusedTo(req, res, itemHref(id, itemId), error);
      }
    });
  };
  itemAction('status', ChangeItemStatus, 'work', changeItemStatus, 'Статус мероприятия сохранён');
  itemAction<{ mark: number }>('mark', SetMark, 'work', (scope, id, itemId, data) => setMark(scope, id, itemId, data.mark), 'Ваша отметка сохранена');
  itemAction<{ text: string }>('comments', AddComment, 'comment', (scope, id, itemId, data) => addComment(scope, id, itemId, data.text), 'Комментарий добавлен');

  // Evidence: a photo from the phone's camera or a file; multipart, so the CSRF token rides in the action URL.
  router.post('/programmes/:id/items/:itemId/evidence', own, acceptUpload('file', PROGRAMME_LIMITS.evidenceBytes, 'photo'), async (req, res) => {
    const id = idOf(req.params.id);
    const itemId = idOf(req.params.itemId, 'Мероприятие не найдено');
    try {
      await requireAbility(scopeOf(req), id, 'work');
      const tooBig = uploadError(req);
      let upload: CheckedUpload;
      try {
        if (tooBig) throw new FormError({ file: tooBig });
        upload = await checkUpload(req.file, ['jpg', 'png', 'pdf'], 'file');
        await addEvidence(scopeOf(req), ctx.uploadsDir, id, itemId, upload);
      } catch (error) {
        if (error instanceof FormError) return await renderItem(req, res, 422, {}, error.fieldErrors);
        throw error;
      }
      flash(req, 'Файл приложен к мероприятию');
      res.redirect(303, itemHref(id, itemId));
    } catch (error) {
      refusedTo(req, res, itemHref(id, itemId), error);
    }
  });

  router.get('/programmes/:id/evidence/:fileId', own, async (req, res) => {
    const file = await evidenceFile(scopeOf(req), idOf(req.params.id), idOf(req.params.fileId, 'Файл не найден'));
    await sendStoredFile(res, ctx.uploadsDir, file);
  });

  router.post('/programmes/:id/evidence/:fileId/delete', own, async (req, res) => {
    const id = idOf(req.params.id);
    const back = typeof req.body?.back === 'string' && /^\/programmes\/\d+\/items\/\d+$/.test(req.body.back) ? req.body.back : programmeHref(id);
    try {
      await removeEvidence(scopeOf(req), ctx.uploadsDir, id, idOf(req.params.fileId, 'Файл не найден'));
      flash(req, 'Файл удалён');
      res.redirect(303, back);
    } catch (error) {
      refusedTo(req, res, back, error);
    }
  });

  return router;
}
