/**
 * The roadmap as data: each organization's plan of measures for a school year (1 September – 31 August) —
 * the seed's table, one row per measure: the stage, what is done, when, who is responsible. The methodist
 * edits it (add, edit, reorder, remove); the stage states (roadmap.states.ts), the printed roadmap
 * (roadmap.document.ts) and the Regulation order's appendix 2 are made from it.
 *
 * Until the methodist first changes a year's plan, that year's plan is the defaults, read without being
 * stored (a GET never writes): the seed's activities, each with the default dates and responsible below.
 * The first change stores the defaults and then applies itself (ensurePlan).
 */
import { z } from 'zod';
import { audit } from '../../core/audit.ts';
import { NotFoundError } from '../../core/errors.ts';
import { parseForm, requiredText } from '../../core/forms.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { dbDateOf, isoOfDbDate, monthBounds, parseDateText, ruDate, schoolYearOf } from '../../domain/dates.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { roadmapStages } from './roadmap.stages.ts';

/** Calendar months in the order of a school year: September first, August last. */
export const SCHOOL_MONTHS = [9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8] as const;

export const MONTH_NAMES: Record<number, string> = {
  1: 'январь', 2: 'февраль', 3: 'март', 4: 'апрель', 5: 'май', 6: 'июнь',
  7: 'июль', 8: 'август', 9: 'сентябрь', 10: 'октябрь', 11: 'ноябрь', 12: 'декабрь',
};

/** «2026/2027 учебный год» for the school year 2026. */
export function schoolYearLabel(year: number): string {
  return `${year}/${year + 1} учебный год`;
}

/** The calendar year a month of school year `year` falls in (September–December: the first, January–August: the next). */
export function calendarYearOf(schoolYear: number, month: number): number {
  return month >= 9 ? schoolYear : schoolYear + 1;
}

/** The position of a month in the school year (September 0 … August 11). */
export function schoolMonthIndex(month: number): number {
  return (month + 3) % 12;
}

/** When a measure is done: months of the school year, an exact date, or neither («в течение учебного года»). */
export interface MeasureWhen {
  fromMonth: number | null;
  toMonth: number | null;
  /** 'YYYY-MM-DD' */
  dueOn: string | null;
}

export interface PlanMeasure extends MeasureWhen {
  /** null for a default not stored yet. */
  id: number | null;
  stage: number;
  position: number;
  text: string;
  responsible: string;
}

export interface MeasurePeriod {
  startsOn: string | null;
  dueOn: string;
}

/**
 * The periods of month ranges by school year and months (at most 144 per school year): every dashboard finds the
 * period of every measure of the plan, the same few ranges each time. Shared, so frozen.
 */
const monthRangePeriods = new Map<string, Readonly<MeasurePeriod>>();

/** The days a measure spans in its school year: it starts on `startsOn` (null: unknown) and is due by `dueOn`. */
export function measurePeriod(schoolYear: number, when: MeasureWhen): Readonly<MeasurePeriod> {
  if (when.dueOn) return { startsOn: null, dueOn: when.dueOn };
  if (when.fromMonth && when.toMonth) {
    const key = `${schoolYear}:${when.fromMonth}:${when.toMonth}`;
    let period = monthRangePeriods.get(key);
    if (!period) {
      const from = `${calendarYearOf(schoolYear, when.fromMonth)}-${String(when.fromMonth).padStart(2, '0')}`;
      const to = `${calendarYearOf(schoolYear, when.toMonth)}-${String(when.toMonth).padStart(2, '0')}`;
      monthRangePeriods.set(key, (period = Object.freeze({ startsOn: monthBounds(from).first, dueOn: monthBounds(to).last })));
    }
    return period;
  }
  return { startsOn: `${schoolYear}-09-01`, dueOn: `${schoolYear + 1}-08-31` };
}

/** The «Сроки» cell: «сентябрь 2026 г.», «октябрь 2026 г. – май 2027 г.», «до 15.10.2026», «в течение учебного года». */
export function whenText(schoolYear: number, when: MeasureWhen): string {
  if (when.dueOn) return `до ${ruDate(when.dueOn)}`;
  if (!when.fromMonth || !when.toMonth) return 'в течение учебного года';
  const fromYear = calendarYearOf(schoolYear, when.fromMonth);
  const toYear = calendarYearOf(schoolYear, when.toMonth);
  if (when.fromMonth === when.toMonth) return `${MONTH_NAMES[when.fromMonth]} ${fromYear} г.`;
  if (fromYear === toYear) return `${MONTH_NAMES[when.fromMonth]} – ${MONTH_NAMES[when.toMonth]} ${toYear} г.`;
  return `${MONTH_NAMES[when.fromMonth]} ${fromYear} г. – ${MONTH_NAMES[when.toMonth]} ${toYear} г.`;
}

// ---- the defaults ------------------------------------------------------------------------------------

const CURATOR = 'Старший воспитатель (куратор наставничества)';

/**
 * Dates and responsible for the seed's activities (the seed lists what is done, not when or by whom): per
 * stage, one entry per activity in the seed's order — [from month, to month, responsible]; no months: the
 * whole school year. The usual rhythm of a kindergarten's year: the acts and the banks in September, the
 * pairs and the training in October–November, the work through the year, the results in April–May.
 */
const DEFAULT_SCHEDULE: Record<number, [number | null, number | null, string][]> = {
  1: [[9, 9, 'Заведующий'], [9, 10, 'Заведующий, старший воспитатель (куратор наставничества)'], [9, 10, `${CURATOR}, наставники`]],
  2: [[9, 9, CURATOR], [9, 10, CURATOR]],
  3: [[9, 9, CURATOR], [9, 10, CURATOR]],
  4: [[10, 10, CURATOR], [10, 11, CURATOR]],
  5: [[10, 10, CURATOR], [10, 11, `${CURATOR}, наставники`], [10, 5, CURATOR]],
  6: [[4, 5, CURATOR], [4, 4, `${CURATOR}, наставники`], [5, 5, `Заведующий, ${CURATOR.toLowerCase()}`]],
  7: [[null, null, CURATOR]],
};

let defaults: PlanMeasure[] | undefined;

/** The defaults of a plan: the seed's activities as measures, with the default dates and responsible. */
export function defaultMeasures(): PlanMeasure[] {
  // Built once (the city page asks for them per kindergarten without a stored plan); each caller gets its own copies.
  defaults ??= roadmapStages().flatMap((stage) =>
    stage.activities.map((activity, i) => {
      const [fromMonth, toMonth, responsible] = DEFAULT_SCHEDULE[stage.number]?.[i] ?? [null, null, CURATOR];
      return { id: null, stage: stage.number, position: i + 1, text: activity.replace(/^\d+\)\s*/, ''), fromMonth, toMonth, dueOn: null, responsible };
    }),
  );
  return defaults.map((m) => ({ ...m }));
}

// ---- reading ---------------------------------------------------------------------------------------

const measureSelect = { id: true, stage: true, position: true, text: true, fromMonth: true, toMonth: true, dueOn: true, responsible: true } as const;

type MeasureRow = { id: number; stage: number; position: number; text: string; fromMonth: number | null; toMonth: number | null; dueOn: Date | null; responsible: string };

function measureOf(row: MeasureRow): PlanMeasure {
  return { ...row, dueOn: row.dueOn ? isoOfDbDate(row.dueOn) : null };
}

const byStageAndPosition = (a: PlanMeasure, b: PlanMeasure) => a.stage - b.stage || a.position - b.position || (a.id ?? 0) - (b.id ?? 0);

export interface Plan {
  schoolYear: number;
  /** Stored (the methodist has changed it), or still the defaults. */
  stored: boolean;
  measures: PlanMeasure[];
}

/**
 * A school year's stored measures as ONE SQL expression (every home page of those who run the mentoring reads
 * them, in the dashboard's one statement): a JSON array of the measures (empty for a stored plan without any),
 * NULL when the plan is not stored. `planFrom` makes the plan of it. The organization: its id, or a column naming it.
 */
export function planMeasuresSql(organizationId: number | Sql.Sql, schoolYear: number): Sql.Sql {
  return Sql.sql`(SELECT COALESCE(json_agg(json_build_object(
      'id', m.id, 'stage', m.stage, 'position', m.position, 'text', m.text, 'fromMonth', m."fromMonth", 'toMonth', m."toMonth",
      'dueOn', m."dueOn", 'responsible', m.responsible)) FILTER (WHERE m.id IS NOT NULL), '[]')
    FROM "RoadmapPlan" p LEFT JOIN "RoadmapMeasure" m ON m."organizationId" = p."organizationId" AND m."planId" = p.id
   WHERE p."organizationId" = ${organizationId} AND p."schoolYear" = ${schoolYear}
   GROUP BY p.id)`;
}

/** The measures as `planMeasuresSql` gives them (a date as 'YYYY-MM-DD'). */
export type StoredMeasures = (Omit<MeasureRow, 'dueOn'> & { dueOn: string | null })[] | null;

/**
 * The plan of a school year nobody has stored: the defaults, one object per school year shared by every reader (every
 * dashboard and city row of a kindergarten without a stored plan), so frozen — what is derived from it once
 * (roadmap.states.ts: the measures by stage, their periods and «Сроки») is kept with it.
 */
const defaultPlans = new Map<number, Plan>();

export function defaultPlan(schoolYear: number): Plan {
  let plan = defaultPlans.get(schoolYear);
  if (!plan) {
    const measures = Object.freeze(defaultMeasures().map((m) => Object.freeze(m))) as PlanMeasure[];
    defaultPlans.set(schoolYear, (plan = Object.freeze({ schoolYear, stored: false, measures })));
  }
  return plan;
}

/** The plan from `planMeasuresSql`'s value: the stored one, or the defaults. */
export function planFrom(schoolYear: number, stored: StoredMeasures): Plan {
  if (!stored) return defaultPlan(schoolYear);
  return { schoolYear, stored: true, measures: stored.sort(byStageAndPosition) };
}

/** A school year's plan: the stored one, or the defaults (one statement: `planMeasuresSql`). */
export async function planOf(scope: Pick<Scope, 'db' | 'organization'>, schoolYear: number): Promise<Plan> {
  const [row] = await scope.db.$queryRaw<{ measures: StoredMeasures }[]>`SELECT ${planMeasuresSql(scope.organization.id, schoolYear)} AS measures`;
  return planFrom(schoolYear, row!.measures);
}

/** The plan of the school year `today` is in. */
export function currentPlan(scope: Pick<Scope, 'db' | 'organization' | 'today'>): Promise<Plan> {
  return planOf(scope, schoolYearOf(scope.today));
}

/**
 * Plans of many organizations at once (the city page): one query through the portal's cross-organization
 * client; an organization without a stored plan gets the defaults.
 */
export async function plansOf(scope: Pick<Scope, 'portal'>, organizationIds: number[], schoolYear: number): Promise<Map<number, Plan>> {
  const rows = await scope.portal.roadmapPlan.findMany({
    where: { organizationId: { in: organizationIds }, schoolYear },
    select: { organizationId: true, measures: { select: measureSelect } },
  });
  const stored = new Map(rows.map((r) => [r.organizationId, r.measures.map(measureOf).sort(byStageAndPosition)]));
  return new Map(organizationIds.map((id) => {
    const measures = stored.get(id);
    return [id, measures ? { schoolYear, stored: true, measures } : defaultPlan(schoolYear)];
  }));
}

export async function getMeasure(scope: Pick<Scope, 'db'>, id: number) {
  const row = await scope.db.roadmapMeasure.findFirst({ where: { id }, select: { ...measureSelect, plan: { select: { id: true, schoolYear: true } } } });
  if (!row) throw new NotFoundError('Мероприятие не найдено');
  return { ...measureOf(row), id: row.id, planId: row.plan.id, schoolYear: row.plan.schoolYear };
}

// ---- editing ---------------------------------------------------------------------------------------

/** The school year of a query or a form: a plausible first calendar year, else the current one. */
export const schoolYearParam = z.coerce.number().int().min(2000).max(2100);

const monthField = z
  .string()
  .optional()
  .transform((v) => (v ? Number(v) : null))
  .pipe(z.number().int().min(1, 'Выберите месяц из списка').max(12, 'Выберите месяц из списка').nullable());

const measureFields = z.object({
  stage: z
    .string({ error: 'Выберите этап' })
    .min(1, 'Выберите этап')
    .transform(Number)
    .pipe(z.number({ error: 'Выберите этап из списка' }).int('Выберите этап из списка').min(1, 'Выберите этап из списка').max(7, 'Выберите этап из списка')),
  text: requiredText('Мероприятие', 2_000),
  fromMonth: monthField,
  toMonth: monthField,
  dueOn: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text?.trim()) return null;
      const date = parseDateText(text.trim());
      if (!date) {
        ctx.addIssue({ code: 'custom', message: 'Введите дату в виде ДД.ММ.ГГГГ' });
        return z.NEVER;
      }
      return isoOfDbDate(date);
    }),
  responsible: requiredText('Ответственные', 300),
});

export type MeasureInput = z.infer<typeof measureFields>;

/**
 * A measure's form for a plan of `schoolYear`: when is months (from–to; one of them is enough) OR a date
 * inside the school year, not both; the months in the school year's order.
 */
export function parseMeasureForm(body: unknown, schoolYear: number) {
  const schema = measureFields
    .transform((m) => ({ ...m, fromMonth: m.fromMonth ?? m.toMonth, toMonth: m.toMonth ?? m.fromMonth }))
    .superRefine((m, ctx) => {
      if (m.dueOn && m.fromMonth) {
        ctx.addIssue({ code: 'custom', path: ['dueOn'], message: 'Укажите либо месяцы, либо точную дату' });
      }
      if (m.fromMonth && m.toMonth && schoolMonthIndex(m.toMonth) < schoolMonthIndex(m.fromMonth)) {
        ctx.addIssue({ code: 'custom', path: ['toMonth'], message: 'Месяц окончания — не раньше месяца начала (учебный год идёт с сентября по август)' });
      }
      if (m.dueOn && (m.dueOn < `${schoolYear}-09-01` || m.dueOn > `${schoolYear + 1}-08-31`)) {
        ctx.addIssue({ code: 'custom', path: ['dueOn'], message: `Дата — в пределах учебного года: с 01.09.${schoolYear} по 31.08.${schoolYear + 1}` });
      }
    });
  return parseForm(schema, body);
}

/** A date moved by whole years (29 February into a common year: the 28th). */
export function shiftedByYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Is the plan of `schoolYear` stored (the methodist has made it the organization's own)? */
export async function hasStoredPlan(scope: Pick<Scope, 'db'>, schoolYear: number): Promise<boolean> {
  return (await scope.db.roadmapPlan.count({ where: { schoolYear } })) > 0;
}

/**
 * The plan of `schoolYear`, stored: made from the defaults if it is not yet — or, with `copyFrom`, from the
 * stored plan of that school year (its months as they are, its exact dates moved into this year). Two first
 * edits at once: the second insert meets the unique (organization, year) and reads the plan the first one made.
 */
export async function ensurePlan(scope: Scope, schoolYear: number, options: { copyFrom?: number } = {}): Promise<number> {
  const existing = await scope.db.roadmapPlan.findFirst({ where: { schoolYear }, select: { id: true } });
  if (existing) return existing.id;
  const source = options.copyFrom !== undefined && options.copyFrom !== schoolYear ? await planOf(scope, options.copyFrom) : null;
  const measures = source?.stored
    ? source.measures.map((m) => ({ ...m, dueOn: m.dueOn ? shiftedByYears(m.dueOn, schoolYear - source.schoolYear) : null }))
    : defaultMeasures();
  try {
    return await transaction(scope, async (tx) => {
      const plan = await tx.db.roadmapPlan.create({ data: { organizationId: tx.organization.id, schoolYear }, select: { id: true } });
      await tx.db.roadmapMeasure.createMany({
        data: measures.map((m) => ({
          organizationId: tx.organization.id,
          planId: plan.id,
          stage: m.stage,
          position: m.position,
          text: m.text,
          fromMonth: m.fromMonth,
          toMonth: m.toMonth,
          dueOn: m.dueOn ? dbDateOf(m.dueOn) : null,
          responsible: m.responsible,
        })),
      });
      await audit(tx, { action: 'roadmap.plan.create', entityType: 'RoadmapPlan', entityId: plan.id, details: { schoolYear, from: source?.stored ? source.schoolYear : 'defaults' } });
      return plan.id;
    });
  } catch (error) {
    if ((error as { code?: string }).code !== 'P2002') throw error;
    const made = await scope.db.roadmapPlan.findFirst({ where: { schoolYear }, select: { id: true } });
    if (!made) throw error;
    return made.id;
  }
}

async function nextPosition(scope: Pick<Scope, 'db'>, planId: number, stage: number): Promise<number> {
  const last = await scope.db.roadmapMeasure.aggregate({ where: { planId, stage }, _max: { position: true } });
  return (last._max.position ?? 0) + 1;
}

const dataOf = (input: MeasureInput) => ({
  stage: input.stage,
  text: input.text,
  fromMonth: input.fromMonth,
  toMonth: input.toMonth,
  dueOn: input.dueOn ? dbDateOf(input.dueOn) : null,
  responsible: input.responsible,
});

export async function createMeasure(scope: Scope, schoolYear: number, input: MeasureInput): Promise<number> {
  const planId = await ensurePlan(scope, schoolYear);
  return transaction(scope, async (tx) => {
    const measure = await tx.db.roadmapMeasure.create({
      data: { organizationId: tx.organization.id, planId, position: await nextPosition(tx, planId, input.stage), ...dataOf(input) },
      select: { id: true },
    });
    await audit(tx, { action: 'roadmap.measure.create', entityType: 'RoadmapMeasure', entityId: measure.id, details: { schoolYear, stage: input.stage } });
    return measure.id;
  });
}

export async function updateMeasure(scope: Scope, id: number, input: MeasureInput): Promise<void> {
  const measure = await getMeasure(scope, id);
  await transaction(scope, async (tx) => {
    // A measure moved to another stage goes to the end of it.
    const position = measure.stage === input.stage ? measure.position : await nextPosition(tx, measure.planId, input.stage);
    await tx.db.roadmapMeasure.update({ where: { organizationId_id: { organizationId: tx.organization.id, id } }, data: { ...dataOf(input), position } });
    await audit(tx, { action: 'roadmap.measure.update', entityType: 'RoadmapMeasure', entityId: id, details: { stage: input.stage } });
  });
}

export async function removeMeasure(scope: Scope, id: number): Promise<{ schoolYear: number }> {
  const measure = await getMeasure(scope, id);
  await transaction(scope, async (tx) => {
    await tx.db.roadmapMeasure.delete({ where: { organizationId_id: { organizationId: tx.organization.id, id } } });
    await audit(tx, { action: 'roadmap.measure.delete', entityType: 'RoadmapMeasure', entityId: id, details: { stage: measure.stage, text: measure.text.slice(0, 200) } });
  });
  return { schoolYear: measure.schoolYear };
}

/** Up or down within its stage: swaps places with the neighbour (nothing at the edge). */
export async function moveMeasure(scope: Scope, id: number, direction: 'up' | 'down'): Promise<{ schoolYear: number }> {
  const measure = await getMeasure(scope, id);
  await transaction(scope, async (tx) => {
    const siblings = (await tx.db.roadmapMeasure.findMany({ where: { planId: measure.planId, stage: measure.stage }, select: { id: true, position: true }, orderBy: [{ position: 'asc' }, { id: 'asc' }] }));
    const index = siblings.findIndex((s) => s.id === id);
    const other = siblings[direction === 'up' ? index - 1 : index + 1];
    if (!other) return;
    // Positions renumbered 1…n in the new order (ties from older data come apart too).
    const order = siblings.map((s) => s.id);
    order[index] = other.id;
    order[direction === 'up' ? index - 1 : index + 1] = id;
    for (const [i, measureId] of order.entries()) {
      await tx.db.roadmapMeasure.update({ where: { organizationId_id: { organizationId: tx.organization.id, id: measureId } }, data: { position: i + 1 } });
    }
    await audit(tx, { action: 'roadmap.measure.move', entityType: 'RoadmapMeasure', entityId: id, details: { direction } });
  });
  return { schoolYear: measure.schoolYear };
}

/** The form's values of a stored measure. */
export function formValuesOf(measure: PlanMeasure) {
  return {
    stage: String(measure.stage),
    text: measure.text,
    fromMonth: measure.fromMonth ? String(measure.fromMonth) : '',
    toMonth: measure.toMonth ? String(measure.toMonth) : '',
    dueOn: measure.dueOn ?? '',
    responsible: measure.responsible,
  };
}

