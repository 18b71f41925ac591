import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * A header-only middleware (helmet) replayed as one step: helmet is a chain of a dozen small middlewares, each a
 * `next()` of its own per request, although with our static options every one sets the same header every time.
 * The chain is run once, at startup, against a recording response; each request then gets the recorded headers.
 * When the middleware does anything else (reads the request, answers, calls next asynchronously or with an
 * error), it is used as it is.
 */
export function replayedHeaders(middleware: RequestHandler): RequestHandler {
  const set: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  let finished = false;
  let failed = false;
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => set.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
    getHeader: () => undefined,
  };
  const request = new Proxy({}, { get: () => (failed = true, undefined) });
  try {
    middleware(request as Request, recorder as unknown as Response, (error?: unknown) => {
      if (error) failed = true;
      finished = true;
    });
  } catch {
    failed = true;
  }
  if (failed || !finished) return middleware;

  // Named as helmet's own middleware: npm run bench:machinery finds the layer by that name.
  return function helmetMiddleware(_req: Request, res: Response, next: NextFunction): void {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}
