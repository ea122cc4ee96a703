import type { CellValue } from 'exceljs';
import { DomainError } from '../../../domain/src/errors/domain-error';
import { CENTER, HEADER_FONT, LEFT, newWorkbook, setCell, setupA4, THIN_BORDER, TITLE_FONT, workbookBuffer } from '../xlsx/workbook-style';
import { financeSheetRows } from './finance-document';
import { FinanceInputs } from './finance-inputs';

/**
 * The finance inputs' import sheet (财务数据): one row per figure with a stable code in column A, the form's
 * label, the unit and the value. The download is pre-filled with what is stored; the import reads it back.
 */
export const FINANCE_SHEET = '财务数据';
const HEADERS = ['栏目编码', '栏目（表格·行·列）', '单位', '数值'];
const FIRST_DATA_ROW = 4;

export async function renderFinanceImportTemplate(inputs: FinanceInputs): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet(FINANCE_SHEET);
  [44, 56, 8, 18].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.mergeCells(1, 1, 1, 4);
  setCell(ws.getCell(1, 1), `${inputs.year}年度绩效自评财务数据（导入模板）`);
  ws.getCell(1, 1).font = TITLE_FONT;
  ws.getCell(1, 1).alignment = CENTER;
  ws.mergeCells(2, 1, 2, 4);
  setCell(ws.getCell(2, 1), '说明：只填“数值”列；金额单位万元，最多两位小数；空白表示表中不填。栏目编码请勿修改。导入时全部正确才写入。');
  ws.getCell(2, 1).alignment = LEFT;
  HEADERS.forEach((h, i) => {
    const c = ws.getCell(3, i + 1);
    setCell(c, h);
    c.font = HEADER_FONT;
    c.alignment = CENTER;
    c.border = THIN_BORDER;
  });
  financeSheetRows(inputs).forEach((r, i) => {
    const row = FIRST_DATA_ROW + i;
    setCell(ws.getCell(row, 1), r.code);
    setCell(ws.getCell(row, 2), r.label);
    setCell(ws.getCell(row, 3), r.unit);
    const v = ws.getCell(row, 4);
    if (r.unit === '万元' || r.unit === '㎡') {
      setCell(v, r.value === null ? null : Number(r.value));
      v.numFmt = '0.00';
    } else setCell(v, r.value);
    for (let c = 1; c <= 4; c++) ws.getCell(row, c).border = THIN_BORDER;
  });
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  setupA4(ws, { repeatRows: '3:3' });
  return workbookBuffer(wb);
}

function cellText(value: CellValue): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('result' in value && value.result !== undefined) return cellText(value.result as CellValue);
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
  }
  return String(value);
}

/** The data rows of an uploaded import sheet: row number, code and value; a file that is not one is refused. */
export async function readFinanceImportWorkbook(buffer: Buffer): Promise<Array<{ row: number; code: string; value: string | number | null }>> {
  const wb = newWorkbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw DomainError.invalid('file', '文件不是有效的 xlsx 工作簿');
  }
  const ws = wb.getWorksheet(FINANCE_SHEET) ?? wb.worksheets[0];
  if (!ws) throw DomainError.invalid('file', `工作簿中没有“${FINANCE_SHEET}”工作表`);
  let header = 0;
  for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
    if (String(cellText(ws.getCell(r, 1).value) ?? '').trim() === HEADERS[0]) {
      header = r;
      break;
    }
  }
  if (!header) throw DomainError.invalid('file', `找不到表头“${HEADERS[0]}”，请使用下载的导入模板`);
  const rows: Array<{ row: number; code: string; value: string | number | null }> = [];
  for (let r = header + 1; r <= ws.rowCount; r++) {
    const code = cellText(ws.getCell(r, 1).value);
    const value = cellText(ws.getCell(r, 4).value);
    if ((code === null || String(code).trim() === '') && (value === null || String(value).trim() === '')) continue;
    rows.push({ row: r, code: String(code ?? '').trim(), value });
  }
  return rows;
}
