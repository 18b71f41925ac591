/**
 * The default texts of each kind of order: what the methodist finds in the form of a new draft and then
 * edits. Pure functions over plain data (no database), so the wording is tested on its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../core/database/migrate.ts';
import { ruDate } from '../../domain/dates.ts';
import { MENTORING_FORM_LABELS, menteeWordAccusative, menteeWordGenitive } from '../../domain/mentoring.ts';
import { declineFullName } from '../../domain/people.ts';
import type { MentoringForm, OrderKind } from '../../generated/prisma/enums.ts';
import { roadmapStages } from '../roadmap/index.ts';
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

/** Appendix 2: the roadmap of the seed as a table (stage, its activities one per line). */
export function roadmapAppendix(): Appendix {
  const rows = roadmapStages().map((s) => `| ${s.number}. | ${s.title} | ${s.activities.map((a) => a.replace(/\|/g, '/')).join('<br>')} |`);
  return {
    title: 'Дорожная карта (план мероприятий) по реализации Положения о системе наставничества педагогических работников в образовательной организации',
    text: ['| № | Наименование этапа | Содержание деятельности и примерный план мероприятий |', '|---|---|---|', ...rows].join('\n'),
  };
}

const CONTROL_POINT = 'Контроль за исполнением настоящего приказа оставляю за собой.';

const withPosition = (p: PersonForTexts, gcase: Parameters<typeof declineFullName>[1]) =>
  p.position ? `${declineFullName(p.fullName, gcase)} (${p.position})` : declineFullName(p.fullName, gcase);

/** «Закрепить за наставником Кузнецовой Ольгой Николаевной (воспитатель) наставляемую Соколову Анастасию Игоревну (воспитатель); …» */
export function assignPoint(pair: PairForTexts): string {
  const mentorWord = pair.mentors.length > 1 ? 'наставниками' : 'наставником';
  const menteeWord = pair.mentees.length === 1 ? menteeWordAccusative(pair.mentees[0]!.fullName) : 'наставляемых';
  const mentors = pair.mentors.map((m) => withPosition(m, 'instrumental')).join(', ');
  const mentees = pair.mentees.map((m) => withPosition(m, 'accusative')).join(', ');
  return (
    `Закрепить за ${mentorWord} ${mentors} ${menteeWord} ${mentees}; ` +
    `форма наставничества — ${MENTORING_FORM_LABELS[pair.form]}; срок наставничества — с ${ruDate(pair.startsOn)} по ${ruDate(pair.plannedEndOn)}.`
  );
}

/** «Прекратить досрочно наставничество наставника Кузнецовой Ольги Николаевны (воспитатель) в отношении наставляемой …» */
export function terminatePoint(pair: PairForTexts): string {
  const mentorWord = pair.mentors.length > 1 ? 'наставников' : 'наставника';
  const menteeWord = pair.mentees.length === 1 ? menteeWordGenitive(pair.mentees[0]!.fullName) : 'наставляемых';
  const mentors = pair.mentors.map((m) => withPosition(m, 'genitive')).join(', ');
  const mentees = pair.mentees.map((m) => withPosition(m, 'genitive')).join(', ');
  const basis = pair.assignedBy ? `, установленное приказом ${orderRefText(pair.assignedBy)}` : '';
  return `Прекратить досрочно со дня издания настоящего приказа наставничество ${mentorWord} ${mentors} в отношении ${menteeWord} ${mentees}${basis}.`;
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
        ...(ctx.curator ? [`Назначить куратором наставничества ${withPosition(ctx.curator, 'accusative')}.`] : []),
        'Куратору наставничества ознакомить педагогических работников с настоящим приказом и Положением под подпись (в том числе в электронной форме) и организовать выполнение мероприятий дорожной карты.',
        'Разместить Положение на официальном сайте организации в информационно-телекоммуникационной сети «Интернет» в течение десяти рабочих дней со дня издания настоящего приказа.',
        CONTROL_POINT,
      ];
    case 'ASSIGN_PAIRS':
      return [
        'Утвердить список наставнических пар (групп) (приложение 1).',
        ...ctx.pairs.map(assignPoint),
        'Наставникам совместно с наставляемыми в течение десяти рабочих дней со дня издания настоящего приказа разработать персонализированные программы наставничества и представить их куратору наставничества.',
        'Установить наставникам доплату за наставническую деятельность в размере и на условиях, определённых дополнительными соглашениями к трудовым договорам (статья 351.8 Трудового кодекса Российской Федерации).',
        'Куратору наставничества обеспечить методическое сопровождение наставнических пар (групп) и мониторинг выполнения персонализированных программ наставничества.',
        CONTROL_POINT,
      ];
    case 'TERMINATE': {
      const mentors = [...new Map(ctx.pairs.flatMap((p) => p.mentors).map((m) => [m.fullName, m])).values()];
      return [
        ...ctx.pairs.map(terminatePoint),
        ...(mentors.length ? [`Прекратить выплату доплаты за наставническую деятельность ${mentors.map((m) => declineFullName(m.fullName, 'dative')).join(', ')} со дня издания настоящего приказа.`] : []),
        'Куратору наставничества продолжить подбор наставника для наставляемых, названных в настоящем приказе, и обеспечить им психолого-педагогическую поддержку.',
        CONTROL_POINT,
      ];
    }
    case 'AMEND':
      return [
        ctx.amends
          ? `Внести в приказ ${orderRefText(ctx.amends)} «${ctx.amends.title}» следующие изменения: …`
          : 'Внести в приказ от … № … следующие изменения: …',
        CONTROL_POINT,
      ];
  }
}

/** Everything a new draft of this kind starts with. */
export function orderDefaults(kind: OrderKind, ctx: DefaultsContext): OrderTexts {
  const points = defaultPoints(kind, ctx);
  switch (kind) {
    case 'REGULATION':
      return {
        title: 'Об утверждении Положения о системе наставничества педагогических работников в образовательной организации',
        preamble:
          'В соответствии со статьёй 351.8 Трудового кодекса Российской Федерации, Федеральным законом от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации», методическими рекомендациями по разработке и внедрению системы (целевой модели) наставничества педагогических работников в образовательных организациях (письмо Министерства просвещения Российской Федерации от 21.12.2021 № АЗ-1128/08 и Общероссийского Профсоюза образования от 21.12.2021 № 657), в целях профессионального становления и развития педагогических работников',
        points,
        appendices: [regulationAppendix(ctx.organization), roadmapAppendix()],
      };
    case 'ASSIGN_PAIRS':
      return {
        title: 'О закреплении наставнических пар (групп)',
        preamble: `В соответствии со статьёй 351.8 Трудового кодекса Российской Федерации, ${regulationReference(ctx)}, на основании письменного согласия наставников, в целях профессиональной адаптации и развития педагогических работников`,
        points,
        appendices: [],
      };
    case 'TERMINATE':
      return { title: 'О досрочном прекращении наставничества', preamble: '', points, appendices: [] };
    case 'AMEND':
      return {
        title: ctx.amends ? `О внесении изменений в приказ ${orderRefText(ctx.amends)}` : 'О внесении изменений в приказ',
        preamble: '',
        points,
        appendices: [],
      };
  }
}
