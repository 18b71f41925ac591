/**
 * The demo's roadmap plan for the current school year: the seed's measures with their default months, stored
 * as the methodist would (so each can be edited), plus the kindergarten's own dated measures — the set-up
 * session of mentors, the seminar, the round table. Safe to run again: a plan already stored is left as it is.
 */
import { createMeasure, ensurePlan } from '../src/modules/roadmap/index.ts';
import { schoolYearOf } from '../src/domain/dates.ts';
import type { ActAs, Person } from './demo-stages.ts';

export async function fillRoadmap(people: Person[], as: ActAs) {
  const methodist = as(people.find((p) => p.role === 'METHODIST')!);
  const year = schoolYearOf(methodist.today);
  if (await methodist.db.roadmapPlan.findFirst({ where: { schoolYear: year }, select: { id: true } })) return; // an earlier run
  await ensurePlan(methodist, year);
  const measure = (stage: number, text: string, when: { fromMonth?: number; toMonth?: number; dueOn?: string }, responsible: string) =>
    createMeasure(methodist, year, { stage, text, fromMonth: when.fromMonth ?? null, toMonth: when.toMonth ?? when.fromMonth ?? null, dueOn: when.dueOn ?? null, responsible });
  await measure(4, 'Установочная сессия для наставников «Роль наставника в адаптации молодого педагога»', { dueOn: `${year}-10-20` }, 'Старший воспитатель Белова И.В., педагог-психолог');
  await measure(4, 'Консультация для наставников «Как составить персонализированную программу наставничества»', { dueOn: `${year}-11-12` }, 'Старший воспитатель Белова И.В.');
  await measure(6, 'Педагогический семинар «Наставничество: первые итоги»', { fromMonth: 2 }, 'Старший воспитатель, наставники');
  await measure(7, 'Новости о мероприятиях дорожной карты на сайте детского сада и в группе ВКонтакте', { fromMonth: 9, toMonth: 5 }, 'Старший воспитатель, ответственный за сайт');
}
