import type { Workbook, Worksheet } from 'exceljs';
import Decimal from 'decimal.js';
import { Dec, shown } from '@app/domain/common/decimal';
import { maskPhone } from '@app/domain/common/masking';
import { shanghaiDate } from '@app/domain/calendar/shanghai';
import { AttendanceTally } from '@app/domain/trainings/attendance.rules';
import { TRAINING_MODE_LABELS, TrainingMode } from '@app/domain/trainings/training.rules';
import {
  BODY_FONT,
  CENTER,
  displayWidth,
  HEADER_FONT,
  LEFT,
  newWorkbook,
  setCell,
  THIN_BORDER,
  workbookBuffer,
  writeTable,
} from '../xlsx/workbook-style';

/**
 * The training register (培训台账) the centre keeps and hands out: the year's summary, the sessions with
 * their attendance, the rates by street and each worker's sessions and hours. Figures come computed
 * (attendance.rules or the SQL that matches it); this only lays them out. Phones are masked here.
 */

export interface TrainingRegisterSession {
  title: string;
  organiser: string;
  mode: TrainingMode;
  startsAt: Date;
  endsAt: Date;
  hours: Decimal.Value;
  /** 全体网格员, or the street names (see audienceLabel). */
  audienceLabel: string;
  countsAsGeneralTraining: boolean;
  tally: AttendanceTally;
}

export interface TrainingRegisterStreet {
  streetName: string;
  tally: AttendanceTally;
}

export interface TrainingRegisterWorker {
  streetName: string;
  name: string;
  /** Full phone; masked in the workbook. */
  phone: string | null;
  /** Over the year's sessions the worker was expected at. */
  tally: AttendanceTally;
  hours: Decimal.Value;
}

export interface TrainingRegisterInput {
  year: number;
  unitName: string;
  /** The day printed as 导出日期; today by default. */
  generatedAt?: Date;
  sessions: TrainingRegisterSession[];
  streets: TrainingRegisterStreet[];
  workers: TrainingRegisterWorker[];
  summary: {
    sessionsHeld: number;
    generalTrainingSessions: number;
    tally: AttendanceTally;
    totalHours: Decimal.Value;
  };
  /** The self-evaluation's targets, shown beside the actual values: ≥2 sessions, ≥95% by default. */
  targets?: { sessions: number; rate: Decimal.Value };
}

export const REGISTER_SHEETS = {
  summary: '年度汇总',
  sessions: '培训场次',
  streets: '镇街出勤率',
  workers: '网格员参训情况',
} as const;

const PERCENT = '0.00%';
const DASH = '—';

/** A rate as the number shown (four decimals: 93.00%), or a dash when nobody was expected. */
function rateValue(rate: Decimal | null): number | string {
  return rate === null ? DASH : shown(rate, 4).toNumber();
}

function hoursValue(hours: Decimal.Value): number {
  return shown(hours, 2).toNumber();
}

function hhmm(d: Date): string {
  const shifted = new Date(d.getTime() + 8 * 3_600_000);
  return `${String(shifted.getUTCHours()).padStart(2, '0')}:${String(shifted.getUTCMinutes()).padStart(2, '0')}`;
}

/** 2024-04-18 09:00—11:30, or both days when it spans several. Shanghai time. */
export function formatSessionTime(startsAt: Date, endsAt: Date): string {
  const d1 = shanghaiDate(startsAt);
  const d2 = shanghaiDate(endsAt);
  return d1 === d2 ? `${d1} ${hhmm(startsAt)}—${hhmm(endsAt)}` : `${d1} ${hhmm(startsAt)}—${d2} ${hhmm(endsAt)}`;
}

function sumTallies(tallies: readonly AttendanceTally[]): AttendanceTally {
  const t = tallies.reduce(
    (a, x) => ({
      expected: a.expected + x.expected,
      present: a.present + x.present,
      late: a.late + x.late,
      leave: a.leave + x.leave,
      absent: a.absent + x.absent,
      unrecorded: a.unrecorded + x.unrecorded,
      attended: a.attended + x.attended,
      rate: null as Decimal | null,
    }),
    { expected: 0, present: 0, late: 0, leave: 0, absent: 0, unrecorded: 0, attended: 0, rate: null as Decimal | null },
  );
  t.rate = t.expected ? new Dec(t.attended).div(t.expected) : null;
  return t;
}

/** Formats the cells of columns (1-based) in rows [from, to]. */
function numFmt(ws: Worksheet, columns: number[], from: number, to: number, fmt: string): void {
  for (let r = from; r <= to; r++) for (const c of columns) ws.getCell(r, c).numFmt = fmt;
}

/** A bold 合计 row under a table: the label merged over the leading text columns. */
function totalRow(ws: Worksheet, row: number, labelSpan: number, values: Array<string | number>, label = '合计'): void {
  if (labelSpan > 1) ws.mergeCells(row, 1, row, labelSpan);
  setCell(ws.getCell(row, 1), label);
  values.forEach((v, i) => setCell(ws.getCell(row, labelSpan + 1 + i), v));
  for (let c = 1; c <= labelSpan + values.length; c++) {
    const cell = ws.getCell(row, c);
    cell.font = HEADER_FONT;
    cell.alignment = CENTER;
    cell.border = THIN_BORDER;
  }
}

/**
 * Row heights for wrapped text. Excel grows such rows when it opens the file but LibreOffice and print
 * preview do not, so a long title or organiser would overflow its row; set the height from the text.
 */
function fitRowHeights(ws: Worksheet, from: number, to: number, lineHeight = 15): void {
  for (let r = from; r <= to; r++) {
    let lines = 1;
    ws.getRow(r).eachCell((cell, c) => {
      if (cell.isMerged) return;
      const width = ws.getColumn(c).width ?? 10;
      const text = typeof cell.value === 'string' ? cell.value : '';
      if (text) lines = Math.max(lines, Math.ceil(displayWidth(text) / Math.max(width, 1)));
    });
    if (lines > 1) ws.getRow(r).height = lines * lineHeight;
  }
}

function note(ws: Worksheet, row: number, ncol: number, text: string): void {
  ws.mergeCells(row, 1, row, ncol);
  const cell = ws.getCell(row, 1);
  setCell(cell, text);
  cell.font = BODY_FONT;
  cell.alignment = LEFT;
  ws.getRow(row).height = 30;
}

const RATE_NOTE = '注：出勤率 =（出勤 + 迟到）÷ 应到；应到名单为培训当日在岗的培训对象，举办后固定；请假计入应到。';

function subtitle(input: TrainingRegisterInput): string {
  return `单位：${input.unitName}        导出日期：${shanghaiDate(input.generatedAt ?? new Date())}`;
}

function addSummary(wb: Workbook, input: TrainingRegisterInput): void {
  const ws = wb.addWorksheet(REGISTER_SHEETS.summary);
  const s = input.summary;
  const targets = input.targets ?? { sessions: 2, rate: '0.95' };
  const targetRate = shown(new Dec(targets.rate).times(100), 2);
  const rows: Array<Array<string | number>> = [
    ['开展全科网格员培训次数', `≥${targets.sessions}次`, s.generalTrainingSessions, '计入全科网格员培训的场次'],
    ['培训出勤率', `≥${targetRate.toString()}%`, rateValue(s.tally.rate), '（出勤 + 迟到）÷ 应到，全年各场合计'],
    ['举办培训场次', DASH, s.sessionsHeld, '全年已举办的培训'],
    ['应到人次', DASH, s.tally.expected, ''],
    ['出勤人次', DASH, s.tally.present, ''],
    ['迟到人次', DASH, s.tally.late, ''],
    ['请假人次', DASH, s.tally.leave, ''],
    ['缺勤人次', DASH, s.tally.absent, ''],
  ];
  if (s.tally.unrecorded > 0) rows.push(['未登记人次', DASH, s.tally.unrecorded, '应到但未登记出勤，按未出勤计']);
  rows.push(['参训学时合计（人·学时）', DASH, hoursValue(s.totalHours), '各参训人员所参加培训的学时之和']);
  const end = writeTable(ws, {
    title: `${input.year}年度网格员培训情况汇总`,
    subtitle: subtitle(input),
    columns: [
      { header: '项目', width: 28, align: 'left' },
      { header: '年度指标值', width: 14 },
      { header: '实际完成值', width: 14 },
      { header: '说明', width: 36, align: 'left' },
    ],
    rows,
  });
  fitRowHeights(ws, 3, end - 1);
  ws.getCell(4, 3).numFmt = '0"次"';
  ws.getCell(5, 3).numFmt = PERCENT;
  note(ws, end + 1, 4, RATE_NOTE);
}

function addSessions(wb: Workbook, input: TrainingRegisterInput): void {
  const ws = wb.addWorksheet(REGISTER_SHEETS.sessions);
  const withUnrecorded = input.sessions.some((x) => x.tally.unrecorded > 0);
  const counts = (t: AttendanceTally) => [t.expected, t.present, t.late, t.leave, t.absent, ...(withUnrecorded ? [t.unrecorded] : [])];
  const columns = [
    { header: '序号', width: 6 },
    { header: '培训主题', width: 26, align: 'left' as const },
    { header: '主办单位', width: 19 },
    { header: '形式', width: 7 },
    { header: '培训时间', width: 24 },
    { header: '学时', width: 7 },
    { header: '培训对象', width: 16 },
    { header: '全科培训', width: 9 },
    { header: '应到', width: 8 },
    { header: '出勤', width: 8 },
    { header: '迟到', width: 8 },
    { header: '请假', width: 8 },
    { header: '缺勤', width: 8 },
    ...(withUnrecorded ? [{ header: '未登记', width: 8 }] : []),
    { header: '出勤率', width: 10 },
  ];
  const rows = input.sessions.map((x, i) => [
    i + 1,
    x.title,
    x.organiser,
    TRAINING_MODE_LABELS[x.mode],
    formatSessionTime(x.startsAt, x.endsAt),
    hoursValue(x.hours),
    x.audienceLabel,
    x.countsAsGeneralTraining ? '是' : '否',
    ...counts(x.tally),
    rateValue(x.tally.rate),
  ]);
  const end = writeTable(ws, { title: `${input.year}年度网格员培训台账`, subtitle: subtitle(input), columns, rows });
  const total = sumTallies(input.sessions.map((x) => x.tally));
  const hours = input.sessions.reduce((a, x) => a.plus(shown(x.hours, 2)), new Dec(0));
  // the label spans 序号..培训时间; then hours, audience (blank), the count of 全科 sessions
  totalRow(
    ws,
    end,
    5,
    [hoursValue(hours), '', `${input.sessions.filter((x) => x.countsAsGeneralTraining).length}场`, ...counts(total), rateValue(total.rate)],
    `合计（${input.sessions.length}场）`,
  );
  numFmt(ws, [columns.length], 4, end, PERCENT);
  fitRowHeights(ws, 3, end);
  note(ws, end + 1, columns.length, RATE_NOTE);
}

function addStreets(wb: Workbook, input: TrainingRegisterInput): void {
  const ws = wb.addWorksheet(REGISTER_SHEETS.streets);
  const withUnrecorded = input.streets.some((x) => x.tally.unrecorded > 0);
  const counts = (t: AttendanceTally) => [t.expected, t.present, t.late, t.leave, t.absent, ...(withUnrecorded ? [t.unrecorded] : [])];
  const columns = [
    { header: '序号', width: 6 },
    { header: '镇（街道）', width: 16 },
    { header: '应到人次', width: 10 },
    { header: '出勤', width: 8 },
    { header: '迟到', width: 8 },
    { header: '请假', width: 8 },
    { header: '缺勤', width: 8 },
    ...(withUnrecorded ? [{ header: '未登记', width: 8 }] : []),
    { header: '出勤率', width: 10 },
  ];
  const rows = input.streets.map((x, i) => [i + 1, x.streetName, ...counts(x.tally), rateValue(x.tally.rate)]);
  const end = writeTable(ws, { title: `${input.year}年度各镇（街道）培训出勤率`, subtitle: subtitle(input), columns, rows });
  const total = sumTallies(input.streets.map((x) => x.tally));
  totalRow(ws, end, 2, [...counts(total), rateValue(total.rate)]);
  numFmt(ws, [columns.length], 4, end, PERCENT);
  fitRowHeights(ws, 3, end);
  note(ws, end + 1, columns.length, '注：人次按培训当日网格员所属镇（街道）统计。');
}

function addWorkers(wb: Workbook, input: TrainingRegisterInput): void {
  const ws = wb.addWorksheet(REGISTER_SHEETS.workers);
  const columns = [
    { header: '序号', width: 6 },
    { header: '镇（街道）', width: 14 },
    { header: '姓名', width: 10 },
    { header: '手机号', width: 14 },
    { header: '应参训场次', width: 11 },
    { header: '参训场次', width: 10 },
    { header: '培训学时', width: 10 },
    { header: '出勤率', width: 10 },
  ];
  const rows = input.workers.map((w, i) => [
    i + 1,
    w.streetName,
    w.name,
    maskPhone(w.phone),
    w.tally.expected,
    w.tally.attended,
    hoursValue(w.hours),
    rateValue(w.tally.rate),
  ]);
  const end = writeTable(ws, { title: `${input.year}年度网格员参训情况`, subtitle: subtitle(input), columns, rows });
  numFmt(ws, [8], 4, end - 1, PERCENT);
  fitRowHeights(ws, 3, end - 1);
  note(ws, end, columns.length, '注：参训场次含出勤与迟到；培训学时为所参加培训的学时之和。');
}

/** The register as a workbook: 年度汇总, 培训场次, 镇街出勤率, 网格员参训情况. */
export function buildTrainingRegister(input: TrainingRegisterInput): Workbook {
  const wb = newWorkbook();
  addSummary(wb, input);
  addSessions(wb, input);
  addStreets(wb, input);
  addWorkers(wb, input);
  return wb;
}

export async function renderTrainingRegister(input: TrainingRegisterInput): Promise<Buffer> {
  return workbookBuffer(buildTrainingRegister(input));
}

/** `2024年度培训台账.xlsx` */
export function trainingRegisterFileName(year: number): string {
  return `${year}年度培训台账.xlsx`;
}
