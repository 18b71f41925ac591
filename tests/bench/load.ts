/**
 * Runs autocannon in a child process, so the load generator shares neither the event loop nor the
 * CPU accounting of the servers under test (which live in this process's main thread): the CPU time
 * this process uses during a run is the servers' own, whatever else the machine is doing. Every
 * response's latency is recorded through autocannon's `response` event, and percentiles (p95
 * included — autocannon itself only reports p50/p97.5/p99…) are computed exactly from those samples.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface LoadTarget {
  url: string;
  headers?: Record<string, string>;
  /** Every measured response body must contain this text (catches a 200 login page or error page). */
  bodyIncludes?: string;
}

export interface LoadOptions extends LoadTarget {
  connections: number;
  /** Seconds of measured load. */
  duration: number;
  /** Seconds of unmeasured load first (JIT, caches, pool connections). */
  warmup: number;
}

export interface InterleavedOptions {
  connections: number;
  /** Seconds of measured load per target, split into `rounds` equal slices. */
  duration: number;
  /** Seconds of unmeasured load on each target first. */
  warmup: number;
  /** How many slices each target's measured load is cut into; the targets take turns, in alternating order. */
  rounds: number;
  /** The database server's cumulative CPU (ms) when it can be read (database-cpu.ts): charged to each slice's target too. */
  databaseCpuMs?: (() => number) | null;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  bytesPerResponse: number;
  /** CPU time (user + system) of this process — the servers — per response: robust on a busy machine. */
  cpuMsPerRequest: number;
  /** Main-thread event-loop busy (wall) time per response; inflated when other processes take the CPUs. */
  busyMsPerRequest: number;
  /** CPU time of the database server (all its processes) per response; null when it cannot be read. */
  dbCpuMsPerRequest: number | null;
  statuses: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  resets: number;
  /** autocannon's own (integer-millisecond histogram) figures, for cross-checking. */
  autocannon: { p50: number; p97_5: number; p99: number; rps: number };
}

const CHILD = String.raw`
process.once('message', ({ autocannonPath, options: o }) => main(require(autocannonPath), o));
const send = (message) => new Promise((resolve) => process.send(message, resolve));
function main(autocannon, o) {

function run(target, duration, record) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const statuses = {};
    let bytes = 0;
    const marker = target.bodyIncludes;
    const instance = autocannon({
      url: target.url,
      headers: target.headers || {},
      connections: o.connections,
      duration,
      timeout: 10,
      ...(record && marker ? { verifyBody: (body) => body.includes(marker) } : {}),
    }, (error, raw) => {
      if (error) return reject(error);
      // Outside the main thread autocannon hands back encoded histograms: aggregate them here.
      try {
        const result = raw.latency ? raw : autocannon.aggregateResult([raw], { url: target.url, connections: o.connections, duration });
        resolve({ result, latencies, statuses, bytes });
      } catch (e) {
        reject(e);
      }
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (!record) return;
      latencies.push(responseTime);
      bytes += _bytes;
      statuses[statusCode] = (statuses[statusCode] || 0) + 1;
    });
  });
}

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

return (async () => {
  if (o.warmup > 0) for (const target of o.targets) await run(target, o.warmup, false);
  const sums = o.targets.map(() => ({ latencies: [], statuses: {}, bytes: 0, seconds: 0, non2xx: 0, errors: 0, timeouts: 0, mismatches: 0, resets: 0, slices: [] }));
  for (let round = 0; round < o.rounds; round++) {
    const order = o.targets.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      await send({ phase: 'measuring', target: i });
      const { result, latencies, statuses, bytes } = await run(o.targets[i], o.slice, true);
      await send({ phase: 'measured', target: i });
      const sum = sums[i];
      for (const v of latencies) sum.latencies.push(v);
      for (const [code, n] of Object.entries(statuses)) sum.statuses[code] = (sum.statuses[code] || 0) + n;
      sum.bytes += bytes;
      sum.seconds += result.duration;
      for (const key of ['non2xx', 'errors', 'timeouts', 'mismatches', 'resets']) sum[key] += result[key];
      sum.slices.push(result);
    }
  }
  await send({
    results: sums.map((sum) => {
      const sorted = Float64Array.from(sum.latencies).sort();
      const n = sorted.length;
      const pct = (p) => (n ? sorted[Math.max(0, Math.ceil((p / 100) * n) - 1)] : NaN);
      let total = 0;
      for (const v of sorted) total += v;
      return {
        requests: n,
        seconds: sum.seconds,
        rps: n / sum.seconds,
        p50: pct(50),
        p95: pct(95),
        p99: pct(99),
        max: n ? sorted[n - 1] : NaN,
        mean: n ? total / n : NaN,
        bytesPerResponse: n ? sum.bytes / n : 0,
        statuses: sum.statuses,
        non2xx: sum.non2xx,
        errors: sum.errors,
        timeouts: sum.timeouts,
        mismatches: sum.mismatches,
        resets: sum.resets,
        // autocannon's histograms of the slices cannot be merged: the median slice's figures.
        autocannon: {
          p50: median(sum.slices.map((r) => r.latency.p50)),
          p97_5: median(sum.slices.map((r) => r.latency.p97_5)),
          p99: median(sum.slices.map((r) => r.latency.p99)),
          rps: median(sum.slices.map((r) => r.requests.average)),
        },
      };
    }),
  });
})().catch((error) => send({ error: String((error && error.stack) || error) })).then(() => process.exit(0));
}
`;

const autocannonPath = createRequire(import.meta.url).resolve('autocannon');

const running = new Set<ChildProcess>();

/** Stops every load in progress (on Ctrl+C), so the servers can close. */
export function stopAllLoads(): void {
  for (const child of running) child.kill('SIGKILL');
}

type Measured = Omit<LoadResult, 'busyMsPerRequest' | 'cpuMsPerRequest' | 'dbCpuMsPerRequest'>;
type Message = { results: Measured[] } | { error: string } | { phase: 'measuring' | 'measured'; target: number };

/** One target's load: `warmup` seconds unmeasured, then `duration` seconds measured. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const [result] = await runInterleaved([options], { connections: options.connections, duration: options.duration, warmup: options.warmup, rounds: 1 });
  return result!;
}

/**
 * Several targets (a page and its floor) measured in turns: each is warmed up, then the measured load is cut into
 * `rounds` slices that alternate between the targets (A B, B A, A B…), so a drift of the shared machine's speed
 * during the run weighs on every target alike. Each target's latencies, requests and server CPU are summed over its
 * own slices only.
 */
export function runInterleaved(targets: LoadTarget[], options: InterleavedOptions): Promise<LoadResult[]> {
  return new Promise((resolve, reject) => {
    // `node -e` with an IPC channel: the child gets its options as the first message.
    const child = spawn(process.execPath, ['-e', CHILD], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    running.add(child);
    let settled = false;
    const used = targets.map(() => ({ cpuMs: 0, busyMs: 0, dbCpuMs: 0 }));
    const dbCpu = options.databaseCpuMs ?? null;
    let elu: EventLoopUtilization = performance.eventLoopUtilization();
    let cpu = process.cpuUsage();
    let dbCpuAt = 0;
    child.on('message', (message: Message) => {
      if ('phase' in message) {
        if (message.phase === 'measuring') {
          elu = performance.eventLoopUtilization();
          cpu = process.cpuUsage();
          if (dbCpu) dbCpuAt = dbCpu();
        } else {
          const spent = process.cpuUsage(cpu);
          used[message.target]!.cpuMs += (spent.user + spent.system) / 1000;
          if (dbCpu) used[message.target]!.dbCpuMs += dbCpu() - dbCpuAt;
          used[message.target]!.busyMs += performance.eventLoopUtilization(elu).active;
        }
        return;
      }
      if (settled) return;
      settled = true;
      if ('error' in message) return reject(new Error(`autocannon: ${message.error}`));
      resolve(
        message.results.map((result, i) => ({
          ...result,
          cpuMsPerRequest: used[i]!.cpuMs / Math.max(1, result.requests),
          busyMsPerRequest: used[i]!.busyMs / Math.max(1, result.requests),
          dbCpuMsPerRequest: dbCpu ? used[i]!.dbCpuMs / Math.max(1, result.requests) : null,
        })),
      );
    });
    child.once('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    child.once('exit', (code, signal) => {
      running.delete(child);
      if (!settled) {
        settled = true;
        reject(new Error(`load generator exited with ${signal ?? `code ${code}`}`));
      }
    });
    const slice = options.duration / options.rounds;
    child.send({ autocannonPath, options: { targets, connections: options.connections, warmup: options.warmup, rounds: options.rounds, slice } });
  });
}
