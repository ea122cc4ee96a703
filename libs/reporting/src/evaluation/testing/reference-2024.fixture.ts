import { emptyFinanceInputs, FinanceInputs } from '../finance-inputs';

/**
 * Test inputs only: the finance figures of the reference (株洲市芦淞区网格化管理服务中心, 2024), as its 附件1 and
 * 附件2 state them, with the figures its report text states. Used by the specs as golden inputs; product code
 * never reads this.
 */
export function referenceFinanceInputs2024(): FinanceInputs {
  const f = emptyFinanceInputs(2024);
  const z = () => ({ priorFinal: '0', currentBudget: '0', currentFinal: '0' });
  f.budget.total = { initialBudget: '248.94', budget: '239.32', executed: '186.94' };
  f.budget.income.generalPublic.budget = '239.32';
  f.budget.expense.basic.budget = '239.32';
  f.control.threePublic = z();
  f.control.vehicle = z();
  f.control.vehiclePurchase = z();
  f.control.vehicleOperation = z();
  f.control.overseas = z();
  f.control.reception = z();
  f.control.project = z();
  f.control.projectItems = [
    { name: '业务工作经费', amounts: { priorFinal: '34.85', currentBudget: '91.26', currentFinal: '0' } },
    { name: '运行维护经费', amounts: z() },
    { name: '市级专项资金（一个专项一行）', amounts: z() },
  ];
  f.control.publicFunds = { priorFinal: '12.19', currentBudget: '15.48', currentFinal: '83.84' };
  f.control.office = { priorFinal: '0.91', currentBudget: '2.2', currentFinal: '2.08' };
  f.control.utilitiesTravel = z();
  f.control.meetingTraining = { priorFinal: '0', currentBudget: '0.3', currentFinal: '0.02' };
  f.control.procurement = { priorFinal: '26.70', currentBudget: '91.26', currentFinal: '24.66' };
  f.control.basicBudgetAdjustment = { priorFinal: null, currentBudget: '0', currentFinal: '0' };
  f.staffing = { authorized: 11, actual: 6 };
  f.narrative = [
    { figure: 'budget.total.initialBudget', value: '248.94', quote: '2024年预算资金248.94万元' },
    { figure: 'budget.income.generalPublic.executed', value: '186.94', quote: '一般公共预算财政拨款收入186.94万元' },
    { figure: 'budget.total.executed', value: '186.94', quote: '一般公共预算财政拨款支出186.94万元' },
    { figure: 'budget.expense.project.executed', value: '0', quote: '项目支出0万元' },
    { figure: 'budget.expense.basic.executed', value: '186.94', quote: '基本支出186.94万元' },
    { figure: 'budget.expense.personnel.executed', value: '101.10', quote: '人员经费101.10万元' },
    { figure: 'budget.expense.publicFunds.executed', value: '85.84', quote: '公用经费85.84万元' },
    { figure: 'staffing.authorized', value: '11', quote: '共有编制数11个' },
    { figure: 'staffing.actual', value: '6', quote: '单位实际在职在编人员6人' },
  ];
  return f;
}
