/**
 * Explainable matching of mentees with mentors — pure functions on plain data (no Prisma), so every
 * factor, cap, tie-break and hard rule is unit-tested and the page shows exactly why one mentor ranks
 * above another. The service (matching.service.ts) turns bank rows into these profiles.
 *
 * Hard rules (domain.md) exclude a candidate, they are never a penalty: nobody mentors themself, the mentee
 * needs a valid personal-data consent, the mentor must be an available mentor (the pairs module's rule: the
 * personal-data consent, the written consent to mentoring of ст. 351.8 ТК РФ, a free place), and a mentee's
 * line manager mentors them only in the form «руководитель — педагог».
 */
import { MENTORING_FORM_LABELS } from '../../domain/mentoring.ts';
import { plural } from '../../domain/words.ts';
import type { MentorTraining, MentoringForm, QualificationCategory } from '../../generated/prisma/enums.ts';
import { isMentorAvailable, unavailabilityOf, type MentorFacts } from '../pairs/index.ts';

/** Points per factor; the organization keeps its own in Organization.matchingWeights (null = these). */
export interface MatchingWeights {
  /** Per topic of the request the mentor is competent in… */
  topic: number;
  /** …but never more than this for all shared topics together. */
  topicCap: number;
  /** For EXPERIENCE_FULL_YEARS of teaching or more; fewer years earn a proportional share. */
  experience: number;
  /** Высшая категория, «педагог-методист», «педагог-наставник». */
  categoryTop: number;
  /** Первая категория. */
  categoryFirst: number;
  samePosition: number;
  sameAgeGroup: number;
  /** When all the mentor's places are free; otherwise the free share of it. */
  capacity: number;
  /** The mentor leads the form the pair would have. */
  form: number;
  /** The mentor attended the set-up sessions (установочные сессии). */
  training: number;
}

export const WEIGHT_KEYS = ['topic', 'topicCap', 'experience', 'categoryTop', 'categoryFirst', 'samePosition', 'sameAgeGroup', 'capacity', 'form', 'training'] as const satisfies readonly (keyof MatchingWeights)[];

/** Topics dominate: two shared topics (40) outweigh any experience or category. */
export const DEFAULT_WEIGHTS: Readonly<MatchingWeights> = Object.freeze({
  topic: 20,
  topicCap: 60,
  experience: 15,
  categoryTop: 10,
  categoryFirst: 5,
  samePosition: 5,
  sameAgeGroup: 5,
  capacity: 15,
  form: 10,
  training: 5,
});

export const WEIGHT_MAX = 100;

/** Years of teaching that earn the whole experience weight. */
export const EXPERIENCE_FULL_YEARS = 15;

/** The stored JSON → weights: defaults for anything missing or out of range (the column is free-form JSON). */
export function weightsFrom(stored: unknown): MatchingWeights {
  // Written out: a spread of the frozen defaults takes V8's slow path (weights are read on every matching page).
  const d = DEFAULT_WEIGHTS;
  const weights: MatchingWeights = {
    topic: d.topic,
    topicCap: d.topicCap,
    experience: d.experience,
    categoryTop: d.categoryTop,
    categoryFirst: d.categoryFirst,
    samePosition: d.samePosition,
    sameAgeGroup: d.sameAgeGroup,
    capacity: d.capacity,
    form: d.form,
    training: d.training,
  };
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return weights;
  for (const key of WEIGHT_KEYS) {
    const value = (stored as Record<string, unknown>)[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= WEIGHT_MAX) weights[key] = value;
  }
  return weights;
}

export interface MenteeProfile {
  staffMemberId: number;
  name: string;
  position: string;
  ageGroup: string;
  lineManagerId: number | null;
  /** Topic names of the request: topics are per organization, so they are compared by name. */
  topics: readonly string[];
  /** The form the pair would have (the request's wish or the methodist's choice); null = not chosen. */
  form: MentoringForm | null;
  hasConsent: boolean;
}

export interface MentorProfile extends MentorFacts {
  staffMemberId: number;
  name: string;
  position: string;
  ageGroup: string;
  experienceYears: number;
  category: QualificationCategory;
  /** Topic names of the mentor's competencies. */
  topics: readonly string[];
  forms: readonly MentoringForm[];
  training: MentorTraining;
  maxMentees: number;
  /** Mentees already held in proposed and active pairs (pairs.definitions.ts mentorLoad). */
  load: number;
  hasConsent: boolean;
  /** The written consent to mentoring (ст. 351.8 ТК РФ). */
  hasMentoringConsent: boolean;
}

export type FactorCode = 'topics' | 'experience' | 'category' | 'position' | 'ageGroup' | 'capacity' | 'form' | 'training';

/** One line of the explanation: «стаж 18 лет» (+15). Zero-point factors say what was not met. */
export interface Factor {
  code: FactorCode;
  points: number;
  text: string;
}

export type ExclusionCode = 'self' | 'menteeConsent' | 'mentorConsent' | 'mentoringConsent' | 'lineManager' | 'full';

export interface Exclusion {
  code: ExclusionCode;
  text: string;
}

export interface Score {
  /** Sum of the factors' points. */
  points: number;
  factors: Factor[];
  /** Topic names of the request the mentor is competent in, in the request's order. */
  sharedTopics: string[];
  /** Places left before the mentor's limit (never below 0). */
  free: number;
  /** Hard rules broken; non-empty means the mentor must not be proposed. */
  exclusions: Exclusion[];
}

/** Case, «ё» and spacing do not make two topics different («РППС» of two organizations). */
export function topicKey(name: string): string {
  return normal(name);
}

// Positions, age groups and topics repeat across a bank: normalise each distinct spelling once.
const normalCache = new Map<string, string>();
function normal(text: string): string {
  let n = normalCache.get(text);
  if (n === undefined) {
    n = text.trim().toLowerCase().replaceAll('ё', 'е').replace(/\s+/g, ' ');
    if (normalCache.size > 10_000) normalCache.clear();
    normalCache.set(text, n);
  }
  return n;
}

/**
 * A profile is scored against hundreds of others: its texts are normalised once and kept beside it
 * (profiles are treated as immutable). Topics are deduplicated, the first spelling kept, in order: a short
 * array, searched with `includes` (a request has 1–3 topics, a mentor 2–4 competencies: a Set per profile and
 * request cost more to build than it saved).
 */
interface Prepared {
  topicKeys: string[];
  topicNames: string[];
  position: string;
  ageGroup: string;
  /** A mentor's category: 2 a top one, 1 the first, 0 else (a mentee's: 0). */
  categoryRank: 0 | 1 | 2;
  /** A mentor's own explanation texts, made when the first explanation with this mentor is read. */
  texts?: MentorTexts;
  /** A full mentor's «no places» exclusion, made once however many mentees it is checked for. */
  full?: Exclusion;
}
/**
 * Kept on the profile itself, under a symbol, rather than in a WeakMap: the pages build fresh profiles for every
 * request, and an entry per profile cost more than the work it saves (the insertions, and the collector's passes
 * over the weak entries: scoring the overview's bank took ~30 % longer). Not enumerable, so a copy (`{ ...mentee }`)
 * does not carry it and tests comparing profiles do not see it; a frozen profile is prepared on every call.
 */
const PREPARED = Symbol('prepared');
function prepared(profile: MenteeProfile | MentorProfile): Prepared {
  let p = (profile as { [PREPARED]?: Prepared })[PREPARED];
  if (!p) {
    const category = 'category' in profile ? profile.category : undefined;
    const categoryRank = category === undefined ? 0 : categoryRankOf(category);
    p = { topicKeys: [], topicNames: [], position: normal(profile.position), ageGroup: normal(profile.ageGroup), categoryRank, texts: undefined, full: undefined };
    for (const name of profile.topics) {
      const key = normal(name);
      if (p.topicKeys.includes(key)) continue;
      p.topicKeys.push(key);
      p.topicNames.push(name);
    }
    if (Object.isExtensible(profile)) Object.defineProperty(profile, PREPARED, { value: p });
  }
  return p;
}

/** exclusionsOf(…).length > 0 without building the list: the common case in a hot loop. */
function isExcluded(mentee: MenteeProfile, mentor: MentorProfile): boolean {
  return (
    mentor.staffMemberId === mentee.staffMemberId ||
    !mentee.hasConsent ||
    !isMentorAvailable(mentor) ||
    (mentee.lineManagerId === mentor.staffMemberId && mentee.form !== 'HEAD_TEACHER')
  );
}

const SELF: Exclusion = { code: 'self', text: 'это сам наставляемый: нельзя быть наставником самому себе' };
const MENTEE_CONSENT: Exclusion = { code: 'menteeConsent', text: 'у наставляемого нет действующего согласия на обработку персональных данных' };
const MENTOR_CONSENT: Exclusion = { code: 'mentorConsent', text: 'нет действующего согласия на обработку персональных данных' };
const MENTORING_CONSENT: Exclusion = { code: 'mentoringConsent', text: 'нет письменного согласия на наставническую деятельность (ст. 351.8 ТК РФ)' };
const LINE_MANAGER: Exclusion = { code: 'lineManager', text: 'непосредственный руководитель наставляемого: возможно только в форме «руководитель — педагог»' };

// The «no places» text depends on the mentor alone: made once per mentor (the pool checks it for every mentee).
function fullExclusion(mentor: MentorProfile): Exclusion {
  const p = prepared(mentor);
  return (p.full ??= { code: 'full', text: `нет свободных мест: ${mentor.load} ${plural(mentor.load, ['наставляемый', 'наставляемых', 'наставляемых'])} при пределе ${mentor.maxMentees}` });
}

/** The hard rules, in the order a methodist would check them. */
export function exclusionsOf(mentee: MenteeProfile, mentor: MentorProfile): Exclusion[] {
  if (mentor.staffMemberId === mentee.staffMemberId) return [SELF];
  const out: Exclusion[] = [];
  const unavailable = unavailabilityOf(mentor);
  if (!mentee.hasConsent) out.push(MENTEE_CONSENT);
  if (unavailable.includes('personalData')) out.push(MENTOR_CONSENT);
  if (unavailable.includes('mentoring')) out.push(MENTORING_CONSENT);
  if (mentee.lineManagerId === mentor.staffMemberId && mentee.form !== 'HEAD_TEACHER') out.push(LINE_MANAGER);
  if (unavailable.includes('full')) out.push(fullExclusion(mentor));
  return out;
}

const TOP_CATEGORY_TEXT: Partial<Record<QualificationCategory, string>> = {
  HIGHEST: 'высшая категория',
  METHODIST: 'категория «педагог-методист»',
  MENTOR: 'категория «педагог-наставник»',
};

function formText(form: MentoringForm): string {
  const label = MENTORING_FORM_LABELS[form];
  return label.startsWith('«') ? `форму ${label}` : `форму: ${label}`;
}

/** Shared topic names in the request's order (one shared empty array when there are none). */
const NO_TOPICS: readonly string[] = Object.freeze([]);
function sharedTopicsOf(mentee: Prepared, mentor: Prepared): string[] {
  let shared: string[] | undefined;
  for (let i = 0; i < mentee.topicKeys.length; i++) {
    if (mentor.topicKeys.includes(mentee.topicKeys[i]!)) (shared ??= []).push(mentee.topicNames[i]!);
  }
  return shared ?? (NO_TOPICS as string[]);
}

/** Topic names of `wanted` also found in `offered`, compared as topicKey does (for mentors of other organizations). */
export function sharedTopicNames(wanted: readonly string[], offered: readonly string[]): string[] {
  const keys = new Set(offered.map(topicKey));
  const seen = new Set<string>();
  return wanted.filter((name) => {
    const key = topicKey(name);
    if (!keys.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Same position, same age group: case and spacing aside; two blanks are not «the same». */
function same(a: string, b: string): boolean {
  return a !== '' && a === b;
}

/**
 * The points of one mentor for one mentee, without the texts: ranking a city's bank is a million of
 * these. `factorsOf` below gives the same points factor by factor (a unit test holds them equal).
 */
function totalOf(mentee: MenteeProfile, mentor: MentorProfile, pe: Prepared, pm: Prepared, weights: MatchingWeights, shared: number): number {
  let total = Math.min(shared * weights.topic, weights.topicCap);
  total += experiencePoints(mentor, weights);
  total += categoryRankPoints(pm.categoryRank, weights);
  if (same(pe.position, pm.position)) total += weights.samePosition;
  if (same(pe.ageGroup, pm.ageGroup)) total += weights.sameAgeGroup;
  total += capacityPoints(mentor, weights);
  if (mentee.form && mentor.forms.includes(mentee.form)) total += weights.form;
  if (mentor.training === 'TRAINED') total += weights.training;
  return total;
}

function experiencePoints(mentor: MentorProfile, weights: MatchingWeights): number {
  return Math.round((weights.experience * Math.min(Math.max(0, mentor.experienceYears), EXPERIENCE_FULL_YEARS)) / EXPERIENCE_FULL_YEARS);
}

/** 2: a top category, 1: the first, 0: none (worked out once per mentor in `prepared`, for the total). */
function categoryRankOf(category: QualificationCategory): 0 | 1 | 2 {
  return TOP_CATEGORY_TEXT[category] ? 2 : category === 'FIRST' ? 1 : 0;
}

function categoryRankPoints(rank: 0 | 1 | 2, weights: MatchingWeights): number {
  return rank === 2 ? weights.categoryTop : rank === 1 ? weights.categoryFirst : 0;
}

function capacityPoints(mentor: MentorProfile, weights: MatchingWeights): number {
  const max = Math.max(0, mentor.maxMentees);
  return max > 0 ? Math.round((weights.capacity * freePlaces(mentor)) / max) : 0;
}

function freePlaces(mentor: MentorProfile): number {
  return Math.max(0, Math.max(0, mentor.maxMentees) - mentor.load);
}

/** A mentor's texts in an explanation: the same with every mentee, so made once per mentor profile. */
interface MentorTexts {
  experience: string;
  category: string;
  otherPosition: string;
  otherAgeGroup: string;
  capacity: string;
  training: string;
}
function mentorTextsOf(mentor: MentorProfile, pm: Prepared): MentorTexts {
  if (pm.texts) return pm.texts;
  const years = Math.max(0, mentor.experienceYears);
  const free = freePlaces(mentor);
  return (pm.texts = {
    experience: `стаж ${years} ${plural(years, ['год', 'года', 'лет'])}`,
    category:
      TOP_CATEGORY_TEXT[mentor.category] ??
      (mentor.category === 'FIRST' ? 'первая категория' : mentor.category === 'CORRESPONDENCE' ? 'соответствие занимаемой должности' : 'без категории'),
    otherPosition: `другая должность (${mentor.position || 'не указана'})`,
    otherAgeGroup: mentor.ageGroup ? 'другая возрастная группа' : 'возрастная группа не указана',
    capacity: `свободно ${free} ${plural(free, ['место', 'места', 'мест'])} из ${Math.max(0, mentor.maxMentees)}`,
    training: mentor.training === 'TRAINED' ? 'прошёл установочные сессии' : mentor.training === 'IN_TRAINING' ? 'проходит установочные сессии' : 'не проходил установочные сессии',
  });
}

/** «ведёт форму …» and «не ведёт форму …» per form, made once. */
const FORM_TEXTS = Object.fromEntries(
  (Object.keys(MENTORING_FORM_LABELS) as MentoringForm[]).map((form) => [form, { leads: `ведёт ${formText(form)}`, not: `не ведёт ${formText(form)}` }]),
) as Record<MentoringForm, { leads: string; not: string }>;

/** Every factor with its points and its Russian text; zero-point factors say what was not met. */
function factorsOf(mentee: MenteeProfile, mentor: MentorProfile, weights: MatchingWeights, sharedTopics: readonly string[]): Factor[] {
  const factors: Factor[] = [];
  const pe = prepared(mentee);
  const pm = prepared(mentor);
  const texts = mentorTextsOf(mentor, pm);
  if (sharedTopics.length) {
    const raw = sharedTopics.length * weights.topic;
    const points = Math.min(raw, weights.topicCap);
    const list = sharedTopics.join(', ');
    const text = sharedTopics.length === 1 ? `совпадает тема: ${list}` : `совпадают темы: ${list}`;
    factors.push({ code: 'topics', points, text: raw > points ? `${text} (учтено не больше ${weights.topicCap})` : text });
  } else {
    factors.push({ code: 'topics', points: 0, text: 'нет общих тем с запросом' });
  }
  factors.push({ code: 'experience', points: experiencePoints(mentor, weights), text: texts.experience });
  factors.push({ code: 'category', points: categoryRankPoints(pm.categoryRank, weights), text: texts.category });
  factors.push(
    same(pe.position, pm.position)
      ? { code: 'position', points: weights.samePosition, text: 'та же должность' }
      : { code: 'position', points: 0, text: texts.otherPosition },
  );
  factors.push(
    same(pe.ageGroup, pm.ageGroup)
      ? { code: 'ageGroup', points: weights.sameAgeGroup, text: 'та же возрастная группа' }
      : { code: 'ageGroup', points: 0, text: texts.otherAgeGroup },
  );
  factors.push({ code: 'capacity', points: capacityPoints(mentor, weights), text: texts.capacity });
  if (mentee.form) {
    factors.push(
      mentor.forms.includes(mentee.form)
        ? { code: 'form', points: weights.form, text: FORM_TEXTS[mentee.form].leads }
        : { code: 'form', points: 0, text: FORM_TEXTS[mentee.form].not },
    );
  }
  factors.push({ code: 'training', points: mentor.training === 'TRAINED' ? weights.training : 0, text: texts.training });
  return factors;
}

/** The points of one mentor for one mentee, factor by factor, plus the hard rules it breaks. */
export function scoreMentor(mentee: MenteeProfile, mentor: MentorProfile, weights: MatchingWeights): Score {
  const pe = prepared(mentee);
  const pm = prepared(mentor);
  const sharedTopics = sharedTopicsOf(pe, pm);
  const factors = factorsOf(mentee, mentor, weights, sharedTopics);
  return { points: totalOf(mentee, mentor, pe, pm, weights, sharedTopics.length), factors, sharedTopics, free: freePlaces(mentor), exclusions: exclusionsOf(mentee, mentor) };
}

/** «совпадают темы: … (+40); стаж 18 лет (+15); …» — only the factors that earned points. */
export function reasonsText(factors: readonly Factor[]): string {
  return factors
    .filter((f) => f.points > 0)
    .map((f) => `${f.text} (+${f.points})`)
    .join('; ');
}

export interface Match<M extends MentorProfile = MentorProfile> extends Score {
  mentor: M;
}

/** A ranked candidate; its factors (with their texts) are only worked out when a page reads them. */
class LazyMatch<M extends MentorProfile> implements Match<M> {
  #factors: Factor[] | undefined;
  constructor(
    readonly mentor: M,
    readonly points: number,
    readonly sharedTopics: string[],
    readonly free: number,
    readonly exclusions: Exclusion[],
    /** The list the mentor (or, in a group, the mentee) comes from, and the place in it: for the name's rank. */
    private readonly list: ListIndex,
    private readonly at: number,
    private readonly mentee: MenteeProfile,
    private readonly weights: MatchingWeights,
  ) {}

  /** Position of the name in the list's alphabetical order: ties compare integers, not strings. */
  get nameRank(): number {
    return nameRankOf(this.list, this.at);
  }

  get factors(): Factor[] {
    return (this.#factors ??= factorsOf(this.mentee, this.mentor, this.weights, this.sharedTopics));
  }
}

export interface Ranking<M extends MentorProfile = MentorProfile> {
  /** Candidates sharing at least one topic with the request, best first. */
  ranked: Match<M>[];
  /** Allowed by the rules but with no shared topic: listed apart, they do not answer the request. */
  unrelated: Match<M>[];
  /** Broken hard rules, with the reasons. */
  excluded: Match<M>[];
}

const collator = new Intl.Collator('ru-RU', { sensitivity: 'base' });

// Ties are broken by name: collate each list of people once (per list object), then compare integers.
// The list's prepared profiles are kept with it, so the hot loop reads arrays, not maps.
// A list that changed length since is indexed again.
interface ListIndex {
  people: readonly (MenteeProfile | MentorProfile)[];
  prepared: Prepared[];
  /**
   * Each one's position in the alphabetical order, collated when first needed: only a tie or a list sorted by name
   * asks, and most pages' rankings have neither (a collator's comparison costs ~1 µs, a bank's list takes n·log n).
   */
  rank: Int32Array | undefined;
}
const listCache = new WeakMap<readonly (MenteeProfile | MentorProfile)[], ListIndex>();
function indexOf(people: readonly (MenteeProfile | MentorProfile)[]): ListIndex {
  let index = listCache.get(people);
  if (!index || index.prepared.length !== people.length) {
    index = { people, prepared: people.map(prepared), rank: undefined };
    listCache.set(people, index);
  }
  return index;
}

function nameRankOf(index: ListIndex, at: number): number {
  if (!index.rank) {
    const { people } = index;
    const order = people.map((_, i) => i).sort((a, b) => collator.compare(people[a]!.name, people[b]!.name));
    const rank = new Int32Array(people.length);
    order.forEach((place, i) => (rank[place] = i));
    index.rank = rank;
  }
  return index.rank[at]!;
}

const NO_EXCLUSIONS: readonly Exclusion[] = Object.freeze([]);

/**
 * All mentors for one mentee: ranked, unrelated and excluded. Only the ranked list is built at once;
 * the unrelated one (usually most of a bank, rarely read) is scored when first read.
 */
export function rankMentors<M extends MentorProfile>(mentee: MenteeProfile, mentors: readonly M[], weights: MatchingWeights): Ranking<M> {
  const ranked: LazyMatch<M>[] = [];
  const excluded: LazyMatch<M>[] = [];
  const unrelatedAt: number[] = [];
  const pe = prepared(mentee);
  const list = indexOf(mentors);
  const pms = list.prepared;
  const matchOf = (i: number, sharedTopics: string[], exclusions: Exclusion[]) => {
    const mentor = mentors[i]!;
    return new LazyMatch(mentor, totalOf(mentee, mentor, pe, pms[i]!, weights, sharedTopics.length), sharedTopics, freePlaces(mentor), exclusions, list, i, mentee, weights);
  };
  for (let i = 0; i < mentors.length; i++) {
    const mentor = mentors[i]!;
    const sharedTopics = sharedTopicsOf(pe, pms[i]!);
    if (isExcluded(mentee, mentor)) excluded.push(matchOf(i, sharedTopics, exclusionsOf(mentee, mentor)));
    else if (sharedTopics.length) ranked.push(matchOf(i, sharedTopics, NO_EXCLUSIONS as Exclusion[]));
    else unrelatedAt.push(i);
  }
  ranked.sort(compareMatches);
  excluded.sort((a, b) => a.nameRank - b.nameRank);
  let unrelated: LazyMatch<M>[] | undefined;
  return {
    ranked,
    excluded,
    get unrelated() {
      return (unrelated ??= unrelatedAt.map((i) => matchOf(i, NO_TOPICS as string[], NO_EXCLUSIONS as Exclusion[])).sort(compareMatches));
    },
  };
}

/** The order of a ranking: more points, then more free places, then by name. */
function compareMatches(a: { points: number; free: number; nameRank: number }, b: { points: number; free: number; nameRank: number }): number {
  return b.points - a.points || b.free - a.free || a.nameRank - b.nameRank;
}

/**
 * `rankMentors(…).ranked[0] ?? null` without ranking the rest (the overview shows one mentor per mentee): the
 * same rules and order, only the best candidate becomes a match (a unit test holds both equal).
 */
export function bestMentor<M extends MentorProfile>(mentee: MenteeProfile, mentors: readonly M[], weights: MatchingWeights): Match<M> | null {
  const pe = prepared(mentee);
  const list = indexOf(mentors);
  const pms = list.prepared;
  let best: LazyMatch<M> | null = null;
  for (let i = 0; i < mentors.length; i++) {
    const mentor = mentors[i]!;
    if (isExcluded(mentee, mentor)) continue;
    const sharedTopics = sharedTopicsOf(pe, pms[i]!);
    if (!sharedTopics.length) continue;
    const points = totalOf(mentee, mentor, pe, pms[i]!, weights, sharedTopics.length);
    const free = freePlaces(mentor);
    if (best === null || points > best.points || (points === best.points && (free > best.free || (free === best.free && nameRankOf(list, i) < best.nameRank)))) {
      best = new LazyMatch(mentor, points, sharedTopics, free, NO_EXCLUSIONS as Exclusion[], list, i, mentee, weights);
    }
  }
  return best;
}

export interface GroupProposal<M extends MentorProfile, E extends MenteeProfile> {
  mentor: M;
  /** Best first, no more than the mentor's free places. */
  members: { mentee: E; score: Score }[];
  /** Topics of the mentor's that every member of the group asked for. */
  commonTopics: string[];
  free: number;
}

/**
 * The mentee's profile in the form «групповая», its fields written out: a copy by spread with `form` after it
 * (`{ ...mentee, form }`) takes V8's slow path, per mentee on every /matching.
 */
function inGroupForm(m: MenteeProfile): MenteeProfile {
  return { staffMemberId: m.staffMemberId, name: m.name, position: m.position, ageGroup: m.ageGroup, lineManagerId: m.lineManagerId, topics: m.topics, form: 'GROUP', hasConsent: m.hasConsent };
}

/**
 * Groups for one mentor each: for every mentor with at least `minSize` free places, the mentees whose
 * requests share topics with them, greedily by score (the form being «групповая»), up to the free places.
 * A mentee may appear in several proposals: they are options for the methodist, not decisions.
 */
export function proposeGroups<M extends MentorProfile, E extends MenteeProfile>(
  mentees: readonly E[],
  mentors: readonly M[],
  weights: MatchingWeights,
  minSize = 2,
): GroupProposal<M, E>[] {
  const proposals: GroupProposal<M, E>[] = [];
  // Scored as the group would be: in the form «групповая» (so a line manager stays excluded).
  const asGroup = mentees.map((mentee) => ({ mentee, profile: inGroupForm(mentee) }));
  // The list's prepared profiles serve the copies too: the form is not part of them.
  const list = indexOf(mentees);
  const pes = list.prepared;
  for (const mentor of mentors) {
    const free = freePlaces(mentor);
    if (free < minSize) continue;
    const pm = prepared(mentor);
    const candidates: { mentee: E; profile: MenteeProfile; points: number; sharedTopics: string[]; at: number }[] = [];
    asGroup.forEach(({ mentee, profile }, i) => {
      if (isExcluded(profile, mentor)) return;
      const pe = pes[i]!;
      const sharedTopics = sharedTopicsOf(pe, pm);
      if (sharedTopics.length) candidates.push({ mentee, profile, points: totalOf(profile, mentor, pe, pm, weights, sharedTopics.length), sharedTopics, at: i });
    });
    if (candidates.length < minSize) continue;
    candidates.sort((a, b) => b.points - a.points || nameRankOf(list, a.at) - nameRankOf(list, b.at));
    // scoreMentor's score, its factors' texts worked out only if read (the overview shows points and topics).
    const members = candidates.slice(0, free).map((c) => ({ mentee: c.mentee, score: new LazyMatch(mentor, c.points, c.sharedTopics, free, NO_EXCLUSIONS as Exclusion[], list, c.at, c.profile, weights) as Score }));
    const commonTopics = members[0]!.score.sharedTopics.filter((name) => members.every((m) => m.score.sharedTopics.some((t) => topicKey(t) === topicKey(name))));
    proposals.push({ mentor, members, commonTopics, free });
  }
  // The strongest groups first: the methodist reads from the top.
  const total = (p: GroupProposal<M, E>) => p.members.reduce((sum, m) => sum + m.score.points, 0) / p.members.length;
  return proposals.sort((a, b) => b.members.length - a.members.length || total(b) - total(a) || collator.compare(a.mentor.name, b.mentor.name));
}
