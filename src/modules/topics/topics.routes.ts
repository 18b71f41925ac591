import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { requirePermission } from '../../core/auth/middleware.ts';
import { FormError, NotFoundError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { optionalText, parseForm, requiredText } from '../../core/forms.ts';
import { requestScope } from '../../core/scope.ts';
import { addTopic, listAllTopics, renameTopic, setTopicArchived } from './topics.service.ts';

const SaveTopic = z.object({ name: requiredText('Тема', 200), framework: optionalText('Документ', 200) });

/** The managed list of request topics (/bank/topics): the methodist adds, renames, archives. */
export function topicsRouter(ctx: AppContext): Router {
  const router = Router();
  const scopeOf = (req: Request) => requestScope(req, ctx);
  router.use('/bank/topics', requirePermission('banks:manage'));

  const page = async (req: Request, res: Response, status = 200, locals: Record<string, unknown> = {}) => {
    const topics = await listAllTopics(scopeOf(req));
    res.status(status).render('banks/topics', { title: 'Темы профессиональных запросов', topics, values: {}, errors: {}, ...locals });
  };
  const idOf = (req: Request) => {
    const id = z.coerce.number().int().positive().max(2_147_483_647).safeParse(req.params.id);
    if (!id.success) throw new NotFoundError();
    return id.data;
  };

  router.get('/bank/topics', (req, res) => page(req, res));

  router.post('/bank/topics', async (req, res) => {
    const form = parseForm(SaveTopic, req.body);
    if (!form.ok) return page(req, res, 422, { values: form.values, errors: form.errors });
    try {
      await addTopic(scopeOf(req), form.data);
    } catch (error) {
      if (error instanceof FormError) return page(req, res, 422, { values: req.body, errors: error.fieldErrors });
      throw error;
    }
    flash(req, 'Тема добавлена');
    res.redirect(303, '/bank/topics');
  });

  router.post('/bank/topics/:id', async (req, res) => {
    const form = parseForm(SaveTopic, req.body);
    const id = idOf(req);
    try {
      if (!form.ok) throw new FormError(form.errors);
      await renameTopic(scopeOf(req), id, form.data);
      flash(req, 'Тема сохранена');
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      flash(req, Object.values(error.fieldErrors).join('; '), 'alert');
    }
    res.redirect(303, '/bank/topics');
  });

  for (const [action, archived] of [['archive', true], ['restore', false]] as const) {
    router.post(`/bank/topics/:id/${action}`, async (req, res) => {
      await setTopicArchived(scopeOf(req), idOf(req), archived);
      flash(req, archived ? 'Тема убрана из форм' : 'Тема возвращена в формы');
      res.redirect(303, '/bank/topics');
    });
  }

  return router;
}
