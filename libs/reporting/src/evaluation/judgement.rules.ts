import { dec } from '../../../domain/src/common/decimal';
import { DomainError, FieldProblem } from '../../../domain/src/errors/domain-error';
import { flattenIndicators, IndicatorTemplate, scoringRuleOf, ThirdLevelIndicator } from '../../../domain/src/evaluation/indicator-template';
import { EvaluationJudgements } from './evaluation-snapshot';
import { checkGrade, checkOverride, GradeTier, GRADE_TIER_LABELS } from './scoring.calculator';

/**
 * What a person records for one indicator of a year (DOMAIN.md §5): a manual 实际完成值 (number and/or the text
 * the form shows), the grade of a qualitative indicator, an override of the proposed score with its reason,
 * and 偏差原因分析及改进措施. Stored per (year, indicator key); the override's author and time are the caller's.
 */
export interface JudgementRecord {
  key: string;
  manualValue: string | null;
  manualDisplay: string | null;
  grade: { tier: GradeTier; score: string; author: string | null } | null;
  override: { score: string; reason: string; author: string; at: string } | null;
  deviationReason: string | null;
}

/** A change: a field left out keeps its value, null clears it. */
export interface JudgementChange {
  manualValue?: string | null;
  manualDisplay?: string | null;
  grade?: { tier: GradeTier; score: string } | null;
  override?: { score: string; reason: string } | null;
  deviationReason?: string | null;
}

const VALUE_RE = /^\d{1,12}(\.\d{1,6})?$/;

export function emptyJudgement(key: string): JudgementRecord {
  return { key, manualValue: null, manualDisplay: null, grade: null, override: null, deviationReason: null };
}

/**
 * Applies a change to an indicator's judgement, checking it against the indicator: a number only for a
 * quantitative indicator, a grade only for a graded one and within its tier, an override within [0, 分值] with a
 * reason. Refuses with every problem in Chinese; the author and time come from the caller.
 */
export function applyJudgementChange(
  indicator: ThirdLevelIndicator,
  current: JudgementRecord,
  change: JudgementChange,
  by: { author: string; at: string },
): JudgementRecord {
  const problems: FieldProblem[] = [];
  const next: JudgementRecord = { ...current };
  const name = `“${indicator.name}”`;
  const text = (v: string | null | undefined) => (v === null || v === undefined ? null : v.trim() || null);

  if (change.manualValue !== undefined) {
    const v = text(change.manualValue);
    if (v !== null && indicator.target.direction === 'qualitative') {
      problems.push({ field: 'manualValue', message: `${name}是定性指标，实际完成值只填文字` });
    } else if (v !== null && !VALUE_RE.test(v)) {
      problems.push({ field: 'manualValue', message: `${name}的实际完成值“${v}”无效（应为非负数，最多六位小数，单位：${indicator.target.unit}）` });
    } else next.manualValue = v === null ? null : dec(v).toString();
  }
  if (change.manualDisplay !== undefined) {
    const v = text(change.manualDisplay);
    if (v !== null && v.length > 500) problems.push({ field: 'manualDisplay', message: `${name}的实际完成值文字不能超过500字` });
    else next.manualDisplay = v;
  }
  if (change.grade !== undefined) {
    if (change.grade === null) next.grade = null;
    else if (scoringRuleOf(indicator) !== 'graded') {
      problems.push({ field: 'grade', message: `${name}按数据自动计分，不评定等级；如需改分请调整得分并说明理由` });
    } else {
      const p = checkGrade(change.grade.tier, String(change.grade.score ?? ''), indicator.weight);
      if (p) problems.push({ field: 'grade', message: `${name}${p}` });
      else next.grade = { tier: change.grade.tier, score: dec(change.grade.score.trim()).toFixed(2), author: by.author };
    }
  }
  if (change.override !== undefined) {
    if (change.override === null) next.override = null;
    else {
      const o = { score: String(change.override.score ?? '').trim(), reason: text(change.override.reason) ?? '', author: by.author, at: by.at };
      const ps = checkOverride(o, indicator.weight, 'override');
      if (ps.length) problems.push(...ps.map((p) => ({ ...p, message: `${name}${p.message}` })));
      else next.override = { ...o, score: dec(o.score).toFixed(2) };
    }
  }
  if (change.deviationReason !== undefined) {
    const v = text(change.deviationReason);
    if (v !== null && v.length > 2000) problems.push({ field: 'deviationReason', message: `${name}的偏差原因分析及改进措施不能超过2000字` });
    else next.deviationReason = v;
  }
  if (problems.length > 0) throw DomainError.invalidRows(problems.map((p) => p.message).join('；'), problems);
  return next;
}

/**
 * The judgements a computation takes, from the stored records, keeping only what fits the year's template
 * (a key the template no longer has, a grade of an indicator that is no longer graded, a number for one that
 * became qualitative are left out, and listed).
 */
export function judgementsForTemplate(
  template: IndicatorTemplate,
  records: readonly JudgementRecord[],
): { judgements: EvaluationJudgements; ignored: string[] } {
  const byKey = new Map(flattenIndicators(template).map((f) => [f.indicator.key, f.indicator]));
  const j: Required<EvaluationJudgements> = { actuals: {}, grades: {}, overrides: {}, deviations: {} };
  const ignored: string[] = [];
  for (const r of [...records].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const ind = byKey.get(r.key);
    if (!ind) {
      ignored.push(`指标模板中已没有标识为“${r.key}”的三级指标，其填报内容未采用`);
      continue;
    }
    const quantitative = ind.target.direction !== 'qualitative';
    const value = quantitative ? r.manualValue : null;
    if (!quantitative && r.manualValue !== null) ignored.push(`“${ind.name}”是定性指标，手工填写的数值未采用`);
    if (value !== null || r.manualDisplay !== null) {
      j.actuals[r.key] = { ...(value !== null ? { value } : {}), ...(r.manualDisplay !== null ? { display: r.manualDisplay } : {}) };
    }
    if (r.grade) {
      const p = scoringRuleOf(ind) === 'graded' ? checkGrade(r.grade.tier, r.grade.score, ind.weight) : '已改为按数据计分';
      if (p === null) j.grades[r.key] = { tier: r.grade.tier, score: r.grade.score, ...(r.grade.author ? { author: r.grade.author } : {}) };
      else ignored.push(`“${ind.name}”评定的等级“${GRADE_TIER_LABELS[r.grade.tier]}”未采用：${p}`);
    }
    if (r.override) {
      if (dec(r.override.score).gt(ind.weight)) ignored.push(`“${ind.name}”调整后的得分 ${r.override.score} 超过现分值 ${ind.weight}，未采用`);
      else j.overrides[r.key] = { score: r.override.score, author: r.override.author, reason: r.override.reason, at: r.override.at };
    }
    if (r.deviationReason) j.deviations[r.key] = r.deviationReason;
  }
  return { judgements: j, ignored };
}
