import { Router } from 'express';
import type { AppContext } from '../../core/context.ts';
import packageJson from '../../../package.json' with { type: 'json' };

/** GET /health — for monitoring and load balancers: no login, no personal data. */
export function healthRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    let database = 'ok';
    try {
      await ctx.db.prisma.$queryRaw`SELECT 1`;
    } catch {
      database = 'unreachable';
    }
    res
      .status(database === 'ok' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: database === 'ok' ? 'ok' : 'error', database, version: packageJson.version });
  });
  return router;
}
