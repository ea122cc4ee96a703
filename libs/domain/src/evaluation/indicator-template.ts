import { Dec, dec } from '../common/decimal';
import { DomainError, FieldProblem } from '../errors/domain-error';
import { isMetricName, METRIC_DEFINITIONS, MetricName } from './metric-catalogue';

export type { MetricName, MetricDefinition, MetricUnit } from './metric-catalogue';
export { METRIC_DEFINITIONS, METRIC_NAMES, isMetricName } from './metric-catalogue';

/**
 * The indicator template of one year's 整体支出绩效自评 (附件2): 一级 → 二级 → 三级 indicators, each 三级
 * with its 年度指标值, 分值 and where its 实际完成值 comes from. Plain data (JSON-safe), decimals as strings,
 * so it can be stored as it is and frozen into a build's snapshot.
 */

/** 正向 (≥), 反向 (≤), 等于 (=), 定性. */
export type TargetDirection = 'gte' | 'lte' | 'eq' | 'qualitative';

export const TARGET_DIRECTION_LABELS: Readonly<Record<TargetDirection, string>> = {
  gte: '正向（≥）',
  lte: '反向（≤）',
  eq: '等于（=）',
  qualitative: '定性',
};

export interface IndicatorTarget {
  direction: TargetDirection;
  /** Decimal string in `unit` (95 for ≥95%); null for a qualitative target. */
  value: string | null;
  /** '%', '个', '次', '分钟', '万元', …; '' for a qualitative target. */
  unit: string;
  /** What 年度指标值 shows on the form: "≥95%", "8个", "≤120分钟", "规范化、标准化". */
  display: string;
}

export type IndicatorSource = { kind: 'metric'; metric: MetricName } | { kind: 'manual' };

/**
 * How a proposed score is computed (DOMAIN.md §5). Each direction has a default; a template may name
 * another for one indicator:
 * - proportional: full when actual ≥ target, else 分值 × actual / target (default of ≥);
 * - inverse: full when actual ≤ target, else 分值 × (1 − (actual − target) / target), 0 from twice the
 *   target on (default of ≤);
 * - exact: as proportional, but a target of 0 gives full marks only at 0 (default of =);
 * - all_or_nothing: full when the target is met, else 0;
 * - graded: a person grades the indicator into 达成 / 部分达成 / 未达成 (default of a qualitative target).
 */
export type ScoringRule = 'proportional' | 'inverse' | 'exact' | 'all_or_nothing' | 'graded';

export const SCORING_RULE_LABELS: Readonly<Record<ScoringRule, string>> = {
  proportional: '正向比例计分',
  inverse: '反向比例计分',
  exact: '等于目标计分',
  all_or_nothing: '达标得满分，否则不得分',
  graded: '定性分档评分',
};

export interface ThirdLevelIndicator {
  /** Stable across years (a copied template keeps it), so judgements and figures can refer to it. */
  key: string;
  name: string;
  target: IndicatorTarget;
  /** 分值, decimal string. */
  weight: string;
  source: IndicatorSource;
  /** Overrides the default rule of the target's direction. */
  scoring?: ScoringRule;
}

export interface SecondLevelIndicator {
  name: string;
  indicators: ThirdLevelIndicator[];
}

export interface FirstLevelIndicator {
  name: string;
  /** Declared weight, shown in the 一级 cell as 产出指标(64分). */
  weight: string;
  children: SecondLevelIndicator[];
}

/**
 * 'separate': the indicators carry all 100 points and the budget block's score stands apart (the
 * reference, Hunan). 'included': the indicators carry 100 − budgetWeight and the budget score is part of 总分.
 */
export type BudgetCounting = 'separate' | 'included';

export interface IndicatorTemplate {
  year: number;
  budgetCounting: BudgetCounting;
  /** 分值 of the budget execution block (预算执行率), 10 by default. */
  budgetWeight: string;
  firstLevels: FirstLevelIndicator[];
}

export interface FlatIndicator {
  firstLevel: FirstLevelIndicator;
  secondLevel: SecondLevelIndicator;
  indicator: ThirdLevelIndicator;
  firstIndex: number;
  secondIndex: number;
  indicatorIndex: number;
}

const WEIGHT_RE = /^\d{1,3}(\.\d{1,2})?$/;
const TARGET_VALUE_RE = /^\d{1,12}(\.\d{1,4})?$/;
const KEY_RE = /^[a-z][a-z0-9_.-]{0,63}$/;
const TOTAL_POINTS = 100;

export function defaultScoringRule(direction: TargetDirection): ScoringRule {
  switch (direction) {
    case 'gte':
      return 'proportional';
    case 'lte':
      return 'inverse';
    case 'eq':
      return 'exact';
    case 'qualitative':
      return 'graded';
  }
}

export function scoringRuleOf(indicator: ThirdLevelIndicator): ScoringRule {
  return indicator.scoring ?? defaultScoringRule(indicator.target.direction);
}

/** "≥95%", "≤120分钟", "8个" from a direction, a value and a unit. */
export function formatTargetDisplay(direction: Exclude<TargetDirection, 'qualitative'>, value: string, unit: string): string {
  const prefix = direction === 'gte' ? '≥' : direction === 'lte' ? '≤' : '';
  return `${prefix}${dec(value).toString()}${unit}`;
}

/** 产出指标(64分). */
export function firstLevelLabel(level: Pick<FirstLevelIndicator, 'name' | 'weight'>): string {
  return `${level.name}(${points(level.weight)}分)`;
}

function points(value: string): string {
  return WEIGHT_RE.test(value) ? dec(value).toString() : value;
}

export function flattenIndicators(template: IndicatorTemplate): FlatIndicator[] {
  const out: FlatIndicator[] = [];
  template.firstLevels.forEach((firstLevel, firstIndex) =>
    firstLevel.children.forEach((secondLevel, secondIndex) =>
      secondLevel.indicators.forEach((indicator, indicatorIndex) =>
        out.push({ firstLevel, secondLevel, indicator, firstIndex, secondIndex, indicatorIndex }),
      ),
    ),
  );
  return out;
}

export function findIndicator(template: IndicatorTemplate, key: string): ThirdLevelIndicator | undefined {
  return flattenIndicators(template).find((f) => f.indicator.key === key)?.indicator;
}

/** The points the 三级 indicators must add up to: 100, or 100 − budget weight when the budget counts. */
export function expectedIndicatorTotal(template: Pick<IndicatorTemplate, 'budgetCounting' | 'budgetWeight'>): Dec {
  return template.budgetCounting === 'included' ? dec(TOTAL_POINTS).minus(template.budgetWeight) : dec(TOTAL_POINTS);
}

export interface TemplateWeightSums {
  firstLevels: Array<{ name: string; declared: string; sumOfIndicators: string }>;
  declaredTotal: string;
  indicatorTotal: string;
  expectedTotal: string;
}

/** The sums a template's weights give; only call on a template whose weights are valid decimals. */
export function templateWeightSums(template: IndicatorTemplate): TemplateWeightSums {
  const firstLevels = template.firstLevels.map((f) => ({
    name: f.name,
    declared: dec(f.weight).toString(),
    sumOfIndicators: f.children
      .flatMap((s) => s.indicators)
      .reduce((acc, i) => acc.plus(i.weight), dec(0))
      .toString(),
  }));
  return {
    firstLevels,
    declaredTotal: firstLevels.reduce((acc, f) => acc.plus(f.declared), dec(0)).toString(),
    indicatorTotal: firstLevels.reduce((acc, f) => acc.plus(f.sumOfIndicators), dec(0)).toString(),
    expectedTotal: expectedIndicatorTotal(template).toString(),
  };
}

/** Every problem of a template, in Chinese with the field's path; empty when it is valid. */
export function checkTemplate(template: IndicatorTemplate): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });

  if (!Number.isInteger(template.year) || template.year < 2000 || template.year > 2100) {
    add('year', `年度无效：${template.year}`);
  }
  if (template.budgetCounting !== 'separate' && template.budgetCounting !== 'included') {
    add('budgetCounting', '预算执行率计分方式只能是“单列”或“计入总分”');
  }
  if (!WEIGHT_RE.test(template.budgetWeight) || dec(template.budgetWeight).gt(TOTAL_POINTS)) {
    add('budgetWeight', `预算执行率分值无效：${template.budgetWeight}`);
  }
  if (template.firstLevels.length === 0) add('firstLevels', '至少需要一个一级指标');

  const keys = new Map<string, string>();
  template.firstLevels.forEach((first, fi) => {
    const fPath = `firstLevels[${fi}]`;
    if (!first.name?.trim()) add(`${fPath}.name`, '一级指标名称不能为空');
    if (!WEIGHT_RE.test(first.weight) || dec(first.weight).lte(0)) {
      add(`${fPath}.weight`, `一级指标“${first.name}”的分值无效：${first.weight}（应为正数，最多两位小数）`);
    }
    if (first.children.length === 0) add(`${fPath}.children`, `一级指标“${first.name}”下没有二级指标`);
    first.children.forEach((second, si) => {
      const sPath = `${fPath}.children[${si}]`;
      if (!second.name?.trim()) add(`${sPath}.name`, `一级指标“${first.name}”下有二级指标名称为空`);
      if (second.indicators.length === 0) add(`${sPath}.indicators`, `二级指标“${second.name}”下没有三级指标`);
      second.indicators.forEach((ind, ii) => {
        const path = `${sPath}.indicators[${ii}]`;
        checkIndicator(ind, path, add);
        const seen = keys.get(ind.key);
        if (seen !== undefined) add(`${path}.key`, `三级指标标识“${ind.key}”重复（“${seen}”与“${ind.name}”）`);
        else keys.set(ind.key, ind.name);
      });
    });
  });
  if (problems.length > 0) return problems;

  // Sums only make sense once every weight parses.
  const sums = templateWeightSums(template);
  sums.firstLevels.forEach((f, fi) => {
    if (!dec(f.declared).eq(f.sumOfIndicators)) {
      add(
        `firstLevels[${fi}].weight`,
        `一级指标“${f.name}”声明 ${f.declared} 分，其三级指标分值合计 ${f.sumOfIndicators} 分`,
      );
    }
  });
  if (!dec(sums.declaredTotal).eq(sums.expectedTotal)) {
    const why =
      template.budgetCounting === 'included'
        ? `预算执行率 ${points(template.budgetWeight)} 分计入总分，指标应合计 ${sums.expectedTotal} 分`
        : `指标应合计 ${sums.expectedTotal} 分`;
    add('firstLevels', `一级指标分值合计 ${sums.declaredTotal} 分，${why}`);
  }
  return problems;
}

function checkIndicator(ind: ThirdLevelIndicator, path: string, add: (field: string, message: string) => void): void {
  const label = ind.name?.trim() ? `三级指标“${ind.name}”` : '三级指标';
  if (!ind.name?.trim()) add(`${path}.name`, '三级指标名称不能为空');
  if (typeof ind.key !== 'string' || !KEY_RE.test(ind.key)) {
    add(`${path}.key`, `${label}的标识“${ind.key}”无效（小写字母开头，只含小写字母、数字和 . _ -）`);
  }
  if (!WEIGHT_RE.test(ind.weight) || dec(ind.weight).lte(0)) {
    add(`${path}.weight`, `${label}的分值无效：${ind.weight}（应为正数，最多两位小数）`);
  }
  const t = ind.target;
  if (!t.display?.trim()) add(`${path}.target.display`, `${label}的年度指标值不能为空`);
  if (t.direction === 'qualitative') {
    if (t.value !== null) add(`${path}.target.value`, `${label}是定性指标，不应有目标数值`);
  } else if (t.direction === 'gte' || t.direction === 'lte' || t.direction === 'eq') {
    if (t.value === null || !TARGET_VALUE_RE.test(t.value)) {
      add(`${path}.target.value`, `${label}的目标数值无效：${t.value}（应为非负数，最多四位小数）`);
    }
    if (!t.unit?.trim()) add(`${path}.target.unit`, `${label}缺少计量单位`);
  } else {
    add(`${path}.target.direction`, `${label}的指标方向无效：${String(t.direction)}`);
  }

  const rule = ind.scoring;
  if (rule !== undefined) {
    if (!(rule in SCORING_RULE_LABELS)) add(`${path}.scoring`, `${label}的计分规则无效：${String(rule)}`);
    else if (t.direction === 'qualitative' && rule !== 'graded') {
      add(`${path}.scoring`, `${label}是定性指标，只能定性分档评分`);
    }
  }

  if (ind.source?.kind === 'metric') {
    if (!isMetricName(ind.source.metric)) {
      add(`${path}.source.metric`, `${label}的取数指标“${String(ind.source.metric)}”不存在`);
    } else if (t.direction !== 'qualitative') {
      const unit = METRIC_DEFINITIONS[ind.source.metric].unit;
      if (unit !== t.unit) {
        add(`${path}.target.unit`, `${label}的单位“${t.unit}”与取数指标的单位“${unit}”不一致`);
      }
    }
  } else if (ind.source?.kind !== 'manual') {
    add(`${path}.source`, `${label}的数据来源无效`);
  }
}

/** Returns the template when it is valid; otherwise refuses it with every problem and the sums. */
export function validateTemplate(template: IndicatorTemplate): IndicatorTemplate {
  const problems = checkTemplate(template);
  if (problems.length > 0) {
    throw DomainError.invalidRows(`${template.year}年度指标模板有误：${problems.map((p) => p.message).join('；')}`, problems);
  }
  return template;
}

/** A new year's template as a copy of an existing one; keys stay, so last year's figures can be compared. */
export function copyTemplateToYear(template: IndicatorTemplate, year: number): IndicatorTemplate {
  if (year === template.year) throw DomainError.conflict(`${year}年度的指标模板不能复制到同一年度`);
  const copy: IndicatorTemplate = JSON.parse(JSON.stringify(template));
  copy.year = year;
  return validateTemplate(copy);
}
