import { DomainError, FieldProblem } from '../../../domain/src/errors/domain-error';
import {
  amountProblem,
  BUDGET_COLUMNS,
  BuildingProject,
  CONTROL_COLUMNS,
  CONTROL_ROWS,
  emptyFinanceInputs,
  EXPENSE_KINDS,
  FinanceInputs,
  INCOME_KINDS,
  listFinanceFigures,
  NarrativeFigure,
  toAmount,
  validateFinanceInputs,
} from './finance-inputs';

/**
 * Finance inputs as they arrive from outside (a request body, a stored document, an imported sheet). The
 * document is rebuilt from the known fields of a blank form, so an unknown or mistyped field is a 400 with its
 * path, never a TypeError; then validateFinanceInputs checks the amounts (decimal strings, ≤ 2 decimals).
 */
export function parseFinanceInputs(raw: unknown, year: number): FinanceInputs {
  const problems: FieldProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ field, message });
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(raw)) throw DomainError.invalid('inputs', '财务数据应为对象');
  const out = emptyFinanceInputs(year);

  const amount = (v: unknown, field: string): string | null => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'number') return toAmount(v);
    if (typeof v === 'string') return toAmount(v);
    bad(field, '应为数字');
    return null;
  };
  const columns = <C extends string>(src: unknown, cols: readonly C[], field: string, target: Record<C, string | null>) => {
    if (src === undefined || src === null) return;
    if (!isObj(src)) return bad(field, '应为对象');
    for (const c of cols) target[c] = amount(src[c], `${field}.${c}`);
  };

  const budget = raw.budget;
  if (budget !== undefined) {
    if (!isObj(budget)) bad('budget', '应为对象');
    else {
      columns(budget.total, BUDGET_COLUMNS, 'budget.total', out.budget.total);
      if (budget.income !== undefined && !isObj(budget.income)) bad('budget.income', '应为对象');
      if (budget.expense !== undefined && !isObj(budget.expense)) bad('budget.expense', '应为对象');
      for (const k of INCOME_KINDS) columns(isObj(budget.income) ? budget.income[k] : undefined, BUDGET_COLUMNS, `budget.income.${k}`, out.budget.income[k]);
      for (const k of EXPENSE_KINDS) columns(isObj(budget.expense) ? budget.expense[k] : undefined, BUDGET_COLUMNS, `budget.expense.${k}`, out.budget.expense[k]);
    }
  }
  const control = raw.control;
  if (control !== undefined) {
    if (!isObj(control)) bad('control', '应为对象');
    else {
      for (const r of CONTROL_ROWS) columns(control[r.key], CONTROL_COLUMNS, `control.${r.key}`, out.control[r.key]);
      if (control.projectItems !== undefined) {
        if (!Array.isArray(control.projectItems)) bad('control.projectItems', '应为列表');
        else {
          out.control.projectItems = control.projectItems.map((item: unknown, i: number) => {
            const it = { name: '', amounts: { priorFinal: null, currentBudget: null, currentFinal: null } as Record<(typeof CONTROL_COLUMNS)[number], string | null> };
            if (!isObj(item)) {
              bad(`control.projectItems.${i}`, '应为对象');
              return it;
            }
            if (typeof item.name !== 'string') bad(`control.projectItems.${i}.name`, '项目名称应为文本');
            else it.name = item.name.trim();
            columns(item.amounts, CONTROL_COLUMNS, `control.projectItems.${i}`, it.amounts);
            return it;
          });
        }
      }
    }
  }
  const staffing = raw.staffing;
  if (staffing !== undefined) {
    if (!isObj(staffing)) bad('staffing', '应为对象');
    else {
      for (const k of ['authorized', 'actual'] as const) {
        const v = staffing[k];
        if (v === null || v === undefined) out.staffing[k] = null;
        else if (typeof v === 'number') out.staffing[k] = v;
        else if (typeof v === 'string' && /^\d{1,6}$/.test(v.trim())) out.staffing[k] = Number(v.trim());
        else bad(`staffing.${k}`, `${k === 'authorized' ? '编制数' : '实际在职人数'}应为非负整数`);
      }
    }
  }
  if (raw.buildings !== undefined) {
    if (!Array.isArray(raw.buildings)) bad('buildings', '应为列表');
    else {
      out.buildings = raw.buildings.map((b: unknown, i: number): BuildingProject => {
        const p: BuildingProject = { name: '', approvedArea: null, actualArea: null, budgetInvestment: null, actualInvestment: null };
        if (!isObj(b)) {
          bad(`buildings.${i}`, '应为对象');
          return p;
        }
        p.name = typeof b.name === 'string' ? b.name.trim() : '';
        for (const k of ['approvedArea', 'actualArea', 'budgetInvestment', 'actualInvestment'] as const) p[k] = amount(b[k], `buildings.${i}.${k}`);
        return p;
      });
    }
  }
  if (raw.savingMeasures !== undefined && raw.savingMeasures !== null) {
    if (typeof raw.savingMeasures !== 'string') bad('savingMeasures', '厉行节约保障措施应为文本');
    else out.savingMeasures = raw.savingMeasures;
  }
  if (raw.narrative !== undefined) {
    if (!Array.isArray(raw.narrative)) bad('narrative', '应为列表');
    else {
      out.narrative = raw.narrative.map((n: unknown, i: number): NarrativeFigure => {
        if (!isObj(n) || typeof n.figure !== 'string') {
          bad(`narrative.${i}`, '报告正文数字应有栏目编码（figure）和数值（value）');
          return { figure: '', value: '' };
        }
        const value = amount(n.value, `narrative.${i}.value`) ?? '';
        return { figure: n.figure, value, ...(typeof n.quote === 'string' && n.quote.trim() ? { quote: n.quote.trim() } : {}) };
      });
    }
  }
  if (problems.length > 0) {
    throw DomainError.invalidRows(`${year}年度财务数据格式有误：${problems.map((p) => `${p.field}：${p.message}`).join('；')}`, problems);
  }
  return validateFinanceInputs(out);
}

// ---- the import sheet ----------------------------------------------------------------------------------------

/** One row of the import sheet: a stable code, the form's label, the unit and the value. */
export interface FinanceSheetRow {
  code: string;
  label: string;
  unit: string;
  value: string | number | null;
}

const PROJECT_ITEM_NAME = /^control\.projectItems\.(\d+)\.name$/;
const BUILDING_NAME = /^buildings\.(\d+)\.name$/;

/** The rows of the import sheet for a form (blank or filled): every figure plus the names and texts. */
export function financeSheetRows(inputs: FinanceInputs): FinanceSheetRow[] {
  const rows: FinanceSheetRow[] = [];
  const figures = listFinanceFigures(inputs);
  const named = new Set<string>();
  for (const f of figures) {
    const item = /^control\.projectItems\.(\d+)\./.exec(f.key);
    if (item && !named.has(`p${item[1]}`)) {
      named.add(`p${item[1]}`);
      rows.push({ code: `control.projectItems.${item[1]}.name`, label: `附件1 项目支出第${Number(item[1]) + 1}行·项目名称`, unit: '文本', value: inputs.control.projectItems[Number(item[1])].name });
    }
    const b = /^buildings\.(\d+)\./.exec(f.key);
    if (b && !named.has(`b${b[1]}`)) {
      named.add(`b${b[1]}`);
      rows.push({ code: `buildings.${b[1]}.name`, label: `附件1 楼堂馆所第${Number(b[1]) + 1}项·项目名称`, unit: '文本', value: inputs.buildings[Number(b[1])].name });
    }
    rows.push({ code: f.key, label: f.label, unit: f.unit, value: f.value === null ? null : f.unit === '人' ? Number(f.value) : f.value });
  }
  rows.push({ code: 'savingMeasures', label: '附件1 厉行节约保障措施', unit: '文本', value: inputs.savingMeasures || null });
  return rows;
}

/**
 * Finance inputs from the rows of an import sheet (all or nothing): every problem is collected with its row
 * number; nothing is returned unless the whole sheet is valid. Rows not in the sheet stay blank; the
 * report-text figures (narrative) are kept from `base`, since the sheet does not carry them.
 */
export function financeFromSheetRows(
  rows: ReadonlyArray<{ row: number; code: string; value: string | number | null }>,
  year: number,
  base?: FinanceInputs,
): FinanceInputs {
  const problems: FieldProblem[] = [];
  const bad = (row: number, field: string, message: string) => problems.push({ row, field: `第${row}行.${field}`, message: `第${row}行：${message}` });
  const doc: Record<string, unknown> = {
    year,
    budget: { total: {}, income: {}, expense: {} },
    control: { projectItems: [] as Array<{ name: string; amounts: Record<string, unknown> }> },
    staffing: { authorized: null, actual: null },
    buildings: [] as Array<Record<string, unknown>>,
    savingMeasures: '',
    narrative: base?.narrative ?? [],
  };
  const blank = emptyFinanceInputs(year);
  const labels = new Map(listFinanceFigures(blank).map((f) => [f.key, f.label]));
  const seen = new Map<string, number>();
  const items = (doc.control as { projectItems: Array<{ name: string; amounts: Record<string, unknown> }> }).projectItems;
  const buildings = doc.buildings as Array<Record<string, unknown>>;
  const item = (i: number) => (items[i] ??= { name: '', amounts: {} });
  const building = (i: number) => (buildings[i] ??= { name: '' });

  for (const { row, code, value } of rows) {
    const key = code.trim();
    if (seen.has(key)) {
      bad(row, key, `栏目编码“${key}”与第${seen.get(key)}行重复`);
      continue;
    }
    seen.set(key, row);
    const text = value === null || value === undefined ? null : String(value).trim() || null;
    let m: RegExpExecArray | null;
    if ((m = PROJECT_ITEM_NAME.exec(key))) {
      if (Number(m[1]) > 49) bad(row, key, '项目支出最多50行');
      else item(Number(m[1])).name = text ?? '';
      continue;
    }
    if ((m = BUILDING_NAME.exec(key))) {
      if (Number(m[1]) > 49) bad(row, key, '楼堂馆所最多50项');
      else building(Number(m[1])).name = text ?? '';
      continue;
    }
    if (key === 'savingMeasures') {
      doc.savingMeasures = text ?? '';
      continue;
    }
    const label = labels.get(key) ?? dynamicLabel(key);
    if (!label) {
      bad(row, key, `栏目编码“${key}”不存在，请使用下载的导入模板`);
      continue;
    }
    const parts = key.split('.');
    if (parts[0] === 'staffing') {
      if (text !== null && !/^\d{1,6}$/.test(text)) bad(row, key, `${label}应为非负整数（填写的是 ${text}）`);
      else (doc.staffing as Record<string, number | null>)[parts[1]] = text === null ? null : Number(text);
      continue;
    }
    const amount = typeof value === 'number' ? toAmount(value) : text;
    const p = amountProblem(amount);
    if (p) {
      bad(row, key, `${label}：${p}`);
      continue;
    }
    if (parts[0] === 'budget' && parts[1] === 'total') (doc.budget as Record<string, Record<string, unknown>>).total[parts[2]] = amount;
    else if (parts[0] === 'budget') {
      const group = (doc.budget as Record<string, Record<string, Record<string, unknown>>>)[parts[1]];
      (group[parts[2]] ??= {})[parts[3]] = amount;
    } else if (parts[0] === 'control' && parts[1] === 'projectItems') item(Number(parts[2])).amounts[parts[3]] = amount;
    else if (parts[0] === 'control') ((doc.control as Record<string, Record<string, unknown>>)[parts[1]] ??= {})[parts[2]] = amount;
    else if (parts[0] === 'buildings') building(Number(parts[1]))[parts[2]] = amount;
  }
  items.forEach((it, i) => {
    if (it === undefined) items[i] = { name: '', amounts: {} };
  });
  items.forEach((it, i) => {
    const hasAmounts = Object.values(it.amounts).some((v) => v !== null && v !== undefined);
    if (!it.name.trim() && hasAmounts) {
      const row = seen.get(`control.projectItems.${i}.name`) ?? seen.get(`control.projectItems.${i}.currentFinal`) ?? 0;
      bad(row, `control.projectItems.${i}.name`, `项目支出第${i + 1}行填写了金额但缺少项目名称`);
    }
  });
  // trailing blank project rows of the template are dropped
  while (items.length > 0 && !items[items.length - 1].name.trim() && Object.values(items[items.length - 1].amounts).every((v) => v === null || v === undefined)) items.pop();
  buildings.forEach((b, i) => {
    if (b === undefined) buildings[i] = { name: '' };
  });
  if (problems.length > 0) {
    throw DomainError.invalidRows(`导入失败，未写入任何数据：${problems.map((p) => p.message).join('；')}`, problems);
  }
  try {
    return parseFinanceInputs(doc, year);
  } catch (e) {
    if (e instanceof DomainError) {
      const located = e.problems.map((p) => {
        const row = seen.get(p.field);
        return row ? { row, field: `第${row}行.${p.field}`, message: `第${row}行：${p.message}` } : p;
      });
      throw DomainError.invalidRows(`导入失败，未写入任何数据：${located.map((p) => p.message).join('；')}`, located);
    }
    throw e;
  }
}

/** Labels of figure codes that a blank form does not list (extra project items, buildings). */
function dynamicLabel(key: string): string | null {
  let m = /^control\.projectItems\.(\d{1,2})\.(priorFinal|currentBudget|currentFinal)$/.exec(key);
  if (m) return `附件1 项目支出第${Number(m[1]) + 1}行`;
  m = /^buildings\.(\d{1,2})\.(approvedArea|actualArea|budgetInvestment|actualInvestment)$/.exec(key);
  if (m) return `附件1 楼堂馆所第${Number(m[1]) + 1}项`;
  return null;
}
