/**
 * Micro benchmark of the whole-pool matching (src/modules/matching/matching.assignment.ts):
 *
 *   npx tsx tests/bench/assignment.ts
 *
 * Dense random pools (every pair allowed, points 0–200, 1–5 free places per mentor), 200 × 50 and the city's
 * 2 000 × 500 (independent points, and points led by the mentor's quality), solved exactly and by today's
 * greedy order; then the city pool built from bank profiles and explained pair by pair (planPool). CPU time (process.cpuUsage) is the measure: the machine is shared, and
 * the wall clock mostly shows the queue for a core. Each case runs a few times: the first run includes
 * compiling the hot loops, the best run is the algorithm's own cost.
 */
import os from 'node:os';
import { bestAssignment, greedyAssignment, planPool, whyUnassigned } from '../../src/modules/matching/matching.assignment.ts';
import { DEFAULT_WEIGHTS } from '../../src/modules/matching/matching.score.ts';
import { cityProfiles, denseProblem } from '../helpers/assignment-pools.ts';

function cpuMs<T>(run: () => T): { ms: number; value: T } {
  const before = process.cpuUsage();
  const value = run();
  const used = process.cpuUsage(before);
  return { ms: (used.user + used.system) / 1000, value };
}

function measure<T>(label: string, runs: number, run: () => T, describe: (value: T) => string): void {
  const times: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs; i++) {
    const { ms, value } = cpuMs(run);
    times.push(ms);
    last = value;
  }
  const shown = times.map((t) => t.toFixed(0)).join(', ');
  console.log(`${label.padEnd(44)} CPU ms: first ${times[0]!.toFixed(0)}, best ${Math.min(...times).toFixed(0)}  [${shown}]  ${describe(last as T)}`);
}

const RUNS = 5;
console.log(`# ${new Date().toISOString()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const [mentees, mentors, kind] of [
  [200, 50, 'uniform'],
  [2000, 500, 'uniform'],
  [2000, 500, 'correlated'],
] as const) {
  const problem = denseProblem(mentees, mentors, 1, kind);
  const pairs = problem.edgeMentor.length;
  console.log(`— dense pool ${mentees} × ${mentors}, ${kind} points: ${pairs} allowed pairs, ${problem.capacity.reduce((a, b) => a + b, 0)} places`);
  measure(`  optimal (bestAssignment)`, RUNS, () => bestAssignment(problem), (a) => `${a.points} points, ${a.assigned} placed`);
  measure(`  greedy in waiting order (greedyAssignment)`, RUNS, () => greedyAssignment(problem), (a) => `${a.points} points, ${a.assigned} placed`);
  const optimal = bestAssignment(problem);
  measure(`  why unassigned (whyUnassigned)`, RUNS, () => whyUnassigned(problem, optimal), (u) => `${u.length} explained`);
}

const { mentees, mentors } = cityProfiles(2000, 500, 7);
console.log(`— city pool from bank profiles: ${mentees.length} mentees × ${mentors.length} mentors`);
measure(`  planPool (score, solve, explain, group)`, 3, () => planPool(mentees, mentors, DEFAULT_WEIGHTS), (p) =>
  `optimal ${p.optimal.points} points / ${p.optimal.assigned} placed against greedy ${p.greedy.points} / ${p.greedy.assigned}; ${p.proposals.length} proposals, ${p.unplaced.length} waiting`,
);
