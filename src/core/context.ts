/**
 * What the routers receive from the app: made once per app by createApp (src/app.ts), so tests can run
 * several apps in one process, each with its own database handle, event bus and setup state.
 */
import type { Request } from 'express';
import type { PassportStatic } from 'passport';
import type { Database } from './database/client.ts';
import type { Events } from './scope.ts';
import type { LoginThrottleOptions } from './throttle.ts';

export interface SetupState {
  /** One-time token printed by `npm start` while the portal has no organization. */
  token: string;
  /** Once an organization exists it never goes back: cached so requests stop asking the database. */
  done: boolean;
}

export interface AppContext {
  /** `db.forOrganization` and `db.portal` for scopes; the raw `db.prisma` only for core mechanisms. */
  db: Database;
  /** Where uploaded files are kept (outside public/). */
  uploadsDir: string;
  /** PUBLIC_URL (no trailing slash), the portal's address on signed documents; unset: the request's own address. */
  publicUrl?: string;
  /** CITY_FIGURES_MAX_AGE_SECONDS: how old the city page's stored figures may be (src/modules/city); 0 = live. */
  cityFiguresMaxAgeSeconds: number;
  /** The app's one event bus, its subscriptions wired by the composition root (src/modules/index.ts). */
  events: Events;
  setup: SetupState;
  loginThrottle: LoginThrottleOptions;
  /** This app's passport instance (not the global singleton). */
  passport: PassportStatic;
}

/** The portal's address on printed and shared links: PUBLIC_URL, or the address this request came to. */
export function publicBaseUrlOf(ctx: Pick<AppContext, 'publicUrl'>, req: Request): string {
  return ctx.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
