import type { Request, Response } from 'express';
import { rateLimit, type ClientRateLimitInfo, type Options, type Store } from 'express-rate-limit';
import type pg from 'pg';
import { normalizeLogin } from './auth/passport.ts';

/**
 * express-rate-limit store kept in PostgreSQL (table RateLimitHit), so limits hold across restarts
 * and across several portal processes. One upsert per hit; expired windows restart at 1.
 */
export class PostgresRateLimitStore implements Store {
  private windowMs = 60_000;
  constructor(
    private readonly pool: pg.Pool,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const { rows } = await this.pool.query<{ hits: number; resetAt: Date }>(
      `SELECT hits, "resetAt" FROM "RateLimitHit" WHERE key = $1 AND "resetAt" > now()`,
      [this.prefix + key],
    );
    const row = rows[0];
    return row ? { totalHits: row.hits, resetTime: row.resetAt } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const { rows } = await this.pool.query<{ hits: number; resetAt: Date }>(
      `INSERT INTO "RateLimitHit" (key, hits, "resetAt") VALUES ($1, 1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN "RateLimitHit"."resetAt" <= now() THEN 1 ELSE "RateLimitHit".hits + 1 END,
         "resetAt" = CASE WHEN "RateLimitHit"."resetAt" <= now() THEN EXCLUDED."resetAt" ELSE "RateLimitHit"."resetAt" END
       RETURNING hits, "resetAt"`,
      [this.prefix + key, this.windowMs],
    );
    return { totalHits: rows[0]!.hits, resetTime: rows[0]!.resetAt };
  }

  async decrement(key: string): Promise<void> {
    await this.pool.query(`UPDATE "RateLimitHit" SET hits = GREATEST(hits - 1, 0) WHERE key = $1`, [this.prefix + key]);
  }

  async resetKey(key: string): Promise<void> {
    await this.pool.query(`DELETE FROM "RateLimitHit" WHERE key = $1`, [this.prefix + key]);
  }
}

export interface LoginThrottleOptions {
  /** Failed attempts allowed per login within the window. */
  perLogin: number;
  /** Failed attempts allowed per IP address within the window (a kindergarten may sit behind one NAT). */
  perIp: number;
  windowMinutes: number;
  /** Keeps separate apps (tests) from sharing counters. */
  prefix: string;
}

export const defaultLoginThrottle: LoginThrottleOptions = { perLogin: 5, perIp: 50, windowMinutes: 15, prefix: 'login' };

/**
 * Two limiters for POST /login. Only failures count (a successful login gives its hit back), and the
 * blocked response is the login form itself with a Russian message, rendered by `onBlocked`.
 */
export function loginThrottle(
  pool: pg.Pool,
  options: LoginThrottleOptions,
  onBlocked: (req: Request, res: Response, retryAfterMinutes: number) => void,
) {
  const windowMs = options.windowMinutes * 60_000;
  const common = {
    windowMs,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    // requestWasSuccessful: a redirect (303) after login is a success, a re-rendered form is not.
    requestWasSuccessful: (_req: Request, res: Response) => res.statusCode < 400,
    handler: (req: Request, res: Response) => {
      const info = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit;
      const ms = info?.resetTime ? info.resetTime.getTime() - Date.now() : windowMs;
      onBlocked(req, res, Math.max(1, Math.ceil(ms / 60_000)));
    },
  };
  return [
    rateLimit({ ...common, limit: options.perIp, store: new PostgresRateLimitStore(pool, `${options.prefix}:ip:`) }),
    rateLimit({
      ...common,
      limit: options.perLogin,
      store: new PostgresRateLimitStore(pool, `${options.prefix}:login:`),
      keyGenerator: (req) => normalizeLogin(String((req.body as Record<string, unknown>)?.username ?? '')),
    }),
  ];
}
