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
  // /proc/<pid>/schedstat: nanoseconds on a CPU first. A backend that exits between two readings takes its time along;
  // the pools keep their connections for the whole run.
  const cpuNs = (pid: string) => Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
  const parentOf = (pid: string) => {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  };
  return () => {
    let ns = 0;
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        if (Number(pid) === postmaster || parentOf(pid) === postmaster) ns += cpuNs(pid);
      } catch {
        // gone meanwhile
      }
    }
    return ns / 1e6;
  };
}
