import Decimal from 'decimal.js';
import type { Worksheet } from 'exceljs';
import { shown } from '@app/domain/common/decimal';
import { LocalDate, parseLocalDate } from '@app/domain/calendar/shanghai';
import { BODY_FONT, CENTER, displayWidth, FONT_SONG, HEADER_FONT, LEFT, linesNeeded, setCell, THIN_BORDER, TITLE_FONT } from '../xlsx/workbook-style';

/** Layout helpers shared by the three assessment workbooks. */
export interface NoticeColumn {
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
  /** Excel number format for numeric cells, e.g. '0.00'. */
  numFmt?: string;
}

export type CellValue = string | number | null | undefined;

/** An id → value lookup given as a Map or a plain object. */
export type Lookup<T> = ReadonlyMap<string, T> | Readonly<Record<string, T>>;

export function lookup<T>(from: Lookup<T>, id: string, what: string): T {
  const v = from instanceof Map ? from.get(id) : (from as Record<string, T>)[id];
  if (v === undefined) throw new Error(`${what} ${id} is missing from the lookup given to the renderer`);
  return v;
}

/** A decimal as the number shown in a cell: rounded half up to `places` first. */
export function num(value: Decimal.Value | null | undefined, places = 2): number | null {
  if (value === null || value === undefined) return null;
  return Number(shown(value, places).toFixed(places));
}

/** `2024年4月1日` */
export function chineseDate(date: LocalDate): string {
  const { year, month, day } = parseLocalDate(date);
  return `${year}年${month}月${day}日`;
}

/** `2024-07-05 10:30` in Shanghai, whatever the server's zone. */
export function shanghaiDateTime(instant: Date): string {
  const t = new Date(instant.getTime() + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
}

const ALIGN = { left: LEFT, center: CENTER, right: { horizontal: 'right', vertical: 'middle', wrapText: true } } as const;

export function setColumns(ws: Worksheet, columns: readonly NoticeColumn[]): void {
  columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width;
  });
}

/** A line merged across the table's width; no border. Returns the next row. */
export function writeLine(
  ws: Worksheet,
  row: number,
  ncol: number,
  text: string,
  options: { kind?: 'title' | 'subtitle' | 'text'; align?: 'left' | 'center' | 'right'; height?: number } = {},
): number {
  ws.mergeCells(row, 1, row, ncol);
  const cell = ws.getCell(row, 1);
  setCell(cell, text);
  const kind = options.kind ?? 'text';
  cell.font = kind === 'title' ? TITLE_FONT : kind === 'subtitle' ? { name: FONT_SONG, size: 12 } : BODY_FONT;
  cell.alignment = { ...ALIGN[options.align ?? (kind === 'title' ? 'center' : 'left')] };
  // a merged cell is never sized on opening either: fit the wrapped text into the merged width
  let width = 0;
  for (let c = 1; c <= ncol; c++) width += ws.getColumn(c).width ?? 9;
  const lineHeight = 16;
  const fitted = linesNeeded(text, width) * lineHeight + 6;
  ws.getRow(row).height = kind === 'title' ? (options.height ?? 36) : Math.max(options.height ?? 20, fitted);
  return row + 1;
}

export function writeHeader(ws: Worksheet, row: number, columns: readonly NoticeColumn[]): number {
  columns.forEach((c, i) => {
    const cell = ws.getCell(row, i + 1);
    setCell(cell, c.header);
    cell.font = HEADER_FONT;
    cell.alignment = CENTER;
    cell.border = THIN_BORDER;
  });
  ws.getRow(row).height = 30;
  return row + 1;
}

/**
 * A bordered data row. `mergeFirst` merges the first n cells (a subtotal's label); `bold` for totals.
 * Numbers take the column's number format.
 */
export function writeRow(
  ws: Worksheet,
  row: number,
  columns: readonly NoticeColumn[],
  values: readonly CellValue[],
  options: { bold?: boolean; mergeFirst?: number } = {},
): number {
  columns.forEach((c, i) => {
    const cell = ws.getCell(row, i + 1);
    setCell(cell, values[i] ?? null);
    cell.font = options.bold ? HEADER_FONT : BODY_FONT;
    cell.alignment = { ...ALIGN[c.align ?? 'center'] };
    cell.border = THIN_BORDER;
    if (c.numFmt && typeof values[i] === 'number') cell.numFmt = c.numFmt;
  });
  if (options.mergeFirst && options.mergeFirst > 1) ws.mergeCells(row, 1, row, options.mergeFirst);
  const lines = Math.max(
    1,
    ...columns.map((c, i) => (i < (options.mergeFirst ?? 0) ? 1 : linesNeeded(values[i], c.width))),
  );
  ws.getRow(row).height = Math.max(20, lines * LINE_HEIGHT + 6);
  return row + 1;
}

const LINE_HEIGHT = 14.5;

// shared with every workbook; re-exported for the notices' callers
export { displayWidth, linesNeeded };

/** Signature line(s) below a table, e.g. `镇街经办人（签字）：` spread across the width. */
export function writeSignatures(ws: Worksheet, row: number, ncol: number, labels: readonly string[]): number {
  const text = labels.map((l) => `${l}：__________`).join('        ');
  return writeLine(ws, row, ncol, text, { align: 'left', height: 36 });
}
