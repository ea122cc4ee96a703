import { Dec } from '../../../domain/src/common/decimal';
import type { MaintenanceFigures } from '../../../domain/src/incidents/case-figures.rules';
import { newWorkbook, workbookBuffer, writeTable } from '../xlsx/workbook-style';
import { CASE_FIGURE_GROUP_LABELS, CaseFigureGroup, CaseFigureRowOut } from './case-figures.query';

/** Minutes as a number shown with 1 decimal (half up); "—" when there is nothing to measure. */
export function minutesCell(m: number | null): number | string {
  return m === null ? '—' : new Dec(m).toDecimalPlaces(1).toNumber();
}

/** A rate as the ratio itself, shown as a percentage by the column's format; "—" without a denominator. */
function rateCell(rate: { toString(): string } | null, places = 4): number | string {
  return rate === null ? '—' : new Dec(rate.toString()).toDecimalPlaces(places + 2).toNumber();
}

const MINUTES = '0.0';
const PERCENT = '0.00%';

export interface CaseFiguresWorkbookInput {
  title: string;
  subtitle: string;
  group: CaseFigureGroup;
  rows: CaseFigureRowOut[];
  maintenance?: { periodLabel: string; figures: MaintenanceFigures } | null;
}

/** 事件统计 (one row per street, category or department, then 合计) and, for the centre, 系统运维. */
export async function renderCaseFiguresWorkbook(input: CaseFiguresWorkbookInput): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('事件统计');
  writeTable(ws, {
    title: input.title,
    subtitle: input.subtitle,
    columns: [
      { header: CASE_FIGURE_GROUP_LABELS[input.group], width: 22, align: 'left' },
      { header: '上报数', width: 9 },
      { header: '办结数', width: 9 },
      { header: '按期办结数', width: 11 },
      { header: '按期结案率', width: 11, numFmt: PERCENT },
      { header: '超期数', width: 9 },
      { header: '返工数', width: 9 },
      { header: '平均响应时长（分钟）', width: 12, numFmt: MINUTES },
      { header: '响应时长P95（分钟）', width: 12, numFmt: MINUTES },
      { header: '平均办理时长（分钟）', width: 12, numFmt: MINUTES },
      { header: '办理时长P95（分钟）', width: 12, numFmt: MINUTES },
      { header: '回访数', width: 9 },
      { header: '满意率', width: 10, numFmt: PERCENT },
    ],
    rows: input.rows.map((r) => [
      r.label,
      r.reported,
      r.closed,
      r.closedOnTime,
      rateCell(r.onTimeRate),
      r.overdue,
      r.returned,
      minutesCell(r.meanResponseMinutes),
      minutesCell(r.p95ResponseMinutes),
      minutesCell(r.meanHandlingMinutes),
      minutesCell(r.p95HandlingMinutes),
      r.satisfaction.calls,
      rateCell(r.satisfaction.rate),
    ]),
  });
  if (input.maintenance) {
    const m = input.maintenance.figures;
    const ms = wb.addWorksheet('系统运维');
    writeTable(ms, {
      title: '系统运行维护情况',
      subtitle: input.maintenance.periodLabel,
      columns: [
        { header: '项目', width: 30, align: 'left' },
        { header: '数值', width: 20 },
      ],
      rows: [
        ['运维工单数', m.tickets],
        ['已响应工单数', m.responded],
        ['故障停机时长（分钟）', m.downtimeMinutes.toNumber()],
        ['统计期总时长（分钟）', m.periodMinutes],
        ['系统故障率', rateCell(m.failureRate, 4)],
        ['最长响应时间（分钟）', minutesCell(m.maxResponseMinutes)],
        ['响应时间P95（分钟）', minutesCell(m.p95ResponseMinutes)],
        ['平均响应时间（分钟）', minutesCell(m.meanResponseMinutes)],
      ],
    });
    // one column of mixed figures: each number gets its own format (data rows start under the header, row 4)
    const formats: Record<number, string> = { 4: '0.00##%', 5: MINUTES, 6: MINUTES, 7: MINUTES };
    for (const [index, fmt] of Object.entries(formats)) {
      const cell = ms.getCell(Number(index) + 4, 2);
      if (typeof cell.value === 'number') cell.numFmt = fmt;
    }
  }
  return workbookBuffer(wb);
}
