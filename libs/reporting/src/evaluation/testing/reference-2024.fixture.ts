import { EvaluationContext, EvaluationJudgements } from '../evaluation-snapshot';
import { emptyFinanceInputs, FinanceInputs } from '../finance-inputs';
import { MetricFigure, plainFigure, rateFigure, yearPeriod } from '../metric-figure';

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

/** Figures made to give the reference's actual values (8 streets, 4 sessions, 93%, 96%, …). */
export function referenceFigures2024(): MetricFigure[] {
  const year = yearPeriod(2024);
  return [
    plainFigure('assessment.streets_assessed', '8', year),
    rateFigure('assessment.unit_quarter_coverage', '356', '356', year),
    plainFigure('training.sessions', '4', year),
    rateFigure('training.attendance_rate', '186', '200', year),
    rateFigure('system.failure_rate', '5270.4', '527040', year),
    plainFigure('system.maintenance_response_max_minutes', '95', year, {
      details: [{ label: '响应时间95%分位（分钟）', value: '60' }],
    }),
    rateFigure('incidents.on_time_rate', '4800', '5000', year),
    rateFigure('satisfaction.service_objects', '950', '1000', year),
    rateFigure('satisfaction.residents', '760', '800', year),
    plainFigure('roster.data_updates', '12345', year),
  ];
}

/** The centre's own judgements in the reference: texts of 实际完成值, grades, the override of 培训出勤率, deviations. */
export function referenceJudgements2024(): EvaluationJudgements {
  const achieved = (score: string) => ({ tier: 'achieved' as const, score, author: '龙利' });
  return {
    actuals: {
      'output.village_fee_coverage': { value: '33', display: '村级考核费用（32个村+白关社区）。' },
      'output.phone_fee_streets': { value: '8', display: '8个（包括白关、龙泉、董办、庆云、建设、枫溪、建宁、贺办）' },
      'output.business_training': { display: '网格员综合业务能力提高' },
      'output.basic_data_updates': { display: '规范化、标准化' },
      'output.equipment_quality': { display: '合格' },
      'output.procurement_rate': { value: '100' },
      'output.implementation_period': { display: '全年' },
      'benefit.system_efficiency': { display: '有效保证了信息化系统全年正常运转，未发生系统故障或信息安全事件。' },
      'benefit.worker_capability': { display: '提高综合素质' },
      'benefit.rules': { display: '逐步建立' },
      'benefit.mechanism': { display: '不断完善' },
      'benefit.task_flow': { display: '规范' },
      'cost.village_assessment_fee': { value: '19.8' },
      'cost.commissioned_fee': { value: '1' },
      'cost.equipment': { display: '合理比价，节约成本' },
    },
    grades: {
      'output.business_training': achieved('4'),
      'output.basic_data_updates': achieved('4'),
      'output.equipment_quality': achieved('5'),
      'output.implementation_period': achieved('5'),
      'benefit.system_efficiency': achieved('5'),
      'benefit.worker_capability': achieved('3'),
      'benefit.rules': achieved('3'),
      'benefit.mechanism': achieved('3'),
      'benefit.task_flow': achieved('3'),
      'cost.equipment': achieved('3'),
    },
    overrides: {
      'output.training_attendance': {
        score: '2',
        author: '龙利',
        reason: '线上培训出勤不足，按实际培训效果评定',
        at: '2025-10-14T02:00:00.000Z',
      },
    },
    deviations: {
      'output.business_training':
        '偏差原因：一方面严格执行预算，落实“过紧日子”要求,另一方面培训形式需要进一步丰富多样化。\n改进措施：\n线上线下相结合，理论与实际相结合。',
      'output.training_attendance': '偏差原因：线上培训由于网格员一人多岗，工作与培训时间冲突。',
      'output.basic_data_updates':
        '偏差原因：一方面居民的流动性大影响，另一方面网格员走访频率及录入方面影响。\n改进措施：加入网格提示内容，增加系统内检查频率，加强督促。',
    },
  };
}

export function referenceContext2024(): EvaluationContext {
  return {
    unitName: '株洲市芦淞区网格化管理服务中心',
    builtAt: '2025-10-14T02:00:00.000Z',
    goals: {
      expected:
        '始终紧密围绕人民群众的需求，继续推进网格化建设，持续改进工作方法，提升网格化服务管理水平，通过加强网格员队伍建设，加强网格内部的协同合作，引导和组织社区居民参与社区事务决策，更好地预测社区发展趋势，制定更科学、精准的网格化管理服务策略，社区居民的获得感和幸福感将得到进一步提升。',
      achieved:
        '2024年，在区委、区政府的正确领导和大力支持，区网格化管理服务中心全面贯彻落实党的二十大精神和上级决策部署，持续加强信息管理、走访巡查、问题处置、督查考核四大工作运行机制，打造共建共治共享的社会治理格局。',
    },
    footer: { preparer: '龙利', date: '2025.10.14', phone: '15873386679' },
  };
}
