import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../../src/core/database/migrate.ts';

/** The portal as a child process, its output collected for the test to read. */
export interface ServerProcess {
  child: ChildProcess;
  /** Everything printed so far (JSON log lines and console output). */
  output(): string;
  /** Resolves with the first match in the output after offset `since` (0: all of it); rejects on timeout or exit. */
  waitFor(pattern: RegExp, timeoutMs: number, since?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code (or the signal) once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `from`: 'sources' runs src/server.ts through tsx; 'compiled' runs `node dist/src/server.js` the way
 * `npm start` and the systemd unit do (the build is made by `npm test` before the tests run).
 */
export function startServer(env: NodeJS.ProcessEnv, from: 'sources' | 'compiled' = 'sources'): ServerProcess {
  const args = from === 'compiled' ? ['dist/src/server.js'] : ['--import', 'tsx', 'src/server.ts'];
  const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let gone = false;
  void exited.then(() => {
    gone = true;
    for (const listener of listeners) listener();
  });
  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs, since = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output.slice(since));
          if (match) return done(() => resolve(match));
          if (gone) done(() => reject(new Error(`server exited while waiting for ${pattern}:\n${output.slice(-4000)}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${pattern}:\n${output.slice(-4000)}`))), timeoutMs);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Polls `probe` until it returns true. */
export async function eventually(what: string | (() => string), probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out: ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * A command run to its end in the project's folder, as a person types it: its exit code and everything it printed.
 * `env` is added to this process's environment; an empty value unsets a variable.
 */
export function runCommand(command: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const full: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...env };
    for (const [key, value] of Object.entries(full)) if (value === '') delete full[key];
    const child = spawn(command, args, { cwd: projectRoot, env: full, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
