import fs from 'node:fs';
import path from 'node:path';

/**
 * CPU time (ms, cumulative) of the embedded PostgreSQL server: its postmaster and every child (the backends serving
 * the portal and the floors, the background workers), read from /proc — Linux only. On the benchmark's two cores
 * PostgreSQL is a page's other big cost besides the portal's own process: a page's p95 follows their sum, and the
 * floor pays the same statements. Null when it cannot be read (another OS, a server given by DATABASE_URL).
 */
export function databaseCpuReader(clusterDir: string): (() => number) | null {
  let postmaster: number;
  try {
    postmaster = Number(fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    fs.accessSync(`/proc/${postmaster}/schedstat`);
  } catch {
    return null;
  }
  // /proc/<pid>/schedstat: nanoseconds on a CPU first. Each process's own difference since the last reading is summed:
  // a backend that exits (a pool closing an idle connection) must not take its past time out of the sum. One that
  // starts counts from zero; what one that exits spent since the last reading is lost (a slice is one second).
  const cpuNs = (pid: string) => Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
  const parentOf = (pid: string) => {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  };
  let last = new Map<string, number>();
  let totalNs = 0;
  return () => {
    const now = new Map<string, number>();
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        if (Number(pid) === postmaster || parentOf(pid) === postmaster) now.set(pid, cpuNs(pid));
      } catch {
        // gone meanwhile
      }
    }
    for (const [pid, ns] of now) totalNs += ns - (last.get(pid) ?? 0);
    last = now;
    return totalNs / 1e6;
  };
}
