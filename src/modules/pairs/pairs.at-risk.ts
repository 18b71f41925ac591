/**
 * «Пары под риском» — the pairs module's named rule (one definition for the methodist's list /pairs/at-risk and
 * the dashboard's count): an ACTIVE pair is at risk when
 *   - quiet: nothing was done, marked or commented in its programme for the organization's N days
 *     (Organization.atRiskQuietDays, default 21);
 *   - overdue: its programme has an open plan item past its date;
 *   - flagged: it needs attention (a member withdrew a consent or left — pairs.definitions.ts);
 *   - low check-in: the average score of its latest answered check-in «Как идёт работа в паре?» is at or below
 *     Organization.atRiskCheckinScore (default 4 of 10; the SQL comes from the questionnaires' face);
 * The programmes' facts come as SQL fragments through the programmes' face (this module never spells out their
 * tables); the thresholds are read from the organization's row inside the same statement.
 */
import type { Scope } from '../../core/scope.ts';
import { pageOf } from '../../core/pagination.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { programmeLastActivitySql, programmeOverdueSql, programmeQuietSql } from '../programmes/index.ts';
import { checkinLowScoreSql } from '../questionnaires/index.ts';
import { needsAttentionSql } from './pairs.definitions.ts';

/** The moment before which a programme counts as quiet: now minus the organization's days. */
function quietSinceSql(pair: Sql.Sql, now: Date): Sql.Sql {
  return Sql.sql`(${now}::timestamptz - make_interval(days => (SELECT risk_o."atRiskQuietDays" FROM "Organization" risk_o WHERE risk_o.id = ${pair}."organizationId")))`;
}

/** Each reason of the rule, as a boolean SQL expression over the pair alias. */
function reasonsSql(pair: Sql.Sql, scope: Pick<Scope, 'now' | 'today'>) {
  return {
    quiet: programmeQuietSql(pair, quietSinceSql(pair, scope.now)),
    overdue: programmeOverdueSql(pair, scope.today),
    attention: needsAttentionSql(pair),
    lowScore: checkinLowScoreSql(pair),
  };
}

/** The rule for raw SQL: «the pair `pair` is at risk» (an active pair with at least one reason). */
export function isAtRiskSql(pair: Sql.Sql, scope: Pick<Scope, 'now' | 'today'>): Sql.Sql {
  const r = reasonsSql(pair, scope);
  return Sql.sql`(${pair}.status = 'ACTIVE' AND (${r.quiet} OR ${r.overdue} OR ${r.attention} OR ${r.lowScore}))`;
}

interface AtRiskRow {
  id: number;
  quiet: boolean;
  overdue: boolean;
  attention: boolean;
  lowScore: boolean;
  attentionReason: string;
  lastActivityAt: Date | null;
  members: { role: 'MENTOR' | 'MENTEE'; lastName: string; firstName: string; middleName: string }[] | null;
}

/** One page of the pairs at risk, each with its reasons and people: one count, one page statement. */
export async function atRiskPairs(scope: Scope, requestedPage: number) {
  const org = scope.organization.id;
  const p = Sql.raw('p');
  const r = reasonsSql(p, scope);
  const [{ n, quietDays }] = (await scope.db.$queryRaw<{ n: number; quietDays: number }[]>`
    SELECT (SELECT count(*)::int FROM "Pair" p WHERE p."organizationId" = ${org} AND ${isAtRiskSql(p, scope)}) AS n,
           (SELECT o."atRiskQuietDays" FROM "Organization" o WHERE o.id = ${org}) AS "quietDays"`) as [{ n: number; quietDays: number }];
  const page = pageOf(n, requestedPage);
  const rows = await scope.db.$queryRaw<AtRiskRow[]>`
    SELECT p.id, ${r.quiet} AS quiet, ${r.overdue} AS overdue, ${r.attention} AS attention, ${r.lowScore} AS "lowScore", p."attentionReason",
           ${programmeLastActivitySql(p)} AS "lastActivityAt",
           (SELECT json_agg(json_build_object('role', m.role, 'lastName', s."lastName", 'firstName', s."firstName", 'middleName', s."middleName") ORDER BY m.role, s."lastName")
              FROM "PairMember" m JOIN "StaffMember" s ON s."organizationId" = m."organizationId" AND s.id = m."staffMemberId"
             WHERE m."organizationId" = p."organizationId" AND m."pairId" = p.id) AS members
      FROM "Pair" p
     WHERE p."organizationId" = ${org} AND ${isAtRiskSql(p, scope)}
     ORDER BY p.id
     LIMIT ${page.perPage} OFFSET ${page.skip}`;
  // Each row as one literal of its fields (spreading a row of a raw read takes V8's slow copying path, as in listPairs).
  const pairs = rows.map((row) => ({
    id: row.id,
    quiet: row.quiet,
    overdue: row.overdue,
    attention: row.attention,
    lowScore: row.lowScore,
    attentionReason: row.attentionReason,
    lastActivityAt: row.lastActivityAt,
    members: row.members ?? [],
  }));
  return { page, quietDays, pairs };
}
