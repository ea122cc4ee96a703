import type { Alignment, Borders, Cell, CellValue, Font, Workbook, Worksheet } from 'exceljs';

/**
 * Shared conventions of every workbook the centre hands out: a Chinese government font, thin borders,
 * A4 print set-up with repeated header rows, and text that can never be run as a formula.
 */
export const FONT_SONG = '宋体';
export const FONT_FANGSONG = '仿宋';

export const BODY_FONT: Partial<Font> = { name: FONT_SONG, size: 11 };
export const HEADER_FONT: Partial<Font> = { name: FONT_SONG, size: 11, bold: true };
export const TITLE_FONT: Partial<Font> = { name: FONT_SONG, size: 16, bold: true };

export const THIN_BORDER: Partial<Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

export const CENTER: Partial<Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };
export const LEFT: Partial<Alignment> = { horizontal: 'left', vertical: 'middle', wrapText: true };

/**
 * Text that starts with = + - @ (or a tab / carriage return) would be taken as a formula by Excel, WPS
 * or LibreOffice when the file is re-saved as CSV or edited; prefix it with an apostrophe-like quote so
 * it is always shown as text (OWASP "CSV injection").
 */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Sets a cell's value; strings go through `safeText`. */
export function setCell(cell: Cell, value: string | number | Date | null | undefined): void {
  cell.value = typeof value === 'string' ? safeText(value) : (value ?? null);
}

export function newWorkbook(creator = '网格化管理服务平台'): Workbook {
  // exceljs is loaded lazily by callers that need it; the type import above costs nothing at run time
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ExcelJS = require('exceljs') as typeof import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = creator;
  wb.created = new Date();
  return wb;
}

export interface PrintSetup {
  orientation?: 'portrait' | 'landscape';
  /** Rows repeated at the top of each printed page, e.g. '1:3'. */
  repeatRows?: string;
  fitToWidth?: boolean;
}

/** A4, margins of a government form, optional repeated header rows, fit to one page wide. */
export function setupA4(ws: Worksheet, setup: PrintSetup = {}): void {
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: setup.orientation ?? 'portrait',
    fitToPage: setup.fitToWidth ?? true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    ...(setup.repeatRows ? { printTitlesRow: setup.repeatRows } : {}),
  };
  ws.headerFooter = { oddFooter: '第 &P 页，共 &N 页' };
}

/**
 * Writes a simple table: a title row merged across, a header row, then data rows; borders on all cells;
 * header row repeated on print. Returns the row number after the table.
 */
export function writeTable(
  ws: Worksheet,
  options: {
    title?: string;
    subtitle?: string;
    /** numFmt applies to the column's numbers, e.g. '0.00%' for a ratio stored as a number. */
    columns: Array<{ header: string; width?: number; align?: 'left' | 'center'; numFmt?: string }>;
    rows: Array<Array<string | number | Date | null | undefined>>;
    startRow?: number;
  },
): number {
  let r = options.startRow ?? 1;
  const ncol = options.columns.length;
  options.columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width ?? 14;
  });
  if (options.title) {
    ws.mergeCells(r, 1, r, ncol);
    const cell = ws.getCell(r, 1);
    setCell(cell, options.title);
    cell.font = TITLE_FONT;
    cell.alignment = CENTER;
    ws.getRow(r).height = 30;
    r++;
  }
  if (options.subtitle) {
    ws.mergeCells(r, 1, r, ncol);
    const cell = ws.getCell(r, 1);
    setCell(cell, options.subtitle);
    cell.font = BODY_FONT;
    cell.alignment = LEFT;
    r++;
  }
  const headerRow = r;
  options.columns.forEach((c, i) => {
    const cell = ws.getCell(r, i + 1);
    setCell(cell, c.header);
    cell.font = HEADER_FONT;
    cell.alignment = CENTER;
    cell.border = THIN_BORDER;
  });
  r++;
  for (const row of options.rows) {
    row.forEach((v, i) => {
      const cell = ws.getCell(r, i + 1);
      setCell(cell, v);
      cell.font = BODY_FONT;
      cell.alignment = options.columns[i]?.align === 'left' ? LEFT : CENTER;
      cell.border = THIN_BORDER;
      if (typeof v === 'number' && options.columns[i]?.numFmt) cell.numFmt = options.columns[i].numFmt!;
    });
    r++;
  }
  setupA4(ws, { repeatRows: `${headerRow}:${headerRow}`, orientation: ncol > 8 ? 'landscape' : 'portrait' });
  return r;
}

export async function workbookBuffer(wb: Workbook): Promise<Buffer> {
  const data = await wb.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

/**
 * `Content-Disposition` for a download with a Chinese file name (RFC 6266 / RFC 5987): an ASCII
 * fallback plus the UTF-8 `filename*`.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Display width in Excel column units: a CJK or full-width character takes about two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) || ch.codePointAt(0)! > 0xffff ? 2 : 1;
  return w;
}

/**
 * Wrapped lines a value needs in a column (or merged block) of the given width, counting its own line
 * breaks. Neither exceljs nor LibreOffice sizes rows on opening, so row heights are set from this estimate.
 */
export function linesNeeded(value: CellValue | undefined, columnWidth: number): number {
  if (value === null || value === undefined || value === '') return 1;
  const usable = Math.max(1, columnWidth - 1);
  return String(value)
    .split('\n')
    .reduce((n, part) => n + Math.max(1, Math.ceil(displayWidth(part) / usable)), 0);
}
