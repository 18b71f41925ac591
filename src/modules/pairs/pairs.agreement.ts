/**
 * «Дополнительное соглашение к трудовому договору» for one mentor of a pair (ТК РФ ст. 351.8): the content
 * of mentoring, its term and form, the extra pay and its conditions. One description, rendered to PDF
 * and DOCX by core/documents.
 */
import { audit } from '../../core/audit.ts';
import type { DocumentDescription } from '../../core/documents/index.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { Scope } from '../../core/scope.ts';
import { isoOfDbDate, longDate } from '../../domain/dates.ts';
import { MENTORING_FORM_LABELS } from '../../domain/mentoring.ts';
import { formatRubles, kopecksOf, rublesInWords } from '../../domain/money.ts';
import { declineName, fullNameOf, genderOfPatronymic, initialsSurname, nameParts, positionGenitive, type PersonName } from '../../domain/people.ts';

export interface AgreementInput {
  organization: { fullName: string; address: string; headName: string; headPosition: string; extraPayConditions: string };
  mentor: PersonName & { position: string };
  mentees: (PersonName & { position: string })[];
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
  const head = nameParts(organization.headName);
  const headFemale = genderOfPatronymic(head.middleName) === 'female';
  const mentorFemale = genderOfPatronymic(mentor.middleName) === 'female';
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
export async function pairAgreement(scope: Scope, pairId: number, mentorStaffId: number) {
  const pair = await scope.db.pair.findFirst({
    where: { id: pairId },
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
  await audit(scope, { action: 'pair.agreement', entityType: 'Pair', entityId: pair.id, details: { mentorStaffId } });
  return { doc, fileName: `Дополнительное соглашение ${initialsSurname(fullNameOf(mentor.staffMember))} пара ${pair.id}` };
}
