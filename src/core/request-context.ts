import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/**
 * The request an asynchronous piece of work belongs to. Express only sees errors thrown inside its
 * handlers; an error that escapes (a stream event nobody listened to, a promise nobody awaited) reaches
 * the process-level handlers in src/server.ts, which read the request id from here so the log still
 * says which request it was.
 */
interface RequestContext {
  requestId: string;
  method: string;
  path: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function requestContext(req: Request, _res: Response, next: NextFunction): void {
  storage.run({ requestId: String(req.id ?? ''), method: req.method, path: req.path }, next);
}

/** The request the current code runs for, if any. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}
