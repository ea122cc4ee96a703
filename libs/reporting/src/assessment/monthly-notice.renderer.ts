import Decimal from 'decimal.js';
import type { Workbook } from 'exceljs';
import { Dec, shown } from '@app/domain/common/decimal';
import { lastDayOfMonth, firstDayOfMonth, LocalDate } from '@app/domain/calendar/shanghai';
import { SpotCheckCounts, SpotCheckSummary } from '@app/domain/assessment/spot-check-summary.rules';
import { rectificationLabel, RectificationStatus } from '@app/domain/assessment/rectification.rules';
import { newWorkbook, setupA4, workbookBuffer } from '../xlsx/workbook-style';
import { chineseDate, lookup, Lookup, NoticeColumn, num, setColumns, writeHeader, writeLine, writeRow } from './notice-sheet.helpers';

/** One failed item in the detail sheet; rows are listed in the order given. */
export interface MonthlyNoticeProblem {
  streetName: string;
  communityName: string;
  gridName: string;
  workerName: string;
  checkDay: LocalDate;
  itemName: string;
  deduction: Decimal.Value;
  problem: string;
  /** Null when no rectification was demanded. */
  rectification: { status: RectificationStatus; deadline: LocalDate } | null;
}

export interface MonthlyNoticeInput {
  year: number;
  month: number;
  /** Issuing unit printed under the table, e.g. 芦淞区网格化管理服务中心. */
  unitName: string;
  /** From `summariseSpotChecks`; its `asOf` is the day the rectification status is counted on. */
  summary: SpotCheckSummary;
  streetNames: Lookup<string>;
  problems: readonly MonthlyNoticeProblem[];
  /** Date printed under the unit name; defaults to `summary.asOf`. */
  issuedOn?: LocalDate;
}

export function monthlyNoticeTitle(year: number, month: number): string {
  return `${year}年${month}月网格员工作抽查情况通报`;
}

export function monthlyNoticeFileName(year: number, month: number): string {
  return `${monthlyNoticeTitle(year, month)}.xlsx`;
}

const SUMMARY_COLUMNS: NoticeColumn[] = [
  { header: '序号', width: 6 },
  { header: '镇（街道）', width: 14 },
  { header: '抽查次数', width: 9 },
  { header: '抽查人数', width: 9 },
  { header: '发现问题数', width: 9 },
  { header: '扣分合计', width: 9, numFmt: '0.00' },
  { header: '需整改数', width: 9 },
  { header: '已销号', width: 8 },
  { header: '未销号', width: 8 },
  { header: '其中逾期', width: 8 },
  { header: '销号率', width: 9, numFmt: '0.00%' },
];

const DETAIL_COLUMNS: NoticeColumn[] = [
  { header: '序号', width: 6 },
  { header: '镇（街道）', width: 12 },
  { header: '社区（村）', width: 12 },
  { header: '网格', width: 12 },
  { header: '网格员', width: 9 },
  { header: '抽查日期', width: 11 },
  { header: '抽查项目', width: 19 },
  { header: '扣分', width: 7, numFmt: '0.00' },
  { header: '问题描述', width: 34, align: 'left' },
  { header: '整改期限', width: 11 },
  { header: '整改状态', width: 21 },
];

/** 销号率 as shown: rounded half up to two decimals of a percent, or a dash when nothing was demanded. */
function closeRate(c: SpotCheckCounts): number | string {
  return c.rectificationRequired === 0 ? '—' : Number(shown(new Dec(c.rectified).div(c.rectificationRequired), 4).toFixed(4));
}

function countsRow(c: SpotCheckCounts): Array<number | string> {
  return [c.checks, c.workersChecked, c.problems, num(c.deduction)!, c.rectificationRequired, c.rectified, c.pending, c.overdue, closeRate(c)];
}

export function buildMonthlyNotice(input: MonthlyNoticeInput): Workbook {
  const { year, month, summary } = input;
  const wb = newWorkbook();
  const title = monthlyNoticeTitle(year, month);
  const t = summary.total;

  const ws = wb.addWorksheet('抽查情况');
  const n = SUMMARY_COLUMNS.length;
  setColumns(ws, SUMMARY_COLUMNS);
  let r = writeLine(ws, 1, n, title, { kind: 'title' });
  r = writeLine(
    ws,
    r,
    n,
    `统计期间：${chineseDate(firstDayOfMonth(year, month))}至${chineseDate(lastDayOfMonth(year, month))}\u3000整改情况统计截至：${chineseDate(summary.asOf)}`,
    { kind: 'subtitle', height: 22 },
  );
  r = writeLine(
    ws,
    r,
    n,
    `\u3000\u3000本月中心共抽查网格员工作${t.checks}次，涉及网格员${t.workersChecked}人，发现问题${t.problems}个，扣分合计${shown(t.deduction).toFixed(2)}分；` +
      `其中需整改问题${t.rectificationRequired}个，已销号${t.rectified}个，未销号${t.pending}个（逾期未整改${t.overdue}个）。各镇（街道）抽查情况如下：`,
  );
  const header = r;
  r = writeHeader(ws, r, SUMMARY_COLUMNS);
  summary.streets.forEach((s, i) => {
    r = writeRow(ws, r, SUMMARY_COLUMNS, [i + 1, lookup(input.streetNames, s.streetId, 'street'), ...countsRow(s)]);
  });
  r = writeRow(ws, r, SUMMARY_COLUMNS, ['合计', null, ...countsRow(t)], { bold: true, mergeFirst: 2 });
  r = writeLine(ws, r, n, '注：发现问题数为抽查不合格的检查项数；未销号含待整改和已整改待核销；逾期指超过整改期限仍未销号。');
  r = writeLine(ws, r + 1, n, input.unitName, { align: 'right' });
  writeLine(ws, r, n, chineseDate(input.issuedOn ?? summary.asOf), { align: 'right' });
  setupA4(ws, { repeatRows: `${header}:${header}` });

  const ds = wb.addWorksheet('问题清单');
  const m = DETAIL_COLUMNS.length;
  setColumns(ds, DETAIL_COLUMNS);
  let d = writeLine(ds, 1, m, `${year}年${month}月网格员工作抽查发现问题清单`, { kind: 'title' });
  d = writeLine(ds, d, m, `整改状态统计截至：${chineseDate(summary.asOf)}\u3000共${input.problems.length}个问题`, { kind: 'subtitle', height: 22 });
  const detailHeader = d;
  d = writeHeader(ds, d, DETAIL_COLUMNS);
  input.problems.forEach((p, i) => {
    d = writeRow(ds, d, DETAIL_COLUMNS, [
      i + 1,
      p.streetName,
      p.communityName,
      p.gridName,
      p.workerName,
      p.checkDay,
      p.itemName,
      num(p.deduction),
      p.problem,
      p.rectification?.deadline ?? '—',
      p.rectification ? rectificationLabel(p.rectification, summary.asOf) : '无需整改',
    ]);
  });
  if (input.problems.length === 0) writeLine(ds, d, m, '本月抽查未发现问题。', { align: 'center' });
  setupA4(ds, { repeatRows: `${detailHeader}:${detailHeader}`, orientation: 'landscape' });
  return wb;
}

export async function renderMonthlyNotice(input: MonthlyNoticeInput): Promise<Buffer> {
  return workbookBuffer(buildMonthlyNotice(input));
}
