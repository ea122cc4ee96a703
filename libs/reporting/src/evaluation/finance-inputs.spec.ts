import { DomainError } from '../../../domain/src/errors/domain-error';
import {
  amountProblem,
  checkFinanceInputs,
  emptyFinanceInputs,
  findConsistencyProblems,
  listFinanceFigures,
  toAmount,
  validateFinanceInputs,
} from './finance-inputs';
import { referenceFinanceInputs2024 } from './fixtures/reference-2024.fixture';

describe('finance inputs: validation', () => {
  it('accepts the reference inputs and a blank form', () => {
    expect(checkFinanceInputs(referenceFinanceInputs2024())).toEqual([]);
    expect(checkFinanceInputs(emptyFinanceInputs(2025))).toEqual([]);
  });

  it('refuses negative amounts, more than two decimals and non-numbers, naming the cell in Chinese', () => {
    const f = emptyFinanceInputs(2024);
    f.budget.total.executed = '-1';
    f.control.publicFunds.currentFinal = '83.845';
    f.control.projectItems[0].amounts.priorFinal = '三十';
    const problems = checkFinanceInputs(f);
    expect(problems).toEqual([
      { field: 'budget.total.executed', message: '附件2 年度资金总额·全年执行数：不能为负数（填写的是 -1）' },
      { field: 'control.projectItems.0.priorFinal', message: '附件1 项目支出·业务工作经费·2023年决算数：“三十”不是有效的数字' },
      { field: 'control.publicFunds.currentFinal', message: '附件1 公用经费·2024年决算数：最多保留两位小数（填写的是 83.845）' },
    ]);
    expect(() => validateFinanceInputs(f)).toThrow(DomainError);
  });

  it('refuses staff counts that are not whole numbers, unknown narrative cells and nameless project rows', () => {
    const f = emptyFinanceInputs(2024);
    f.staffing = { authorized: 11, actual: 5.5 };
    f.control.projectItems[1].name = ' ';
    f.narrative = [{ figure: 'budget.nothing', value: '1.234' }];
    expect(checkFinanceInputs(f)).toEqual([
      { field: 'staffing.actual', message: '实际在职人数应为非负整数（填写的是 5.5）' },
      { field: 'control.projectItems.1.name', message: '项目支出第2行缺少项目名称' },
      { field: 'narrative.0.figure', message: '报告正文数字第1条对应的栏目“budget.nothing”不存在' },
      { field: 'narrative.0.value', message: '报告正文数字第1条：最多保留两位小数（填写的是 1.234）' },
    ]);
  });

  it('reads spreadsheet numbers as the decimals typed', () => {
    expect(toAmount(34.85)).toBe('34.85');
    expect(toAmount(' 2.2 ')).toBe('2.2');
    expect(toAmount('')).toBeNull();
    expect(amountProblem(toAmount(0.1 + 0.2))).toBe('最多保留两位小数（填写的是 0.30000000000000004）');
  });

  it('labels every cell of the form with its year', () => {
    const labels = listFinanceFigures(referenceFinanceInputs2024()).map((f) => f.label);
    expect(labels).toContain('附件1 三公经费·2023年决算数');
    expect(labels).toContain('附件2 按收入性质分·纳入专户管理的非税收入拨款·年初预算数');
    expect(labels).toContain('附件1 2024年实际在职人数');
  });
});

describe('finance inputs: consistency of the reference', () => {
  it('lists both contradictions of the reference: 项目支出 0 above its items, and 公用经费 85.84 vs 83.84', () => {
    const findings = findConsistencyProblems(referenceFinanceInputs2024());
    expect(findings).toEqual([
      {
        code: 'sum_mismatch',
        severity: 'error',
        message:
          '附件1 项目支出·2023年决算数 为 0.00 万元，而各项目支出合计 34.85 万元（项目支出·业务工作经费 34.85 + 项目支出·运行维护经费 0.00 + 项目支出·市级专项资金（一个专项一行） 0.00），两者不一致',
        fields: [
          'control.project.priorFinal',
          'control.projectItems.0.priorFinal',
          'control.projectItems.1.priorFinal',
          'control.projectItems.2.priorFinal',
        ],
        values: ['0.00', '34.85'],
      },
      {
        code: 'sum_mismatch',
        severity: 'error',
        message:
          '附件1 项目支出·2024年预算数 为 0.00 万元，而各项目支出合计 91.26 万元（项目支出·业务工作经费 91.26 + 项目支出·运行维护经费 0.00 + 项目支出·市级专项资金（一个专项一行） 0.00），两者不一致',
        fields: [
          'control.project.currentBudget',
          'control.projectItems.0.currentBudget',
          'control.projectItems.1.currentBudget',
          'control.projectItems.2.currentBudget',
        ],
        values: ['0.00', '91.26'],
      },
      {
        code: 'figure_stated_twice',
        severity: 'error',
        message:
          '同一数字填报了两个不同的值：公用经费（本年执行数/决算数），附件1 公用经费·2024年决算数为 83.84 万元，报告正文“公用经费85.84万元”为 85.84 万元',
        fields: ['control.publicFunds.currentFinal', 'budget.expense.publicFunds.executed'],
        values: ['83.84', '85.84'],
      },
    ]);
  });

  it('finds nothing once the two figures are corrected', () => {
    const f = referenceFinanceInputs2024();
    f.control.project = { priorFinal: '34.85', currentBudget: '91.26', currentFinal: '0' };
    f.control.publicFunds.currentFinal = '85.84';
    expect(findConsistencyProblems(f)).toEqual([]);
  });
});

describe('finance inputs: other checks', () => {
  function base() {
    const f = emptyFinanceInputs(2024);
    f.budget.total = { initialBudget: '100', budget: '100', executed: '90' };
    return f;
  }

  it('checks 年度资金总额 against the income split and the expense split, column by column', () => {
    const f = base();
    f.budget.income.generalPublic.budget = '80';
    f.budget.income.other.budget = '10';
    f.budget.expense.basic.executed = '60';
    f.budget.expense.project.executed = '30';
    const findings = findConsistencyProblems(f);
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toBe(
      '附件2 年度资金总额·全年预算数 为 100.00 万元，而按收入性质分各项合计 90.00 万元（按收入性质分·一般公共预算 80.00 + 按收入性质分·其他资金 10.00），两者不一致',
    );
    expect(findings[0].values).toEqual(['100.00', '90.00']);
  });

  it('checks 基本支出 = 人员经费 + 公用经费', () => {
    const f = base();
    f.budget.expense.basic.executed = '90';
    f.budget.expense.personnel.executed = '50';
    f.budget.expense.publicFunds.executed = '30';
    expect(findConsistencyProblems(f).map((x) => [x.code, x.values])).toEqual([['sum_mismatch', ['90.00', '80.00']]]);
  });

  it('checks 三公经费 against its rows and 公务用车 against 购置 + 运行维护', () => {
    const f = base();
    f.control.threePublic.currentFinal = '3';
    f.control.vehicle.currentFinal = '2';
    f.control.vehiclePurchase.currentFinal = '0';
    f.control.vehicleOperation.currentFinal = '1.5';
    f.control.reception.currentFinal = '0.5';
    expect(findConsistencyProblems(f).map((x) => [x.fields[0], x.values])).toEqual([
      ['control.threePublic.currentFinal', ['3.00', '2.50']],
      ['control.vehicle.currentFinal', ['2.00', '1.50']],
    ]);
  });

  it('checks that the 其中 rows of 公用经费 do not exceed it', () => {
    const f = base();
    f.control.publicFunds.currentFinal = '2';
    f.control.office.currentFinal = '2.08';
    f.control.meetingTraining.currentFinal = '0.02';
    const [finding] = findConsistencyProblems(f);
    expect(finding.code).toBe('part_exceeds_total');
    expect(finding.values).toEqual(['2.00', '2.10']);
  });

  it('warns of execution above the budget, procurement above execution, and staff above the establishment', () => {
    const f = base();
    f.budget.total.executed = '120';
    f.control.procurement.currentFinal = '130';
    f.staffing = { authorized: 5, actual: 6 };
    const findings = findConsistencyProblems(f);
    expect(findings.map((x) => [x.code, x.severity, x.message])).toEqual([
      ['execution_above_budget', 'warning', '年度资金总额的全年执行数 120.00 万元大于全年预算数 100.00 万元，执行率按100%计'],
      ['procurement_above_execution', 'warning', '2024年政府采购金额（决算数）130.00 万元大于全年执行数 120.00 万元'],
      ['staff_above_establishment', 'warning', '实际在职人数 6 人超过编制数 5 人'],
    ]);
  });

  it('catches a figure entered in 附件2 and 附件1 with two values', () => {
    const f = base();
    f.budget.expense.basic.executed = '80';
    f.budget.expense.project.executed = '10';
    f.control.project.currentFinal = '12';
    const [finding] = findConsistencyProblems(f);
    expect(finding.code).toBe('figure_stated_twice');
    expect(finding.values).toEqual(['10.00', '12.00']);
  });

  it('catches the report text contradicting any cell, e.g. 编制数', () => {
    const f = base();
    f.staffing = { authorized: 11, actual: 6 };
    f.narrative = [{ figure: 'staffing.authorized', value: '12', quote: '共有编制数12个' }];
    expect(findConsistencyProblems(f).map((x) => x.message)).toEqual([
      '同一数字填报了两个不同的值：附件1 编制数，附件1 编制数为 11 人，报告正文“共有编制数12个”为 12 人',
    ]);
  });

  it('warns of a 楼堂馆所 project over its approved scale', () => {
    const f = base();
    f.buildings = [{ name: '办公用房维修', approvedArea: '100', actualArea: '120', budgetInvestment: '10', actualInvestment: '9' }];
    expect(findConsistencyProblems(f).map((x) => x.message)).toEqual(['楼堂馆所“办公用房维修”实际规模 120.00㎡ 超过批复规模 100.00㎡']);
  });
});
