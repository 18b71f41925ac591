/**
 * «Подобрать всем»: one assignment of the whole waiting pool to mentors that maximises the total score —
 * pure functions on plain data and typed arrays (no Prisma), beside the per-mentee ranking of matching.score.ts.
 *
 * The problem. Mentees e (in the order they have waited: index 0 waited longest), mentors k with a number of
 * free places cap(k) ≥ 0, and the allowed pairs (e, k) with integer points w(e, k) ≥ 0. Choose pairs so that
 * each mentee has at most one mentor and each mentor at most cap(k) mentees, maximising, in this order:
 *   1. P — the total points;
 *   2. N — the number of mentees given a mentor (an allowed pair worth 0 points is still a mentor);
 *   3. Q — the waiting priority: Σ over assigned mentees of (menteeCount − index), so that among equally good
 *      plans the people who waited longer are served first. It is a sum, not a strict lexicographic order of
 *      the waiting list (that would need weights 2^index): plans assigning {1st, 4th} and {2nd, 3rd} tie on it.
 * Plans equal on all three keys are told apart by the algorithm itself, deterministically (same input, same
 * plan); which of them is returned is not promised.
 * The three keys are folded into one integer gain per pair, w·A + B + (menteeCount − index), with
 * B = n(n+1)/2 + 1 > any Q and A = (n+1)·B > any N·B + Q, so maximising the sum of gains is exactly the
 * lexicographic maximum of (P, N, Q). Gains stay exact in doubles (checked: below 2^50; a pool of 2 000 with
 * 200-point pairs needs 2^40) — every comparison is between integers, never rounded values.
 *
 * Why the points are those of today. The capacity factor of a score rewards the mentor's free share of
 * places. Re-scored as the plan fills a mentor, a pair's value would depend on how many others that mentor
 * takes: the objective would no longer be a sum of fixed pair values but gain a non-linear term per mentor
 * (with the rounding of capacityPoints not even a concave one, so not a plain flow problem any more). Every
 * pair is scored as the page scores it today, with each mentor's CURRENT load (poolProblem below): each pair
 * has one fixed value, the objective is linear — a transportation problem, solved exactly — and a proposed
 * pair shows the same points as the per-mentee page.
 *
 * The algorithm: successive shortest paths (the Hungarian method, Jonker–Volgenant style, rows = mentees) on
 * the network source → mentee → mentor → sink, every mentee also having a private «stays unassigned» column
 * of gain 0. Mentors keep prices p(k) ≥ 0 and mentees profits π(e) ≥ 0 such that
 *   π(e) + p(k) ≥ gain(e, k) on every allowed pair, with equality on the chosen ones,
 *   p(k) > 0 only for a full mentor, π(e) = 0 for an unassigned mentee.
 * These are the LP dual and complementary slackness of the problem (its matrix is totally unimodular, so the
 * LP optimum is a plan); when they hold, Σ gains = Σ π + Σ cap·p, a bound no plan can exceed (weak duality) —
 * the plan is optimal. The returned prices are that certificate: dualBound() re-checks it from scratch.
 * • Start: every mentee whose best pair has a free place takes it — with all prices 0 the conditions hold —
 *   which settles most of a pool without any search.
 * • Every other mentee is inserted by one Dijkstra search over mentors with the reduced costs
 *   π(e) + p(k) − gain(e, k) ≥ 0. A path ends at a mentor with a free place or at somebody's «unassigned»
 *   column (that mentee gives up the place to the chain; the new mentee's own column means it waits). The
 *   prices of the mentors settled short of the end are raised by the shortfall, which keeps the conditions;
 *   moving everyone along the path keeps them too. No mentor's load ever drops, prices only grow, and π is
 *   never stored: for an assigned mentee it is gain − price of its pair.
 * • The order of insertion changes only the work, never the optimum. A newcomer that is the weakest so far
 *   stops at once (its own «unassigned» column is nearest); one stronger than some placed mentee must search
 *   for the weakest to drop. So mentees go strongest first by their best pair's points, in bands of a
 *   twentieth of the range counted down from the pool's best, and in waiting order within a band (the
 *   waiting key makes earlier mentees the stronger ones among equals). On pools of near-equal mentees the
 *   waiting order alone is fastest, on pools where some are clearly stronger strongest-first is; the bands
 *   keep both (measured on nine kinds of random pools: worst 0.8 s of CPU against 1.7 s for either alone).
 * • Cost: one search is O(m·s + r): s mentors settled (picking the next is a scan of the open ones) and
 *   r ≤ s·places·(pairs per mentee) relaxations; a search stops at the first end no farther than the rest
 *   and skips any mentor already farther than the best end found. Worst case O(n·m·(m + S)) for n mentees,
 *   m mentors, S places; measured on the city's dense 2 000 × 500 pool: 0.3–0.6 s of CPU, 60–130 ms on pools
 *   built from bank profiles (tests/bench/assignment.ts prints the figures).
 * All arithmetic runs on typed arrays: the city case is a million pairs, no object per pair.
 *
 * Exactness is tested three ways (tests/unit/matching-assignment.test.ts): against brute force on hundreds of
 * random small pools, by the dual certificate on the city-scale pools, and on hand-made cases.
 */
import { rankMentors, scoreMentor, type MatchingWeights, type MenteeProfile, type MentorProfile, type Score } from './matching.score.ts';

type MentoringForm = NonNullable<MenteeProfile['form']>;

/** The pool as numbers: mentees and mentors by index; the allowed pairs grouped by mentee (CSR). */
export interface AssignmentProblem {
  readonly menteeCount: number;
  readonly mentorCount: number;
  /** Free places per mentor (≥ 0). */
  readonly capacity: Int32Array;
  /** Mentee e's allowed pairs are the indexes edgeStart[e] … edgeStart[e + 1] − 1, by mentor index. */
  readonly edgeStart: Int32Array;
  readonly edgeMentor: Int32Array;
  /** Integer points ≥ 0 of each allowed pair. */
  readonly edgePoints: Int32Array;
}

/**
 * The allowed pairs, collected into growing typed arrays (a city pool is a million pairs: no object per pair).
 * Hard-rule exclusions are simply never added.
 */
export class AllowedPairs {
  #mentee = new Int32Array(64);
  #mentor = new Int32Array(64);
  #points = new Int32Array(64);
  #length = 0;

  static from(pairs: Iterable<readonly [mentee: number, mentor: number, points: number]>): AllowedPairs {
    const list = new AllowedPairs();
    for (const [mentee, mentor, points] of pairs) list.add(mentee, mentor, points);
    return list;
  }

  get length(): number {
    return this.#length;
  }

  /** Throws a RangeError on anything but whole numbers (indexes ≥ 0, points 0 … 2^31 − 1). */
  add(mentee: number, mentor: number, points: number): void {
    if (!isIndex(mentee) || !isIndex(mentor) || !isIndex(points)) throw new RangeError(`a pair needs whole numbers ≥ 0: mentee ${mentee}, mentor ${mentor}, points ${points}`);
    if (this.#length === this.#mentee.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.#mentee = grow(this.#mentee);
      this.#mentor = grow(this.#mentor);
      this.#points = grow(this.#points);
    }
    this.#mentee[this.#length] = mentee;
    this.#mentor[this.#length] = mentor;
    this.#points[this.#length] = points;
    this.#length++;
  }

  /** @internal read by assignmentProblem */
  columns(): { mentee: Int32Array; mentor: Int32Array; points: Int32Array } {
    return { mentee: this.#mentee.subarray(0, this.#length), mentor: this.#mentor.subarray(0, this.#length), points: this.#points.subarray(0, this.#length) };
  }
}

function isIndex(x: number): boolean {
  return Number.isInteger(x) && x >= 0 && x <= 0x7fffffff;
}

/**
 * Checks the pool and lays the pairs out by mentee, then by mentor index (so the order pairs were added in
 * never changes the result). Throws a RangeError on an index out of range, a capacity that is not a whole
 * number ≥ 0, or the same pair twice.
 */
export function assignmentProblem(menteeCount: number, capacity: ArrayLike<number>, pairs: AllowedPairs): AssignmentProblem {
  if (!Number.isInteger(menteeCount) || menteeCount < 0) throw new RangeError(`menteeCount must be a whole number ≥ 0, got ${menteeCount}`);
  const mentorCount = capacity.length;
  const caps = new Int32Array(mentorCount);
  for (let k = 0; k < mentorCount; k++) {
    const c = capacity[k]!;
    if (!isIndex(c)) throw new RangeError(`capacity of mentor ${k} must be a whole number ≥ 0, got ${c}`);
    caps[k] = c;
  }
  const { mentee, mentor, points } = pairs.columns();
  const total = mentee.length;
  for (let i = 0; i < total; i++) {
    if (mentee[i]! >= menteeCount) throw new RangeError(`pair ${i}: mentee ${mentee[i]} is out of range`);
    if (mentor[i]! >= mentorCount) throw new RangeError(`pair ${i}: mentor ${mentor[i]} is out of range`);
  }
  // Two stable counting sorts: by mentor, then by mentee — pairs end up ordered by (mentee, mentor).
  const byMentor = countingOrder(mentor, mentorCount, null);
  const edgeStart = new Int32Array(menteeCount + 1);
  const order = countingOrder(mentee, menteeCount, byMentor, edgeStart);
  const edgeMentor = new Int32Array(total);
  const edgePoints = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    edgeMentor[i] = mentor[order[i]!]!;
    edgePoints[i] = points[order[i]!]!;
  }
  for (let e = 0; e < menteeCount; e++) {
    for (let i = edgeStart[e]! + 1; i < edgeStart[e + 1]!; i++) {
      if (edgeMentor[i] === edgeMentor[i - 1]) throw new RangeError(`the pair (mentee ${e}, mentor ${edgeMentor[i]}) is given twice`);
    }
  }
  return { menteeCount, mentorCount, capacity: caps, edgeStart, edgeMentor, edgePoints };
}

/** Positions of `keys` sorted stably by key (visiting them in `within` order); fills `starts` if given. */
function countingOrder(keys: Int32Array, keyCount: number, within: Int32Array | null, starts = new Int32Array(keyCount + 1)): Int32Array {
  for (let i = 0; i < keys.length; i++) starts[keys[i]! + 1]!++;
  for (let k = 0; k < keyCount; k++) starts[k + 1]! += starts[k]!;
  const next = starts.slice(0, keyCount);
  const order = new Int32Array(keys.length);
  for (let j = 0; j < keys.length; j++) {
    const i = within ? within[j]! : j;
    order[next[keys[i]!]!++] = i;
  }
  return order;
}

/** A plan: who gets whom, and its three keys. */
export interface Assignment {
  /** For each mentee, the mentor's index, or −1: no mentor in this plan. */
  readonly mentorOf: Int32Array;
  /** P: the total points of the chosen pairs. */
  readonly points: number;
  /** N: mentees given a mentor. */
  readonly assigned: number;
  /** Q: Σ over assigned mentees of (menteeCount − index). */
  readonly waitingPriority: number;
}

export interface OptimalAssignment extends Assignment {
  /**
   * The dual prices of each mentor's places, in gain units (see tieBreakScale): the certificate of
   * optimality — dualBound(problem, prices) equals scaledValue(problem, mentorOf) only for an optimal plan.
   */
  readonly prices: Float64Array;
}

/** The weights folding (P, N, Q) into one gain: gain = points·A + B + (menteeCount − index). */
export function tieBreakScale(menteeCount: number): { A: number; B: number } {
  const B = (menteeCount * (menteeCount + 1)) / 2 + 1;
  return { A: (menteeCount + 1) * B, B };
}

/**
 * Every gain, price and search distance is a whole number below 2^52 — exact in a double. A gain stays below
 * 2^50, and the search only ever adds a few of them. Sums over the whole pool (the certificate) use BigInt.
 */
const GAIN_LIMIT = 2 ** 50;

function gainsOf(problem: AssignmentProblem): Float64Array {
  const { menteeCount: n, edgeStart, edgePoints } = problem;
  const { A, B } = tieBreakScale(n);
  let maxPoints = 0;
  for (let i = 0; i < edgePoints.length; i++) if (edgePoints[i]! > maxPoints) maxPoints = edgePoints[i]!;
  if ((maxPoints + 1) * A >= GAIN_LIMIT) {
    throw new RangeError(`the pool is too large for exact tie-breaking: ${n} mentees with pairs worth up to ${maxPoints} points`);
  }
  const gain = new Float64Array(edgePoints.length);
  for (let e = 0; e < n; e++) {
    const bonus = B + (n - e);
    for (let i = edgeStart[e]!; i < edgeStart[e + 1]!; i++) gain[i] = edgePoints[i]! * A + bonus;
  }
  return gain;
}

/** Σ gains of a plan: P·A + N·B + Q (throws, as keysOf does, if the plan breaks a rule). */
export function scaledValue(problem: AssignmentProblem, mentorOf: Int32Array): bigint {
  const { A, B } = tieBreakScale(problem.menteeCount);
  const { points, assigned, waitingPriority } = keysOf(problem, mentorOf);
  return BigInt(points) * BigInt(A) + BigInt(assigned) * BigInt(B) + BigInt(waitingPriority);
}

/**
 * The dual bound Σ π(e) + Σ cap(k)·p(k) with π(e) = max(0, max over allowed k of gain(e, k) − p(k)): no plan's
 * scaledValue exceeds it, whatever the prices (whole numbers ≥ 0; weak duality). Equal to a plan's value →
 * that plan is optimal.
 */
export function dualBound(problem: AssignmentProblem, prices: Float64Array): bigint {
  if (prices.length !== problem.mentorCount) throw new RangeError(`${prices.length} prices for ${problem.mentorCount} mentors`);
  const gain = gainsOf(problem);
  let bound = 0n;
  for (let k = 0; k < problem.mentorCount; k++) {
    const p = prices[k]!;
    if (!Number.isInteger(p) || p < 0 || p >= GAIN_LIMIT) throw new RangeError(`price of mentor ${k} must be a whole number in 0 … 2^50, got ${p}`);
    bound += BigInt(problem.capacity[k]!) * BigInt(p);
  }
  for (let e = 0; e < problem.menteeCount; e++) {
    let profit = 0;
    for (let i = problem.edgeStart[e]!; i < problem.edgeStart[e + 1]!; i++) profit = Math.max(profit, gain[i]! - prices[problem.edgeMentor[i]!]!);
    bound += BigInt(profit);
  }
  return bound;
}

/** Finds the pair (e, k) among e's allowed pairs; −1 if not allowed. */
function edgeIndex(problem: AssignmentProblem, e: number, k: number): number {
  // Pairs are sorted by mentor: binary search.
  let lo = problem.edgeStart[e]!;
  let hi = problem.edgeStart[e + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = problem.edgeMentor[mid]!;
    if (at === k) return mid;
    if (at < k) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** P, N and Q of a plan; throws if the plan breaks a rule (a pair not allowed, a mentor over capacity). */
export function keysOf(problem: AssignmentProblem, mentorOf: Int32Array): { points: number; assigned: number; waitingPriority: number } {
  const n = problem.menteeCount;
  if (mentorOf.length !== n) throw new RangeError(`the plan covers ${mentorOf.length} mentees, the pool has ${n}`);
  const used = new Int32Array(problem.mentorCount);
  let points = 0;
  let assigned = 0;
  let waitingPriority = 0;
  for (let e = 0; e < n; e++) {
    const k = mentorOf[e]!;
    if (k === -1) continue;
    const i = k >= 0 && k < problem.mentorCount ? edgeIndex(problem, e, k) : -1;
    if (i < 0) throw new RangeError(`mentee ${e} is given mentor ${k}: not an allowed pair`);
    if (++used[k]! > problem.capacity[k]!) throw new RangeError(`mentor ${k} is given more than ${problem.capacity[k]} mentees`);
    points += problem.edgePoints[i]!;
    assigned++;
    waitingPriority += n - e;
  }
  return { points, assigned, waitingPriority };
}

/**
 * The flow network's state: the current plan, the mentors' places, the prices, and one Dijkstra search's
 * scratch arrays.
 */
class Network {
  readonly n: number;
  readonly m: number;
  readonly start: Int32Array;
  readonly mentorAt: Int32Array;
  readonly gain: Float64Array;
  readonly capacity: Int32Array;
  readonly mentorOf: Int32Array;
  /** The pair index of each mentee's current mentor (−1 when unassigned). */
  readonly edgeOf: Int32Array;
  /** Mentor k's mentees sit in slots[slotStart[k] … slotStart[k] + load[k] − 1]; slotOf says where. */
  readonly slotStart: Int32Array;
  readonly slots: Int32Array;
  readonly slotOf: Int32Array;
  readonly load: Int32Array;
  readonly price: Float64Array;

  readonly dist: Float64Array;
  readonly predMentee: Int32Array;
  readonly predEdge: Int32Array;
  readonly open: Int32Array;
  /** Mentors settled by the last search, in order, and their distances. */
  readonly visited: Int32Array;
  readonly settled: Float64Array;
  visitedCount = 0;
  /** The end of the last search: a mentor with a free place, or the mentee whose «unassigned» column it reached. */
  endMentor = -1;
  endDummy = -1;
  endDist = 0;

  constructor(problem: AssignmentProblem) {
    this.n = problem.menteeCount;
    this.m = problem.mentorCount;
    this.start = problem.edgeStart;
    this.mentorAt = problem.edgeMentor;
    this.gain = gainsOf(problem);
    this.capacity = problem.capacity;
    this.mentorOf = new Int32Array(this.n).fill(-1);
    this.edgeOf = new Int32Array(this.n).fill(-1);
    this.slotOf = new Int32Array(this.n).fill(-1);
    this.slotStart = new Int32Array(this.m + 1);
    // No mentor can take more mentees than there are.
    for (let k = 0; k < this.m; k++) this.slotStart[k + 1] = this.slotStart[k]! + Math.min(this.capacity[k]!, this.n);
    this.slots = new Int32Array(this.slotStart[this.m]!);
    this.load = new Int32Array(this.m);
    this.price = new Float64Array(this.m);
    this.dist = new Float64Array(this.m);
    this.predMentee = new Int32Array(this.m);
    this.predEdge = new Int32Array(this.m);
    this.open = new Int32Array(this.m);
    this.visited = new Int32Array(this.m);
    this.settled = new Float64Array(this.m);
  }

  /** Puts mentee e with mentor k (pair index `edge`) on a new place. */
  place(e: number, k: number, edge: number): void {
    const slot = this.slotStart[k]! + this.load[k]!++;
    this.slots[slot] = e;
    this.slotOf[e] = slot;
    this.mentorOf[e] = k;
    this.edgeOf[e] = edge;
  }

  /**
   * Dijkstra from the unassigned mentee `root` over the residual network with reduced costs; leaves the end
   * in endMentor / endDummy / endDist and the settled mentors in visited / settled.
   */
  search(root: number): void {
    const { start, mentorAt, gain, price, dist, predMentee, predEdge, open, visited, settled, load, capacity, slotStart, slots, edgeOf } = this;
    // Per search: dist +∞ = not reached yet, −∞ = settled (its distance moves to `settled`). A reset costs m
    // writes, less than one mentee's row; the hot loop then needs one comparison per pair.
    dist.fill(Infinity);
    let openCount = 0;
    let visitedCount = 0;
    // The root's own «unassigned» column costs 0: the zero point of this search's distances.
    let dummyDist = 0;
    let dummyOwner = root;
    // A mentor no nearer than the best «unassigned» end found so far can never be settled before the search
    // ends (that end only gets nearer): it is not even put in the open list.
    for (let i = start[root]!, end = start[root + 1]!; i < end; i++) {
      const k = mentorAt[i]!;
      const d = price[k]! - gain[i]!;
      if (d < dummyDist) {
        dist[k] = d;
        predMentee[k] = root;
        predEdge[k] = i;
        open[openCount++] = k;
      }
    }
    for (;;) {
      // The nearest open mentor; among equally near ones, one with a free place (it ends the search at once).
      let best = -1;
      let bestAt = -1;
      let dmin = Infinity;
      let bestFree = false;
      for (let j = 0; j < openCount; j++) {
        const k = open[j]!;
        const d = dist[k]!;
        if (d < dmin || (d === dmin && !bestFree && load[k]! < capacity[k]!)) {
          dmin = d;
          best = k;
          bestAt = j;
          bestFree = load[k]! < capacity[k]!;
        }
      }
      if (best < 0 || dummyDist <= dmin) {
        this.visitedCount = visitedCount;
        this.endMentor = -1;
        this.endDummy = dummyOwner;
        this.endDist = dummyDist;
        return;
      }
      open[bestAt] = open[--openCount]!;
      dist[best] = -Infinity;
      settled[visitedCount] = dmin;
      visited[visitedCount++] = best;
      if (bestFree) {
        this.visitedCount = visitedCount;
        this.endMentor = best;
        this.endDummy = -1;
        this.endDist = dmin;
        return;
      }
      // A full mentor: the path goes on through each of its mentees (the way back along their pair is tight).
      const bestPrice = price[best]!;
      for (let s = slotStart[best]!, last = s + load[best]!; s < last; s++) {
        const e = slots[s]!;
        // base: the distance to e's own «unassigned» column (e gives up the place to the chain): dmin + π(e).
        const base = dmin + gain[edgeOf[e]!]! - bestPrice;
        if (base < dummyDist) {
          dummyDist = base;
          dummyOwner = e;
        }
        for (let i = start[e]!, end = start[e + 1]!; i < end; i++) {
          const k = mentorAt[i]!;
          const d = base + price[k]! - gain[i]!;
          // Settled mentors hold −∞; anything no nearer than the nearest end is useless.
          if (d < dist[k]! && d < dummyDist) {
            if (dist[k] === Infinity) open[openCount++] = k;
            dist[k] = d;
            predMentee[k] = e;
            predEdge[k] = i;
          }
        }
      }
    }
  }

  /** After a search: raise the prices of the mentors it settled short of the end (keeps the dual conditions). */
  reprice(): void {
    const { visited, settled, price, endDist } = this;
    for (let j = 0; j < this.visitedCount; j++) {
      if (settled[j]! < endDist) price[visited[j]!]! += endDist - settled[j]!;
    }
  }

  /** After a search: moves everybody along the path found; the root ends up with a mentor or stays waiting. */
  augment(root: number): void {
    const { predMentee, predEdge, mentorOf, slotOf, slots, edgeOf } = this;
    let col: number;
    let slot: number;
    if (this.endMentor >= 0) {
      col = this.endMentor;
      slot = this.slotStart[col]! + this.load[col]!++;
    } else {
      const leaving = this.endDummy;
      if (leaving === root) return;
      col = mentorOf[leaving]!;
      slot = slotOf[leaving]!;
      mentorOf[leaving] = -1;
      edgeOf[leaving] = -1;
      slotOf[leaving] = -1;
    }
    for (;;) {
      const e = predMentee[col]!;
      const oldCol = mentorOf[e]!;
      const oldSlot = slotOf[e]!;
      slots[slot] = e;
      slotOf[e] = slot;
      mentorOf[e] = col;
      edgeOf[e] = predEdge[col]!;
      if (e === root) return;
      col = oldCol;
      slot = oldSlot;
    }
  }
}

/**
 * The order mentees are inserted in (see the file header): by how far their best pair falls short of the
 * best pair of the whole pool, in steps of a twentieth of the range (counted from the top, so a crowd of
 * mentees whose best pairs are all near the top stays one band), then in waiting order. Mentees without
 * pairs are left out.
 */
function insertionOrder(problem: AssignmentProblem): number[] {
  const { menteeCount: n, edgeStart, edgePoints } = problem;
  const top = new Int32Array(n).fill(-1);
  let maxTop = 0;
  for (let e = 0; e < n; e++) {
    for (let i = edgeStart[e]!, end = edgeStart[e + 1]!; i < end; i++) if (edgePoints[i]! > top[e]!) top[e] = edgePoints[i]!;
    if (top[e]! > maxTop) maxTop = top[e]!;
  }
  const step = Math.ceil((maxTop + 1) / 20);
  const band = (e: number) => Math.floor((maxTop - top[e]!) / step);
  const order: number[] = [];
  for (let e = 0; e < n; e++) if (top[e]! >= 0) order.push(e);
  return order.sort((a, b) => band(a) - band(b) || a - b);
}

/**
 * The plan with the highest total points (then the most mentees placed, then the longest-waiting served:
 * see the file header), exact, with its certificate. The city's 2 000 mentees × 500 mentors take well
 * under a second.
 */
export function bestAssignment(problem: AssignmentProblem): OptimalAssignment {
  const net = new Network(problem);
  const { start, mentorAt, gain, load, capacity } = net;
  const order = insertionOrder(problem);
  // Start: each mentee takes a pair of its highest gain whose mentor still has a place; with all prices 0
  // that keeps the conditions. The others are inserted by searches, in the same order.
  const waiting: number[] = [];
  for (const e of order) {
    let bestEdge = -1;
    let bestFree = false;
    for (let i = start[e]!, end = start[e + 1]!; i < end; i++) {
      const free = load[mentorAt[i]!]! < capacity[mentorAt[i]!]!;
      if (bestEdge < 0 || gain[i]! > gain[bestEdge]! || (gain[i] === gain[bestEdge] && free && !bestFree)) {
        bestEdge = i;
        bestFree = free;
      }
    }
    if (bestFree) net.place(e, mentorAt[bestEdge]!, bestEdge);
    else waiting.push(e);
  }
  for (const e of waiting) {
    net.search(e);
    net.reprice();
    net.augment(e);
  }
  const mentorOf = net.mentorOf;
  return { mentorOf, ...keysOf(problem, mentorOf), prices: net.price };
}

/**
 * Today's behaviour, the baseline the page compares against: mentees in the order they waited, each takes
 * the best allowed mentor who still has a place (equal points: more places left, then the lower index).
 */
export function greedyAssignment(problem: AssignmentProblem): Assignment {
  const { menteeCount: n, edgeStart, edgeMentor, edgePoints } = problem;
  const left = problem.capacity.slice();
  const mentorOf = new Int32Array(n).fill(-1);
  for (let e = 0; e < n; e++) {
    let best = -1;
    let bestPoints = -1;
    for (let i = edgeStart[e]!, end = edgeStart[e + 1]!; i < end; i++) {
      const k = edgeMentor[i]!;
      if (left[k]! <= 0) continue;
      const w = edgePoints[i]!;
      // Pairs come by mentor index, so «the lower index» is the first seen.
      if (w > bestPoints || (w === bestPoints && best >= 0 && left[k]! > left[best]!)) {
        best = k;
        bestPoints = w;
      }
    }
    if (best >= 0) {
      mentorOf[e] = best;
      left[best]!--;
    }
  }
  return { mentorOf, ...keysOf(problem, mentorOf) };
}

/** Why a mentee has no mentor in the optimal plan. */
export type Unplaced =
  | { mentee: number; reason: 'noAllowedMentor' }
  | {
      mentee: number;
      reason: 'placesTaken';
      /** How many points the best plan that does give this mentee a mentor has fewer than the optimum (≥ 0). */
      cost: number;
      /** The mentee that plan leaves without a mentor instead (−1: it only moves people to free places). */
      displaced: number;
      /** The mentor that plan gives this mentee. */
      mentor: number;
    };

/**
 * For each mentee the optimal plan leaves without a mentor, in waiting order: either no allowed pair with a
 * mentor who has any place at all, or every allowed mentor is full with better uses of the places — and then
 * exactly what including this mentee would cost: the best plan that does include them, against the optimum.
 *
 * That plan is the optimum moved along the shortest path from the mentee (the Hungarian insertion without the
 * «stays unassigned» option). The part of such a path after its first mentor does not depend on the mentee,
 * so one Dijkstra backwards from every possible end gives, for each mentor k, D(k): the shortest way to make
 * room once k takes one more mentee — 0 with a free place, else one of k's mentees drops out (π) or moves on
 * to another mentor (π + p − gain, then D there). A waiting mentee's cost is then min over its pairs of
 * p(k) − gain(e, k) + D(k): O(pairs + m²) for all of them together instead of one search each.
 */
export function whyUnassigned(problem: AssignmentProblem, optimal: OptimalAssignment): Unplaced[] {
  const { menteeCount: n, mentorCount: m, capacity, edgeStart, edgeMentor, edgePoints } = problem;
  const { mentorOf, prices: price } = optimal;
  const gain = gainsOf(problem);
  const edgeOf = new Int32Array(n).fill(-1);
  const profit = new Float64Array(n);
  const load = new Int32Array(m);
  for (let e = 0; e < n; e++) {
    const k = mentorOf[e]!;
    if (k < 0) continue;
    edgeOf[e] = edgeIndex(problem, e, k);
    profit[e] = gain[edgeOf[e]!]! - price[k]!;
    load[k]!++;
  }
  // The pairs of assigned mentees by the mentor they lead to (other than their own): the reversed arcs.
  const inStart = new Int32Array(m + 1);
  for (let e = 0; e < n; e++) {
    if (mentorOf[e]! < 0) continue;
    for (let i = edgeStart[e]!; i < edgeStart[e + 1]!; i++) if (edgeMentor[i] !== mentorOf[e]) inStart[edgeMentor[i]! + 1]!++;
  }
  for (let k = 0; k < m; k++) inStart[k + 1]! += inStart[k]!;
  const inEdge = new Int32Array(inStart[m]!);
  const inMentee = new Int32Array(inStart[m]!);
  const fill = inStart.slice(0, m);
  for (let e = 0; e < n; e++) {
    if (mentorOf[e]! < 0) continue;
    for (let i = edgeStart[e]!; i < edgeStart[e + 1]!; i++) {
      const k = edgeMentor[i]!;
      if (k === mentorOf[e]) continue;
      inEdge[fill[k]!] = i;
      inMentee[fill[k]!++] = e;
    }
  }
  // D(k), and the first step of that way: which of k's mentees moves (−1: k has a free place) and by which
  // pair (−1: it drops out).
  const room = new Float64Array(m).fill(Infinity);
  const moves = new Int32Array(m).fill(-1);
  const movesBy = new Int32Array(m).fill(-1);
  for (let k = 0; k < m; k++) if (load[k]! < capacity[k]!) room[k] = 0;
  for (let e = 0; e < n; e++) {
    const k = mentorOf[e]!;
    if (k >= 0 && room[k]! > profit[e]!) {
      room[k] = profit[e]!;
      moves[k] = e;
    }
  }
  const done = new Uint8Array(m);
  for (;;) {
    let next = -1;
    for (let k = 0; k < m; k++) if (!done[k] && room[k]! < Infinity && (next < 0 || room[k]! < room[next]!)) next = k;
    if (next < 0) break;
    done[next] = 1;
    const base = room[next]! + price[next]!;
    for (let j = inStart[next]!, end = inStart[next + 1]!; j < end; j++) {
      const e = inMentee[j]!;
      const k = mentorOf[e]!;
      if (done[k]) continue;
      const d = base + profit[e]! - gain[inEdge[j]!]!;
      if (d < room[k]!) {
        room[k] = d;
        moves[k] = e;
        movesBy[k] = inEdge[j]!;
      }
    }
  }
  const out: Unplaced[] = [];
  for (let e = 0; e < n; e++) {
    if (mentorOf[e] !== -1) continue;
    let best = Infinity;
    let bestEdge = -1;
    for (let i = edgeStart[e]!; i < edgeStart[e + 1]!; i++) {
      const d = price[edgeMentor[i]!]! - gain[i]! + room[edgeMentor[i]!]!;
      if (d < best) {
        best = d;
        bestEdge = i;
      }
    }
    if (bestEdge < 0) {
      out.push({ mentee: e, reason: 'noAllowedMentor' });
      continue;
    }
    // Walk the way (without moving anyone), adding the points gained and lost.
    let delta = edgePoints[bestEdge]!;
    let displaced = -1;
    for (let k = edgeMentor[bestEdge]!; moves[k]! >= 0; ) {
      const x = moves[k]!;
      delta -= edgePoints[edgeOf[x]!]!;
      if (movesBy[k]! < 0) {
        displaced = x;
        break;
      }
      delta += edgePoints[movesBy[k]!]!;
      k = edgeMentor[movesBy[k]!]!;
    }
    // 0 − delta, not −delta: a cost of nothing must read +0, not −0.
    out.push({ mentee: e, reason: 'placesTaken', cost: 0 - delta, displaced, mentor: edgeMentor[bestEdge]! });
  }
  return out;
}

/** One proposal of the plan: a pair, or a group of the mentees one mentor takes together. */
export type Proposal =
  | { kind: 'pair'; mentor: number; mentee: number; form: MentoringForm | null }
  | { kind: 'group'; mentor: number; mentees: number[]; form: 'GROUP' };

/**
 * Pairs and groups of a plan. The mentees one mentor takes whose form is «групповая» or not chosen yet
 * (null) become one group when there are two or more of them; everybody else stays a pair in their own form
 * (a line manager, allowed only in «руководитель — педагог», is therefore never grouped). By mentor index;
 * for one mentor the group first, then the pairs; mentees in waiting order.
 */
export function groupsOf(plan: Pick<Assignment, 'mentorOf'>, forms: readonly (MentoringForm | null)[], mentorCount: number): Proposal[] {
  const { mentorOf } = plan;
  if (forms.length !== mentorOf.length) throw new RangeError(`the plan covers ${mentorOf.length} mentees, forms are given for ${forms.length}`);
  const byMentor: number[][] = Array.from({ length: mentorCount }, () => []);
  mentorOf.forEach((k, e) => {
    if (k >= 0) byMentor[k]!.push(e);
  });
  const out: Proposal[] = [];
  byMentor.forEach((mentees, mentor) => {
    const groupable = mentees.filter((e) => forms[e] === 'GROUP' || forms[e] === null);
    const grouped = groupable.length >= 2;
    if (grouped) out.push({ kind: 'group', mentor, mentees: groupable, form: 'GROUP' });
    for (const e of mentees) {
      if (grouped && groupable.includes(e)) continue;
      out.push({ kind: 'pair', mentor, mentee: e, form: forms[e] ?? null });
    }
  });
  return out;
}

// ——— Profiles: the pool as the page sees it ———

export interface PoolOptions {
  /**
   * Only mentors sharing a topic with the request (the per-mentee page lists the others apart, as not
   * answering the request). Default false: every pair the hard rules allow.
   */
  sharedTopicOnly?: boolean;
}

/**
 * The pool problem from the bank's profiles: every pair rankMentors allows, with its points computed with
 * each mentor's CURRENT load (see the file header: the capacity factor is taken as of now, so the objective
 * stays linear); free places max(0, maxMentees − load). Mentees in the order they waited.
 */
export function poolProblem(mentees: readonly MenteeProfile[], mentors: readonly MentorProfile[], weights: MatchingWeights, options: PoolOptions = {}): AssignmentProblem {
  // rankMentors hands back the mentor objects: each must stand for one place in the list.
  const indexOf = new Map<MentorProfile, number>();
  mentors.forEach((mentor, k) => {
    if (indexOf.has(mentor)) throw new RangeError(`mentor ${mentor.staffMemberId} is listed twice`);
    indexOf.set(mentor, k);
  });
  const pairs = new AllowedPairs();
  mentees.forEach((mentee, e) => {
    const ranking = rankMentors(mentee, mentors, weights);
    for (const match of ranking.ranked) pairs.add(e, indexOf.get(match.mentor)!, match.points);
    if (!options.sharedTopicOnly) for (const match of ranking.unrelated) pairs.add(e, indexOf.get(match.mentor)!, match.points);
  });
  const capacity = mentors.map((mentor) => Math.max(0, Math.max(0, mentor.maxMentees) - mentor.load));
  return assignmentProblem(mentees.length, capacity, pairs);
}

export interface ProposedMember<E extends MenteeProfile> {
  mentee: E;
  /** The pair's points factor by factor, exactly as the per-mentee page explains them. */
  score: Score;
}

export type PoolProposal<E extends MenteeProfile, M extends MentorProfile> =
  | { kind: 'pair'; mentor: M; form: MentoringForm | null; members: [ProposedMember<E>] }
  | { kind: 'group'; mentor: M; form: 'GROUP'; members: ProposedMember<E>[] };

export type PoolUnplaced<E extends MenteeProfile, M extends MentorProfile> =
  | { mentee: E; reason: 'noAllowedMentor' }
  | { mentee: E; reason: 'placesTaken'; cost: number; displaced: E | null; mentor: M; points: number };

export interface PoolPlan<E extends MenteeProfile, M extends MentorProfile> {
  optimal: { points: number; assigned: number };
  /** The same pool taken in waiting order, each the best mentor with a place: «против M при подборе по очереди». */
  greedy: { points: number; assigned: number };
  proposals: PoolProposal<E, M>[];
  unplaced: PoolUnplaced<E, M>[];
}

/**
 * «Подобрать всем»: the optimal plan for the pool, as pairs and groups with each pair's reasons, who is left
 * waiting and why, and the totals against the greedy order.
 */
export function planPool<E extends MenteeProfile, M extends MentorProfile>(
  mentees: readonly E[],
  mentors: readonly M[],
  weights: MatchingWeights,
  options: PoolOptions = {},
): PoolPlan<E, M> {
  const problem = poolProblem(mentees, mentors, weights, options);
  const optimal = bestAssignment(problem);
  const greedy = greedyAssignment(problem);
  const member = (e: number, k: number): ProposedMember<E> => ({ mentee: mentees[e]!, score: scoreMentor(mentees[e]!, mentors[k]!, weights) });
  const proposals = groupsOf(
    optimal,
    mentees.map((m) => m.form),
    mentors.length,
  ).map((p): PoolProposal<E, M> =>
    p.kind === 'pair'
      ? { kind: 'pair', mentor: mentors[p.mentor]!, form: p.form, members: [member(p.mentee, p.mentor)] }
      : { kind: 'group', mentor: mentors[p.mentor]!, form: 'GROUP', members: p.mentees.map((e) => member(e, p.mentor)) },
  );
  const unplaced = whyUnassigned(problem, optimal).map((u): PoolUnplaced<E, M> =>
    u.reason === 'noAllowedMentor'
      ? { mentee: mentees[u.mentee]!, reason: 'noAllowedMentor' }
      : {
          mentee: mentees[u.mentee]!,
          reason: 'placesTaken',
          cost: u.cost,
          displaced: u.displaced >= 0 ? mentees[u.displaced]! : null,
          mentor: mentors[u.mentor]!,
          points: problem.edgePoints[edgeIndex(problem, u.mentee, u.mentor)]!,
        },
  );
  return {
    optimal: { points: optimal.points, assigned: optimal.assigned },
    greedy: { points: greedy.points, assigned: greedy.assigned },
    proposals,
    unplaced,
  };
}
