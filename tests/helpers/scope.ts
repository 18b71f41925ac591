import type { Database } from '../../src/core/database/client.ts';
import { systemScope, type Scope } from '../../src/core/scope.ts';
import type { Role } from '../../src/generated/prisma/enums.ts';
import { createEvents } from '../../src/modules/index.ts';
import { sharedDatabase } from './database.ts';

const events = createEvents();

/**
 * A scope for calling services straight from a test, as the app would for a request: the organization's
 * scoped client, today in its zone, and — with `as` — acting as that user (with their staff card).
 */
export function scopeFor(
  organization: { id: number; slug: string; shortName: string; fullName: string; timeZone: string },
  as?: { id: number; role: Role; login: string; fullName: string; staffMemberId: number | null },
  db: Database = sharedDatabase(),
): Scope {
  return systemScope({ db, events }, organization, { as, requestId: 'test' });
}
