/**
 * The roadmap as printed, from the plan's data, in the seed's layout (prisma/seed/roadmap.txt): the
 * organization's name in capitals, «Дорожная карта (план мероприятий) по реализации Положения о системе
 * наставничества…», then the table «№ / Наименование этапа / Содержание деятельности и примерный план
 * мероприятий / Сроки / Ответственные» — one row per measure, the stage named on its first. The same rows
 * make appendix 2 of the Regulation order (`roadmapAppendixOf`, drafted by the orders module through the face;
 * an approved order keeps its frozen text).
 */
import type { DocumentDescription } from '../../core/documents/index.ts';
import type { Scope } from '../../core/scope.ts';
import { schoolYearOf } from '../../domain/dates.ts';
import { defaultMeasures, planOf, schoolYearLabel, whenText, type Plan } from './roadmap.plan.ts';
import { roadmapStages } from './roadmap.stages.ts';

export const ROADMAP_TITLE = 'Дорожная карта (план мероприятий) по реализации Положения о системе наставничества педагогических работников в образовательной организации';

export const ROADMAP_COLUMNS = ['№', 'Наименование этапа', 'Содержание деятельности и примерный план мероприятий', 'Сроки', 'Ответственные'] as const;

/** The table's rows: [№, stage (on the stage's first measure only), measure, when, responsible]. A stage without measures keeps its row. */
export function roadmapRows(plan: Plan): [string, string, string, string, string][] {
  return roadmapStages().flatMap((stage) => {
    const measures = plan.measures.filter((m) => m.stage === stage.number);
    if (measures.length === 0) return [[`${stage.number}.`, stage.title, '', '', ''] as [string, string, string, string, string]];
    return measures.map((m, i): [string, string, string, string, string] => [
      `${stage.number}.${i + 1}.`,
      i === 0 ? stage.title : '',
      m.text,
      whenText(plan.schoolYear, m),
      m.responsible,
    ]);
  });
}

/** Pure: the printed roadmap of a plan. */
export function roadmapDocument(organization: { fullName: string }, plan: Plan): DocumentDescription {
  return {
    fileTitle: `Дорожная карта ${plan.schoolYear}-${plan.schoolYear + 1}`,
    organization: [organization.fullName.toUpperCase()],
    heading: ROADMAP_TITLE,
    body: [
      { kind: 'paragraph', text: `на ${schoolYearLabel(plan.schoolYear)}`, align: 'center', indent: false },
      {
        kind: 'table',
        columns: [
          // The stage and «Ответственные» columns fit their longest words («персонализированных») at table type size: cells are not hyphenated.
          { title: ROADMAP_COLUMNS[0], width: 0.5 },
          { title: ROADMAP_COLUMNS[1], width: 3 },
          { title: ROADMAP_COLUMNS[2], width: 3.6 },
          { title: ROADMAP_COLUMNS[3], width: 1.4 },
          { title: ROADMAP_COLUMNS[4], width: 2.2 },
        ],
        rows: roadmapRows(plan),
      },
    ],
  };
}

export async function roadmapDocumentOf(scope: Scope, schoolYear: number): Promise<DocumentDescription> {
  const [organization, plan] = await Promise.all([scope.db.organization.findFirstOrThrow({ select: { fullName: true } }), planOf(scope, schoolYear)]);
  return roadmapDocument(organization, plan);
}

/** A table cell of an order's appendix (one line: «|» would start a new cell, a line break ends the row). */
const cell = (text: string) => text.replace(/\|/g, '/').replace(/\s*\r?\n\s*/g, '<br>').trim();

/** Pure: a plan as appendix 2 of the Regulation order — the title and the table as the orders' appendices write tables (one «| … |» line per row). */
export function roadmapAppendixOfPlan(plan: Plan): { title: string; text: string } {
  const header = `| ${ROADMAP_COLUMNS.join(' | ')} |`;
  const rows = roadmapRows(plan).map((row) => `| ${row.map(cell).join(' | ')} |`);
  return { title: ROADMAP_TITLE, text: [header, `|${'---|'.repeat(ROADMAP_COLUMNS.length)}`, ...rows].join('\n') };
}

/** Appendix 2 of the Regulation order, from the plan of the school year `today` is in (stored, or the defaults). */
export async function roadmapAppendixOf(scope: Pick<Scope, 'db' | 'organization' | 'today'>): Promise<{ title: string; text: string }> {
  return roadmapAppendixOfPlan(await planOf(scope, schoolYearOf(scope.today)));
}

/** Pure: appendix 2 from the defaults of a school year (for texts made without the database). */
export function defaultRoadmapAppendix(schoolYear: number): { title: string; text: string } {
  return roadmapAppendixOfPlan({ schoolYear, stored: false, measures: defaultMeasures() });
}
