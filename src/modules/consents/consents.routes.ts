import { Router, type Request, type Response } from 'express';
import { publicBaseUrlOf, type AppContext } from '../../core/context.ts';
import { requirePermission } from '../../core/auth/middleware.ts';
import { sendDocument } from '../../core/documents/index.ts';
import { ConflictError, FormError, NotFoundError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { parseForm, renderInvalid } from '../../core/forms.ts';
import { pageHref } from '../../core/pagination.ts';
import { requestScope, type Scope } from '../../core/scope.ts';
import { fullNameOf } from '../../domain/people.ts';
import { acceptUpload, checkUpload, sendStoredFile, uploadError } from '../../core/uploads.ts';
import type { ConsentKind } from '../../generated/prisma/enums.ts';
import { CONSENT_KIND_LABELS } from './consents.rules.ts';
import { AcceptConsent, FormQuery, IdParam, NewConsentQuery, RecordPaperConsent, RegisterQuery, RevokeConsent, SaveTemplate } from './consents.schemas.ts';
import {
  acceptElectronic,
  acceptancePage,
  assertMayRevoke,
  auditPersonList,
  consentForm,
  consentScan,
  currentTemplate,
  exportRegister,
  getConsent,
  givenConsentForPrint,
  listRegister,
  listTemplates,
  ownConsents,
  personConsents,
  recordPaperConsent,
  revokeConsent,
  saveTemplate,
  staffOptions,
} from './consents.service.ts';
import { CONSENT_KINDS, KIND_SHORT_LABELS, KIND_SLUGS, PLACEHOLDERS, kindFromSlug } from './consents.templates.ts';

const MAX_SCAN_BYTES = 10 * 1024 * 1024;

/** What every consents view may need to name the kinds. */
const kindLocals = { kinds: CONSENT_KINDS, kindLabels: CONSENT_KIND_LABELS, kindShort: KIND_SHORT_LABELS, kindSlugs: KIND_SLUGS };

function idOf(req: Request, name = 'id'): number {
  const id = IdParam.safeParse(req.params[name]);
  if (!id.success) throw new NotFoundError();
  return id.data;
}

function kindOf(req: Request): ConsentKind {
  const kind = kindFromSlug(String(req.params.kind ?? ''));
  if (!kind) throw new NotFoundError('Нет такого вида согласия');
  return kind;
}

/** Who is a mentor (candidate or leading a pair) the banks and the pairs know: the composition root passes it in. */
/** What the composition root hands the consents' pages: who is a mentor (the banks and the pairs know). */
export interface ConsentsRouterDeps {
  /** The person is a mentor candidate or leads (or is named to lead) a pair or group: they owe the consent to mentoring. */
  isMentor(scope: Scope, staffMemberId: number): Promise<boolean>;
}

export function consentsRouter(ctx: AppContext, deps: ConsentsRouterDeps): Router {
  const router = Router();
  const scopeOf = (req: Request) => requestScope(req, ctx);
  const today = (req: Request) => scopeOf(req).today;
  // Everyone but the administrator has consents of their own; the rest is narrowed per route.
  router.use('/consents', requirePermission('consents:own'));
  const read = requirePermission('consents:read');
  const manage = requirePermission('consents:manage');

  // ---- lists ----

  router.get('/consents', async (req, res) => {
    if (!res.locals.can('consents:read')) return renderOwn(req, res);
    const filter = RegisterQuery.parse(req.query);
    const { rows, page } = await listRegister(scopeOf(req), filter);
    const query = { q: filter.q, kind: filter.kind, state: filter.state };
    res.render('consents/index', {
      title: 'Согласия',
      ...kindLocals,
      rows,
      page,
      filter,
      exportHref: pageHref('/consents/export.xlsx', query, 1),
      pageLink: (n: number) => pageHref('/consents', query, n),
    });
  });

  async function renderOwn(req: Request, res: Response) {
    const scope = scopeOf(req);
    const own = await ownConsents(scope);
    // Each consent is offered only to whom it concerns: the one to mentoring (ст. 351.8) to a mentor candidate or
    // mentor. A consent the person already gave (or revoked) stays listed, for its history and revocation.
    const mentor = own !== null && scope.staffMemberId !== null && (await deps.isMentor(scope, scope.staffMemberId));
    const kinds = CONSENT_KINDS.filter((k) => k !== 'MENTORING' || mentor || (own?.person.consents.some((c) => c.kind === k) ?? false));
    res.render('consents/person', { title: 'Мои согласия', ...kindLocals, kinds, self: true, data: own });
  }

  router.get('/consents/mine', renderOwn);

  router.get('/consents/export.xlsx', read, async (req, res) => {
    const { page: _page, ...filter } = RegisterQuery.parse(req.query);
    const buffer = await exportRegister(scopeOf(req), filter);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="consents.xlsx"; filename*=UTF-8''${encodeURIComponent(`Реестр согласий ${today(req)}.xlsx`)}`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(buffer);
  });

  router.get('/consents/staff/:staffId', read, async (req, res) => {
    const scope = scopeOf(req);
    const data = await personConsents(scope, idOf(req, 'staffId'));
    await auditPersonList(scope, data.person.id);
    res.render('consents/person', { title: `Согласия: ${data.person.fullName}`, ...kindLocals, self: false, data });
  });

  // ---- templates ----

  router.get('/consents/templates', read, async (req, res) => {
    const { templates, organization } = await listTemplates(scopeOf(req));
    res.render('consents/templates', { title: 'Тексты согласий', ...kindLocals, templates, organization });
  });

  const renderTemplateForm = async (req: Request, res: Response, kind: ConsentKind, values: Record<string, unknown> | null, errors: Record<string, string>) => {
    const template = await currentTemplate(scopeOf(req), kind);
    const locals = { title: `Текст: ${KIND_SHORT_LABELS[kind]}`, ...kindLocals, kind, template, placeholders: PLACEHOLDERS, values: values ?? template, errors };
    if (Object.keys(errors).length) return renderInvalid(res, 'consents/template-edit', locals);
    res.render('consents/template-edit', locals);
  };

  router.get('/consents/templates/:kind/edit', manage, (req, res) => renderTemplateForm(req, res, kindOf(req), null, {}));

  router.post('/consents/templates/:kind', manage, async (req, res) => {
    const kind = kindOf(req);
    const form = parseForm(SaveTemplate, req.body);
    if (!form.ok) return renderTemplateForm(req, res, kind, form.values, form.errors);
    try {
      const saved = await saveTemplate(scopeOf(req), kind, form.data);
      flash(req, saved.changed ? `Сохранена редакция № ${saved.version}. Уже данные согласия сохраняют тот текст, с которым согласился педагог.` : 'Текст не изменился — новая редакция не нужна.');
    } catch (error) {
      if (error instanceof FormError) return renderTemplateForm(req, res, kind, req.body, error.fieldErrors);
      throw error;
    }
    res.redirect(303, '/consents/templates');
  });

  // ---- printed forms ----

  router.get('/consents/form/:kind.:format', async (req, res) => {
    const kind = kindOf(req);
    const format = req.params.format;
    if (format !== 'pdf' && format !== 'docx') throw new NotFoundError();
    const { staff } = FormQuery.parse(req.query);
    const { doc, fileName } = await consentForm(scopeOf(req), kind, staff);
    await sendDocument(res, doc, format, fileName);
  });

  // ---- electronic acceptance ----

  const renderAccept = async (req: Request, res: Response, kind: ConsentKind, status: number, errors: Record<string, string>, formError = '', values: Record<string, unknown> = {}) => {
    const page = await acceptancePage(scopeOf(req), kind);
    // The typed details come back into the form (a 422 keeps them), never into a log.
    const { agree: _agree, _csrf, textSha256: _hash, ...typed } = values;
    res.status(status).render('consents/accept', { title: 'Согласие онлайн', ...kindLocals, kind, page, errors, formError, values: typed });
  };

  router.get('/consents/accept/:kind', (req, res) => renderAccept(req, res, kindOf(req), 200, {}));

  router.post('/consents/accept/:kind', async (req, res) => {
    const kind = kindOf(req);
    const form = parseForm(AcceptConsent, req.body);
    if (!form.ok) return renderAccept(req, res, kind, 422, form.errors, '', form.values);
    try {
      const client = { ip: req.ip ?? '', userAgent: req.get('user-agent') ?? '' };
      const consent = await acceptElectronic(scopeOf(req), kind, form.data, client);
      flash(req, `Согласие принято: ${CONSENT_KIND_LABELS[kind]}. Его можно отозвать в любое время.`);
      res.redirect(303, `/consents/${consent.id}`);
    } catch (error) {
      if (error instanceof FormError) return renderAccept(req, res, kind, 422, error.fieldErrors, '', req.body ?? {});
      // The text changed meanwhile (TextChangedError), a valid consent exists, or this consent is taken on paper: 409.
      if (error instanceof ConflictError) return renderAccept(req, res, kind, 409, {}, error.message, req.body ?? {});
      throw error;
    }
  });

  // ---- signed paper scans ----

  const renderNew = async (req: Request, res: Response, values: Record<string, unknown>, errors: Record<string, string>) => {
    const staff = await staffOptions(scopeOf(req));
    const locals = {
      title: 'Загрузить подписанное согласие',
      ...kindLocals,
      staffChoices: [['', 'Выберите педагога'], ...staff.map((s) => [String(s.id), `${fullNameOf(s)} — ${s.position}`])],
      kindChoices: [['', 'Выберите вид'], ...CONSENT_KINDS.map((k) => [k, CONSENT_KIND_LABELS[k]])],
      maxDate: today(req),
      values,
      errors,
    };
    if (Object.keys(errors).length) return renderInvalid(res, 'consents/new', locals);
    res.render('consents/new', locals);
  };

  router.get('/consents/new', manage, async (req, res) => {
    const query = NewConsentQuery.parse(req.query);
    await renderNew(req, res, { staffMemberId: query.staff ?? '', kind: query.kind ?? '', signedOn: today(req) }, {});
  });

  router.post('/consents', manage, acceptUpload('file', MAX_SCAN_BYTES), async (req, res) => {
    const form = parseForm(RecordPaperConsent, req.body);
    const errors: Record<string, string> = form.ok ? {} : { ...form.errors };
    const tooBig = uploadError(req);
    if (tooBig) errors.file = tooBig;
    let upload;
    if (!tooBig) {
      try {
        upload = await checkUpload(req.file, ['pdf', 'jpg', 'png'], 'file');
      } catch (error) {
        if (!(error instanceof FormError)) throw error;
        Object.assign(errors, error.fieldErrors);
      }
    }
    if (!form.ok || !upload || Object.keys(errors).length) return renderNew(req, res, req.body ?? {}, errors);
    try {
      const consent = await recordPaperConsent(scopeOf(req), ctx.uploadsDir, form.data, upload);
      flash(req, 'Согласие записано, скан сохранён.');
      res.redirect(303, `/consents/${consent.id}`);
    } catch (error) {
      if (error instanceof FormError) return renderNew(req, res, req.body ?? {}, error.fieldErrors);
      throw error;
    }
  });

  // ---- one consent ----

  const renderShow = async (req: Request, res: Response, id: number, values: Record<string, unknown>, errors: Record<string, string>) => {
    const consent = await getConsent(scopeOf(req), id);
    const locals = { title: CONSENT_KIND_LABELS[consent.kind], ...kindLocals, consent, personName: fullNameOf(consent.staffMember), maxDate: today(req), values, errors };
    if (Object.keys(errors).length) return renderInvalid(res, 'consents/show', locals);
    res.render('consents/show', locals);
  };

  // The document of a consent given electronically, with the stamp of the signature. Registered before
  // /consents/:id: path-to-regexp v8 reads «12.pdf» as the id 12 and the format «pdf».
  router.get('/consents/:id.:format', async (req, res) => {
    const format = req.params.format;
    if (format !== 'pdf' && format !== 'docx') throw new NotFoundError();
    const { doc, fileName } = await givenConsentForPrint(scopeOf(req), idOf(req), format, publicBaseUrlOf(ctx, req));
    await sendDocument(res, doc, format, fileName);
  });

  router.get('/consents/:id', (req, res) => renderShow(req, res, idOf(req), { revokedOn: today(req) }, {}));

  router.get('/consents/:id/scan', async (req, res) => {
    const file = await consentScan(scopeOf(req), idOf(req));
    await sendStoredFile(res, ctx.uploadsDir, file);
  });

  router.post('/consents/:id/revoke', async (req, res) => {
    const id = idOf(req);
    // Rights first: the head gets 403 (a teacher 404) whatever the form holds.
    await assertMayRevoke(scopeOf(req), id);
    const form = parseForm(RevokeConsent, req.body);
    if (!form.ok) return renderShow(req, res, id, form.values, form.errors);
    try {
      await revokeConsent(scopeOf(req), id, form.data);
      flash(req, 'Согласие отозвано. Запись сохранена в истории.');
    } catch (error) {
      if (error instanceof FormError) return renderShow(req, res, id, req.body, error.fieldErrors);
      if (!(error instanceof ConflictError)) throw error;
      flash(req, error.message, 'alert');
    }
    res.redirect(303, `/consents/${id}`);
  });

  return router;
}
