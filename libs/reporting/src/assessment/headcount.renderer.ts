import type { Workbook, Worksheet } from 'exceljs';
import { maskIdNumber } from '@app/domain/common/masking';
import { HEADCOUNT_STATUS_LABELS, HeadcountStatus, HeadcountSubtotal, HeadcountTable } from '@app/domain/assessment/headcount.rules';
import { DEFAULT_SERVICE_MONTH_RULE } from '@app/domain/roster/employment.rules';
import { newWorkbook, setupA4, workbookBuffer } from '../xlsx/workbook-style';
import { lookup, Lookup, NoticeColumn, num, setColumns, writeHeader, writeLine, writeRow, writeSignatures } from './notice-sheet.helpers';

export interface HeadcountWorkerNames {
  name: string;
  communityName: string;
  gridName: string;
  /** Shown masked (430***********1234) whatever is given; omit to leave the column empty. */
  idNumber?: string | null;
}

export interface HeadcountWorkbookInput {
  /** From `buildHeadcountTable`. */
  table: HeadcountTable;
  /** Filling unit, e.g. 芦淞区网格化管理服务中心. */
  unitName: string;
  streetNames: Lookup<string>;
  workers: Lookup<HeadcountWorkerNames>;
  /** Confirmation state per street, shown on its sheet. */
  streetStatus?: Lookup<HeadcountStatus>;
  /** The service-month rule's share, for the note (default one half). */
  minActiveShare?: number;
}

export function headcountTitle(year: number, quarter: number): string {
  return `${year}年第${quarter}季度网格员在岗情况核实表`;
}

export function headcountFileName(year: number, quarter: number): string {
  return `${headcountTitle(year, quarter)}.xlsx`;
}

const COLUMNS: NoticeColumn[] = [
  { header: '序号', width: 6 },
  { header: '镇（街道）', width: 11 },
  { header: '社区（村）', width: 12 },
  { header: '网格', width: 11 },
  { header: '姓名', width: 9 },
  { header: '身份证号', width: 21 },
  { header: '系统核定\n在岗月数', width: 10 },
  { header: '镇街更正\n月数', width: 10 },
  { header: '更正原因', width: 22, align: 'left' },
  { header: '核定\n在岗月数', width: 10 },
  { header: '奖金基数（元）', width: 13, numFmt: '#,##0.00' },
];
const N = COLUMNS.length;

function ruleNote(input: HeadcountWorkbookInput): string {
  const share = input.minActiveShare ?? DEFAULT_SERVICE_MONTH_RULE.minActiveShare;
  const rule = share === 0.5 ? '当月在岗天数达到当月天数一半及以上的计为1个月' : `当月在岗天数达到当月天数的${Math.round(share * 10000) / 100}%及以上的计为1个月`;
  return `说明：在岗月数依网格员入职、停职、复职、离职记录核定，${rule}；镇街对核定月数有异议的，在“镇街更正月数”栏填写并注明原因。奖金基数 = 月度奖金标准 × 核定在岗月数。`;
}

function subtotalValues(label: string, s: HeadcountSubtotal, derived: number): Array<string | number | null> {
  // the label spans columns 1..6
  return [label, null, null, null, null, null, derived, null, null, s.months, num(s.bonusBase)];
}

/** Writes one table (all streets, or one) with subtotals; returns the next free row. */
function writeTable(ws: Worksheet, input: HeadcountWorkbookInput, streets: HeadcountTable['streets'], withTotal: boolean, firstRow: number): number {
  let r = firstRow;
  let seq = 0;
  for (const s of streets) {
    const streetName = lookup(input.streetNames, s.streetId, 'street');
    for (const row of s.rows) {
      const w = lookup(input.workers, row.workerId, 'worker');
      r = writeRow(ws, r, COLUMNS, [
        ++seq,
        streetName,
        w.communityName,
        w.gridName,
        w.name,
        w.idNumber ? maskIdNumber(w.idNumber) : '',
        row.derivedMonths,
        row.correctedMonths,
        row.correctionReason,
        row.months,
        num(row.bonusBase),
      ]);
    }
    const derived = s.rows.reduce((n, x) => n + x.derivedMonths, 0);
    r = writeRow(ws, r, COLUMNS, subtotalValues(`${streetName}小计（${s.subtotal.workerCount}人）`, s.subtotal, derived), { bold: true, mergeFirst: 6 });
  }
  if (withTotal) {
    const t = input.table.total;
    const derived = streets.reduce((n, s) => n + s.rows.reduce((m, x) => m + x.derivedMonths, 0), 0);
    r = writeRow(ws, r, COLUMNS, subtotalValues(`全区合计（${t.workerCount}人）`, t, derived), { bold: true, mergeFirst: 6 });
  }
  return r;
}

function writeSheet(
  wb: Workbook,
  sheetName: string,
  input: HeadcountWorkbookInput,
  streets: HeadcountTable['streets'],
  options: { withTotal: boolean; heading: string; signatures: string[] },
): void {
  const { year, quarter, monthlyStandard } = input.table;
  const ws = wb.addWorksheet(sheetName);
  setColumns(ws, COLUMNS);
  let r = writeLine(ws, 1, N, headcountTitle(year, quarter), { kind: 'title' });
  r = writeLine(ws, r, N, `${options.heading}\u3000月度奖金标准：${monthlyStandard.toFixed(2)}元/人·月`, { kind: 'subtitle', height: 22 });
  const header = r;
  r = writeHeader(ws, r, COLUMNS);
  ws.getRow(header).height = 42;
  r = writeTable(ws, input, streets, options.withTotal, r);
  r = writeLine(ws, r, N, ruleNote(input));
  r = writeSignatures(ws, r + 1, N, options.signatures);
  writeLine(ws, r, N, '日期：\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日', { align: 'right', height: 28 });
  setupA4(ws, { repeatRows: `${header}:${header}`, orientation: 'landscape' });
}

/**
 * The workbook for the finance bureau: a summary sheet of all streets with subtotals and the district
 * total, then one sheet per street for its operator to sign.
 */
export function buildHeadcountWorkbook(input: HeadcountWorkbookInput): Workbook {
  const wb = newWorkbook();
  writeSheet(wb, '全区汇总', input, input.table.streets, {
    withTotal: true,
    heading: `填报单位：${input.unitName}`,
    signatures: ['经办人（签字）', '审核人（签字）', '单位负责人（签字）'],
  });
  const used = new Set<string>(['全区汇总']);
  for (const s of input.table.streets) {
    const streetName = lookup(input.streetNames, s.streetId, 'street');
    // sheet names: at most 31 characters, none of : \ / ? * [ ], unique
    let name = streetName.replace(/[:\\/?*[\]]/g, '_').slice(0, 28);
    for (let i = 2; used.has(name); i++) name = `${streetName.slice(0, 26)}(${i})`;
    used.add(name);
    const status = input.streetStatus ? lookup(input.streetStatus, s.streetId, 'street status') : null;
    writeSheet(wb, name, input, [s], {
      withTotal: false,
      heading: `镇（街道）：${streetName}${status ? `（${HEADCOUNT_STATUS_LABELS[status]}）` : ''}`,
      signatures: ['镇街经办人（签字）', '审核人（签字）', '镇街（盖章）'],
    });
  }
  return wb;
}

export async function renderHeadcountWorkbook(input: HeadcountWorkbookInput): Promise<Buffer> {
  return workbookBuffer(buildHeadcountWorkbook(input));
}
