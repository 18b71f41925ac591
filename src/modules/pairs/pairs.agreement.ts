/**
 * «Дополнительное соглашение к трудовому договору» for one mentor of a pair (ТК РФ ст. 351.8 — mentoring
 * with the worker's written consent; ст. 60.2 — additional work for extra pay; ст. 72 — a change of the
 * contract by agreement of the parties): the contract it amends (number and date), the content, term and
 * form of mentoring in office language (who is mentored, in which position), the extra pay and its
 * conditions. It is the mentor's labour document: no mentee's own words, no internal pair numbers.
 * One description, rendered to PDF and DOCX by core/documents.
 */
import { audit } from '../../core/audit.ts';
import type { DocumentDescription } from '../../core/documents/index.ts';
import { ConflictError, FormError, NotFoundError } from '../../core/errors.ts';
import type { Scope } from '../../core/scope.ts';
import { isoOfDbDate, longDate, ruDate } from '../../domain/dates.ts';
import { MENTORING_FORM_LABELS } from '../../domain/mentoring.ts';
import { formatRubles, kopecksOf, rublesInWords } from '../../domain/money.ts';
import { organizationName } from '../../domain/organizations.ts';
import { declineName, fullNameOf, genderOfPatronymic, initialsSurname, nameParts, positionGenitive, type PersonName } from '../../domain/people.ts';
import type { Gender } from '../../generated/prisma/enums.ts';
import { labourContractOf, setLabourContract } from '../staff/index.ts';
import type { SaveLabourContractInput } from './pairs.schemas.ts';

type Person = PersonName & { position: string; gender?: Gender | null };

export interface AgreementInput {
  organization: { fullName: string; fullNameGenitive?: string; address: string; headName: string; headPosition: string; extraPayConditions: string };
  mentor: Person;
  mentees: Person[];
  form: keyof typeof MENTORING_FORM_LABELS;
  startsOn: string;
  plannedEndOn: string;
  extraPayKopecks: number;
  contract: { number: string; date: string };
}

/** A person's gender for the agreement's grammar: the card's, else the patronymic's; null when neither tells. */
export function genderOf(person: { middleName: string; gender?: Gender | null }): 'female' | 'male' | null {
  if (person.gender) return person.gender === 'FEMALE' ? 'female' : 'male';
  const byPatronymic = genderOfPatronymic(person.middleName);
  return byPatronymic === 'androgynous' ? null : byPatronymic;
}

/** What is missing before the agreement can be made, as messages that say where to fix it. */
export function agreementProblems(input: Omit<AgreementInput, 'contract'> & { contract: { number: string; date: string | null } }): string[] {
  const problems: string[] = [];
  if (input.extraPayKopecks <= 0) {
    problems.push('Сумма доплаты наставнику — 0,00 руб.: соглашение с такой суммой не составляют. Сумму для всех пар задаёт администратор портала в «Настройки организации» → «Доплата наставнику в месяц» (/settings); для одной пары — методист в паре: «Изменить» → «Доплата наставнику в месяц, руб.».');
  }
  if (!input.contract.number.trim() || !input.contract.date) problems.push('Не указаны номер и дата трудового договора наставника: укажите их на странице соглашения.');
  if (!genderOf(input.mentor)) problems.push('По отчеству наставника нельзя определить род для текста соглашения («именуемый» или «именуемая»): укажите его на странице соглашения.');
  return problems;
}

/** The mentee as the agreement names them: «Ивановой Марией Петровной, занимающей должность «воспитатель»». */
function menteeInOfficeLanguage(mentee: Person): string {
  const female = genderOf(mentee) === 'female';
  return `${declineName(mentee, 'instrumental')}, ${female ? 'занимающей' : 'занимающим'} должность «${mentee.position}»`;
}

/** The document itself, pure: everything it says comes from the input. */
export function agreementDocument(input: AgreementInput): DocumentDescription {
  const { organization, mentor } = input;
  const head = nameParts(organization.headName);
  const headFemale = genderOfPatronymic(head.middleName) === 'female';
  const mentorFemale = genderOf(mentor) === 'female';
  const headPart = organization.headName
    ? `в лице ${positionGenitive(organization.headPosition || 'заведующий')} ${declineName(head, 'genitive')}, ${headFemale ? 'действующей' : 'действующего'} на основании Устава`
    : 'в лице руководителя, действующего на основании Устава';
  const several = input.mentees.length > 1;
  const mentees = input.mentees.map(menteeInOfficeLanguage).join('; ');
  const amount = `${formatRubles(input.extraPayKopecks)} руб. (${rublesInWords(input.extraPayKopecks / 100)})`;
  // The act's own wording continues the sentence after the colon: «Условия выплаты доплаты: выплачивается …».
  const conditionsText = organization.extraPayConditions.trim();
  const conditions = /^[А-ЯЁ][а-яё]/.test(conditionsText) ? conditionsText[0]!.toLowerCase() + conditionsText.slice(1) : conditionsText;
  const contract = `трудовому договору от ${ruDate(input.contract.date)} № ${input.contract.number}`;
  const points = [
    `Работник с ${mentorFemale ? 'её' : 'его'} письменного согласия наряду с работой, определённой трудовым договором, выполняет в течение установленной продолжительности рабочего дня дополнительную работу — наставничество в соответствии со статьями 60.2 и 351.8 Трудового кодекса Российской Федерации от 30.12.2001 № 197-ФЗ (далее — ТК РФ) над ${several ? 'педагогическими работниками' : 'педагогическим работником'} ${mentees}.`,
    `Содержание наставничества: оказание ${several ? 'наставляемым' : 'наставляемому'} индивидуальной помощи в приобретении профессиональных знаний и навыков, в адаптации к условиям работы в организации и в решении профессиональных задач по персонализированной программе наставничества в соответствии с Положением о системе наставничества педагогических работников ${organizationName(organization, 'genitive')}.`,
    `Форма наставничества: ${MENTORING_FORM_LABELS[input.form]}.`,
    // «… 2027 г.» already ends the sentence.
    `Срок наставничества: с ${longDate(input.startsOn)} по ${longDate(input.plannedEndOn)}`,
    `За наставническую деятельность Работнику устанавливается доплата в размере ${amount} в месяц за период наставничества, пропорционально отработанному в наставнической деятельности времени.`,
    ...(conditions ? [`Условия выплаты доплаты: ${conditions}`] : []),
    'Наставническая деятельность начинается со дня, указанного в приказе о закреплении наставника, и может быть прекращена досрочно по инициативе любой из сторон с предупреждением другой стороны в письменной форме не позднее чем за три рабочих дня (часть 4 статьи 60.2 ТК РФ).',
    'Остальные условия трудового договора, не затронутые настоящим соглашением, остаются неизменными и обязательными для исполнения сторонами.',
    'Настоящее соглашение составлено в двух экземплярах, имеющих одинаковую юридическую силу, по одному для каждой из сторон, является неотъемлемой частью трудового договора и вступает в силу со дня его подписания сторонами (статья 72 ТК РФ).',
  ];
  return {
    fileTitle: `Дополнительное соглашение — ${initialsSurname(fullNameOf(mentor))}`,
    organization: [organization.fullName, ...(organization.address ? [organization.address] : [])],
    title: 'Дополнительное соглашение',
    heading: `к ${contract}`,
    dateNumber: {},
    body: [
      {
        kind: 'paragraph',
        text: `${organization.fullName}, именуемое в дальнейшем «Работодатель», ${headPart}, с одной стороны, и ${fullNameOf(mentor)}, ${mentor.position}, ${mentorFemale ? 'именуемая' : 'именуемый'} в дальнейшем «Работник», с другой стороны, заключили настоящее дополнительное соглашение к ${contract} (далее — трудовой договор) о нижеследующем:`,
      },
      { kind: 'points', items: points },
      {
        kind: 'signatures',
        rows: [
          { position: `Работодатель:\n${organization.headPosition || 'Заведующий'}`, name: organization.headName ? initialsSurname(organization.headName) : '' },
          { position: 'Работник:', name: initialsSurname(fullNameOf(mentor)) },
        ],
      },
      { kind: 'paragraph', text: `Второй экземпляр соглашения ${mentorFemale ? 'получила' : 'получил'}:`, align: 'left', indent: false },
      { kind: 'signatures', rows: [{ position: 'Работник', name: initialsSurname(fullNameOf(mentor)) }], date: 'blank' },
    ],
  };
}

const personSelect = { lastName: true, firstName: true, middleName: true, position: true, gender: true } as const;

/** Everything the agreement of one mentor of a pair needs, and what is still missing. */
export async function agreementState(scope: Scope, pairId: number, mentorStaffId: number) {
  const pair = await scope.db.pair.findFirst({
    where: { id: pairId },
    select: {
      id: true,
      form: true,
      startsOn: true,
      plannedEndOn: true,
      extraPay: true,
      members: { select: { role: true, staffMemberId: true, staffMember: { select: personSelect } } },
      organization: { select: { fullName: true, fullNameGenitive: true, address: true, headName: true, headPosition: true, extraPayConditions: true, mentorExtraPay: true } },
    },
  });
  const mentor = pair?.members.find((m) => m.role === 'MENTOR' && m.staffMemberId === mentorStaffId);
  if (!pair || !mentor) throw new NotFoundError('Наставник этой пары не найден');
  const contract = await labourContractOf(scope, mentorStaffId);
  const input = {
    organization: pair.organization,
    mentor: mentor.staffMember,
    mentees: pair.members
      .filter((m) => m.role === 'MENTEE')
      .map((m) => m.staffMember)
      .sort((a, b) => fullNameOf(a).localeCompare(fullNameOf(b), 'ru')),
    form: pair.form,
    startsOn: isoOfDbDate(pair.startsOn),
    plannedEndOn: isoOfDbDate(pair.plannedEndOn),
    extraPayKopecks: kopecksOf(pair.extraPay ?? pair.organization.mentorExtraPay),
    contract: { number: contract.number, date: contract.date },
  };
  return { pairId: pair.id, mentorStaffId, mentor: mentor.staffMember, contract, input, problems: agreementProblems(input), genderKnownByPatronymic: genderOfPatronymic(mentor.staffMember.middleName) !== 'androgynous' };
}

/** The agreement of one mentor of a pair; refused (409, saying where to fix it) while something is missing. Audited. */
export async function pairAgreement(scope: Scope, pairId: number, mentorStaffId: number) {
  const state = await agreementState(scope, pairId, mentorStaffId);
  if (state.problems.length) throw new ConflictError(`Дополнительное соглашение пока нельзя сформировать. ${state.problems.join(' ')}`);
  const doc = agreementDocument({ ...state.input, contract: { number: state.contract.number, date: state.contract.date! } });
  await audit(scope, { action: 'pair.agreement', entityType: 'Pair', entityId: state.pairId, details: { mentorStaffId } });
  return { doc, fileName: `Дополнительное соглашение ${initialsSurname(fullNameOf(state.mentor))} от ${ruDate(state.input.startsOn)}` };
}

/** Saves the mentor's contract (and gender when the patronymic does not tell it) from the agreement page. */
export async function saveAgreementDetails(scope: Scope, pairId: number, mentorStaffId: number, input: SaveLabourContractInput) {
  const state = await agreementState(scope, pairId, mentorStaffId);
  if (input.date > scope.today) throw new FormError({ date: 'Дата трудового договора не может быть в будущем' });
  if (!state.genderKnownByPatronymic && !input.gender) {
    throw new FormError({ gender: 'Выберите, как писать о наставнике в соглашении: по отчеству этого не определить' });
  }
  await setLabourContract(scope, mentorStaffId, { number: input.number, date: input.date, gender: input.gender || state.contract.gender });
}
