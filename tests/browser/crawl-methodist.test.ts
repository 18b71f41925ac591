/** The demo crawled as the methodist, who sees the most pages (see tests/helpers/crawler.ts). */
import { crawlDemoAs } from '../helpers/crawler.ts';

crawlDemoAs(['methodist']);
