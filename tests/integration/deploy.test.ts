/**
 * The files in deploy/, checked offline as far as they can be:
 *
 * - deploy/nginx/nastavnik.conf, with only its paths and ports swapped for a temp directory and a self-signed
 *   certificate made here: `nginx -t` accepts it without a warning, and a real nginx with it in front of two
 *   compiled portal processes on one database redirects HTTP to HTTPS, spreads the pages over both processes
 *   (a session made through one is valid on the other), passes the visitor's address and its request id
 *   (TRUST_PROXY=1: Secure cookie, HSTS, the address in the audit log), serves /assets/ from disk compressed
 *   and cached while pages stay uncompressed and uncached, limits POST /login per address, refuses an
 *   oversized upload, keeps answering while one process is down and shows its Russian page when all are;
 * - deploy/systemd/nastavnik@.service: `systemd-analyze verify` finds nothing to say, and what it starts exists;
 * - deploy/systemd/nastavnik.env.example names only settings the README documents.
 *
 * Needs Debian's nginx and systemd (`apt-get install -y nginx systemd`, done by .ci/run; nginx is not started
 * as a service) and openssl. NGINX_BIN points at another nginx.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import tls from 'node:tls';
import zlib from 'node:zlib';
import { projectRoot } from '../../src/core/database/migrate.ts';
import { freshDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, TEST_PASSWORD } from '../helpers/factories.ts';
import { freePort } from '../helpers/net.ts';
import { eventually, startServer, type ServerProcess } from '../helpers/server-process.ts';

const SHIPPED_NGINX = path.join(projectRoot, 'deploy', 'nginx', 'nastavnik.conf');
const SHIPPED_UNIT = path.join(projectRoot, 'deploy', 'systemd', 'nastavnik@.service');
const HOST = 'nastavnik.example.ru';
const NGINX = process.env.NGINX_BIN ?? ['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => fs.existsSync(file)) ?? 'nginx';

function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        return resolve({ code: 127, output: `${command} is not installed: apt-get install -y nginx systemd openssl (README, «Тесты»)` });
      }
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: stdout + stderr });
    });
  });
}

/** A temp directory with a self-signed certificate for HOST and nginx's own paths. */
async function nginxDir(): Promise<{ dir: string; cert: string; key: string; ca: Buffer }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-nginx-'));
  for (const sub of ['logs', 'tmp', 'acme']) fs.mkdirSync(path.join(dir, sub));
  const cert = path.join(dir, 'fullchain.pem');
  const key = path.join(dir, 'privkey.pem');
  const made = await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', `/CN=${HOST}`, '-addext', `subjectAltName=DNS:${HOST}`, '-keyout', key, '-out', cert,
  ]);
  assert.equal(made.code, 0, made.output);
  return { dir, cert, key, ca: fs.readFileSync(cert) };
}

/**
 * The shipped site file with its machine-specific parts replaced — each replacement must find its target,
 * so a reshaped config fails here instead of being tested half — inside a minimal nginx.conf like Debian's
 * (which turns gzip on for every response: the site must turn it off for pages itself).
 */
function writeConfig(dir: string, cert: string, key: string, ports: { http: number; https: number; portals: [number, number] }): string {
  let site = fs.readFileSync(SHIPPED_NGINX, 'utf8');
  const replace = (from: string | RegExp, to: string) => {
    const before = site;
    site = typeof from === 'string' ? site.split(from).join(to) : site.replace(from, to);
    assert.notEqual(site, before, `deploy/nginx/nastavnik.conf no longer contains ${from}`);
  };
  replace(/^\s*listen \[::\]:\d+[^;]*;\n/gm, ''); // the test machine may have no IPv6
  replace('listen 80;', `listen 127.0.0.1:${ports.http};`);
  replace('listen 443 ssl http2;', `listen 127.0.0.1:${ports.https} ssl http2;`);
  replace('server 127.0.0.1:3001 ', `server 127.0.0.1:${ports.portals[0]} `);
  replace('server 127.0.0.1:3002 ', `server 127.0.0.1:${ports.portals[1]} `);
  replace('/etc/ssl/nastavnik/fullchain.pem', cert);
  replace('/etc/ssl/nastavnik/privkey.pem', key);
  replace('/opt/nastavnik/', `${projectRoot}/`);
  replace('/var/log/nginx/', `${dir}/logs/`);
  replace('/var/www/letsencrypt', `${dir}/acme`);
  fs.writeFileSync(path.join(dir, 'nastavnik.conf'), site);
  const main = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    main,
    `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  gzip on;
  include ${dir}/nastavnik.conf;
}
`,
  );
  return main;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** One request through nginx, from `from` (a loopback address: nginx sees it as the visitor's). */
function request(
  url: string,
  options: { ca: Buffer; method?: string; headers?: Record<string, string>; body?: string; from?: string },
): Promise<Reply> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: target.pathname + target.search,
        method: options.method ?? 'GET',
        headers: { host: HOST, ...options.headers },
        localAddress: options.from ?? '127.0.0.1',
        ...(target.protocol === 'https:' ? { ca: options.ca, servername: HOST, agent: false } : { agent: false }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode!, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const cookiesOf = (reply: Reply) => (reply.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!);
const csrfOf = (reply: Reply) => /name="_csrf" value="([^"]+)"/.exec(reply.text)?.[1] ?? '';
/** A loopback address of its own for each visitor of the test: 127.x.y.z all reach this machine. */
const visitor = () => `127.${crypto.randomInt(1, 255)}.${crypto.randomInt(0, 255)}.${crypto.randomInt(2, 255)}`;

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

test('nginx -t accepts deploy/nginx/nastavnik.conf without a warning', async () => {
  const { dir, cert, key } = await nginxDir();
  try {
    const main = writeConfig(dir, cert, key, { http: 8080, https: 8443, portals: [13001, 13002] });
    const checked = await run(NGINX, ['-t', '-c', main, '-e', path.join(dir, 'logs', 'error.log')]);
    assert.equal(checked.code, 0, checked.output);
    assert.match(checked.output, /syntax is ok[\s\S]*test is successful/);
    assert.doesNotMatch(checked.output, /\[(warn|emerg|alert|crit)\]/, checked.output);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('nginx with the shipped config in front of two compiled portal processes', { timeout: 300_000 }, async () => {
  const fresh = await freshDatabase();
  const { admin } = await createOrganizationWithStaff(fresh.db.prisma);
  const { dir, cert, key, ca } = await nginxDir();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-nginx-data-'));
  const portals: [number, number] = [await freePort(), await freePort()];
  const ports = { http: await freePort(), https: await freePort(), portals };
  const main = writeConfig(dir, cert, key, ports);
  const site = `https://${HOST}:${ports.https}`;
  const env = {
    ...process.env,
    NODE_OPTIONS: '',
    DATABASE_URL: fresh.url,
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
    TRUST_PROXY: '1',
    BACKUP_AT: 'off',
    LOG_LEVEL: 'info',
  };
  const servers: ServerProcess[] = portals.map((port) => startServer({ ...env, PORT: String(port) }, 'compiled'));
  const nginx = spawn(NGINX, ['-c', main, '-e', path.join(dir, 'logs', 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let nginxOutput = '';
  nginx.stdout!.on('data', (chunk) => (nginxOutput += chunk));
  nginx.stderr!.on('data', (chunk) => (nginxOutput += chunk));
  try {
    await Promise.all(servers.map((server) => server.waitFor(/Портал «Наставник» запущен/, 120_000)));
    await eventually('nginx answers', async () => (await request(`${site}/health`, { ca })).status === 200, 20_000);

    // Plain HTTP only redirects, keeping the path and the query.
    const plain = await request(`http://${HOST}:${ports.http}/staff?q=1`, { ca });
    assert.equal(plain.status, 301);
    assert.equal(plain.headers.location, `https://${HOST}/staff?q=1`);

    // The login page comes from a portal process: its headers, nginx's request id, no compression, no caching.
    const loginPage = await request(`${site}/login`, { ca, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(loginPage.status, 200);
    assert.match(loginPage.text, /name="username"/);
    assert.equal(loginPage.headers['content-encoding'], undefined, 'pages are not compressed (BREACH)');
    assert.equal(loginPage.headers['cache-control'], 'no-store');
    assert.match(String(loginPage.headers['strict-transport-security']), /max-age=\d+/, 'TRUST_PROXY: HSTS on');
    assert.match(String(loginPage.headers['x-request-id']), /^[0-9a-f]{32}$/, "nginx's $request_id reached the portal");
    assert.equal(loginPage.headers.server, 'nginx', 'server_tokens off: no version');

    // Assets: straight from public/ (no portal request id), compressed, cached.
    for (const [asset, type] of [['css/app.css', 'text/css'], ['js/app.js', 'application/javascript']] as const) {
      const reply = await request(`${site}/assets/${asset}`, { ca, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(reply.status, 200, asset);
      assert.equal(reply.headers['x-request-id'], undefined, `${asset} is served by nginx`);
      assert.equal(reply.headers['content-type'], type);
      assert.equal(reply.headers['content-encoding'], 'gzip', asset);
      assert.deepEqual(zlib.gunzipSync(reply.body), fs.readFileSync(path.join(projectRoot, 'public', asset)));
      assert.match(String(reply.headers['cache-control']), /public, max-age=86400, stale-while-revalidate=\d+/);
      assert.equal(reply.headers['x-content-type-options'], 'nosniff');
    }

    // A real login through nginx: the cookie is Secure (the portal knows it is behind HTTPS).
    const me = visitor();
    const form = await request(`${site}/login`, { ca, from: me });
    const signedIn = await request(`${site}/login`, {
      ca,
      from: me,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(form).join('; ') },
      body: new URLSearchParams({ username: admin.login, password: TEST_PASSWORD, _csrf: csrfOf(form) }).toString(),
    });
    assert.equal(signedIn.status, 303, signedIn.text.slice(0, 500));
    const sessionCookie = (signedIn.headers['set-cookie'] ?? []).find((c) => c.startsWith('nastavnik.sid='));
    assert.ok(sessionCookie, 'a session cookie');
    assert.match(sessionCookie, /;\s*Secure/i);
    // Pages spread over both processes, and the session made by one is valid on the other.
    const served = () => servers.map((server) => (server.output().match(/"method":"GET","path":"\/"\}/g) ?? []).length);
    const before = served();
    for (let i = 0; i < 6; i++) {
      const page = await request(`${site}/`, { ca, from: me, headers: { cookie: sessionCookie.split(';')[0]! } });
      assert.equal(page.status, 200);
      assert.match(page.text, /Дорожная карта наставничества/);
    }
    const after = served();
    assert.ok(after.every((count, i) => count > before[i]!), `both processes served the dashboard: ${before} → ${after}`);

    // A failed login is audited with the visitor's address (X-Forwarded-For, trusted one hop) and nginx's request id.
    const stranger = visitor();
    const strangerForm = await request(`${site}/login`, { ca, from: stranger });
    const failed = await request(`${site}/login`, {
      ca,
      from: stranger,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(strangerForm).join('; ') },
      body: new URLSearchParams({ username: admin.login, password: 'не тот пароль', _csrf: csrfOf(strangerForm) }).toString(),
    });
    assert.equal(failed.status, 401);
    const audited = await fresh.db.prisma.auditLog.findFirst({ where: { action: 'auth.login_failed', ip: stranger } });
    assert.ok(audited, `the failed login is audited with ip ${stranger}`);
    assert.equal(audited.requestId, failed.headers['x-request-id']);

    // POST /login from one address: a burst of 20 passes (to the portal, which refuses them without a CSRF
    // token), then nginx answers 429 with its Russian page; opening the form is not limited.
    const guesser = visitor();
    const statuses: number[] = [];
    let limited: Reply | undefined;
    for (let i = 0; i < 26; i++) {
      const reply = await request(`${site}/login`, { ca, from: guesser, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=x&password=y' });
      statuses.push(reply.status);
      if (reply.status === 429 && /слишком много попыток входа/.test(reply.text)) limited ??= reply;
    }
    assert.ok(!statuses.slice(0, 20).includes(429), `the first 20 pass: ${statuses}`);
    assert.ok(limited, `then nginx limits: ${statuses}`);
    assert.match(String(limited.headers['content-type']), /text\/html; charset=utf-8/);
    assert.equal((await request(`${site}/login`, { ca, from: guesser })).status, 200, 'GET /login is not limited');

    // An upload over client_max_body_size is refused by nginx before any of it reaches the portal.
    const tooLarge = await rawRequest(ports.https, ca, `POST /consents HTTP/1.1\r\nHost: ${HOST}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: ${13 * 1024 * 1024}\r\nConnection: close\r\n\r\n--x`);
    assert.match(tooLarge, /^HTTP\/1\.1 413 /);
    assert.match(tooLarge, /Файл слишком большой/);

    // One process stops (a restart): the other answers everything. Both stopped: nginx's own Russian page.
    servers[0]!.child.kill('SIGTERM');
    await servers[0]!.exited;
    for (let i = 0; i < 4; i++) assert.equal((await request(`${site}/login`, { ca })).status, 200, 'the other process answers');
    servers[1]!.child.kill('SIGTERM');
    await servers[1]!.exited;
    const down = await request(`${site}/login`, { ca });
    assert.equal(down.status, 502);
    assert.match(down.text, /Портал временно недоступен/);
    assert.equal(down.headers['cache-control'], 'no-store');
  } finally {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    nginx.kill('SIGTERM');
    await exited(nginx);
    if (nginxOutput.trim()) console.error(`nginx said:\n${nginxOutput}`);
    await fresh.drop();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

/** A hand-written request over TLS (a Content-Length the body will never reach), the whole answer as text. */
function rawRequest(port: number, ca: Buffer, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca, servername: HOST }, () => socket.write(head));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
    socket.setTimeout(20_000, () => socket.destroy(new Error(`no answer: ${answer}`)));
  });
}

test('systemd-analyze verify finds nothing to say about deploy/systemd/nastavnik@.service, and what it runs exists', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-unit-'));
  try {
    const unit = fs.readFileSync(SHIPPED_UNIT, 'utf8');
    // verify checks that the executable exists: this machine's node, wherever it is.
    fs.writeFileSync(path.join(dir, 'nastavnik@.service'), unit.split('/usr/bin/node ').join(`${process.execPath} `));
    const verified = await run('systemd-analyze', ['verify', path.join(dir, 'nastavnik@3001.service')]);
    assert.equal(verified.code, 0, verified.output);
    assert.deepEqual(verified.output.split('\n').filter((line) => line.includes('nastavnik')), [], verified.output);

    const setting = (name: string) => [...unit.matchAll(new RegExp(`^${name}=(.*)$`, 'gm'))].map((m) => m[1]!);
    assert.deepEqual(setting('WorkingDirectory'), ['/opt/nastavnik']);
    assert.deepEqual(setting('ExecStart'), ['/usr/bin/node dist/src/server.js']);
    assert.deepEqual(setting('ExecStartPre'), ['/usr/bin/node scripts/build.mjs --check']);
    for (const file of ['dist/src/server.js', 'scripts/build.mjs']) assert.ok(fs.existsSync(path.join(projectRoot, file)), file);
    assert.deepEqual(setting('KillMode'), ['mixed'], 'SIGTERM to the portal only: it stops an embedded PostgreSQL itself, last');
    assert.deepEqual(setting('Environment'), ['PORT=%i HOST=127.0.0.1 NODE_ENV=production']);
    assert.deepEqual(setting('User'), ['nastavnik']);
    assert.deepEqual(setting('ReadWritePaths'), ['/var/lib/nastavnik']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('deploy/systemd/nastavnik.env.example sets only documented settings, and not the per-instance PORT or HOST', () => {
  const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('## Настройка'), readme.indexOf('## Демонстрационные данные'));
  const documented = new Set([...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]!));
  const example = fs.readFileSync(path.join(projectRoot, 'deploy', 'systemd', 'nastavnik.env.example'), 'utf8');
  const names = [...example.matchAll(/^#?([A-Z_]+)=/gm)].map((m) => m[1]!).filter((name) => name !== 'TZ');
  assert.ok(names.length >= 5);
  for (const name of names) assert.ok(documented.has(name), `${name} is in README's settings table`);
  for (const name of ['DATABASE_URL', 'SESSION_SECRET', 'TRUST_PROXY', 'DATA_DIR']) assert.match(example, new RegExp(`^${name}=`, 'm'));
  assert.doesNotMatch(example, /^(PORT|HOST)=/m);
});
