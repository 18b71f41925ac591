/**
 * Matching pages: bank rows → plain profiles → matching.score.ts. Each page loads the organization's
 * mentors (with competencies), the mentees, consents and mentor load in a fixed number of queries.
 */
import { audit } from '../../core/audit.ts';
import { NotFoundError } from '../../core/errors.ts';
import { fullNameOf } from '../../domain/people.ts';
import { pageOf } from '../../core/pagination.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import type { Prisma as P } from '../../generated/prisma/client.ts';
import type { MenteeStatus, MentorStatus, MentoringForm } from '../../generated/prisma/enums.ts';
import { staffWithValidConsent, validConsentWhere } from '../consents/index.ts';
import { LOAD_STATUSES, mentorLoad } from '../pairs/index.ts';
import { setMatchingWeights } from '../settings/index.ts';
import {
  WEIGHT_KEYS,
  proposeGroups,
  rankMentors,
  sharedTopicNames,
  weightsFrom,
  type MatchingWeights,
  type MenteeProfile,
  type MentorProfile,
} from './matching.score.ts';

/** Mentees the search is for; mentors who may take someone. */
export const WAITING_STATUSES: MenteeStatus[] = ['NEW', 'IN_BANK'];
export const BANK_MENTOR_STATUSES: MentorStatus[] = ['APPROVED', 'ACTIVE'];

/** How many mentors of other organizations a virtual suggestion lists. */
export const VIRTUAL_LIMIT = 10;

// ---- weights ------------------------------------------------------------------------------------

export async function loadWeights(scope: Scope) {
  const org = await scope.db.organization.findFirst({ select: { matchingWeights: true } });
  return { weights: weightsFrom(org?.matchingWeights), custom: org?.matchingWeights != null };
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

const personSelect = { id: true, lastName: true, firstName: true, middleName: true, position: true, ageGroup: true } as const;

const menteeSelect = {
  id: true,
  status: true,
  category: true,
  desiredForm: true,
  requestText: true,
  enteredAt: true,
  staffMember: { select: { ...personSelect, lineManagerId: true, experienceYears: true } },
  topics: { select: { topic: { select: { name: true, sortOrder: true } } } },
} as const;

type MenteeRow = P.MenteeEntryGetPayload<{ select: typeof menteeSelect }>;

export interface BankMentor extends MentorProfile {
  entryId: number;
  status: MentorStatus;
}

export interface BankMentee extends MenteeProfile {
  entry: MenteeRow;
}

function topicNames(rows: { topic: { name: string; sortOrder: number } }[]): string[] {
  return [...rows].sort((a, b) => a.topic.sortOrder - b.topic.sortOrder || a.topic.name.localeCompare(b.topic.name, 'ru')).map((r) => r.topic.name);
}

function menteeProfile(entry: MenteeRow, consented: Set<number>, form?: MentoringForm | null): BankMentee {
  const person = entry.staffMember;
  return {
    entry,
    staffMemberId: person.id,
    name: fullNameOf(person),
    position: person.position,
    ageGroup: person.ageGroup,
    lineManagerId: person.lineManagerId,
    topics: topicNames(entry.topics),
    form: form === undefined ? entry.desiredForm : form,
    hasConsent: consented.has(person.id),
  };
}

/** The organization's bank of mentors who may take someone (approved or already mentoring, still working). */
async function bankMentorRows(scope: Scope) {
  return scope.db.mentorEntry.findMany({
    where: { status: { in: BANK_MENTOR_STATUSES }, staffMember: { archivedAt: null } },
    orderBy: [{ staffMember: { lastName: 'asc' } }, { id: 'asc' }],
    select: {
      id: true,
      status: true,
      maxMentees: true,
      forms: true,
      trainingStatus: true,
      staffMember: { select: { ...personSelect, experienceYears: true, qualificationCategory: true } },
      competencies: { select: { topic: { select: { name: true, sortOrder: true } } } },
    },
  });
}

/**
 * Mentors as profiles, with consent and load: two more queries whatever the bank's size.
 * `extraStaffIds` are the mentees whose consent the same query should answer.
 */
async function bankMentors(scope: Scope, extraStaffIds: number[]) {
  const rows = await bankMentorRows(scope);
  const mentorStaffIds = rows.map((r) => r.staffMember.id);
  const [consented, load] = await Promise.all([
    staffWithValidConsent(scope, [...new Set([...mentorStaffIds, ...extraStaffIds])], 'PERSONAL_DATA'),
    mentorLoad(scope, mentorStaffIds),
  ]);
  const mentors: BankMentor[] = rows.map((r) => ({
    entryId: r.id,
    status: r.status,
    staffMemberId: r.staffMember.id,
    name: fullNameOf(r.staffMember),
    position: r.staffMember.position,
    ageGroup: r.staffMember.ageGroup,
    experienceYears: r.staffMember.experienceYears,
    category: r.staffMember.qualificationCategory,
    topics: topicNames(r.competencies),
    forms: r.forms,
    training: r.trainingStatus,
    maxMentees: r.maxMentees,
    load: load.get(r.staffMember.id) ?? 0,
    hasConsent: consented.has(r.staffMember.id),
  }));
  return { mentors, consented };
}

/** «/pairs/new?mentor=…&mentee=…&form=…» — the pairs module's creation form, filled in. */
export function pairHref(mentorStaffId: number, menteeStaffIds: number[], form: MentoringForm): string {
  const params = new URLSearchParams({ mentor: String(mentorStaffId) });
  for (const id of menteeStaffIds) params.append('mentee', String(id));
  params.set('form', form);
  return `/pairs/new?${params.toString()}`;
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
  const [{ weights, custom }, entries] = await Promise.all([
    loadWeights(scope),
    scope.db.menteeEntry.findMany({
      where: {
        status: { in: WAITING_STATUSES },
        staffMember: { archivedAt: null, pairMembers: { none: { role: 'MENTEE', pair: { status: { in: LOAD_STATUSES } } } } },
      },
      orderBy: [{ enteredAt: 'asc' }, { id: 'asc' }],
      select: menteeSelect,
    }),
  ]);
  const { mentors, consented } = await bankMentors(scope, entries.map((e) => e.staffMember.id));
  const mentees = entries.map((e) => menteeProfile(e, consented));

  const page = pageOf(mentees.length, query.page);
  const now = Date.now();
  const waiting = mentees.slice(page.skip, page.skip + page.perPage).map((mentee) => {
    const best = rankMentors(mentee, mentors, weights).ranked[0] ?? null;
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
    ...g,
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
  const entry = await scope.db.menteeEntry.findFirst({ where: { id: entryId }, select: menteeSelect });
  if (!entry) throw new NotFoundError('Запись банка наставляемых не найдена');
  const [{ weights, custom }, { mentors, consented }, openPairs, lineManager] = await Promise.all([
    loadWeights(scope),
    bankMentors(scope, [entry.staffMember.id]),
    scope.db.pair.findMany({
      where: { status: { in: LOAD_STATUSES }, members: { some: { role: 'MENTEE', staffMemberId: entry.staffMember.id } } },
      select: { id: true, status: true },
    }),
    entry.staffMember.lineManagerId
      ? scope.db.staffMember.findFirst({ where: { id: entry.staffMember.lineManagerId }, select: { lastName: true, firstName: true, middleName: true } })
      : null,
  ]);
  const form = query.form ?? entry.desiredForm;
  const mentee = menteeProfile(entry, consented, form);
  const waiting = WAITING_STATUSES.includes(entry.status);
  const ranking = rankMentors(mentee, mentors, weights);
  const pairForm: MentoringForm = form ?? 'TRADITIONAL';
  const ranked = ranking.ranked.map((match) => ({ match, pairHref: pairHref(match.mentor.staffMemberId, [mentee.staffMemberId], pairForm) }));

  await audit(scope, {
    action: 'matching.view',
    entityType: 'MenteeEntry',
    entityId: entry.id,
    details: { ranked: ranking.ranked.length, excluded: ranking.excluded.length, form },
  });

  // No one here shares a topic with the request: look at the other organizations of the portal.
  const virtual = waiting && mentee.hasConsent && ranking.ranked.length === 0 ? await virtualMentors(scope, entry.id, mentee.topics) : null;

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
  const rows = await scope.portal.mentorEntry.findMany({
    where: {
      organizationId: { not: ownId },
      status: { in: BANK_MENTOR_STATUSES },
      staffMember: { archivedAt: null, consents: { some: validConsentWhere('PERSONAL_DATA') } },
      competencies: { some: { topic: { archivedAt: null, OR: topics.map((name) => ({ name: { equals: name, mode: 'insensitive' as const } })) } } },
    },
    orderBy: { id: 'asc' },
    take: 200,
    select: {
      id: true,
      organizationId: true,
      maxMentees: true,
      organization: { select: { shortName: true } },
      staffMember: {
        select: {
          id: true,
          lastName: true,
          firstName: true,
          middleName: true,
          position: true,
          consents: { where: validConsentWhere('PERSONAL_DATA'), select: { organizationId: true } },
        },
      },
      competencies: { where: { topic: { archivedAt: null } }, select: { topic: { select: { name: true } } } },
    },
  });
  // The consent must be one given to the mentor's own organization (the operator of their data).
  const consented = rows.filter((r) => r.staffMember.consents.some((c) => c.organizationId === r.organizationId));
  // Load across organizations in one query; mentorLoad is per organization, so its rule is applied here.
  const staffIds = consented.map((r) => r.staffMember.id);
  const pairs = staffIds.length
    ? await scope.portal.pair.findMany({
        where: { organizationId: { in: [...new Set(consented.map((r) => r.organizationId))] }, status: { in: LOAD_STATUSES }, members: { some: { role: 'MENTOR', staffMemberId: { in: staffIds } } } },
        select: { organizationId: true, members: { select: { role: true, staffMemberId: true } } },
      })
    : [];
  const load = new Map<number, number>();
  for (const pair of pairs) {
    const mentees = pair.members.filter((m) => m.role === 'MENTEE').length;
    for (const m of pair.members) if (m.role === 'MENTOR') load.set(m.staffMemberId, (load.get(m.staffMemberId) ?? 0) + mentees);
  }

  const collator = new Intl.Collator('ru-RU');
  const found = consented
    .map((r) => ({
      mentorEntryId: r.id,
      organizationId: r.organizationId,
      organizationName: r.organization.shortName,
      name: fullNameOf(r.staffMember),
      position: r.staffMember.position,
      sharedTopics: sharedTopicNames(topics, r.competencies.map((c) => c.topic.name)),
      free: r.maxMentees - (load.get(r.staffMember.id) ?? 0),
    }))
    .filter((m) => m.sharedTopics.length > 0 && m.free > 0)
    .sort((a, b) => b.sharedTopics.length - a.sharedTopics.length || b.free - a.free || collator.compare(a.name, b.name))
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
