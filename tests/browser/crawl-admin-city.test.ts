/** The demo crawled as an anonymous visitor, the administrator and the city specialist; see tests/helpers/crawler.ts. */
import { crawlDemoAs } from '../helpers/crawler.ts';

crawlDemoAs([null, 'admin', 'city']);
