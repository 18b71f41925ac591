import path from 'node:path';
import express from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { CITY_FIGURES_MAX_AGE_DEFAULT, type Config } from './config/env.ts';
import { createPassport } from './core/auth/passport.ts';
import { csrfProtection } from './core/csrf.ts';
import type { Database } from './core/database/client.ts';
import { projectRoot } from './core/database/migrate.ts';
import { requestContext } from './core/request-context.ts';
import { requestLogger } from './core/request-log.ts';
import { errorHandler, notFoundHandler } from './core/error-handler.ts';
import { giveAppItsOwnClasses } from './core/http-server.ts';
import { rejectControlCharacters } from './core/input-guard.ts';
import { dispatchByFirstSegment, dispatchedInOrder, firstSegmentOf, inOrder } from './core/route-dispatch.ts';
import { replayedHeaders } from './core/security-headers.ts';
import { createSessionStore, renewSessionCookie } from './core/session-store.ts';
import { flashToLocals, saveSessionBeforeRedirect } from './core/flash.ts';
import type { Logger } from './core/logger.ts';
import { defaultLoginThrottle, type LoginThrottleOptions } from './core/throttle.ts';
import { viewLocals } from './core/view-locals.ts';
import { viewEngine } from './core/views.ts';
import type { AppContext } from './core/context.ts';
import { createEvents, decorateResponse, moduleRouters, publicRouters, SESSION_FIGURES } from './modules/index.ts';

export interface AppDeps {
  config: Pick<Config, 'NODE_ENV' | 'SESSION_IDLE_MINUTES' | 'trustProxy' | 'PUBLIC_URL'> & Partial<Pick<Config, 'CITY_FIGURES_MAX_AGE_SECONDS'>> & {
    sessionSecret: string;
    /** Where uploaded files are kept (outside public/). */
    uploadsDir: string;
    /** PUBLIC_URL: the address printed in the links of signed documents. */
    publicUrl?: string;
  };
  db: Database;
  logger: Logger;
  /** One-time token printed by `npm start` while the portal has no organization. */
  setupToken: string;
  loginThrottle?: Partial<LoginThrottleOptions>;
  /** SMTP is configured: notifications queue mail jobs for the job worker (src/server.ts starts it). */
  mailEnabled?: boolean;
}

export function createApp(deps: AppDeps): express.Express & { close(): Promise<void> } {
  const { config, db, logger } = deps;
  const app = express() as express.Express & { close(): Promise<void> };
  // Requests and responses born with the app's prototypes, for `app.listen` and createHttpServer (core/http-server.ts).
  giveAppItsOwnClasses(app);
  const ctx: AppContext = {
    db,
    uploadsDir: config.uploadsDir,
    publicUrl: config.publicUrl,
    cityFiguresMaxAgeSeconds: config.CITY_FIGURES_MAX_AGE_SECONDS ?? CITY_FIGURES_MAX_AGE_DEFAULT,
    // One bus per app: tests run several apps in one process.
    events: createEvents({ mailEnabled: deps.mailEnabled ?? false }),
    setup: { token: deps.setupToken, done: false },
    loginThrottle: { ...defaultLoginThrottle, ...deps.loginThrottle },
    passport: createPassport(db),
  };

  app.set('trust proxy', config.trustProxy);
  app.set('views', path.join(projectRoot, 'views'));
  app.set('view engine', 'ejs');
  app.set('view cache', config.NODE_ENV !== 'development');
  // EJS templates compiled once, includes resolved once, sharing the page's locals instead of copying them (core/views.ts).
  app.engine('ejs', viewEngine({ cache: config.NODE_ENV !== 'development' }));
  app.disable('x-powered-by');
  // No ETag hashed over every page (a SHA-1 of 20–30 KB per response): pages are `no-store` and made for one
  // visitor, so nothing revalidates them. The public pages set their own ETag (public.routes.ts) and still get 304.
  app.set('etag', false);

  // The request's id and its one log line (core/request-log.ts); health checks and assets are not logged.
  app.use(requestLogger(app, logger, (url) => url === '/health' || url.startsWith('/assets/')));
  app.use(requestContext);

  // helmet's headers computed once and set in one step per request (core/security-headers.ts).
  app.use(
    replayedHeaders(helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
        },
      },
      // HSTS only makes sense behind the HTTPS proxy.
      strictTransportSecurity: config.trustProxy ? undefined : false,
    })),
  );

  app.use(
    '/assets',
    express.static(path.join(projectRoot, 'public'), { maxAge: config.NODE_ENV === 'production' ? '1d' : 0, index: false }),
  );
  // Routers reached by the first segment of the path only (core/route-dispatch.ts).
  app.use(dispatchByFirstSegment(publicRouters(ctx)));
  const sessionStore = createSessionStore(session, db.pool, SESSION_FIGURES);
  // An order carries its appendices: a Regulation is 15–30 thousand Russian characters, and a browser
  // sends each as 6 bytes (%D0%9F). The order schema bounds the text itself (ORDER_LIMITS) and says
  // so beside the field with the input kept; a 413 here would lose the methodist's work.
  const orderForms = express.urlencoded({ extended: false, limit: '2mb', parameterLimit: 2000 });
  const forms = express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 2000 });
  saveSessionBeforeRedirect(app.response);
  decorateResponse(app.response, ctx);

  // Every signed-in page's steps, in this order, run as one layer of the app's stack (inOrder: Express's router
  // would match and track each of them as a layer of its own on every request).
  app.use(
    inOrder(
      // Past the static assets every response is a page, a redirect or a download made for this visitor
      // (personal data once signed in; the login form's token before): no browser or proxy keeps a copy,
      // so the back button after logout on a shared computer shows nothing.
      function noStore(_req, res, next) {
        res.setHeader('Cache-Control', 'no-store');
        next();
      },
      session({
        name: 'nastavnik.sid',
        store: sessionStore,
        secret: config.sessionSecret,
        resave: false,
        saveUninitialized: false,
        // The cookie's lifetime is the idle timeout; renewSessionCookie (below) pushes it forward once a minute
        // instead of re-signing and re-sending the cookie with every response.
        rolling: false,
        cookie: {
          httpOnly: true,
          sameSite: 'lax',
          secure: config.trustProxy ? 'auto' : false,
          maxAge: config.SESSION_IDLE_MINUTES * 60_000,
        },
      }),
      renewSessionCookie('nastavnik.sid'),
      function formBody(req, res, next) {
        (firstSegmentOf(req.path) === 'orders' ? orderForms : forms)(req, res, next);
      },
      rejectControlCharacters,
      // No passport.initialize(): since passport 0.6 the session strategy's middleware sets req.login/logout
      // itself; initialize() repeated that and added its compatibility object for passport 0.4 strategies.
      ctx.passport.session(),
      csrfProtection(config.sessionSecret),
      flashToLocals,
      viewLocals,
    ),
  );

  for (const handler of dispatchedInOrder(moduleRouters(ctx))) app.use(handler);

  app.use(notFoundHandler);
  app.use(errorHandler);

  app.close = async () => {
    sessionStore.close();
  };
  return app;
}
