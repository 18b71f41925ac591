/**
 * `npm run bench:startup`: what running the compiled JavaScript (`npm run build`, `node dist/src/server.js`)
 * saves against running the TypeScript sources through tsx — start-up time and memory.
 *
 *   1. `npm run build` (timed: it is what `npm install` and `npm start` pay for compiling);
 *   2. a throwaway database (DATABASE_URL's server, or an embedded PostgreSQL in a temp dir), migrated, with
 *      one kindergarten and its administrator, so /login is a page (not the redirect to /setup);
 *   3. RUNS rounds; in each, every variant in turn (interleaved, so the machine's changing load hits all alike):
 *      spawn → poll GET /login until it is the login page (start-up time, migrations included, on the wall clock
 *      and as CPU time of the process tree — the latter hardly moved by other load on a shared machine), memory
 *      of the process tree (RSS; the database is outside it), log in, 200 page requests over 10 connections,
 *      memory again, SIGTERM to the process group and wait until all of it is gone;
 *   4. medians per variant and ratios against the compiled start, all measured in the same run; and the part of
 *      start-up every variant shares (`prisma migrate deploy` with nothing to apply), measured alone.
 *
 * Variants: `tsx src/server.ts` (the tsx CLI: a parent process relaying signals to a node child),
 * `node --import tsx src/server.ts` (one process), the same with tsx's transform cache off (a first start,
 * or a service whose /tmp is private and new on every start), `npm start` (npm, the build's freshness check,
 * then the compiled portal) and `node dist/src/server.js` (how the systemd unit in deploy/ starts it).
 *
 * Environment: STARTUP_RUNS (default 5), STARTUP_REQUESTS (default 200), STARTUP_VARIANTS (a regular expression:
 * only the variants whose name matches, plus the compiled one every ratio is against).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, dropDatabase } from '../../src/core/database/admin.ts';
import { connectDatabase } from '../../src/core/database/client.ts';
import { startEmbeddedPostgres } from '../../src/core/database/embedded.ts';
import { migrateDeploy, projectRoot } from '../../src/core/database/migrate.ts';
import { withDatabase } from '../../src/core/database/urls.ts';
import { createOrganizationWithStaff, TEST_PASSWORD } from '../helpers/factories.ts';
import { freePort } from '../helpers/net.ts';

const RUNS = Number(process.env.STARTUP_RUNS ?? 5);
const REQUESTS = Number(process.env.STARTUP_REQUESTS ?? 200);
const CONNECTIONS = 10;
const START_TIMEOUT_MS = 120_000;

interface Variant {
  name: string;
  command: string[];
  env?: NodeJS.ProcessEnv;
}

const TSX_CLI = path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const ALL_VARIANTS: Variant[] = [
  { name: 'tsx src/server.ts', command: [process.execPath, TSX_CLI, 'src/server.ts'] },
  { name: 'node --import tsx src/server.ts', command: [process.execPath, '--import', 'tsx', 'src/server.ts'] },
  { name: 'node --import tsx, no tsx cache', command: [process.execPath, '--import', 'tsx', 'src/server.ts'], env: { TSX_DISABLE_CACHE: '1' } },
  // What a person typing `npm start` gets: npm, the freshness check of the build (prestart), then node dist/….
  { name: 'npm start', command: ['npm', 'start', '--silent'] },
  { name: 'node dist/src/server.js', command: [process.execPath, 'dist/src/server.js'] },
];
const COMPILED = ALL_VARIANTS.at(-1)!.name;
const chosen = process.env.STARTUP_VARIANTS ? new RegExp(process.env.STARTUP_VARIANTS) : null;
const VARIANTS = ALL_VARIANTS.filter((v) => !chosen || chosen.test(v.name) || v.name === COMPILED);

interface Sample {
  startMs: number;
  cpuMs: number;
  rssStartMb: number;
  rssAfterMb: number;
  processes: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const log = (message: string) => console.log(`# ${message}`);

/** The pid and all its descendants, from /proc (Linux). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** /proc/<pid>/stat's fields after the command name (which may hold spaces), from field 3 on. */
function statFields(pid: number | 'self'): string[] {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Clock ticks in /proc's CPU times (USER_HZ: 100 on Linux). */
const TICK_MS = 10;

/**
 * CPU time (user + system) the process tree has used so far, children that already exited and were waited for
 * included (the Prisma CLI of the migrations): unlike the wall clock, hardly moved by other load on the machine.
 */
function treeCpuMs(root: number | 'self'): number {
  let ticks = 0;
  for (const pid of root === 'self' ? ['self' as const] : processTree(root)) {
    try {
      const fields = statFields(pid);
      // utime, stime, cutime, cstime: fields 14–17, here 11–14 (counted from field 3).
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks * TICK_MS;
}

/** Resident memory of the process tree, in MB, and how many processes it has. */
function treeRss(root: number): { mb: number; processes: number } {
  let kb = 0;
  const pids = processTree(root);
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return { mb: kb / 1024, processes: pids.length };
}

const cookiePairs = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);

async function loginPage(baseUrl: string): Promise<Response | null> {
  try {
    const res = await fetch(`${baseUrl}/login`, { redirect: 'manual' });
    if (res.status === 200) return res;
    await res.arrayBuffer();
  } catch {
    // not listening yet
  }
  return null;
}

async function login(baseUrl: string, username: string): Promise<string> {
  const page = (await loginPage(baseUrl))!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiePairs(page).join('; ') },
    body: new URLSearchParams({ username, password: TEST_PASSWORD, _csrf: token ?? '' }).toString(),
  });
  await res.arrayBuffer();
  const session = cookiePairs(res).find((c) => c.startsWith('nastavnik.sid='));
  if (res.status !== 303 || !session) throw new Error(`POST /login: ${res.status}`);
  return session;
}

/** REQUESTS page views as the administrator over CONNECTIONS parallel loops: each page renders the full layout. */
async function browse(baseUrl: string, cookie: string): Promise<void> {
  const pages = ['/', '/users', '/staff', '/settings', '/profile', '/audit', '/assets/css/app.css', '/health'];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < REQUESTS) {
        const url = pages[next++ % pages.length]!;
        const res = await fetch(`${baseUrl}${url}`, { headers: { cookie }, redirect: 'manual' });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
      }
    }),
  );
}

function exited(child: ChildProcess): Promise<string> {
  const status = () => (child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode}`);
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(status());
    else child.once('exit', () => resolve(status()));
  });
}

async function measure(variant: Variant, env: NodeJS.ProcessEnv, adminLogin: string): Promise<Sample> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(variant.command[0]!, variant.command.slice(1), {
    cwd: projectRoot,
    env: { ...env, ...variant.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group, stopped as a whole the way Ctrl+C stops it: npm does not pass SIGTERM on
    // through its `sh -c`, and the portal would outlive it.
    detached: true,
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${variant.name} exited with ${child.exitCode}:\n${stderr}`);
      if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`${variant.name}: no login page in ${START_TIMEOUT_MS} ms`);
      const page = await loginPage(baseUrl);
      if (page && (await page.text()).includes('name="username"')) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const startMs = performance.now() - started;
    const cpuMs = treeCpuMs(child.pid!);
    // A moment for what start-up left running (the first GC, timers) to settle, the same for every variant.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const atStart = treeRss(child.pid!);
    await browse(baseUrl, await login(baseUrl, adminLogin));
    const after = treeRss(child.pid!);
    return { startMs, cpuMs, rssStartMb: atStart.mb, rssAfterMb: after.mb, processes: atStart.processes };
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    const status = await exited(child);
    // npm ends by the signal it was sent, once its child has stopped; the portal itself exits with 0.
    if (status !== 'code 0' && status !== 'signal SIGTERM') console.error(`# ${variant.name}: ${status} after SIGTERM\n${stderr.slice(-2000)}`);
    // …and the next round starts only when every process of the group is gone.
    for (let waited = 0; waited < 30_000; waited += 100) {
      try {
        process.kill(-child.pid!, 0);
      } catch {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: projectRoot, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')}: exit ${code}`))));
  });
}

const ms = (value: number) => `${Math.round(value)} ms`;
const mb = (value: number) => `${value.toFixed(0)} MB`;
const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`;

async function main() {
  console.log(`# start-up and memory: Node ${process.version}, ${os.cpus().length} CPU, load average ${os.loadavg()[0]!.toFixed(1)}`);
  let t = performance.now();
  await run('npm', ['run', '--silent', 'build']);
  log(`npm run build: ${ms(performance.now() - t)}`);

  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-startup-'));
  fs.chmodSync(tempDir, 0o755); // the embedded server runs as its own OS user
  const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dir: path.join(tempDir, 'pg'), port: await freePort() });
  const serverUrl = process.env.DATABASE_URL ?? embedded!.serverUrl;
  const dbName = `nastavnik_startup_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  await createDatabase(serverUrl, dbName);
  const url = withDatabase(serverUrl, dbName);
  try {
    await migrateDeploy(url);
    const db = connectDatabase(url);
    const { admin } = await createOrganizationWithStaff(db.prisma);
    await db.close();

    const migrateMs: number[] = [];
    const migrateCpuMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      const cpu = treeCpuMs('self');
      await migrateDeploy(url);
      migrateMs.push(performance.now() - t);
      // Only the exited child's time: this process only waited.
      migrateCpuMs.push(treeCpuMs('self') - cpu);
    }
    log(`prisma migrate deploy with nothing to apply (part of every start): median ${ms(median(migrateMs))}, CPU ${ms(median(migrateCpuMs))}`);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'production',
      DATABASE_URL: url,
      DATA_DIR: path.join(tempDir, 'data'),
      SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
      BACKUP_AT: 'off',
      LOG_LEVEL: 'warn',
    };
    const samples = new Map<string, Sample[]>(VARIANTS.map((v) => [v.name, []]));
    for (let round = 1; round <= RUNS; round++) {
      for (const variant of VARIANTS) {
        const sample = await measure(variant, env, admin.login);
        samples.get(variant.name)!.push(sample);
        log(
          `round ${round}/${RUNS} ${variant.name}: login page after ${ms(sample.startMs)} (CPU ${ms(sample.cpuMs)}), ` +
            `RSS ${mb(sample.rssStartMb)} → ${mb(sample.rssAfterMb)} after ${REQUESTS} requests (${sample.processes} process${sample.processes > 1 ? 'es' : ''})`,
        );
      }
    }

    const summary = VARIANTS.map((v) => {
      const list = samples.get(v.name)!;
      return {
        name: v.name,
        startMs: median(list.map((s) => s.startMs)),
        cpuMs: median(list.map((s) => s.cpuMs)),
        rssStartMb: median(list.map((s) => s.rssStartMb)),
        rssAfterMb: median(list.map((s) => s.rssAfterMb)),
        processes: list[0]!.processes,
      };
    });
    const base = summary.find((s) => s.name === COMPILED)!;
    console.log(`\nMedians of ${RUNS} runs; load average now ${os.loadavg()[0]!.toFixed(1)}. Ratios: against \`${COMPILED}\`.\n`);
    console.log(
      `| start | processes | login page after | ratio | CPU to start | ratio | RSS after start | ratio | RSS after ${REQUESTS} requests | ratio |`,
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const s of summary) {
      console.log(
        `| \`${s.name}\` | ${s.processes} | ${ms(s.startMs)} | ${ratio(s.startMs, base.startMs)} | ${ms(s.cpuMs)} | ${ratio(s.cpuMs, base.cpuMs)} | ` +
          `${mb(s.rssStartMb)} | ${ratio(s.rssStartMb, base.rssStartMb)} | ${mb(s.rssAfterMb)} | ${ratio(s.rssAfterMb, base.rssAfterMb)} |`,
      );
    }
    console.log(
      `\nOf every start, \`prisma migrate deploy\` (nothing to apply) takes ${ms(median(migrateMs))} and ${ms(median(migrateCpuMs))} of CPU, the same for all. ` +
        'CPU to start: user + system time of the process tree until the login page was served, exited children included.',
    );
  } finally {
    await dropDatabase(serverUrl, dbName).catch(() => {});
    await embedded?.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
