/**
 * /programmes/templates: the methodist keeps the templates new programmes are copied from (the head reads them).
 * A template is a text (goal, tasks, results, the mentee categories it fits) and items by section, each with the
 * month of the school year it falls due in and the request topics it serves.
 */
import { Router, type Request, type Response } from 'express';
import { requirePermission } from '../../core/auth/middleware.ts';
import type { AppContext } from '../../core/context.ts';
import { NotFoundError, type FieldErrors } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { parseForm } from '../../core/forms.ts';
import { requestScope } from '../../core/scope.ts';
import { MENTEE_CATEGORY_LABELS } from '../../domain/mentoring.ts';
import { listTopics } from '../topics/index.ts';
import { MONTH_LABELS, RESPONSIBLE_LABELS, SCHOOL_MONTHS, STANDARD_FORMS, STANDARD_SECTIONS } from './programmes.labels.ts';
import { IdParam, SaveTemplate, SaveTemplateItem } from './programmes.schemas.ts';
import {
  addTemplateItem,
  archiveTemplate,
  copyTemplate,
  createTemplate,
  deleteTemplateItem,
  getTemplate,
  getTemplateItem,
  listTemplates,
  updateTemplate,
  updateTemplateItem,
} from './templates.service.ts';

const labels = { categories: MENTEE_CATEGORY_LABELS, months: MONTH_LABELS, responsible: RESPONSIBLE_LABELS };

function idOf(value: unknown, what = 'Шаблон не найден'): number {
  const id = IdParam.safeParse(value);
  if (!id.success) throw new NotFoundError(what);
  return id.data;
}

export function templatesRoutes(ctx: AppContext): Router {
  const router = Router();
  const scopeOf = (req: Request) => requestScope(req, ctx);
  const read = requirePermission('programmes:read');
  const manage = requirePermission('programmes:templates');
  const base = '/programmes/templates';

  router.get(base, read, async (req, res) => {
    res.render('programmes/templates/index', { title: 'Шаблоны программ наставничества', templates: await listTemplates(scopeOf(req)), labels });
  });

  // ---- a template's text ----------------------------------------------------------------------------------

  const renderForm = (res: Response, status: number, locals: { template?: { id: number; title: string }; values: Record<string, unknown>; errors: FieldErrors }) => {
    res.status(status).render('programmes/templates/form', {
      title: locals.template ? `Изменить шаблон «${locals.template.title}»` : 'Новый шаблон программы',
      categoryChoices: Object.entries(MENTEE_CATEGORY_LABELS),
      ...locals,
    });
  };

  router.get(`${base}/new`, manage, (req, res) => renderForm(res, 200, { values: { categories: [] }, errors: {} }));

  router.post(base, manage, async (req, res) => {
    const form = parseForm(SaveTemplate, req.body);
    if (!form.ok) return renderForm(res, 422, { values: form.values, errors: form.errors });
    const template = await createTemplate(scopeOf(req), form.data);
    flash(req, 'Шаблон создан: добавьте в него мероприятия');
    res.redirect(303, `${base}/${template.id}`);
  });

  router.get(`${base}/:id`, read, async (req, res) => {
    const template = await getTemplate(scopeOf(req), idOf(req.params.id));
    res.render('programmes/templates/show', { title: template.title, template, labels });
  });

  router.get(`${base}/:id/edit`, manage, async (req, res) => {
    const template = await getTemplate(scopeOf(req), idOf(req.params.id));
    renderForm(res, 200, { template, values: template, errors: {} });
  });

  router.post(`${base}/:id`, manage, async (req, res) => {
    const id = idOf(req.params.id);
    const template = await getTemplate(scopeOf(req), id);
    const form = parseForm(SaveTemplate, req.body);
    if (!form.ok) return renderForm(res, 422, { template, values: form.values, errors: form.errors });
    await updateTemplate(scopeOf(req), id, form.data);
    flash(req, 'Шаблон сохранён. Программы, уже составленные по нему, не меняются.');
    res.redirect(303, `${base}/${id}`);
  });

  router.post(`${base}/:id/copy`, manage, async (req, res) => {
    const copy = await copyTemplate(scopeOf(req), idOf(req.params.id));
    flash(req, 'Копия шаблона создана: измените её под свою организацию');
    res.redirect(303, `${base}/${copy.id}`);
  });

  router.post(`${base}/:id/archive`, manage, async (req, res) => {
    const id = idOf(req.params.id);
    const archived = req.body?.archived !== 'false';
    await archiveTemplate(scopeOf(req), id, archived);
    flash(req, archived ? 'Шаблон в архиве: для новых программ он больше не выбирается' : 'Шаблон снова используется для новых программ');
    res.redirect(303, `${base}/${id}`);
  });

  // ---- a template's items ---------------------------------------------------------------------------------

  const renderItemForm = async (req: Request, res: Response, status: number, values: Record<string, unknown> | null, errors: FieldErrors) => {
    const scope = scopeOf(req);
    const template = await getTemplate(scope, idOf(req.params.id));
    const itemId = req.params.itemId === undefined ? null : idOf(req.params.itemId, 'Мероприятие шаблона не найдено');
    const item = itemId ? await getTemplateItem(scope, template.id, itemId) : null;
    const topics = await listTopics(scope);
    res.status(status).render('programmes/templates/item-form', {
      title: item ? 'Изменить мероприятие шаблона' : 'Новое мероприятие шаблона',
      template,
      item,
      values: values ?? item ?? { section: typeof req.query.section === 'string' ? req.query.section.slice(0, 150) : '', responsible: 'BOTH', month: '9', topics: [] },
      errors,
      choices: {
        sections: [...new Set([...STANDARD_SECTIONS, ...template.items.map((i) => i.section)])],
        itemForms: STANDARD_FORMS,
        months: SCHOOL_MONTHS.map(([m, label]) => [String(m), label]),
        responsible: Object.entries(RESPONSIBLE_LABELS),
        topics: [...new Set([...topics.map((t) => t.name), ...(item?.topics ?? [])])].map((t) => [t, t]),
      },
    });
  };

  router.get(`${base}/:id/items/new`, manage, (req, res) => renderItemForm(req, res, 200, null, {}));

  router.post(`${base}/:id/items`, manage, async (req, res) => {
    const id = idOf(req.params.id);
    const form = parseForm(SaveTemplateItem, req.body);
    if (!form.ok) return renderItemForm(req, res, 422, form.values, form.errors);
    await addTemplateItem(scopeOf(req), id, form.data);
    flash(req, 'Мероприятие добавлено в шаблон');
    res.redirect(303, `${base}/${id}`);
  });

  router.get(`${base}/:id/items/:itemId/edit`, manage, (req, res) => renderItemForm(req, res, 200, null, {}));

  router.post(`${base}/:id/items/:itemId`, manage, async (req, res) => {
    const id = idOf(req.params.id);
    const itemId = idOf(req.params.itemId, 'Мероприятие шаблона не найдено');
    const form = parseForm(SaveTemplateItem, req.body);
    if (!form.ok) return renderItemForm(req, res, 422, form.values, form.errors);
    await updateTemplateItem(scopeOf(req), id, itemId, form.data);
    flash(req, 'Мероприятие шаблона изменено');
    res.redirect(303, `${base}/${id}`);
  });

  router.post(`${base}/:id/items/:itemId/delete`, manage, async (req, res) => {
    const id = idOf(req.params.id);
    await deleteTemplateItem(scopeOf(req), id, idOf(req.params.itemId, 'Мероприятие шаблона не найдено'));
    flash(req, 'Мероприятие удалено из шаблона');
    res.redirect(303, `${base}/${id}`);
  });

  return router;
}
