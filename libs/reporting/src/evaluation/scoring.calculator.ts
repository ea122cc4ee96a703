import Decimal from 'decimal.js';
import { Dec, dec, formatPercent, shown, sumShown } from '../../../domain/src/common/decimal';
import { DomainError, FieldProblem } from '../../../domain/src/errors/domain-error';
import type { BudgetCounting, ScoringRule, TargetDirection } from '../../../domain/src/evaluation/indicator-template';

/**
 * The scoring rules of the self-evaluation (DOMAIN.md §5). Every value is a decimal; a score is rounded
 * half up to two decimals where it is shown, and totals are sums of the shown scores.
 */

type Value = Decimal.Value;

const SCORE_RE = /^\d{1,3}(\.\d{1,2})?$/;

export interface QuantitativeScore {
  /** Whether the target is met (≥, ≤ or = as the direction says). */
  met: boolean;
  /** Unrounded score. */
  raw: Decimal;
  /** Score as shown, two decimals half up. */
  score: Decimal;
}

/** Whether `actual` meets `target` in the given direction; '=' is met from the target on (as ≥), except a target of 0. */
export function targetMet(direction: Exclude<TargetDirection, 'qualitative'>, target: Value, actual: Value): boolean {
  const t = dec(target);
  const a = dec(actual);
  if (direction === 'lte') return a.lte(t);
  if (direction === 'eq' && t.isZero()) return a.isZero();
  return a.gte(t);
}

/**
 * The proposed score of a quantitative indicator.
 * - proportional (≥): full when met, else 分值 × actual / target;
 * - inverse (≤): full when met, else 分值 × (1 − (actual − target) / target), 0 from twice the target on
 *   (and for a target of 0, anything above it);
 * - exact (=): as proportional; a target of 0 gives full marks only at 0;
 * - all_or_nothing: full when met, else 0.
 * Scores are kept within [0, 分值].
 */
export function scoreQuantitative(args: {
  rule: Exclude<ScoringRule, 'graded'>;
  direction: Exclude<TargetDirection, 'qualitative'>;
  target: Value;
  actual: Value;
  weight: Value;
}): QuantitativeScore {
  const target = dec(args.target);
  const actual = dec(args.actual);
  const weight = dec(args.weight);
  let met: boolean;
  let raw: Decimal;
  switch (args.rule) {
    case 'proportional':
      met = actual.gte(target);
      raw = met || target.isZero() ? weight : weight.times(actual).div(target);
      break;
    case 'exact':
      if (target.isZero()) {
        met = actual.isZero();
        raw = met ? weight : dec(0);
      } else {
        met = actual.gte(target);
        raw = met ? weight : weight.times(actual).div(target);
      }
      break;
    case 'inverse':
      met = actual.lte(target);
      if (met) raw = weight;
      else if (target.isZero() || actual.gte(target.times(2))) raw = dec(0);
      else raw = weight.times(dec(1).minus(actual.minus(target).div(target)));
      break;
    case 'all_or_nothing':
      met = targetMet(args.direction, target, actual);
      raw = met ? weight : dec(0);
      break;
  }
  raw = Decimal.min(weight, Decimal.max(0, raw));
  return { met, raw, score: shown(raw) };
}

// ---- qualitative grading ----------------------------------------------------------------------------

export type GradeTier = 'achieved' | 'partial' | 'not_achieved';

export const GRADE_TIER_LABELS: Readonly<Record<GradeTier, string>> = {
  achieved: '达成',
  partial: '部分达成',
  not_achieved: '未达成',
};

/** Share of 分值 each tier spans: 达成 [80%, 100%], 部分达成 [60%, 80%), 未达成 [0, 60%). */
const TIER_SHARES: Readonly<Record<GradeTier, { from: string; to: string; toInclusive: boolean }>> = {
  achieved: { from: '0.8', to: '1', toInclusive: true },
  partial: { from: '0.6', to: '0.8', toInclusive: false },
  not_achieved: { from: '0', to: '0.6', toInclusive: false },
};

export interface GradeBounds {
  min: Decimal;
  max: Decimal;
  maxInclusive: boolean;
}

export function gradeBounds(tier: GradeTier, weight: Value): GradeBounds {
  const s = TIER_SHARES[tier];
  return { min: dec(weight).times(s.from), max: dec(weight).times(s.to), maxInclusive: s.toInclusive };
}

/** The tier a score falls in. */
export function tierOf(score: Value, weight: Value): GradeTier {
  const share = dec(score).div(weight);
  if (share.gte('0.8')) return 'achieved';
  if (share.gte('0.6')) return 'partial';
  return 'not_achieved';
}

/** Null when the grader's score lies in the tier chosen; otherwise the problem, in Chinese. */
export function checkGrade(tier: GradeTier, score: string, weight: Value): string | null {
  if (!(tier in TIER_SHARES)) return `评价等级无效：${String(tier)}`;
  if (typeof score !== 'string' || !SCORE_RE.test(score.trim())) return `得分“${score}”无效（应为非负数，最多两位小数）`;
  const b = gradeBounds(tier, weight);
  const s = dec(score.trim());
  const inside = s.gte(b.min) && (b.maxInclusive ? s.lte(b.max) : s.lt(b.max));
  if (inside) return null;
  const range = `[${b.min.toString()}, ${b.max.toString()}${b.maxInclusive ? ']' : ')'}`;
  return `评为“${GRADE_TIER_LABELS[tier]}”时得分应在 ${range} 之间，填写的是 ${s.toString()}`;
}

// ---- overrides and the final score -------------------------------------------------------------------

export interface ScoreOverride {
  /** The score the person sets instead of the proposed one. */
  score: string;
  author: string;
  reason: string;
  /** ISO instant of the override. */
  at?: string;
}

/** Problems of an override (score within [0, 分值], author and reason present). */
export function checkOverride(override: ScoreOverride, weight: Value, field = 'override'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const score = typeof override.score === 'string' ? override.score.trim() : '';
  if (!SCORE_RE.test(score)) {
    problems.push({ field: `${field}.score`, message: `调整后的得分“${override.score}”无效（应为非负数，最多两位小数）` });
  } else if (dec(score).gt(weight)) {
    problems.push({ field: `${field}.score`, message: `调整后的得分 ${score} 超过分值 ${dec(weight).toString()}` });
  }
  if (!override.author?.trim()) problems.push({ field: `${field}.author`, message: '调整得分须注明调整人' });
  if (!override.reason?.trim()) problems.push({ field: `${field}.reason`, message: '调整得分须填写调整理由' });
  return problems;
}

export function validateOverride(override: ScoreOverride, weight: Value, field = 'override'): ScoreOverride {
  const problems = checkOverride(override, weight, field);
  if (problems.length > 0) throw DomainError.invalidRows(problems.map((p) => p.message).join('；'), problems);
  return override;
}

/** The override when there is one, else the proposed score; null when neither exists yet. */
export function finalScore(proposed: string | null, override: ScoreOverride | null | undefined): string | null {
  if (override) return shown(override.score).toFixed(2);
  return proposed;
}

// ---- budget execution and staffing control --------------------------------------------------------------

export interface BudgetExecution {
  weight: string;
  /** 执行率 as shown, as a ratio with four decimals (e.g. '0.9125'); null when there is no budget. */
  rate: string | null;
  /** e.g. '91.25%'. */
  rateDisplay: string | null;
  /** Whether execution above the budget was capped at 100%. */
  capped: boolean;
  /** 得分 as shown (e.g. '9.13'); null when there is no budget. */
  score: string | null;
}

/**
 * 执行率 = 全年执行数 / 全年预算数, capped at 100%, shown half up with two decimals of a percent;
 * 得分 = 分值 × the shown 执行率, so that the form can be checked by hand from what it shows.
 */
export function budgetExecution(budget: Value | null, executed: Value | null, weight: Value = 10): BudgetExecution {
  const w = dec(weight);
  if (budget === null || executed === null || dec(budget).lte(0)) {
    return { weight: w.toString(), rate: null, rateDisplay: null, capped: false, score: null };
  }
  const ratio = dec(executed).div(budget);
  const capped = ratio.gt(1);
  const rate = shown(Decimal.min(ratio, 1).times(100)).div(100);
  return {
    weight: w.toString(),
    rate: rate.toFixed(4),
    rateDisplay: formatPercent(rate),
    capped,
    score: shown(w.times(rate)).toFixed(2),
  };
}

export interface StaffingControl {
  /** 控制率 as shown, as a ratio ('0.5455'); null without 编制数. */
  rate: string | null;
  rateDisplay: string | null;
}

/** 控制率 = 实际在职人数 / 编制数 (not capped: above 100% means staff beyond the establishment). */
export function staffingControl(authorized: number | null, actual: number | null): StaffingControl {
  if (authorized === null || actual === null || authorized <= 0) return { rate: null, rateDisplay: null };
  const rate = shown(dec(actual).div(authorized).times(100)).div(100);
  return { rate: rate.toFixed(4), rateDisplay: formatPercent(rate) };
}

/** A ratio of two amounts as shown (规模控制率, 投资概算控制率); null when the base is missing or 0. */
export function controlRate(actual: Value | null, planned: Value | null): StaffingControl {
  if (actual === null || planned === null || dec(planned).lte(0)) return { rate: null, rateDisplay: null };
  const rate = shown(dec(actual).div(planned).times(100)).div(100);
  return { rate: rate.toFixed(4), rateDisplay: formatPercent(rate) };
}

// ---- totals and finalising ------------------------------------------------------------------------------

export interface EvaluationTotals {
  /** 总分's maximum: the sum of 分值 (plus the budget 分值 when it counts). */
  maxScore: string;
  /** Sum of the shown indicator scores. */
  indicatorScore: string;
  /** The budget score, shown apart or counted. */
  budgetScore: string | null;
  /** 总分. */
  total: string;
}

export function evaluationTotals(
  indicators: ReadonlyArray<{ weight: string; final: string | null }>,
  budget: { weight: string; score: string | null },
  counting: BudgetCounting,
): EvaluationTotals {
  const weights = indicators.reduce<Decimal>((acc, i) => acc.plus(i.weight), new Dec(0));
  const indicatorScore = sumShown(indicators.map((i) => i.final ?? 0));
  const included = counting === 'included';
  return {
    maxScore: (included ? weights.plus(budget.weight) : weights).toString(),
    indicatorScore: indicatorScore.toFixed(2),
    budgetScore: budget.score,
    total: (included ? indicatorScore.plus(shown(budget.score ?? 0)) : indicatorScore).toFixed(2),
  };
}

/** What the finalising check needs to know of one indicator. */
export interface IndicatorForFinalising {
  key: string;
  name: string;
  weight: string;
  qualitative: boolean;
  /** Whether a 实际完成值 is known (from a metric or entered). */
  hasActual: boolean;
  final: string | null;
  deviationReason: string | null;
}

/**
 * Why an evaluation cannot be made final yet, in Chinese; empty when it can. A score below 分值 needs its
 * 偏差原因分析及改进措施; an indicator needs an actual value and a score; the budget needs its 执行率.
 */
export function listFinalisationBlockers(
  indicators: readonly IndicatorForFinalising[],
  budget?: { score: string | null },
): string[] {
  const out: string[] = [];
  for (const i of indicators) {
    if (!i.hasActual) out.push(`“${i.name}”缺少实际完成值`);
    if (i.final === null) {
      out.push(i.qualitative ? `“${i.name}”尚未评定等级和得分` : `“${i.name}”尚无得分`);
    } else if (dec(i.final).lt(i.weight) && !i.deviationReason?.trim()) {
      out.push(
        `“${i.name}”得分 ${dec(i.final).toFixed(2)} 低于分值 ${dec(i.weight).toString()}，须填写偏差原因分析及改进措施`,
      );
    }
  }
  if (budget && budget.score === null) out.push('缺少全年预算数或全年执行数，无法计算预算执行率');
  return out;
}
