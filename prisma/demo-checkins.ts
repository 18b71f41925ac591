/**
 * Demo check-ins «Как идёт работа в паре?»: both members of every active pair have answered the check-in due
 * today (or the first one, when a pair is younger than 30 days), so the pair card shows the table and the
 * teachers' to-do lists stay as the other demo stages leave them. Idempotent: a re-run updates the same answers.
 */
import { isoOfDbDate } from '../src/domain/dates.ts';
import { dueCheckinOccasion } from '../src/modules/pairs/index.ts';
import { submitCheckin } from '../src/modules/questionnaires/index.ts';
import type { ActAs, Person } from './demo-stages.ts';

const ANSWERS = [
  { 'a-score': '8', 'a-meetings': 'weekly', 'a-note': 'Помогает разбор занятий сразу после показа.' },
  { 'a-score': '7', 'a-meetings': 'few', 'a-note': 'Не хватает времени: встречаемся после смены.' },
];

export async function fillCheckins(people: Person[], as: ActAs) {
  const methodist = as(people.find((p) => p.role === 'METHODIST')!);
  const pairs = await methodist.db.pair.findMany({ where: { status: 'ACTIVE' }, select: { id: true, startsOn: true, members: { select: { staffMemberId: true } } } });
  for (const pair of pairs) {
    const occasion = dueCheckinOccasion(isoOfDbDate(pair.startsOn), methodist.today) ?? 'checkin-1';
    for (const [i, member] of pair.members.entries()) {
      const person = people.find((p) => p.staffId === member.staffMemberId);
      if (!person) continue;
      await submitCheckin(as(person), pair.id, occasion, member.staffMemberId, ANSWERS[i % ANSWERS.length]!);
    }
  }
}
