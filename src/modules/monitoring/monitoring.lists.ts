/**
 * The lists behind the monitoring page's figures (figure = list): each list selects the rows of the SAME
 * named rule the figure counts (monitoring.rules.ts), with what a person needs to recognise them — the pair's
 * members, the person, the plan item — and a link. The list's total is the rule's row count.
 */
import type { Scope } from '../../core/scope.ts';
import { QUALIFICATION_LABELS } from '../../domain/people.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import {
  assessmentScoresSql,
  checkinScoresSql,
  groupsFormedSql,
  growthSql,
  menteesCategoryRoseSql,
  menteesWithMentorSql,
  menteesWithoutMentorSql,
  monitoringRespondentsSql,
  pairsFormedSql,
  planItemsDueSql,
  planItemsOnTimeSql,
  programmesCompletedSql,
  schoolYearWindow,
  waitDaysSql,
  youngSpecialistsSql,
  type SchoolYearWindow,
} from './monitoring.rules.ts';
import { keptStatement } from './monitoring.kept.ts';
import { SELF_ASSESSMENT } from './monitoring.templates.ts';

/** The most rows a list shows (its total is always the whole count). */
export const LIST_LIMIT = 500;

export interface ListRow {
  title: string;
  href: string | null;
  detail: string;
  /** 'YYYY-MM-DD' or null. */
  date: string | null;
}

const personName = (staff: string) => Sql.raw(`concat_ws(' ', ${staff}."lastName", ${staff}."firstName", NULLIF(${staff}."middleName", ''))`);

/** «Наставник: …; наставляемые: …» of a pair (organizationId and id as SQL expressions). */
const pairMembersSql = (organizationId: Sql.Sql, pairId: Sql.Sql) => Sql.sql`(SELECT
    'Наставник: ' || coalesce(string_agg(${personName('lm_s')}, ', ' ORDER BY lm_s."lastName") FILTER (WHERE lm.role = 'MENTOR'), '—')
    || '; наставляемые: ' || coalesce(string_agg(${personName('lm_s')}, ', ' ORDER BY lm_s."lastName") FILTER (WHERE lm.role = 'MENTEE'), '—')
    FROM "PairMember" lm JOIN "StaffMember" lm_s ON lm_s."organizationId" = lm."organizationId" AND lm_s.id = lm."staffMemberId"
   WHERE lm."organizationId" = ${organizationId} AND lm."pairId" = ${pairId})`;

/** A category's label in the words of the staff card (QUALIFICATION_LABELS), for a list's text. */
const categoryLabelSql = (category: Sql.Sql) =>
  Sql.sql`(CASE ${category}::text ${Sql.raw(Object.entries(QUALIFICATION_LABELS).map(([c, label]) => `WHEN '${c}' THEN '${label.replace(/'/g, "''")}'`).join(' '))} END)`;

/** A number with one decimal, Russian style: «4,5». */
const ru = (value: Sql.Sql) => Sql.sql`replace(round(${value}, 1)::text, '.', ',')`;

type ListSql = (ids: number[], w: SchoolYearWindow) => Sql.Sql;

const pairRows = (rule: ListSql): ListSql => (ids, w) => Sql.sql`
  SELECT 'Пара (группа) № ' || r."pairId" AS title, '/pairs/' || r."pairId" AS href, ${pairMembersSql(Sql.raw('r."organizationId"'), Sql.raw('r."pairId"'))} AS detail,
         r."startsOn"::text AS date
    FROM (${rule(ids, w)}) r ORDER BY r."startsOn", r."pairId"`;

const menteeRows = (rule: ListSql, withWait: boolean): ListSql => (ids, w) => Sql.sql`
  SELECT ${personName('s')} AS title, '/bank/mentees/' || r."entryId" AS href,
         ${withWait ? Sql.sql`'Наставник с ' || to_char(r."pairStartsOn", 'DD.MM.YYYY') || ', ожидание ' || ${waitDaysSql(Sql.raw('r'))} || ' дн.'` : Sql.sql`'Без наставника'`} AS detail,
         r."enteredOn"::text AS date
    FROM (${rule(ids, w)}) r JOIN "StaffMember" s ON s."organizationId" = r."organizationId" AND s.id = r."staffMemberId"
   ORDER BY s."lastName", s."firstName", r."entryId"`;

const itemRows = (rule: ListSql): ListSql => (ids, w) => Sql.sql`
  SELECT i.activity AS title, '/programmes/' || r."programmeId" AS href,
         CASE WHEN r."onTime" THEN 'Выполнено в срок' WHEN r."doneOn" IS NOT NULL THEN 'Выполнено ' || to_char(r."doneOn", 'DD.MM.YYYY') || ', позже срока' ELSE 'Не выполнено' END AS detail,
         r."dueOn"::text AS date
    FROM (${rule(ids, w)}) r JOIN "PlanItem" i ON i."organizationId" = r."organizationId" AND i.id = r."itemId"
   ORDER BY r."dueOn", r."itemId"`;

/** Each figure's list: its heading and rows. The keys are the page's and the URL's (/monitoring/lists/<key>). */
export const LISTS: Record<string, { title: string; rows: ListSql }> = {
  'pairs-formed': { title: 'Сформированные пары и группы', rows: pairRows(pairsFormedSql) },
  'groups-formed': { title: 'Сформированные группы', rows: pairRows(groupsFormedSql) },
  'mentees-with-mentor': { title: 'Наставляемые с наставником', rows: menteeRows(menteesWithMentorSql, true) },
  'mentees-without-mentor': { title: 'Наставляемые без наставника', rows: menteeRows(menteesWithoutMentorSql, false) },
  'plan-items-due': { title: 'Мероприятия планов, срок которых наступил', rows: itemRows(planItemsDueSql) },
  'plan-items-on-time': { title: 'Мероприятия планов, выполненные в срок', rows: itemRows(planItemsOnTimeSql) },
  'programmes-completed': {
    title: 'Завершённые программы наставничества',
    rows: (ids, w) => Sql.sql`
      SELECT p.title, '/programmes/' || r."programmeId" AS href, ${pairMembersSql(Sql.raw('r."organizationId"'), Sql.raw('r."pairId"'))} AS detail, r."completedOn"::text AS date
        FROM (${programmesCompletedSql(ids, w)}) r JOIN "Programme" p ON p."organizationId" = r."organizationId" AND p.id = r."programmeId"
       ORDER BY r."completedOn", r."programmeId"`,
  },
  checkins: {
    title: 'Ответы на опрос «Как идёт работа в паре?»',
    rows: (ids, w) => Sql.sql`
      SELECT 'Пара (группа) № ' || r."pairId" AS title, '/pairs/' || r."pairId" || '#checkins' AS href, 'Оценка встреч: ' || r.score AS detail,
             (resp."submittedAt" AT TIME ZONE o."timeZone")::date::text AS date
        FROM (${checkinScoresSql(ids, w)}) r JOIN "QuestionnaireResponse" resp ON resp."organizationId" = r."organizationId" AND resp.id = r."responseId"
        JOIN "Organization" o ON o.id = r."organizationId"
       ORDER BY resp."submittedAt", r."responseId"`,
  },
  assessments: {
    title: 'Итоговые оценки программ участниками',
    rows: (ids, w) => Sql.sql`
      SELECT ${personName('s')} AS title, '/programmes/' || r."programmeId" AS href,
             CASE WHEN r.role = 'MENTOR' THEN 'Наставник' ELSE 'Наставляемый' END || ', оценка ' || r.score AS detail, NULL::text AS date
        FROM (${assessmentScoresSql(ids, w)}) r JOIN "StaffMember" s ON s."organizationId" = r."organizationId" AND s.id = r."staffMemberId"
       ORDER BY r."programmeId", s."lastName"`,
  },
  'monitoring-expected': { title: 'Участники завершённых программ: анкеты мониторинга', rows: respondentRows(false) },
  'monitoring-answered': { title: 'Участники завершённых программ, заполнившие анкету мониторинга', rows: respondentRows(true) },
  growth: {
    title: 'Рост компетенций наставляемых (самооценка в начале и в конце программы)',
    rows: (ids, w) => Sql.sql`
      SELECT ${personName('s')} AS title, '/programmes/' || g."programmeId" AS href,
             'Программа № ' || g."programmeId" || ': в начале ' || ${ru(Sql.sql`avg(g."startScore")`)} || ', в конце ' || ${ru(Sql.sql`avg(g."endScore")`)}
               || ', изменение ' || CASE WHEN avg(g."endScore" - g."startScore") > 0 THEN '+' ELSE '' END || ${ru(Sql.sql`avg(g."endScore" - g."startScore")`)} AS detail, NULL::text AS date
        FROM (${growthSql(SELF_ASSESSMENT.key)(ids, w)}) g JOIN "StaffMember" s ON s."organizationId" = g."organizationId" AND s.id = g."staffMemberId"
       GROUP BY g."programmeId", g."staffMemberId", s."lastName", s."firstName", s."middleName"
       ORDER BY s."lastName", s."firstName", g."programmeId"`,
  },
  'category-rose': {
    title: 'Наставляемые, у которых повысилась квалификационная категория',
    rows: (ids, w) => Sql.sql`
      SELECT ${personName('s')} AS title, '/staff/' || r."staffMemberId" AS href,
             'Категория: ' || ${categoryLabelSql(Sql.raw('r."fromCategory"'))} || ' → ' || ${categoryLabelSql(Sql.raw('r."toCategory"'))}
               || '; наставник с ' || to_char(r."pairStartsOn", 'DD.MM.YYYY') AS detail,
             r."effectiveOn"::text AS date
        FROM (${menteesCategoryRoseSql(ids, w)}) r JOIN "StaffMember" s ON s."organizationId" = r."organizationId" AND s.id = r."staffMemberId"
       ORDER BY s."lastName", s."firstName", r."entryId"`,
  },
  'young-specialists': { title: 'Молодые специалисты с наставником', rows: youngRows(false) },
  'young-specialists-stayed': { title: 'Молодые специалисты, оставшиеся в профессии', rows: youngRows(true) },
};

function respondentRows(answeredOnly: boolean): ListSql {
  return (ids, w) => Sql.sql`
    SELECT ${personName('s')} AS title, '/programmes/' || r."programmeId" AS href,
           CASE WHEN r.role = 'MENTOR' THEN 'Наставник' ELSE 'Наставляемый' END || CASE WHEN r.answered THEN ', анкета заполнена' ELSE ', анкета не заполнена' END AS detail,
           NULL::text AS date
      FROM (${monitoringRespondentsSql(ids, w)}) r JOIN "StaffMember" s ON s."organizationId" = r."organizationId" AND s.id = r."staffMemberId"
     ${answeredOnly ? Sql.sql`WHERE r.answered` : Sql.empty}
     ORDER BY r."programmeId", s."lastName", s.id`;
}

function youngRows(stayedOnly: boolean): ListSql {
  return (ids, w) => Sql.sql`
    SELECT ${personName('s')} AS title, '/staff/' || r."staffMemberId" AS href,
           CASE WHEN r.stayed THEN 'Работает' ELSE 'Уволился(-ась) в течение года' END AS detail, r."pairStartsOn"::text AS date
      FROM (${youngSpecialistsSql(ids, w)}) r JOIN "StaffMember" s ON s."organizationId" = r."organizationId" AND s.id = r."staffMemberId"
     ${stayedOnly ? Sql.sql`WHERE r.stayed` : Sql.empty}
     ORDER BY s."lastName", s."firstName", r."entryId"`;
}

export function isListKey(key: string): boolean {
  return Object.hasOwn(LISTS, key);
}

/** One list of the organization for the school year: its total and its first LIST_LIMIT rows (one statement). */
export async function indicatorList(scope: Scope, key: string, schoolYear: number): Promise<{ title: string; total: number; rows: ListRow[] }> {
  const list = LISTS[key]!;
  const statement = keptStatement(
    `list:${key}:${scope.organization.id}:${schoolYear}:${scope.today}:${scope.organization.timeZone}`,
    () => Sql.sql`SELECT listed.*, count(*) OVER ()::int AS total FROM (${list.rows([scope.organization.id], schoolYearWindow(schoolYear, scope.today, scope.organization.timeZone))}) listed LIMIT ${LIST_LIMIT}`,
  );
  const rows = await scope.db.$queryRaw<(ListRow & { total: number })[]>(statement);
  // Each row written out without the total: a rest copy of the raw row (`({ total, ...row }) => row`) takes V8's slow path.
  return { title: list.title, total: rows[0]?.total ?? 0, rows: rows.map((r) => ({ title: r.title, href: r.href, detail: r.detail, date: r.date })) };
}
