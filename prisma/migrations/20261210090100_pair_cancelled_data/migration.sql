-- Pairs recorded as «прекращена досрочно» that no order ever made active were cancelled drafts or proposals:
-- they become CANCELLED. A pair that worked (activatedAt set) keeps ENDED_EARLY.
UPDATE "Pair" SET "status" = 'CANCELLED' WHERE "status" = 'ENDED_EARLY' AND "activatedAt" IS NULL;

-- Archiving a staff card now closes the person's bank entries at the source (banks subscribe to
-- staff.archived). People archived before keep that promise too: their open entries close, with the history.
WITH open_mentees AS (
  SELECT e.id, e."organizationId", e.status::text AS from_status
    FROM "MenteeEntry" e JOIN "StaffMember" s ON s."organizationId" = e."organizationId" AND s.id = e."staffMemberId"
   WHERE s."archivedAt" IS NOT NULL AND e.status NOT IN ('WITHDRAWN', 'COMPLETED')
), closed AS (
  UPDATE "MenteeEntry" e SET "status" = 'WITHDRAWN' FROM open_mentees o WHERE e.id = o.id RETURNING e.id
)
INSERT INTO "BankStatusChange" ("organizationId", "menteeEntryId", "fromStatus", "toStatus", "reason")
SELECT o."organizationId", o.id, o.from_status, 'WITHDRAWN', 'Сотрудник в архиве' FROM open_mentees o;

WITH open_mentors AS (
  SELECT e.id, e."organizationId", e.status::text AS from_status
    FROM "MentorEntry" e JOIN "StaffMember" s ON s."organizationId" = e."organizationId" AND s.id = e."staffMemberId"
   WHERE s."archivedAt" IS NOT NULL AND e.status <> 'LEFT'
), closed AS (
  UPDATE "MentorEntry" e SET "status" = 'LEFT' FROM open_mentors o WHERE e.id = o.id RETURNING e.id
)
INSERT INTO "BankStatusChange" ("organizationId", "mentorEntryId", "fromStatus", "toStatus", "reason")
SELECT o."organizationId", o.id, o.from_status, 'LEFT', 'Сотрудник в архиве' FROM open_mentors o;

-- Open pairs with a member in the archive need the methodist, as they would after archiving now.
UPDATE "Pair" p SET "attentionSince" = CURRENT_TIMESTAMP,
       "attentionReason" = 'участник прекратил работу в организации (карточка сотрудника в архиве)'
 WHERE p.status IN ('DRAFT', 'PROPOSED', 'ACTIVE') AND p."attentionSince" IS NULL
   AND EXISTS (SELECT 1 FROM "PairMember" m JOIN "StaffMember" s ON s."organizationId" = m."organizationId" AND s.id = m."staffMemberId"
                WHERE m."organizationId" = p."organizationId" AND m."pairId" = p.id AND s."archivedAt" IS NOT NULL);
