import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../generated/prisma/client.ts';
import { DIRECT_READ_SESSION_OPTIONS, withDirectReads } from './direct-reads.ts';
import { guardedClient, requireOrganizationSql, scopedClient } from './scoped.ts';

export type Prisma = InstanceType<typeof PrismaClient>;

export interface Database {
  /** Shared by Prisma, the session store and the login throttle. */
  pool: pg.Pool;
  /**
   * Only for the direct raw reads (direct-reads.ts): its sessions plan every named statement once, generically
   * (`plan_cache_mode = force_generic_plan`), which must not reach Prisma's statements on `pool`.
   */
  directPool: pg.Pool;
  /** The raw client: core mechanisms (sign-in, sessions, setup), scripts and tests. Modules use a scope's `db`. */
  prisma: Prisma;
  /**
   * The client of one organization (cached): what a request scope hands to services. Its `$queryRaw` outside a
   * transaction goes straight to the pool as a named prepared statement (direct-reads.ts), after the same check;
   * so does the audit row of a read (core/audit.ts), with the same organization stamp and check as a create.
   */
  forOrganization(organizationId: number): Prisma;
  /**
   * For the few reads across organizations: refuses any query that does not name its organization(s). Its
   * `$queryRaw` goes straight to the pool too (raw SQL had no rule on this client and still has none).
   */
  portal: Prisma;
  /** Closes the connections; with `timeoutMs`, stops waiting after it (a dead server must not hold up a shutdown). */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * How long a query may wait for a connection — a free one from the pool or a new one to the server.
 * Without a limit a server that stopped answering (not refusing) would hold every request forever;
 * with it they fail, and the error handler answers 503 (see outage.ts). Generous, because a busy moment
 * (parallel order approvals queueing on one lock) must not turn into errors.
 */
const CONNECTION_TIMEOUT_MS = 15_000;

export function connectDatabase(url: string, options: { max?: number } = {}): Database {
  const max = options.max ?? 10;
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: CONNECTION_TIMEOUT_MS });
  /*
   * The direct reads' own small pool (half the shared one: 5 of a process's at most 15 connections — README
   * «Развёртывание для города» counts them against max_connections). Why not `plan_cache_mode` on the shared pool:
   * PostgreSQL applies it to the UNNAMED statements Prisma sends too (each Parse of the unnamed statement is a
   * cached plan source, and force_generic_plan skips its custom plan — checked on the embedded PostgreSQL 18 with
   * auto_explain: an unnamed `WHERE k = $1` showed `k = $1`, not the value), so every Prisma query would lose its
   * plan for its values. Here only our named statements get the generic plan; see direct-reads.ts for why it pays.
   */
  const directPool = new pg.Pool({
    connectionString: url,
    max: Math.max(2, Math.ceil(max / 2)),
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    options: DIRECT_READ_SESSION_OPTIONS,
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool drops it.
  pool.on('error', () => {});
  directPool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const scoped = new Map<number, Prisma>();
  return {
    pool,
    directPool,
    prisma,
    forOrganization(organizationId) {
      let client = scoped.get(organizationId);
      if (!client) scoped.set(organizationId, (client = withDirectReads(scopedClient(prisma, organizationId), directPool, requireOrganizationSql, organizationId)));
      return client;
    },
    portal: withDirectReads(guardedClient(prisma), directPool),
    async close(timeoutMs?: number) {
      const closing = (async () => {
        await prisma.$disconnect();
        await Promise.all([pool.end(), directPool.end()]);
      })();
      if (timeoutMs === undefined) return closing;
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([closing.catch(() => {}), gaveUp]);
      clearTimeout(timer);
    },
  };
}
