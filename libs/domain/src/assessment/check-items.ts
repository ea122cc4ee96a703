import Decimal from 'decimal.js';
import { Dec } from '../common/decimal';
import { isLocalDate, LocalDate } from '../calendar/shanghai';
import { DomainError, FieldProblem } from '../errors/domain-error';
import { EmploymentEvent, isActiveOn } from '../roster/employment.rules';

/**
 * The check-item catalogue of the daily spot checks (日抽查) and the validation of one check's results.
 * Deductions are points with at most two decimals (stored as numeric(5,2)), never floats.
 */
export interface CheckItemDefinition {
  /** Stable code, lower snake case; the catalogue row keeps it when the name is edited. */
  code: string;
  name: string;
  description: string;
  /** Bounds of the deduction for one failed item, inclusive. */
  minDeduction: Decimal;
  maxDeduction: Decimal;
  /** A retired item stays in the catalogue for old checks but cannot be used in a new one. */
  active: boolean;
  sortOrder: number;
}

function item(code: string, name: string, description: string, min: string, max: string, sortOrder: number): CheckItemDefinition {
  return { code, name, description, minDeduction: new Dec(min), maxDeduction: new Dec(max), active: true, sortOrder };
}

export const DEFAULT_CHECK_ITEMS: readonly CheckItemDefinition[] = Object.freeze([
  item('home_visit', '入户走访记录', '按要求入户走访并如实记录走访对象、时间、事项，无漏访、虚假记录', '0.5', '5', 10),
  item('base_data_quality', '基础信息录入质量', '人、房、事、物、组织等基础信息录入完整、准确，及时更新变动信息', '0.5', '5', 20),
  item('incident_timeliness', '事件上报及时性', '发现的矛盾纠纷、安全隐患等事件在规定时限内上报，信息要素齐全', '0.5', '5', 30),
  item('patrol_log', '巡查日志', '按规定频次开展网格巡查，巡查日志真实、完整，轨迹与日志一致', '0.5', '3', 40),
  item('service_items', '服务事项办理', '受理的服务事项按流程及时办理、反馈，群众诉求有回应', '0.5', '5', 50),
  item('information_security', '信息安全与保密', '不泄露居民个人信息，不违规导出、转发、截屏网格数据，账号不外借', '1', '5', 60),
  item('special_tasks', '专项任务完成情况', '按时完成中心和镇街布置的专项排查、核查等工作任务', '0.5', '5', 70),
  item('work_discipline', '在岗履职与工作纪律', '在岗在位，按要求参加会议和培训，服从调度，工作作风良好', '0.5', '3', 80),
]);

const CODE_RE = /^[a-z][a-z0-9_]{1,39}$/;
const MAX_DEDUCTION_CEILING = new Dec(100);

/** A finite decimal, or null when the value is empty or not a number. */
function parseDecimal(value: unknown): Decimal | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string' && typeof value !== 'number' && !Decimal.isDecimal(value)) return null;
  try {
    const d = new Dec(value as Decimal.Value);
    return d.isFinite() ? d : null;
  } catch {
    return null;
  }
}

/** Checks an edited catalogue entry; returns the problems in Chinese (empty when fine). */
export function validateCheckItemDefinition(def: {
  code: string;
  name: string;
  minDeduction: Decimal.Value;
  maxDeduction: Decimal.Value;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!CODE_RE.test(def.code)) {
    problems.push({ field: 'code', message: '检查项编码须为2至40位小写字母、数字或下划线，以字母开头' });
  }
  if (!def.name || !def.name.trim()) problems.push({ field: 'name', message: '检查项名称不能为空' });
  const min = parseDecimal(def.minDeduction);
  const max = parseDecimal(def.maxDeduction);
  const minOk = !!min && !min.isNegative() && min.decimalPlaces() <= 2;
  const maxOk = !!max && max.gt(0) && max.decimalPlaces() <= 2 && max.lte(MAX_DEDUCTION_CEILING);
  if (!minOk) problems.push({ field: 'minDeduction', message: '最低扣分须为不小于0、最多两位小数的数' });
  if (!maxOk) problems.push({ field: 'maxDeduction', message: '最高扣分须大于0、不超过100，最多两位小数' });
  if (minOk && maxOk && min.gt(max)) problems.push({ field: 'maxDeduction', message: '最高扣分不能低于最低扣分' });
  return problems;
}

/** One item's result as entered: deductions may arrive as strings from the API. */
export interface CheckItemResultInput {
  itemCode: string;
  passed: boolean;
  deduction?: Decimal.Value | null;
  problem?: string | null;
  rectificationRequired?: boolean;
  rectificationDeadline?: LocalDate | null;
}

export interface CheckItemResult {
  itemCode: string;
  itemName: string;
  passed: boolean;
  /** 0 for a passed item. */
  deduction: Decimal;
  problem: string | null;
  rectificationRequired: boolean;
  rectificationDeadline: LocalDate | null;
}

export const MAX_PROBLEM_LENGTH = 500;

/**
 * Validates the item results of one spot check against the catalogue and returns them normalised.
 * Throws a VALIDATION DomainError listing every problem, each naming the item and the field.
 */
export function validateSpotCheckItems(
  checkDay: LocalDate,
  items: readonly CheckItemResultInput[],
  catalogue: readonly CheckItemDefinition[] = DEFAULT_CHECK_ITEMS,
  options: { today?: LocalDate } = {},
): CheckItemResult[] {
  const problems: FieldProblem[] = [];
  if (!isLocalDate(checkDay)) {
    throw DomainError.invalid('抽查日期', `「${checkDay}」不是有效日期`);
  }
  if (options.today && checkDay > options.today) {
    throw DomainError.invalid('抽查日期', `不能晚于今天（${options.today}）`);
  }
  if (items.length === 0) {
    throw DomainError.invalid('检查项', '至少填写一个检查项的结果');
  }
  const byCode = new Map(catalogue.map((d) => [d.code, d]));
  const seen = new Set<string>();
  const out: CheckItemResult[] = [];

  items.forEach((input, i) => {
    const at = `items[${i}]`;
    const def = byCode.get(input.itemCode);
    if (!def) {
      problems.push({ field: `${at}.itemCode`, message: `第${i + 1}项：检查项「${input.itemCode}」不在检查项目录中` });
      return;
    }
    const label = `检查项「${def.name}」`;
    const add = (field: string, message: string) => problems.push({ field: `${at}.${field}`, message: `${label}${message}` });
    if (!def.active) add('itemCode', '已停用，不能用于新的抽查');
    if (seen.has(def.code)) {
      add('itemCode', '重复填写');
      return;
    }
    seen.add(def.code);

    const problem = input.problem?.trim() || null;
    const deadline = input.rectificationDeadline || null;
    const rectificationRequired = input.rectificationRequired ?? false;
    let deduction: Decimal = new Dec(0);

    if (input.passed) {
      const d = input.deduction === undefined || input.deduction === null || input.deduction === '' ? new Dec(0) : parseDecimal(input.deduction);
      if (!d || !d.isZero()) add('deduction', '的扣分：合格项不扣分，扣分应为0');
      if (rectificationRequired || deadline) add('rectificationRequired', '为合格，不能提出整改要求');
    } else {
      const d = parseDecimal(input.deduction);
      if (!d) {
        add('deduction', '的扣分：不合格项须填写扣分');
      } else if (d.decimalPlaces() > 2) {
        add('deduction', '的扣分：最多两位小数');
      } else if (d.lt(def.minDeduction) || d.gt(def.maxDeduction)) {
        add('deduction', `的扣分：应在 ${def.minDeduction.toFixed(2)} 至 ${def.maxDeduction.toFixed(2)} 分之间，填写的是 ${d.toString()}`);
      } else {
        deduction = d;
      }
      if (!problem) add('problem', '的问题描述：不合格项须填写问题描述');
      else if (problem.length > MAX_PROBLEM_LENGTH) add('problem', `的问题描述：不能超过${MAX_PROBLEM_LENGTH}字`);
      if (rectificationRequired) {
        if (!deadline) add('rectificationDeadline', '的整改期限：提出整改要求须填写整改期限');
        else if (!isLocalDate(deadline)) add('rectificationDeadline', `的整改期限：「${deadline}」不是有效日期`);
        else if (deadline < checkDay) add('rectificationDeadline', `的整改期限：不能早于抽查日期（${checkDay}）`);
      } else if (deadline) {
        add('rectificationDeadline', '的整改期限：未提出整改要求时不填整改期限');
      }
    }

    out.push({
      itemCode: def.code,
      itemName: def.name,
      passed: input.passed,
      deduction,
      problem: input.passed ? null : problem,
      rectificationRequired: !input.passed && rectificationRequired,
      rectificationDeadline: !input.passed && rectificationRequired ? deadline : null,
    });
  });

  if (problems.length > 0) {
    throw DomainError.invalidRows(`抽查结果有${problems.length}处问题：${problems[0].message}`, problems);
  }
  return out;
}

/** A worker can only be checked on a day on which they were in service. */
export function assertCheckableOn(workerName: string, employment: readonly EmploymentEvent[], checkDay: LocalDate): void {
  if (!isActiveOn(employment, checkDay)) {
    throw DomainError.invalid('抽查日期', `网格员${workerName}在 ${checkDay} 不在岗，不能对其抽查`);
  }
}

/** Total deduction of one check (sum of its failed items). */
export function checkDeduction(results: readonly Pick<CheckItemResult, 'deduction'>[]): Decimal {
  return results.reduce<Decimal>((acc, r) => acc.plus(r.deduction), new Dec(0));
}

/** Problems found = failed items. */
export function problemCount(results: readonly Pick<CheckItemResult, 'passed'>[]): number {
  return results.filter((r) => !r.passed).length;
}
