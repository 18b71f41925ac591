/**
 * The annual report «Отчёт о реализации системы наставничества за 20__/20__ учебный год» (DOCX and PDF through
 * the shared document renderer, office layout) and its raw tables as XLSX. Everything in it comes from the same
 * named rules as the page: the key indicators, the change per competence, the charts' figures (as tables — a
 * printed report has no SVG), the SWOT analysis and the lists behind the figures.
 */
import ExcelJS from 'exceljs';
import { audit } from '../../core/audit.ts';
import type { Block, DocumentDescription } from '../../core/documents/index.ts';
import { BLANK_DATE } from '../../core/documents/index.ts';
import type { Scope } from '../../core/scope.ts';
import { initialsSurname } from '../../domain/people.ts';
import { growthByCompetence, keyIndicators } from './monitoring.indicators.ts';
import { indicatorList, LISTS } from './monitoring.lists.ts';
import { chartsOf, competenceRows, figuresOf, type CompetenceRow, type Chart, type Figure } from './monitoring.page.ts';
import { schoolYearLabel } from './monitoring.rules.ts';
import { QUADRANT_LABELS, QUADRANTS, swotNotes, swotOf, swotResponses, type SwotNote, type SwotStatement } from './monitoring.swot.ts';

export interface ReportInput {
  organization: { fullName: string; shortName: string; headName: string; headPosition: string };
  schoolYear: number;
  figures: { process: Figure[]; growth: Figure[] };
  competences: CompetenceRow[];
  charts: Chart[];
  statements: SwotStatement[];
  notes: SwotNote[];
  curatorName: string;
}

export const reportTitle = (schoolYear: number) => `Отчёт о реализации системы наставничества за ${schoolYearLabel(schoolYear)} учебный год`;

const figureTable = (figures: Figure[]): Block => ({
  kind: 'table',
  columns: [{ title: 'Показатель', width: 3 }, { title: 'Значение', width: 1.2 }, { title: 'Пояснение', width: 2.6 }],
  rows: figures.map((f) => [f.label, f.value, f.note ?? '']),
});

/** Pure: the report's description (unit-tested by its text). */
export function reportDocument(input: ReportInput): DocumentDescription {
  const { organization, schoolYear } = input;
  const body: Block[] = [
    {
      kind: 'paragraph',
      text: `Отчёт подготовлен по данным портала «Наставник» за период с 01.09.${schoolYear} по 31.08.${schoolYear + 1}. Мониторинг проведён в два этапа: оценка качества процесса реализации программ наставничества и оценка роста участников.`,
    },
    { kind: 'heading', text: '1. Качество процесса наставничества', align: 'left' },
    figureTable(input.figures.process),
    { kind: 'heading', text: '2. Рост участников', align: 'left' },
    figureTable(input.figures.growth),
    { kind: 'paragraph', text: 'Изменение самооценки профессиональных компетенций наставляемых (по 10-балльной шкале, в начале и в конце программы):', indent: false },
    {
      kind: 'table',
      columns: [{ title: 'Компетенция', width: 3 }, { title: 'Наставляемых', width: 1.1 }, { title: 'В начале', width: 1 }, { title: 'В конце', width: 1 }, { title: 'Изменение', width: 1 }],
      rows: input.competences.map((c) => [c.text, String(c.mentees), c.start, c.end, c.delta]),
    },
    { kind: 'heading', text: '3. Данные диаграмм', align: 'left' },
  ];
  input.charts.forEach((chart, i) => {
    body.push(
      { kind: 'paragraph', text: `Рисунок ${i + 1} — ${chart.title}`, indent: false, align: 'left' },
      { kind: 'table', columns: [{ title: chart.head[0], width: 3 }, { title: chart.head[1], width: 2 }], rows: chart.rows.map((r) => [r.label, r.note]) },
    );
  });
  body.push({ kind: 'heading', text: '4. SWOT-анализ', align: 'left' });
  for (const q of QUADRANTS) {
    const items = [
      ...input.statements.filter((s) => s.quadrant === q).map((s) => `${s.text} (ответов: ${s.answers.length})`),
      ...input.notes.filter((n) => n.quadrant === q).map((n) => n.text),
    ];
    body.push({ kind: 'paragraph', text: [{ text: `${QUADRANT_LABELS[q]}:`, bold: true }], indent: false, align: 'left' });
    if (items.length) body.push({ kind: 'points', items });
    else body.push({ kind: 'paragraph', text: 'нет данных', indent: false });
  }
  body.push({
    kind: 'signatures',
    rows: [{ position: 'Куратор наставничества', name: input.curatorName ? initialsSurname(input.curatorName) : '' }],
    date: 'blank',
  });
  return {
    fileTitle: reportTitle(schoolYear),
    organization: [organization.fullName],
    approval: ['УТВЕРЖДАЮ', `${organization.headPosition || 'Заведующий'} ${organization.shortName}`, `__________ ${organization.headName ? initialsSurname(organization.headName) : ''}`, BLANK_DATE],
    title: 'Отчёт',
    heading: `о реализации системы наставничества за ${schoolYearLabel(schoolYear)} учебный год`,
    body,
  };
}

/** The report of the organization's school year, from its data (audited: it is the year's official summary). */
export async function annualReport(scope: Scope, schoolYear: number): Promise<DocumentDescription> {
  const [organization, indicators, growth, responses, notes] = await Promise.all([
    scope.db.organization.findFirstOrThrow({ select: { fullName: true, shortName: true, headName: true, headPosition: true } }),
    keyIndicators(scope, schoolYear),
    growthByCompetence(scope, schoolYear),
    swotResponses(scope, schoolYear),
    swotNotes(scope, schoolYear),
  ]);
  await audit(scope, { action: 'monitoring.report', entityType: 'Organization', entityId: scope.organization.id, details: { schoolYear } });
  return reportDocument({
    organization,
    schoolYear,
    figures: figuresOf(indicators),
    competences: competenceRows(growth),
    charts: chartsOf(indicators),
    statements: swotOf(responses),
    notes,
    curatorName: scope.user?.role === 'METHODIST' ? scope.user.fullName : '',
  });
}

/** Sheet names: short (Excel allows 31 characters), one per list behind a figure. */
const SHEETS: Record<string, string> = {
  'pairs-formed': 'Пары и группы',
  'groups-formed': 'Группы',
  'mentees-with-mentor': 'С наставником',
  'mentees-without-mentor': 'Без наставника',
  'plan-items-due': 'Мероприятия со сроком',
  'plan-items-on-time': 'Мероприятия в срок',
  'programmes-completed': 'Завершённые программы',
  checkins: 'Опросы пар',
  assessments: 'Итоговые оценки',
  'monitoring-expected': 'Анкеты мониторинга',
  'monitoring-answered': 'Анкеты заполнены',
  growth: 'Рост компетенций',
  'category-rose': 'Категория повысилась',
  'young-specialists': 'Молодые специалисты',
  'young-specialists-stayed': 'Остались в профессии',
};

/** The raw tables: the indicators, the competences and every list behind a figure, one sheet each. */
export async function reportWorkbook(scope: Scope, schoolYear: number): Promise<Buffer> {
  const keys = Object.keys(LISTS);
  const [indicators, growth, ...lists] = await Promise.all([keyIndicators(scope, schoolYear), growthByCompetence(scope, schoolYear), ...keys.map((key) => indicatorList(scope, key, schoolYear))]);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Наставник';
  const figures = figuresOf(indicators);
  const summary = workbook.addWorksheet('Показатели');
  summary.addRow([reportTitle(schoolYear)]).font = { bold: true };
  summary.addRow(['Показатель', 'Значение', 'Пояснение']).font = { bold: true };
  for (const f of [...figures.process, ...figures.growth]) summary.addRow([f.label, f.count ?? f.value, f.note ?? '']);
  summary.columns = [{ width: 60 }, { width: 14 }, { width: 60 }];
  const competences = workbook.addWorksheet('Компетенции');
  competences.addRow(['Компетенция', 'Наставляемых', 'В начале', 'В конце', 'Изменение']).font = { bold: true };
  for (const c of competenceRows(growth)) competences.addRow([c.text, c.mentees, c.start, c.end, c.delta]);
  competences.columns = [{ width: 55 }, { width: 14 }, { width: 12 }, { width: 12 }, { width: 12 }];
  keys.forEach((key, i) => {
    const list = lists[i]!;
    const sheet = workbook.addWorksheet(SHEETS[key] ?? key.slice(0, 31));
    sheet.addRow([list.title]).font = { bold: true };
    sheet.addRow(['Кто или что', 'Подробности', 'Дата']).font = { bold: true };
    for (const row of list.rows) sheet.addRow([row.title, row.detail, row.date ?? '']);
    sheet.columns = [{ width: 40 }, { width: 70 }, { width: 14 }];
  });
  await audit(scope, { action: 'monitoring.report-tables', entityType: 'Organization', entityId: scope.organization.id, details: { schoolYear } });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
