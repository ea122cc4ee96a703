import { isLocalDate, LocalDate } from '../calendar/shanghai';
import type { FieldProblem } from '../errors/domain-error';
import { checkIdNumber, checkPhone } from './id-number.rules';
import type { WorkerKind } from './grid-worker.entity';

/** The columns of the roster workbook, in order; the import template and the export use the same. */
export const ROSTER_COLUMNS = ['网格员编号', '姓名', '手机号码', '身份证号', '网格编码', '类别', '是否网格长', '入职日期'] as const;

export interface RosterSheetRow {
  /** Spreadsheet row number (1-based, as Excel shows it). */
  row: number;
  values: Record<(typeof ROSTER_COLUMNS)[number], string>;
}

export interface RosterRecord {
  row: number;
  code: string;
  name: string;
  phone: string;
  idNumber: string;
  birthDate: LocalDate;
  gender: 'male' | 'female';
  gridCode: string;
  kind: WorkerKind;
  isGridLeader: boolean;
  hireDate: LocalDate | null;
}

const KIND: Record<string, WorkerKind> = { 专职: 'full_time', 兼职: 'part_time' };
const YES_NO: Record<string, boolean> = { 是: true, 否: false, '': false };

/**
 * Checks every row of a roster sheet and reports every problem by row and column; nothing is written
 * unless the whole sheet is clean. Duplicates within the sheet are problems too.
 */
export function checkRosterRows(rows: RosterSheetRow[], today: LocalDate): { records: RosterRecord[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const records: RosterRecord[] = [];
  const seenCode = new Map<string, number>();
  const seenId = new Map<string, number>();
  const problem = (row: number, column: string, message: string) => problems.push({ row, field: `第${row}行 ${column}`, message });

  for (const { row, values } of rows) {
    const before = problems.length;
    const code = values['网格员编号'].trim();
    const name = values['姓名'].trim();
    if (!/^[0-9A-Za-z_-]{2,32}$/.test(code)) problem(row, '网格员编号', '应为2-32位字母、数字、_ 或 -');
    else if (seenCode.has(code)) problem(row, '网格员编号', `与第${seenCode.get(code)}行重复`);
    else seenCode.set(code, row);
    if (!name) problem(row, '姓名', '不能为空');
    else if (name.length > 50) problem(row, '姓名', '不能超过50个字符');
    const phone = checkPhone(values['手机号码']);
    if (!phone.ok) problem(row, '手机号码', phone.reason);
    const id = checkIdNumber(values['身份证号'], today);
    if (!id.ok) problem(row, '身份证号', id.reason);
    else if (seenId.has(id.value)) problem(row, '身份证号', `与第${seenId.get(id.value)}行重复`);
    else seenId.set(id.value, row);
    const gridCode = values['网格编码'].trim();
    if (!gridCode) problem(row, '网格编码', '不能为空');
    const kind = KIND[values['类别'].trim()];
    if (!kind) problem(row, '类别', '应为「专职」或「兼职」');
    const leader = YES_NO[values['是否网格长'].trim()];
    if (leader === undefined) problem(row, '是否网格长', '应为「是」或「否」');
    const hire = values['入职日期'].trim();
    if (hire && (!isLocalDate(hire) || hire > today)) problem(row, '入职日期', '应为不晚于今天的日期，格式如 2024-04-01');
    if (problems.length === before && phone.ok && id.ok) {
      records.push({
        row,
        code,
        name,
        phone: phone.value,
        idNumber: id.value,
        birthDate: id.birthDate,
        gender: id.gender,
        gridCode,
        kind,
        isGridLeader: leader,
        hireDate: hire || null,
      });
    }
  }
  return { records, problems };
}
