import { createHash } from 'crypto';
import Decimal from 'decimal.js';
import { dec, shown } from '../../../domain/src/common/decimal';
import { isLocalDate } from '../../../domain/src/calendar/shanghai';
import { DomainError, FieldProblem } from '../../../domain/src/errors/domain-error';
import {
  flattenIndicators,
  IndicatorSource,
  IndicatorTemplate,
  scoringRuleOf,
  ScoringRule,
  TargetDirection,
  validateTemplate,
} from '../../../domain/src/evaluation/indicator-template';
import { isMetricName, METRIC_DEFINITIONS, MetricName } from '../../../domain/src/evaluation/metric-catalogue';
import { checkFinanceInputs, FinanceInputs, findConsistencyProblems, Finding } from './finance-inputs';
import { MetricFigure } from './metric-figure';
import {
  budgetExecution,
  BudgetExecution,
  checkGrade,
  checkOverride,
  controlRate,
  evaluationTotals,
  EvaluationTotals,
  finalScore,
  GradeTier,
  listFinalisationBlockers,
  ScoreOverride,
  scoreQuantitative,
  staffingControl,
  StaffingControl,
} from './scoring.calculator';

/**
 * What a build of the self-evaluation stores: every input (template, finance inputs, metric figures, the
 * people's judgements) and every result (actual values, proposed and final scores, findings, totals), so
 * that a workbook handed in can be produced again from the snapshot alone. JSON-safe; frozen once built.
 */

/** What people decide on top of the data, by indicator key. */
export interface EvaluationJudgements {
  /**
   * Manual 实际完成值: `value` is a number in the target's unit (for quantitative indicators without a metric,
   * or whose metric has no data yet); `display` is the text the form shows (needed for qualitative ones).
   */
  actuals?: Record<string, { value?: string | null; display?: string | null }>;
  /** Tier and score of a graded (qualitative) indicator. */
  grades?: Record<string, { tier: GradeTier; score: string; author?: string }>;
  overrides?: Record<string, ScoreOverride>;
  /** 偏差原因分析及改进措施. */
  deviations?: Record<string, string>;
}

export interface EvaluationContext {
  /** 区级预算部门（单位）名称 */
  unitName: string;
  /** ISO instant of the build. */
  builtAt: string;
  /** 年度总体目标: 预期目标 and 实际完成情况. */
  goals?: { expected: string; achieved: string };
  /** 填表人, 填报日期, 联系电话 of the footer. */
  footer?: { preparer?: string; date?: string; phone?: string };
}

export interface IndicatorResult {
  key: string;
  firstLevel: string;
  firstLevelWeight: string;
  secondLevel: string;
  name: string;
  direction: TargetDirection;
  targetValue: string | null;
  unit: string;
  targetDisplay: string;
  weight: string;
  rule: ScoringRule;
  source: IndicatorSource;
  actual: {
    /** 实际完成值 as the form shows it. */
    display: string | null;
    /** The number scored, rounded to two decimals in the target's unit. */
    value: string | null;
    origin: 'metric' | 'manual' | 'none';
  };
  /** Whether the target is met; null for graded indicators or without a value. */
  met: boolean | null;
  grade: { tier: GradeTier; score: string; author?: string } | null;
  proposed: string | null;
  override: ScoreOverride | null;
  final: string | null;
  deviationReason: string | null;
}

export interface BudgetResult extends BudgetExecution {
  initialBudget: string | null;
  budget: string | null;
  executed: string | null;
}

export interface StaffingResult extends StaffingControl {
  authorized: number | null;
  actual: number | null;
}

export interface BuildingResult {
  name: string;
  scale: StaffingControl;
  investment: StaffingControl;
}

export interface EvaluationSnapshot {
  readonly schemaVersion: 1;
  readonly year: number;
  readonly unitName: string;
  readonly builtAt: string;
  readonly goals: { expected: string; achieved: string };
  readonly footer: { preparer: string; date: string; phone: string };
  readonly template: IndicatorTemplate;
  readonly finance: FinanceInputs;
  readonly figures: readonly MetricFigure[];
  readonly judgements: EvaluationJudgements;
  readonly indicators: readonly IndicatorResult[];
  readonly budget: BudgetResult;
  readonly staffing: StaffingResult;
  readonly buildings: readonly BuildingResult[];
  readonly findings: readonly Finding[];
  readonly totals: EvaluationTotals;
  /** Why the evaluation cannot be final yet (Chinese); empty when it can. */
  readonly blockers: readonly string[];
}

const NUMBER_RE = /^\d{1,12}(\.\d{1,6})?$/;
const RATE_TOLERANCE = '0.000001';

/** 93 with unit '%' → “93%”; 92.857 → “92.86%”; 4 次 → “4次”. */
export function formatQuantity(value: Decimal.Value, unit: string): string {
  const fixed = shown(value).toFixed(2).replace(/\.?0+$/, '');
  return `${fixed}${unit}`;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

function checkInputs(
  template: IndicatorTemplate,
  finance: FinanceInputs,
  figures: readonly MetricFigure[],
  judgements: EvaluationJudgements,
  context: EvaluationContext,
): FieldProblem[] {
  const problems: FieldProblem[] = [...checkFinanceInputs(finance).map((p) => ({ ...p, field: `finance.${p.field}` }))];
  if (finance.year !== template.year) {
    problems.push({ field: 'finance.year', message: `财务数据的年度 ${finance.year} 与指标模板的年度 ${template.year} 不一致` });
  }
  if (!context.unitName?.trim()) problems.push({ field: 'unitName', message: '缺少单位名称' });
  if (Number.isNaN(Date.parse(context.builtAt))) problems.push({ field: 'builtAt', message: `生成时间无效：${context.builtAt}` });

  const seen = new Set<string>();
  figures.forEach((f, i) => {
    const field = `figures[${i}]`;
    if (!isMetricName(f.metric)) {
      problems.push({ field: `${field}.metric`, message: `取数指标“${String(f.metric)}”不存在` });
      return;
    }
    const label = METRIC_DEFINITIONS[f.metric].label;
    if (seen.has(f.metric)) problems.push({ field: `${field}.metric`, message: `取数指标“${label}”重复提供` });
    seen.add(f.metric);
    for (const k of ['value', 'numerator', 'denominator'] as const) {
      const v = f[k];
      if (v !== null && (typeof v !== 'string' || !NUMBER_RE.test(v))) {
        problems.push({ field: `${field}.${k}`, message: `取数指标“${label}”的数值“${v}”无效` });
      }
    }
    if (!isLocalDate(f.period?.from ?? '') || !isLocalDate(f.period?.to ?? '') || f.period.from > f.period.to) {
      problems.push({ field: `${field}.period`, message: `取数指标“${label}”的统计期间无效` });
    }
  });

  const byKey = new Map(flattenIndicators(template).map((f) => [f.indicator.key, f.indicator]));
  const known = (kind: string, key: string): boolean => {
    if (byKey.has(key)) return true;
    problems.push({ field: `judgements.${kind}.${key}`, message: `指标模板中没有标识为“${key}”的三级指标` });
    return false;
  };
  for (const [key, a] of Object.entries(judgements.actuals ?? {})) {
    if (!known('actuals', key)) continue;
    const ind = byKey.get(key)!;
    if (a.value !== null && a.value !== undefined) {
      if (ind.target.direction === 'qualitative') {
        problems.push({ field: `judgements.actuals.${key}.value`, message: `“${ind.name}”是定性指标，实际完成值只填文字` });
      } else if (!NUMBER_RE.test(String(a.value).trim())) {
        problems.push({
          field: `judgements.actuals.${key}.value`,
          message: `“${ind.name}”的实际完成值“${a.value}”无效（应为非负数，单位：${ind.target.unit}）`,
        });
      }
    }
  }
  for (const [key, g] of Object.entries(judgements.grades ?? {})) {
    if (!known('grades', key)) continue;
    const ind = byKey.get(key)!;
    if (scoringRuleOf(ind) !== 'graded') {
      problems.push({ field: `judgements.grades.${key}`, message: `“${ind.name}”按数据自动计分，不评定等级；如需改分请调整得分并说明理由` });
      continue;
    }
    const p = checkGrade(g.tier, g.score, ind.weight);
    if (p) problems.push({ field: `judgements.grades.${key}`, message: `“${ind.name}”${p}` });
  }
  for (const [key, o] of Object.entries(judgements.overrides ?? {})) {
    if (!known('overrides', key)) continue;
    const ind = byKey.get(key)!;
    for (const p of checkOverride(o, ind.weight, `judgements.overrides.${key}`)) {
      problems.push({ ...p, message: `“${ind.name}”${p.message}` });
    }
  }
  for (const key of Object.keys(judgements.deviations ?? {})) known('deviations', key);
  return problems;
}

/**
 * Computes an evaluation from its inputs, pure and deterministic: the same inputs give the same snapshot.
 * Refuses (DomainError) inputs that are invalid as such — a template that does not add up, a malformed amount,
 * a grade outside its tier, an override without a reason; contradictions between valid inputs become findings.
 */
export function computeEvaluation(
  template: IndicatorTemplate,
  finance: FinanceInputs,
  figures: readonly MetricFigure[],
  judgements: EvaluationJudgements,
  context: EvaluationContext,
): EvaluationSnapshot {
  validateTemplate(template);
  const problems = checkInputs(template, finance, figures, judgements, context);
  if (problems.length > 0) {
    throw DomainError.invalidRows(`${template.year}年度绩效自评的输入有误：${problems.map((p) => p.message).join('；')}`, problems);
  }
  const t = clone(template);
  const fin = clone(finance);
  const figs = clone(figures) as MetricFigure[];
  const judg = clone(judgements);
  const figureOf = new Map<MetricName, MetricFigure>(figs.map((f) => [f.metric, f]));
  const findings: Finding[] = findConsistencyProblems(fin);

  for (const f of figs) {
    const d = METRIC_DEFINITIONS[f.metric];
    if (d.kind !== 'rate' || f.value === null || f.numerator === null || f.denominator === null || dec(f.denominator).isZero()) {
      continue;
    }
    const expected = dec(f.numerator).div(f.denominator).times(100);
    if (expected.minus(f.value).abs().gt(RATE_TOLERANCE)) {
      findings.push({
        code: 'figure_rate_mismatch',
        severity: 'error',
        message: `取数指标“${d.label}”的值 ${f.value}% 与分子 ${f.numerator} / 分母 ${f.denominator} 不符（应为 ${expected.toDecimalPlaces(2).toFixed(2)}%）`,
        fields: [`figures.${f.metric}`],
        values: [f.value, expected.toDecimalPlaces(6).toFixed()],
      });
    }
  }

  const indicators: IndicatorResult[] = flattenIndicators(t).map(({ firstLevel, secondLevel, indicator: ind }) => {
    const rule = scoringRuleOf(ind);
    const manual = judg.actuals?.[ind.key];
    const manualValue = manual?.value === null || manual?.value === undefined ? null : String(manual.value).trim();
    const manualDisplay = manual?.display?.trim() || null;
    const figure = ind.source.kind === 'metric' ? figureOf.get(ind.source.metric) : undefined;
    const quantitative = ind.target.direction !== 'qualitative';

    let value: string | null = null;
    let display: string | null = null;
    let origin: IndicatorResult['actual']['origin'] = 'none';
    if (quantitative) {
      if (figure?.value !== null && figure?.value !== undefined) {
        value = shown(figure.value).toFixed(2);
        display = formatQuantity(figure.value, ind.target.unit);
        origin = 'metric';
        if (manualValue !== null && !dec(manualValue).eq(value)) {
          findings.push({
            code: 'manual_value_ignored',
            severity: 'warning',
            message: `“${ind.name}”已由数据取得实际完成值 ${display}，手工填写的 ${formatQuantity(manualValue, ind.target.unit)} 未采用`,
            fields: [`judgements.actuals.${ind.key}`, `figures.${figure.metric}`],
            values: [value, shown(manualValue).toFixed(2)],
          });
        }
      } else if (manualValue !== null) {
        value = shown(manualValue).toFixed(2);
        display = manualDisplay ?? formatQuantity(manualValue, ind.target.unit);
        origin = 'manual';
      }
    } else {
      // Qualitative: the text is a person's; a backing figure stands in until it is written.
      if (manualDisplay) {
        display = manualDisplay;
        origin = 'manual';
      } else if (figure?.value !== null && figure?.value !== undefined) {
        const d = METRIC_DEFINITIONS[figure.metric];
        display = `${d.label}：${formatQuantity(figure.value, d.unit)}`;
        origin = 'metric';
      }
    }
    if (ind.source.kind === 'metric' && (figure?.value === null || figure?.value === undefined)) {
      const d = METRIC_DEFINITIONS[ind.source.metric];
      findings.push({
        code: 'metric_missing',
        severity: 'warning',
        message:
          origin === 'manual'
            ? `“${ind.name}”的取数指标“${d.label}”尚无数据${figure?.note ? `（${figure.note}）` : ''}，采用手工填写的实际完成值`
            : `“${ind.name}”的取数指标“${d.label}”尚无数据${figure?.note ? `（${figure.note}）` : ''}，请手工填写实际完成值`,
        fields: [`figures.${ind.source.metric}`, `judgements.actuals.${ind.key}`],
        values: ['', manualValue ?? ''],
      });
    }

    const grade = rule === 'graded' ? (judg.grades?.[ind.key] ?? null) : null;
    let proposed: string | null = null;
    let met: boolean | null = null;
    if (rule === 'graded') {
      proposed = grade ? shown(grade.score).toFixed(2) : null;
    } else if (value !== null && ind.target.value !== null && ind.target.direction !== 'qualitative') {
      const s = scoreQuantitative({ rule, direction: ind.target.direction, target: ind.target.value, actual: value, weight: ind.weight });
      proposed = s.score.toFixed(2);
      met = s.met;
    }
    const override = judg.overrides?.[ind.key] ?? null;
    return {
      key: ind.key,
      firstLevel: firstLevel.name,
      firstLevelWeight: firstLevel.weight,
      secondLevel: secondLevel.name,
      name: ind.name,
      direction: ind.target.direction,
      targetValue: ind.target.value,
      unit: ind.target.unit,
      targetDisplay: ind.target.display,
      weight: ind.weight,
      rule,
      source: ind.source,
      actual: { display, value, origin },
      met,
      grade,
      proposed,
      override,
      final: finalScore(proposed, override),
      deviationReason: judg.deviations?.[ind.key]?.trim() || null,
    };
  });

  const total = fin.budget.total;
  const budget: BudgetResult = {
    initialBudget: total.initialBudget,
    budget: total.budget,
    executed: total.executed,
    ...budgetExecution(total.budget, total.executed, t.budgetWeight),
  };
  if (budget.score === null) {
    findings.push({
      code: 'budget_rate_missing',
      severity: 'warning',
      message: '缺少年度资金总额的全年预算数或全年执行数（或全年预算数为0），无法计算预算执行率',
      fields: ['budget.total.budget', 'budget.total.executed'],
      values: [total.budget ?? '', total.executed ?? ''],
    });
  }
  const staffing: StaffingResult = { ...fin.staffing, ...staffingControl(fin.staffing.authorized, fin.staffing.actual) };
  const buildings: BuildingResult[] = fin.buildings.map((b) => ({
    name: b.name,
    scale: controlRate(b.actualArea, b.approvedArea),
    investment: controlRate(b.actualInvestment, b.budgetInvestment),
  }));
  const totals = evaluationTotals(indicators, budget, t.budgetCounting);
  const blockers = [
    ...listFinalisationBlockers(
      indicators.map((i) => ({
        key: i.key,
        name: i.name,
        weight: i.weight,
        qualitative: i.rule === 'graded',
        hasActual: i.actual.display !== null,
        final: i.final,
        deviationReason: i.deviationReason,
      })),
      budget,
    ),
    ...findings.filter((f) => f.severity === 'error').map((f) => `数据校验发现矛盾：${f.message}`),
  ];

  return deepFreeze<EvaluationSnapshot>({
    schemaVersion: 1,
    year: t.year,
    unitName: context.unitName.trim(),
    builtAt: new Date(context.builtAt).toISOString(),
    goals: { expected: context.goals?.expected ?? '', achieved: context.goals?.achieved ?? '' },
    footer: { preparer: context.footer?.preparer ?? '', date: context.footer?.date ?? '', phone: context.footer?.phone ?? '' },
    template: t,
    finance: fin,
    figures: figs,
    judgements: judg,
    indicators,
    budget,
    staffing,
    buildings,
    findings,
    totals,
    blockers,
  });
}

/** JSON with object keys sorted at every level, so equal inputs serialise to equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * A stable fingerprint (sha256, hex) of everything a build reads except its time, so that enqueuing the same
 * year with the same inputs twice can be recognised and built once.
 */
export function evaluationInputsHash(
  template: IndicatorTemplate,
  finance: FinanceInputs,
  figures: readonly MetricFigure[],
  judgements: EvaluationJudgements,
  context: Omit<EvaluationContext, 'builtAt'> & { builtAt?: string },
): string {
  const { builtAt: _ignored, ...rest } = context;
  const sortedFigures = [...figures].sort((a, b) => (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));
  return createHash('sha256')
    .update(canonicalJson({ v: 1, template, finance, figures: sortedFigures, judgements, context: rest }))
    .digest('hex');
}
