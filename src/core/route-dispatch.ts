import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/**
 * The modules' routers, each reached only by the requests it can answer.
 *
 * Every module router is mounted at `/` and spells its routes in full (`/users/:id`), so Express 5 walked every
 * router's every layer for every request — a path-to-regexp match per route, some two hundred of them, before the
 * page's own route ran (5–7 % of a page's CPU). Most routes start with a literal first segment (`/users`,
 * `/bank/mentees`, `/p/:slug`): a request for `/users` can only be answered by the routers that have a layer
 * whose first segment is `users`, or a layer that could match any first segment (`/`-mounted middleware such as the
 * city's redirect, a route starting with a parameter). So the routers are grouped once per first segment, in their
 * order, and a request walks only its segment's group — the same layers in the same order as before, minus those
 * that could not have matched it.
 *
 * The returned handler exposes the combined stack as `.stack`, like a Router, so whoever reads the route table off
 * Express (tests/http/roles.test.ts) sees every route as before.
 */
export function dispatchByFirstSegment(routers: Router[]): Router {
  const all = Router();
  for (const router of routers) all.use(router);

  const segmentsOf = routers.map((router) => firstSegments(router));
  const literals = new Set<string>();
  for (const segments of segmentsOf) if (segments !== ANY) for (const s of segments) literals.add(s);

  // A group runs its routers one after the other (inOrder), not as a Router of routers: a Router around them
  // would walk them as layers mounted at `/` and pay a layer's matching for each, for nothing.
  const groupFor = (segment: string | null): RequestHandler =>
    inOrder(...routers.filter((_router, i) => segmentsOf[i] === ANY || (segment !== null && (segmentsOf[i] as Set<string>).has(segment))));
  const bySegment = new Map<string, RequestHandler>();
  for (const segment of literals) bySegment.set(segment, groupFor(segment));
  const others = groupFor(null);

  const dispatch = function dispatchByFirstSegment(req: Request, res: Response, next: NextFunction): void {
    const group = bySegment.get(firstSegmentOf(req.path)) ?? others;
    group(req, res, next);
  };
  return Object.assign(dispatch, { stack: all.stack }) as unknown as Router;
}

const ANY = Symbol('any first segment');
type Segments = Set<string> | typeof ANY;

/** A request path's first segment (`/orders/7` → `orders`), in lower case: routes match case-insensitively, as Express's do. */
export function firstSegmentOf(path: string): string {
  const end = path.indexOf('/', 1);
  return (end < 0 ? path.slice(1) : path.slice(1, end)).toLowerCase();
}

/** A path's literal first segment, or ANY when it starts with a parameter, a wildcard, a group or a regular expression. */
function firstSegmentOfPattern(path: unknown): string | typeof ANY {
  if (typeof path !== 'string' || !path.startsWith('/')) return ANY;
  const end = path.indexOf('/', 1);
  const segment = end < 0 ? path.slice(1) : path.slice(1, end);
  return /[:*?(){}[\]+\\]/.test(segment) ? ANY : segment.toLowerCase();
}

type LayerLike = { route?: unknown; rawPath?: unknown; slash?: boolean; handle: { stack?: LayerLike[] } };

/** The first segments a router's layers can match, or ANY (a middleware mounted at `/`, a parameter first). */
function firstSegments(router: Router): Segments {
  const segments = new Set<string>();
  for (const layer of (router as unknown as { stack: LayerLike[] }).stack) {
    const paths = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath];
    for (const path of paths) {
      if (!layer.route && path === '/') {
        // A nested router at `/` is read through; any other middleware at `/` sees every request.
        const nested = layer.handle.stack ? firstSegments(layer.handle as unknown as Router) : ANY;
        if (nested === ANY) return ANY;
        for (const s of nested) segments.add(s);
        continue;
      }
      const segment = firstSegmentOfPattern(path);
      if (segment === ANY) return ANY;
      segments.add(segment);
    }
  }
  return segments;
}

/**
 * Several middleware run as ONE layer of the app's stack, in their order. Express's router pays for every layer of
 * every request — it matches the layer's path (a match object and a params object), runs its param callbacks (a
 * closure) and records what matched: issue 13's profiles put the router at 5 % of a short page's CPU against 1 % in
 * its floor, and at an eighth of the bytes a page allocates. Middleware mounted at `/` need none of that. As on the
 * router: an error — passed to next, thrown, or a rejected promise — skips the rest and goes on to the app's error
 * handling; `next('route')` goes on to the next one.
 */
export function inOrder(...handlers: RequestHandler[]): RequestHandler {
  if (handlers.length === 1) return handlers[0]!;
  return function inOrder(req: Request, res: Response, next: NextFunction): void {
    let index = 0;
    const step = (error?: unknown): void => {
      if (error && error !== 'route') return next(error);
      if (index === handlers.length) return next();
      const handler = handlers[index++]!;
      try {
        const result: unknown = handler(req, res, step);
        if (result instanceof Promise) result.then(undefined, (rejection: unknown) => step(rejection ?? new Error('Rejected promise')));
      } catch (thrown) {
        step(thrown);
      }
    };
    step();
  };
}

/**
 * The handlers in their order, each run of consecutive routers behind one dispatcher; a plain middleware between
 * them (the setup gate, the forced password change) stays where it is and still sees every request.
 */
export function dispatchedInOrder(handlers: readonly (Router | RequestHandler)[]): (Router | RequestHandler)[] {
  const result: (Router | RequestHandler)[] = [];
  let run: Router[] = [];
  const flush = () => {
    if (run.length > 0) result.push(dispatchByFirstSegment(run));
    run = [];
  };
  for (const handler of handlers) {
    if (Array.isArray((handler as { stack?: unknown }).stack)) run.push(handler as Router);
    else {
      flush();
      result.push(handler);
    }
  }
  flush();
  return result;
}
