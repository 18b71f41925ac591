import type { Request } from 'express';
import type { Prisma } from './database/client.ts';
import { directPathOf, directQuery } from './database/direct-reads.ts';
import { withOrganization } from './database/scoped.ts';
import { Prisma as Sql } from '../generated/prisma/client.ts';

/** Who did it, from where: taken from the request once (the request scope carries it). */
export interface Actor {
  userId: number | null;
  organizationId: number | null;
  ip: string;
  requestId: string;
}

export function actorOf(req: Request): Actor {
  return {
    userId: req.user?.id ?? null,
    organizationId: req.user?.organizationId ?? null,
    ip: req.ip ?? '',
    requestId: String(req.id ?? ''),
  };
}

export interface AuditEntry {
  action: string;
  entityType?: string;
  entityId?: string | number;
  /** Field names, counts and ids only — never the personal data itself. */
  details?: Record<string, unknown>;
  /** Another organization than the actor's (a portal-wide read names whose data was shown); null: none. */
  organizationId?: number | null;
}

/** Where an audit row goes and who did it: a request scope, or a core mechanism's client and actor. */
export interface AuditTarget {
  db: Pick<Prisma, 'auditLog'>;
  actor: Actor;
}

/**
 * Writes one audit row through the scope's database — inside the scope's transaction when it has one, so
 * the audit lands together with the change it records, or not at all.
 *
 * Outside a transaction, an organization's scoped client writes the row straight to the pool (direct-reads.ts
 * `directPathOf`): the row a read of personal data writes on every view cost 11–14 % of such a page's main thread
 * through Prisma's create (issue 13). Same row, value for value (tests/integration/direct-reads.test.ts compares
 * both): the organization stamped and checked as the scoped client does on a create, `createdAt` the client's
 * clock as Prisma's `now()` takes it. A failed write rejects either way, so the caller shows nothing.
 */
export async function audit(scope: AuditTarget, entry: AuditEntry): Promise<void> {
  const { actor } = scope;
  const data = {
    organizationId: entry.organizationId === undefined ? actor.organizationId : entry.organizationId,
    userId: actor.userId,
    action: entry.action,
    entityType: entry.entityType ?? '',
    entityId: entry.entityId === undefined ? '' : String(entry.entityId),
    details: entry.details as object | undefined,
    ip: actor.ip,
    requestId: actor.requestId,
  };
  const direct = directPathOf(scope.db);
  if (!direct) {
    await scope.db.auditLog.create({ data });
    return;
  }
  const row = withOrganization(data, 'AuditLog', direct.organizationId) as typeof data;
  await directQuery(
    direct.pool,
    Sql.sql`INSERT INTO "AuditLog" ("organizationId", "userId", action, "entityType", "entityId", details, ip, "requestId", "createdAt")
            VALUES (${row.organizationId}, ${row.userId}, ${row.action}, ${row.entityType}, ${row.entityId}, ${row.details ?? null}, ${row.ip}, ${row.requestId}, ${new Date()})`,
  );
}
