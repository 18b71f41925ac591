import type { Request } from 'express';
import type { Prisma } from './database/client.ts';

/** Who did it, from where: taken from the request once and handed to services. */
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
  organizationId?: number | null;
}

type AuditWriter = Pick<Prisma, 'auditLog'>;

/** Writes one audit row. Pass a transaction client to keep the audit in the same transaction. */
export async function audit(db: AuditWriter, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      organizationId: entry.organizationId ?? actor.organizationId,
      userId: actor.userId,
      action: entry.action,
      entityType: entry.entityType ?? '',
      entityId: entry.entityId === undefined ? '' : String(entry.entityId),
      details: entry.details as object | undefined,
      ip: actor.ip,
      requestId: actor.requestId,
    },
  });
}
