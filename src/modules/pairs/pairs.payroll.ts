/**
 * The accountant's monthly table of extra pay for mentoring: one row per mentor and pair, the days the
 * pair was active in the month and the monthly amount pro rata.
 */
import ExcelJS from 'exceljs';
import { audit } from '../../core/audit.ts';
import type { Scope } from '../../core/scope.ts';
import { activeDaysInMonth, activePeriod, daysInMonth, dbDateOf, monthBounds, ruDate } from '../../domain/dates.ts';
import { MENTORING_FORM_LABELS } from '../../domain/mentoring.ts';
import { kopecksOf, proRataKopecks } from '../../domain/money.ts';
import { fullNameOf, initialsSurname } from '../../domain/people.ts';

export interface PayrollRow {
  mentor: string;
  position: string;
  pairId: number;
  pair: string;
  form: string;
  from: string;
  to: string;
  days: number;
  monthlyKopecks: number;
  dueKopecks: number;
}

/** Rows of the month, mentors by name. Only pairs an order made active count (ACTIVE, COMPLETED, ENDED_EARLY). */
export async function payrollRows(scope: Scope, month: string): Promise<{ rows: PayrollRow[]; daysOfMonth: number }> {
  const { first, last } = monthBounds(month);
  const organization = await scope.db.organization.findFirstOrThrow({ select: { mentorExtraPay: true, timeZone: true } });
  const pairs = await scope.db.pair.findMany({
    where: {
      status: { in: ['ACTIVE', 'COMPLETED', 'ENDED_EARLY'] },
      activatedAt: { not: null },
      startsOn: { lte: dbDateOf(last) },
      plannedEndOn: { gte: dbDateOf(first) },
      OR: [{ endedOn: null }, { endedOn: { gte: dbDateOf(first) } }],
    },
    select: {
      id: true,
      form: true,
      startsOn: true,
      plannedEndOn: true,
      activatedAt: true,
      endedOn: true,
      extraPay: true,
      members: { select: { role: true, staffMember: { select: { lastName: true, firstName: true, middleName: true, position: true } } } },
    },
  });
  const daysOfMonth = daysInMonth(month);
  const defaultKopecks = kopecksOf(organization.mentorExtraPay);
  const rows: PayrollRow[] = [];
  for (const pair of pairs) {
    const period = activePeriod(pair, organization.timeZone);
    if (!period) continue;
    const days = activeDaysInMonth(period.from, period.to, month);
    if (days === 0) continue;
    const monthlyKopecks = pair.extraPay === null ? defaultKopecks : kopecksOf(pair.extraPay);
    const mentees = pair.members.filter((m) => m.role === 'MENTEE').map((m) => initialsSurname(fullNameOf(m.staffMember)));
    for (const mentor of pair.members.filter((m) => m.role === 'MENTOR')) {
      rows.push({
        mentor: fullNameOf(mentor.staffMember),
        position: mentor.staffMember.position,
        pairId: pair.id,
        pair: `№ ${pair.id}: ${mentees.join(', ')}`,
        form: MENTORING_FORM_LABELS[pair.form],
        from: period.from,
        to: period.to,
        days,
        monthlyKopecks,
        dueKopecks: proRataKopecks(monthlyKopecks, days, daysOfMonth),
      });
    }
  }
  rows.sort((a, b) => a.mentor.localeCompare(b.mentor, 'ru') || a.pairId - b.pairId);
  return { rows, daysOfMonth };
}

const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];

/** «ноябрь 2026» */
export function monthTitle(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTHS[m - 1]} ${y}`;
}

export async function payrollWorkbook(scope: Scope, month: string): Promise<Buffer> {
  const { rows, daysOfMonth } = await payrollRows(scope, month);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Наставник';
  const sheet = workbook.addWorksheet('Доплаты');
  sheet.addRow([`Доплата за наставничество за ${monthTitle(month)} (дней в месяце: ${daysOfMonth})`]).font = { bold: true };
  sheet.addRow([]);
  const header = sheet.addRow([
    'ФИО наставника',
    'Должность',
    'Пара (группа)',
    'Форма наставничества',
    'Период наставничества в месяце',
    'Дней наставничества в месяце',
    'Доплата в месяц, руб.',
    'К начислению, руб.',
  ]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  sheet.columns = [{ width: 36 }, { width: 28 }, { width: 34 }, { width: 30 }, { width: 24 }, { width: 14 }, { width: 16 }, { width: 16 }];
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
  const money = '#,##0.00';
  for (const r of rows) {
    const { first, last } = monthBounds(month);
    const from = r.from > first ? r.from : first;
    const to = r.to < last ? r.to : last;
    const row = sheet.addRow([r.mentor, r.position, r.pair, r.form, `${ruDate(from)}–${ruDate(to)}`, r.days, r.monthlyKopecks / 100, r.dueKopecks / 100]);
    row.getCell(7).numFmt = money;
    row.getCell(8).numFmt = money;
  }
  const totalKopecks = rows.reduce((sum, r) => sum + r.dueKopecks, 0);
  const total = sheet.addRow(['Итого', '', '', '', '', '', '', totalKopecks / 100]);
  total.font = { bold: true };
  total.getCell(8).numFmt = money;
  await audit(scope, { action: 'payroll.export', entityType: 'Pair', details: { month, rows: rows.length } });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
