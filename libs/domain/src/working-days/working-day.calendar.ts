import {
  addDays,
  isLocalDate,
  LocalDate,
  parseLocalDate,
  shanghaiDate,
  startOfShanghaiDay,
  weekday,
} from '../calendar/shanghai';
import { DomainError, FieldProblem } from '../errors/domain-error';

/**
 * China's working-day calendar, built from data (one set of entries per year, imported from the State
 * Council's yearly notice). A day is:
 * - a holiday (放假) when the year's data lists it as such (statutory days and the bridging days of 调休);
 * - a working day when the data lists it as 上班 (the Saturdays/Sundays worked in exchange, 调休上班);
 * - otherwise off on Saturday and Sunday, working on Monday to Friday.
 *
 * A year that has not been loaded is unknown, never guessed: asking about any of its days throws
 * MissingCalendarYearError, so a missing import shows up as an error instead of deadlines that silently
 * run through 春节.
 */
export type CalendarEntryKind = 'holiday' | 'workday';

export const CALENDAR_ENTRY_KIND_LABELS: Record<CalendarEntryKind, string> = {
  holiday: '放假',
  workday: '上班',
};

export interface CalendarEntry {
  date: LocalDate;
  kind: CalendarEntryKind;
  /** The festival the day belongs to, e.g. 国庆节. */
  name: string;
}

export interface CalendarYear {
  year: number;
  entries: CalendarEntry[];
}

export type DayKind = 'working' | 'weekend' | 'holiday' | 'adjusted_working';

export const DAY_KIND_LABELS: Record<DayKind, string> = {
  working: '工作日',
  weekend: '周末',
  holiday: '法定节假日',
  adjusted_working: '调休上班',
};

export interface DayInfo {
  date: LocalDate;
  kind: DayKind;
  working: boolean;
  /** Festival name for holidays and 调休 working days, else null. */
  name: string | null;
}

export const WEEKDAY_LABELS = ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'] as const;

export function weekdayLabel(date: LocalDate): string {
  return WEEKDAY_LABELS[weekday(date) - 1];
}

export function isWeekend(date: LocalDate): boolean {
  return weekday(date) >= 6;
}

export class MissingCalendarYearError extends DomainError {
  constructor(readonly year: number) {
    const message = `缺少${year}年的节假日安排，无法计算工作日，请先导入${year}年的工作日历`;
    super('UNPROCESSABLE', message, [{ field: '工作日历', message }]);
  }
}

/** Problems of a year's entries that make it unusable (dates outside the year, duplicates, 上班 on a weekday). */
export function calendarYearProblems(data: CalendarYear): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<LocalDate>();
  if (!Number.isInteger(data.year) || data.year < 1949 || data.year > 9999) {
    problems.push({ field: '年份', message: `年份「${data.year}」无效` });
    return problems;
  }
  for (const e of data.entries) {
    if (!isLocalDate(e.date)) {
      problems.push({ field: '日期', message: `日期「${e.date}」无效，应为 YYYY-MM-DD` });
      continue;
    }
    if (parseLocalDate(e.date).year !== data.year) {
      problems.push({ field: '日期', message: `${e.date} 不属于${data.year}年` });
    }
    if (seen.has(e.date)) problems.push({ field: '日期', message: `${e.date} 重复登记` });
    seen.add(e.date);
    if (e.kind === 'workday' && !isWeekend(e.date)) {
      problems.push({ field: '类型', message: `${e.date} 是${weekdayLabel(e.date)}，本来就是工作日，不能登记为调休上班` });
    }
    if (e.kind !== 'workday' && e.kind !== 'holiday') {
      problems.push({ field: '类型', message: `${e.date} 的类型「${String(e.kind)}」无效，应为「放假」或「上班」` });
    }
  }
  if (!data.entries.some((e) => e.kind === 'holiday')) {
    problems.push({ field: '日期', message: `${data.year}年没有任何放假日期，请检查数据` });
  }
  return problems;
}

function assertNonNegativeInteger(n: number, field: string): void {
  if (!Number.isInteger(n) || n < 0) throw DomainError.invalid(field, '必须是非负整数');
}

export class WorkingDayCalendar {
  private readonly entries = new Map<LocalDate, CalendarEntry>();
  private readonly covered = new Set<number>();

  private constructor() {}

  /** Builds a calendar from the given years; throws a VALIDATION DomainError listing every problem. */
  static fromYears(years: readonly CalendarYear[]): WorkingDayCalendar {
    const calendar = new WorkingDayCalendar();
    const problems: FieldProblem[] = [];
    for (const y of years) {
      if (calendar.covered.has(y.year)) {
        problems.push({ field: '年份', message: `${y.year}年的数据重复提供` });
        continue;
      }
      const own = calendarYearProblems(y);
      if (own.length > 0) {
        problems.push(...own.map((p) => ({ ...p, field: `${y.year}年.${p.field}` })));
        continue;
      }
      calendar.covered.add(y.year);
      for (const e of y.entries) calendar.entries.set(e.date, { ...e });
    }
    if (problems.length > 0) throw DomainError.invalidRows('工作日历数据有误', problems);
    return calendar;
  }

  /** Years this calendar knows, ascending. */
  get years(): number[] {
    return [...this.covered].sort((a, b) => a - b);
  }

  hasYear(year: number): boolean {
    return this.covered.has(year);
  }

  /** The data of one year, entries by date (for export back to CSV). */
  yearData(year: number): CalendarYear {
    this.requireYear(year);
    const entries = [...this.entries.values()]
      .filter((e) => parseLocalDate(e.date).year === year)
      .sort((a, b) => (a.date < b.date ? -1 : 1));
    return { year, entries };
  }

  dayInfo(date: LocalDate): DayInfo {
    this.requireYear(parseLocalDate(date).year);
    const e = this.entries.get(date);
    if (e?.kind === 'holiday') return { date, kind: 'holiday', working: false, name: e.name };
    if (e?.kind === 'workday') return { date, kind: 'adjusted_working', working: true, name: e.name };
    return isWeekend(date)
      ? { date, kind: 'weekend', working: false, name: null }
      : { date, kind: 'working', working: true, name: null };
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.dayInfo(date).working;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate {
    return this.addWorkingDays(date, 1);
  }

  /** The last working day strictly before `date`. */
  previousWorkingDay(date: LocalDate): LocalDate {
    return this.addWorkingDays(date, -1);
  }

  /**
   * The n-th working day after `date` (n > 0), or before it (n < 0); `date` itself never counts, whether it
   * is a working day or not. n = 0 returns `date` unchanged.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n)) throw DomainError.invalid('工作日数', '必须是整数');
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let d = date;
    this.requireYear(parseLocalDate(d).year);
    while (remaining > 0) {
      d = addDays(d, step);
      if (this.isWorkingDay(d)) remaining -= 1;
    }
    return d;
  }

  /** Working days in [from, to], both included; 0 when to < from. */
  workingDaysInRange(from: LocalDate, to: LocalDate): number {
    let count = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count += 1;
    return count;
  }

  /**
   * The instant a limit of `n` working days that starts at `start` runs out.
   *
   * Rule: the day of the start never counts (the case arrived during it, or outside working time); the
   * limit runs out at 24:00 Shanghai (00:00 of the next day) at the end of the n-th working day after the
   * start day. So a case reported on Monday 10:00 with 2 working days is due at Wednesday 24:00; one
   * reported on a holiday or weekend starts counting on the next working day, which is day 1.
   * n = 0 means "the same working day": the end of the start day if it is a working day, else the end of
   * the next working day.
   */
  dueInstant(start: Date, n: number): Date {
    assertNonNegativeInteger(n, '工作日数');
    const day = shanghaiDate(start);
    const dueDay = n === 0 ? (this.isWorkingDay(day) ? day : this.nextWorkingDay(day)) : this.addWorkingDays(day, n);
    return endOfShanghaiDay(dueDay);
  }

  /**
   * Moves a due instant by n more working days (an approved extension): the new limit runs out at the end
   * of the n-th working day after the day the old one ran out.
   */
  extendDue(due: Date, n: number): Date {
    assertNonNegativeInteger(n, '延期工作日数');
    return endOfShanghaiDay(this.addWorkingDays(dueDayOf(due), n));
  }

  /**
   * Whole working days elapsed between two instants, by the same rule as dueInstant: working days after
   * the day of `from` that have ended by `to`. `workingDaysElapsed(s, dueInstant(s, n)) === n` for n >= 1.
   * 0 when `to` is not after `from`.
   */
  workingDaysElapsed(from: Date, to: Date): number {
    if (to.getTime() <= from.getTime()) return 0;
    const first = addDays(shanghaiDate(from), 1);
    const lastEnded = addDays(shanghaiDate(to), -1);
    return this.workingDaysInRange(first, lastEnded);
  }

  private requireYear(year: number): void {
    if (!this.covered.has(year)) throw new MissingCalendarYearError(year);
  }
}

/** 24:00 Shanghai at the end of `date`, i.e. 00:00 of the next day. */
export function endOfShanghaiDay(date: LocalDate): Date {
  return startOfShanghaiDay(addDays(date, 1));
}

/** The Shanghai day whose end is (or contains) the given due instant. */
export function dueDayOf(due: Date): LocalDate {
  return shanghaiDate(new Date(due.getTime() - 1));
}
