import type { Alignment, Font, Workbook, Worksheet } from 'exceljs';
import { shanghaiDate } from '../../../domain/src/calendar/shanghai';
import { firstLevelLabel } from '../../../domain/src/evaluation/indicator-template';
import { METRIC_DEFINITIONS } from '../../../domain/src/evaluation/metric-catalogue';
import {
  BODY_FONT,
  CENTER,
  displayWidth,
  FONT_FANGSONG,
  FONT_SONG,
  HEADER_FONT,
  LEFT,
  linesNeeded,
  newWorkbook,
  setCell,
  setupA4,
  THIN_BORDER,
  TITLE_FONT,
  workbookBuffer,
} from '../xlsx/workbook-style';
import { EvaluationSnapshot, formatQuantity, IndicatorResult } from './evaluation-snapshot';
import {
  CONTROL_COLUMNS,
  CONTROL_ROWS,
  ControlColumns,
  controlColumnLabel,
  FINDING_SEVERITY_LABELS,
  listFinanceFigures,
} from './finance-inputs';
import { GRADE_TIER_LABELS } from './scoring.calculator';

/**
 * The filled workbook of a self-evaluation snapshot: 附件2 (绩效自评表) and 附件1 (基础数据表) in the official
 * layout (DOMAIN.md §7), then 取数说明 and 数据校验. Everything comes from the snapshot; nothing is computed
 * here beyond layout. Numbers are real numbers with number formats; all text goes through setCell.
 */

export const SHEET_SELF_EVALUATION = '附件2';
export const SHEET_BASIC_DATA = '附件1';
export const SHEET_SOURCES = '取数说明';
export const SHEET_CHECKS = '数据校验';

const FMT_AMOUNT = '0.00';
const FMT_PERCENT = '0.00%';
const BODY: Partial<Font> = { ...BODY_FONT, size: 10 };
const HEAD: Partial<Font> = { ...HEADER_FONT, size: 10 };
const TEXT: Partial<Font> = { name: FONT_FANGSONG, size: 10 };
const PLAIN: Partial<Font> = { name: FONT_SONG, size: 10 };
const LINE_PT = 13.5;

type CellValue = string | number | null | undefined;

interface Style {
  font?: Partial<Font>;
  align?: Partial<Alignment>;
  numFmt?: string;
  border?: boolean;
}

/** Writes a value into a (possibly merged) block; borders go on every cell so all viewers draw them. */
function box(ws: Worksheet, r1: number, c1: number, r2: number, c2: number, value: CellValue, style: Style = {}): void {
  if (r2 > r1 || c2 > c1) ws.mergeCells(r1, c1, r2, c2);
  const cell = ws.getCell(r1, c1);
  setCell(cell, value);
  for (let r = r1; r <= r2; r++) {
    for (let c = c1; c <= c2; c++) {
      const x = ws.getCell(r, c);
      x.font = style.font ?? BODY;
      x.alignment = style.align ?? CENTER;
      if (style.numFmt) x.numFmt = style.numFmt;
      if (style.border !== false) x.border = THIN_BORDER;
    }
  }
}

const put = (ws: Worksheet, r: number, c: number, value: CellValue, style: Style = {}) => box(ws, r, c, r, c, value, style);

/** A decimal string as a cell number (null stays blank). Shown values have at most a few decimals. */
function num(value: string | null | undefined): number | null {
  return value === null || value === undefined || value === '' ? null : Number(value);
}

/** '0' for whole numbers, '0.00' otherwise: 分值 5 shows as 5, a score of 2.94 as 2.94, as on the form. */
function scoreFormat(value: string | null): string {
  return value !== null && /^\d+(\.0+)?$/.test(value) ? '0' : '0.00';
}

function fitHeight(ws: Worksheet, row: number, texts: Array<[string | null | undefined, number]>, min = 20): void {
  const lines = Math.max(...texts.map(([t, w]) => linesNeeded(t, w)));
  ws.getRow(row).height = Math.max(min, lines * LINE_PT + 6);
}

function widthOf(ws: Worksheet, c1: number, c2: number): number {
  let w = 0;
  for (let c = c1; c <= c2; c++) w += ws.getColumn(c).width ?? 9;
  return w;
}

function title(ws: Worksheet, row: number, lastCol: number, annex: string, text: string): void {
  ws.mergeCells(row, 1, row, 2);
  setCell(ws.getCell(row, 1), annex);
  ws.getCell(row, 1).font = { name: FONT_SONG, size: 12, bold: true };
  ws.getCell(row, 1).alignment = { horizontal: 'left', vertical: 'middle' };
  ws.mergeCells(row + 1, 1, row + 1, lastCol);
  const t = ws.getCell(row + 1, 1);
  setCell(t, text);
  t.font = TITLE_FONT;
  t.alignment = CENTER;
  ws.getRow(row + 1).height = 36;
}

/** 填表人 / 填报日期 / 联系电话 / 单位负责人签字, spread over the width, without borders. */
function footer(ws: Worksheet, row: number, spans: Array<[number, number]>, snap: EvaluationSnapshot): void {
  const parts = [
    `填表人：${snap.footer.preparer}`,
    `填报日期：${snap.footer.date}`,
    `联系电话：${snap.footer.phone}`,
    '单位负责人签字：',
  ];
  parts.forEach((text, i) => {
    const [c1, c2] = spans[i];
    box(ws, row, c1, row, c2, text, { font: PLAIN, align: { horizontal: 'left', vertical: 'middle' }, border: false });
  });
  ws.getRow(row).height = 26;
}

function draftHeader(ws: Worksheet, snap: EvaluationSnapshot): void {
  if (snap.blockers.length > 0) {
    ws.headerFooter = { ...ws.headerFooter, oddHeader: '&R草稿：尚不能定稿，见“数据校验”' };
  }
}

// ---- 附件2 ---------------------------------------------------------------------------------------------------

function renderSelfEvaluation(wb: Workbook, snap: EvaluationSnapshot): void {
  const ws = wb.addWorksheet(SHEET_SELF_EVALUATION, { views: [{ showGridLines: false }] });
  // A block label | 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
  [7, 14, 11, 22, 12, 21, 7, 7, 25].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const last = 9;
  title(ws, 1, last, '附件2', `${snap.year}年度部门（单位）整体支出绩效自评表`);
  let r = 3;
  box(ws, r, 1, r, 3, '区级预算部门（单位）名称', { font: HEAD });
  box(ws, r, 4, r, last, snap.unitName, { align: LEFT });
  ws.getRow(r).height = 24;
  r++;

  // 年度预算申请（万元）
  const b = snap.budget;
  const income = snap.finance.budget.income;
  const expense = snap.finance.budget.expense;
  const budgetTop = r;
  box(ws, r, 2, r, 3, null, { font: HEAD });
  ['年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'].forEach((h, i) => put(ws, r, 4 + i, h, { font: HEAD }));
  ws.getRow(r).height = 22;
  r++;
  box(ws, r, 2, r, 3, '年度资金总额', { font: HEAD });
  put(ws, r, 4, num(b.initialBudget), { numFmt: FMT_AMOUNT });
  put(ws, r, 5, num(b.budget), { numFmt: FMT_AMOUNT });
  put(ws, r, 6, num(b.executed), { numFmt: FMT_AMOUNT });
  put(ws, r, 7, num(b.weight), { numFmt: scoreFormat(b.weight) });
  put(ws, r, 8, num(b.rate), { numFmt: FMT_PERCENT });
  put(ws, r, 9, num(b.score), { numFmt: '0.00' });
  ws.getRow(r).height = 22;
  r++;
  // The split rows show 全年预算数 by kind, left by income and right by expense, as the form does.
  const splitRows: Array<[string, string | null, string, string | null]> = [
    ['按收入性质分：', b.budget, '按支出性质分：', b.budget],
    ['其中：一般公共预算：', income.generalPublic.budget, '其中：基本支出：', expense.basic.budget],
    ['政府性基金拨款：', income.governmentFund.budget, '项目支出：', expense.project.budget],
    ['纳入专户管理的非税收入拨款：', income.specialAccountNonTax.budget, '', null],
    ['其他资金：', income.other.budget, '', null],
  ];
  for (const [l1, v1, l2, v2] of splitRows) {
    const labelAlign: Partial<Alignment> = { horizontal: 'right', vertical: 'middle', wrapText: true };
    box(ws, r, 2, r, 4, l1, { align: labelAlign });
    put(ws, r, 5, num(v1), { numFmt: FMT_AMOUNT, align: { horizontal: 'left', vertical: 'middle' } });
    box(ws, r, 6, r, 8, l2 || null, { align: labelAlign });
    put(ws, r, 9, num(v2), { numFmt: FMT_AMOUNT, align: { horizontal: 'left', vertical: 'middle' } });
    ws.getRow(r).height = 20;
    r++;
  }
  box(ws, budgetTop, 1, r - 1, 1, '年度预\n算申请\n（万元）', { font: HEAD });

  // 年度总体目标
  box(ws, r, 1, r + 1, 1, '年度总\n体目标', { font: HEAD });
  box(ws, r, 2, r, 5, '预期目标', { font: HEAD });
  box(ws, r, 6, r, last, '实际完成情况', { font: HEAD });
  ws.getRow(r).height = 22;
  r++;
  box(ws, r, 2, r, 5, snap.goals.expected, { font: TEXT, align: { ...LEFT, vertical: 'top' } });
  box(ws, r, 6, r, last, snap.goals.achieved, { font: TEXT, align: { ...LEFT, vertical: 'top' } });
  fitHeight(ws, r, [
    [snap.goals.expected, widthOf(ws, 2, 5)],
    [snap.goals.achieved, widthOf(ws, 6, last)],
  ], 60);
  r++;

  // 绩效指标
  const headerRow = r;
  ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'].forEach((h, i) =>
    put(ws, r, 2 + i, h, { font: HEAD }),
  );
  ws.getRow(r).height = 30;
  r++;
  const first = r;
  const list = snap.indicators;
  list.forEach((ind, i) => {
    const row = first + i;
    put(ws, row, 4, ind.name, { align: LEFT });
    put(ws, row, 5, ind.targetDisplay);
    put(ws, row, 6, ind.actual.display, { align: textAlign(ind.actual.display) });
    put(ws, row, 7, num(ind.weight), { numFmt: scoreFormat(ind.weight) });
    put(ws, row, 8, num(ind.final), { numFmt: scoreFormat(ind.final) });
    put(ws, row, 9, ind.deviationReason, { align: LEFT, font: TEXT });
    fitHeight(ws, row, [
      [ind.name, widthOf(ws, 4, 4)],
      [ind.targetDisplay, widthOf(ws, 5, 5)],
      [ind.actual.display, widthOf(ws, 6, 6)],
      [ind.deviationReason, widthOf(ws, 9, 9)],
    ], 24);
  });
  mergeRuns(list, (x) => x.firstLevel, (from, to) => {
    const x = list[from];
    box(ws, first + from, 2, first + to, 2, firstLevelLabel({ name: x.firstLevel, weight: x.firstLevelWeight }), { font: HEAD });
  });
  mergeRuns(list, (x) => `${x.firstLevel}\u0000${x.secondLevel}`, (from, to) => {
    box(ws, first + from, 3, first + to, 3, list[from].secondLevel);
  });
  r = first + list.length;
  box(ws, headerRow, 1, r - 1, 1, '绩\n效\n指\n标', { font: HEAD });

  // 总分
  box(ws, r, 1, r, 6, '总分', { font: HEAD });
  put(ws, r, 7, num(snap.totals.maxScore), { numFmt: scoreFormat(snap.totals.maxScore), font: HEAD });
  put(ws, r, 8, num(snap.totals.total), { numFmt: scoreFormat(snap.totals.total), font: HEAD });
  const included = snap.template.budgetCounting === 'included';
  put(ws, r, 9, included && b.score !== null ? `含预算执行率得分${b.score}分` : null, { align: LEFT });
  ws.getRow(r).height = 24;
  r += 2;
  footer(ws, r, [[1, 3], [4, 5], [6, 7], [8, 9]], snap);

  setupA4(ws, { orientation: 'portrait', repeatRows: `${headerRow}:${headerRow}` });
  ws.pageSetup.printArea = `A1:I${r}`;
  draftHeader(ws, snap);
}

function textAlign(text: string | null): Partial<Alignment> {
  return text && displayWidth(text) > 24 ? LEFT : CENTER;
}

/** Calls `merge(from, to)` for each run of consecutive items with the same key. */
function mergeRuns<T>(items: readonly T[], key: (x: T) => string, merge: (from: number, to: number) => void): void {
  let start = 0;
  for (let i = 1; i <= items.length; i++) {
    if (i === items.length || key(items[i]) !== key(items[start])) {
      merge(start, i - 1);
      start = i;
    }
  }
}

// ---- 附件1 ---------------------------------------------------------------------------------------------------

function renderBasicData(wb: Workbook, snap: EvaluationSnapshot): void {
  const ws = wb.addWorksheet(SHEET_BASIC_DATA, { views: [{ showGridLines: false }] });
  // label | six value columns (pairs merged for the three-column blocks)
  [30, 11, 11, 11, 11, 11, 11].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const last = 7;
  const year = snap.year;
  title(ws, 1, last, '附件1', `${year}年度部门（单位）整体支出绩效评价基础数据表`);
  let r = 3;
  const pairs: Array<[number, number]> = [
    [2, 3],
    [4, 5],
    [6, 7],
  ];

  // 财政供养人员情况（人）
  box(ws, r, 1, r + 1, 1, '财政供养人员情况（人）', { font: HEAD });
  ['编制数', `${year}年实际在职人数`, '控制率'].forEach((h, i) => box(ws, r, pairs[i][0], r, pairs[i][1], h, { font: HEAD }));
  ws.getRow(r).height = 22;
  r++;
  const s = snap.staffing;
  box(ws, r, 2, r, 3, s.authorized, { numFmt: '0' });
  box(ws, r, 4, r, 5, s.actual, { numFmt: '0' });
  box(ws, r, 6, r, 7, num(s.rate), { numFmt: FMT_PERCENT });
  ws.getRow(r).height = 22;
  r++;

  // 经费控制情况（万元）
  const controlHeader = r;
  put(ws, r, 1, '经费控制情况（万元）', { font: HEAD });
  CONTROL_COLUMNS.forEach((c, i) => box(ws, r, pairs[i][0], r, pairs[i][1], controlColumnLabel(c, year), { font: HEAD }));
  ws.getRow(r).height = 22;
  r++;
  const control = snap.finance.control;
  const controlRow = (label: string, indent: number, amounts: ControlColumns, dashPrior = false) => {
    put(ws, r, 1, label, { align: { horizontal: 'left', vertical: 'middle', wrapText: true, indent } });
    CONTROL_COLUMNS.forEach((c, i) => {
      const v = amounts[c];
      const [c1, c2] = pairs[i];
      if (dashPrior && c === 'priorFinal' && v === null) box(ws, r, c1, r, c2, '——');
      else box(ws, r, c1, r, c2, num(v), { numFmt: FMT_AMOUNT });
    });
    ws.getRow(r).height = Math.max(20, linesNeeded(label, 30 - indent * 2) * LINE_PT + 6);
    r++;
  };
  for (const row of CONTROL_ROWS) {
    controlRow(row.formLabel, row.indent, control[row.key], row.key === 'basicBudgetAdjustment');
    if (row.key === 'project') {
      control.projectItems.forEach((item, i) => controlRow(`${i + 1}、${item.name}`, 1, item.amounts));
    }
  }

  // 楼堂馆所控制情况（上一年完工项目）
  const bHeaders = ['批复规模\n（㎡）', '实际规模\n（㎡）', '规模控制率', '预算投资\n（万元）', '实际投资\n（万元）', '投资概算\n控制率'];
  put(ws, r, 1, `楼堂馆所控制情况\n（${year - 1}年完工项目）`, { font: HEAD });
  bHeaders.forEach((h, i) => put(ws, r, 2 + i, h, { font: HEAD }));
  ws.getRow(r).height = 34;
  r++;
  const buildings = snap.finance.buildings;
  if (buildings.length === 0) {
    for (let c = 1; c <= last; c++) put(ws, r, c, null);
    ws.getRow(r).height = 22;
    r++;
  }
  buildings.forEach((p, i) => {
    const res = snap.buildings[i];
    put(ws, r, 1, p.name, { align: LEFT });
    put(ws, r, 2, num(p.approvedArea), { numFmt: FMT_AMOUNT });
    put(ws, r, 3, num(p.actualArea), { numFmt: FMT_AMOUNT });
    put(ws, r, 4, num(res?.scale.rate), { numFmt: FMT_PERCENT });
    put(ws, r, 5, num(p.budgetInvestment), { numFmt: FMT_AMOUNT });
    put(ws, r, 6, num(p.actualInvestment), { numFmt: FMT_AMOUNT });
    put(ws, r, 7, num(res?.investment.rate), { numFmt: FMT_PERCENT });
    ws.getRow(r).height = 22;
    r++;
  });

  // 厉行节约保障措施
  put(ws, r, 1, '厉行节约保障措施', { font: HEAD });
  box(ws, r, 2, r, last, snap.finance.savingMeasures || null, { font: TEXT, align: LEFT });
  fitHeight(ws, r, [[snap.finance.savingMeasures, widthOf(ws, 2, last)]], 40);
  r += 1;

  const note = '说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。';
  box(ws, r, 1, r, last, note, { font: PLAIN, align: LEFT, border: false });
  fitHeight(ws, r, [[note, widthOf(ws, 1, last)]], 20);
  r++;
  footer(ws, r, [[1, 1], [2, 3], [4, 5], [6, 7]], snap);

  setupA4(ws, { orientation: 'portrait', repeatRows: `${controlHeader}:${controlHeader}` });
  ws.pageSetup.printArea = `A1:G${r}`;
  draftHeader(ws, snap);
}

// ---- 取数说明 ------------------------------------------------------------------------------------------------

function formatInstant(iso: string): string {
  const d = new Date(iso);
  const t = new Date(d.getTime() + 8 * 3600 * 1000);
  const hh = String(t.getUTCHours()).padStart(2, '0');
  const mm = String(t.getUTCMinutes()).padStart(2, '0');
  return `${shanghaiDate(d)} ${hh}:${mm}`;
}

function sectionTitle(ws: Worksheet, r: number, lastCol: number, text: string): void {
  ws.mergeCells(r, 1, r, lastCol);
  const c = ws.getCell(r, 1);
  setCell(c, text);
  c.font = { name: FONT_SONG, size: 11, bold: true };
  c.alignment = { horizontal: 'left', vertical: 'middle' };
  ws.getRow(r).height = 24;
}

function renderSources(wb: Workbook, snap: EvaluationSnapshot): void {
  const ws = wb.addWorksheet(SHEET_SOURCES);
  const widths = [22, 18, 34, 22, 22, 11, 11, 11, 22, 20];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const last = widths.length;
  ws.mergeCells(1, 1, 1, last);
  setCell(ws.getCell(1, 1), `${snap.year}年度绩效自评取数说明`);
  ws.getCell(1, 1).font = TITLE_FONT;
  ws.getCell(1, 1).alignment = CENTER;
  ws.getRow(1).height = 32;
  ws.mergeCells(2, 1, 2, last);
  setCell(ws.getCell(2, 1), `单位：${snap.unitName}　　生成时间：${formatInstant(snap.builtAt)}（北京时间）　　统计口径：上海时区（东八区）自然日`);
  ws.getCell(2, 1).font = PLAIN;
  ws.getCell(2, 1).alignment = { horizontal: 'left', vertical: 'middle' };

  let r = 3;
  sectionTitle(ws, r, last, '一、由业务数据自动取得的数值');
  r++;
  ['三级指标', '取数指标', '定义', '分子', '分母', '分子数值', '分母数值', '结果', '统计期间', '备注'].forEach((h, i) =>
    put(ws, r, i + 1, h, { font: HEAD }),
  );
  ws.getRow(r).height = 22;
  r++;
  const usedBy = new Map<string, string[]>();
  for (const ind of snap.indicators) {
    if (ind.source.kind === 'metric') usedBy.set(ind.source.metric, [...(usedBy.get(ind.source.metric) ?? []), ind.name]);
  }
  for (const f of snap.figures) {
    const d = METRIC_DEFINITIONS[f.metric];
    const result = f.value === null ? '无数据' : formatQuantity(f.value, d.unit);
    const notes = [f.note, ...(f.details ?? []).map((x) => `${x.label}：${x.value}`)].filter(Boolean).join('；');
    const cells: CellValue[] = [
      (usedBy.get(f.metric) ?? ['（仅供参考）']).join('、'),
      d.label,
      f.definition,
      d.numerator,
      d.denominator ?? '—',
      num(f.numerator),
      num(f.denominator),
      result,
      `${f.period.from} 至 ${f.period.to}`,
      notes || null,
    ];
    cells.forEach((v, i) => put(ws, r, i + 1, v, { align: i === 5 || i === 6 || i === 7 ? CENTER : LEFT, numFmt: i === 5 || i === 6 ? 'General' : undefined }));
    fitHeight(ws, r, cells.map((v, i) => [typeof v === 'string' ? v : null, widths[i]] as [string | null, number]), 22);
    r++;
  }
  const metricsWithout = snap.indicators.filter(
    (i) => i.source.kind === 'metric' && !snap.figures.some((f) => i.source.kind === 'metric' && f.metric === i.source.metric),
  );
  for (const ind of metricsWithout) {
    const d = ind.source.kind === 'metric' ? METRIC_DEFINITIONS[ind.source.metric] : null;
    const cells: CellValue[] = [ind.name, d?.label, d?.definition, d?.numerator, d?.denominator ?? '—', null, null, '无数据', null, '未取得数据，采用手工填写值或待补'];
    cells.forEach((v, i) => put(ws, r, i + 1, v, { align: LEFT }));
    fitHeight(ws, r, cells.map((v, i) => [typeof v === 'string' ? v : null, widths[i]] as [string | null, number]), 22);
    r++;
  }
  r++;

  sectionTitle(ws, r, last, '二、各三级指标的实际完成值来源与评分');
  r++;
  // Section one is short; the long scoring table is the one whose header repeats on later pages.
  const scoringHeader = r;
  ['三级指标', '年度指标值', '实际完成值', '来源', '计分方式', '分值', '建议得分', '最终得分', '评定等级', '得分调整（调整人、理由）'].forEach((h, i) =>
    put(ws, r, i + 1, h, { font: HEAD }),
  );
  ws.getRow(r).height = 22;
  r++;
  for (const ind of snap.indicators) {
    const cells: CellValue[] = [
      ind.name,
      ind.targetDisplay,
      ind.actual.display,
      originText(ind, snap),
      ruleText(ind),
      num(ind.weight),
      num(ind.proposed),
      num(ind.final),
      ind.grade ? GRADE_TIER_LABELS[ind.grade.tier] : null,
      ind.override
        ? `由 ${ind.proposed ?? '—'} 调整为 ${ind.override.score}；调整人：${ind.override.author}；理由：${ind.override.reason}${ind.override.at ? `；时间：${formatInstant(ind.override.at)}` : ''}`
        : null,
    ];
    cells.forEach((v, i) =>
      put(ws, r, i + 1, v, {
        align: i >= 5 && i <= 8 ? CENTER : LEFT,
        numFmt: i === 5 ? scoreFormat(ind.weight) : i === 6 ? scoreFormat(ind.proposed) : i === 7 ? scoreFormat(ind.final) : undefined,
      }),
    );
    fitHeight(ws, r, cells.map((v, i) => [typeof v === 'string' ? v : null, widths[i]] as [string | null, number]), 22);
    r++;
  }
  setupA4(ws, { orientation: 'landscape', repeatRows: `${scoringHeader}:${scoringHeader}` });
}

function originText(ind: IndicatorResult, snap: EvaluationSnapshot): string {
  if (ind.source.kind !== 'metric') return ind.actual.origin === 'manual' ? '手工填写' : '未填写';
  const metric = ind.source.metric;
  const d = METRIC_DEFINITIONS[metric];
  const figure = snap.figures.find((f) => f.metric === metric);
  if (ind.actual.origin === 'metric') return `业务数据：${d.label}`;
  if (figure?.value !== null && figure?.value !== undefined) {
    return `手工填写；业务数据佐证：${d.label} ${formatQuantity(figure.value, d.unit)}`;
  }
  return ind.actual.origin === 'manual' ? '手工填写（业务数据暂缺）' : '未填写（业务数据暂缺）';
}

function ruleText(ind: IndicatorResult): string {
  switch (ind.rule) {
    case 'proportional':
      return '达到目标得满分，否则按 实际值/目标值 计分';
    case 'inverse':
      return '不超过目标得满分，否则按 1−(实际值−目标值)/目标值 计分，达到目标值两倍不得分';
    case 'exact':
      return ind.targetValue !== null && Number(ind.targetValue) === 0 ? '等于0得满分，否则不得分' : '达到目标得满分，否则按 实际值/目标值 计分';
    case 'all_or_nothing':
      return '达到目标得满分，否则不得分';
    case 'graded':
      return '定性分档：达成80%-100%，部分达成60%-80%，未达成0-60%';
  }
}

// ---- 数据校验 ------------------------------------------------------------------------------------------------

function renderChecks(wb: Workbook, snap: EvaluationSnapshot): void {
  const ws = wb.addWorksheet(SHEET_CHECKS);
  const widths = [6, 8, 60, 36, 12, 12];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const last = widths.length;
  ws.mergeCells(1, 1, 1, last);
  setCell(ws.getCell(1, 1), `${snap.year}年度绩效自评数据校验`);
  ws.getCell(1, 1).font = TITLE_FONT;
  ws.getCell(1, 1).alignment = CENTER;
  ws.getRow(1).height = 32;

  let r = 2;
  sectionTitle(ws, r, last, '一、输入数据的矛盾与提示');
  r++;
  const header = r;
  ['序号', '类别', '说明', '涉及栏目', '数值一', '数值二'].forEach((h, i) => put(ws, r, i + 1, h, { font: HEAD }));
  ws.getRow(r).height = 22;
  r++;
  const labels = new Map(listFinanceFigures(snap.finance).map((f) => [f.key, f.label]));
  const fieldLabel = (field: string): string => {
    if (labels.has(field)) return labels.get(field)!;
    const metric = /^figures\.(.+)$/.exec(field);
    if (metric && metric[1] in METRIC_DEFINITIONS) return `取数指标：${METRIC_DEFINITIONS[metric[1] as keyof typeof METRIC_DEFINITIONS].label}`;
    const actual = /^judgements\.actuals\.(.+)$/.exec(field);
    if (actual) return `手工填写：${snap.indicators.find((i) => i.key === actual[1])?.name ?? actual[1]}`;
    return field;
  };
  if (snap.findings.length === 0) {
    box(ws, r, 1, r, last, '未发现问题', { align: LEFT });
    r++;
  }
  snap.findings.forEach((f, i) => {
    const fields = f.fields.map(fieldLabel).join('\n');
    const cells: CellValue[] = [i + 1, FINDING_SEVERITY_LABELS[f.severity], f.message, fields, f.values[0] || null, f.values[1] || null];
    cells.forEach((v, c) => put(ws, r, c + 1, v, { align: c === 2 || c === 3 ? LEFT : CENTER }));
    if (f.severity === 'error') ws.getCell(r, 2).font = { ...BODY, bold: true, color: { argb: 'FFC00000' } };
    fitHeight(ws, r, [
      [f.message, widths[2]],
      [fields, widths[3]],
    ], 22);
    r++;
  });
  r++;
  sectionTitle(ws, r, last, snap.blockers.length === 0 ? '二、可以定稿：所有指标均已取得实际完成值和得分，未发现矛盾' : '二、尚不能定稿的原因');
  r++;
  snap.blockers.forEach((text, i) => {
    put(ws, r, 1, i + 1);
    box(ws, r, 2, r, last, text, { align: LEFT });
    fitHeight(ws, r, [[text, widthOf(ws, 2, last)]], 22);
    r++;
  });
  setupA4(ws, { orientation: 'landscape', repeatRows: `${header}:${header}` });
}

// ---- entry points --------------------------------------------------------------------------------------------

/** The workbook of a snapshot, as an exceljs Workbook (sheets 附件2, 附件1, 取数说明, 数据校验). */
export function buildEvaluationWorkbook(snap: EvaluationSnapshot): Workbook {
  const wb = newWorkbook();
  wb.created = new Date(snap.builtAt);
  wb.modified = new Date(snap.builtAt);
  wb.title = `${snap.year}年度部门（单位）整体支出绩效自评`;
  wb.company = snap.unitName;
  renderSelfEvaluation(wb, snap);
  renderBasicData(wb, snap);
  renderSources(wb, snap);
  renderChecks(wb, snap);
  return wb;
}

/** The xlsx bytes of a snapshot's workbook. */
export async function renderEvaluationWorkbook(snap: EvaluationSnapshot): Promise<Buffer> {
  return workbookBuffer(buildEvaluationWorkbook(snap));
}

/** The download name, e.g. “2024年度整体支出绩效自评表（株洲市芦淞区网格化管理服务中心）.xlsx”; use contentDisposition. */
export function evaluationWorkbookFileName(snap: Pick<EvaluationSnapshot, 'year' | 'unitName'>): string {
  const unit = snap.unitName.replace(/[\\/:*?"<>|\r\n\t]/g, '_');
  return `${snap.year}年度整体支出绩效自评表（${unit}）.xlsx`;
}
