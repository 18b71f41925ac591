/** The demo crawled as the methodist, who sees the most pages (half of its checks); see tests/helpers/crawler.ts. */
import { crawlDemoAs } from '../helpers/crawler.ts';

crawlDemoAs([{ login: 'methodist', parts: [0], of: 2 }]);
