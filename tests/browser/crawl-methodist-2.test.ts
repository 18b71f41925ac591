/** The demo crawled as the methodist (the other half of its checks); see tests/helpers/crawler.ts. */
import { crawlDemoAs } from '../helpers/crawler.ts';

crawlDemoAs([{ login: 'methodist', parts: [1], of: 2 }]);
