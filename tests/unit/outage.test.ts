/**
 * The one place that tells a database outage (→ 503) from other database errors (→ 500). The shapes
 * below are the ones node-postgres, @prisma/adapter-pg and Prisma 7 produce (seen in
 * tests/http/resilience.test.ts, where they come from real failures).
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import pg from 'pg';
import { isDatabaseUnavailable } from '../../src/core/database/outage.ts';
import { NotFoundError } from '../../src/core/errors.ts';
import { freePort } from '../helpers/net.ts';

const adapterError = (cause: object, code = 'P2010') =>
  Object.assign(new Error('Invalid `prisma.$queryRaw()` invocation'), { name: 'PrismaClientKnownRequestError', code, meta: { driverAdapterError: { name: 'DriverAdapterError', cause } } });

describe('isDatabaseUnavailable', () => {
  test('a real refused connection of node-postgres', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: await freePort(), user: 'x', database: 'x' });
    const error = await client.connect().then(() => null, (e: unknown) => e);
    assert.equal(isDatabaseUnavailable(error), true);
  });

  test('a real server that closes the connection at once', async () => {
    const server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new pg.Client({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, user: 'x', database: 'x' });
    client.on('error', () => {});
    const error = await client.connect().then(() => null, (e: unknown) => e);
    server.close();
    assert.equal(isDatabaseUnavailable(error), true, String(error));
  });

  test('outage shapes: Prisma codes, adapter kinds, SQLSTATE 57P0x/08xxx/53300, pool timeouts, wrapped causes', () => {
    const outages: unknown[] = [
      adapterError({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }, 'P1001'),
      adapterError({ kind: 'ConnectionClosed' }),
      adapterError({ kind: 'SocketTimeout' }),
      adapterError({ kind: 'TooManyConnections', cause: 'too many clients' }),
      adapterError({ kind: 'postgres', code: '57P01', severity: 'FATAL', message: 'terminating connection due to administrator command' }),
      adapterError({ kind: 'postgres', code: '57P03', severity: 'FATAL', message: 'the database system is starting up' }),
      Object.assign(new Error('Raw query failed. Code: `08006`. Message: `connection failure`'), { code: 'P2010' }),
      Object.assign(new Error('terminating connection due to crash of another server process'), { code: '57P02', severity: 'FATAL' }),
      Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout'),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('Cannot use a pool after calling end on the pool'),
      new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], 'connect failed'),
      new Error('session store failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }),
    ];
    for (const error of outages) assert.equal(isDatabaseUnavailable(error), true, String((error as Error).message));
  });

  test('everything else stays a 500 (or its own status): bugs, missing databases, constraints, our own errors', () => {
    const others: unknown[] = [
      new Error('Cannot read properties of undefined'),
      new NotFoundError(),
      adapterError({ kind: 'DatabaseDoesNotExist', db: 'nastavnik' }, 'P1003'),
      adapterError({ kind: 'AuthenticationFailed', user: 'nastavnik' }, 'P1000'),
      adapterError({ kind: 'UniqueConstraintViolation', constraint: { fields: ['login'] } }, 'P2002'),
      adapterError({ kind: 'postgres', code: '57014', severity: 'ERROR', message: 'canceling statement due to user request' }),
      adapterError({ kind: 'postgres', code: '22021', severity: 'ERROR', message: 'invalid byte sequence for encoding "UTF8": 0x00' }),
      Object.assign(new Error('relation "Missing" does not exist'), { code: '42P01' }),
      Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' }),
      null,
      undefined,
      'a string',
    ];
    for (const error of others) assert.equal(isDatabaseUnavailable(error), false, String((error as Error)?.message ?? error));
  });
});
