import http from 'node:http';
import type { Express } from 'express';

/**
 * The app's request and response classes (see giveAppItsOwnClasses), for the servers that serve it.
 */
const appClasses = new WeakMap<Express, Pick<http.ServerOptions, 'IncomingMessage' | 'ServerResponse'>>();

/**
 * Makes `app.request` and `app.response` — the prototypes Express gives each request and response (its methods and
 * ours) — the prototypes of two classes derived from Node's, and `app.listen` serve with them (createHttpServer). Call
 * it right after `express()`, before anything is added to `app.request`/`app.response`.
 *
 * Why: Express re-parents every request and response with `Object.setPrototypeOf` as it enters the app, and V8 pays for
 * that change of shape in garbage collection — about a third of what a request allocated was still reachable at the
 * next young-generation collection and was copied, often twice, into the old generation (a bare Express page: 29 %
 * survival against 0.2 % for the same page on Node's http alone; the portal's `/orders`: ~150 µs of collection per
 * request and 10 ms pauses, `--trace-gc-nvp`). An object born with the right prototype keeps its shape: Express's
 * `setPrototypeOf` then finds the prototype in place and changes nothing (0.4 % survival). Classes, not functions given
 * to `Reflect.construct`: V8 caches the object's initial shape for a derived class, and for a plain function as
 * `new.target` made a new one per object (6 % survival). The objects are still `http.IncomingMessage` and
 * `http.ServerResponse`; a server made otherwise (supertest's `http.createServer(app)`) serves the app as before.
 */
export function giveAppItsOwnClasses(app: Express): void {
  class AppRequest extends http.IncomingMessage {}
  class AppResponse extends http.ServerResponse {}
  adopt(AppRequest.prototype, app.request);
  adopt(AppResponse.prototype, app.response);
  app.request = AppRequest.prototype as Express['request'];
  app.response = AppResponse.prototype as Express['response'];
  appClasses.set(app, { IncomingMessage: AppRequest, ServerResponse: AppResponse as typeof http.ServerResponse });
  app.listen = listenOnAppServer(app);
}

/** `prototype` takes `express`'s place: the same prototype above it and the same own properties (`app`). */
function adopt(prototype: object, express: object): void {
  Object.setPrototypeOf(prototype, Object.getPrototypeOf(express));
  Object.defineProperties(prototype, Object.getOwnPropertyDescriptors(express));
}

/** The HTTP server of the app: with its own classes when it has them (giveAppItsOwnClasses). */
export function createHttpServer(app: Express): http.Server {
  return http.createServer(appClasses.get(app) ?? {}, app);
}

/** `app.listen(…)` on createHttpServer's server; as Express's own, a callback also hears a failure to listen. */
function listenOnAppServer(app: Express): Express['listen'] {
  return function listen(...args: unknown[]) {
    const server = createHttpServer(app);
    const last = args.at(-1);
    if (typeof last === 'function') {
      let called = false;
      const once = (...callbackArgs: unknown[]) => {
        if (called) return;
        called = true;
        (last as (...a: unknown[]) => void)(...callbackArgs);
      };
      args[args.length - 1] = once;
      server.once('error', once);
    }
    return server.listen(...(args as Parameters<http.Server['listen']>));
  } as Express['listen'];
}
