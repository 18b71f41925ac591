/**
 * «Дополнительное соглашение к трудовому договору» for one mentor of a pair (ТК РФ ст. 351.8): the content
 * of mentoring, its term and form, the extra pay and its conditions. One description, rendered to PDF
 * and DOCX by core/documents.
 */
import petrovich from 'petrovich';
import { audit, type Actor } from '../../core/audit.ts';
import type { Prisma } from '../../core/database/client.ts';
import { initialsSurname, type DocumentDescription } from '../../core/documents/index.ts';
import { NotFoundError } from '../../core/errors.ts';
import { MENTORING_FORM_LABELS } from '../banks/banks.labels.ts';
import { fullNameOf } from '../staff/staff.labels.ts';
import { isoOfDbDate } from './pairs.dates.ts';
import { formatRubles, kopecksOf, rublesInWords } from './pairs.money.ts';

type Case = 'genitive' | 'instrumental';

interface Person {
  lastName: string;
  firstName: string;
  middleName: string;
}

/** The name in a case («Ивановой Марии Петровны»); the gender comes from the patronymic. */
export function declineName(person: Person, gcase: Case): string {
  if (!person.middleName) return fullNameOf(person);
  const declined = petrovich({ last: person.lastName, first: person.firstName, middle: person.middleName }, gcase);
  return [declined.last, declined.first, declined.middle].filter(Boolean).join(' ');
}

export function genderOf(person: Person): 'male' | 'female' | 'androgynous' {
  return person.middleName ? petrovich.detect_gender(person.middleName) : 'androgynous';
}

/** «Свиридова Наталья Геннадьевна» as a person. */
export function personOf(fullName: string): Person {
  const [lastName = '', firstName = '', ...rest] = fullName.trim().split(/\s+/);
  return { lastName, firstName, middleName: rest.join(' ') };
}

/** A position in the genitive («в лице заведующего»): enough for the positions a kindergarten head holds. */
export function positionGenitive(position: string): string {
  return position
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((word, i) => {
      if (i > 0 && !/(ий|ый|ой)$/.test(word)) return word;
      if (/[жшчщ]ий$/.test(word)) return word.replace(/ий$/, 'его');
      if (/ий$/.test(word)) return word.replace(/ий$/, 'его');
      if (/(ый|ой)$/.test(word)) return word.replace(/(ый|ой)$/, 'ого');
      if (/[бвгдзклмнпрстфхцчшщж]$/.test(word)) return `${word}а`;
      return word;
    })
    .join(' ');
}

const LONG_DATE = new Intl.DateTimeFormat('ru-RU', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** «1 сентября 2026 г.» of a calendar date. */
export function longDate(iso: string): string {
  return LONG_DATE.format(new Date(`${iso}T00:00:00Z`));
}

export interface AgreementInput {
  organization: { fullName: string; address: string; headName: string; headPosition: string; extraPayConditions: string };
  mentor: Person & { position: string };
  mentees: (Person & { position: string })[];
  form: keyof typeof MENTORING_FORM_LABELS;
  requestSummary: string;
  startsOn: string;
  plannedEndOn: string;
  extraPayKopecks: number;
  pairId: number;
}

/** The document itself, pure: everything it says comes from the input. */
export function agreementDocument(input: AgreementInput): DocumentDescription {
  const { organization, mentor } = input;
  const head = personOf(organization.headName);
  const headFemale = genderOf(head) === 'female';
  const mentorFemale = genderOf(mentor) === 'female';
  const headPart = organization.headName
    ? `в лице ${positionGenitive(organization.headPosition || 'заведующий')} ${declineName(head, 'genitive')}, ${headFemale ? 'действующей' : 'действующего'} на основании Устава`
    : 'в лице руководителя, действующего на основании Устава';
  const mentees = input.mentees.map((m) => `${declineName(m, 'instrumental')} (${m.position})`).join(', ');
  const several = input.mentees.length > 1;
  const amount = `${formatRubles(input.extraPayKopecks)} руб. (${rublesInWords(input.extraPayKopecks / 100)})`;
  const request = input.requestSummary.trim().replace(/\s*\n\s*/g, '; ');
  // The act's own wording continues the sentence after the colon: «Условия выплаты доплаты: выплачивается …».
  const conditionsText = organization.extraPayConditions.trim();
  const conditions = /^[А-ЯЁ][а-яё]/.test(conditionsText) ? conditionsText[0]!.toLowerCase() + conditionsText.slice(1) : conditionsText;
  const points = [
    `Работник с ${mentorFemale ? 'её' : 'его'} письменного согласия наряду с работой, определённой трудовым договором, выполняет дополнительную работу — осуществляет наставничество (статья 351.8 Трудового кодекса Российской Федерации) над ${several ? 'педагогическими работниками' : 'педагогическим работником'}: ${mentees}.`,
    `Содержание наставничества: оказание ${several ? 'наставляемым' : 'наставляемому'} индивидуальной помощи в приобретении профессиональных знаний и навыков, адаптации в организации и решении профессиональных задач по персонализированной программе наставничества${request ? ` в соответствии с профессиональным запросом: ${request}` : ''}.`,
    `Форма наставничества: ${MENTORING_FORM_LABELS[input.form]}.`,
    // «… 2027 г.» already ends the sentence.
    `Срок наставничества: с ${longDate(input.startsOn)} по ${longDate(input.plannedEndOn)}`,
    `За наставническую деятельность Работнику устанавливается доплата в размере ${amount} в месяц за период наставничества, пропорционально отработанному в наставнической деятельности времени.`,
    ...(conditions ? [`Условия выплаты доплаты: ${conditions}`] : []),
    'Наставническая деятельность начинается со дня издания приказа о закреплении наставнической пары (группы) и может быть прекращена досрочно по инициативе любой из сторон с предупреждением другой стороны в письменной форме не позднее чем за три рабочих дня.',
    'Остальные условия трудового договора, не затронутые настоящим соглашением, остаются неизменными и обязательными для исполнения сторонами.',
    'Настоящее соглашение составлено в двух экземплярах, имеющих одинаковую юридическую силу, по одному для каждой из сторон, и является неотъемлемой частью трудового договора.',
  ];
  return {
    fileTitle: `Дополнительное соглашение — ${initialsSurname(fullNameOf(mentor))}`,
    organization: [organization.fullName, ...(organization.address ? [organization.address] : [])],
    title: 'Дополнительное соглашение',
    heading: 'к трудовому договору о выполнении наставнической деятельности',
    dateNumber: {},
    body: [
      {
        kind: 'paragraph',
        text: `${organization.fullName}, именуемое в дальнейшем «Работодатель», ${headPart}, с одной стороны, и ${fullNameOf(mentor)}, ${mentor.position}, ${mentorFemale ? 'именуемая' : 'именуемый'} в дальнейшем «Работник», с другой стороны, заключили настоящее дополнительное соглашение к трудовому договору по наставнической паре (группе) № ${input.pairId} о нижеследующем:`,
      },
      { kind: 'points', items: points },
      {
        kind: 'signatures',
        rows: [
          { position: `Работодатель:\n${organization.headPosition || 'Заведующий'}`, name: organization.headName ? initialsSurname(organization.headName) : '' },
          { position: 'Работник:', name: initialsSurname(fullNameOf(mentor)) },
        ],
      },
      { kind: 'paragraph', text: 'Второй экземпляр соглашения получил(а):', align: 'left', indent: false },
      { kind: 'signatures', rows: [{ position: 'Работник', name: initialsSurname(fullNameOf(mentor)) }], date: 'blank' },
    ],
  };
}

/** The agreement of one mentor of a pair; audited (it names people and their pay). */
export async function pairAgreement(prisma: Prisma, organizationId: number, pairId: number, mentorStaffId: number, actor: Actor) {
  const pair = await prisma.pair.findFirst({
    where: { id: pairId, organizationId },
    select: {
      id: true,
      form: true,
      requestSummary: true,
      startsOn: true,
      plannedEndOn: true,
      extraPay: true,
      members: { select: { role: true, staffMemberId: true, staffMember: { select: { lastName: true, firstName: true, middleName: true, position: true } } } },
      organization: { select: { fullName: true, address: true, headName: true, headPosition: true, extraPayConditions: true, mentorExtraPay: true } },
    },
  });
  const mentor = pair?.members.find((m) => m.role === 'MENTOR' && m.staffMemberId === mentorStaffId);
  if (!pair || !mentor) throw new NotFoundError('Наставник этой пары не найден');
  const doc = agreementDocument({
    organization: pair.organization,
    mentor: mentor.staffMember,
    mentees: pair.members
      .filter((m) => m.role === 'MENTEE')
      .map((m) => m.staffMember)
      .sort((a, b) => fullNameOf(a).localeCompare(fullNameOf(b), 'ru')),
    form: pair.form,
    requestSummary: pair.requestSummary,
    startsOn: isoOfDbDate(pair.startsOn),
    plannedEndOn: isoOfDbDate(pair.plannedEndOn),
    extraPayKopecks: kopecksOf(pair.extraPay ?? pair.organization.mentorExtraPay),
    pairId: pair.id,
  });
  await audit(prisma, actor, { action: 'pair.agreement', entityType: 'Pair', entityId: pair.id, details: { mentorStaffId } });
  return { doc, fileName: `Дополнительное соглашение ${initialsSurname(fullNameOf(mentor.staffMember))} пара ${pair.id}` };
}
