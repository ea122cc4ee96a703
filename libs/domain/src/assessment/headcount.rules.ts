import Decimal from 'decimal.js';
import { Dec } from '../common/decimal';
import { firstDayOfMonth, lastDayOfMonth, quarterMonths } from '../calendar/shanghai';
import { DomainError, FieldProblem } from '../errors/domain-error';
import {
  activeDaysBetween,
  DEFAULT_SERVICE_MONTH_RULE,
  EmploymentEvent,
  serviceMonthsInQuarter,
  ServiceMonthRule,
} from '../roster/employment.rules';
import { compareIds } from './ranking.rules';
import { Actor } from './rectification.rules';

/**
 * Quarterly headcount (季度在岗核实) for the finance bureau's quarterly bonus: per street, the workers in
 * service in the quarter and their months in service, derived from the employment history with the
 * service-month rule of employment.rules (default: a month counts when active on at least half its days).
 * The street operator confirms or corrects a worker's months (0..3) with a reason; the bonus base is the
 * monthly standard (元 per worker and month) × the months that stand.
 */
export interface HeadcountScheme {
  /** 元 per worker and month, two decimals at most. No default: the finance bureau sets it. */
  monthlyStandard: Decimal;
  serviceMonthRule: ServiceMonthRule;
}

export function validateHeadcountScheme(s: { monthlyStandard: Decimal.Value; serviceMonthRule?: ServiceMonthRule }): FieldProblem[] {
  const p: FieldProblem[] = [];
  let d: Decimal | null = null;
  try {
    d = new Dec(s.monthlyStandard);
  } catch {
    d = null;
  }
  if (!d || !d.isFinite() || d.isNegative() || d.decimalPlaces() > 2) {
    p.push({ field: 'monthlyStandard', message: '月度奖金标准须为不小于0、最多两位小数的金额（元）' });
  }
  const share = s.serviceMonthRule?.minActiveShare;
  if (s.serviceMonthRule && !(typeof share === 'number' && share > 0 && share <= 1)) {
    p.push({ field: 'serviceMonthRule.minActiveShare', message: '计满一个月所需在岗天数比例须大于0且不超过1' });
  }
  return p;
}

export interface HeadcountWorkerInput {
  workerId: string;
  streetId: string;
  employment: readonly EmploymentEvent[];
}

export interface DerivedHeadcount {
  workerId: string;
  streetId: string;
  /** Active days in the quarter. */
  activeDays: number;
  /** Months that count as service under the rule, e.g. [5, 6]. */
  serviceMonths: number[];
  derivedMonths: number;
}

/**
 * Workers active on at least one day of the quarter, with their months in service. A worker with a few
 * days but no full service month is listed with 0 months, so that the street sees them and can correct.
 */
export function deriveHeadcount(
  year: number,
  quarter: number,
  workers: readonly HeadcountWorkerInput[],
  rule: ServiceMonthRule = DEFAULT_SERVICE_MONTH_RULE,
): DerivedHeadcount[] {
  const months = quarterMonths(quarter);
  const from = firstDayOfMonth(year, months[0]);
  const to = lastDayOfMonth(year, months[2]);
  const out: DerivedHeadcount[] = [];
  for (const w of workers) {
    const activeDays = activeDaysBetween(w.employment, from, to);
    if (activeDays === 0) continue;
    const service = serviceMonthsInQuarter(w.employment, year, quarter, rule);
    out.push({ workerId: w.workerId, streetId: w.streetId, activeDays, serviceMonths: service.months, derivedMonths: service.count });
  }
  return out;
}

export interface HeadcountCorrection {
  workerId: string;
  months: number;
  reason: string;
}

export const MAX_CORRECTION_REASON_LENGTH = 200;

/**
 * Validates a street operator's correction. Returns null when the correction equals the derived months
 * (nothing to record), else the normalised correction.
 */
export function validateHeadcountCorrection(
  derived: Pick<DerivedHeadcount, 'derivedMonths'>,
  correction: { months: number; reason?: string | null },
  workerLabel = '该网格员',
): { months: number; reason: string } | null {
  if (!Number.isInteger(correction.months) || correction.months < 0 || correction.months > 3) {
    throw DomainError.invalid('更正月数', `${workerLabel}的在岗月数须为0至3的整数`);
  }
  if (correction.months === derived.derivedMonths) return null;
  const reason = correction.reason?.trim() ?? '';
  if (!reason) throw DomainError.invalid('更正原因', `更正${workerLabel}的在岗月数须填写原因`);
  if (reason.length > MAX_CORRECTION_REASON_LENGTH) {
    throw DomainError.invalid('更正原因', `不能超过${MAX_CORRECTION_REASON_LENGTH}字`);
  }
  return { months: correction.months, reason };
}

export type HeadcountStatus = 'pending' | 'confirmed';

export const HEADCOUNT_STATUS_LABELS: Record<HeadcountStatus, string> = {
  pending: '待镇街核实',
  confirmed: '镇街已确认',
};

/** Only the street's own operator corrects or confirms its headcount, and only before confirming. */
export function assertMayEditHeadcount(actor: Actor, streetId: string, status: HeadcountStatus): void {
  const own = actor.roles.includes('street_operator') && actor.streetId != null && String(actor.streetId) === String(streetId);
  if (!own) throw DomainError.forbidden('只有本镇街网格专干可以核实本镇街的在岗情况');
  if (status === 'confirmed') throw DomainError.conflict('本季度在岗情况已确认，不能再更正');
}

export interface HeadcountRow {
  workerId: string;
  streetId: string;
  activeDays: number;
  derivedMonths: number;
  correctedMonths: number | null;
  correctionReason: string | null;
  /** The months that stand: corrected if corrected, else derived. */
  months: number;
  /** monthlyStandard × months, 元. */
  bonusBase: Decimal;
}

export interface HeadcountSubtotal {
  /** Workers with at least one month that stands. */
  workerCount: number;
  months: number;
  bonusBase: Decimal;
}

export interface HeadcountTable {
  year: number;
  quarter: number;
  monthlyStandard: Decimal;
  streets: Array<{ streetId: string; rows: HeadcountRow[]; subtotal: HeadcountSubtotal }>;
  total: HeadcountSubtotal;
}

function subtotal(rows: readonly HeadcountRow[]): HeadcountSubtotal {
  return {
    workerCount: rows.filter((r) => r.months > 0).length,
    months: rows.reduce((n, r) => n + r.months, 0),
    bonusBase: rows.reduce<Decimal>((acc, r) => acc.plus(r.bonusBase), new Dec(0)),
  };
}

/**
 * The table for the finance bureau: rows grouped by street (streets in `streetOrder` if given, else by
 * id; workers by `workerOrder`, else by id), per-street subtotals and the district total. Money is exact:
 * a two-decimal standard times whole months.
 */
export function buildHeadcountTable(
  year: number,
  quarter: number,
  derived: readonly DerivedHeadcount[],
  corrections: readonly HeadcountCorrection[],
  scheme: Pick<HeadcountScheme, 'monthlyStandard'>,
  options: { streetOrder?: readonly string[]; workerOrder?: (a: string, b: string) => number } = {},
): HeadcountTable {
  const schemeProblems = validateHeadcountScheme({ monthlyStandard: scheme.monthlyStandard });
  if (schemeProblems.length > 0) throw DomainError.invalidRows(schemeProblems[0].message, schemeProblems);
  const byWorker = new Map(derived.map((d) => [d.workerId, d]));
  const corrected = new Map<string, { months: number; reason: string }>();
  for (const c of corrections) {
    const d = byWorker.get(c.workerId);
    if (!d) throw DomainError.invalid('更正', `网格员（${c.workerId}）本季度无在岗记录，不能更正；请先在名册中补录任职记录`);
    const v = validateHeadcountCorrection(d, c);
    if (v) corrected.set(c.workerId, v);
  }

  const workerOrder = options.workerOrder ?? compareIds;
  const streetIds = [...new Set(derived.map((d) => d.streetId))];
  const order = options.streetOrder ?? [];
  streetIds.sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
    return compareIds(a, b);
  });

  const streets = streetIds.map((streetId) => {
    const rows = derived
      .filter((d) => d.streetId === streetId)
      .sort((a, b) => workerOrder(a.workerId, b.workerId))
      .map((d): HeadcountRow => {
        const c = corrected.get(d.workerId) ?? null;
        const months = c ? c.months : d.derivedMonths;
        return {
          workerId: d.workerId,
          streetId,
          activeDays: d.activeDays,
          derivedMonths: d.derivedMonths,
          correctedMonths: c?.months ?? null,
          correctionReason: c?.reason ?? null,
          months,
          bonusBase: scheme.monthlyStandard.times(months),
        };
      });
    return { streetId, rows, subtotal: subtotal(rows) };
  });
  const all = streets.flatMap((s) => s.rows);
  return { year, quarter, monthlyStandard: scheme.monthlyStandard, streets, total: subtotal(all) };
}
