/**
 * Demo monitoring (stage 6): the questionnaires monitoring opened when the demo's programmes were approved and
 * completed (self-assessments at the start and the end, the mentor's, the mentee's and the curator's
 * end-of-programme questionnaires) are answered by those they were opened for, so /monitoring, the SWOT page and
 * the annual report show real numbers. Idempotent: a re-run sends the same answers again.
 */
import { transaction } from '../src/core/scope.ts';
import { schoolYearOf } from '../src/domain/dates.ts';
import type { QualificationCategory } from '../src/generated/prisma/enums.ts';
import { answerMonitoring, formReport, monitoringFormOf } from '../src/modules/monitoring/index.ts';
import { categoryRose, recordCategoryChange } from '../src/modules/staff/index.ts';
import type { ActAs, Person } from './demo-stages.ts';

const COMPETENCES = ['planning', 'children', 'parents', 'environment', 'documents', 'ict', 'reflection'];
const selfAssessment = (base: number) => Object.fromEntries(COMPETENCES.map((k, i) => [`a-${k}`, String(Math.min(10, base + (i % 3)))]));

const ANSWERS = {
  'self-start': selfAssessment(4),
  'self-end': selfAssessment(6),
  mentee: {
    'a-satisfaction': '9', 'a-mentor_help': '10', 'a-request_met': '8',
    'a-helped': 'Разбор занятий сразу после открытого показа наставника.', 'a-difficulties': 'Мало времени на встречи в конце недели.',
    'a-change': 'Больше взаимопосещений в других группах.', 'a-continue': 'yes',
  },
  mentor: {
    'a-satisfaction': '8', 'a-mentee_progress': '8', 'a-support': '5',
    'a-helped': 'Чёткий план на месяц и короткие встречи по пятницам.', 'a-difficulties': 'Замены в группах срывали встречи.',
    'a-change': 'Учесть часы наставника в графике работы.', 'a-continue': 'yes',
  },
  curator: {
    'a-goal_reached': '8', 'a-organisation': '7',
    'a-strengths': 'Пара работала по плану, все мероприятия подтверждены материалами.', 'a-weaknesses': 'Мало работы с родителями.',
    'a-opportunities': 'Конспект открытого занятия — в методическую копилку.', 'a-threats': 'Нагрузка наставников при нехватке кадров.',
  },
} as const;

export async function fillMonitoring(people: Person[], as: ActAs) {
  const methodist = as(people.find((p) => p.role === 'METHODIST')!);
  const opened = await methodist.db.questionnaireResponse.findMany({
    where: { subjectType: 'PROGRAMME', questionnaire: { templateKey: { startsWith: 'subject:' } } },
    select: { staffMemberId: true, subjectId: true, occasion: true, questionnaire: { select: { templateKey: true } } },
    orderBy: { id: 'asc' },
  });
  for (const r of opened) {
    const form = monitoringFormOf(r.questionnaire.templateKey ?? '', r.occasion);
    const person = people.find((p) => p.staffId === r.staffMemberId);
    if (!form || !person) continue;
    await answerMonitoring(as(person), r.subjectId, form, r.staffMemberId, { ...ANSWERS[form] });
  }
}

/** One step up (the demo's attestations): без категории / соответствие → первая → высшая → педагог-наставник. */
const NEXT: Record<QualificationCategory, QualificationCategory> = { NONE: 'FIRST', CORRESPONDENCE: 'FIRST', FIRST: 'HIGHEST', HIGHEST: 'MENTOR', METHODIST: 'MENTOR', MENTOR: 'MENTOR' };

/**
 * Growth of the participants and the formed report: two mentees of the active pairs passed an attestation this
 * school year, after their pair started (the card's category and its history, in one transaction as the staff
 * form does), so «Наставляемые, у которых повысилась категория» shows 2; and the methodist formed the report of
 * the previous school year. Idempotent: the demo resets the cards' categories, so a re-run rewrites the two
 * people's history rather than adding to it; forming the report again replaces its record.
 */
export async function fillQualificationAndReport(people: Person[], as: ActAs) {
  const methodist = as(people.find((p) => p.role === 'METHODIST')!);
  const mentees = await methodist.db.pairMember.findMany({
    where: { role: 'MENTEE', pair: { status: 'ACTIVE' } },
    select: { staffMemberId: true, pair: { select: { startsOn: true } }, staffMember: { select: { qualificationCategory: true } } },
    orderBy: { staffMemberId: 'asc' },
    distinct: ['staffMemberId'],
  });
  const chosen = mentees.filter((m) => categoryRose(m.staffMember.qualificationCategory, NEXT[m.staffMember.qualificationCategory])).slice(0, 2);
  await methodist.db.staffCategoryChange.deleteMany({ where: { staffMemberId: { in: chosen.map((m) => m.staffMemberId) } } });
  for (const [i, m] of chosen.entries()) {
    // A few weeks after the pair started, never after today (the orders of attestation are dated in the past).
    const weeksLater = new Date(m.pair.startsOn.getTime() + (40 + 10 * i) * 86_400_000).toISOString().slice(0, 10);
    const effectiveOn = weeksLater < methodist.today ? weeksLater : methodist.today;
    const to = NEXT[m.staffMember.qualificationCategory];
    await transaction(methodist, async (tx) => {
      await tx.db.staffMember.update({ where: { id: m.staffMemberId }, data: { qualificationCategory: to }, select: { id: true } });
      await recordCategoryChange(tx, { staffMemberId: m.staffMemberId, from: m.staffMember.qualificationCategory, to, effectiveOn, source: 'FORM' });
    });
  }
  await formReport(methodist, schoolYearOf(methodist.today) - 1);
}
