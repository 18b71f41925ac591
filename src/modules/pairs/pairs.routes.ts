import { Router, type Request, type Response } from 'express';
import { requirePermission } from '../../core/auth/middleware.ts';
import type { AppContext } from '../../core/context.ts';
import { sendDocument } from '../../core/documents/index.ts';
import { ConflictError, FormError, NotFoundError, type FieldErrors } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { parseForm } from '../../core/forms.ts';
import { pageHref } from '../../core/pagination.ts';
import { participation } from '../../core/participation.ts';
import { requestScope, type Scope } from '../../core/scope.ts';
import { dayNumber, isoInZone, waitedText } from '../../domain/dates.ts';
import { MENTEE_CATEGORY_LABELS, MENTEE_STATUS_LABELS, MENTORING_FORM_LABELS } from '../../domain/mentoring.ts';
import { formatRubles } from '../../domain/money.ts';
import { fullNameOf, surnameInitials } from '../../domain/people.ts';
import { AUDIT_ACTIONS } from '../audit/index.ts';
import { agreementState, pairAgreement, saveAgreementDetails } from './pairs.agreement.ts';
import { monthTitle, payrollWorkbook } from './pairs.payroll.ts';
import { atRiskPairs } from './pairs.at-risk.ts';
import { openCheckinFor } from './pairs.checkins.ts';
import { CHECKIN_TITLE, getCheckinForm, questionnaireViewHelpers, submitCheckin } from '../questionnaires/index.ts';
import { clearAttention } from './pairs.attention.ts';
import { AddSupport, EndPair, IdParam, NewPairQuery, PairListQuery, PayrollQuery, SaveLabourContract, SavePair, WaitingQuery } from './pairs.schemas.ts';
import {
  createPair,
  EDITABLE_STATUSES,
  endPair,
  getEditablePair,
  getPair,
  listPairs,
  newPairValues,
  PAIR_STATUS_LABELS,
  pairCard,
  pairFormOptions,
  pairValues,
  proposePair,
  terminationOrderHref,
  updatePair,
} from './pairs.service.ts';
import { addSupport, waitingEntry, waitingList } from './pairs.waiting.ts';

const labels = { statuses: PAIR_STATUS_LABELS, forms: MENTORING_FORM_LABELS, categories: MENTEE_CATEGORY_LABELS, menteeStatuses: MENTEE_STATUS_LABELS };
const helpers = { formatRubles, auditLabels: AUDIT_ACTIONS as Record<string, string> };

function idOf(value: unknown): number {
  const id = IdParam.safeParse(value);
  if (!id.success) throw new NotFoundError();
  return id.data;
}

/** The payroll form starts at the current month of the organization. */
function thisMonth(scope: Scope): string {
  return scope.today.slice(0, 7);
}

export function pairsRouter(ctx: AppContext): Router {
  const router = Router();
  const scopeOf = (req: Request) => requestScope(req, ctx);
  const today = (req: Request) => scopeOf(req).today;
  const own = requirePermission('pairs:own');
  const read = requirePermission('pairs:read');
  const manage = requirePermission('pairs:manage');

  // ---- list --------------------------------------------------------------------------------------
  const renderIndex = async (req: Request, res: Response, status: number, extra: { payrollValues?: Record<string, unknown>; payrollErrors?: FieldErrors } = {}) => {
    const scope = scopeOf(req);
    const filter = PairListQuery.parse(req.query);
    const v = participation(scope, 'pairs:read');
    const { pairs, page } = await listPairs(scope, filter);
    const query = { q: filter.q, status: filter.status.join(','), form: filter.form, attention: filter.attention };
    res.status(status).render('pairs/index', {
      title: v.all ? 'Наставнические пары и группы' : 'Мои пары и группы',
      pairs,
      page,
      filter,
      labels,
      own: !v.all,
      payrollValues: extra.payrollValues ?? { month: thisMonth(scope) },
      payrollErrors: extra.payrollErrors ?? {},
      pageLink: (n: number) => pageHref('/pairs', query, n),
    });
  };

  router.get('/pairs', own, (req, res) => renderIndex(req, res, 200));

  // ---- extra pay for the accountant ------------------------------------------------------------
  router.get('/pairs/payroll.xlsx', requirePermission('payroll:export'), async (req, res) => {
    const form = parseForm(PayrollQuery, req.query);
    if (!form.ok) return renderIndex(req, res, 422, { payrollValues: form.values, payrollErrors: form.errors });
    const buffer = await payrollWorkbook(scopeOf(req), form.data.month);
    const name = `Доплата за наставничество ${monthTitle(form.data.month)}.xlsx`;
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="payroll-${form.data.month}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(buffer);
  });

  // ---- «Пары под риском» (pairs.at-risk.ts: the same rule as the dashboard's count) ----------------
  router.get('/pairs/at-risk', read, async (req, res) => {
    const scope = scopeOf(req);
    const list = await atRiskPairs(scope, Number(req.query.page) || 1);
    res.render('pairs/at-risk', {
      title: 'Пары под риском',
      ...list,
      quietFor: (d: Date | null) => (d ? dayNumber(scope.today) - dayNumber(isoInZone(d, scope.organization.timeZone)) : null),
      pageLink: (n: number) => pageHref('/pairs/at-risk', {}, n),
    });
  });

  // ---- mentees left without a pair ----------------------------------------------------------------
  router.get('/pairs/waiting', read, async (req, res) => {
    const filter = WaitingQuery.parse(req.query);
    const scope = scopeOf(req);
    const list = await waitingList(scope, filter);
    res.render('pairs/waiting', {
      title: 'Наставляемые без пары',
      ...list,
      filter,
      labels,
      waited: (d: Date) => waitedText(isoInZone(d, scope.organization.timeZone), scope.today),
      pageLink: (n: number) => pageHref('/pairs/waiting', { support: filter.support }, n),
    });
  });

  const renderWaitingEntry = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors: FieldErrors) => {
    const scope = scopeOf(req);
    const data = await waitingEntry(scope, idOf(req.params.entryId));
    res.status(status).render('pairs/waiting-entry', {
      title: 'Поддержка наставляемого',
      ...data,
      labels,
      waitedFor: waitedText(isoInZone(data.entry.enteredAt, scope.organization.timeZone), scope.today),
      values,
      errors,
    });
  };

  router.get('/pairs/waiting/:entryId', read, (req, res) => renderWaitingEntry(req, res, 200, { providedOn: today(req), providedBy: `методист ${surnameInitials(scopeOf(req).user?.fullName ?? '')}` }, {}));

  router.post('/pairs/waiting/:entryId/support', manage, async (req, res) => {
    const entryId = idOf(req.params.entryId);
    const form = parseForm(AddSupport, req.body);
    if (!form.ok) return renderWaitingEntry(req, res, 422, form.values, form.errors);
    if (form.data.providedOn > today(req)) return renderWaitingEntry(req, res, 422, req.body, { providedOn: 'Дата не может быть позже сегодняшней' });
    await addSupport(scopeOf(req), entryId, form.data);
    flash(req, 'Запись о поддержке сохранена');
    res.redirect(303, `/pairs/waiting/${entryId}`);
  });

  // ---- create ------------------------------------------------------------------------------------
  const renderForm = async (req: Request, res: Response, status: number, locals: { pair?: Awaited<ReturnType<typeof getPair>>; values: Record<string, unknown>; errors: FieldErrors; formError?: string }) => {
    const options = await pairFormOptions(scopeOf(req), locals.pair ? { pairId: locals.pair.id, staffIds: locals.pair.members.map((m) => m.staffMemberId) } : undefined);
    res.status(status).render(locals.pair ? 'pairs/edit' : 'pairs/new', {
      title: locals.pair ? `Изменить пару № ${locals.pair.id}` : 'Новая пара (группа)',
      ...locals,
      options,
      labels,
      helpers,
    });
  };

  router.get('/pairs/new', manage, async (req, res) => {
    const query = NewPairQuery.parse(req.query);
    await renderForm(req, res, 200, { values: await newPairValues(scopeOf(req), query), errors: {} });
  });

  router.post('/pairs', manage, async (req, res) => {
    const form = parseForm(SavePair, req.body);
    if (!form.ok) return renderForm(req, res, 422, { values: form.values, errors: form.errors });
    try {
      const pair = await createPair(scopeOf(req), form.data);
      flash(req, 'Пара (группа) создана как черновик. Когда всё готово, предложите её для приказа.');
      res.redirect(303, `/pairs/${pair.id}`);
    } catch (error) {
      if (error instanceof FormError) return renderForm(req, res, 422, { values: req.body, errors: error.fieldErrors, formError: error.message });
      throw error;
    }
  });

  // ---- card ---------------------------------------------------------------------------------------
  const renderCard = async (req: Request, res: Response, status: number, endValues: Record<string, unknown>, endErrors: FieldErrors) => {
    const id = idOf(req.params.id);
    const card = await pairCard(scopeOf(req), id);
    res.status(status).render('pairs/show', {
      title: `Пара (группа) № ${id}`,
      ...card,
      labels,
      helpers,
      editable: EDITABLE_STATUSES.includes(card.pair.status),
      terminationHref: terminationOrderHref(id),
      values: endValues,
      errors: endErrors,
    });
  };

  router.get('/pairs/:id', own, (req, res) => renderCard(req, res, 200, { endedOn: today(req) }, {}));

  // ---- the check-in «Как идёт работа в паре?»: only a member of the pair, only while one is due ------

  const renderCheckin = async (req: Request, res: Response, status: number, posted: Record<string, unknown> | null, errors: FieldErrors) => {
    const scope = scopeOf(req);
    const id = idOf(req.params.id);
    const staffMemberId = scope.staffMemberId;
    if (staffMemberId === null) throw new NotFoundError('Опрос не найден');
    const due = await openCheckinFor(scope, id, staffMemberId);
    const form = await getCheckinForm(scope, id, due.occasion, staffMemberId);
    res.status(status).render('pairs/checkin', {
      title: CHECKIN_TITLE,
      pairId: id,
      occasionNumber: due.occasion.replace('checkin-', ''),
      form,
      values: posted ?? form.values,
      errors,
      ...questionnaireViewHelpers,
    });
  };
  router.get('/pairs/:id/checkin', own, (req, res) => renderCheckin(req, res, 200, null, {}));
  router.post('/pairs/:id/checkin', own, async (req, res) => {
    const scope = scopeOf(req);
    const id = idOf(req.params.id);
    const staffMemberId = scope.staffMemberId;
    if (staffMemberId === null) throw new NotFoundError('Опрос не найден');
    const due = await openCheckinFor(scope, id, staffMemberId);
    try {
      await submitCheckin(scope, id, due.occasion, staffMemberId, req.body as Record<string, unknown>);
    } catch (error) {
      if (error instanceof FormError) return renderCheckin(req, res, 422, req.body as Record<string, unknown>, error.fieldErrors);
      throw error;
    }
    flash(req, 'Спасибо! Ответы отправлены.');
    res.redirect(303, '/');
  });

  // ---- the mentor's supplementary agreement: what it needs, then the files ------------------------

  const renderAgreement = async (req: Request, res: Response, status: number, values: Record<string, unknown> | null, errors: FieldErrors) => {
    const state = await agreementState(scopeOf(req), idOf(req.params.id), idOf(req.params.mentorStaffId));
    const formValues = values ?? { number: state.contract.number, date: state.contract.date ?? '', gender: state.contract.gender ?? '' };
    res.status(status).render('pairs/agreement', { title: 'Дополнительное соглашение', state, mentorName: fullNameOf(state.mentor), values: formValues, errors, ...labels, ...helpers });
  };

  // The files first: «5.pdf» must not reach the page's route as a staff id.
  router.get('/pairs/:id/agreement/:mentorStaffId.:format', read, async (req, res) => {
    // While something is missing the file is refused (409) with the message that says where to fix it.
    const format = req.params.format;
    if (format !== 'pdf' && format !== 'docx') throw new NotFoundError();
    const { doc, fileName } = await pairAgreement(scopeOf(req), idOf(req.params.id), idOf(req.params.mentorStaffId));
    await sendDocument(res, doc, format, fileName);
  });

  router.get('/pairs/:id/agreement/:mentorStaffId', read, (req, res) => renderAgreement(req, res, 200, null, {}));

  router.post('/pairs/:id/agreement/:mentorStaffId', manage, async (req, res) => {
    const form = parseForm(SaveLabourContract, req.body);
    if (!form.ok) return renderAgreement(req, res, 422, form.values, form.errors);
    try {
      await saveAgreementDetails(scopeOf(req), idOf(req.params.id), idOf(req.params.mentorStaffId), form.data);
    } catch (error) {
      if (error instanceof FormError) return renderAgreement(req, res, 422, req.body ?? {}, error.fieldErrors);
      throw error;
    }
    flash(req, 'Сведения о трудовом договоре сохранены в карточке педагога.');
    res.redirect(303, `/pairs/${idOf(req.params.id)}/agreement/${idOf(req.params.mentorStaffId)}`);
  });

  // ---- edit ---------------------------------------------------------------------------------------
  /** A state change refused by the rules comes back as an alert on the card. */
  const refused = (req: Request, res: Response, id: number, error: unknown) => {
    if (!(error instanceof ConflictError)) throw error;
    flash(req, error.message, 'alert');
    res.redirect(303, `/pairs/${id}`);
  };

  router.get('/pairs/:id/edit', manage, async (req, res) => {
    const id = idOf(req.params.id);
    try {
      const pair = await getEditablePair(scopeOf(req), id);
      await renderForm(req, res, 200, { pair, values: pairValues(pair), errors: {} });
    } catch (error) {
      refused(req, res, id, error);
    }
  });

  router.post('/pairs/:id', manage, async (req, res) => {
    const id = idOf(req.params.id);
    try {
      const pair = await getEditablePair(scopeOf(req), id);
      const form = parseForm(SavePair, req.body);
      if (!form.ok) return await renderForm(req, res, 422, { pair, values: form.values, errors: form.errors });
      try {
        await updatePair(scopeOf(req), id, form.data);
      } catch (error) {
        if (error instanceof FormError) return await renderForm(req, res, 422, { pair, values: req.body, errors: error.fieldErrors, formError: error.message });
        throw error;
      }
      flash(req, 'Изменения сохранены');
      res.redirect(303, `/pairs/${id}`);
    } catch (error) {
      refused(req, res, id, error);
    }
  });

  router.post('/pairs/:id/propose', manage, async (req, res) => {
    const id = idOf(req.params.id);
    try {
      await proposePair(scopeOf(req), id);
      flash(req, 'Пара предложена: её можно включить в проект приказа о закреплении');
      res.redirect(303, `/pairs/${id}`);
    } catch (error) {
      refused(req, res, id, error);
    }
  });

  router.post('/pairs/:id/attention/clear', manage, async (req, res) => {
    const id = idOf(req.params.id);
    try {
      await clearAttention(scopeOf(req), id);
      flash(req, 'Отметка «требует внимания» снята');
      res.redirect(303, `/pairs/${id}`);
    } catch (error) {
      refused(req, res, id, error);
    }
  });

  router.post('/pairs/:id/end', manage, async (req, res) => {
    const id = idOf(req.params.id);
    const form = parseForm(EndPair, req.body);
    if (!form.ok) return renderCard(req, res, 422, form.values, form.errors);
    try {
      await endPair(scopeOf(req), id, form.data);
    } catch (error) {
      if (error instanceof FormError) return renderCard(req, res, 422, req.body, error.fieldErrors);
      return refused(req, res, id, error);
    }
    flash(req, form.data.outcome === 'COMPLETED' ? 'Завершение работы пары записано' : 'Пара отменена');
    res.redirect(303, `/pairs/${id}`);
  });

  return router;
}
