/**
 * The portal talks to its embedded PostgreSQL over a Unix-domain socket in the cluster directory (less CPU per
 * statement than loopback TCP), while TCP on 127.0.0.1 still answers for psql and operators. A DATA_DIR too long
 * for a socket path falls back to TCP.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { connectDatabase } from '../../src/core/database/client.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/core/database/embedded.ts';
import { withDatabase } from '../../src/core/database/urls.ts';
import { freePort } from '../helpers/net.ts';

const dirs: string[] = [];
const servers: EmbeddedDatabase[] = [];

/** `sub`: a subdirectory to use instead (a long path). */
function tempDataDir(sub = ''): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-socket-'));
  dirs.push(dir);
  fs.chmodSync(dir, 0o755); // the embedded server runs as its own OS user
  fs.mkdirSync(path.join(dir, sub), { recursive: true, mode: 0o755 });
  return path.join(dir, sub);
}

async function serverAddress(connectionString: string): Promise<string | null> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<{ addr: string | null }>('SELECT host(inet_server_addr()) AS addr')).rows[0]!.addr;
  } finally {
    await client.end();
  }
}

after(async () => {
  for (const server of servers) await server.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

test('the portal pools connect over the Unix socket; TCP on 127.0.0.1 still answers; a CLI attaching gets the same URL', { timeout: 120_000 }, async () => {
  const dir = tempDataDir();
  const port = await freePort();
  const embedded = await startEmbeddedPostgres({ dir, port });
  servers.push(embedded);
  const url = new URL(embedded.serverUrl);
  assert.equal(url.searchParams.get('host'), path.join(dir, 'pg'), 'the socket directory is the cluster directory');
  assert.ok(fs.existsSync(path.join(dir, 'pg', `.s.PGSQL.${port}`)));

  const db = connectDatabase(withDatabase(embedded.serverUrl, 'postgres'), { max: 2 });
  try {
    // inet_server_addr() is NULL on a Unix-socket connection.
    const onPool = await db.pool.query<{ socket: boolean }>('SELECT inet_server_addr() IS NULL AS socket');
    const onDirect = await db.directPool.query<{ socket: boolean }>('SELECT inet_server_addr() IS NULL AS socket');
    const [viaPrisma] = await db.prisma.$queryRaw<{ socket: boolean }[]>`SELECT inet_server_addr() IS NULL AS socket`;
    assert.deepEqual([onPool.rows[0]!.socket, onDirect.rows[0]!.socket, viaPrisma!.socket], [true, true, true]);
  } finally {
    await db.close();
  }

  const tcp = new URL(embedded.serverUrl);
  tcp.searchParams.delete('host');
  assert.equal(await serverAddress(tcp.toString()), '127.0.0.1', 'loopback TCP answers too');

  const attached = await startEmbeddedPostgres({ dir, port });
  assert.equal(attached.serverUrl, embedded.serverUrl, 'a second process attaching to the running server gets the socket too');
});

test('a DATA_DIR too long for a socket path: the server listens on 127.0.0.1 only and the URL is plain TCP', { timeout: 120_000 }, async () => {
  const dir = tempDataDir('x'.repeat(100));
  const embedded = await startEmbeddedPostgres({ dir, port: await freePort() });
  servers.push(embedded);
  assert.equal(new URL(embedded.serverUrl).search, '');
  assert.equal(await serverAddress(embedded.serverUrl), '127.0.0.1');
});
