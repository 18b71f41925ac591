import http from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

/**
 * The HTTP server of an Express app whose requests and responses are born with the app's own prototypes
 * (`app.request`, `app.response`: Express's methods and ours) instead of Node's.
 *
 * Express gives every request and response the app's prototype with `Object.setPrototypeOf` as it enters the app.
 * V8 pays for that change of shape in garbage collection: with it, about a third of what a request allocated was
 * still reachable at the next young-generation collection and was copied, often twice, into the old generation
 * (a bare Express page: 30 % survival against 0.2 % for the same page on Node's http alone; the portal's `/orders`:
 * ~150 µs of collection per request and 10 ms pauses). An object made with the right prototype keeps its shape —
 * Express's `setPrototypeOf` then finds the prototype already in place and changes nothing: on `/orders`, collection
 * time per request went from ~150 to ~60 µs (`--trace-gc-nvp`, sequential requests; the measurement is in README,
 * «Нагрузочный замер»). Nothing else changes: the objects are still `http.IncomingMessage`/`http.ServerResponse`.
 */
export function createHttpServer(app: Express, options: http.ServerOptions = {}): http.Server {
  // Reflect.construct runs Node's constructor and makes the object with `new.target`'s prototype.
  function AppRequest(socket: Socket): http.IncomingMessage {
    return Reflect.construct(http.IncomingMessage, [socket], AppRequest) as http.IncomingMessage;
  }
  AppRequest.prototype = app.request;
  function AppResponse(req: http.IncomingMessage, responseOptions?: unknown): http.ServerResponse {
    return Reflect.construct(http.ServerResponse, [req, responseOptions], AppResponse) as http.ServerResponse;
  }
  AppResponse.prototype = app.response;
  return http.createServer(
    { ...options, IncomingMessage: AppRequest as unknown as typeof http.IncomingMessage, ServerResponse: AppResponse as unknown as typeof http.ServerResponse },
    app,
  );
}

/** `app.listen(…)` on that server (as Express's own: a callback also hears a failure to listen). */
export function listenOnAppServer(app: Express): Express['listen'] {
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
