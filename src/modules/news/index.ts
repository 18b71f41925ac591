/**
 * The news module's face (stage 7). It owns NewsPost and NewsPerson. The public page and its feeds read
 * `publishedNews` (no names) / `publishedNewsItem` (people named only with their distribution consent, evaluated now).
 * A post may name one event (NewsPost.eventId, checked through the events module's face); the event page
 * lists `newsAboutEvent` (wired in the composition root).
 */
export { newsDashboard } from './news.dashboard.ts';
export { newsRouter } from './news.routes.ts';
export { createNews, getNews, newsAboutEvent, publishedNews, publishedNewsItem, publishedNewsOf, publishedNewsSql, setNewsStatus, socialPost, updateNews } from './news.service.ts';
export { newsHtml, newsPlainText } from './news.sanitize.ts';
export type { PublishedNewsRow } from './news.service.ts';
export { COVER_SIZES, coverOf, hasCover, readStored, type CoverSize } from './news.cover.ts';
