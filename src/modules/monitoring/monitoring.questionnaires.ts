/**
 * Opening the monitoring questionnaires (the questionnaires module keeps the rows; its face opens them):
 * - `programme.approved` → each mentee's self-assessment «at the start» (occasion "start");
 * - `programme.completed` → the mentor's and each mentee's end-of-programme questionnaire, the curators'
 *   (every active methodist account with a staff card) and each mentee's self-assessment «at the end».
 * Those it was opened for are told through the notifications' face (in-app, e-mail when configured), each once.
 */
import type { Scope } from '../../core/scope.ts';
import type { DomainEvents } from '../../domain/events.ts';
import { notifyUsers, usersOfStaff, type NotifyOptions } from '../notifications/index.ts';
import { openSubjectResponses, submitSubjectResponse } from '../questionnaires/index.ts';
import { FORMS, type FormKey } from './monitoring.templates.ts';

export const formPath = (programmeId: number, form: FormKey) => `/monitoring/programmes/${programmeId}/${form}`;

/** The staff cards of the curators: methodists with an active account tied to a card. */
async function curatorStaffIds(scope: Scope): Promise<number[]> {
  const users = await scope.db.user.findMany({ where: { role: 'METHODIST', active: true, staffMemberId: { not: null } }, select: { staffMemberId: true } });
  return users.map((u) => u.staffMemberId!);
}

async function open(scope: Scope, options: NotifyOptions, programmeId: number, form: FormKey, staffMemberIds: number[], text: string) {
  const { template, occasion } = FORMS[form];
  const opened = await openSubjectResponses(scope, template, { type: 'PROGRAMME', id: programmeId, occasion }, staffMemberIds);
  await notifyUsers(scope, options, await usersOfStaff(scope, opened), {
    kind: 'QUESTIONNAIRE_OPENED',
    title: `${template.title}: программа № ${programmeId}`,
    text,
    link: formPath(programmeId, form),
    dedupeKey: `monitoring:${programmeId}:${form}`,
  });
}

export async function onProgrammeApproved(scope: Scope, options: NotifyOptions, event: DomainEvents['programme.approved']) {
  await open(scope, options, event.programmeId, 'self-start', event.menteeStaffIds, 'Оцените свои компетенции в начале программы: в конце будет та же анкета, и разница покажет рост.');
}

export async function onProgrammeCompleted(scope: Scope, options: NotifyOptions, event: DomainEvents['programme.completed']) {
  const after = 'Программа наставничества завершена: ответьте на несколько вопросов — это займёт около пяти минут.';
  await open(scope, options, event.programmeId, 'mentor', event.mentorStaffIds, after);
  await open(scope, options, event.programmeId, 'mentee', event.menteeStaffIds, after);
  await open(scope, options, event.programmeId, 'self-end', event.menteeStaffIds, 'Оцените свои компетенции в конце программы — те же вопросы, что и в начале.');
  const members = new Set([...event.mentorStaffIds, ...event.menteeStaffIds]);
  await open(scope, options, event.programmeId, 'curator', (await curatorStaffIds(scope)).filter((id) => !members.has(id)), 'Оцените завершённую программу как куратор: ответы войдут в SWOT-анализ года.');
}

/** Which form a subject questionnaire is (its template and occasion), or null when it is none of monitoring's. */
export function formOf(templateKey: string, occasion: string): FormKey | null {
  const found = (Object.entries(FORMS) as [FormKey, (typeof FORMS)[FormKey]][]).find(([, f]) => f.template.key === templateKey && f.occasion === occasion);
  return found ? found[0] : null;
}

/** Sends the person's answers to one of monitoring's forms about a programme (the page's POST; the demo). */
export async function answerMonitoring(scope: Scope, programmeId: number, form: FormKey, staffMemberId: number, body: Record<string, unknown>): Promise<boolean> {
  const { template, occasion } = FORMS[form];
  return submitSubjectResponse(scope, template, { type: 'PROGRAMME', id: programmeId, occasion }, staffMemberId, body);
}
