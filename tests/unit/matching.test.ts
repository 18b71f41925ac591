import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_WEIGHTS,
  bestMentor,
  proposeGroups,
  rankMentors,
  reasonsText,
  scoreMentor,
  weightsFrom,
  type MatchingWeights,
  type MenteeProfile,
  type MentorProfile,
} from '../../src/modules/matching/matching.score.ts';
import type { MentoringForm, QualificationCategory } from '../../src/generated/prisma/enums.ts';

const PARENTS = 'Работа с родителями';
const FOP = 'ФОП ДО';
const RPPS = 'РППС';
const OVZ = 'Дети с ОВЗ';

function mentee(overrides: Partial<MenteeProfile> = {}): MenteeProfile {
  return { staffMemberId: 1, name: 'Наставляемая', position: 'воспитатель', ageGroup: 'средняя группа', lineManagerId: null, topics: [PARENTS, FOP], form: null, hasConsent: true, ...overrides };
}

let nextId = 100;
function mentor(overrides: Partial<MentorProfile> = {}): MentorProfile {
  return {
    staffMemberId: nextId++,
    name: 'Иванова Ирина Ивановна',
    position: 'музыкальный руководитель',
    ageGroup: '',
    experienceYears: 0,
    category: 'NONE',
    topics: [],
    forms: [],
    training: 'NOT_TRAINED',
    maxMentees: 3,
    load: 0,
    hasConsent: true,
    hasMentoringConsent: true,
    ...overrides,
  };
}

/** Points of one factor. */
function pointsOf(m: MenteeProfile, t: MentorProfile, code: string, weights: MatchingWeights = DEFAULT_WEIGHTS): number | undefined {
  return scoreMentor(m, t, weights).factors.find((f) => f.code === code)?.points;
}

describe('scoreMentor: each factor', () => {
  test('the methodist’s example: every factor with its points, in plain Russian', () => {
    const m = mentee({ form: 'EXPERIENCED_YOUNG' });
    const t = mentor({
      position: 'Воспитатель',
      ageGroup: 'Средняя группа',
      experienceYears: 18,
      category: 'HIGHEST',
      topics: [FOP, PARENTS, RPPS],
      forms: ['TRADITIONAL', 'EXPERIENCED_YOUNG'],
      training: 'TRAINED',
      maxMentees: 3,
      load: 1,
    });
    const score = scoreMentor(m, t, DEFAULT_WEIGHTS);
    assert.equal(
      reasonsText(score.factors),
      'совпадают темы: Работа с родителями, ФОП ДО (+40); стаж 18 лет (+15); высшая категория (+10); та же должность (+5); ' +
        'та же возрастная группа (+5); свободно 2 места из 3 (+10); ведёт форму «опытный педагог — молодой специалист» (+10); прошёл установочные сессии (+5)',
    );
    assert.equal(score.points, 100);
    assert.deepEqual(score.sharedTopics, [PARENTS, FOP]);
    assert.equal(score.free, 2);
    assert.deepEqual(score.exclusions, []);
  });

  test('topics: points per shared topic, capped; one topic reads in the singular; names compared without case and «ё»', () => {
    const one = scoreMentor(mentee({ topics: [PARENTS] }), mentor({ topics: [PARENTS, RPPS] }), DEFAULT_WEIGHTS).factors[0]!;
    assert.deepEqual(one, { code: 'topics', points: 20, text: `совпадает тема: ${PARENTS}` });

    const four = [PARENTS, FOP, RPPS, OVZ];
    const capped = scoreMentor(mentee({ topics: four }), mentor({ topics: four }), DEFAULT_WEIGHTS).factors[0]!;
    assert.equal(capped.points, 60, '4 × 20 = 80 is capped at 60');
    assert.match(capped.text, /учтено не больше 60/);

    const other = scoreMentor(mentee({ topics: ['Работа с родителями', 'Адаптация детей раннего возраста'] }), mentor({ topics: ['  РАБОТА С РОДИТЕЛЯМИ ', 'Адаптация  детей раннего возраста'] }), DEFAULT_WEIGHTS);
    assert.equal(other.sharedTopics.length, 2);
    assert.equal(scoreMentor(mentee({ topics: ['Учёт'] }), mentor({ topics: ['учет'] }), DEFAULT_WEIGHTS).sharedTopics.length, 1, 'ё = е');

    const none = scoreMentor(mentee(), mentor({ topics: [RPPS] }), DEFAULT_WEIGHTS).factors[0]!;
    assert.deepEqual(none, { code: 'topics', points: 0, text: 'нет общих тем с запросом' });
  });

  test('experience: the whole weight from 15 years, proportional below', () => {
    assert.equal(pointsOf(mentee(), mentor({ experienceYears: 30 }), 'experience'), 15);
    assert.equal(pointsOf(mentee(), mentor({ experienceYears: 15 }), 'experience'), 15);
    assert.equal(pointsOf(mentee(), mentor({ experienceYears: 6 }), 'experience'), 6);
    assert.equal(pointsOf(mentee(), mentor({ experienceYears: 0 }), 'experience'), 0);
    assert.equal(scoreMentor(mentee(), mentor({ experienceYears: 2 }), DEFAULT_WEIGHTS).factors[1]!.text, 'стаж 2 года');
    assert.equal(scoreMentor(mentee(), mentor({ experienceYears: 21 }), DEFAULT_WEIGHTS).factors[1]!.text, 'стаж 21 год');
  });

  test('qualification category: the top ones, the first, none', () => {
    const cases: [QualificationCategory, number, string][] = [
      ['HIGHEST', 10, 'высшая категория'],
      ['METHODIST', 10, 'категория «педагог-методист»'],
      ['MENTOR', 10, 'категория «педагог-наставник»'],
      ['FIRST', 5, 'первая категория'],
      ['CORRESPONDENCE', 0, 'соответствие занимаемой должности'],
      ['NONE', 0, 'без категории'],
    ];
    for (const [category, points, text] of cases) {
      const f = scoreMentor(mentee(), mentor({ category }), DEFAULT_WEIGHTS).factors.find((x) => x.code === 'category')!;
      assert.deepEqual([f.points, f.text], [points, text], category);
    }
  });

  test('same position and same age group, case-insensitive; two empty age groups are not «the same»', () => {
    assert.equal(pointsOf(mentee({ position: 'Учитель-логопед' }), mentor({ position: 'учитель-логопед' }), 'position'), 5);
    assert.equal(pointsOf(mentee(), mentor({ position: 'педагог-психолог' }), 'position'), 0);
    assert.equal(pointsOf(mentee({ ageGroup: 'младшая группа' }), mentor({ ageGroup: 'Младшая группа' }), 'ageGroup'), 5);
    assert.equal(pointsOf(mentee({ ageGroup: '' }), mentor({ ageGroup: '' }), 'ageGroup'), 0);
  });

  test('capacity: the free share of the weight', () => {
    assert.equal(pointsOf(mentee(), mentor({ maxMentees: 3, load: 0 }), 'capacity'), 15);
    assert.equal(pointsOf(mentee(), mentor({ maxMentees: 3, load: 1 }), 'capacity'), 10);
    assert.equal(pointsOf(mentee(), mentor({ maxMentees: 3, load: 2 }), 'capacity'), 5);
    assert.equal(scoreMentor(mentee(), mentor({ maxMentees: 5, load: 0 }), DEFAULT_WEIGHTS).free, 5);
    assert.equal(scoreMentor(mentee(), mentor({ maxMentees: 3, load: 2 }), DEFAULT_WEIGHTS).factors.find((f) => f.code === 'capacity')!.text, 'свободно 1 место из 3');
  });

  test('form: counted only when a form is chosen; leads it or not', () => {
    assert.equal(pointsOf(mentee(), mentor({ forms: ['TRADITIONAL'] }), 'form'), undefined, 'no form wished → no factor');
    assert.equal(pointsOf(mentee({ form: 'PEER' }), mentor({ forms: ['TRADITIONAL', 'PEER'] }), 'form'), 10);
    const no = scoreMentor(mentee({ form: 'PEER' }), mentor({ forms: ['TRADITIONAL'] }), DEFAULT_WEIGHTS).factors.find((f) => f.code === 'form')!;
    assert.deepEqual([no.points, no.text], [0, 'не ведёт форму «педагог — педагог»']);
    const traditional = scoreMentor(mentee({ form: 'TRADITIONAL' }), mentor({ forms: ['TRADITIONAL'] }), DEFAULT_WEIGHTS).factors.find((f) => f.code === 'form')!;
    assert.equal(traditional.text, 'ведёт форму: традиционная («один на один»)');
  });

  test('training: only the completed set-up sessions earn points', () => {
    assert.equal(pointsOf(mentee(), mentor({ training: 'TRAINED' }), 'training'), 5);
    assert.equal(pointsOf(mentee(), mentor({ training: 'IN_TRAINING' }), 'training'), 0);
    assert.equal(pointsOf(mentee(), mentor({ training: 'NOT_TRAINED' }), 'training'), 0);
  });

  test('the organization’s own weights replace the defaults; a zero weight drops the factor from the reasons', () => {
    const weights = { ...DEFAULT_WEIGHTS, topic: 7, topicCap: 10, training: 0, categoryTop: 33 };
    const score = scoreMentor(mentee(), mentor({ topics: [PARENTS, FOP], training: 'TRAINED', category: 'HIGHEST', maxMentees: 3, load: 3 }), weights);
    assert.equal(score.factors[0]!.points, 10, '2 × 7 = 14 capped at 10');
    assert.equal(score.factors.find((f) => f.code === 'category')!.points, 33);
    assert.doesNotMatch(reasonsText(score.factors), /установочные/);
    assert.equal(score.points, score.factors.reduce((s, f) => s + f.points, 0));
  });

  test('weightsFrom: null → defaults; stored values merged; wrong values ignored', () => {
    assert.deepEqual(weightsFrom(null), DEFAULT_WEIGHTS);
    assert.deepEqual(weightsFrom([1, 2]), DEFAULT_WEIGHTS);
    const w = weightsFrom({ topic: 30, training: 0, experience: 101, form: -1, capacity: 2.5, samePosition: '7', extra: 1 });
    assert.equal(w.topic, 30);
    assert.equal(w.training, 0);
    assert.equal(w.experience, DEFAULT_WEIGHTS.experience);
    assert.equal(w.form, DEFAULT_WEIGHTS.form);
    assert.equal(w.capacity, DEFAULT_WEIGHTS.capacity);
    assert.equal(w.samePosition, DEFAULT_WEIGHTS.samePosition);
    assert.equal('extra' in w, false);
  });
});

describe('hard rules exclude, they never just lower the score', () => {
  const codes = (m: MenteeProfile, t: MentorProfile) => scoreMentor(m, t, DEFAULT_WEIGHTS).exclusions.map((e) => e.code);

  test('nobody is their own mentor', () => {
    const m = mentee({ staffMemberId: 7 });
    assert.deepEqual(codes(m, mentor({ staffMemberId: 7, topics: [PARENTS] })), ['self']);
  });

  test('a valid personal-data consent is needed on both sides', () => {
    assert.deepEqual(codes(mentee(), mentor({ hasConsent: false })), ['mentorConsent']);
    assert.deepEqual(codes(mentee({ hasConsent: false }), mentor()), ['menteeConsent']);
  });

  test('the line manager only in the form «руководитель — педагог»', () => {
    const boss = mentor({ staffMemberId: 55 });
    for (const form of [null, 'TRADITIONAL', 'GROUP'] as (MentoringForm | null)[]) {
      assert.deepEqual(codes(mentee({ lineManagerId: 55, form }), boss), ['lineManager'], String(form));
    }
    assert.deepEqual(codes(mentee({ lineManagerId: 55, form: 'HEAD_TEACHER' }), boss), []);
    assert.match(scoreMentor(mentee({ lineManagerId: 55 }), boss, DEFAULT_WEIGHTS).exclusions[0]!.text, /непосредственный руководитель/);
  });

  test('a mentor at or above the limit takes no one', () => {
    assert.deepEqual(codes(mentee(), mentor({ maxMentees: 3, load: 3 })), ['full']);
    assert.deepEqual(codes(mentee(), mentor({ maxMentees: 2, load: 4 })), ['full']);
    assert.deepEqual(codes(mentee(), mentor({ maxMentees: 3, load: 2 })), []);
    assert.equal(scoreMentor(mentee(), mentor({ maxMentees: 3, load: 3 }), DEFAULT_WEIGHTS).exclusions[0]!.text, 'нет свободных мест: 3 наставляемых при пределе 3');
  });

  test('several broken rules are all named', () => {
    assert.deepEqual(codes(mentee({ lineManagerId: 9 }), mentor({ staffMemberId: 9, hasConsent: false, load: 3 })), ['mentorConsent', 'lineManager', 'full']);
  });
});

describe('rankMentors', () => {
  test('best first; equal scores → more free places first, then by name; unrelated and excluded apart', () => {
    const m = mentee({ topics: [PARENTS, FOP] });
    const strong = mentor({ name: 'Сильная', topics: [PARENTS, FOP], maxMentees: 3, load: 0 });
    const weak = mentor({ name: 'Слабая', topics: [PARENTS], maxMentees: 3, load: 0 });
    // The capacity weight is 0 below, so equal topics tie in points and the free places decide.
    const tieA = mentor({ name: 'Борисова', topics: [FOP], maxMentees: 6, load: 4 });
    const tieB = mentor({ name: 'Антонова', topics: [FOP], maxMentees: 3, load: 1 });
    const tieC = mentor({ name: 'Аверина', topics: [FOP], maxMentees: 3, load: 1 });
    const unrelated = mentor({ name: 'Без тем', topics: [RPPS], experienceYears: 40, category: 'HIGHEST' });
    const full = mentor({ name: 'Занятая', topics: [PARENTS, FOP], load: 3 });
    const weights = { ...DEFAULT_WEIGHTS, capacity: 0 };
    const ranking = rankMentors(m, [full, tieA, weak, unrelated, tieB, strong, tieC], weights);
    // Слабая, Аверина, Антонова and Борисова all have 20 points: Слабая has 3 free places, the others 2 → by name.
    assert.deepEqual(ranking.ranked.map((x) => x.mentor.name), ['Сильная', 'Слабая', 'Аверина', 'Антонова', 'Борисова']);
    assert.deepEqual(ranking.unrelated.map((x) => x.mentor.name), ['Без тем']);
    assert.deepEqual(ranking.excluded.map((x) => [x.mentor.name, x.exclusions[0]!.code]), [['Занятая', 'full']]);
  });

  test('a tie in points goes to the mentor with more free places', () => {
    const m = mentee({ topics: [FOP] });
    const weights = { ...DEFAULT_WEIGHTS, capacity: 0 };
    const a = mentor({ name: 'Абрамова', topics: [FOP], maxMentees: 3, load: 2 });
    const b = mentor({ name: 'Яковлева', topics: [FOP], maxMentees: 5, load: 0 });
    const ranking = rankMentors(m, [a, b], weights);
    assert.equal(ranking.ranked[0]!.points, ranking.ranked[1]!.points);
    assert.deepEqual(ranking.ranked.map((x) => x.mentor.name), ['Яковлева', 'Абрамова']);
  });

  test('every hard rule moves the mentor to the excluded list, whatever the points', () => {
    const m = mentee({ staffMemberId: 1, lineManagerId: 2, topics: [PARENTS, FOP] });
    const strong = { topics: [PARENTS, FOP], experienceYears: 30, category: 'HIGHEST' as const, training: 'TRAINED' as const };
    const mentors = [
      mentor({ ...strong, name: 'Сама', staffMemberId: 1 }),
      mentor({ ...strong, name: 'Руководитель', staffMemberId: 2 }),
      mentor({ ...strong, name: 'Без согласия', hasConsent: false }),
      mentor({ ...strong, name: 'Без мест', maxMentees: 2, load: 2 }),
      mentor({ name: 'Допущенная', topics: [PARENTS] }),
    ];
    const ranking = rankMentors(m, mentors, DEFAULT_WEIGHTS);
    assert.deepEqual(ranking.ranked.map((x) => x.mentor.name), ['Допущенная']);
    assert.deepEqual(
      ranking.excluded.map((x) => [x.mentor.name, x.exclusions.map((e) => e.code).join()]),
      [['Без мест', 'full'], ['Без согласия', 'mentorConsent'], ['Руководитель', 'lineManager'], ['Сама', 'self']],
    );
  });

  test('a mentee without consent: every mentor excluded with that reason', () => {
    const ranking = rankMentors(mentee({ hasConsent: false }), [mentor({ topics: [PARENTS] }), mentor({ topics: [FOP] })], DEFAULT_WEIGHTS);
    assert.equal(ranking.ranked.length, 0);
    assert.equal(ranking.excluded.length, 2);
    assert.ok(ranking.excluded.every((x) => x.exclusions.some((e) => e.code === 'menteeConsent')));
  });

  test('the ranked points are the sum of the explained factors, as scoreMentor counts them', () => {
    const categories: QualificationCategory[] = ['NONE', 'CORRESPONDENCE', 'FIRST', 'HIGHEST', 'METHODIST', 'MENTOR'];
    const forms: MentoringForm[] = ['TRADITIONAL', 'PEER', 'GROUP'];
    const topics = [PARENTS, FOP, RPPS, OVZ];
    const mentors = Array.from({ length: 60 }, (_, i) =>
      mentor({ name: `Н${i}`, topics: topics.slice(i % 4, (i % 4) + 1 + (i % 3)), experienceYears: i % 25, category: categories[i % 6]!, forms: [forms[i % 3]!], training: i % 2 ? 'TRAINED' : 'IN_TRAINING', position: i % 5 ? 'воспитатель' : 'педагог-психолог', ageGroup: i % 4 ? 'средняя группа' : '', maxMentees: 1 + (i % 4), load: i % 3 }),
    );
    const weights = { ...DEFAULT_WEIGHTS, topic: 13, topicCap: 30, capacity: 11, experience: 7 };
    for (const form of [null, ...forms]) {
      const m = mentee({ form, topics: [FOP, OVZ, PARENTS] });
      const ranking = rankMentors(m, mentors, weights);
      for (const match of [...ranking.ranked, ...ranking.unrelated, ...ranking.excluded]) {
        assert.equal(match.points, match.factors.reduce((sum, f) => sum + f.points, 0), match.mentor.name);
        assert.equal(match.points, scoreMentor(m, match.mentor, weights).points, match.mentor.name);
      }
      assert.equal(ranking.ranked.length + ranking.unrelated.length + ranking.excluded.length, mentors.length);
    }
  });

  test('bestMentor is the first of the ranking: the same mentor, points, topics and reasons, or null', () => {
    const categories: QualificationCategory[] = ['NONE', 'FIRST', 'HIGHEST', 'CORRESPONDENCE'];
    const forms: MentoringForm[] = ['TRADITIONAL', 'PEER', 'GROUP', 'HEAD_TEACHER'];
    const topics = [PARENTS, FOP, RPPS, OVZ];
    // Few distinct values, so that ties in points and in free places are common and the name decides.
    const mentors = Array.from({ length: 40 }, (_, i) =>
      mentor({
        staffMemberId: 500 + i,
        name: ['Белова', 'Астахова', 'Ёлкина', 'Елисеева', 'Белова'][i % 5]! + ` ${i % 7}`,
        topics: topics.slice(i % 4, (i % 4) + 1 + (i % 2)),
        experienceYears: (i % 3) * 10,
        category: categories[i % 4]!,
        forms: [forms[i % 4]!],
        training: i % 3 ? 'TRAINED' : 'NOT_TRAINED',
        maxMentees: 2 + (i % 2),
        load: i % 4,
        hasConsent: i % 9 !== 0,
        hasMentoringConsent: i % 11 !== 0,
      }),
    );
    const weights = { ...DEFAULT_WEIGHTS, experience: 5, capacity: 10 };
    let found = 0;
    for (let k = 0; k < 48; k++) {
      const m = mentee({
        staffMemberId: k % 6 === 0 ? 500 + (k % 40) : 1 + k,
        lineManagerId: k % 5 === 0 ? 500 + ((k * 3) % 40) : null,
        topics: k % 12 === 11 ? ['Без наставника'] : topics.slice(k % 4, (k % 4) + 1 + (k % 3)),
        form: k % 5 === 4 ? null : forms[k % 4]!,
        hasConsent: k % 13 !== 0,
      });
      for (const list of [mentors, mentors.slice(3, 9), []]) {
        const first = rankMentors(m, list, weights).ranked[0] ?? null;
        const best = bestMentor(m, list, weights);
        if (first === null) {
          assert.equal(best, null);
          continue;
        }
        found++;
        assert.equal(best?.mentor, first.mentor);
        assert.deepEqual(
          { points: best.points, free: best.free, sharedTopics: best.sharedTopics, exclusions: best.exclusions, reasons: reasonsText(best.factors) },
          { points: first.points, free: first.free, sharedTopics: first.sharedTopics, exclusions: first.exclusions, reasons: reasonsText(first.factors) },
        );
      }
    }
    assert.ok(found > 40, `only ${found} mentees had a best mentor`);
  });

  test('the mentor object comes back as given (extra fields kept for the page)', () => {
    const t = { ...mentor({ topics: [PARENTS] }), entryId: 42 };
    assert.equal(rankMentors(mentee(), [t], DEFAULT_WEIGHTS).ranked[0]!.mentor.entryId, 42);
  });
});

describe('proposeGroups', () => {
  test('mentors with two or more free places get the best-scoring mentees sharing topics, up to their places', () => {
    const a = mentee({ staffMemberId: 1, name: 'А', topics: [PARENTS, FOP] });
    const b = mentee({ staffMemberId: 2, name: 'Б', topics: [PARENTS] });
    const c = mentee({ staffMemberId: 3, name: 'В', topics: [PARENTS], position: 'музыкальный руководитель' });
    const d = mentee({ staffMemberId: 4, name: 'Г', topics: [RPPS] });
    const boss = mentee({ staffMemberId: 5, name: 'Д', topics: [PARENTS, FOP], lineManagerId: 900 });
    const lead = mentor({ staffMemberId: 900, name: 'Ведущая', topics: [PARENTS, FOP], position: 'музыкальный руководитель', maxMentees: 3, load: 1, forms: ['GROUP'] });
    const oneSeat = mentor({ name: 'Одно место', topics: [PARENTS], maxMentees: 3, load: 2 });
    const groups = proposeGroups([a, b, c, d, boss], [lead, oneSeat], DEFAULT_WEIGHTS);
    assert.equal(groups.length, 1);
    const group = groups[0]!;
    assert.equal(group.mentor.name, 'Ведущая');
    assert.equal(group.free, 2);
    // А shares two topics (40), В one topic and the same position (25), Б one topic (20); Д is the mentor's subordinate.
    assert.deepEqual(group.members.map((x) => x.mentee.name), ['А', 'В']);
    assert.deepEqual(group.commonTopics, [PARENTS]);
    assert.ok(group.members[0]!.score.factors.some((f) => f.code === 'form' && f.points === 10), 'scored for the form «групповая»');
  });

  test('a member’s score is scoreMentor’s for the form «групповая»: points, factors, topics, places', () => {
    const topics = [PARENTS, FOP, RPPS, OVZ];
    const mentees = Array.from({ length: 30 }, (_, i) =>
      mentee({ staffMemberId: i + 1, name: `М${i % 7}`, topics: topics.slice(i % 4, (i % 4) + 1 + (i % 3)), position: i % 3 ? 'воспитатель' : 'учитель-логопед', lineManagerId: i % 8 === 0 ? 900 : null, hasConsent: i % 10 !== 9, form: i % 2 ? 'PEER' : null }),
    );
    const mentors = Array.from({ length: 8 }, (_, i) =>
      mentor({ staffMemberId: 900 + i, name: `Н${i}`, topics: topics.slice(i % 4, (i % 4) + 2), forms: i % 2 ? ['GROUP'] : ['TRADITIONAL'], maxMentees: 3 + (i % 3), load: i % 3, experienceYears: i * 3, category: i % 2 ? 'HIGHEST' : 'FIRST' }),
    );
    const groups = proposeGroups(mentees, mentors, DEFAULT_WEIGHTS);
    assert.ok(groups.length > 3);
    for (const group of groups) {
      for (const { mentee: m, score } of group.members) {
        const expected = scoreMentor({ ...m, form: 'GROUP' }, group.mentor, DEFAULT_WEIGHTS);
        assert.deepEqual(
          { points: score.points, factors: score.factors, sharedTopics: score.sharedTopics, free: score.free, exclusions: score.exclusions },
          { points: expected.points, factors: expected.factors, sharedTopics: expected.sharedTopics, free: expected.free, exclusions: expected.exclusions },
        );
      }
    }
  });

  test('fewer than two fitting mentees: no group', () => {
    const groups = proposeGroups([mentee({ topics: [PARENTS] }), mentee({ staffMemberId: 2, topics: [RPPS] })], [mentor({ topics: [PARENTS], load: 0 })], DEFAULT_WEIGHTS);
    assert.deepEqual(groups, []);
  });
});

describe('performance', () => {
  test('2 000 mentees against 500 mentors in under a second', (t) => {
    const topics = Array.from({ length: 14 }, (_, i) => `Тема запроса номер ${i + 1}`);
    const forms: MentoringForm[] = ['TRADITIONAL', 'GROUP', 'PEER', 'EXPERIENCED_YOUNG', 'VIRTUAL'];
    const categories: QualificationCategory[] = ['NONE', 'FIRST', 'HIGHEST', 'MENTOR'];
    const positions = ['воспитатель', 'учитель-логопед', 'музыкальный руководитель', 'педагог-психолог'];
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = (n: number) => [...new Set(Array.from({ length: n }, () => topics[rnd(topics.length)]!))];
    const mentors: MentorProfile[] = Array.from({ length: 500 }, (_, i) => ({
      staffMemberId: 10_000 + i,
      name: `Наставник ${rnd(50)}`,
      position: positions[rnd(positions.length)]!,
      ageGroup: `группа ${rnd(6)}`,
      experienceYears: rnd(35),
      category: categories[rnd(categories.length)]!,
      topics: pick(1 + rnd(5)),
      forms: [forms[rnd(forms.length)]!, forms[rnd(forms.length)]!],
      training: rnd(2) ? 'TRAINED' : 'NOT_TRAINED',
      maxMentees: 1 + rnd(4),
      load: rnd(3),
      hasConsent: rnd(20) > 0,
      hasMentoringConsent: true,
    }));
    const mentees: MenteeProfile[] = Array.from({ length: 2000 }, (_, i) => ({
      staffMemberId: i + 1,
      name: `Наставляемый ${i}`,
      position: positions[rnd(positions.length)]!,
      ageGroup: `группа ${rnd(6)}`,
      lineManagerId: rnd(10) === 0 ? 10_000 + rnd(500) : null,
      topics: pick(1 + rnd(3)),
      form: rnd(3) ? forms[rnd(forms.length)]! : null,
      hasConsent: true,
    }));
    // CPU time is the measure: the test machines run many suites at once and the wall clock there mostly
    // shows the queue for a core. On an idle machine the two agree.
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    let ranked = 0;
    for (const m of mentees) ranked += rankMentors(m, mentors, DEFAULT_WEIGHTS).ranked.length;
    const wall = performance.now() - started;
    const cpuUsed = process.cpuUsage(cpu0);
    const cpu = (cpuUsed.user + cpuUsed.system) / 1000;
    t.diagnostic(`rankMentors: 2000 mentees × 500 mentors — ${cpu.toFixed(0)} ms CPU, ${wall.toFixed(0)} ms wall (${ranked} ranked matches)`);
    assert.ok(ranked > 0);
    assert.ok(cpu < 1000, `took ${cpu.toFixed(0)} ms of CPU`);
  });
});
