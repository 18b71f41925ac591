import type { Logger } from '../src/core/logger.ts';
import type { Role } from '../src/generated/prisma/enums.ts';

declare global {
  namespace Express {
    /** The signed-in user as loaded once per request by passport's deserializer. */
    interface User {
      id: number;
      organizationId: number;
      login: string;
      fullName: string;
      role: Role;
      mustChangePassword: boolean;
      /** Which password this session was signed in with (see User.sessionVersion). */
      sessionVersion: number;
      /** The staff record behind the account (teachers; null for a bare admin account). */
      staffMemberId: number | null;
      organization: { id: number; slug: string; shortName: string; fullName: string; timeZone: string };
    }
    interface Request {
      /** The request's id (core/request-log.ts): the proxy's X-Request-Id, or a new UUID. */
      id: string;
      /** pino bound to this request (core/request-log.ts), made when first used. */
      log: Logger;
      /**
       * Read with the session row in the session's one statement (core/session-store.ts), for this request only:
       * the user the session names (null: none, or deactivated) and the figures every signed-in page shows.
       */
      sessionRead?: { user: User | null; figures: Readonly<Record<string, number>> };
    }
    interface Locals {
      requestId?: string;
    }
  }
}

declare module 'express-session' {
  interface SessionData {
    flash?: { kind: 'notice' | 'alert'; text: string }[];
    /** A secret shown to the user exactly once (one-time password), then removed. */
    reveal?: { label: string; value: string };
    /** When the session cookie's expiry was last sent to the browser (ms): core/session-store.ts renewSessionCookie. */
    cookieRenewedAt?: number;
  }
}

export {};
