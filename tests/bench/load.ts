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

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  /** Seconds of measured load. */
  duration: number;
  /** Seconds of unmeasured load first (JIT, caches, pool connections). */
  warmup: number;
  /** Every measured response body must contain this text (catches a 200 login page or error page). */
  bodyIncludes?: string;
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

function run(duration, record) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const statuses = {};
    let bytes = 0;
    const marker = o.bodyIncludes;
    const instance = autocannon({
      url: o.url,
      headers: o.headers || {},
      connections: o.connections,
      duration,
      timeout: 10,
      ...(record && marker ? { verifyBody: (body) => body.includes(marker) } : {}),
    }, (error, raw) => {
      if (error) return reject(error);
      // Outside the main thread autocannon hands back encoded histograms: aggregate them here.
      try {
        const result = raw.latency ? raw : autocannon.aggregateResult([raw], { url: o.url, connections: o.connections, duration });
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

return (async () => {
  if (o.warmup > 0) await run(o.warmup, false);
  await send({ phase: 'measuring' });
  const { result, latencies, statuses, bytes } = await run(o.duration, true);
  const sorted = Float64Array.from(latencies).sort();
  const n = sorted.length;
  const pct = (p) => (n ? sorted[Math.max(0, Math.ceil((p / 100) * n) - 1)] : NaN);
  let sum = 0;
  for (const v of sorted) sum += v;
  await send({
    requests: n,
    seconds: result.duration,
    rps: n / result.duration,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    max: n ? sorted[n - 1] : NaN,
    mean: n ? sum / n : NaN,
    bytesPerResponse: n ? bytes / n : 0,
    statuses,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    resets: result.resets,
    autocannon: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99, rps: result.requests.average },
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

type Message = Omit<LoadResult, 'busyMsPerRequest' | 'cpuMsPerRequest'> | { error: string } | { phase: 'measuring' };

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // `node -e` with an IPC channel: the child gets its options as the first message.
    const child = spawn(process.execPath, ['-e', CHILD], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    running.add(child);
    let settled = false;
    let elu: EventLoopUtilization = performance.eventLoopUtilization();
    let cpu = process.cpuUsage();
    child.on('message', (message: Message) => {
      if ('phase' in message) {
        elu = performance.eventLoopUtilization();
        cpu = process.cpuUsage();
        return;
      }
      if (settled) return;
      settled = true;
      if ('error' in message) return reject(new Error(`autocannon: ${message.error}`));
      const used = process.cpuUsage(cpu);
      const perRequest = (value: number) => value / Math.max(1, message.requests);
      resolve({
        ...message,
        cpuMsPerRequest: perRequest((used.user + used.system) / 1000),
        busyMsPerRequest: perRequest(performance.eventLoopUtilization(elu).active),
      });
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
    child.send({ autocannonPath, options });
  });
}
