import { addDays, shanghaiDate } from '../calendar/shanghai';
import { DomainError, FieldProblem } from '../errors/domain-error';
import { dueDayOf, WorkingDayCalendar } from '../working-days/working-day.calendar';
import { CaseLimits, CaseSnapshot } from './case.types';

/**
 * Deadlines of a case, on the working-day calendar (rule: WorkingDayCalendar.dueInstant — the start day
 * never counts, a limit runs out at 24:00 Shanghai of the n-th working day after it):
 * - response (受理时限): from the report to the centre's first answer (accept, refuse, or self-closing);
 * - handling (办结时限): from acceptance to closing, moved by approved extensions; a self-closed service
 *   item counts it from the report.
 * A limit is met when its event happens at or before the due instant; it is overdue once the instant has
 * passed without it.
 */
export type CaseLimitKind = 'response' | 'handling';

export const CASE_LIMIT_KINDS: readonly CaseLimitKind[] = ['response', 'handling'];

export const CASE_LIMIT_LABELS: Record<CaseLimitKind, string> = {
  response: '受理时限',
  handling: '办结时限',
};

/** What each limit asks for, for messages ("应于…前受理"). */
const LIMIT_VERB: Record<CaseLimitKind, string> = { response: '受理', handling: '办结' };

export type LimitStatus = 'not_applicable' | 'not_started' | 'pending' | 'overdue' | 'met' | 'met_late';

export const LIMIT_STATUS_LABELS: Record<LimitStatus, string> = {
  not_applicable: '不适用',
  not_started: '未开始计时',
  pending: '未到期',
  overdue: '已超期',
  met: '按期完成',
  met_late: '超期完成',
};

/** Upper bound of a category limit; a larger value is a typo, not a policy. */
export const MAX_LIMIT_WORKING_DAYS = 60;

export function caseLimitsProblems(limits: CaseLimits): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const check = (value: number, field: string, min: number) => {
    if (!Number.isInteger(value) || value < min || value > MAX_LIMIT_WORKING_DAYS) {
      problems.push({ field, message: `${field}应为${min}到${MAX_LIMIT_WORKING_DAYS}之间的整数（工作日）` });
    }
  };
  check(limits.responseLimitWorkingDays, '受理时限', 0);
  check(limits.handlingLimitWorkingDays, '办结时限', 1);
  return problems;
}

export function assertCaseLimits(limits: CaseLimits): void {
  const problems = caseLimitsProblems(limits);
  if (problems.length > 0) throw DomainError.invalidRows(problems.map((p) => p.message).join('；'), problems);
}

export function computeResponseDue(reportedAt: Date, limits: CaseLimits, calendar: WorkingDayCalendar): Date {
  return calendar.dueInstant(reportedAt, limits.responseLimitWorkingDays);
}

export function computeHandlingDue(acceptedAt: Date, limits: CaseLimits, calendar: WorkingDayCalendar): Date {
  return calendar.dueInstant(acceptedAt, limits.handlingLimitWorkingDays);
}

/** The fields the deadline rules read; a database row of the sweep can be passed as it is. */
export type CaseDeadlineView = Pick<CaseSnapshot, 'state' | 'responseDueAt' | 'respondedAt' | 'handlingDueAt' | 'closedAt'>;

function statusAgainst(due: Date, metAt: Date | null, at: Date): LimitStatus {
  if (metAt) return metAt.getTime() <= due.getTime() ? 'met' : 'met_late';
  return at.getTime() > due.getTime() ? 'overdue' : 'pending';
}

/** Where a case stands against one of its limits at an instant. */
export function limitStatus(c: CaseDeadlineView, kind: CaseLimitKind, at: Date): LimitStatus {
  if (kind === 'response') return statusAgainst(c.responseDueAt, c.respondedAt, at);
  if (c.state === 'rejected') return 'not_applicable';
  if (!c.handlingDueAt) return 'not_started';
  return statusAgainst(c.handlingDueAt, c.closedAt, at);
}

export function dueAtOf(c: CaseDeadlineView, kind: CaseLimitKind): Date | null {
  return kind === 'response' ? c.responseDueAt : c.handlingDueAt;
}

/** Limits that are past due and still not met at `at`. */
export function overdueLimits(c: CaseDeadlineView, at: Date): CaseLimitKind[] {
  return CASE_LIMIT_KINDS.filter((k) => limitStatus(c, k, at) === 'overdue');
}

export function isOverdue(c: CaseDeadlineView, at: Date): boolean {
  return overdueLimits(c, at).length > 0;
}

/** Limits breached by `at`: overdue now, or met late. */
export function breachedLimits(c: CaseDeadlineView, at: Date): CaseLimitKind[] {
  return CASE_LIMIT_KINDS.filter((k) => {
    const s = limitStatus(c, k, at);
    return s === 'overdue' || s === 'met_late';
  });
}

/** True when closed by the (possibly extended) handling due; null while not closed. */
export function isClosedOnTime(c: Pick<CaseSnapshot, 'closedAt' | 'handlingDueAt'>): boolean | null {
  if (!c.closedAt) return null;
  return c.handlingDueAt !== null && c.closedAt.getTime() <= c.handlingDueAt.getTime();
}

/**
 * Working days started since a due ran out, for "已超期N个工作日": the working days after the due day up to
 * and including the day of `at`. 0 when not past due (or past due only over a weekend).
 */
export function overdueWorkingDays(dueAt: Date, at: Date, calendar: WorkingDayCalendar): number {
  if (at.getTime() <= dueAt.getTime()) return 0;
  return calendar.workingDaysInRange(addDays(dueDayOf(dueAt), 1), shanghaiDate(at));
}

/** The due instant as people say it: `2024-10-09 24:00`. */
export function formatDue(dueAt: Date): string {
  return `${dueDayOf(dueAt)} 24:00`;
}

/** A supervision notice a case already has (only the limit matters here). */
export interface ExistingSupervision {
  limit: CaseLimitKind;
}

export interface SupervisionNoticeDraft {
  limit: CaseLimitKind;
  dueAt: Date;
  openedAt: Date;
  /** Shown to the assignee and the centre. */
  message: string;
}

/**
 * 督办: which supervision notices to open on a case now. A case gets one notice per limit it is overdue on,
 * and never a second one for the same limit (not after an extension, not after a rework): the sweep may run
 * any number of times. A limit met late between two sweeps gets no notice, since there is nothing left to
 * push; it still counts as breached in the figures.
 */
export function supervisionNoticesToOpen(
  c: CaseDeadlineView,
  existing: readonly ExistingSupervision[],
  at: Date,
): SupervisionNoticeDraft[] {
  const have = new Set(existing.map((e) => e.limit));
  return overdueLimits(c, at)
    .filter((limit) => !have.has(limit))
    .map((limit) => {
      const dueAt = dueAtOf(c, limit) as Date;
      return {
        limit,
        dueAt,
        openedAt: at,
        message: `案件已超过${CASE_LIMIT_LABELS[limit]}（应于 ${formatDue(dueAt)} 前${LIMIT_VERB[limit]}），现予督办，请尽快${LIMIT_VERB[limit]}`,
      };
    });
}
