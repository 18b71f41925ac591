/**
 * The default texts of each kind of order: what the methodist finds in the form of a new draft and then
 * edits. Pure functions over plain data (no database), so the wording is tested on its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../core/database/migrate.ts';
import { ruDate, schoolYearOf, todayIn } from '../../domain/dates.ts';
import { MENTORING_FORM_LABELS, menteeWordAccusative, menteeWordGenitive } from '../../domain/mentoring.ts';
import { organizationNameIn } from '../../domain/organizations.ts';
import { declinePosition, declineShortName, genderOfPatronymic, nameParts, type NameCase } from '../../domain/people.ts';
import type { MentoringForm, OrderKind } from '../../generated/prisma/enums.ts';
import { defaultRoadmapAppendix } from '../roadmap/index.ts';
import { fillPlaceholders } from './orders.text.ts';

export interface Appendix {
  title: string;
  text: string;
}

export interface OrgForTexts {
  fullName: string;
  shortName: string;
  website: string;
  defaultMaxMentees: number;
}

export interface PersonForTexts {
  fullName: string;
  position: string;
}

export interface PairForTexts {
  id: number;
  form: MentoringForm;
  /** 'YYYY-MM-DD' */
  startsOn: string;
  plannedEndOn: string;
  mentors: PersonForTexts[];
  mentees: PersonForTexts[];
  /** The approved order that assigned it (for a termination order). */
  assignedBy?: OrderRef | null;
  /** Why the pair needs attention (the pairs module's mark: «наставляемая … отозвала согласие …»), if it does. */
  attention?: string | null;
  /** The title of its personalised programme (for an order approving programmes). */
  programmeTitle?: string;
}

export interface OrderRef {
  id: number;
  title: string;
  numberText: string;
  /** 'YYYY-MM-DD' */
  orderDate: string;
}

export interface DefaultsContext {
  organization: OrgForTexts;
  /** The approved Regulation order, to refer to. */
  regulation: OrderRef | null;
  /** The curator named in the Regulation order (the methodist drafting it). */
  curator: PersonForTexts | null;
  pairs: PairForTexts[];
  amends: OrderRef | null;
  /**
   * Appendix 2 of a Regulation order: the organization's roadmap plan as it is when the order is drafted (the
   * roadmap module's face, roadmapAppendixOf); without it, the plan's defaults.
   */
  roadmap?: Appendix;
}

export interface OrderTexts {
  title: string;
  preamble: string;
  points: string[];
  appendices: Appendix[];
}

export function orderRefText(ref: OrderRef): string {
  return `от ${ruDate(ref.orderDate)} № ${ref.numberText}`;
}

const REGULATION_FILE = path.join(projectRoot, 'prisma/seed/regulation.md');
let regulationSource: string | undefined;

function placeholderValues(org: OrgForTexts): Record<string, string> {
  return {
    'organization.fullName': org.fullName,
    // «Положение … (далее — Положение) Муниципального бюджетного … учреждения …»: the name after «Положение» is in the genitive.
    'organization.fullNameGenitive': organizationNameIn(org.fullName, 'genitive'),
    'organization.shortName': org.shortName,
    'organization.website': org.website || 'организации',
    'organization.maxMentees': String(org.defaultMaxMentees),
  };
}

/** Appendix 1 of the Regulation order: prisma/seed/regulation.md filled for the organization. */
export function regulationAppendix(org: OrgForTexts): Appendix {
  regulationSource ??= fs.readFileSync(REGULATION_FILE, 'utf8');
  const filled = fillPlaceholders(regulationSource, placeholderValues(org));
  const [first = '', ...rest] = filled.replace(/\r\n?/g, '\n').split('\n');
  const title = first.replace(/^#\s*/, '').trim();
  return { title, text: rest.join('\n').trim() };
}

/** Appendix 2 by default: the roadmap plan's defaults (the seed's stages and measures) for the school year of `today`. */
export function roadmapAppendix(today: string): Appendix {
  return defaultRoadmapAppendix(schoolYearOf(today));
}

/**
 * The acts the default texts cite, each with its date and number so the methodist can look it up (README,
 * «Правовые основания», lists them; a unit test checks that no reference goes without them).
 */
export const LABOUR_CODE_GENITIVE = 'Трудового кодекса Российской Федерации от 30.12.2001 № 197-ФЗ';
const MENTORING_ARTICLE = `статьёй 351.8 ${LABOUR_CODE_GENITIVE} (статья введена Федеральным законом от 09.11.2024 № 381-ФЗ)`;
const EDUCATION_LAW = 'Федеральным законом от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»';
const MENTORING_RECOMMENDATIONS =
  'методическими рекомендациями по разработке и внедрению системы (целевой модели) наставничества педагогических работников в образовательных организациях (письмо Министерства просвещения Российской Федерации от 21.12.2021 № АЗ-1128/08 и Общероссийского Профсоюза образования от 21.12.2021 № 657)';

const CONTROL_POINT = 'Контроль за исполнением настоящего приказа оставляю за собой.';

/**
 * A person as an order's sentence names them: the position in the same case, then «Фамилия И.О.» —
 * «назначить наставником воспитателя Кузнецову О.И.». A position the rules cannot decline goes after the
 * name in brackets, in the nominative («Кузнецову О.И. (тренер-преподаватель)»).
 */
export function personIn(person: PersonForTexts, gcase: NameCase): string {
  const name = declineShortName(person.fullName, gcase);
  if (!person.position.trim()) return name;
  const position = declinePosition(person.position, gcase);
  return position ? `${position} ${name}` : `${name} (${person.position.trim()})`;
}

/** A sentence ends with one full stop: «… Морозову Е.С.», not «Е.С..». */
const sentence = (text: string) => (text.endsWith('.') ? text : `${text}.`);

const listIn = (people: PersonForTexts[], gcase: NameCase) => people.map((p) => personIn(p, gcase)).join(', ');

/** «за ней» / «за ним» / «за ними»; without a patronymic the gender is unknown: «за наставником». */
function behindMentors(mentors: PersonForTexts[]): string {
  if (mentors.length > 1) return 'за ними';
  const gender = genderOfPatronymic(nameParts(mentors[0]?.fullName ?? '').middleName);
  return gender === 'female' ? 'за ней' : gender === 'male' ? 'за ним' : 'за наставником';
}

/**
 * «Назначить наставником воспитателя Кузнецову О.Н. и закрепить за ней наставляемую — воспитателя Соколову А.И.;
 * форма наставничества — …; срок наставничества — с … по ….»
 */
export function assignPoint(pair: PairForTexts): string {
  const mentorWord = pair.mentors.length > 1 ? 'наставниками' : 'наставником';
  const menteeWord = pair.mentees.length === 1 ? menteeWordAccusative(pair.mentees[0]!.fullName) : 'наставляемых';
  return (
    `Назначить ${mentorWord} ${listIn(pair.mentors, 'accusative')} и закрепить ${behindMentors(pair.mentors)} ${menteeWord} — ${listIn(pair.mentees, 'accusative')}; ` +
    `форма наставничества — ${MENTORING_FORM_LABELS[pair.form]}; срок наставничества — с ${ruDate(pair.startsOn)} по ${ruDate(pair.plannedEndOn)}.`
  );
}

/** «Утвердить персонализированную программу наставничества «…» наставника … и наставляемой …, срок …» */
export function approveProgrammePoint(pair: PairForTexts): string {
  const mentorWord = pair.mentors.length > 1 ? 'наставников' : 'наставника';
  const menteeWord = pair.mentees.length === 1 ? menteeWordGenitive(pair.mentees[0]!.fullName) : 'наставляемых';
  const title = pair.programmeTitle ? ` «${pair.programmeTitle}»` : '';
  return `Утвердить персонализированную программу наставничества${title} ${mentorWord} — ${listIn(pair.mentors, 'genitive')} и ${menteeWord} — ${listIn(pair.mentees, 'genitive')} на срок с ${ruDate(pair.startsOn)} по ${ruDate(pair.plannedEndOn)}.`;
}

/** «Прекратить досрочно … наставничество наставника — воспитателя Кузнецовой О.Н. в отношении наставляемой — воспитателя Соколовой А.И., …» */
export function terminatePoint(pair: PairForTexts): string {
  const mentorWord = pair.mentors.length > 1 ? 'наставников' : 'наставника';
  const menteeWord = pair.mentees.length === 1 ? menteeWordGenitive(pair.mentees[0]!.fullName) : 'наставляемых';
  const basis = pair.assignedBy ? `, установленное приказом ${orderRefText(pair.assignedBy)}` : '';
  return sentence(`Прекратить досрочно со дня издания настоящего приказа наставничество ${mentorWord} — ${listIn(pair.mentors, 'genitive')} в отношении ${menteeWord} — ${listIn(pair.mentees, 'genitive')}${basis}`);
}

function regulationReference(ctx: DefaultsContext): string {
  const base = `Положением о системе наставничества педагогических работников ${ctx.organization.shortName}`;
  return ctx.regulation ? `${base}, утверждённым приказом ${orderRefText(ctx.regulation)}` : base;
}

/** The points an order of this kind gets for these pairs (also used by «составить пункты заново»). */
export function defaultPoints(kind: OrderKind, ctx: DefaultsContext): string[] {
  switch (kind) {
    case 'REGULATION':
      return [
        `Утвердить Положение о системе наставничества педагогических работников ${ctx.organization.shortName} (приложение 1).`,
        'Утвердить дорожную карту (план мероприятий) по реализации Положения о системе наставничества педагогических работников (приложение 2).',
        ...(ctx.curator ? [sentence(`Назначить куратором наставничества ${personIn(ctx.curator, 'accusative')}`)] : []),
        'Куратору наставничества ознакомить педагогических работников с настоящим приказом и Положением под подпись (в том числе в электронной форме) и организовать выполнение мероприятий дорожной карты.',
        'Разместить Положение на официальном сайте организации в информационно-телекоммуникационной сети «Интернет» в течение десяти рабочих дней со дня издания настоящего приказа.',
        CONTROL_POINT,
      ];
    case 'ASSIGN_PAIRS':
      return [
        'Утвердить список наставнических пар (групп) (приложение 1).',
        ...ctx.pairs.map(assignPoint),
        'Наставникам совместно с наставляемыми в течение десяти рабочих дней со дня издания настоящего приказа разработать персонализированные программы наставничества и представить их куратору наставничества.',
        `Установить наставникам доплату за наставническую деятельность в размере и на условиях, определённых дополнительными соглашениями к трудовым договорам (статья 351.8 ${LABOUR_CODE_GENITIVE}).`,
        'Куратору наставничества обеспечить методическое сопровождение наставнических пар (групп) и мониторинг выполнения персонализированных программ наставничества.',
        CONTROL_POINT,
      ];
    case 'TERMINATE': {
      const mentors = [...new Map(ctx.pairs.flatMap((p) => p.mentors).map((m) => [m.fullName, m])).values()];
      return [
        ...ctx.pairs.map(terminatePoint),
        ...(mentors.length ? [`Прекратить выплату доплаты за наставническую деятельность ${listIn(mentors, 'dative')} со дня издания настоящего приказа.`] : []),
        'Куратору наставничества продолжить подбор наставника для наставляемых, названных в настоящем приказе, и обеспечить им психолого-педагогическую поддержку.',
        CONTROL_POINT,
      ];
    }
    case 'APPROVE_PROGRAMMES':
      return [
        ...ctx.pairs.map(approveProgrammePoint),
        'Наставникам и наставляемым организовать работу по утверждённым программам, отмечать выполнение мероприятий в портале «Наставник».',
        'Куратору наставничества обеспечить мониторинг выполнения персонализированных программ наставничества.',
        CONTROL_POINT,
      ];
    case 'AMEND':
      return [
        ctx.amends
          ? `Внести в приказ ${orderRefText(ctx.amends)} «${ctx.amends.title}» следующие изменения: …`
          : 'Внести в приказ от … № … следующие изменения: …',
        CONTROL_POINT,
      ];
  }
}

/**
 * «В связи с тем, что наставляемая … отозвала согласие на обработку персональных данных 01.12.2026, в
 * соответствии с Положением …» — when the pairs to end were marked for a reason (a withdrawn consent, a
 * member who left); otherwise the methodist writes the grounds.
 */
export function terminationPreamble(ctx: DefaultsContext): string {
  const grounds = [...new Set(ctx.pairs.flatMap((p) => (p.attention ? p.attention.split('; ') : [])))];
  if (grounds.length === 0) return '';
  return `В связи с тем, что ${grounds.join('; ')}, в соответствии с ${regulationReference(ctx)}`;
}

/** Everything a new draft of this kind starts with. */
export function orderDefaults(kind: OrderKind, ctx: DefaultsContext): OrderTexts {
  const points = defaultPoints(kind, ctx);
  switch (kind) {
    case 'REGULATION':
      return {
        title: 'Об утверждении Положения о системе наставничества педагогических работников в образовательной организации',
        preamble:
          `В соответствии со ${MENTORING_ARTICLE}, ${EDUCATION_LAW}, ${MENTORING_RECOMMENDATIONS}, в целях профессионального становления и развития педагогических работников`,
        points,
        appendices: [regulationAppendix(ctx.organization), ctx.roadmap ?? roadmapAppendix(todayIn('Europe/Moscow'))],
      };
    case 'ASSIGN_PAIRS':
      return {
        title: 'О закреплении наставнических пар (групп)',
        preamble: `В соответствии со ${MENTORING_ARTICLE}, ${regulationReference(ctx)}, на основании письменного согласия наставников, в целях профессиональной адаптации и развития педагогических работников`,
        points,
        appendices: [],
      };
    case 'TERMINATE':
      return { title: 'О досрочном прекращении наставничества', preamble: terminationPreamble(ctx), points, appendices: [] };
    case 'APPROVE_PROGRAMMES':
      return {
        title: 'Об утверждении персонализированных программ наставничества',
        preamble: `В соответствии с ${regulationReference(ctx)}, на основании представленных куратором наставничества персонализированных программ наставничества`,
        points,
        appendices: [],
      };
    case 'AMEND':
      return {
        title: ctx.amends ? `О внесении изменений в приказ ${orderRefText(ctx.amends)}` : 'О внесении изменений в приказ',
        preamble: '',
        points,
        appendices: [],
      };
  }
}
