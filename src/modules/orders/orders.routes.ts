import { Router, type Request, type Response } from 'express';
import { publicBaseUrlOf, type AppContext } from '../../core/context.ts';
import { requireAnyPermission, requirePermission } from '../../core/auth/middleware.ts';
import { sendDocument } from '../../core/documents/index.ts';
import { ConflictError, FormError, NotFoundError, type FieldErrors } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { acceptUpload, uploadError } from '../../core/uploads.ts';
import { serialDecimal, SIGNATURE_MAX_BYTES } from '../signatures/index.ts';
import { parseForm } from '../../core/forms.ts';
import { pageHref } from '../../core/pagination.ts';
import { requestScope } from '../../core/scope.ts';
import { dateTimeWithZone, ruDate } from '../../domain/dates.ts';
import { MENTORING_FORM_LABELS } from '../../domain/mentoring.ts';
import { initialsSurname } from '../../domain/people.ts';
import type { OrderKind } from '../../generated/prisma/enums.ts';
import { ORDER_KIND_HINTS, ORDER_KIND_LABELS, ORDER_KINDS, ORDER_STATUS_LABELS, ORDER_STATUSES, PAIR_KINDS } from './orders.labels.ts';
import { appendixSlots, DocumentParam, IdParam, NewOrderQuery, ORDER_LIMITS, OrderListQuery, parseOrderForm, ReturnOrder } from './orders.schemas.ts';
import {
  acknowledgeOrder,
  approveOrder,
  attachOrderSignature,
  createOrder,
  editOrderForm,
  listOrders,
  newOrderForm,
  orderCard,
  orderForPrint,
  orderFormOptions,
  OrderRefused,
  refreshedForm,
  returnOrder,
  submitOrder,
  updateOrder,
} from './orders.service.ts';
import { parseAppendix } from './orders.text.ts';

const labels = { kinds: ORDER_KIND_LABELS, kindHints: ORDER_KIND_HINTS, statuses: ORDER_STATUS_LABELS, forms: MENTORING_FORM_LABELS };
const helpers = { parseAppendix, ruDate, initialsSurname, dateTimeWithZone, serialDecimal, pairKinds: PAIR_KINDS, limits: ORDER_LIMITS };

function idOf(req: Request): number {
  const id = IdParam.safeParse(req.params.id);
  if (!id.success) throw new NotFoundError('Приказ не найден');
  return id.data;
}

export function ordersRouter(ctx: AppContext): Router {
  const router = Router();
  const scopeOf = (req: Request) => requestScope(req, ctx);
  // The list and the order page: readers of all orders and the participants who acknowledge them.
  const publicBaseUrl = (req: Request) => publicBaseUrlOf(ctx, req);
  const read = requireAnyPermission('orders:read', 'orders:acknowledge');
  const draft = requirePermission('orders:draft');
  const approve = requirePermission('orders:approve');

  router.get('/orders', read, async (req, res) => {
    const filter = OrderListQuery.parse(req.query);
    const { orders, page } = await listOrders(scopeOf(req), filter);
    const query = { status: filter.status, kind: filter.kind };
    res.render('orders/index', {
      title: 'Приказы',
      orders,
      page,
      filter,
      labels,
      kinds: ORDER_KINDS,
      statuses: ORDER_STATUSES,
      pageLink: (n: number) => pageHref('/orders', query, n),
    });
  });

  const renderForm = (res: Response, status: number, view: 'orders/new' | 'orders/edit', locals: Record<string, unknown> & { errors: FieldErrors }) => {
    const kind = (locals.options as { kind: OrderKind }).kind;
    res.status(status).render(view, { title: view === 'orders/new' ? `Новый приказ: ${ORDER_KIND_LABELS[kind]}` : 'Изменить проект приказа', labels, helpers, ...locals });
  };

  router.get('/orders/new', draft, async (req, res) => {
    const query = NewOrderQuery.parse(req.query);
    if (!query.kind) return res.render('orders/kinds', { title: 'Новый приказ', kinds: ORDER_KINDS, labels });
    const form = await newOrderForm(scopeOf(req), query.kind, query);
    renderForm(res, 200, 'orders/new', { ...form, errors: {} });
  });

  router.post('/orders', draft, async (req, res) => {
    const kind = NewOrderQuery.shape.kind.parse(req.body?.kind);
    if (!kind) return res.status(422).render('orders/kinds', { title: 'Новый приказ', kinds: ORDER_KINDS, labels, formError: 'Выберите вид приказа' });
    const body = req.body as Record<string, unknown>;
    if (body.refresh) {
      const form = await refreshedForm(scopeOf(req), kind, body);
      return renderForm(res, 200, 'orders/new', { ...form, slots: Math.max(1, appendixSlots(body)), errors: {} });
    }
    const form = parseOrderForm(body);
    const invalid = async (errors: FieldErrors) => {
      const options = await orderFormOptions(scopeOf(req), kind);
      renderForm(res, 422, 'orders/new', { options, values: form.ok ? body : form.values, slots: Math.max(1, appendixSlots(body)), errors });
    };
    if (!form.ok) return invalid(form.errors);
    try {
      const order = await createOrder(scopeOf(req), form.data);
      flash(req, 'Проект приказа сохранён. Проверьте его и направьте на согласование заведующему.');
      res.redirect(303, `/orders/${order.id}`);
    } catch (error) {
      if (error instanceof FormError) return invalid(error.fieldErrors);
      throw error;
    }
  });

  // Registered before /orders/:id: path-to-regexp v8 reads «12.pdf» as the id 12 and the format «pdf».
  router.get('/orders/:id.:format', read, async (req, res) => {
    const params = DocumentParam.safeParse(req.params);
    if (!params.success) throw new NotFoundError();
    const { doc, fileName, cacheKey } = await orderForPrint(scopeOf(req), params.data.id, params.data.format, { baseUrl: publicBaseUrl(req) });
    await sendDocument(res, doc, params.data.format, fileName, { cacheKey });
  });

  // «Копия для сайта»: the approved order with the stamp of the qualified signature of the published copy.
  router.get('/orders/:id/site.:format', read, async (req, res) => {
    const params = DocumentParam.safeParse(req.params);
    if (!params.success) throw new NotFoundError();
    const { doc, fileName, cacheKey } = await orderForPrint(scopeOf(req), params.data.id, params.data.format, { baseUrl: publicBaseUrl(req), copy: 'site' });
    await sendDocument(res, doc, params.data.format, fileName, { cacheKey });
  });

  // The detached signature (.sig) the head made of the published copy with a qualified certificate.
  router.post('/orders/:id/signature', draft, acceptUpload('signature', SIGNATURE_MAX_BYTES), async (req, res) => {
    const id = idOf(req);
    const tooLarge = uploadError(req);
    if (tooLarge) return renderCard(req, res, 422, { errors: { signature: tooLarge } });
    let result;
    try {
      result = await attachOrderSignature(scopeOf(req), ctx.uploadsDir, id, req.file);
    } catch (error) {
      if (error instanceof FormError) return renderCard(req, res, 422, { errors: error.fieldErrors });
      throw error;
    }
    flash(req, result.warnings.length ? `Подпись загружена, но проверьте её: ${result.warnings.join(' ')}` : `Подпись загружена: сертификат ${result.owner}. Скачайте копию для сайта.`);
    res.redirect(303, `/orders/${id}`);
  });

  const renderCard = async (req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const card = await orderCard(scopeOf(req), idOf(req));
    const heading = card.order.numberText ? `Приказ № ${card.order.numberText}` : 'Проект приказа';
    res.status(status).render('orders/show', { title: heading, heading, today: scopeOf(req).today, ...card, labels, helpers, errors: {}, values: {}, refusal: null, ...extra });
  };

  router.get('/orders/:id', read, (req, res) => renderCard(req, res, 200));

  router.get('/orders/:id/edit', draft, async (req, res) => {
    const form = await editOrderForm(scopeOf(req), idOf(req));
    renderForm(res, 200, 'orders/edit', { ...form, errors: {} });
  });

  router.post('/orders/:id', draft, async (req, res) => {
    const id = idOf(req);
    const { order, options } = await editOrderForm(scopeOf(req), id);
    const body: Record<string, unknown> = { ...(req.body as Record<string, unknown>), kind: order.kind };
    if (body.refresh) {
      const form = await refreshedForm(scopeOf(req), order.kind, body, id);
      return renderForm(res, 200, 'orders/edit', { order, options, values: form.values, slots: Math.max(1, appendixSlots(body)), errors: {} });
    }
    const form = parseOrderForm(body);
    const invalid = (errors: FieldErrors) => renderForm(res, 422, 'orders/edit', { order, options, values: form.ok ? body : form.values, slots: Math.max(1, appendixSlots(body)), errors });
    if (!form.ok) return invalid(form.errors);
    try {
      await updateOrder(scopeOf(req), id, form.data);
    } catch (error) {
      if (error instanceof FormError) return invalid(error.fieldErrors);
      throw error;
    }
    flash(req, 'Изменения проекта приказа сохранены');
    res.redirect(303, `/orders/${id}`);
  });

  /** A refused step shows the order again with every reason listed (409). */
  const refused = (req: Request, res: Response, error: unknown) => {
    if (error instanceof OrderRefused) return renderCard(req, res, 409, { refusal: { message: error.message, problems: error.problems } });
    if (error instanceof ConflictError) return renderCard(req, res, 409, { refusal: { message: error.message, problems: [] } });
    throw error;
  };

  router.post('/orders/:id/submit', draft, async (req, res) => {
    const id = idOf(req);
    const confirmRetroactive = (req.body as Record<string, unknown> | undefined)?.confirmRetroactive === 'on';
    try {
      await submitOrder(scopeOf(req), id, { confirmRetroactive });
    } catch (error) {
      // «Закрепление задним числом» not confirmed: the order again, the message beside the confirmation.
      if (error instanceof FormError) return renderCard(req, res, 422, { errors: error.fieldErrors });
      return refused(req, res, error);
    }
    flash(req, 'Приказ направлен на согласование заведующему');
    res.redirect(303, `/orders/${id}`);
  });

  router.post('/orders/:id/approve', approve, async (req, res) => {
    const id = idOf(req);
    let result;
    try {
      result = await approveOrder(scopeOf(req), id);
    } catch (error) {
      return refused(req, res, error);
    }
    flash(req, `Приказ утверждён: № ${result.numberText} от ${ruDate(result.orderDate)}`);
    res.redirect(303, `/orders/${id}`);
  });

  router.post('/orders/:id/return', approve, async (req, res) => {
    const id = idOf(req);
    const form = parseForm(ReturnOrder, req.body);
    if (!form.ok) return renderCard(req, res, 422, { errors: form.errors, values: form.values });
    try {
      await returnOrder(scopeOf(req), id, form.data.comment);
    } catch (error) {
      return refused(req, res, error);
    }
    flash(req, 'Приказ возвращён методисту на доработку');
    res.redirect(303, `/orders/${id}`);
  });

  router.post('/orders/:id/acknowledge', requirePermission('orders:acknowledge'), async (req, res) => {
    const id = idOf(req);
    const result = await acknowledgeOrder(scopeOf(req), id);
    flash(req, result.already ? 'Вы уже ознакомились с этим приказом' : 'Отмечено: вы ознакомлены с приказом');
    res.redirect(303, `/orders/${id}`);
  });

  return router;
}
