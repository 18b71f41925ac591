import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../generated/prisma/client.ts';
import { guardedClient, scopedClient } from './scoped.ts';

export type Prisma = InstanceType<typeof PrismaClient>;

export interface Database {
  /** Shared by Prisma, the session store and the login throttle. */
  pool: pg.Pool;
  /** The raw client: core mechanisms (sign-in, sessions, setup), scripts and tests. Modules use a scope's `db`. */
  prisma: Prisma;
  /** The client of one organization (cached): what a request scope hands to services. */
  forOrganization(organizationId: number): Prisma;
  /** For the few reads across organizations: refuses any query that does not name its organization(s). */
  portal: Prisma;
  close(): Promise<void>;
}

export function connectDatabase(url: string, options: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const scoped = new Map<number, Prisma>();
  return {
    pool,
    prisma,
    forOrganization(organizationId) {
      let client = scoped.get(organizationId);
      if (!client) scoped.set(organizationId, (client = scopedClient(prisma, organizationId)));
      return client;
    },
    portal: guardedClient(prisma),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
