/**
 * The one place that tells "the database is not there right now" from every other database error.
 * Such an error is not the request's fault nor a bug: the portal answers 503 with Retry-After and the
 * «Портал временно недоступен» page instead of a 500. Everything else (a missing table, a wrong
 * password in DATABASE_URL, a constraint) stays a 500 — those need a person, not a retry.
 *
 * The same failure reaches us in several wrappings: node-postgres errors (socket codes, SQLSTATE codes,
 * plain messages for a dropped connection or a pool wait that timed out), Prisma errors that carry the
 * driver adapter's verdict in `meta.driverAdapterError.cause`, AggregateErrors (several addresses tried)
 * and `cause` chains.
 */

/** Socket errors of node-postgres (and of Node's net module) while connecting or talking. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATE codes of an unavailable server: 57P01 admin shutdown (or pg_terminate_backend), 57P02 crash
 * shutdown, 57P03 cannot connect now (starting up, shutting down, recovering), 53300 too many
 * connections. Class 08 (connection exception) is matched by its prefix.
 */
const SQLSTATE_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Prisma's own codes for the same: can't reach, timed out, closed, pool timeout, server closed the connection. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/** What @prisma/adapter-pg reports when it recognised a connection failure. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/** node-postgres raises these as plain Errors without a code. */
const MESSAGES = [
  /^Connection terminated/, // unexpectedly / due to connection timeout
  /^timeout exceeded when trying to connect/, // pool: no connection within connectionTimeoutMillis
  /is not queryable/, // a client that already lost its connection
  /^Cannot use a pool after calling end on the pool/, // during shutdown
  /Can't reach database server/,
  /Server has closed the connection/,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as {
    code?: unknown;
    message?: unknown;
    kind?: unknown;
    cause?: unknown;
    errors?: unknown;
    meta?: { driverAdapterError?: { cause?: unknown } };
  };
  const code = typeof e.code === 'string' ? e.code : '';
  if (SOCKET_CODES.has(code) || SQLSTATE_CODES.has(code) || PRISMA_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (MESSAGES.some((pattern) => pattern.test(message))) return true;
  // Prisma quotes the SQLSTATE in the message of a failed raw query: «Raw query failed. Code: `57P01`».
  const quoted = /Code: `([0-9A-Z]{5})`/.exec(message)?.[1];
  if (quoted && (SQLSTATE_CODES.has(quoted) || quoted.startsWith('08'))) return true;
  if (e.meta?.driverAdapterError && isDatabaseUnavailable(e.meta.driverAdapterError.cause, depth + 1)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
