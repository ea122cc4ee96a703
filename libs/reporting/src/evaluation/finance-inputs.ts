import Decimal from 'decimal.js';
import { dec } from '../../../domain/src/common/decimal';
import { DomainError, FieldProblem } from '../../../domain/src/errors/domain-error';

/**
 * The finance inputs of a year's self-evaluation, entered once a year by the centre (DOMAIN.md §4): the budget
 * block of 附件2, the expense-control rows of 附件1, staffing, 楼堂馆所 and the text of 厉行节约保障措施.
 * Amounts are 万元 as decimal strings with at most two decimals; null is a cell left blank on the form.
 */
export type Amount = string | null;

export interface BudgetColumns {
  /** 年初预算数 */
  initialBudget: Amount;
  /** 全年预算数 */
  budget: Amount;
  /** 全年执行数 */
  executed: Amount;
}

export const BUDGET_COLUMNS = ['initialBudget', 'budget', 'executed'] as const;
export type BudgetColumn = (typeof BUDGET_COLUMNS)[number];
export const BUDGET_COLUMN_LABELS: Readonly<Record<BudgetColumn, string>> = {
  initialBudget: '年初预算数',
  budget: '全年预算数',
  executed: '全年执行数',
};

export type IncomeKind = 'generalPublic' | 'governmentFund' | 'specialAccountNonTax' | 'other';
export const INCOME_KINDS: readonly IncomeKind[] = ['generalPublic', 'governmentFund', 'specialAccountNonTax', 'other'];
export const INCOME_KIND_LABELS: Readonly<Record<IncomeKind, string>> = {
  generalPublic: '一般公共预算',
  governmentFund: '政府性基金拨款',
  specialAccountNonTax: '纳入专户管理的非税收入拨款',
  other: '其他资金',
};

export type ExpenseKind = 'basic' | 'personnel' | 'publicFunds' | 'project';
export const EXPENSE_KINDS: readonly ExpenseKind[] = ['basic', 'personnel', 'publicFunds', 'project'];
export const EXPENSE_KIND_LABELS: Readonly<Record<ExpenseKind, string>> = {
  basic: '基本支出',
  personnel: '人员经费',
  publicFunds: '公用经费',
  project: '项目支出',
};

export interface BudgetBlock {
  /** 年度资金总额 */
  total: BudgetColumns;
  /** 按收入性质分 */
  income: Record<IncomeKind, BudgetColumns>;
  /** 按支出性质分: 基本支出 (人员经费 + 公用经费) and 项目支出 */
  expense: Record<ExpenseKind, BudgetColumns>;
}

export interface ControlColumns {
  /** {year-1}年决算数 */
  priorFinal: Amount;
  /** {year}年预算数 */
  currentBudget: Amount;
  /** {year}年决算数 */
  currentFinal: Amount;
}

export const CONTROL_COLUMNS = ['priorFinal', 'currentBudget', 'currentFinal'] as const;
export type ControlColumn = (typeof CONTROL_COLUMNS)[number];

export function controlColumnLabel(column: ControlColumn, year: number): string {
  return column === 'priorFinal' ? `${year - 1}年决算数` : column === 'currentBudget' ? `${year}年预算数` : `${year}年决算数`;
}

export type ControlRowKey =
  | 'threePublic'
  | 'vehicle'
  | 'vehiclePurchase'
  | 'vehicleOperation'
  | 'overseas'
  | 'reception'
  | 'project'
  | 'publicFunds'
  | 'office'
  | 'utilitiesTravel'
  | 'meetingTraining'
  | 'procurement'
  | 'basicBudgetAdjustment';

/** The fixed rows of 附件1's 经费控制情况, in the form's order; the project items follow 'project'. */
export const CONTROL_ROWS: ReadonlyArray<{ key: ControlRowKey; label: string; formLabel: string; indent: number }> = [
  { key: 'threePublic', label: '三公经费', formLabel: '三公经费', indent: 0 },
  { key: 'vehicle', label: '公务用车购置和维护经费', formLabel: '1、公务用车购置和维护经费', indent: 1 },
  { key: 'vehiclePurchase', label: '公车购置', formLabel: '其中：公车购置', indent: 2 },
  { key: 'vehicleOperation', label: '公车运行维护', formLabel: '公车运行维护', indent: 4 },
  { key: 'overseas', label: '出国经费', formLabel: '2、出国经费', indent: 1 },
  { key: 'reception', label: '公务接待', formLabel: '3、公务接待', indent: 1 },
  { key: 'project', label: '项目支出', formLabel: '项目支出：', indent: 0 },
  { key: 'publicFunds', label: '公用经费', formLabel: '公用经费', indent: 0 },
  { key: 'office', label: '办公经费', formLabel: '其中：办公经费', indent: 2 },
  { key: 'utilitiesTravel', label: '水费、电费、差旅费', formLabel: '水费、电费、差旅费', indent: 4 },
  { key: 'meetingTraining', label: '会议费、培训费', formLabel: '会议费、培训费', indent: 4 },
  { key: 'procurement', label: '政府采购金额', formLabel: '政府采购金额', indent: 0 },
  { key: 'basicBudgetAdjustment', label: '部门基本支出预算调整', formLabel: '部门基本支出预算调整', indent: 0 },
];

export interface ProjectItem {
  /** 业务工作经费, 运行维护经费, or one 市级专项资金 per row. */
  name: string;
  amounts: ControlColumns;
}

export type ExpenseControl = Record<ControlRowKey, ControlColumns> & { projectItems: ProjectItem[] };

export interface Staffing {
  /** 编制数 */
  authorized: number | null;
  /** 实际在职人数 (at 31 December) */
  actual: number | null;
}

/** One 楼堂馆所 project completed in the previous year. */
export interface BuildingProject {
  name: string;
  /** 批复规模（㎡） */
  approvedArea: Amount;
  /** 实际规模（㎡） */
  actualArea: Amount;
  /** 预算投资（万元） */
  budgetInvestment: Amount;
  /** 实际投资（万元） */
  actualInvestment: Amount;
}

/**
 * A figure the report's own text states (e.g. “公用经费12.34万元”), so that a figure given twice with two
 * values is caught. `figure` is a key of `listFinanceFigures`.
 */
export interface NarrativeFigure {
  figure: string;
  value: string;
  /** Where in the text, or the sentence itself. */
  quote?: string;
}

export interface FinanceInputs {
  year: number;
  budget: BudgetBlock;
  control: ExpenseControl;
  staffing: Staffing;
  buildings: BuildingProject[];
  /** 厉行节约保障措施 */
  savingMeasures: string;
  narrative: NarrativeFigure[];
}

const emptyBudget = (): BudgetColumns => ({ initialBudget: null, budget: null, executed: null });
const emptyControl = (): ControlColumns => ({ priorFinal: null, currentBudget: null, currentFinal: null });

/** A blank form for a year, with the project item rows the official form lists. */
export function emptyFinanceInputs(year: number): FinanceInputs {
  const control = Object.fromEntries(CONTROL_ROWS.map((r) => [r.key, emptyControl()])) as Record<ControlRowKey, ControlColumns>;
  return {
    year,
    budget: {
      total: emptyBudget(),
      income: Object.fromEntries(INCOME_KINDS.map((k) => [k, emptyBudget()])) as Record<IncomeKind, BudgetColumns>,
      expense: Object.fromEntries(EXPENSE_KINDS.map((k) => [k, emptyBudget()])) as Record<ExpenseKind, BudgetColumns>,
    },
    control: {
      ...control,
      projectItems: [
        { name: '业务工作经费', amounts: emptyControl() },
        { name: '运行维护经费', amounts: emptyControl() },
        { name: '市级专项资金（一个专项一行）', amounts: emptyControl() },
      ],
    },
    staffing: { authorized: null, actual: null },
    buildings: [],
    savingMeasures: '',
    narrative: [],
  };
}

// ---- the figures of a form, addressable by key ------------------------------------------------------------

export interface FinanceFigure {
  key: string;
  /** Chinese, names the form and the cell: “附件1 公用经费·2024年决算数”. */
  label: string;
  /** The row alone: “公用经费”, “项目支出·业务工作经费”. */
  row: string;
  value: string | null;
  unit: '万元' | '人' | '㎡';
}

/** Every figure of the inputs with a stable key and a Chinese label (blank cells included, value null). */
export function listFinanceFigures(inputs: FinanceInputs): FinanceFigure[] {
  const out: FinanceFigure[] = [];
  const b = inputs.budget;
  const budgetRow = (path: string, row: string, cols: BudgetColumns | undefined) =>
    BUDGET_COLUMNS.forEach((c) =>
      out.push({
        key: `${path}.${c}`,
        label: `附件2 ${row}·${BUDGET_COLUMN_LABELS[c]}`,
        row,
        value: cols?.[c] ?? null,
        unit: '万元',
      }),
    );
  budgetRow('budget.total', '年度资金总额', b.total);
  INCOME_KINDS.forEach((k) => budgetRow(`budget.income.${k}`, `按收入性质分·${INCOME_KIND_LABELS[k]}`, b.income?.[k]));
  EXPENSE_KINDS.forEach((k) => budgetRow(`budget.expense.${k}`, `按支出性质分·${EXPENSE_KIND_LABELS[k]}`, b.expense?.[k]));

  const controlRow = (path: string, row: string, cols: ControlColumns | undefined) =>
    CONTROL_COLUMNS.forEach((c) =>
      out.push({
        key: `${path}.${c}`,
        label: `附件1 ${row}·${controlColumnLabel(c, inputs.year)}`,
        row,
        value: cols?.[c] ?? null,
        unit: '万元',
      }),
    );
  for (const r of CONTROL_ROWS) {
    controlRow(`control.${r.key}`, r.label, inputs.control?.[r.key]);
    if (r.key === 'project') {
      (inputs.control?.projectItems ?? []).forEach((item, i) =>
        controlRow(`control.projectItems.${i}`, `项目支出·${item.name}`, item.amounts),
      );
    }
  }
  const count = (n: number | null | undefined) => (n === null || n === undefined ? null : String(n));
  out.push({
    key: 'staffing.authorized',
    label: '附件1 编制数',
    row: '编制数',
    value: count(inputs.staffing?.authorized),
    unit: '人',
  });
  out.push({
    key: 'staffing.actual',
    label: `附件1 ${inputs.year}年实际在职人数`,
    row: '实际在职人数',
    value: count(inputs.staffing?.actual),
    unit: '人',
  });
  (inputs.buildings ?? []).forEach((p, i) => {
    const name = p.name?.trim() || `第${i + 1}项`;
    const cells: Array<[keyof BuildingProject, string, FinanceFigure['unit']]> = [
      ['approvedArea', '批复规模', '㎡'],
      ['actualArea', '实际规模', '㎡'],
      ['budgetInvestment', '预算投资', '万元'],
      ['actualInvestment', '实际投资', '万元'],
    ];
    for (const [k, col, unit] of cells) {
      const row = `楼堂馆所“${name}”`;
      out.push({ key: `buildings.${i}.${k}`, label: `附件1 ${row}·${col}`, row, value: p[k], unit });
    }
  });
  return out;
}

// ---- validation --------------------------------------------------------------------------------------------

const AMOUNT_RE = /^\d{1,12}(\.\d{1,2})?$/;
const SAVING_MEASURES_MAX = 2000;

/** Null when the amount is acceptable (blank included); else the problem in Chinese. */
export function amountProblem(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return '应以文本形式的数字填写';
  const v = value.trim();
  if (AMOUNT_RE.test(v)) return null;
  let d: Decimal;
  try {
    d = dec(v);
  } catch {
    return `“${value}”不是有效的数字`;
  }
  if (!d.isFinite()) return `“${value}”不是有效的数字`;
  if (d.isNeg()) return `不能为负数（填写的是 ${v}）`;
  if (d.decimalPlaces() > 2) return `最多保留两位小数（填写的是 ${v}）`;
  return `“${value}”不是有效的数字`;
}

/**
 * A cell value from a spreadsheet import as an amount string. Numbers go through their shortest decimal
 * representation (34.85 → '34.85'), which is what the person typed; anything else is kept as text and
 * left to validation.
 */
export function toAmount(value: string | number | null | undefined): Amount {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NaN';
  const v = value.trim();
  return v === '' ? null : v;
}

export function checkFinanceInputs(inputs: FinanceInputs): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!Number.isInteger(inputs.year) || inputs.year < 2000 || inputs.year > 2100) {
    problems.push({ field: 'year', message: `年度无效：${inputs.year}` });
  }
  const figures = listFinanceFigures(inputs);
  for (const f of figures) {
    if (f.key.startsWith('staffing.')) continue;
    const p = amountProblem(f.value);
    if (p) problems.push({ field: f.key, message: `${f.label}：${p}` });
  }
  const staff: Array<[keyof Staffing, string]> = [
    ['authorized', '编制数'],
    ['actual', '实际在职人数'],
  ];
  for (const [k, label] of staff) {
    const v = inputs.staffing?.[k];
    if (v !== null && v !== undefined && (!Number.isInteger(v) || v < 0)) {
      problems.push({ field: `staffing.${k}`, message: `${label}应为非负整数（填写的是 ${v}）` });
    }
  }
  (inputs.control?.projectItems ?? []).forEach((item, i) => {
    if (!item.name?.trim()) problems.push({ field: `control.projectItems.${i}.name`, message: `项目支出第${i + 1}行缺少项目名称` });
  });
  if ((inputs.savingMeasures ?? '').length > SAVING_MEASURES_MAX) {
    problems.push({ field: 'savingMeasures', message: `厉行节约保障措施不能超过${SAVING_MEASURES_MAX}字` });
  }
  const known = new Set(figures.map((f) => f.key));
  (inputs.narrative ?? []).forEach((n, i) => {
    if (!known.has(n.figure)) {
      problems.push({ field: `narrative.${i}.figure`, message: `报告正文数字第${i + 1}条对应的栏目“${n.figure}”不存在` });
    }
    const p = amountProblem(n.value);
    if (p || n.value === null) {
      problems.push({ field: `narrative.${i}.value`, message: `报告正文数字第${i + 1}条：${p ?? '不能为空'}` });
    }
  });
  return problems;
}

export function validateFinanceInputs(inputs: FinanceInputs): FinanceInputs {
  const problems = checkFinanceInputs(inputs);
  if (problems.length > 0) {
    throw DomainError.invalidRows(`${inputs.year}年度财务数据有误：${problems.map((p) => p.message).join('；')}`, problems);
  }
  return inputs;
}

// ---- consistency ---------------------------------------------------------------------------------------------

export type FindingSeverity = 'error' | 'warning';

export const FINDING_SEVERITY_LABELS: Readonly<Record<FindingSeverity, string>> = {
  error: '矛盾',
  warning: '提示',
};

export interface Finding {
  /** Stable code of the kind of check, e.g. 'sum_mismatch'. */
  code: string;
  severity: FindingSeverity;
  /** Chinese, complete: names the cells and both numbers. */
  message: string;
  /** Keys of the figures involved (see listFinanceFigures), or other field paths. */
  fields: string[];
  /** The two numbers that disagree (e.g. the stated total and the sum of its rows). */
  values: [string, string];
}

/**
 * Figures that are one and the same quantity in two places of the form: what 附件2 calls 全年执行数 of
 * 公用经费 or 项目支出 is 附件1's {year}年决算数 of the same row.
 */
const SAME_FIGURE: ReadonlyArray<{ label: string; keys: string[] }> = [
  { label: '公用经费（本年执行数/决算数）', keys: ['budget.expense.publicFunds.executed', 'control.publicFunds.currentFinal'] },
  { label: '项目支出（本年执行数/决算数）', keys: ['budget.expense.project.executed', 'control.project.currentFinal'] },
];

const money = (d: Decimal.Value) => dec(d).toFixed(2);

/**
 * Contradictions and implausibilities of the inputs (DOMAIN.md §5): totals that are not the sum of their
 * rows, one figure given twice with two values (including in the report's text), execution above the budget,
 * staff above the establishment. Assumes valid inputs (see validateFinanceInputs).
 */
export function findConsistencyProblems(inputs: FinanceInputs): Finding[] {
  const findings: Finding[] = [];
  const figures = new Map(listFinanceFigures(inputs).map((f) => [f.key, f]));
  const value = (key: string): Decimal | null => {
    const v = figures.get(key)?.value;
    return v === null || v === undefined ? null : dec(v);
  };
  const label = (key: string) => figures.get(key)?.label ?? key;
  const rowOf = (key: string) => figures.get(key)?.row ?? key;

  /** total = Σ parts, for one column; only when the total and at least one part are filled. */
  const sumCheck = (totalKey: string, partKeys: string[], partsName: string) => {
    const total = value(totalKey);
    const parts = partKeys.map(value);
    if (total === null || parts.every((p) => p === null)) return;
    const sum = parts.reduce<Decimal>((acc, p) => acc.plus(p ?? 0), dec(0));
    if (sum.eq(total)) return;
    const terms = partKeys
      .map((k, i) => (parts[i] === null ? null : `${rowOf(k)} ${money(parts[i]!)}`))
      .filter((t): t is string => t !== null)
      .join(' + ');
    findings.push({
      code: 'sum_mismatch',
      severity: 'error',
      message: `${label(totalKey)} 为 ${money(total)} 万元，而${partsName}合计 ${money(sum)} 万元（${terms}），两者不一致`,
      fields: [totalKey, ...partKeys.filter((_, i) => parts[i] !== null)],
      values: [money(total), money(sum)],
    });
  };

  /** Σ “其中” rows ≤ total. */
  const partOfCheck = (totalKey: string, partKeys: string[], partsName: string) => {
    const total = value(totalKey);
    const parts = partKeys.map(value);
    if (total === null || parts.every((p) => p === null)) return;
    const sum = parts.reduce<Decimal>((acc, p) => acc.plus(p ?? 0), dec(0));
    if (sum.lte(total)) return;
    findings.push({
      code: 'part_exceeds_total',
      severity: 'error',
      message: `${label(totalKey)} 为 ${money(total)} 万元，而其中${partsName}合计 ${money(sum)} 万元，超过了总数`,
      fields: [totalKey, ...partKeys.filter((_, i) => parts[i] !== null)],
      values: [money(total), money(sum)],
    });
  };

  for (const c of BUDGET_COLUMNS) {
    sumCheck(`budget.total.${c}`, INCOME_KINDS.map((k) => `budget.income.${k}.${c}`), '按收入性质分各项');
    sumCheck(`budget.total.${c}`, [`budget.expense.basic.${c}`, `budget.expense.project.${c}`], '基本支出与项目支出');
    sumCheck(`budget.expense.basic.${c}`, [`budget.expense.personnel.${c}`, `budget.expense.publicFunds.${c}`], '人员经费与公用经费');
  }
  const items = inputs.control?.projectItems ?? [];
  for (const c of CONTROL_COLUMNS) {
    sumCheck(`control.threePublic.${c}`, ['vehicle', 'overseas', 'reception'].map((k) => `control.${k}.${c}`), '三公经费各项');
    sumCheck(`control.vehicle.${c}`, [`control.vehiclePurchase.${c}`, `control.vehicleOperation.${c}`], '公车购置与公车运行维护');
    sumCheck(`control.project.${c}`, items.map((_, i) => `control.projectItems.${i}.${c}`), '各项目支出');
    partOfCheck(
      `control.publicFunds.${c}`,
      ['office', 'utilitiesTravel', 'meetingTraining'].map((k) => `control.${k}.${c}`),
      '办公经费、水电差旅费、会议培训费',
    );
  }

  // The same figure stated in two places (two cells of the form, or the form and the report's text).
  const statements = new Map<string, Array<{ value: Decimal; where: string; key: string }>>();
  const classOf = (key: string) => SAME_FIGURE.find((s) => s.keys.includes(key));
  const state = (key: string, v: Decimal, where: string) => {
    const group = classOf(key)?.label ?? key;
    const list = statements.get(group) ?? [];
    list.push({ value: v, where, key });
    statements.set(group, list);
  };
  for (const s of SAME_FIGURE) {
    for (const k of s.keys) {
      const v = value(k);
      if (v !== null) state(k, v, label(k));
    }
  }
  (inputs.narrative ?? []).forEach((n) => {
    if (!figures.has(n.figure)) return;
    const k = n.figure;
    if (!classOf(k)) {
      const v = value(k);
      // Make sure the form's own value is among the statements, once.
      if (v !== null && !(statements.get(k) ?? []).some((x) => x.where === label(k))) state(k, v, label(k));
    }
    state(k, dec(n.value), n.quote ? `报告正文“${n.quote}”` : '报告正文');
  });
  for (const [group, list] of statements) {
    const first = list[0];
    const other = list.find((x) => !x.value.eq(first.value));
    if (!other) continue;
    const unit = figures.get(first.key)?.unit ?? '万元';
    const name = SAME_FIGURE.find((s) => s.label === group)?.label ?? label(first.key);
    findings.push({
      code: 'figure_stated_twice',
      severity: 'error',
      message: `同一数字填报了两个不同的值：${name}，${first.where}为 ${fmt(first.value, unit)}，${other.where}为 ${fmt(other.value, unit)}`,
      fields: [...new Set(list.map((x) => x.key))],
      values: [num(first.value, unit), num(other.value, unit)],
    });
  }

  const overCheck = (executedKey: string, budgetKey: string, code: string, text: (a: string, b: string) => string) => {
    const a = value(executedKey);
    const b = value(budgetKey);
    if (a === null || b === null || a.lte(b)) return;
    findings.push({ code, severity: 'warning', message: text(money(a), money(b)), fields: [executedKey, budgetKey], values: [money(a), money(b)] });
  };
  overCheck(
    'budget.total.executed',
    'budget.total.budget',
    'execution_above_budget',
    (a, b) => `年度资金总额的全年执行数 ${a} 万元大于全年预算数 ${b} 万元，执行率按100%计`,
  );
  for (const k of [...INCOME_KINDS.map((x) => `income.${x}`), ...EXPENSE_KINDS.map((x) => `expense.${x}`)]) {
    overCheck(`budget.${k}.executed`, `budget.${k}.budget`, 'execution_above_budget', (a, b) => {
      return `${rowOf(`budget.${k}.executed`)}的全年执行数 ${a} 万元大于全年预算数 ${b} 万元`;
    });
  }
  overCheck(
    'control.procurement.currentFinal',
    'budget.total.executed',
    'procurement_above_execution',
    (a, b) => `${inputs.year}年政府采购金额（决算数）${a} 万元大于全年执行数 ${b} 万元`,
  );
  const project = value('control.project.currentFinal');
  const publicFunds = value('control.publicFunds.currentFinal');
  const executed = value('budget.total.executed');
  if (executed !== null && (project !== null || publicFunds !== null)) {
    const sum = (project ?? dec(0)).plus(publicFunds ?? 0);
    if (sum.gt(executed)) {
      findings.push({
        code: 'control_above_execution',
        severity: 'warning',
        message: `附件1 ${inputs.year}年决算数中项目支出与公用经费合计 ${money(sum)} 万元，大于附件2 全年执行数 ${money(executed)} 万元`,
        fields: ['control.project.currentFinal', 'control.publicFunds.currentFinal', 'budget.total.executed'],
        values: [money(sum), money(executed)],
      });
    }
  }

  const { authorized, actual } = inputs.staffing ?? { authorized: null, actual: null };
  if (authorized !== null && actual !== null && actual > authorized) {
    findings.push({
      code: 'staff_above_establishment',
      severity: 'warning',
      message: `实际在职人数 ${actual} 人超过编制数 ${authorized} 人`,
      fields: ['staffing.actual', 'staffing.authorized'],
      values: [String(actual), String(authorized)],
    });
  }
  (inputs.buildings ?? []).forEach((_, i) => {
    const row = rowOf(`buildings.${i}.actualArea`);
    overCheck(`buildings.${i}.actualArea`, `buildings.${i}.approvedArea`, 'building_over_scale', (a, b) => {
      return `${row}实际规模 ${a}㎡ 超过批复规模 ${b}㎡`;
    });
    overCheck(`buildings.${i}.actualInvestment`, `buildings.${i}.budgetInvestment`, 'building_over_budget', (a, b) => {
      return `${row}实际投资 ${a} 万元超过预算投资 ${b} 万元`;
    });
  });
  return findings;
}

function num(v: Decimal, unit: string): string {
  return unit === '万元' ? v.toFixed(2) : v.toString();
}

function fmt(v: Decimal, unit: string): string {
  return `${num(v, unit)} ${unit}`;
}
