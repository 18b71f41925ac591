import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requirePermission } from '../../core/auth/middleware.ts';
import type { AppContext } from '../../core/context.ts';
import { FormError, NotFoundError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { pageHref } from '../../core/pagination.ts';
import { requestScope } from '../../core/scope.ts';
import { acceptUpload, checkUpload, sendStoredFile, uploadError } from '../../core/uploads.ts';
import { addItemFile, COLLECTION_FILE_KINDS, COLLECTION_FILE_MAX_BYTES, itemFile, itemFiles, removeItemFile } from './collection.files.ts';
import {
  COLLECTION_KIND_LABELS,
  collectionQuery,
  createItem,
  formChoices,
  getItem,
  listPage,
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
  const fileIdOf = (req: Request) => {
    const id = z.coerce.number().int().positive().max(2_147_483_647).safeParse(req.params.fileId);
    if (!id.success) throw new NotFoundError();
    return id.data;
  };
  const labels = { kinds: COLLECTION_KIND_LABELS, visibility: VISIBILITY_LABELS };
  const fileRule = { kinds: COLLECTION_FILE_KINDS.map((k) => k.toUpperCase()).join(', '), maxMegabytes: COLLECTION_FILE_MAX_BYTES / 1024 / 1024 };

  router.get('/collection', requirePermission('collection:read'), async (req, res) => {
    const query = collectionQuery.parse(req.query);
    const { page, rows, choices } = await listPage(scopeOf(req), query);
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

  const show = async (req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) => {
    const scope = scopeOf(req);
    const item = await getItem(scope, idOf(req));
    const [{ topics }, files] = await Promise.all([formChoices(scope), itemFiles(scope, item.id)]);
    res.status(status).render('collection/show', { title: item.title, item, labels, files, fileRule, topics: topics.filter((t) => item.topicIds.includes(t.id)), errors: {}, ...extra });
  };

  router.get('/collection/:id', requirePermission('collection:read'), (req, res) => show(req, res));

  // Files: the methodist attaches and removes them (as with every other change of an item); staff who read the
  // collection download them. A rejected file re-renders the item page with the message beside the field (422).
  router.post('/collection/:id/files', requirePermission('collection:manage'), acceptUpload('file', COLLECTION_FILE_MAX_BYTES), async (req, res) => {
    const id = idOf(req);
    try {
      const tooLarge = uploadError(req);
      if (tooLarge) throw new FormError({ file: tooLarge });
      await addItemFile(scopeOf(req), ctx.uploadsDir, id, await checkUpload(req.file, COLLECTION_FILE_KINDS, 'file'));
    } catch (error) {
      if (error instanceof FormError) return show(req, res, 422, { errors: error.fieldErrors });
      throw error;
    }
    flash(req, 'Файл прикреплён');
    res.redirect(303, `/collection/${id}#files`);
  });

  router.get('/collection/:id/files/:fileId', requirePermission('collection:read'), async (req, res) => {
    const scope = scopeOf(req);
    const id = idOf(req);
    await getItem(scope, id);
    await sendStoredFile(res, ctx.uploadsDir, await itemFile(scope, id, fileIdOf(req)));
  });

  router.post('/collection/:id/files/:fileId/delete', requirePermission('collection:manage'), async (req, res) => {
    const id = idOf(req);
    await removeItemFile(scopeOf(req), id, fileIdOf(req));
    flash(req, 'Файл удалён');
    res.redirect(303, `/collection/${id}#files`);
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
