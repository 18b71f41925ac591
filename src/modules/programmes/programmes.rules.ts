/**
 * The pure rules of programmes: what is overdue and what progress means, when a template item falls due in a
 * programme's term, which template fits a request and in what order its items come, and who may do what in
 * which state. No database: the service feeds them and the unit tests check them.
 */
import { dayNumber, isoOfDayNumber, schoolYearOf } from '../../domain/dates.ts';
import type { MenteeCategory, PairRole, PlanItemStatus, ProgrammeApproval, ProgrammeStatus } from '../../generated/prisma/enums.ts';
import { STANDARD_SECTIONS } from './programmes.labels.ts';

/** Items still to be done: these can be overdue. Done and cancelled items never are. */
export const OPEN_ITEM_STATUSES: PlanItemStatus[] = ['PLANNED', 'IN_PROGRESS', 'MOVED'];

/** Approved programmes being worked on: plan items get statuses, marks and evidence. */
export const WORKING_STATUSES: ProgrammeStatus[] = ['APPROVED', 'IN_PROGRESS'];

/** Read-only for good. */
export const FINAL_STATUSES: ProgrammeStatus[] = ['COMPLETED', 'CLOSED_EARLY'];

/** A programme whose changes are kept in its history (field by field): once approved. */
export function keepsHistory(status: ProgrammeStatus): boolean {
  return WORKING_STATUSES.includes(status);
}

/**
 * Overdue: still open and its date has passed. `today` is the organization's calendar day (the request
 * scope's `today`, in the organization's time zone), never the server's.
 */
export function isOverdue(item: { status: PlanItemStatus; dueOn: string }, today: string): boolean {
  return OPEN_ITEM_STATUSES.includes(item.status) && item.dueOn < today;
}

/** Due within the next `days` days (today included) and still open. */
export function isDueSoon(item: { status: PlanItemStatus; dueOn: string }, today: string, days = 7): boolean {
  return OPEN_ITEM_STATUSES.includes(item.status) && item.dueOn >= today && dayNumber(item.dueOn) - dayNumber(today) < days;
}

export interface Progress {
  done: number;
  /** Items of the plan, cancelled ones left out: a cancelled item is no longer part of the plan. */
  total: number;
  /** Whole per cent, 0 for an empty plan. */
  percent: number;
}

/** Progress = items done / items of the plan (cancelled ones do not count either way). */
export function progressOf(items: { status: PlanItemStatus }[]): Progress {
  const total = items.filter((i) => i.status !== 'CANCELLED').length;
  const done = items.filter((i) => i.status === 'DONE').length;
  return progressFrom(done, total);
}

export function progressFrom(done: number, total: number): Progress {
  return { done, total, percent: total > 0 ? Math.floor((done * 100) / total) : 0 };
}

// ---- template → plan ---------------------------------------------------------------------------------

/** A template item's grace period when its month lies before the programme's start (a start in winter). */
const LATE_START_GRACE_DAYS = 14;

/**
 * The date an item of a template month falls due in a programme's term: the last day of that month of the
 * term's school year (September–December of its first year, January–August of the next), kept inside the
 * term; a month already past at the start gives two weeks from the start.
 */
export function dueOnForMonth(month: number, term: { startsOn: string; endsOn: string }): string {
  const firstYear = schoolYearOf(term.startsOn);
  const year = month >= 9 ? firstYear : firstYear + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  const earliest = isoOfDayNumber(dayNumber(term.startsOn) + LATE_START_GRACE_DAYS);
  let due = lastDay < term.startsOn ? earliest : lastDay;
  if (due > term.endsOn) due = term.endsOn;
  return due < term.startsOn ? term.startsOn : due;
}

/** Topic names compared as people type them: case, «ё» and spaces do not matter. */
export function topicKey(name: string): string {
  return name.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

export interface TemplateChoice {
  id: number;
  categories: MenteeCategory[];
  /** Every topic named by the template's items. */
  topics: string[];
}

/**
 * The template that fits a request best: one made for the mentee's category first, then the one whose items
 * serve most of the request's topics; on a tie the newest (a methodist's own copy beats the shipped one it
 * was made from). null when there is no template at all.
 */
export function chooseTemplate<T extends TemplateChoice>(templates: T[], request: { categories: MenteeCategory[]; topics: string[] }): T | null {
  const wanted = new Set(request.topics.map(topicKey));
  let best: { template: T; score: number } | null = null;
  for (const template of templates) {
    const fits = template.categories.some((c) => request.categories.includes(c)) ? 1000 : 0;
    const overlap = new Set(template.topics.map(topicKey).filter((t) => wanted.has(t))).size;
    const score = fits + overlap;
    if (!best || score > best.score || (score === best.score && template.id > best.template.id)) best = { template, score };
  }
  return best?.template ?? null;
}

export interface TemplateItemLike {
  section: string;
  position: number;
  month: number;
  topics: string[];
}

/**
 * A template's items as a new plan: each with its date in the term, grouped by section, and inside a section
 * the items serving the request's topics first (marked `forRequest`), then the rest in the template's order.
 */
export function planFromTemplate<I extends TemplateItemLike>(
  items: I[],
  requestTopics: string[],
  term: { startsOn: string; endsOn: string },
): (I & { dueOn: string; forRequest: boolean; position: number })[] {
  const wanted = new Set(requestTopics.map(topicKey));
  const planned = items.map((item) => ({ ...item, dueOn: dueOnForMonth(item.month, term), forRequest: item.topics.some((t) => wanted.has(topicKey(t))) }));
  const ordered = sectionsOf(planned).flatMap((s) =>
    [...s.items].sort((a, b) => Number(b.forRequest) - Number(a.forRequest) || a.dueOn.localeCompare(b.dueOn) || a.position - b.position),
  );
  return ordered.map((item, i) => ({ ...item, position: (i + 1) * 10 }));
}

/**
 * Items grouped by section: the standard sections in their printed order, then a pair's own sections in the
 * order they first appear; inside a section by position.
 */
export function sectionsOf<I extends { section: string; position: number }>(items: I[]): { title: string; items: I[] }[] {
  const groups = new Map<string, I[]>();
  for (const item of [...items].sort((a, b) => a.position - b.position)) {
    const list = groups.get(item.section) ?? [];
    list.push(item);
    groups.set(item.section, list);
  }
  const rank = (title: string) => {
    const i = (STANDARD_SECTIONS as readonly string[]).indexOf(title);
    return i === -1 ? STANDARD_SECTIONS.length : i;
  };
  const firstPosition = (title: string) => groups.get(title)![0]!.position;
  return [...groups.keys()]
    .sort((a, b) => rank(a) - rank(b) || firstPosition(a) - firstPosition(b))
    .map((title) => ({ title, items: groups.get(title)! }));
}

// ---- who may do what ---------------------------------------------------------------------------------

export interface Viewer {
  /** The viewer's role in the programme's pair or group; null: not a member. */
  memberRole: PairRole | null;
  /** Reads every programme (the methodist, the head). */
  readsAll: boolean;
  /** Approves and returns programmes (the methodist). */
  approves: boolean;
}

export interface Abilities {
  /** See the programme at all (others get «not found»). */
  read: boolean;
  /** Change the programme's text and its plan (items added, changed, removed). */
  editPlan: boolean;
  /** Draft → on approval. */
  submit: boolean;
  /** Approve here (the organization approves programmes by the methodist). */
  approve: boolean;
  /** The organization approves programmes by an order: the methodist prepares it. */
  approveByOrder: boolean;
  returnToPair: boolean;
  /** Statuses, marks, evidence of plan items. */
  work: boolean;
  comment: boolean;
  /** Write one's final self-assessment (mentee) or review (mentor). */
  assess: boolean;
  /** Complete the programme (every member's final word is in). */
  complete: boolean;
}

/**
 * Who may do what: the pair's members edit the draft together and work on the approved plan; the methodist
 * approves or returns a submitted one (or prepares the order, if that is how the organization approves); the
 * head reads. A completed or closed programme is read-only for everybody.
 */
export function abilitiesOf(status: ProgrammeStatus, viewer: Viewer, approval: ProgrammeApproval, finalWordsIn: boolean): Abilities {
  const member = viewer.memberRole !== null;
  const working = WORKING_STATUSES.includes(status);
  const final = FINAL_STATUSES.includes(status);
  const submitted = status === 'SUBMITTED';
  return {
    read: member || viewer.readsAll,
    editPlan: member && (status === 'DRAFT' || working),
    submit: member && status === 'DRAFT',
    approve: viewer.approves && submitted && approval === 'METHODIST',
    approveByOrder: viewer.approves && submitted && approval === 'ORDER',
    returnToPair: viewer.approves && submitted,
    work: member && working,
    comment: member && !final,
    assess: member && working,
    complete: (member || viewer.approves) && working && finalWordsIn,
  };
}

/** Every mentee has written a self-assessment and every mentor a review. */
export function finalWordsIn(members: { staffMemberId: number }[], assessments: { staffMemberId: number }[]): boolean {
  const written = new Set(assessments.map((a) => a.staffMemberId));
  return members.length > 0 && members.every((m) => written.has(m.staffMemberId));
}
