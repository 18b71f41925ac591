import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requirePermission } from '../../core/auth/middleware.ts';
import { publicBaseUrlOf, type AppContext } from '../../core/context.ts';
import { FormError, NotFoundError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { pageHref } from '../../core/pagination.ts';
import { requestScope } from '../../core/scope.ts';
import { acceptUpload, checkUpload, sendStoredFile, uploadError } from '../../core/uploads.ts';
import { COVER_MAX_BYTES, COVER_SIZES, coverOf, hasCover, setCover, type CoverSize } from './news.cover.ts';
import { eventChoicesForNews } from '../events/index.ts';
import { createNews, getNews, listNews, NEWS_STATUS_LABELS, newsQuery, parseNewsForm, peopleChoices, prefillFromEvent, setNewsStatus, socialPost, stageChoices, updateNews } from './news.service.ts';

/** /news: the methodist writes news of the stages; the public page /p/<slug> shows the published ones. */
export function newsRouter(ctx: AppContext): Router {
  const router = Router();
  const scopeOf = (req: Request) => requestScope(req, ctx);
  const idOf = (req: Request) => {
    const id = z.coerce.number().int().positive().max(2_147_483_647).safeParse(req.params.id);
    if (!id.success) throw new NotFoundError();
    return id.data;
  };
  /** The public address of a news item (PUBLIC_URL when set: the social post's link must work outside). */
  const publicLink = (req: Request, slug: string, id: number) => `${publicBaseUrlOf(ctx, req)}/p/${slug}/news/${id}`;

  router.get('/news', requirePermission('news:read'), async (req, res) => {
    const query = newsQuery.parse(req.query);
    const { page, rows } = await listNews(scopeOf(req), query);
    const filters = { status: query.status.join(',') || undefined };
    res.render('news/index', { title: 'Новости', rows, page, query, labels: NEWS_STATUS_LABELS, pageLink: (n: number) => pageHref('/news', filters, n) });
  });

  /** The form; `current` is the event the post names already (kept in the choices even if cancelled since). */
  const form = async (req: Request, res: Response, status: number, locals: Record<string, unknown>, current: number | null = null) => {
    const scope = scopeOf(req);
    const [people, events] = await Promise.all([peopleChoices(scope), eventChoicesForNews(scope, current)]);
    res.status(status).render('news/form', { people, events, stages: stageChoices(), errors: {}, ...locals });
  };

  // «Написать новость» on an event's page: /news/new?event=<id> starts with the event and its stage.
  router.get('/news/new', requirePermission('news:manage'), async (req, res) => {
    const eventId = z.coerce.number().int().positive().max(2_147_483_647).safeParse(req.query.event);
    const values = eventId.success ? ((await prefillFromEvent(scopeOf(req), eventId.data)) ?? {}) : {};
    await form(req, res, 200, { title: 'Новая новость', action: '/news', values });
  });

  router.post('/news', requirePermission('news:manage'), async (req, res) => {
    const parsed = parseNewsForm(req.body);
    const locals = { title: 'Новая новость', action: '/news' };
    if (!parsed.ok) return form(req, res, 422, { ...locals, values: parsed.values, errors: parsed.errors });
    try {
      const news = await createNews(scopeOf(req), parsed.data);
      flash(req, 'Черновик новости сохранён');
      res.redirect(303, `/news/${news.id}`);
    } catch (error) {
      if (error instanceof FormError) return form(req, res, 422, { ...locals, values: req.body, errors: error.fieldErrors });
      throw error;
    }
  });

  router.get('/news/:id', requirePermission('news:read'), async (req, res) => {
    const scope = scopeOf(req);
    const news = await getNews(scope, idOf(req));
    const link = publicLink(req, scope.organization.slug, news.id);
    res.render('news/show', { title: news.title, news, labels: NEWS_STATUS_LABELS, link, post: socialPost(news, link), cover: await hasCover(scope, news.id), coverSizes: COVER_SIZES, errors: {} });
  });

  // The cover: one photo in, the sizes for ВКонтакте and Telegram out (news.cover.ts).
  router.post('/news/:id/cover', requirePermission('news:manage'), acceptUpload('cover', COVER_MAX_BYTES, 'photo'), async (req, res) => {
    const scope = scopeOf(req);
    const id = idOf(req);
    try {
      const tooLarge = uploadError(req);
      if (tooLarge) throw new FormError({ cover: tooLarge });
      await setCover(scope, ctx.uploadsDir, id, await checkUpload(req.file, ['jpg', 'png'], 'cover'));
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      const news = await getNews(scope, id);
      const link = publicLink(req, scope.organization.slug, news.id);
      return res.status(422).render('news/show', { title: news.title, news, labels: NEWS_STATUS_LABELS, link, post: socialPost(news, link), cover: await hasCover(scope, id), coverSizes: COVER_SIZES, errors: error.fieldErrors });
    }
    flash(req, 'Обложка загружена: готовы изображения для ВКонтакте и Telegram');
    res.redirect(303, `/news/${id}`);
  });

  router.get('/news/:id/cover/:size', requirePermission('news:read'), async (req, res) => {
    const size = String(req.params.size);
    if (!(size in COVER_SIZES)) throw new NotFoundError();
    const file = await coverOf(scopeOf(req), idOf(req), size as CoverSize);
    if (!file) throw new NotFoundError('Обложки нет');
    await sendStoredFile(res, ctx.uploadsDir, file);
  });

  router.get('/news/:id/edit', requirePermission('news:manage'), async (req, res) => {
    const news = await getNews(scopeOf(req), idOf(req));
    const values = { title: news.title, source: news.source, stage: news.stage ?? '', event: news.eventId ?? '', people: news.people.map((p) => p.staffMember.id) };
    await form(req, res, 200, { title: 'Правка новости', action: `/news/${news.id}`, values }, news.eventId);
  });

  router.post('/news/:id', requirePermission('news:manage'), async (req, res) => {
    const id = idOf(req);
    const parsed = parseNewsForm(req.body);
    const locals = { title: 'Правка новости', action: `/news/${id}` };
    const current = (await getNews(scopeOf(req), id)).eventId;
    if (!parsed.ok) return form(req, res, 422, { ...locals, values: parsed.values, errors: parsed.errors }, current);
    try {
      await updateNews(scopeOf(req), id, parsed.data);
    } catch (error) {
      if (error instanceof FormError) return form(req, res, 422, { ...locals, values: req.body, errors: error.fieldErrors }, current);
      throw error;
    }
    flash(req, 'Новость сохранена');
    res.redirect(303, `/news/${id}`);
  });

  for (const [action, status] of [['publish', 'PUBLISHED'], ['unpublish', 'DRAFT']] as const) {
    router.post(`/news/:id/${action}`, requirePermission('news:manage'), async (req, res) => {
      const id = idOf(req);
      await setNewsStatus(scopeOf(req), id, status);
      flash(req, status === 'PUBLISHED' ? 'Новость опубликована на публичной странице' : 'Новость снята с публичной страницы');
      res.redirect(303, `/news/${id}`);
    });
  }

  return router;
}
