/**
 * Runs autocannon in a worker thread, so the load generator does not share the event loop with
 * the servers under test (which live in the main thread). Every response's latency is recorded
 * through autocannon's `response` event, and percentiles (p95 included — autocannon itself only
 * reports p50/p97.5/p99…) are computed exactly from those samples, by nearest rank.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

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
  statuses: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  resets: number;
  /** autocannon's own (integer-millisecond histogram) figures, for cross-checking. */
  autocannon: { p50: number; p97_5: number; p99: number; rps: number };
}

const WORKER = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require(workerData.autocannonPath);
const o = workerData.options;

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

(async () => {
  if (o.warmup > 0) await run(o.warmup, false);
  const { result, latencies, statuses, bytes } = await run(o.duration, true);
  const sorted = Float64Array.from(latencies).sort();
  const n = sorted.length;
  const pct = (p) => (n ? sorted[Math.max(0, Math.ceil((p / 100) * n) - 1)] : NaN);
  let sum = 0;
  for (const v of sorted) sum += v;
  parentPort.postMessage({
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
})().catch((error) => parentPort.postMessage({ error: String((error && error.stack) || error) }));
`;

const autocannonPath = createRequire(import.meta.url).resolve('autocannon');

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { autocannonPath, options } });
    let settled = false;
    worker.once('message', (message: LoadResult | { error: string }) => {
      settled = true;
      if ('error' in message) reject(new Error(`autocannon: ${message.error}`));
      else resolve(message);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`load worker exited with code ${code}`));
    });
  });
}
