/**
 * Business calendar of the platform: every day, month and quarter is counted in Asia/Shanghai,
 * whatever the server's zone. China has kept UTC+8 without daylight saving since 1991, so a fixed
 * offset is exact for every date the platform handles.
 */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar day as `YYYY-MM-DD`. */
export type LocalDate = string;

export interface YearMonth {
  year: number;
  month: number; // 1..12
}

export interface YearQuarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function parseLocalDate(value: LocalDate): { year: number; month: number; day: number } {
  const m = DATE_RE.exec(value);
  if (!m || !isLocalDate(value)) throw new RangeError(`not a date: ${value}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function formatLocalDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The Shanghai calendar day of an instant. */
export function shanghaiDate(instant: Date): LocalDate {
  const shifted = new Date(instant.getTime() + OFFSET_MS);
  return formatLocalDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** The instant a Shanghai day starts (00:00 +08:00). */
export function startOfShanghaiDay(date: LocalDate): Date {
  const { year, month, day } = parseLocalDate(date);
  return new Date(Date.UTC(year, month - 1, day) - OFFSET_MS);
}

/** A Shanghai wall-clock time as an instant. */
export function shanghaiInstant(date: LocalDate, hour = 0, minute = 0, second = 0): Date {
  return new Date(startOfShanghaiDay(date).getTime() + ((hour * 60 + minute) * 60 + second) * 1000);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = parseLocalDate(date);
  const t = new Date(Date.UTC(year, month - 1, day) + days * DAY_MS);
  return formatLocalDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Days from a to b (b - a). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  const pa = parseLocalDate(a);
  const pb = parseLocalDate(b);
  return Math.round((Date.UTC(pb.year, pb.month - 1, pb.day) - Date.UTC(pa.year, pa.month - 1, pa.day)) / DAY_MS);
}

/** ISO weekday of a date: 1 Monday .. 7 Sunday. */
export function weekday(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}

export function monthOf(instantOrDate: Date | LocalDate): YearMonth {
  const date = typeof instantOrDate === 'string' ? instantOrDate : shanghaiDate(instantOrDate);
  const { year, month } = parseLocalDate(date);
  return { year, month };
}

export function quarterOfMonth(month: number): 1 | 2 | 3 | 4 {
  return (Math.floor((month - 1) / 3) + 1) as 1 | 2 | 3 | 4;
}

export function quarterOf(instantOrDate: Date | LocalDate): YearQuarter {
  const { year, month } = monthOf(instantOrDate);
  return { year, quarter: quarterOfMonth(month) };
}

export function quarterMonths(quarter: number): [number, number, number] {
  const first = (quarter - 1) * 3 + 1;
  return [first, first + 1, first + 2];
}

export function firstDayOfMonth(year: number, month: number): LocalDate {
  return formatLocalDate(year, month, 1);
}

export function lastDayOfMonth(year: number, month: number): LocalDate {
  return formatLocalDate(year, month, daysInMonth(year, month));
}

/** [start, end) instants of a Shanghai month. */
export function monthRange(year: number, month: number): { start: Date; end: Date } {
  const next = month === 12 ? { y: year + 1, m: 1 } : { y: year, m: month + 1 };
  return { start: startOfShanghaiDay(firstDayOfMonth(year, month)), end: startOfShanghaiDay(firstDayOfMonth(next.y, next.m)) };
}

/** [start, end) instants of a Shanghai year. */
export function yearRange(year: number): { start: Date; end: Date } {
  return { start: startOfShanghaiDay(formatLocalDate(year, 1, 1)), end: startOfShanghaiDay(formatLocalDate(year + 1, 1, 1)) };
}

export function formatYearMonth(ym: YearMonth): string {
  return `${ym.year}-${String(ym.month).padStart(2, '0')}`;
}

/** Today in Shanghai. */
export function todayInShanghai(now: Date = new Date()): LocalDate {
  return shanghaiDate(now);
}
