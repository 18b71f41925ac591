/**
 * Seeded random pools for the whole-pool matching: its unit tests and tests/bench/assignment.ts use the same
 * ones, so the figures of the two agree.
 */
import type { MentoringForm, QualificationCategory } from '../../src/generated/prisma/enums.ts';
import { AllowedPairs, assignmentProblem, type AssignmentProblem } from '../../src/modules/matching/matching.assignment.ts';
import type { MenteeProfile, MentorProfile } from '../../src/modules/matching/matching.score.ts';

/** mulberry32: a small seeded generator; random(n) is a whole number in 0 … n − 1. */
export function seeded(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/**
 * Every pair allowed, points 0–200, 1–5 free places per mentor: the city-scale case of the issue. «uniform»:
 * independent points; «correlated»: a mentor's own quality (0–180) plus 0–20 for the pair, so everyone wants
 * the same strong mentors — the harder case for the solver.
 */
export function denseProblem(mentees: number, mentors: number, seed: number, kind: 'uniform' | 'correlated' = 'uniform'): AssignmentProblem {
  const random = seeded(seed);
  const capacity = Array.from({ length: mentors }, () => 1 + random(5));
  const quality = Array.from({ length: mentors }, () => random(181));
  const pairs = new AllowedPairs();
  for (let e = 0; e < mentees; e++) {
    for (let k = 0; k < mentors; k++) pairs.add(e, k, kind === 'uniform' ? random(201) : quality[k]! + random(21));
  }
  return assignmentProblem(mentees, capacity, pairs);
}

/** A bank like a city's: 14 request topics, a few forms, categories and positions, some line managers. */
export function cityProfiles(menteeCount: number, mentorCount: number, seed: number): { mentees: MenteeProfile[]; mentors: MentorProfile[] } {
  const random = seeded(seed);
  const topics = Array.from({ length: 14 }, (_, i) => `Тема запроса номер ${i + 1}`);
  const forms: MentoringForm[] = ['TRADITIONAL', 'GROUP', 'PEER', 'EXPERIENCED_YOUNG', 'VIRTUAL'];
  const categories: QualificationCategory[] = ['NONE', 'FIRST', 'HIGHEST', 'MENTOR'];
  const positions = ['воспитатель', 'учитель-логопед', 'музыкальный руководитель', 'педагог-психолог'];
  const pick = (n: number) => [...new Set(Array.from({ length: n }, () => topics[random(topics.length)]!))];
  const mentors: MentorProfile[] = Array.from({ length: mentorCount }, (_, i) => ({
    staffMemberId: 100_000 + i,
    name: `Наставник ${i}`,
    position: positions[random(positions.length)]!,
    ageGroup: `группа ${random(6)}`,
    experienceYears: random(35),
    category: categories[random(categories.length)]!,
    topics: pick(1 + random(5)),
    forms: [forms[random(forms.length)]!, forms[random(forms.length)]!],
    training: random(2) ? 'TRAINED' : 'NOT_TRAINED',
    maxMentees: 1 + random(4),
    load: random(3),
    hasConsent: random(20) > 0,
    hasMentoringConsent: true,
  }));
  const mentees: MenteeProfile[] = Array.from({ length: menteeCount }, (_, i) => ({
    staffMemberId: i + 1,
    name: `Наставляемый ${i}`,
    position: positions[random(positions.length)]!,
    ageGroup: `группа ${random(6)}`,
    lineManagerId: random(10) === 0 ? 100_000 + random(mentorCount) : null,
    topics: pick(1 + random(3)),
    form: random(3) ? forms[random(forms.length)]! : null,
    hasConsent: random(30) > 0,
  }));
  return { mentees, mentors };
}
