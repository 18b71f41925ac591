/** The demo crawled as a mentee teacher and the head (the first of three parts of its checks); see tests/helpers/crawler.ts. */
import { crawlDemoAs } from '../helpers/crawler.ts';

crawlDemoAs(['mentee', { login: 'head', parts: [0], of: 3 }]);
