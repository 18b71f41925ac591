/**
 * The city page's figures as stored rows (table "CityFigures", written here only): each kindergarten's stages and
 * key indicators exactly as `cityRows` computes them live, with the moment and the kindergarten's day they were
 * computed for. A page shows a stored row while it is younger than the maximum age (CITY_FIGURES_MAX_AGE_SECONDS)
 * and of the kindergarten's today; every other row of the page — missing, older, of another day — is computed
 * anew in ONE batch by the live rules and stored. Why: 25 live dashboards cost ~45 ms of PostgreSQL and ~12 ms of
 * our CPU per view, and a city overview does not need second-fresh figures (CONTEXT.md, «Снимок»).
 */
import type { Scope, ScopeOrganization } from '../../core/scope.ts';
import { isoOfDbDate, todayIn } from '../../domain/dates.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { KeyIndicators } from '../monitoring/index.ts';
import type { StageState } from '../roadmap/index.ts';

/**
 * The key counts of one kindergarten for the current school year (numbers only): the monitoring module's key
 * indicators (its one rule per figure, `keyIndicatorsOf`), so the city page shows what the kindergarten's own
 * /monitoring shows.
 */
export type CityIndicators = Pick<KeyIndicators, 'pairsFormed' | 'menteesWithMentor' | 'menteesWithoutMentor' | 'programmesCompleted' | 'mentorsOfYear' | 'mentorsInEvents'>;

/** A kindergarten's row of the city page: what is computed live (city.service.ts `cityRows`) and stored. */
export interface CityRow {
  organization: ScopeOrganization;
  stages: { number: number; title: string; state: StageState }[];
  indicators: CityIndicators;
}

/** A kindergarten's row with the moment its figures were computed at. */
export type CityFigures = CityRow & { computedAt: Date };

/**
 * A kindergarten's row as the city page shows it: its stages' states in the roadmap's order (the stages' numbers
 * and titles are the roadmap's, the same for every kindergarten: the page's headings), its indicators, and the
 * moment they were computed at.
 */
export interface CityPageRow {
  organization: ScopeOrganization;
  states: StageState[];
  indicators: CityIndicators;
  computedAt: Date;
}

/** A kindergarten of the page with its stored row, as the page's statement reads it (all null: no row yet). */
export interface StoredFigures {
  computedAt: Date | null;
  day: Date | null;
  states: StageState[] | null;
  indicators: CityIndicators | null;
}

/**
 * The stored row's columns for the page's statement, its table joined as `alias` (one place for their names). Of
 * the stages only their states: the titles, the same on every row, were nine tenths of its bytes.
 */
export const STORED_FIGURES_COLUMNS = (alias: string) =>
  `${alias}."computedAt", ${alias}.day, jsonb_path_query_array(${alias}.stages, '$[*].state') AS states, ${alias}.indicators`;

/**
 * One kindergarten's stored stages as an SQL expression for another page's statement (the public page /p/<slug>):
 * JSON of the moment, the day and the stages, null without a row. The store's `stagesOf` takes its value back.
 */
export function storedStagesSql(organizationId: number): Sql.Sql {
  return Sql.sql`(SELECT json_build_object('computedAt', f."computedAt", 'day', f.day, 'stages', f.stages) FROM "CityFigures" f WHERE f."organizationId" = ${organizationId})`;
}

/** `storedStagesSql`'s value: JSON, so the moment (UTC, timestamp(3)) and the day come as text. */
export interface StoredStages {
  computedAt: string;
  day: string;
  stages: CityRow['stages'];
}

type Compute = (scope: Scope, organizations: ScopeOrganization[]) => Promise<CityRow[]>;

/**
 * The figures of one app (its own computations in flight): `rowsOf(scope, page)` gives each kindergarten of the
 * page its figures, stored or computed anew. Concurrent views of the same stale rows in this process wait for
 * the same computation (single flight), and one that asks just after it takes the row it stored; other processes
 * may compute them too — the later moment wins the row.
 */
export function cityFigures(maxAgeSeconds: number, compute: Compute) {
  const maxAgeMs = maxAgeSeconds * 1000;
  const inFlight = new Map<number, Promise<Map<number, CityFigures>>>();

  /** A row computed at `computedAt` for the kindergarten's `day` (ISO) is shown: younger than the maximum age and of its today. */
  const fresh = (scope: Scope, timeZone: string, computedAt: number | null, day: string) =>
    maxAgeMs > 0 && computedAt !== null && scope.now.getTime() - computedAt < maxAgeMs && day === todayIn(timeZone, scope.now);

  /**
   * The rows stored anew since the view read them stale: between a view's read and its call here another view's
   * computation may have stored them and left the single flight (CI saw two computations of one row so). Read
   * again, one statement on this rare path; at maximum age 0 nothing is ever fresh, so nothing is read.
   */
  async function storedMeanwhile(scope: Scope, organizations: ScopeOrganization[]): Promise<Map<number, CityFigures>> {
    const meanwhile = new Map<number, CityFigures>();
    if (maxAgeMs === 0) return meanwhile;
    const byId = new Map(organizations.map((o) => [o.id, o]));
    const rows = await scope.portal.cityFigures.findMany({ where: { organizationId: { in: [...byId.keys()] } } });
    for (const row of rows) {
      const organization = byId.get(row.organizationId)!;
      if (fresh(scope, organization.timeZone, row.computedAt.getTime(), isoOfDbDate(row.day)))
        meanwhile.set(organization.id, { organization, stages: row.stages as CityRow['stages'], indicators: row.indicators as CityIndicators, computedAt: row.computedAt });
    }
    return meanwhile;
  }

  /**
   * Computes the rows by the live rules and stores them (a row of a kindergarten deleted meanwhile is skipped);
   * those stored anew meanwhile are taken as they are.
   */
  async function computeAndStore(scope: Scope, organizations: ScopeOrganization[]): Promise<Map<number, CityFigures>> {
    const meanwhile = await storedMeanwhile(scope, organizations);
    const stale = organizations.filter((o) => !meanwhile.has(o.id));
    if (!stale.length) return meanwhile;
    const computedAt = scope.now;
    const rows = await compute(scope, stale);
    const stored = rows.map(({ organization, stages, indicators }) => ({ organizationId: organization.id, day: todayIn(organization.timeZone, computedAt), stages, indicators }));
    await scope.portal.$executeRaw`
      INSERT INTO "CityFigures" ("organizationId", "computedAt", day, stages, indicators)
      SELECT r."organizationId", ${computedAt}::timestamp(3), r.day, r.stages, r.indicators
        FROM jsonb_to_recordset(${JSON.stringify(stored)}::jsonb) AS r("organizationId" int, day date, stages jsonb, indicators jsonb)
        JOIN "Organization" o ON o.id = r."organizationId"
      ON CONFLICT ("organizationId") DO UPDATE
        SET "computedAt" = excluded."computedAt", day = excluded.day, stages = excluded.stages, indicators = excluded.indicators
        WHERE "CityFigures"."computedAt" <= excluded."computedAt"`;
    for (const row of rows) meanwhile.set(row.organization.id, { ...row, computedAt });
    return meanwhile;
  }

  /** The rows' computation, shared with the views that ask for any of them while it runs. */
  async function recomputed(scope: Scope, organizations: ScopeOrganization[]): Promise<Map<number, CityFigures>> {
    const waited = new Set<Promise<Map<number, CityFigures>>>();
    const mine = organizations.filter((o) => {
      const running = inFlight.get(o.id);
      if (running) waited.add(running);
      return !running;
    });
    if (mine.length) {
      const batch = computeAndStore(scope, mine);
      for (const o of mine) inFlight.set(o.id, batch);
      const done = () => {
        for (const o of mine) if (inFlight.get(o.id) === batch) inFlight.delete(o.id);
      };
      batch.then(done, done);
      waited.add(batch);
    }
    const result = new Map<number, CityFigures>();
    for (const batch of await Promise.all(waited)) for (const [id, figures] of batch) result.set(id, figures);
    return result;
  }

  return {
    /** Each kindergarten's row, in the page's order: stored when fresh, else computed anew (one batch). */
    async rowsOf(scope: Scope, page: (ScopeOrganization & StoredFigures)[]): Promise<CityPageRow[]> {
      const stale = page.filter((row) => !fresh(scope, row.timeZone, row.computedAt?.getTime() ?? null, isoOfDbDate(row.day)));
      const computed = stale.length ? await recomputed(scope, stale.map(organizationOf)) : new Map<number, CityFigures>();
      return page.map((row) => {
        const anew = computed.get(row.id);
        if (anew) return { organization: anew.organization, states: anew.stages.map((stage) => stage.state), indicators: anew.indicators, computedAt: anew.computedAt };
        return { organization: organizationOf(row), states: row.states!, indicators: row.indicators!, computedAt: row.computedAt! };
      });
    },

    /**
     * The scope's kindergarten's stages (the public page): the row `storedStagesSql` read when fresh, else the row
     * computed anew and stored — the same row, maximum age and single flight as the city page's.
     */
    async stagesOf(scope: Scope, stored: StoredStages | null): Promise<CityRow['stages']> {
      if (stored && fresh(scope, scope.organization.timeZone, Date.parse(`${stored.computedAt}Z`), stored.day)) return stored.stages;
      const organization = organizationOf(scope.organization);
      return (await recomputed(scope, [organization])).get(organization.id)!.stages;
    },
  };
}

export type CityFiguresStore = ReturnType<typeof cityFigures>;

function organizationOf({ id, slug, shortName, fullName, timeZone }: ScopeOrganization): ScopeOrganization {
  return { id, slug, shortName, fullName, timeZone };
}
