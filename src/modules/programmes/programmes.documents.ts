/**
 * The printed programme (office layout, ГОСТ Р 7.0.97): «УТВЕРЖДАЮ / Заведующий … / подпись / дата» top right,
 * the organization, «ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА» and its title, who and for how long, the
 * request, the goal and tasks, the plan as a table per section, the expected results, the final words of a
 * completed programme and the signatures of the mentor, the mentee and the curator. One description, rendered
 * to PDF and DOCX by core/documents in its worker pool. `programmeDocument` is pure.
 */
import { audit } from '../../core/audit.ts';
import { BLANK_DATE, type Block, type DocumentDescription } from '../../core/documents/index.ts';
import type { Scope } from '../../core/scope.ts';
import { isoInZone, isoOfDbDate, longDate, ruDate } from '../../domain/dates.ts';
import { MENTORING_FORM_LABELS } from '../../domain/mentoring.ts';
import { initialsSurname } from '../../domain/people.ts';
import type { MentoringForm, PairRole, PlanItemStatus, PlanResponsible, ProgrammeStatus } from '../../generated/prisma/enums.ts';
import { accessProgramme } from './programmes.access.ts';
import { ITEM_STATUS_LABELS, PROGRAMME_STATUS_LABELS, RESPONSIBLE_LABELS } from './programmes.labels.ts';
import { FINAL_STATUSES, sectionsOf, WORKING_STATUSES } from './programmes.rules.ts';

export interface ProgrammeDocumentInput {
  organization: { fullName: string; shortName: string; headName: string; headPosition: string };
  title: string;
  status: ProgrammeStatus;
  form: MentoringForm;
  startsOn: string;
  endsOn: string;
  request: string;
  goal: string;
  tasks: string;
  expectedResults: string;
  mentors: { fullName: string; position: string }[];
  mentees: { fullName: string; position: string }[];
  items: { section: string; position: number; activity: string; form: string; dueOn: string; expectedResult: string; responsible: PlanResponsible; status: PlanItemStatus; doneOn: string | null }[];
  /** Approved: the date (in the organization's calendar), by whom, or by which order. */
  approval: { on: string; byName: string; orderLabel: string } | null;
  assessments: { role: PairRole; fullName: string; score: number; text: string }[];
}

const lines = (text: string) => text.split(/\n+/).map((l) => l.trim()).filter(Boolean);

/** «Выполнено 12.10.2026» / «перенесено» / '' — the plan table's last column. */
function mark(item: ProgrammeDocumentInput['items'][number]): string {
  if (item.status === 'DONE') return item.doneOn ? `выполнено ${ruDate(item.doneOn)}` : 'выполнено';
  if (item.status === 'PLANNED') return '';
  return ITEM_STATUS_LABELS[item.status];
}

export function programmeDocument(input: ProgrammeDocumentInput): DocumentDescription {
  const { organization } = input;
  const worked = WORKING_STATUSES.includes(input.status) || FINAL_STATUSES.includes(input.status);
  const people = (list: { fullName: string; position: string }[]) => list.map((p) => `${p.fullName}, ${p.position}`).join('; ');
  const fact = (label: string, value: string): Block => ({ kind: 'paragraph', text: [{ text: `${label}: `, bold: true }, { text: value }], indent: false, align: 'left' });
  const body: Block[] = [
    fact(input.mentors.length > 1 ? 'Наставники' : 'Наставник', people(input.mentors)),
    fact(input.mentees.length > 1 ? 'Наставляемые' : 'Наставляемый', people(input.mentees)),
    fact('Форма наставничества', MENTORING_FORM_LABELS[input.form]),
    fact('Срок реализации', `с ${ruDate(input.startsOn)} по ${ruDate(input.endsOn)}`),
    fact('Профессиональный запрос (дефициты)', input.request.trim().replace(/\s*\n\s*/g, '; ') || '—'),
    { kind: 'heading', text: 'Цель программы', align: 'left' },
    ...lines(input.goal).map((text): Block => ({ kind: 'paragraph', text })),
  ];
  const tasks = lines(input.tasks);
  if (tasks.length) body.push({ kind: 'heading', text: 'Задачи', align: 'left' }, { kind: 'points', items: tasks });

  body.push({ kind: 'heading', text: 'План мероприятий' });
  const sections = sectionsOf(input.items);
  if (sections.length === 0) body.push({ kind: 'paragraph', text: 'План пока не составлен.' });
  let n = 0;
  for (const section of sections) {
    body.push({ kind: 'heading', text: section.title, align: 'left' });
    body.push({
      kind: 'table',
      columns: [
        { title: '№', width: 0.5 },
        { title: 'Мероприятие', width: 3.4 },
        { title: 'Форма', width: 1.5 },
        { title: 'Срок', width: 1.2 },
        { title: 'Ожидаемый результат, подтверждение', width: 2.6 },
        { title: 'Ответственный', width: 1.4 },
        { title: 'Отметка о выполнении', width: 1.4 },
      ],
      rows: section.items.map((item) => [`${++n}.`, item.activity, item.form, ruDate(item.dueOn), item.expectedResult, RESPONSIBLE_LABELS[item.responsible], worked ? mark(item) : '']),
    });
  }

  const results = lines(input.expectedResults);
  if (results.length) body.push({ kind: 'heading', text: 'Ожидаемые результаты', align: 'left' }, ...results.map((text): Block => ({ kind: 'paragraph', text })));

  if (input.assessments.length) {
    body.push({ kind: 'heading', text: 'Итоги программы', align: 'left' });
    for (const a of input.assessments) {
      const who = a.role === 'MENTEE' ? 'Самооценка наставляемого' : 'Отзыв наставника';
      body.push({ kind: 'paragraph', text: [{ text: `${who} (${initialsSurname(a.fullName)}), оценка ${a.score} из 10: `, bold: true }, { text: a.text }] });
    }
  }
  if (input.approval?.byName && !input.approval.orderLabel) {
    body.push({ kind: 'paragraph', text: `Программа согласована куратором наставничества ${initialsSurname(input.approval.byName)} ${ruDate(input.approval.on)}.`, indent: false, small: true });
  }

  body.push({
    kind: 'signatures',
    rows: [
      ...input.mentors.map((m) => ({ position: 'Наставник', name: initialsSurname(m.fullName) })),
      ...input.mentees.map((m) => ({ position: 'Наставляемый', name: initialsSurname(m.fullName) })),
      { position: 'Куратор наставничества', name: input.approval?.byName && !input.approval.orderLabel ? initialsSurname(input.approval.byName) : '' },
    ],
  });

  const approval = input.approval?.orderLabel
    ? ['УТВЕРЖДЕНА', input.approval.orderLabel]
    : ['УТВЕРЖДАЮ', `${organization.headPosition || 'Заведующий'} ${organization.shortName}`, `__________ ${organization.headName ? initialsSurname(organization.headName) : ''}`, input.approval ? longDate(input.approval.on) : BLANK_DATE];
  const draft = input.status === 'DRAFT' || input.status === 'SUBMITTED';
  return {
    fileTitle: `Программа наставничества — ${input.mentees.map((m) => initialsSurname(m.fullName)).join(', ')}`,
    approval: draft ? ['ПРОЕКТ', `(${PROGRAMME_STATUS_LABELS[input.status]})`] : approval,
    organization: [organization.fullName],
    title: 'Персонализированная программа наставничества',
    heading: input.title,
    body,
  };
}

/** The printed programme of a programme the scope may see (audited: it names people and their results). */
export async function programmeFile(scope: Scope, id: number, format: 'pdf' | 'docx') {
  const { programme } = await accessProgramme(scope, id);
  const [organization, items] = await Promise.all([
    scope.db.organization.findFirstOrThrow({ select: { fullName: true, shortName: true, headName: true, headPosition: true, timeZone: true } }),
    scope.db.planItem.findMany({ where: { programmeId: id }, orderBy: [{ position: 'asc' }, { id: 'asc' }] }),
  ]);
  const nameOf = (staffMemberId: number) => programme.members.find((m) => m.staffMemberId === staffMemberId)?.fullName ?? '';
  const input: ProgrammeDocumentInput = {
    organization,
    title: programme.title,
    status: programme.status,
    form: programme.pair.form,
    startsOn: isoOfDbDate(programme.startsOn),
    endsOn: isoOfDbDate(programme.endsOn),
    request: programme.request,
    goal: programme.goal,
    tasks: programme.tasks,
    expectedResults: programme.expectedResults,
    mentors: programme.mentors,
    mentees: programme.mentees,
    items: items.map((i) => ({ ...i, dueOn: isoOfDbDate(i.dueOn), doneOn: i.doneOn ? isoOfDbDate(i.doneOn) : null })),
    approval: programme.approvedAt
      ? { on: isoInZone(programme.approvedAt, organization.timeZone), byName: programme.approvedBy?.fullName ?? '', orderLabel: programme.approvalOrderLabel }
      : null,
    assessments: [...programme.assessments]
      .sort((a, b) => (a.role === b.role ? 0 : a.role === 'MENTEE' ? -1 : 1))
      .map((a) => ({ role: a.role, fullName: nameOf(a.staffMemberId), score: a.score, text: a.text })),
  };
  await audit(scope, { action: 'programme.download', entityType: 'Programme', entityId: id, details: { format } });
  return { doc: programmeDocument(input), fileName: `Программа наставничества № ${id}` };
}
