import crypto from 'node:crypto';
import type { Express, NextFunction, Request, Response } from 'express';
import type { Logger } from './logger.ts';

/** An id a proxy in front of the portal hands in (nginx's $request_id): 8–64 letters, digits, - or _. */
const INCOMING_ID = /^[\w-]{8,64}$/;
const CHILD = Symbol('requestLog');
type LoggedRequest = Request & { [CHILD]?: Logger };

/**
 * Each request's id and its one log line.
 *
 * The id is the proxy's X-Request-Id when it sends a sane one, else a new UUID; the response carries it, and so do
 * the error page, the audit rows and every log line of the request. The line is written when the response is done:
 * method, path without the query string (searches hold names), status, time and the user's id — never bodies,
 * cookies or personal data. `req.log` is pino bound to the request, made only when a handler logs (an error, a
 * cancelled download): most requests never do.
 *
 * Why not pino-http: it built that child logger, three response listeners and two arrays on every request, logged or
 * not, and with the log level off still paid for all of it — ~90 µs of CPU per request (micro-benchmark), a tenth of what
 * separated a page from its floor in issue 13's benchmark. This is the part of it the portal uses, on the same pino.
 */
export function requestLogger(app: Express, logger: Logger, skip: (url: string) => boolean) {
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: LoggedRequest): Logger {
      return (this[CHILD] ??= logger.child({ req: requestFields(this) }));
    },
    // A library that sets its own `req.log` (as pino-http did) replaces it instead of throwing on a getter-only property.
    set(this: LoggedRequest, value: Logger) {
      this[CHILD] = value;
    },
  });

  return function requestLogger(req: Request, res: Response, next: NextFunction): void {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : crypto.randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    if (!skip(req.url)) {
      const startedAt = Date.now();
      // 'close' comes after every response: sent in full (writableFinished) or cut off by the client or a failure.
      res.once('close', () => logResponse(logger, req, res, Date.now() - startedAt));
    }
    next();
  };
}

function logResponse(logger: Logger, req: Request, res: Response, responseTime: number): void {
  const level = !res.writableFinished ? 'warn' : res.statusCode >= 500 ? 'error' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  const line: Record<string, unknown> = { req: requestFields(req), res: { statusCode: res.statusCode }, responseTime };
  if (req.user) line.userId = req.user.id;
  logger[level](line, level === 'warn' ? 'request aborted' : level === 'error' ? 'request failed' : 'request completed');
}

function requestFields(req: Request): { id: string; method: string; path: string } {
  // originalUrl: a router mounted on a path has cut req.url down to the rest of it.
  const url = req.originalUrl ?? req.url;
  const query = url.indexOf('?');
  return { id: req.id, method: req.method, path: query < 0 ? url : url.slice(0, query) };
}
