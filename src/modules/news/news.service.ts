/**
 * News of the roadmap's stages (stage 7), written by the methodist: a title, a text with simple formatting
 * (sanitised on the server, news.sanitize.ts), the stage it is about, the people named or shown in it;
 * draft or published. Published news goes to the public page /p/<slug> and its feeds.
 *
 * People (ст. 10.1 152-ФЗ): the editor warns when a person named in the news has no valid distribution
 * consent, and the public page names only those who have one — evaluated at read time, so a revocation
 * takes the name off at once.
 */
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { audit } from '../../core/audit.ts';
import type { CountsOver } from '../../core/dashboard.ts';
import { FormError, NotFoundError } from '../../core/errors.ts';
import { parseForm, requiredText } from '../../core/forms.ts';
import { enumListParam, pageParam, paginated } from '../../core/pagination.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { shortNameOf } from '../../domain/people.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { NewsStatus } from '../../generated/prisma/enums.ts';
import { staffWithValidConsent } from '../consents/index.ts';
import { checkEventForNews, linkedEvent, stageOfEventKind } from '../events/index.ts';
import { roadmapStages } from '../roadmap/index.ts';
import { newsHtml, newsPlainText } from './news.sanitize.ts';

export const NEWS_STATUS_LABELS: Record<NewsStatus, string> = { DRAFT: 'черновик', PUBLISHED: 'опубликована' };

/** Hashtags of the social post: the portal's own and the stage's. */
export const STAGE_HASHTAGS: Record<number, string[]> = {
  1: ['#положениеонаставничестве'],
  2: ['#банкнаставляемых', '#молодойпедагог'],
  3: ['#банкнаставников'],
  4: ['#наставническиепары'],
  5: ['#программанаставничества'],
  6: ['#лучшиепрактики', '#методическаякопилка'],
  7: ['#новостинаставничества'],
};
const COMMON_HASHTAGS = ['#наставничество', '#педагоги'];

const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => [...new Set([v ?? []].flat().map(Number).filter((n) => Number.isInteger(n) && n > 0))]);

export const newsSchema = z.object({
  title: requiredText('Заголовок', 200),
  source: requiredText('Текст', 20_000),
  stage: z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .pipe(z.number().int().min(1, 'Выберите этап из списка').max(7, 'Выберите этап из списка').nullable()),
  people: idList,
  /** The event the news is about (optional): the events module checks it (same organization, not cancelled). */
  event: z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .pipe(z.number({ error: 'Выберите мероприятие из списка' }).int('Выберите мероприятие из списка').positive('Выберите мероприятие из списка').max(2_147_483_647, 'Выберите мероприятие из списка').nullable()),
});
/** The event is optional for callers in code (the demo): none unless given. */
export type NewsInput = Omit<z.infer<typeof newsSchema>, 'event'> & { event?: number | null };

export function parseNewsForm(body: unknown) {
  return parseForm(newsSchema, body);
}

export const newsQuery = z.object({ status: enumListParam(['DRAFT', 'PUBLISHED'] as const), page: pageParam });

const newsSelect = {
  id: true,
  title: true,
  source: true,
  html: true,
  stage: true,
  status: true,
  publishedAt: true,
  updatedAt: true,
  eventId: true,
  people: { select: { staffMember: { select: { id: true, lastName: true, firstName: true, middleName: true } } } },
} as const;

export async function listNews(scope: Scope, query: z.infer<typeof newsQuery>) {
  const where = query.status.length ? { status: { in: query.status } } : {};
  return paginated(
    query.page,
    () => scope.db.newsPost.count({ where }),
    (skip, take) => scope.db.newsPost.findMany({ where, select: newsSelect, orderBy: [{ publishedAt: { sort: 'desc', nulls: 'first' } }, { id: 'desc' }], skip, take }),
  );
}

export async function getNews(scope: Pick<Scope, 'db' | 'organization' | 'now'>, id: number) {
  const news = await scope.db.newsPost.findUnique({ where: { organizationId_id: { organizationId: scope.organization.id, id } }, select: newsSelect });
  if (!news) throw new NotFoundError('Новость не найдена');
  const [consenting, event] = await Promise.all([staffWithValidConsent(scope, news.people.map((p) => p.staffMember.id), 'DISTRIBUTION'), linkedEvent(scope, news.eventId)]);
  return {
    ...news,
    event,
    peopleWithoutConsent: news.people.filter((p) => !consenting.has(p.staffMember.id)).map((p) => shortNameOf(p.staffMember)),
    publicPeople: news.people.filter((p) => consenting.has(p.staffMember.id)).map((p) => shortNameOf(p.staffMember)),
  };
}

async function checkPeople(scope: Scope, ids: number[]) {
  const found = await scope.db.staffMember.count({ where: { id: { in: ids } } });
  if (found !== ids.length) throw new FormError({ people: 'Выберите людей из списка сотрудников' });
}

export async function createNews(scope: Scope, input: NewsInput) {
  await checkPeople(scope, input.people);
  if (input.event) await checkEventForNews(scope, input.event);
  return transaction(scope, async (tx) => {
    const news = await tx.db.newsPost.create({
      data: {
        organizationId: tx.organization.id,
        title: input.title,
        source: input.source,
        html: newsHtml(input.source),
        stage: input.stage,
        eventId: input.event ?? null,
        authorId: tx.user?.id ?? null,
      },
      select: { id: true },
    });
    await tx.db.newsPerson.createMany({ data: input.people.map((staffMemberId) => ({ organizationId: tx.organization.id, newsId: news.id, staffMemberId })) });
    await audit(tx, { action: 'news.create', entityType: 'NewsPost', entityId: news.id, details: { people: input.people.length, event: input.event ?? null } });
    return news;
  });
}

export async function updateNews(scope: Scope, id: number, input: NewsInput) {
  const before = await getNews(scope, id);
  await checkPeople(scope, input.people);
  if (input.event) await checkEventForNews(scope, input.event, before.eventId);
  await transaction(scope, async (tx) => {
    await tx.db.newsPerson.deleteMany({ where: { newsId: id } });
    await tx.db.newsPost.update({
      where: { organizationId_id: { organizationId: tx.organization.id, id } },
      data: {
        title: input.title,
        source: input.source,
        html: newsHtml(input.source),
        stage: input.stage,
        eventId: input.event ?? null,
      },
    });
    await tx.db.newsPerson.createMany({ data: input.people.map((staffMemberId) => ({ organizationId: tx.organization.id, newsId: id, staffMemberId })) });
    await audit(tx, { action: 'news.update', entityType: 'NewsPost', entityId: id, details: { people: input.people.length, event: input.event ?? null } });
  });
}

export async function setNewsStatus(scope: Scope, id: number, status: NewsStatus) {
  const news = await getNews(scope, id);
  await transaction(scope, async (tx) => {
    await tx.db.newsPost.update({
      where: { organizationId_id: { organizationId: tx.organization.id, id } },
      data: { status, publishedAt: status === 'PUBLISHED' ? (news.publishedAt ?? tx.now) : null },
    });
    await audit(tx, { action: status === 'PUBLISHED' ? 'news.publish' : 'news.unpublish', entityType: 'NewsPost', entityId: id });
  });
}

/**
 * What the form of a new post about an event starts with: the event linked and the stage its kind belongs to
 * (the events module's mapping). An unknown or cancelled event prefills nothing.
 */
export async function prefillFromEvent(scope: Scope, eventId: number): Promise<{ event: string; stage: string } | null> {
  const event = await linkedEvent(scope, eventId);
  if (!event || event.status === 'CANCELLED') return null;
  return { event: String(event.id), stage: String(stageOfEventKind(event.kind)) };
}

/** News about an event, for the event's page (drafts too: the page shows it to those who read news). */
export async function newsAboutEvent(scope: Pick<Scope, 'db'>, eventId: number) {
  return scope.db.newsPost.findMany({ where: { eventId }, select: { id: true, title: true, status: true, publishedAt: true }, orderBy: [{ publishedAt: { sort: 'desc', nulls: 'first' } }, { id: 'desc' }] });
}

/** Staff to name in a news post. */
export async function peopleChoices(scope: Scope) {
  const staff = await scope.db.staffMember.findMany({ where: { archivedAt: null }, select: { id: true, lastName: true, firstName: true, middleName: true }, orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }] });
  return staff.map((s) => ({ id: s.id, name: shortNameOf(s) }));
}

export function stageChoices(): [string, string][] {
  return roadmapStages().map((s) => [String(s.number), `${s.number}. ${s.title}`]);
}

/** A short text of at most `max` characters, cut at a word. */
export function shortText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[\s,.;:—-]+$/, '')}…`;
}

/**
 * The ready post for ВКонтакте and Telegram («текст для соцсетей»): the title, a short text, the stage's
 * hashtags and the link to the news on the public page. Copied by hand: the portal posts nothing itself.
 */
export function socialPost(news: { title: string; html: string; stage: number | null }, link: string): string {
  const text = shortText(newsPlainText(news.html), 280);
  const tags = [...COMMON_HASHTAGS, ...(news.stage ? (STAGE_HASHTAGS[news.stage] ?? []) : [])];
  return [news.title, '', text, '', tags.join(' '), '', `Подробнее: ${link}`].join('\n');
}

// ---- the public page and feeds -----------------------------------------------------------------

/** «Published», the rule of the public page and the feeds, in SQL over a NewsPost alias (its Prisma side: `status: 'PUBLISHED'`). */
export function isPublishedNewsSql(news: Sql.Sql): Sql.Sql {
  return Sql.sql`${news}.status = 'PUBLISHED'`;
}

/**
 * A news item's summary (its plain text, cut at a word), remembered per item and version: sanitize-html's parse
 * of the whole text was most of a feed request's CPU, and a published item's text changes only when it is saved
 * (which bumps `updatedAt`). The stored HTML is compared too, so a hit is always this very text's summary.
 * Bounded: the least recently used go first.
 */
const summaries = new LRUCache<string, { html: string; summary: string }>({ max: 2000 });

function summaryOf(news: { id: number; updatedAt: Date; html: string }): string {
  const key = `${news.id}:${news.updatedAt.getTime()}`;
  const known = summaries.get(key);
  if (known && known.html === news.html) return known.summary;
  const summary = shortText(newsPlainText(news.html), 300);
  summaries.set(key, { html: news.html, summary });
  return summary;
}

/** A published news row as `publishedNewsSql` gives it (moments as JSON text). */
export interface PublishedNewsRow {
  id: number;
  title: string;
  html: string;
  stage: number | null;
  publishedAt: string;
  updatedAt: string;
}

/**
 * Published news for the public page and the feeds, newest first — what they print: title, dates, the text and
 * its summary. Neither names people (the news page does, through `publishedNewsItem`, with consent). As one SQL
 * expression (a JSON array), so that the public page reads it in the same statement as its other sections;
 * `publishedNewsOf` turns the rows into the news.
 */
export function publishedNewsSql(organizationId: number, take: number): Sql.Sql {
  return Sql.sql`(SELECT COALESCE(json_agg(x ORDER BY x."publishedAt" DESC, x.id DESC), '[]') FROM (
    SELECT n.id, n.title, n.html, n.stage, n."publishedAt" AT TIME ZONE 'UTC' AS "publishedAt", n."updatedAt" AT TIME ZONE 'UTC' AS "updatedAt"
    FROM "NewsPost" n WHERE n."organizationId" = ${organizationId} AND ${isPublishedNewsSql(Sql.sql`n`)}
    ORDER BY n."publishedAt" DESC, n.id DESC LIMIT ${take}) x)`;
}

export function publishedNewsOf(rows: PublishedNewsRow[]) {
  // Written out, not `{ ...r, publishedAt, … }`: in Node 20 each property after a spread is a slow runtime store.
  return rows.map((r) => {
    const updatedAt = new Date(r.updatedAt);
    return { id: r.id, title: r.title, html: r.html, stage: r.stage, publishedAt: new Date(r.publishedAt), updatedAt, summary: summaryOf({ id: r.id, updatedAt, html: r.html }) };
  });
}

/** The feeds' read: `publishedNewsSql` alone. */
export async function publishedNews(scope: Pick<Scope, 'db' | 'organization'>, take = 20) {
  const [row] = await scope.db.$queryRaw<{ news: PublishedNewsRow[] }[]>`SELECT ${publishedNewsSql(scope.organization.id, take)} AS news`;
  return publishedNewsOf(row!.news);
}

/** One published news item for its public page, or NotFound. */
export async function publishedNewsItem(scope: Pick<Scope, 'db' | 'organization' | 'now'>, id: number) {
  const news = await getNews(scope, id);
  if (news.status !== 'PUBLISHED') throw new NotFoundError('Новость не найдена');
  return { ...news, summary: summaryOf(news) };
}

/**
 * Stage 7: published news (the same filter as /news?status=PUBLISHED), counted by the dashboard for one
 * organization or many (core/dashboard.ts countsSql / countsByOrganizationSql).
 */
export const PUBLISHED_NEWS: CountsOver = { table: 'NewsPost', alias: 'n', counts: { published: isPublishedNewsSql(Sql.raw('n')) } };
