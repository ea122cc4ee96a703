import {
  addDays,
  daysInMonth,
  firstDayOfMonth,
  lastDayOfMonth,
  LocalDate,
  quarterMonths,
} from '../calendar/shanghai';

/**
 * A grid worker's employment history: 入职, 停职, 复职, 离职, each effective on a Shanghai calendar day.
 * Whether a worker is active on a day is derived from this history, never stored as a flag.
 * An event takes effect on its date: a worker who leaves on 2024-05-10 is no longer active that day.
 */
export type EmploymentEventKind = 'hire' | 'suspend' | 'resume' | 'leave';

export const EMPLOYMENT_EVENT_LABELS: Record<EmploymentEventKind, string> = {
  hire: '入职',
  suspend: '停职',
  resume: '复职',
  leave: '离职',
};

export type EmploymentStatus = 'active' | 'suspended' | 'left' | 'not_hired';

export const EMPLOYMENT_STATUS_LABELS: Record<EmploymentStatus, string> = {
  active: '在岗',
  suspended: '停职',
  left: '离职',
  not_hired: '未入职',
};

export interface EmploymentEvent {
  kind: EmploymentEventKind;
  date: LocalDate;
}

const NEXT_STATUS: Record<EmploymentStatus, Partial<Record<EmploymentEventKind, EmploymentStatus>>> = {
  not_hired: { hire: 'active' },
  active: { suspend: 'suspended', leave: 'left' },
  suspended: { resume: 'active', leave: 'left' },
  left: { hire: 'active' },
};

/** Orders events by date; same-day events keep their given order. */
export function sortEvents<T extends EmploymentEvent>(events: readonly T[]): T[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.i - b.i))
    .map((x) => x.e);
}

/**
 * Checks that a history is a valid sequence (hire first; suspend only when active; resume only when
 * suspended; leave when active or suspended; re-hire after leaving). Returns the first problem in Chinese.
 */
export function validateHistory(events: readonly EmploymentEvent[]): string | null {
  let status: EmploymentStatus = 'not_hired';
  for (const e of sortEvents(events)) {
    const next: EmploymentStatus | undefined = NEXT_STATUS[status][e.kind];
    if (!next) {
      return `${e.date} 的「${EMPLOYMENT_EVENT_LABELS[e.kind]}」与此前状态「${EMPLOYMENT_STATUS_LABELS[status]}」不符`;
    }
    status = next;
  }
  return null;
}

/** Status at the end of a day (events dated that day included). */
export function statusOn(events: readonly EmploymentEvent[], day: LocalDate): EmploymentStatus {
  let status: EmploymentStatus = 'not_hired';
  for (const e of sortEvents(events)) {
    if (e.date > day) break;
    status = NEXT_STATUS[status][e.kind] ?? status;
  }
  return status;
}

export function isActiveOn(events: readonly EmploymentEvent[], day: LocalDate): boolean {
  return statusOn(events, day) === 'active';
}

/** Closed intervals [from, to] of active days; `to` is null while still active. */
export function activeIntervals(events: readonly EmploymentEvent[]): Array<{ from: LocalDate; to: LocalDate | null }> {
  const out: Array<{ from: LocalDate; to: LocalDate | null }> = [];
  let status: EmploymentStatus = 'not_hired';
  for (const e of sortEvents(events)) {
    const next: EmploymentStatus | undefined = NEXT_STATUS[status][e.kind];
    if (!next) continue;
    if (status !== 'active' && next === 'active') out.push({ from: e.date, to: null });
    if (status === 'active' && next !== 'active') {
      const last = out[out.length - 1];
      // the event's day itself is no longer active; a same-day hire-and-leave leaves no active day
      const to = addDays(e.date, -1);
      if (to < last.from) out.pop();
      else last.to = to;
    }
    status = next;
  }
  return out;
}

/** Number of days in [from, to] on which the worker was active. */
export function activeDaysBetween(events: readonly EmploymentEvent[], from: LocalDate, to: LocalDate): number {
  let days = 0;
  for (const iv of activeIntervals(events)) {
    const start = iv.from > from ? iv.from : from;
    const end = iv.to === null || iv.to > to ? to : iv.to;
    if (start <= end) days += dayCount(start, end);
  }
  return days;
}

function dayCount(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export function activeDaysInMonth(events: readonly EmploymentEvent[], year: number, month: number): number {
  return activeDaysBetween(events, firstDayOfMonth(year, month), lastDayOfMonth(year, month));
}

/** Active on at least one day of the month: such a worker is assessed that month. */
export function isActiveInMonth(events: readonly EmploymentEvent[], year: number, month: number): boolean {
  return activeDaysInMonth(events, year, month) > 0;
}

/**
 * The rule that turns active days into a month of service for the quarterly headcount and bonus.
 * Default: a month counts when the worker was active on at least half of its days.
 */
export interface ServiceMonthRule {
  /** Share of the month's days, 0 < share <= 1. */
  minActiveShare: number;
}

export const DEFAULT_SERVICE_MONTH_RULE: ServiceMonthRule = { minActiveShare: 0.5 };

export function countsAsServiceMonth(
  events: readonly EmploymentEvent[],
  year: number,
  month: number,
  rule: ServiceMonthRule = DEFAULT_SERVICE_MONTH_RULE,
): boolean {
  const active = activeDaysInMonth(events, year, month);
  return active > 0 && active >= Math.ceil(daysInMonth(year, month) * rule.minActiveShare);
}

/** Months in service in a quarter (0..3), and which ones. */
export function serviceMonthsInQuarter(
  events: readonly EmploymentEvent[],
  year: number,
  quarter: number,
  rule: ServiceMonthRule = DEFAULT_SERVICE_MONTH_RULE,
): { count: number; months: number[] } {
  const months = quarterMonths(quarter).filter((m) => countsAsServiceMonth(events, year, m, rule));
  return { count: months.length, months };
}
