/** The demo crawled as a mentor teacher and a mentee teacher (see tests/helpers/crawler.ts). */
import { crawlDemoAs } from '../helpers/crawler.ts';

crawlDemoAs(['mentor', 'mentee']);
