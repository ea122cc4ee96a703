import Decimal from 'decimal.js';
import { Dec } from '../common/decimal';
import { YearMonth } from '../calendar/shanghai';
import { DomainError, FieldProblem } from '../errors/domain-error';
import { EmploymentEvent, isActiveInMonth } from '../roster/employment.rules';

/**
 * Monthly assessment (月考核): score = base − the month's deductions + documented adjustments, kept
 * within [floor, cap]. Every input has at most two decimals, so the score is exact at two decimals and
 * no rounding happens here.
 *
 * Schemes are versioned. A version applies from its `effectiveFrom` month on; each result records the
 * version it was computed with, and a published month is never recomputed, so a later scheme change
 * cannot rewrite it.
 */
export interface ScoringScheme {
  version: number;
  effectiveFrom: YearMonth;
  baseScore: Decimal;
  floor: Decimal;
  /** Upper bound when adjustments could lift a score above the base; null for none. */
  cap: Decimal | null;
  adjustmentsAllowed: boolean;
}

export const DEFAULT_SCORING_SCHEME: ScoringScheme = Object.freeze({
  version: 1,
  effectiveFrom: { year: 2000, month: 1 },
  baseScore: new Dec(100),
  floor: new Dec(0),
  cap: null,
  adjustmentsAllowed: true,
});

function twoPlaces(d: Decimal | null | undefined): boolean {
  return !!d && d.isFinite() && d.decimalPlaces() <= 2;
}

export function validateScoringScheme(s: ScoringScheme): FieldProblem[] {
  const p: FieldProblem[] = [];
  if (!Number.isInteger(s.version) || s.version < 1) p.push({ field: 'version', message: '版本号须为正整数' });
  const ym = s.effectiveFrom;
  if (!ym || !Number.isInteger(ym.year) || !Number.isInteger(ym.month) || ym.month < 1 || ym.month > 12) {
    p.push({ field: 'effectiveFrom', message: '生效月份无效' });
  }
  if (!twoPlaces(s.baseScore) || s.baseScore.lte(0)) p.push({ field: 'baseScore', message: '基础分须大于0，最多两位小数' });
  if (!twoPlaces(s.floor) || s.floor.isNegative()) p.push({ field: 'floor', message: '最低分须不小于0，最多两位小数' });
  else if (twoPlaces(s.baseScore) && s.floor.gt(s.baseScore)) p.push({ field: 'floor', message: '最低分不能高于基础分' });
  if (s.cap !== null) {
    if (!twoPlaces(s.cap)) p.push({ field: 'cap', message: '最高分最多两位小数' });
    else if (twoPlaces(s.baseScore) && s.cap.lt(s.baseScore)) p.push({ field: 'cap', message: '最高分不能低于基础分' });
  }
  return p;
}

function ymKey(ym: YearMonth): number {
  return ym.year * 100 + ym.month;
}

/** The scheme version that applies to a month: the latest `effectiveFrom` not after it, then the highest version. */
export function schemeForMonth(schemes: readonly ScoringScheme[], ym: YearMonth): ScoringScheme {
  const candidates = schemes
    .filter((s) => ymKey(s.effectiveFrom) <= ymKey(ym))
    .sort((a, b) => ymKey(b.effectiveFrom) - ymKey(a.effectiveFrom) || b.version - a.version);
  if (candidates.length === 0) {
    throw DomainError.conflict(`${ym.year}年${ym.month}月没有适用的考核计分方案`);
  }
  return candidates[0];
}

export interface ScoreAdjustment {
  /** Points added (positive) or taken off (negative). */
  amount: Decimal.Value;
  reason: string;
}

export const MAX_ADJUSTMENT_REASON_LENGTH = 200;

export interface MonthlyScore {
  schemeVersion: number;
  baseScore: Decimal;
  totalDeduction: Decimal;
  totalAdjustment: Decimal;
  /** base − deductions + adjustments before the floor and cap. */
  rawScore: Decimal;
  score: Decimal;
  /** Which bound changed the raw score, if one did. */
  bounded: 'floor' | 'cap' | null;
}

/** Validates the adjustments against the scheme; throws VALIDATION naming the adjustment. */
export function validateAdjustments(scheme: ScoringScheme, adjustments: readonly ScoreAdjustment[]): Decimal[] {
  if (adjustments.length > 0 && !scheme.adjustmentsAllowed) {
    throw DomainError.invalid('加减分', `计分方案第${scheme.version}版不允许加减分`);
  }
  const problems: FieldProblem[] = [];
  const amounts = adjustments.map((a, i) => {
    const field = `adjustments[${i}]`;
    let d: Decimal | null = null;
    try {
      d = new Dec(a.amount);
    } catch {
      d = null;
    }
    if (!d || !twoPlaces(d) || d.isZero()) {
      problems.push({ field: `${field}.amount`, message: `第${i + 1}项加减分：分值须为非零、最多两位小数的数` });
    }
    const reason = a.reason?.trim() ?? '';
    if (!reason) problems.push({ field: `${field}.reason`, message: `第${i + 1}项加减分：须填写依据或原因` });
    else if (reason.length > MAX_ADJUSTMENT_REASON_LENGTH) {
      problems.push({ field: `${field}.reason`, message: `第${i + 1}项加减分：原因不能超过${MAX_ADJUSTMENT_REASON_LENGTH}字` });
    }
    return d ?? new Dec(0);
  });
  if (problems.length > 0) throw DomainError.invalidRows(problems[0].message, problems);
  return amounts;
}

/** One worker's score for a month. Deductions are the failed items of the month's spot checks. */
export function computeMonthlyScore(
  scheme: ScoringScheme,
  deductions: readonly Decimal.Value[],
  adjustments: readonly ScoreAdjustment[] = [],
): MonthlyScore {
  const amounts = validateAdjustments(scheme, adjustments);
  const totalDeduction = deductions.reduce<Decimal>((acc, d) => acc.plus(d), new Dec(0));
  if (totalDeduction.isNegative()) throw DomainError.invalid('扣分', '扣分合计不能为负数');
  const totalAdjustment = amounts.reduce<Decimal>((acc, d) => acc.plus(d), new Dec(0));
  const rawScore = scheme.baseScore.minus(totalDeduction).plus(totalAdjustment);
  let score = rawScore;
  let bounded: MonthlyScore['bounded'] = null;
  if (score.lt(scheme.floor)) {
    score = scheme.floor;
    bounded = 'floor';
  } else if (scheme.cap !== null && score.gt(scheme.cap)) {
    score = scheme.cap;
    bounded = 'cap';
  }
  return { schemeVersion: scheme.version, baseScore: scheme.baseScore, totalDeduction, totalAdjustment, rawScore, score, bounded };
}

export interface WorkerMonthInput {
  workerId: string;
  employment: readonly EmploymentEvent[];
  deductions: readonly Decimal.Value[];
  adjustments?: readonly ScoreAdjustment[];
}

export interface MonthlyAssessment {
  year: number;
  month: number;
  schemeVersion: number;
  results: Array<MonthlyScore & { workerId: string }>;
  /** Workers given but not active on any day of the month: they get no score that month. */
  notAssessed: string[];
}

/**
 * Scores every worker active on at least one day of the month (employment.rules `isActiveInMonth`).
 * A worker not active in the month gets no score at all (not a 0), so a quarter mean skips that month.
 */
export function assessMonth(scheme: ScoringScheme, ym: YearMonth, workers: readonly WorkerMonthInput[]): MonthlyAssessment {
  const results: MonthlyAssessment['results'] = [];
  const notAssessed: string[] = [];
  for (const w of workers) {
    if (!isActiveInMonth(w.employment, ym.year, ym.month)) {
      notAssessed.push(w.workerId);
      continue;
    }
    results.push({ workerId: w.workerId, ...computeMonthlyScore(scheme, w.deductions, w.adjustments ?? []) });
  }
  return { year: ym.year, month: ym.month, schemeVersion: scheme.version, results, notAssessed };
}

export type MonthlyAssessmentStatus = 'draft' | 'published';

export const MONTHLY_ASSESSMENT_STATUS_LABELS: Record<MonthlyAssessmentStatus, string> = {
  draft: '草稿',
  published: '已发布',
};

/** A published month keeps its scores and scheme version; only a draft month is (re)computed. */
export function assertMonthRecomputable(status: MonthlyAssessmentStatus, ym: YearMonth): void {
  if (status === 'published') {
    throw DomainError.conflict(`${ym.year}年${ym.month}月考核结果已发布，不能重新计算`);
  }
}
