/**
 * The banks' named sets of statuses, for every other module (through the face): which requests still look
 * for a mentor, which are in the bank at all, which mentors the bank offers. Pairs build their rules
 * (waiting mentee, available mentor) on them; the bank lists filter by them.
 */
import type { MenteeStatus, MentorStatus } from '../../generated/prisma/enums.ts';

/** A request that still looks for a mentor: new or in the bank. */
export const SEEKING_MENTEE_STATUSES: MenteeStatus[] = ['NEW', 'IN_BANK'];

/** A request in the bank at all: everything but «выбыл». */
export const CURRENT_MENTEE_STATUSES: MenteeStatus[] = ['NEW', 'IN_BANK', 'PAIRED', 'COMPLETED'];

/** A mentor the bank offers: approved, or already mentoring. */
export const APPROVED_MENTOR_STATUSES: MentorStatus[] = ['APPROVED', 'ACTIVE'];

/** Why a person's entries close on their own (the history says it). */
export const ARCHIVED_REASON = 'Сотрудник в архиве';
