/**
 * The demo crawled as a mentor teacher; see tests/helpers/crawler.ts. A file of its own: together with the anonymous,
 * administrator's and city crawls (287 s of crawling) the file reached the test runner's 300 s per file and was cancelled.
 */
import { crawlDemoAs } from '../helpers/crawler.ts';

crawlDemoAs(['mentor']);
