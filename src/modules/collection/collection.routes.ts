import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requirePermission } from '../../core/auth/middleware.ts';
import type { AppContext } from '../../core/context.ts';
import { FormError, NotFoundError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { pageHref } from '../../core/pagination.ts';
import { requestScope } from '../../core/scope.ts';
import {
  COLLECTION_KIND_LABELS,
  collectionQuery,
  createItem,
  formChoices,
  getItem,
  listItems,
  markBest,
  parseItemForm,
  setVisibility,
  VISIBILITY_LABELS,
} from './collection.service.ts';

/** /collection: the methodological collection — search, filters, a material's card; the methodist adds and publishes. */
export function collectionRouter(ctx: AppContext): Router {
  const router = Router();
  const scopeOf = (req: Request) => requestScope(req, ctx);
  const idOf = (req: Request) => {
    const id = z.coerce.number().int().positive().max(2_147_483_647).safeParse(req.params.id);
    if (!id.success) throw new NotFoundError();
    return id.data;
  };
  const labels = { kinds: COLLECTION_KIND_LABELS, visibility: VISIBILITY_LABELS };

  router.get('/collection', requirePermission('collection:read'), async (req, res) => {
    const scope = scopeOf(req);
    const query = collectionQuery.parse(req.query);
    const [{ page, rows }, choices] = await Promise.all([listItems(scope, query), formChoices(scope)]);
    const raw = req.query as Record<string, string | undefined>;
    const filters = { q: query.q, kind: raw.kind, visibility: raw.visibility, author: raw.author, topic: raw.topic, best: query.best };
    res.render('collection/index', { title: 'Методическая копилка', rows, page, query, filters, choices, labels, pageLink: (n: number) => pageHref('/collection', filters, n) });
  });

  const form = async (req: Request, res: Response, status: number, locals: Record<string, unknown>) => {
    res.status(status).render('collection/new', { title: 'Новый материал копилки', choices: await formChoices(scopeOf(req)), labels, errors: {}, ...locals });
  };

  router.get('/collection/new', requirePermission('collection:manage'), (req, res) =>
    form(req, res, 200, { values: { kind: req.query.best === '1' ? 'BEST_PRACTICE' : 'METHODICAL', best: req.query.best === '1', pairId: req.query.pair } }),
  );

  router.post('/collection', requirePermission('collection:manage'), async (req, res) => {
    const parsed = parseItemForm(req.body);
    if (!parsed.ok) return form(req, res, 422, { values: parsed.values, errors: parsed.errors });
    try {
      const item = await createItem(scopeOf(req), parsed.data);
      flash(req, 'Материал добавлен в копилку');
      res.redirect(303, `/collection/${item.id}`);
    } catch (error) {
      if (error instanceof FormError) return form(req, res, 422, { values: req.body, errors: error.fieldErrors });
      throw error;
    }
  });

  router.get('/collection/:id', requirePermission('collection:read'), async (req, res) => {
    const scope = scopeOf(req);
    const item = await getItem(scope, idOf(req));
    const { topics } = await formChoices(scope);
    res.render('collection/show', { title: item.title, item, labels, topics: topics.filter((t) => item.topicIds.includes(t.id)) });
  });

  router.post('/collection/:id/visibility', requirePermission('collection:manage'), async (req, res) => {
    const id = idOf(req);
    const visibility = req.body?.visibility === 'PUBLIC' ? 'PUBLIC' : 'INTERNAL';
    try {
      await setVisibility(scopeOf(req), id, visibility);
      flash(req, visibility === 'PUBLIC' ? 'Материал показан на публичной странице' : 'Материал теперь только для сотрудников');
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      flash(req, Object.values(error.fieldErrors).join('; '), 'alert');
    }
    res.redirect(303, `/collection/${id}`);
  });

  router.post('/collection/:id/best', requirePermission('collection:manage'), async (req, res) => {
    const id = idOf(req);
    const best = req.body?.best === '1';
    await markBest(scopeOf(req), id, best);
    flash(req, best ? 'Практика отмечена как лучшая' : 'Отметка «лучшая практика» снята');
    res.redirect(303, `/collection/${id}`);
  });

  return router;
}
