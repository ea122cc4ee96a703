import { Dec } from '../common/decimal';
import { DomainError, FieldProblem } from '../errors/domain-error';
import { breachedLimits, isClosedOnTime } from './case-deadlines.rules';
import { CaseSnapshot } from './case.types';

/**
 * Reference definitions of the incident and maintenance figures. The API computes them in SQL over a
 * year of cases; these pure versions state what each figure means and give the integration tests the
 * numbers the SQL must reproduce. Rates are decimals (rounded only where shown, see common/decimal);
 * durations are minutes as floating point, like EXTRACT(EPOCH FROM b - a) / 60 in PostgreSQL.
 * A rate with nothing to divide by is null (shown as "—"), never 0% or 100%.
 */
export type CallbackOutcome = 'satisfied' | 'basically_satisfied' | 'dissatisfied' | 'not_reached';

export const CALLBACK_OUTCOMES: readonly CallbackOutcome[] = ['satisfied', 'basically_satisfied', 'dissatisfied', 'not_reached'];

export const CALLBACK_OUTCOME_LABELS: Record<CallbackOutcome, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  not_reached: '未接通',
};

export function ratio(numerator: number, denominator: number): Dec | null {
  return denominator === 0 ? null : new Dec(numerator).div(denominator);
}

export function minutesBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / 60_000;
}

function assertFinite(values: readonly number[]): void {
  if (values.some((v) => !Number.isFinite(v))) throw DomainError.invalid('数值', '含有无效数值');
}

/**
 * Continuous percentile exactly as PostgreSQL's percentile_cont(fraction) WITHIN GROUP (ORDER BY v):
 * sort ascending, take the 0-based position fraction × (n − 1), and interpolate linearly between the
 * values at floor and ceil of it: lo + (hi − lo) × (position − floor). So the p95 of 1..10 is 9.55 and
 * the median of 1, 2, 3, 4 is 2.5. Null for no values, as PostgreSQL returns NULL.
 */
export function percentileCont(values: readonly number[], fraction: number): number | null {
  if (!(fraction >= 0 && fraction <= 1)) throw DomainError.invalid('百分位', '应在0到1之间');
  assertFinite(values);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

export function p95(values: readonly number[]): number | null {
  return percentileCont(values, 0.95);
}

export function mean(values: readonly number[]): number | null {
  assertFinite(values);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

export function max(values: readonly number[]): number | null {
  assertFinite(values);
  return values.length === 0 ? null : values.reduce((a, b) => (b > a ? b : a));
}

export interface OnTimeFigure {
  closed: number;
  closedOnTime: number;
  /** 按期结案率 = closed by the (extended) handling due / closed; null when nothing was closed. */
  rate: Dec | null;
}

/** On-time rate over the given cases (the caller picks them, e.g. closed in the year); open cases are ignored. */
export function onTimeRate(cases: readonly Pick<CaseSnapshot, 'closedAt' | 'handlingDueAt'>[]): OnTimeFigure {
  let closed = 0;
  let closedOnTime = 0;
  for (const c of cases) {
    const onTime = isClosedOnTime(c);
    if (onTime === null) continue;
    closed += 1;
    if (onTime) closedOnTime += 1;
  }
  return { closed, closedOnTime, rate: ratio(closedOnTime, closed) };
}

export interface SatisfactionFigure {
  calls: number;
  /** Calls that reached someone: every outcome but 未接通. */
  answered: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  notReached: number;
  /** (满意 + 基本满意) / answered; 未接通 is left out of both sides. */
  rate: Dec | null;
}

export function satisfactionRate(outcomes: readonly CallbackOutcome[]): SatisfactionFigure {
  const count = (o: CallbackOutcome) => outcomes.filter((x) => x === o).length;
  const satisfied = count('satisfied');
  const basicallySatisfied = count('basically_satisfied');
  const dissatisfied = count('dissatisfied');
  const notReached = count('not_reached');
  const answered = satisfied + basicallySatisfied + dissatisfied;
  return {
    calls: outcomes.length,
    answered,
    satisfied,
    basicallySatisfied,
    dissatisfied,
    notReached,
    rate: ratio(satisfied + basicallySatisfied, answered),
  };
}

export type CaseFigureRow = Pick<
  CaseSnapshot,
  'state' | 'reportedAt' | 'respondedAt' | 'acceptedAt' | 'closedAt' | 'responseDueAt' | 'handlingDueAt' | 'reworkCount'
>;

export interface CaseFigures {
  reported: number;
  closed: number;
  closedOnTime: number;
  onTimeRate: Dec | null;
  /** Cases that breached a limit by `at`: overdue now, or answered / closed after their due. */
  overdue: number;
  /** Cases sent back at least once (返工). */
  returned: number;
  /** Report → first answer (accept, refuse, self-close), over answered cases. */
  meanResponseMinutes: number | null;
  p95ResponseMinutes: number | null;
  /** Acceptance (the report, for self-closed items) → closing, over closed cases. */
  meanHandlingMinutes: number | null;
  p95HandlingMinutes: number | null;
}

/** The figures of a set of cases (the caller filters by period, street, category or department). */
export function caseFigures(cases: readonly CaseFigureRow[], at: Date): CaseFigures {
  const responses: number[] = [];
  const handlings: number[] = [];
  let overdue = 0;
  let returned = 0;
  for (const c of cases) {
    if (c.respondedAt) responses.push(minutesBetween(c.reportedAt, c.respondedAt));
    if (c.closedAt) handlings.push(minutesBetween(c.acceptedAt ?? c.reportedAt, c.closedAt));
    if (breachedLimits(c, at).length > 0) overdue += 1;
    if (c.reworkCount > 0) returned += 1;
  }
  const onTime = onTimeRate(cases);
  return {
    reported: cases.length,
    closed: onTime.closed,
    closedOnTime: onTime.closedOnTime,
    onTimeRate: onTime.rate,
    overdue,
    returned,
    meanResponseMinutes: mean(responses),
    p95ResponseMinutes: p95(responses),
    meanHandlingMinutes: mean(handlings),
    p95HandlingMinutes: p95(handlings),
  };
}

/** System maintenance (系统运维): a fault of the information system, from report to restoration. */
export type MaintenanceTicketState = 'reported' | 'responded' | 'restored';

export const MAINTENANCE_TICKET_STATE_LABELS: Record<MaintenanceTicketState, string> = {
  reported: '已报障',
  responded: '已响应',
  restored: '已恢复',
};

export interface MaintenanceTicketTimes {
  reportedAt: Date;
  respondedAt: Date | null;
  restoredAt: Date | null;
  /**
   * Minutes the system was unavailable, as recorded by the centre: not always restoredAt − reportedAt,
   * since a fault can be partial or can start before it is reported.
   */
  downtimeMinutes: number;
}

export function maintenanceTicketState(t: MaintenanceTicketTimes): MaintenanceTicketState {
  if (t.restoredAt) return 'restored';
  return t.respondedAt ? 'responded' : 'reported';
}

export function maintenanceTicketProblems(t: MaintenanceTicketTimes): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (t.respondedAt && t.respondedAt.getTime() < t.reportedAt.getTime()) {
    problems.push({ field: '响应时间', message: '响应时间不能早于报障时间' });
  }
  if (t.restoredAt && !t.respondedAt) problems.push({ field: '响应时间', message: '已恢复的故障须填写响应时间' });
  if (t.restoredAt && t.respondedAt && t.restoredAt.getTime() < t.respondedAt.getTime()) {
    problems.push({ field: '恢复时间', message: '恢复时间不能早于响应时间' });
  }
  if (!Number.isFinite(t.downtimeMinutes) || t.downtimeMinutes < 0) {
    problems.push({ field: '停机时长', message: '停机时长（分钟）不能为负数' });
  }
  return problems;
}

export interface MaintenanceFigures {
  tickets: number;
  responded: number;
  downtimeMinutes: Dec;
  periodMinutes: number;
  /** 系统故障率 = downtime minutes / minutes in the period. */
  failureRate: Dec | null;
  /** 系统运行维护响应时间: report → response, over responded tickets. */
  maxResponseMinutes: number | null;
  p95ResponseMinutes: number | null;
  meanResponseMinutes: number | null;
}

/**
 * Maintenance figures of a period [start, end): the tickets reported in it (a ticket's downtime counts
 * in the period of its report, whole), their downtime over the period's minutes, and their response times.
 */
export function maintenanceFigures(tickets: readonly MaintenanceTicketTimes[], period: { start: Date; end: Date }, at: Date = new Date()): MaintenanceFigures {
  const inPeriod = tickets.filter((t) => t.reportedAt.getTime() >= period.start.getTime() && t.reportedAt.getTime() < period.end.getTime());
  // a ticket nobody has answered yet is still waiting: it counts with its wait so far (up to the period's end),
  // so the slowest response can never look better for the ones left unanswered
  const until = at.getTime() < period.end.getTime() ? at : period.end;
  const responses = inPeriod.map((t) => minutesBetween(t.reportedAt, t.respondedAt ?? (until > t.reportedAt ? until : t.reportedAt)));
  const downtime = inPeriod.reduce<Dec>((sum, t) => sum.plus(t.downtimeMinutes), new Dec(0));
  const periodMinutes = minutesBetween(period.start, period.end);
  return {
    tickets: inPeriod.length,
    responded: inPeriod.filter((t) => t.respondedAt).length,
    downtimeMinutes: downtime,
    periodMinutes,
    failureRate: periodMinutes > 0 ? downtime.div(periodMinutes) : null,
    maxResponseMinutes: max(responses),
    p95ResponseMinutes: p95(responses),
    meanResponseMinutes: mean(responses),
  };
}
