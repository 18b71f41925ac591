/**
 * Matching pages: bank rows (matching.rows.ts) → plain profiles → matching.score.ts. Each page loads the
 * organization's mentor pool (competencies, consents, load) in one statement and its mentees (with the stored weights) in another.
 */
import { audit } from '../../core/audit.ts';
import { FormError, NotFoundError } from '../../core/errors.ts';
import { schoolYearTerm } from '../../domain/dates.ts';
import { fullNameOf } from '../../domain/people.ts';
import { pageOf } from '../../core/pagination.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import type { MentorStatus, MentoringForm } from '../../generated/prisma/enums.ts';
import { createPair } from '../pairs/index.ts';
import { setMatchingWeights } from '../settings/index.ts';
import { planPool, type PoolPlan } from './matching.assignment.ts';
import { menteePageRow, poolMentorRows, staffNameRows, storedWeights, virtualMentorRows, waitingMenteeRows, type MenteeRow } from './matching.rows.ts';
import type { PoolRow } from './matching.schemas.ts';
import {
  WEIGHT_KEYS,
  bestMentor,
  proposeGroups,
  rankMentors,
  sharedTopicNames,
  weightsFrom,
  type MatchingWeights,
  type MenteeProfile,
  type MentorProfile,
} from './matching.score.ts';

/** How many mentors of other organizations a virtual suggestion lists. */
export const VIRTUAL_LIMIT = 10;

/** Ties of the virtual list by name: one collator for the process (building one costs more than the sort). */
const byName = new Intl.Collator('ru-RU');

// ---- weights ------------------------------------------------------------------------------------

/** The weights a page ranks with, from the stored column (null: the defaults in code). */
function weightsOf(stored: unknown) {
  return { weights: weightsFrom(stored), custom: stored != null };
}

export async function loadWeights(scope: Scope) {
  return weightsOf(await storedWeights(scope));
}

export async function saveWeights(scope: Scope, weights: MatchingWeights) {
  const before = (await loadWeights(scope)).weights;
  const stored = Object.fromEntries(WEIGHT_KEYS.map((k) => [k, weights[k]]));
  await transaction(scope, async (tx) => {
    await setMatchingWeights(tx, stored);
    const changed = WEIGHT_KEYS.filter((k) => before[k] !== weights[k]);
    await audit(tx, { action: 'matching.weights_update', entityType: 'Organization', entityId: tx.organization.id, details: { changed } });
  });
}

/** Back to the defaults in code (the column becomes null, so later changes of the defaults apply). */
export async function resetWeights(scope: Scope) {
  await transaction(scope, async (tx) => {
    await setMatchingWeights(tx, null);
    await audit(tx, { action: 'matching.weights_update', entityType: 'Organization', entityId: tx.organization.id, details: { reset: true } });
  });
}

// ---- loading profiles ---------------------------------------------------------------------------

export interface BankMentor extends MentorProfile {
  entryId: number;
  status: MentorStatus;
}

export interface BankMentee extends MenteeProfile {
  entry: MenteeRow;
}

function menteeProfile(entry: MenteeRow, form?: MentoringForm | null): BankMentee {
  const person = entry.staffMember;
  return {
    entry,
    staffMemberId: person.id,
    name: fullNameOf(person),
    position: person.position,
    ageGroup: person.ageGroup,
    lineManagerId: person.lineManagerId,
    topics: entry.topics,
    form: form === undefined ? entry.desiredForm : form,
    hasConsent: entry.hasConsent,
  };
}

/**
 * The organization's mentor pool as profiles, with both consents and the load (matching.rows.ts: one
 * statement). Who of them is available — both consents, a free place — the ranking decides with the pairs'
 * rule, so that the others are shown among the excluded with the reason rather than left out silently.
 */
async function bankMentors(scope: Scope): Promise<BankMentor[]> {
  const rows = await poolMentorRows(scope);
  return rows.map((r) => ({
    entryId: r.id,
    status: r.status,
    staffMemberId: r.staffId,
    name: fullNameOf(r),
    position: r.position,
    ageGroup: r.ageGroup,
    experienceYears: r.experienceYears,
    category: r.qualificationCategory,
    topics: r.topicNames,
    forms: r.forms,
    training: r.trainingStatus,
    maxMentees: r.maxMentees,
    load: r.load,
    hasConsent: r.hasConsent,
    hasMentoringConsent: r.hasMentoringConsent,
  }));
}

/**
 * «/pairs/new?mentor=…&mentee=…&form=…» — the pairs module's creation form, filled in. Ids and an enum's name need
 * no encoding: written out rather than through URLSearchParams (a link per row of the overview).
 */
export function pairHref(mentorStaffId: number, menteeStaffIds: number[], form: MentoringForm): string {
  let href = `/pairs/new?mentor=${mentorStaffId}`;
  for (const id of menteeStaffIds) href += `&mentee=${id}`;
  return `${href}&form=${form}`;
}

function daysSince(date: Date, now = Date.now()): number {
  return Math.max(0, Math.floor((now - date.getTime()) / 86_400_000));
}

// ---- the overview -------------------------------------------------------------------------------

/**
 * Waiting mentees with their best match, and proposed groups. All waiting mentees are loaded at once
 * (the groups are drawn from all of them), then the list is paged in memory.
 */
export async function matchingOverview(scope: Scope, query: { page: number; gpage: number }) {
  // The weights come with the waiting mentees (one statement, matching.rows.ts).
  const [waitingRows, mentors] = await Promise.all([waitingMenteeRows(scope), bankMentors(scope)]);
  const { weights, custom } = weightsOf(waitingRows.matchingWeights);
  const mentees = waitingRows.mentees.map((e) => menteeProfile(e));

  const page = pageOf(mentees.length, query.page);
  const now = Date.now();
  const waiting = mentees.slice(page.skip, page.skip + page.perPage).map((mentee) => {
    const best = bestMentor(mentee, mentors, weights);
    return {
      mentee,
      waitingDays: daysSince(mentee.entry.enteredAt, now),
      best,
      pairHref: best ? pairHref(best.mentor.staffMemberId, [mentee.staffMemberId], mentee.form ?? 'TRADITIONAL') : null,
    };
  });

  const allGroups = proposeGroups(mentees, mentors, weights);
  const groupPage = pageOf(allGroups.length, query.gpage);
  const groups = allGroups.slice(groupPage.skip, groupPage.skip + groupPage.perPage).map((g) => ({
    mentor: g.mentor,
    members: g.members,
    commonTopics: g.commonTopics,
    free: g.free,
    pairHref: pairHref(
      g.mentor.staffMemberId,
      g.members.map((m) => m.mentee.staffMemberId),
      'GROUP',
    ),
  }));
  return { waiting, page, groups, groupPage, mentorCount: mentors.length, weights, custom };
}

// ---- one mentee ---------------------------------------------------------------------------------

export async function menteeMatching(scope: Scope, entryId: number, query: { form?: MentoringForm }) {
  const [row, mentors] = await Promise.all([menteePageRow(scope, entryId), bankMentors(scope)]);
  if (!row) throw new NotFoundError('Запись банка наставляемых не найдена');
  const { entry, waiting, openPairs, lineManager } = row;
  const { weights, custom } = weightsOf(row.matchingWeights);
  const form = query.form ?? entry.desiredForm;
  const mentee = menteeProfile(entry, form);
  // `waiting` is the one rule of a waiting mentee: a request in a draft pair is not looked for any more.
  const ranking = rankMentors(mentee, mentors, weights);
  const pairForm: MentoringForm = form ?? 'TRADITIONAL';
  const ranked = ranking.ranked.map((match) => ({ match, pairHref: pairHref(match.mentor.staffMemberId, [mentee.staffMemberId], pairForm) }));

  // No one here shares a topic with the request: look at the other organizations of the portal — while the
  // view's audit row is written (the virtual read writes its own rows after it has read).
  const [, virtual] = await Promise.all([
    audit(scope, {
      action: 'matching.view',
      entityType: 'MenteeEntry',
      entityId: entry.id,
      details: { ranked: ranking.ranked.length, excluded: ranking.excluded.length, form },
    }),
    waiting && mentee.hasConsent && ranking.ranked.length === 0 ? virtualMentors(scope, entry.id, mentee.topics) : null,
  ]);

  return {
    entry,
    mentee,
    form,
    waiting,
    openPairs,
    lineManagerName: lineManager ? fullNameOf(lineManager) : null,
    ranked,
    unrelated: ranking.unrelated,
    excluded: ranking.excluded,
    virtual,
    weights,
    custom,
  };
}

/**
 * Mentors of OTHER organizations of the portal whose competencies carry the same topic names, for
 * virtual (distance) mentoring arranged between the organizations. Only the minimum is read and shown:
 * name, position, organization; each needs a valid personal-data consent given to their own organization,
 * and a free place. The read is audited here and in every organization whose people were shown. It is the
 * one read across organizations, so it goes through the portal (guarded) client and names the
 * organizations in every query.
 */
export async function virtualMentors(scope: Scope, menteeEntryId: number, topics: readonly string[]) {
  if (topics.length === 0) return [];
  const ownId = scope.organization.id;
  // Available in their own organization (the pairs' rule, places included; a consent belongs to the person's
  // own organization, the operator of their data), with a competency named like a topic of the request.
  const rows = await virtualMentorRows(scope, topics);
  const found = rows
    .map((r) => ({
      mentorEntryId: r.id,
      organizationId: r.organizationId,
      organizationName: r.organizationName,
      name: fullNameOf(r),
      position: r.position,
      sharedTopics: sharedTopicNames(topics, r.topicNames),
      free: r.maxMentees - r.load,
    }))
    .filter((m) => m.sharedTopics.length > 0 && m.free > 0)
    .sort((a, b) => b.sharedTopics.length - a.sharedTopics.length || b.free - a.free || byName.compare(a.name, b.name))
    .slice(0, VIRTUAL_LIMIT);

  if (found.length) {
    await audit(scope, {
      action: 'matching.virtual_view',
      entityType: 'MenteeEntry',
      entityId: menteeEntryId,
      details: { mentorEntryIds: found.map((m) => m.mentorEntryId) },
    });
    // Each organization sees in its own journal that its people were shown to another one.
    const byOrganization = new Map<number, number[]>();
    for (const m of found) byOrganization.set(m.organizationId, [...(byOrganization.get(m.organizationId) ?? []), m.mentorEntryId]);
    for (const [otherId, mentorEntryIds] of byOrganization) {
      // Written into the other organization's journal: through the portal client, not this scope's.
      await audit({ db: scope.portal, actor: scope.actor }, {
        organizationId: otherId,
        action: 'matching.virtual_view',
        entityType: 'MentorEntry',
        entityId: mentorEntryIds.join(','),
        details: { viewedByOrganizationId: ownId, mentorEntryIds },
      });
    }
  }
  return found.map(({ organizationId: _org, free: _free, ...shown }) => shown);
}

// ---- «Подобрать всем» ----------------------------------------------------------------------------

/** The form a proposal's draft gets: a group is «групповая»; a pair keeps the request's wish, else «традиционная». */
export function draftFormOf(proposal: { kind: 'pair' | 'group'; form: MentoringForm | null }): MentoringForm {
  return proposal.kind === 'group' ? 'GROUP' : (proposal.form ?? 'TRADITIONAL');
}

/** The checkbox value of a proposal (matching.schemas.ts POOL_ROW_PATTERN). */
export function poolRowKey(mentorStaffId: number, menteeStaffIds: number[], form: MentoringForm): string {
  return `${mentorStaffId}:${menteeStaffIds.join(',')}:${form}`;
}

/**
 * The whole waiting pool assigned at once (matching.assignment.ts planPool: exact, with the greedy order's
 * totals beside it), from the same profiles and weights as the overview and the per-mentee page, so each
 * proposed pair shows the same points and reasons. A person waiting with requests of two school years is
 * one mentee: the request that has waited longest.
 */
export async function poolMatching(scope: Scope, query: { shared?: '1' }) {
  const [waitingRows, mentors] = await Promise.all([waitingMenteeRows(scope), bankMentors(scope)]);
  const { weights, custom } = weightsOf(waitingRows.matchingWeights);
  const seen = new Set<number>();
  const firstPerPerson = waitingRows.mentees.filter((e) => !seen.has(e.staffMember.id) && seen.add(e.staffMember.id));
  const mentees = firstPerPerson.map((e) => menteeProfile(e));
  const plan: PoolPlan<BankMentee, BankMentor> = planPool(mentees, mentors, weights, { sharedTopicOnly: query.shared === '1' });
  const now = Date.now();
  const proposals = plan.proposals.map((p) => {
    const form = draftFormOf(p);
    return {
      ...p,
      draftForm: form,
      key: poolRowKey(
        p.mentor.staffMemberId,
        p.members.map((m) => m.mentee.staffMemberId),
        form,
      ),
      points: p.members.reduce((sum, m) => sum + m.score.points, 0),
      members: p.members.map((m) => ({ ...m, waitingDays: daysSince(m.mentee.entry.enteredAt, now) })),
    };
  });
  return {
    optimal: plan.optimal,
    greedy: plan.greedy,
    proposals,
    unplaced: plan.unplaced,
    menteeCount: mentees.length,
    mentorCount: mentors.length,
    sharedOnly: query.shared === '1',
    weights,
    custom,
  };
}

export interface PoolOutcome {
  row: PoolRow;
  mentorName: string;
  menteeNames: string[];
  /** The draft made, or null: refused, with the pairs module's reasons. */
  pairId: number | null;
  problems: string[];
}

/**
 * Accepts the checked proposals as DRAFT pairs, one by one, through the pairs module (createPair checks every
 * hard rule — consents, available mentor, places, the request still waiting — when it saves, in its own
 * transaction). The pool may have changed since the page was shown: a row that no longer holds is refused
 * with the reasons and the others still go through.
 */
export async function acceptPool(scope: Scope, rows: PoolRow[]): Promise<PoolOutcome[]> {
  const term = schoolYearTerm(scope.today);
  const ids = [...new Set(rows.flatMap((r) => [r.mentorStaffId, ...r.menteeStaffIds]))];
  const people = await staffNameRows(scope, ids);
  const nameOf = (id: number) => {
    const person = people.find((p) => p.id === id);
    return person ? fullNameOf(person) : `сотрудник № ${id}`;
  };
  const outcomes: PoolOutcome[] = [];
  for (const row of rows) {
    const shown = { row, mentorName: nameOf(row.mentorStaffId), menteeNames: row.menteeStaffIds.map(nameOf) };
    try {
      const pair = await createPair(scope, {
        form: row.form,
        mentorStaffIds: [row.mentorStaffId],
        menteeStaffIds: row.menteeStaffIds,
        startsOn: term.startsOn,
        plannedEndOn: term.plannedEndOn,
        requestSummary: '',
        extraPay: null,
      });
      outcomes.push({ ...shown, pairId: pair.id, problems: [] });
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      outcomes.push({ ...shown, pairId: null, problems: Object.values(error.fieldErrors).flatMap((m) => m.split('; ')) });
    }
  }
  await audit(scope, {
    action: 'matching.pool_accept',
    entityType: 'Organization',
    entityId: scope.organization.id,
    details: { created: outcomes.filter((o) => o.pairId !== null).map((o) => o.pairId), refused: outcomes.filter((o) => o.pairId === null).length },
  });
  return outcomes;
}
