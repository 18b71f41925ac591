/**
 * Demo monitoring (stage 6): the questionnaires monitoring opened when the demo's programmes were approved and
 * completed (self-assessments at the start and the end, the mentor's, the mentee's and the curator's
 * end-of-programme questionnaires) are answered by those they were opened for, so /monitoring, the SWOT page and
 * the annual report show real numbers. Idempotent: a re-run sends the same answers again.
 */
import { answerMonitoring, monitoringFormOf } from '../src/modules/monitoring/index.ts';
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
