import Decimal from 'decimal.js';
import { Dec } from '../common/decimal';
import { LocalDate } from '../calendar/shanghai';
import { compareIds } from './ranking.rules';
import { isOverdue, RectificationStatus } from './rectification.rules';

/**
 * The figures of the monthly notice (月度通报), per street and for the district: checks made, workers
 * checked, problems found (failed items) and where their rectification stands on the `asOf` day.
 * The SQL behind the notice may compute the same figures with COUNT … FILTER; this is the reference.
 */
export interface SpotCheckFact {
  checkId: string;
  streetId: string;
  workerId: string;
  checkDay: LocalDate;
}

export interface ProblemFact {
  checkId: string;
  streetId: string;
  deduction: Decimal.Value;
  /** Null when the failed item carries no rectification demand. */
  rectification: { status: RectificationStatus; deadline: LocalDate } | null;
}

export interface SpotCheckCounts {
  checks: number;
  workersChecked: number;
  problems: number;
  deduction: Decimal;
  rectificationRequired: number;
  /** 已销号 */
  rectified: number;
  /** Not yet 已销号 (待整改 and 已整改待核销). */
  pending: number;
  /** Of the pending, past their deadline on `asOf`. */
  overdue: number;
}

export interface SpotCheckSummary {
  asOf: LocalDate;
  /** Every street of `streetIds`, in that order, even without checks; then any other street met in the facts. */
  streets: Array<{ streetId: string } & SpotCheckCounts>;
  /** District figures; `workersChecked` counts each worker once even if checked in two streets. */
  total: SpotCheckCounts;
}

function count(checks: readonly SpotCheckFact[], problems: readonly ProblemFact[], asOf: LocalDate): SpotCheckCounts {
  const demanded = problems.filter((p) => p.rectification !== null);
  const rectified = demanded.filter((p) => p.rectification!.status === 'closed').length;
  return {
    checks: new Set(checks.map((c) => c.checkId)).size,
    workersChecked: new Set(checks.map((c) => c.workerId)).size,
    problems: problems.length,
    deduction: problems.reduce<Decimal>((acc, p) => acc.plus(p.deduction), new Dec(0)),
    rectificationRequired: demanded.length,
    rectified,
    pending: demanded.length - rectified,
    overdue: demanded.filter((p) => isOverdue(p.rectification!, asOf)).length,
  };
}

export function summariseSpotChecks(
  streetIds: readonly string[],
  checks: readonly SpotCheckFact[],
  problems: readonly ProblemFact[],
  asOf: LocalDate,
): SpotCheckSummary {
  const extra = [...new Set([...checks.map((c) => c.streetId), ...problems.map((p) => p.streetId)])]
    .filter((s) => !streetIds.includes(s))
    .sort(compareIds);
  const streets = [...streetIds, ...extra].map((streetId) => ({
    streetId,
    ...count(
      checks.filter((c) => c.streetId === streetId),
      problems.filter((p) => p.streetId === streetId),
      asOf,
    ),
  }));
  return { asOf, streets, total: count(checks, problems, asOf) };
}
