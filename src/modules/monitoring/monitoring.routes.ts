import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requirePermission } from '../../core/auth/middleware.ts';
import type { AppContext } from '../../core/context.ts';
import { FormError, NotFoundError, type FieldErrors } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { sendDocument } from '../../core/documents/index.ts';
import { requestScope, type Scope } from '../../core/scope.ts';
import { ruDate, schoolYearOf } from '../../domain/dates.ts';
import { indicatorList, isListKey, LIST_LIMIT } from './monitoring.lists.ts';
import { monitoringPage, requestedSchoolYear } from './monitoring.overview.ts';
import { schoolYearLabel } from './monitoring.rules.ts';
import { getSubjectForm, questionnaireViewHelpers, submitSubjectResponse } from '../questionnaires/index.ts';
import { annualReport, reportTitle, reportWorkbook } from './monitoring.report.ts';
import { formReport } from './monitoring.formed.ts';
import { FORMS, isFormKey, type FormKey } from './monitoring.templates.ts';
import { addSwotNote, deleteSwotNote, HIGH, LOW, QUADRANT_LABELS, QUADRANTS, swotNotes, swotOf, swotResponses } from './monitoring.swot.ts';

/** ?year=2025 — a school year by its first calendar year; absent or odd: the current one. */
const yearOf = (req: Request, scope: Scope): number => requestedSchoolYear(req.query, scope);

/** /monitoring: stage 6's indicators of a school year with charts; /monitoring/lists/<key>: the rows behind a figure. */
export function monitoringRouter(ctx: AppContext): Router {
  const router = Router();
  const read = requirePermission('monitoring:read');

  router.get('/monitoring', read, async (req, res) => {
    const scope = requestScope(req, ctx);
    res.render('monitoring/index', { title: 'Мониторинг наставничества', base: '/monitoring', cityView: false, ...(await monitoringPage(scope, yearOf(req, scope))) });
  });

  // The annual report (DOCX, PDF) and its raw tables (XLSX).
  router.get('/monitoring/report.:format', read, async (req, res) => {
    const format = String(req.params.format);
    if (format !== 'pdf' && format !== 'docx' && format !== 'xlsx') throw new NotFoundError();
    const scope = requestScope(req, ctx);
    const schoolYear = yearOf(req, scope);
    if (format === 'xlsx') {
      const buffer = await reportWorkbook(scope, schoolYear);
      const name = `${reportTitle(schoolYear).replace('/', '-')} (таблицы).xlsx`;
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="monitoring-${schoolYear}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.send(buffer);
      return;
    }
    await sendDocument(res, await annualReport(scope, schoolYear), format, reportTitle(schoolYear).replace('/', '-'));
  });

  // «Сформировать отчёт»: the record that the year's report is formed (again: replaced), for stage 6.
  router.post('/monitoring/report/form', requirePermission('monitoring:manage'), async (req, res) => {
    const scope = requestScope(req, ctx);
    const schoolYear = z.coerce.number().int().min(2000).max(2100).catch(schoolYearOf(scope.today)).parse(req.body?.year);
    const { replaced } = await formReport(scope, schoolYear);
    flash(req, `${replaced ? 'Отчёт сформирован заново' : 'Отчёт сформирован'}: ${reportTitle(schoolYear)}`);
    res.redirect(303, `/monitoring?year=${schoolYear}`);
  });

  router.get('/monitoring/lists/:key', read, async (req, res) => {
    const key = String(req.params.key);
    if (!isListKey(key)) throw new NotFoundError();
    const scope = requestScope(req, ctx);
    const schoolYear = yearOf(req, scope);
    const list = await indicatorList(scope, key, schoolYear);
    res.render('monitoring/list', { title: `${list.title}, ${schoolYearLabel(schoolYear)} учебный год`, list, schoolYear, limit: LIST_LIMIT, ruDate });
  });

  // ---- the curator's SWOT analysis of the year -----------------------------------------------------------

  const renderSwot = async (req: Request, res: Response, status: number, schoolYear: number, values: Record<string, unknown>, errors: FieldErrors) => {
    const scope = requestScope(req, ctx);
    const [responses, notes] = await Promise.all([swotResponses(scope, schoolYear), swotNotes(scope, schoolYear)]);
    res.status(status).render('monitoring/swot', {
      title: `SWOT-анализ наставничества за ${schoolYearLabel(schoolYear)} учебный год`,
      schoolYear,
      responses: responses.length,
      statements: swotOf(responses),
      notes,
      quadrants: QUADRANTS,
      quadrantLabels: QUADRANT_LABELS,
      high: HIGH,
      low: LOW,
      values,
      errors,
    });
  };
  router.get('/monitoring/swot', read, (req, res) => renderSwot(req, res, 200, yearOf(req, requestScope(req, ctx)), {}, {}));
  router.post('/monitoring/swot/notes', requirePermission('monitoring:manage'), async (req, res) => {
    const scope = requestScope(req, ctx);
    const schoolYear = z.coerce.number().int().min(2000).max(2100).catch(schoolYearOf(scope.today)).parse(req.body?.year);
    const added = await addSwotNote(scope, schoolYear, req.body);
    if (!added.ok) return renderSwot(req, res, 422, schoolYear, req.body as Record<string, unknown>, added.errors);
    flash(req, 'Заметка добавлена в SWOT-анализ');
    res.redirect(303, `/monitoring/swot?year=${schoolYear}`);
  });
  router.post('/monitoring/swot/notes/:id/delete', requirePermission('monitoring:manage'), async (req, res) => {
    const id = z.coerce.number().int().positive().max(2_147_483_647).safeParse(req.params.id);
    if (!id.success) throw new NotFoundError();
    const scope = requestScope(req, ctx);
    const schoolYear = z.coerce.number().int().min(2000).max(2100).catch(schoolYearOf(scope.today)).parse(req.body?.year);
    await deleteSwotNote(scope, id.data);
    flash(req, 'Заметка удалена');
    res.redirect(303, `/monitoring/swot?year=${schoolYear}`);
  });

  // ---- answering: only the one it was opened for (the form is 404 for anyone else) ---------------------

  const answer = requirePermission('questionnaires:answer');
  const formOf = (req: Request): { programmeId: number; form: FormKey } => {
    const programmeId = z.coerce.number().int().positive().max(2_147_483_647).safeParse(req.params.programmeId);
    const form = String(req.params.form);
    if (!programmeId.success || !isFormKey(form)) throw new NotFoundError('Анкета не найдена');
    return { programmeId: programmeId.data, form };
  };
  const renderForm = async (req: Request, res: Response, status: number, posted: Record<string, unknown> | null, errors: FieldErrors) => {
    const scope = requestScope(req, ctx);
    const { programmeId, form } = formOf(req);
    const { template, occasion } = FORMS[form];
    if (scope.staffMemberId === null) throw new NotFoundError('Анкета не найдена');
    const opened = await getSubjectForm(scope, template, { type: 'PROGRAMME', id: programmeId, occasion }, scope.staffMemberId);
    if (!opened) throw new NotFoundError('Анкета не найдена');
    res.status(status).render('monitoring/respond', {
      title: opened.title,
      form: opened,
      action: req.originalUrl.split('?')[0],
      programmeId,
      occasion,
      values: posted ?? opened.values,
      errors,
      ...questionnaireViewHelpers,
    });
  };
  router.get('/monitoring/programmes/:programmeId/:form', answer, (req, res) => renderForm(req, res, 200, null, {}));
  router.post('/monitoring/programmes/:programmeId/:form', answer, async (req, res) => {
    const scope = requestScope(req, ctx);
    const { programmeId, form } = formOf(req);
    const { template, occasion } = FORMS[form];
    if (scope.staffMemberId === null) throw new NotFoundError('Анкета не найдена');
    try {
      const sent = await submitSubjectResponse(scope, template, { type: 'PROGRAMME', id: programmeId, occasion }, scope.staffMemberId, req.body as Record<string, unknown>);
      if (!sent) throw new NotFoundError('Анкета не найдена');
    } catch (error) {
      if (error instanceof FormError) return renderForm(req, res, 422, req.body as Record<string, unknown>, error.fieldErrors);
      throw error;
    }
    flash(req, 'Спасибо! Ответы отправлены.');
    res.redirect(303, '/');
  });

  return router;
}
