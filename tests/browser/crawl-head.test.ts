/** The demo crawled as the head (two of three parts of its checks); see tests/helpers/crawler.ts. */
import { crawlDemoAs } from '../helpers/crawler.ts';

crawlDemoAs([{ login: 'head', parts: [1, 2], of: 3 }]);
