/**
 * Documents are laid out in worker threads, not on the thread that answers requests: pdfmake needs
 * ~3 s of CPU for a 1 000-page order, and on the main thread every other request (`/health`
 * included) would wait for it. The pool is small and bounded on purpose:
 *
 * - threads: one less than the cores, at most two (a 2-core server keeps a core for requests);
 * - queue: a few renders per thread wait, the next is refused at once with 503 and Retry-After
 *   (better than a request hanging behind a minute of other people's documents);
 * - time: a render that has not finished in RENDER_TIMEOUT_MS (waiting included) is cancelled — its
 *   thread is terminated — and answered with 503; so is a render whose client went away;
 * - memory: a thread's heap is capped, so a pathological document cannot take the server's memory;
 * - priority: the threads run at a lower OS priority (nice +10, Linux, via piscina's optional
 *   @napi-rs/nice): when the cores are busy, answering requests goes before laying out documents.
 *
 * Threads start on the first download and stop after IDLE_TIMEOUT_MS without work; an idle pool does
 * not keep the process (or a test file) alive.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { HttpError } from '../errors.ts';
import type { DocumentDescription } from './document.ts';
import type { RenderTask } from './render-worker.ts';

export type DocumentFormat = 'pdf' | 'docx';

/** The portal is busy with other documents, or this one takes too long: try again in a minute. */
export class DocumentsBusyError extends HttpError {
  constructor(message: string) {
    super(503, message);
  }
}

export interface RenderPoolOptions {
  maxThreads?: number;
  /** Renders that may wait for a thread; one more is refused with DocumentsBusyError. */
  maxQueue?: number;
  /** Waiting and rendering together. */
  timeoutMs?: number;
  idleTimeoutMs?: number;
  /** Heap cap of one thread. */
  maxHeapMb?: number;
}

export const RENDER_TIMEOUT_MS = 60_000;
const IDLE_TIMEOUT_MS = 5 * 60_000;

export function defaultThreads(): number {
  return Math.min(2, Math.max(1, os.availableParallelism() - 1));
}

// Running from the TypeScript sources (tsx: npm run dev, npm test) the worker is a .ts file and needs
// tsx's loader, given explicitly rather than inherited (the parent may run with flags a worker
// refuses, e.g. under the test runner). Compiled to JavaScript, the worker is a plain .js file.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const WORKER_FILE = fileURLToPath(new URL(FROM_SOURCES ? './render-worker.ts' : './render-worker.js', import.meta.url));

function workerExecArgv(): string[] {
  if (!FROM_SOURCES) return [];
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--import', tsxLoader];
}

export class RenderPool {
  private pool: Piscina | undefined;
  /** Renders accepted and not yet finished (running or waiting for a thread). */
  private inFlight = 0;
  readonly maxThreads: number;
  readonly maxQueue: number;
  readonly timeoutMs: number;

  constructor(private readonly options: RenderPoolOptions = {}) {
    this.maxThreads = options.maxThreads ?? defaultThreads();
    this.maxQueue = options.maxQueue ?? this.maxThreads * 8;
    this.timeoutMs = options.timeoutMs ?? RENDER_TIMEOUT_MS;
  }

  private started(): Piscina {
    this.pool ??= new Piscina({
      filename: WORKER_FILE,
      execArgv: workerExecArgv(),
      minThreads: 0,
      maxThreads: this.maxThreads,
      // The bound is kept here (inFlight): piscina's own queue limit does not count a cold pool's tasks.
      idleTimeout: this.options.idleTimeoutMs ?? IDLE_TIMEOUT_MS,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 512 },
      niceIncrement: 10,
    });
    return this.pool;
  }

  /** Renders in a worker thread. `signal`: the caller no longer needs it (its client went away). */
  async render(doc: DocumentDescription, format: DocumentFormat, signal?: AbortSignal): Promise<Buffer> {
    if (this.inFlight >= this.maxThreads + this.maxQueue) {
      throw new DocumentsBusyError('Портал сейчас готовит много документов. Повторите попытку через минуту.');
    }
    const pool = this.started();
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const task: RenderTask = { doc, format };
    this.inFlight++;
    try {
      const bytes = (await pool.run(task, { signal: signal ? AbortSignal.any([timeout, signal]) : timeout })) as Uint8Array;
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      if (timeout.aborted) throw new DocumentsBusyError('Документ готовится слишком долго. Повторите попытку через минуту.');
      throw error;
    } finally {
      this.inFlight--;
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.destroy();
  }
}
