/** The demo crawled as an anonymous visitor, the administrator and a mentor teacher; see tests/helpers/crawler.ts. */
import { crawlDemoAs } from '../helpers/crawler.ts';

crawlDemoAs([null, 'admin', 'mentor']);
