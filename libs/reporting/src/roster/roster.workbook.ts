import ExcelJS from 'exceljs';
import { DomainError } from '@app/domain/errors/domain-error';
import { ROSTER_COLUMNS, RosterSheetRow } from '@app/domain/roster/roster-import.rules';
import { newWorkbook, workbookBuffer, writeTable } from '../xlsx/workbook-style';

export const MAX_ROSTER_ROWS = 20_000;

/** Text of a cell however it was typed: numbers (phone typed as a number), dates, rich text, formulas' results. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // a date typed in Excel arrives as UTC midnight of that day
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    return '';
  }
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  return String(value).trim();
}

/** Reads the roster sheet: finds the header row by its column names, then every non-empty row below it. */
export async function readRosterWorkbook(buffer: Buffer): Promise<RosterSheetRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw DomainError.invalid('file', '文件不是有效的 xlsx 工作簿');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw DomainError.invalid('file', '工作簿中没有工作表');
  let headerRow = 0;
  const columnOf = new Map<string, number>();
  for (let r = 1; r <= Math.min(ws.rowCount, 10) && !headerRow; r++) {
    const row = ws.getRow(r);
    const found = new Map<string, number>();
    row.eachCell((cell, col) => {
      const text = cellText(cell.value).replace(/\s/g, '');
      if ((ROSTER_COLUMNS as readonly string[]).includes(text)) found.set(text, col);
    });
    if (found.size >= 3) {
      headerRow = r;
      found.forEach((c, k) => columnOf.set(k, c));
    }
  }
  if (!headerRow) throw DomainError.invalid('file', `未找到表头，请使用导入模板（列：${ROSTER_COLUMNS.join('、')}）`);
  const missing = ROSTER_COLUMNS.filter((c) => !columnOf.has(c) && c !== '是否网格长' && c !== '入职日期');
  if (missing.length) throw DomainError.invalid('file', `缺少列：${missing.join('、')}`);
  const rows: RosterSheetRow[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const values = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c, columnOf.has(c) ? cellText(row.getCell(columnOf.get(c)!).value) : ''])) as RosterSheetRow['values'];
    if (Object.values(values).every((v) => v === '')) continue;
    rows.push({ row: r, values });
    if (rows.length > MAX_ROSTER_ROWS) throw DomainError.invalid('file', `一次最多导入${MAX_ROSTER_ROWS}行`);
  }
  if (!rows.length) throw DomainError.invalid('file', '文件中没有数据行');
  return rows;
}

export interface RosterExportRow {
  code: string;
  name: string;
  phoneMasked: string;
  idNumberMasked: string;
  street: string;
  community: string;
  grid: string;
  gridCode: string;
  kind: string;
  isGridLeader: boolean;
  status: string;
  hireDate: string | null;
}

export async function renderRosterExport(rows: RosterExportRow[], title: string): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('网格员名册');
  writeTable(ws, {
    title,
    columns: [
      { header: '序号', width: 6 },
      { header: '网格员编号', width: 12 },
      { header: '姓名', width: 10 },
      { header: '手机号码', width: 14 },
      { header: '身份证号', width: 22 },
      { header: '镇（街道）', width: 12 },
      { header: '社区（村）', width: 14 },
      { header: '网格', width: 14 },
      { header: '网格编码', width: 14 },
      { header: '类别', width: 6 },
      { header: '网格长', width: 7 },
      { header: '状态', width: 7 },
      { header: '入职日期', width: 12 },
    ],
    rows: rows.map((r, i) => [i + 1, r.code, r.name, r.phoneMasked, r.idNumberMasked, r.street, r.community, r.grid, r.gridCode, r.kind, r.isGridLeader ? '是' : '否', r.status, r.hireDate ?? '']),
  });
  return workbookBuffer(wb);
}

/** The import template: the header row and one example row to overwrite. */
export async function renderRosterTemplate(): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('网格员名册');
  writeTable(ws, {
    columns: ROSTER_COLUMNS.map((h) => ({ header: h, width: h === '身份证号' ? 22 : 14 })),
    rows: [['GW0001', '张三', '13800000000', '（18位身份证号）', '（网格编码）', '专职', '否', '2024-01-01']],
  });
  // phone and ID columns as text, so Excel keeps leading digits and the X
  ws.getColumn(3).numFmt = '@';
  ws.getColumn(4).numFmt = '@';
  return workbookBuffer(wb);
}
