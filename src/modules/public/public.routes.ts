/**
 * The organization's public part, no login: /p/<slug> (the Regulation, the roadmap with each stage's state,
 * news, the public collection), /p/<slug>/news/<id> (with Open Graph tags) and the feeds /p/<slug>/feed.xml
 * (RSS 2.0) and /p/<slug>/atom.xml (Atom). Mounted before the session (composition root: publicRouters), so a
 * visitor never gets a session row or a cookie; responses are the same for everyone, so browsers and the
 * reverse proxy may keep them briefly (public, short max-age) and revalidate by ETag (Express answers 304).
 */
import { LRUCache } from 'lru-cache';
import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { Feed } from 'feed';
import { z } from 'zod';
import { publicBaseUrlOf, type AppContext } from '../../core/context.ts';
import { NotFoundError } from '../../core/errors.ts';
import { formatDate } from '../../core/format.ts';
import { sendStoredFile } from '../../core/uploads.ts';
import { cityFiguresOf } from '../city/index.ts';
import { publicItemFile } from '../collection/index.ts';
import { coverOf, hasCover, publishedNews, publishedNewsItem, readStored } from '../news/index.ts';
import { publicPage, publicScope, type PublicSources } from './public.service.ts';

/** How long a browser or proxy may keep a public page before revalidating (seconds). */
export const PUBLIC_MAX_AGE = 60;

/**
 * The last feed built per format and address, with what it was built from: the news rows are read on every
 * request (an unpublished item leaves the feed at once), and the XML is built again only when they changed —
 * building it (the feed package's XML writer) was most of a feed request's CPU. Bounded: the least recently used go first.
 */
const builtFeeds = new LRUCache<string, { source: string; body: string }>({ max: 1000 });

function cacheable(res: Response, body: string | Buffer, type: string) {
  // The page's bytes made once, hashed and sent: hashing the text and sending it encoded it twice.
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.setHeader('Cache-Control', `public, max-age=${PUBLIC_MAX_AGE}`);
  res.setHeader('ETag', `"${crypto.createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`);
  // A type with its charset («text/html; charset=utf-8»): res.send adds none to bytes.
  res.type(type);
  // res.send answers 304 itself when the request's If-None-Match holds this ETag.
  res.send(bytes);
}

export function publicRouter(ctx: AppContext, sources: PublicSources): Router {
  const router = Router();
  const origin = (req: Request) => publicBaseUrlOf(ctx, req);
  const slugOf = (req: Request) => String(req.params.slug);
  // The city's stored figures of this app: the page shows their stages (the same as /city's), shares their computations.
  const figures = cityFiguresOf(ctx, { stages: sources.stages });
  const render = (res: Response, view: string, locals: Record<string, unknown>) =>
    new Promise<string>((resolve, reject) =>
      res.render(view, { currentUser: null, nav: [], flash: [], csrfToken: () => '', formatDate, ...locals }, (error, html) => (error ? reject(error) : resolve(html))),
    );

  router.get('/p/:slug', async (req, res) => {
    const scope = await publicScope(ctx, slugOf(req));
    const page = await publicPage(scope, figures, sources.upcomingEvents);
    const base = `/p/${scope.organization.slug}`;
    cacheable(res, await render(res, 'public/index', { title: scope.organization.shortName, organization: scope.organization, base, origin: origin(req), timeZone: scope.organization.timeZone, ...page }), 'html');
  });

  router.get('/p/:slug/news/:id', async (req, res) => {
    const scope = await publicScope(ctx, slugOf(req));
    const id = z.coerce.number().int().positive().max(2_147_483_647).safeParse(req.params.id);
    if (!id.success) throw new NotFoundError();
    const news = await publishedNewsItem(scope, id.data);
    const base = `/p/${scope.organization.slug}`;
    const cover = (await hasCover(scope, news.id)) ? `${base}/news/${news.id}/cover.jpg` : null;
    cacheable(res, await render(res, 'public/news', { title: news.title, organization: scope.organization, base, origin: origin(req), timeZone: scope.organization.timeZone, news, cover }), 'html');
  });

  // The cover of a published news item (Open Graph's image, 1200×630): never a draft's.
  router.get('/p/:slug/news/:id/cover.jpg', async (req, res) => {
    const scope = await publicScope(ctx, slugOf(req));
    const id = z.coerce.number().int().positive().max(2_147_483_647).safeParse(req.params.id);
    if (!id.success) throw new NotFoundError();
    await publishedNewsItem(scope, id.data);
    const file = await coverOf(scope, id.data, 'vk');
    if (!file) throw new NotFoundError('Обложки нет');
    cacheable(res, await readStored(ctx.uploadsDir, file.storagePath), 'image/jpeg');
  });

  // A file of a public collection item: only while the item is public under the collection's rule (every
  // author's distribution consent, checked on each request — a revocation is a 404 at once).
  router.get('/p/:slug/collection/:id/files/:fileId', async (req, res) => {
    const scope = await publicScope(ctx, slugOf(req));
    const ids = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647), fileId: z.coerce.number().int().positive().max(2_147_483_647) }).safeParse(req.params);
    if (!ids.success) throw new NotFoundError();
    await sendStoredFile(res, ctx.uploadsDir, await publicItemFile(scope, ids.data.id, ids.data.fileId), PUBLIC_MAX_AGE);
  });

  const feedOf = async (req: Request, format: 'rss2' | 'atom1') => {
    const scope = await publicScope(ctx, slugOf(req));
    const news = await publishedNews(scope, 30);
    const site = `${origin(req)}/p/${scope.organization.slug}`;
    // The feed is a pure function of these (an item's text changes only with its updatedAt).
    const source = JSON.stringify([scope.organization.shortName, scope.organization.fullName, news.map((n) => [n.id, n.updatedAt.getTime(), n.publishedAt.getTime()])]);
    const key = `${format} ${site}`;
    const built = builtFeeds.get(key);
    if (built?.source === source) return built.body;
    const feed = new Feed({
      id: `${site}/`,
      title: `${scope.organization.shortName}: наставничество — новости`,
      description: `Новости системы наставничества педагогических работников, ${scope.organization.fullName}`,
      link: site,
      language: 'ru',
      updated: news[0]?.updatedAt ?? new Date(0),
      generator: 'Наставник',
      feedLinks: { rss: `${site}/feed.xml`, atom: `${site}/atom.xml` },
      copyright: scope.organization.fullName,
    });
    for (const n of news) {
      const link = `${site}/news/${n.id}`;
      feed.addItem({ title: n.title, id: link, link, date: n.publishedAt, published: n.publishedAt, description: n.summary, content: n.html });
    }
    const body = feed[format]();
    builtFeeds.set(key, { source, body });
    return body;
  };

  router.get('/p/:slug/feed.xml', async (req, res) => cacheable(res, await feedOf(req, 'rss2'), 'application/rss+xml; charset=utf-8'));
  router.get('/p/:slug/atom.xml', async (req, res) => cacheable(res, await feedOf(req, 'atom1'), 'application/atom+xml; charset=utf-8'));

  return router;
}
