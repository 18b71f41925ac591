/**
 * The demo crawled as a mentor teacher; see tests/helpers/crawler.ts. A file of its own: with the administrator's crawl
 * in one file, the file came to ~290 s of the test runner's 300 s per file on a loaded machine.
 */
import { crawlDemoAs } from '../helpers/crawler.ts';

crawlDemoAs(['mentor']);
