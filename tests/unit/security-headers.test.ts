import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { replayedHeaders } from '../../src/core/security-headers.ts';

/** The headers a middleware sets on a fresh response, and whether it called next. */
function headersOf(middleware: RequestHandler, req: object = {}): { headers: Record<string, unknown>; next: boolean } {
  const headers: Record<string, unknown> = { 'X-Powered-By': 'Express' };
  let next = false;
  const res = { setHeader: (n: string, v: unknown) => (headers[n] = v), removeHeader: (n: string) => delete headers[n], getHeader: () => undefined };
  middleware(req as Request, res as unknown as Response, () => (next = true));
  return { headers, next };
}

test('helmet replayed: the same headers as helmet itself sets, in one step', () => {
  const options = { contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } } };
  const replayed = replayedHeaders(helmet(options));
  assert.notEqual(replayed, helmet(options), 'replayed, not helmet itself');
  const live = headersOf(helmet(options));
  assert.deepEqual(headersOf(replayed), live);
  assert.equal(live.headers['X-Powered-By'], undefined);
  assert.match(String(live.headers['Content-Security-Policy']), /frame-ancestors 'none'/);
});

test('a middleware that reads the request or calls next later is used as it is', () => {
  const readsRequest: RequestHandler = (req, res, next) => {
    res.setHeader('X-Path', String(req.path));
    next();
  };
  assert.equal(replayedHeaders(readsRequest), readsRequest);
  const later: RequestHandler = (_req, _res, next) => void setImmediate(next);
  assert.equal(replayedHeaders(later), later);
});
