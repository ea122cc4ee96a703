import type { Cell, CellValue, Workbook, Worksheet } from 'exceljs';
import { formatLocalDate, isLocalDate, LocalDate, shanghaiInstant } from '@app/domain/calendar/shanghai';
import { DomainError, FieldProblem } from '@app/domain/errors/domain-error';
import { parseDurationSeconds, parseShanghaiDateTime, ParticipantRecord } from '@app/domain/trainings/online-participation';
import { SignInRow } from '@app/domain/trainings/sign-in-matching';
import { decodeText, parseCsv } from './csv-text.parser';

/**
 * Reading the two imports of attendance: the paper sign-in sheet typed into xlsx (签到表) and an online
 * meeting's participant export (CSV, or xlsx). The header row is found by its Chinese (or English)
 * headers below any title rows; rows keep their spreadsheet row number for the problems shown to the
 * user. Matching to workers is the domain's (sign-in-matching, online-participation).
 */

/** Rows beyond this are refused: a sign-in sheet or a meeting has a few hundred. */
export const MAX_IMPORT_ROWS = 5000;
const HEADER_SCAN_ROWS = 30;

// ---------------------------------------------------------------------------------------------------------
// headers

/** Header as compared: NFKC, no spaces or marks of required fields, lower case. */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u3000*]+/g, '')
    .replace(/[:：]$/, '')
    .toLowerCase();
}

type HeaderMap<F extends string> = Record<F, readonly string[]>;

const SIGN_IN_HEADERS: HeaderMap<SignInField> = {
  name: ['姓名', '网格员姓名', '参训人员', '参训人', '参会人员', '名字', '签到人', '人员姓名', 'name'],
  phone: ['手机号', '手机号码', '联系电话', '电话', '电话号码', '联系方式', '手机', 'phone', 'mobile'],
  workerCode: ['网格员编号', '编号', '工号', '人员编号', '网格员编码', '网格员代码', 'code'],
  signInAt: ['签到时间', '时间', '到场时间', '签到日期时间'],
  status: ['状态', '签到状态', '出勤状态', '出勤情况', '考勤', '考勤状态', '出勤', '考勤结果'],
  streetText: ['镇街', '镇(街道)', '街道(镇)', '镇街道', '街道', '所属街道', '所属镇街', '所属镇(街道)', '单位', '所在单位', '工作单位', '所属单位'],
};
export type SignInField = 'name' | 'phone' | 'workerCode' | 'signInAt' | 'status' | 'streetText';

const PARTICIPANT_HEADERS: HeaderMap<ParticipantField> = {
  name: [
    '用户名', '用户昵称', '昵称', '姓名', '参会者', '参会人', '参会人员', '成员', '成员名称', '名称', '用户名称', '会中昵称',
    '入会昵称', '参会者名称', '名字', 'name', 'username', 'user', 'participant', 'participantname', 'displayname', 'fullname',
    'name(originalname)',
  ],
  joinAt: ['入会时间', '加入时间', '进入时间', '首次入会时间', '入会', '进入会议时间', '加入会议时间', 'jointime', 'joined', 'join', 'timejoined', 'firstjointime'],
  leaveAt: ['离会时间', '退会时间', '离开时间', '退出时间', '最后离会时间', '离会', '离开会议时间', 'leavetime', 'left', 'leave', 'timeleft', 'lastleavetime'],
  duration: ['参会时长', '时长', '在线时长', '累计参会时长', '参会时长(分钟)', '时长(分钟)', 'duration', 'duration(minutes)', 'duration(min)'],
  phone: ['手机号', '手机号码', '电话', '联系电话', 'phone'],
  role: ['身份', '角色', '用户角色', '参会角色', '成员角色', 'role'],
};
export type ParticipantField = 'name' | 'joinAt' | 'leaveAt' | 'duration' | 'phone' | 'role';

const SYNONYMS = <F extends string>(map: HeaderMap<F>) =>
  new Map<string, F>(
    (Object.keys(map) as F[]).flatMap((field) => map[field].map((h) => [normaliseHeader(h), field] as [string, F])),
  );
const SIGN_IN_SYNONYMS = SYNONYMS(SIGN_IN_HEADERS);
const PARTICIPANT_SYNONYMS = SYNONYMS(PARTICIPANT_HEADERS);

interface HeaderMatch<F extends string> {
  /** Index in the row (0-based) of each field found. */
  columns: Partial<Record<F, number>>;
  /** The header text found for each field, as written. */
  headers: Partial<Record<F, string>>;
  repeated: F[];
}

function matchHeader<F extends string>(cells: readonly string[], synonyms: ReadonlyMap<string, F>): HeaderMatch<F> {
  const columns: Partial<Record<F, number>> = {};
  const headers: Partial<Record<F, string>> = {};
  const repeated: F[] = [];
  cells.forEach((text, i) => {
    const key = normaliseHeader(text);
    // 「手机号（必填）」: a remark in brackets after the header
    const field = synonyms.get(key) ?? synonyms.get(key.replace(/\(.*\)$/, ''));
    if (!field) return;
    if (columns[field] !== undefined) {
      if (!repeated.includes(field)) repeated.push(field);
      return;
    }
    columns[field] = i;
    headers[field] = text.trim();
  });
  return { columns, headers, repeated };
}

// ---------------------------------------------------------------------------------------------------------
// xlsx cells

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** Text of a cell value: numbers without exponent, rich text joined, formula results, hyperlink texts. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) {
    const { date, h, m, s } = wallClock(value);
    return `${date} ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}${s ? `:${String(s).padStart(2, '0')}` : ''}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('').trim();
    if ('result' in value) return cellText(value.result as CellValue);
    if ('text' in value) return cellText(value.text as CellValue);
    if ('error' in value) return '';
  }
  return String(value).trim();
}

/** exceljs hands back dates as UTC instants carrying the sheet's wall-clock time. */
function wallClock(d: Date): { date: LocalDate; h: number; m: number; s: number } {
  const rounded = new Date(Math.round(d.getTime() / 1000) * 1000);
  return {
    date: formatLocalDate(rounded.getUTCFullYear(), rounded.getUTCMonth() + 1, rounded.getUTCDate()),
    h: rounded.getUTCHours(),
    m: rounded.getUTCMinutes(),
    s: rounded.getUTCSeconds(),
  };
}

/**
 * A time cell as a Shanghai instant: a date cell (wall clock of the sheet), a time-only cell (on the
 * session's day), an Excel serial number, or text. Undefined when empty, null when unreadable.
 */
export function cellInstant(value: CellValue | undefined, sessionDate?: LocalDate): Date | null | undefined {
  let v: CellValue | undefined = value;
  if (v && typeof v === 'object' && !(v instanceof Date) && 'result' in v) v = v.result as CellValue;
  if (v === null || v === undefined || v === '') return undefined;
  if (v instanceof Date) {
    const { date, h, m, s } = wallClock(v);
    // a time without a date is stored as a fraction of 1899-12-30
    if (date < '1900-01-01') return sessionDate ? shanghaiInstant(sessionDate, h, m, s) : null;
    return shanghaiInstant(date, h, m, s);
  }
  if (typeof v === 'number') {
    if (v < 0) return null;
    const ms = Math.round(v * 86_400_000 / 1000) * 1000;
    return cellInstant(new Date(EXCEL_EPOCH_MS + ms), sessionDate);
  }
  const text = cellText(v);
  if (!text) return undefined;
  return parseShanghaiDateTime(text, sessionDate);
}

// ---------------------------------------------------------------------------------------------------------
// loading

const XLS_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function isZip(buffer: Uint8Array): boolean {
  return buffer.length > 4 && buffer[0] === 0x50 && buffer[1] === 0x4b;
}

async function loadWorkbook(buffer: Uint8Array, what: string): Promise<Workbook> {
  if (buffer.length === 0) throw new DomainError('UNPROCESSABLE', `${what}文件是空的`);
  if (XLS_MAGIC.every((b, i) => buffer[i] === b)) {
    throw new DomainError('UNPROCESSABLE', `${what}是旧版 .xls 格式，请在 Excel 或 WPS 中另存为 .xlsx 后再导入`);
  }
  if (!isZip(buffer)) throw new DomainError('UNPROCESSABLE', `无法读取${what}：请上传 .xlsx 格式的 Excel 文件`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ExcelJS = require('exceljs') as typeof import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new DomainError('UNPROCESSABLE', `无法读取${what}：文件已损坏或不是 Excel 文件`);
  }
  return wb;
}

/** A worksheet as rows of cell values, 1-based row numbers, empty rows dropped. */
function sheetRows(ws: Worksheet): Array<{ row: number; values: Array<CellValue | undefined> }> {
  const out: Array<{ row: number; values: Array<CellValue | undefined> }> = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: Array<CellValue | undefined> = [];
    row.eachCell({ includeEmpty: true }, (cell: Cell, col: number) => {
      // merged cells repeat the master's value in exceljs; keep it only where it is written
      values[col - 1] = cell.isMerged && cell.master !== cell ? undefined : cell.value;
    });
    out.push({ row: rowNumber, values });
  });
  return out;
}

function tooManyRows(what: string): DomainError {
  return new DomainError('PAYLOAD_TOO_LARGE', `${what}超过${MAX_IMPORT_ROWS}行，请拆分后再导入`);
}

// ---------------------------------------------------------------------------------------------------------
// the sign-in sheet

export interface ParsedSignInSheet {
  sheetName: string;
  headerRow: number;
  /** The header texts recognised, by field. */
  headers: Partial<Record<SignInField, string>>;
  rows: SignInRow[];
}

const FOOTER_RE = /[:：]|^(合计|小计|总计|应到|实到|备注)/;

/**
 * Reads a typed sign-in sheet: the first worksheet with a header row holding 姓名 (title rows above it
 * are skipped). Phones and codes stored as numbers are read as their digits; 签到时间 may be a date, a
 * time (on `sessionDate`) or text. Repeated header rows and footer lines (「记录人：」「应到45人」) are
 * skipped. Throws a DomainError (in Chinese) for a file it cannot read, and one listing every unreadable
 * sign-in time by row.
 */
export async function parseSignInSheet(buffer: Uint8Array, options: { sessionDate?: LocalDate } = {}): Promise<ParsedSignInSheet> {
  const what = '签到表';
  if (options.sessionDate !== undefined && !isLocalDate(options.sessionDate)) throw new RangeError('sessionDate');
  const wb = await loadWorkbook(buffer, what);
  for (const ws of wb.worksheets) {
    const rows = sheetRows(ws);
    const headerAt = rows.slice(0, HEADER_SCAN_ROWS).findIndex((r) => matchHeader(r.values.map(cellText), SIGN_IN_SYNONYMS).columns.name !== undefined);
    if (headerAt < 0) continue;
    const header = matchHeader(rows[headerAt].values.map(cellText), SIGN_IN_SYNONYMS);
    if (header.repeated.includes('name')) {
      throw new DomainError('UNPROCESSABLE', `${what}「${ws.name}」为左右多栏格式（表头有多个「姓名」列），请整理为每行一人后再导入`);
    }
    const body = rows.slice(headerAt + 1);
    if (body.length > MAX_IMPORT_ROWS) throw tooManyRows(what);
    const col = header.columns;
    const at = (values: Array<CellValue | undefined>, field: SignInField) => (col[field] === undefined ? undefined : values[col[field]!]);
    const problems: FieldProblem[] = [];
    const out: SignInRow[] = [];
    for (const { row, values } of body) {
      const name = cellText(at(values, 'name'));
      const phone = cellText(at(values, 'phone'));
      const workerCode = cellText(at(values, 'workerCode'));
      if (!name && !phone && !workerCode) continue;
      if (SIGN_IN_SYNONYMS.get(normaliseHeader(name)) === 'name') continue; // header repeated on a later page
      if (!phone && !workerCode && FOOTER_RE.test(name)) continue;
      const signInRaw = at(values, 'signInAt');
      const signInAt = cellInstant(signInRaw, options.sessionDate);
      if (signInAt === null) {
        problems.push({
          row,
          field: `第${row}行.${header.headers.signInAt}`,
          message: `签到时间「${cellText(signInRaw)}」无法识别${options.sessionDate ? '' : '（只有时间没有日期时需先确定培训日期）'}`,
        });
      }
      out.push({
        row,
        name: name || null,
        phone: phone || null,
        workerCode: workerCode || null,
        streetText: cellText(at(values, 'streetText')) || null,
        statusText: cellText(at(values, 'status')) || null,
        signInAt: signInAt ?? null,
      });
    }
    if (problems.length) throw DomainError.invalidRows(`${what}有${problems.length}行的签到时间无法识别`, problems);
    if (out.length === 0) throw new DomainError('UNPROCESSABLE', `${what}「${ws.name}」在表头下没有任何签到记录`);
    return { sheetName: ws.name, headerRow: rows[headerAt].row, headers: header.headers, rows: out };
  }
  throw new DomainError('UNPROCESSABLE', `${what}中未找到表头：应有「姓名」列，以及「手机号」或「网格员编号」列`);
}

// ---------------------------------------------------------------------------------------------------------
// the participant export

export interface ParsedParticipants {
  headerRow: number;
  headers: Partial<Record<ParticipantField, string>>;
  /** Only for CSV. */
  encoding?: string;
  records: ParticipantRecord[];
}

type RawValue = CellValue | string | undefined;

/**
 * Reads a meeting's participant export, CSV (UTF-8, UTF-16 or GBK) or xlsx: one record per join, with
 * join and leave times (read in Shanghai unless zoned). When a row gives a 参会时长 shorter than its span
 * (exports with one row per person: first join, last leave, total time), the duration is taken as the
 * time present, counted from the join. An empty leave time means still in the meeting at export.
 */
export async function parseParticipantFile(buffer: Uint8Array, options: { sessionDate?: LocalDate } = {}): Promise<ParsedParticipants> {
  if (isZip(buffer)) {
    const wb = await loadWorkbook(buffer, '参会记录');
    for (const ws of wb.worksheets) {
      const rows = sheetRows(ws);
      const parsed = participantsFromRows(rows, options.sessionDate);
      if (parsed) return parsed;
    }
    throw noParticipantHeader();
  }
  return parseParticipantCsv(buffer, options);
}

export function parseParticipantCsv(buffer: Uint8Array, options: { sessionDate?: LocalDate } = {}): ParsedParticipants {
  if (buffer.length === 0) throw new DomainError('UNPROCESSABLE', '参会记录文件是空的');
  if (XLS_MAGIC.every((b, i) => buffer[i] === b)) {
    throw new DomainError('UNPROCESSABLE', '参会记录是旧版 .xls 格式，请另存为 .xlsx 或 CSV 后再导入');
  }
  const utf16 = (buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff);
  if (!utf16 && buffer.subarray(0, 4096).includes(0)) {
    throw new DomainError('UNPROCESSABLE', '无法读取参会记录：请上传会议软件导出的 CSV 或 .xlsx 文件');
  }
  const { text, encoding } = decodeText(buffer);
  const records = parseCsv(text);
  const parsed = participantsFromRows(
    records.map((r) => ({ row: r.row, values: r.fields })),
    options.sessionDate,
  );
  if (!parsed) throw noParticipantHeader();
  return { ...parsed, encoding };
}

function noParticipantHeader(): DomainError {
  return new DomainError('UNPROCESSABLE', '参会记录中未找到表头：应有「用户名/姓名」「入会时间」列，以及「离会时间」或「参会时长」列');
}

function participantsFromRows(rows: Array<{ row: number; values: RawValue[] }>, sessionDate?: LocalDate): ParsedParticipants | null {
  const text = (v: RawValue) => (typeof v === 'string' ? v.trim() : cellText(v as CellValue));
  const headerAt = rows.slice(0, HEADER_SCAN_ROWS).findIndex((r) => {
    const cols = matchHeader(r.values.map(text), PARTICIPANT_SYNONYMS).columns;
    return cols.name !== undefined && cols.joinAt !== undefined;
  });
  if (headerAt < 0) return null;
  const header = matchHeader(rows[headerAt].values.map(text), PARTICIPANT_SYNONYMS);
  const col = header.columns;
  if (col.leaveAt === undefined && col.duration === undefined) {
    throw new DomainError('UNPROCESSABLE', '参会记录缺少「离会时间」或「参会时长」列，无法计算参会时长');
  }
  const body = rows.slice(headerAt + 1);
  if (body.length > MAX_IMPORT_ROWS) throw tooManyRows('参会记录');
  const at = (values: RawValue[], field: ParticipantField) => (col[field] === undefined ? undefined : values[col[field]!]);
  const instant = (v: RawValue) => (typeof v === 'string' ? (v.trim() ? parseShanghaiDateTime(v, sessionDate) : undefined) : cellInstant(v as CellValue, sessionDate));
  const problems: FieldProblem[] = [];
  const records: ParticipantRecord[] = [];
  for (const { row, values } of body) {
    const name = text(at(values, 'name'));
    const joinRaw = at(values, 'joinAt');
    if (!name && !text(joinRaw)) continue;
    if (PARTICIPANT_SYNONYMS.get(normaliseHeader(name)) === 'name') continue;
    const problem = (field: ParticipantField, message: string) => problems.push({ row, field: `第${row}行.${header.headers[field]}`, message });
    if (!name) {
      problem('name', '缺少参会人名称');
      continue;
    }
    const joinAt = instant(joinRaw);
    if (!joinAt) {
      problem('joinAt', joinAt === undefined ? '缺少入会时间' : `入会时间「${text(joinRaw)}」无法识别`);
      continue;
    }
    const leaveRaw = at(values, 'leaveAt');
    let leaveAt: Date | null = null;
    if (col.leaveAt !== undefined) {
      const l = instant(leaveRaw);
      if (l === null) {
        problem('leaveAt', `离会时间「${text(leaveRaw)}」无法识别`);
        continue;
      }
      leaveAt = l ?? null;
      if (leaveAt && leaveAt.getTime() < joinAt.getTime()) {
        problem('leaveAt', '离会时间早于入会时间');
        continue;
      }
    }
    const durationText = text(at(values, 'duration'));
    if (durationText) {
      const seconds = parseDurationSeconds(durationText);
      if (seconds === null) {
        problem('duration', `参会时长「${durationText}」无法识别`);
        continue;
      }
      const byDuration = new Date(joinAt.getTime() + seconds * 1000);
      if (!leaveAt || byDuration.getTime() < leaveAt.getTime() - 60_000) leaveAt = byDuration;
    }
    records.push({
      row,
      displayName: name,
      joinAt,
      leaveAt,
      phone: text(at(values, 'phone')) || null,
      role: text(at(values, 'role')) || null,
    });
  }
  if (problems.length) throw DomainError.invalidRows(`参会记录有${problems.length}行无法识别`, problems);
  if (records.length === 0) throw new DomainError('UNPROCESSABLE', '参会记录在表头下没有任何记录');
  return { headerRow: rows[headerAt].row, headers: header.headers, records };
}
