/**
 * Where the time goes: SQL statements per request (by wrapping pg's Client#query, which every
 * pool user — Prisma's adapter, connect-pg-simple, the login throttle, the baseline — goes through)
 * and a V8 CPU profile of the main thread while the load generator hammers one route.
 */
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface QueryRecord {
  text: string;
  /** The prepared statement's name when the query was sent named (session user, bell, the direct raw reads). */
  name?: string;
  /** The parameters as pg got them (a copy), so a floor page can send the very same statement. */
  values: unknown[];
  /** performance.now() when the query was handed to pg, and when its answer came back. */
  startedAt: number;
  endedAt: number;
  ms: number;
}

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;

/** Records every query until `stop()`. Only used outside the timed runs. */
export function traceQueries(): { records: QueryRecord[]; stop(): void } {
  const proto = pg.Client.prototype as unknown as { query: QueryFn };
  const original = proto.query;
  const records: QueryRecord[] = [];
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string; name?: string } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '(submittable)');
    const name = typeof first === 'string' ? undefined : first?.name;
    const given = typeof first === 'string' ? args[1] : (first as { values?: unknown } | undefined)?.values;
    const started = performance.now();
    const record: QueryRecord = { text, ...(name ? { name } : {}), values: Array.isArray(given) ? [...given] : [], startedAt: started, endedAt: NaN, ms: NaN };
    records.push(record);
    const done = () => {
      record.endedAt = performance.now();
      record.ms = record.endedAt - started;
    };
    const cbIndex = args.findIndex((a) => typeof a === 'function');
    if (cbIndex >= 0) {
      const callback = args[cbIndex] as (...r: unknown[]) => unknown;
      args[cbIndex] = function (this: unknown, ...r: unknown[]) {
        done();
        return callback.apply(this, r);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(done, done);
    return result;
  };
  return {
    records,
    stop: () => {
      proto.query = original;
    },
  };
}

export interface SqlProfile {
  route: string;
  requests: number;
  queriesPerRequest: number;
  sqlMsPerRequest: number;
  requestMs: number;
  statements: { text: string; perRequest: number; meanMs: number }[];
}

function normalize(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/"public"\./g, '')
    .trim();
}

/** Sequential requests (no concurrency), so each one's statements can be counted exactly. */
export async function profileSql(route: string, url: string, headers: Record<string, string>, requests = 20): Promise<SqlProfile> {
  // One untraced request first: lazy initialisation must not count.
  await (await fetch(url, { headers, redirect: 'manual' })).text();
  const trace = traceQueries();
  let requestMs = 0;
  try {
    for (let i = 0; i < requests; i++) {
      const started = performance.now();
      const res = await fetch(url, { headers, redirect: 'manual' });
      await res.text();
      requestMs += performance.now() - started;
      if (res.status !== 200) throw new Error(`${route}: status ${res.status} while profiling`);
    }
    // connect-pg-simple's touch runs after the response is sent: let it land.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    trace.stop();
  }
  const groups = new Map<string, { count: number; ms: number }>();
  for (const r of trace.records) {
    const key = normalize(r.text);
    const g = groups.get(key) ?? { count: 0, ms: 0 };
    g.count++;
    g.ms += Number.isNaN(r.ms) ? 0 : r.ms;
    groups.set(key, g);
  }
  return {
    route,
    requests,
    queriesPerRequest: trace.records.length / requests,
    sqlMsPerRequest: trace.records.reduce((s, r) => s + (Number.isNaN(r.ms) ? 0 : r.ms), 0) / requests,
    requestMs: requestMs / requests,
    statements: [...groups.entries()]
      .map(([text, g]) => ({ text, perRequest: g.count / requests, meanMs: g.ms / g.count }))
      .sort((a, b) => b.perRequest - a.perRequest),
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfileSummary {
  totalMs: number;
  busyMs: number;
  byArea: { area: string; ms: number; share: number }[];
  topFunctions: { name: string; ms: number; share: number }[];
}

/** Buckets a script URL: a package name, our own code, node internals, or V8 pseudo-frames. */
function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  // Our own code, wherever the checkout is (a worktree too): by its folders under the project root.
  const file = url.replace(/^file:\/\//, '');
  const own = file.startsWith(PROJECT_ROOT) ? /^(src\/[^/]+(?:\/[^/]+)?|tests\/[^/]+|views)/.exec(file.slice(PROJECT_ROOT.length)) : null;
  if (own) return own[1]!;
  return url.replace(/^file:\/\//, '');
}

/** Runs `work` under the V8 sampling profiler of this (main) thread and summarises self time. */
export async function cpuProfile(work: () => Promise<unknown>): Promise<CpuProfileSummary> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    await work();
    const { profile } = (await session.post('Profiler.stop')) as unknown as {
      profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
    };
    // BENCH_CPUPROFILE_DIR=<dir>: the raw profile too, for Chrome's DevTools (inclusive times, call trees).
    if (process.env.BENCH_CPUPROFILE_DIR) {
      const fs = await import('node:fs');
      fs.mkdirSync(process.env.BENCH_CPUPROFILE_DIR, { recursive: true });
      fs.writeFileSync(`${process.env.BENCH_CPUPROFILE_DIR}/${Date.now()}.cpuprofile`, JSON.stringify(profile));
    }
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parents = new Map<number, number>();
    for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
    // Native frames and Node's own modules (socket writes, Intl, buffers…) are charged to the nearest
    // caller in a package or in our code: "writev" becomes pg's (a query) or express's (a response).
    const underInspector = (id: number): boolean => {
      for (let n: number | undefined = id; n !== undefined; n = parents.get(n)) {
        const frame = nodes.get(n)!.callFrame;
        if (frame.url === 'node:inspector' || frame.url.startsWith('node:inspector/')) return true;
      }
      return false;
    };
    const areaOfNode = (id: number): string => {
      let node = nodes.get(id)!;
      let area = areaOf(node.callFrame.url, node.callFrame.functionName);
      while ((area === '(native)' || area.startsWith('node:')) && parents.has(node.id)) {
        const parent = nodes.get(parents.get(node.id)!)!;
        const parentArea = areaOf(parent.callFrame.url, parent.callFrame.functionName);
        if (parentArea === '(root)') break;
        node = parent;
        area = parentArea;
      }
      return area === '(native)' ? '(native, no JS caller)' : area;
    };
    const selfUs = new Map<number, number>();
    profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const totalUs = profile.endTime - profile.startTime;
    const areas = new Map<string, number>();
    const fns = new Map<string, number>();
    let idleUs = 0;
    for (const [id, us] of selfUs) {
      const node = nodes.get(id)!;
      const { functionName, url, lineNumber } = node.callFrame;
      const area = underInspector(id) ? 'node:inspector' : areaOfNode(id);
      // Idle time, and Profiler.stop building the profile (sampled at the very end), are not the servers' work.
      if (functionName === '(idle)' || area === 'node:inspector') {
        idleUs += us;
        continue;
      }
      areas.set(area, (areas.get(area) ?? 0) + us);
      const fn = url ? `${functionName || '(anonymous)'} ${areaOf(url, functionName)}:${lineNumber + 1}` : `${functionName} (native, called from ${area})`;
      fns.set(fn, (fns.get(fn) ?? 0) + us);
    }
    const busyUs = totalUs - idleUs;
    const rows = (m: Map<string, number>) =>
      [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, us]) => ({ ms: us / 1000, share: us / busyUs, key: k }));
    return {
      totalMs: totalUs / 1000,
      busyMs: busyUs / 1000,
      byArea: rows(areas).slice(0, 20).map((r) => ({ area: r.key, ms: r.ms, share: r.share })),
      topFunctions: rows(fns).slice(0, 40).map((r) => ({ name: r.key, ms: r.ms, share: r.share })),
    };
  } finally {
    await session.post('Profiler.disable').catch(() => {});
    session.disconnect();
  }
}

/**
 * Where the main thread allocates while `work` runs, garbage included (V8's sampling heap profiler, keeping the
 * samples of objects collected since): bytes by allocating function and by area (as in cpuProfile). The garbage of
 * each request is what the collector's share of the CPU profile pays for.
 */
export async function allocationProfile(work: () => Promise<unknown>): Promise<{ totalBytes: number; byArea: { area: string; share: number }[]; topFunctions: { name: string; bytes: number; share: number }[] }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as object);
    await work();
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: HeapNode } };
    const areas = new Map<string, number>();
    const fns = new Map<string, number>();
    let totalBytes = 0;
    const visit = (node: HeapNode, area: string) => {
      const { functionName, url, lineNumber } = node.callFrame;
      const own = url ? areaOf(url, functionName) : area;
      // Native allocations (strings of Buffer.toString, JSON…) belong to their caller's area, as in cpuProfile.
      const here = own.startsWith('node:') && area !== '(root)' ? area : own;
      if (node.selfSize > 0) {
        totalBytes += node.selfSize;
        areas.set(here, (areas.get(here) ?? 0) + node.selfSize);
        const fn = `${functionName || '(anonymous)'} ${url ? `${areaOf(url, functionName)}:${lineNumber + 1}` : `(native, called from ${here})`}`;
        fns.set(fn, (fns.get(fn) ?? 0) + node.selfSize);
      }
      for (const child of node.children) visit(child, here);
    };
    visit(profile.head, '(root)');
    const rows = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
    return {
      totalBytes,
      byArea: rows(areas).slice(0, 20).map(([area, bytes]) => ({ area, share: bytes / totalBytes })),
      topFunctions: rows(fns).slice(0, 30).map(([name, bytes]) => ({ name, bytes, share: bytes / totalBytes })),
    };
  } finally {
    await session.post('HeapProfiler.disable').catch(() => {});
    session.disconnect();
  }
}

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

export interface PlanComparison {
  text: string;
  /** Median ms of one execution planned for its values every time (what an unnamed statement gets). */
  customMs: number;
  /** Median ms of one execution of the generic plan (planned once, without the values). */
  genericMs: number;
  /** What `plan_cache_mode = auto` chose after its five custom plans, and that choice's median ms. */
  auto: 'generic' | 'custom';
  autoMs: number;
}

/**
 * The one known trap of named prepared statements (src/core/database/direct-reads.ts): after five executions
 * PostgreSQL may switch a statement to a generic plan, which for a statement whose best plan depends on its
 * values can be slower. For each named statement of a recorded page: the same statement with the same values,
 * forced to custom plans, forced to the generic plan, and left to `auto` (after its five custom runs).
 * `BENCH_PLANS=1 npm run bench` prints it for every recorded floor.
 */
export async function comparePlans(url: string, statements: { text: string; name?: string; values: unknown[] }[], runs = 7): Promise<PlanComparison[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const timed = async (name: string, s: { text: string; values: unknown[] }, n: number) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      await client.query({ name, text: s.text, values: s.values });
      ms.push(performance.now() - started);
    }
    return ms;
  };
  const out: PlanComparison[] = [];
  try {
    let i = 0;
    for (const s of statements.filter((x) => x.name)) {
      i++;
      // Custom and generic executions alternate (the mode counts at each Bind), so a busy moment of the shared
      // machine weighs on both alike; the first of each (the generic plan's own planning) is left out below.
      const custom: number[] = [];
      const generic: number[] = [];
      for (let run = 0; run < runs; run++) {
        await client.query('SET plan_cache_mode = force_custom_plan');
        custom.push(...(await timed(`plans_c${i}`, s, 1)));
        await client.query('SET plan_cache_mode = force_generic_plan');
        generic.push(...(await timed(`plans_g${i}`, s, 1)));
      }
      await client.query('SET plan_cache_mode = auto');
      const auto = await timed(`plans_a${i}`, s, 5 + runs);
      const chosen = await client.query<{ generic_plans: string }>('SELECT generic_plans FROM pg_prepared_statements WHERE name = $1', [`plans_a${i}`]);
      out.push({
        text: s.text.replace(/\s+/g, ' ').trim(),
        customMs: median(custom.slice(1)),
        genericMs: median(generic.slice(1)),
        auto: Number(chosen.rows[0]?.generic_plans ?? 0) > 0 ? 'generic' : 'custom',
        autoMs: median(auto.slice(5)),
      });
    }
  } finally {
    await client.end();
  }
  return out;
}
