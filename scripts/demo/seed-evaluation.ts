import { queryOne } from '@app/domain/database/sql';
import { findIndicator } from '@app/domain/evaluation/indicator-template';
import { loadJudgements, saveFinance, saveJudgement, yearTemplate } from '@app/reporting/evaluation/evaluation.store';
import { emptyFinanceInputs, FinanceInputs } from '@app/reporting/evaluation/finance-inputs';
import { applyJudgementChange, emptyJudgement, JudgementChange } from '@app/reporting/evaluation/judgement.rules';
import type { DemoSeeder } from './demo-context';

/**
 * The demo year's self-evaluation inputs, entered as the centre entered them for the reference (株洲市芦淞区
 * 网格化管理服务中心, 2024 自评报告): the finance figures of 附件1 and 附件2 with the figures its report text
 * states (two of which contradict the tables — the workbook's 数据校验 lists them), the form's details, and the
 * judgements a person makes: the texts of the manual 实际完成值, the grades of the qualitative indicators, the
 * override of 培训出勤率 and the 偏差原因. The template is the 2024 default. Every figure the operational data
 * give (培训次数, 出勤率, 镇街数, 及时率, …) is left to the build. Idempotent: what is already stored is kept.
 */
function demoFinance(year: number): FinanceInputs {
  const f = emptyFinanceInputs(year);
  const zero = () => ({ priorFinal: '0', currentBudget: '0', currentFinal: '0' });
  f.budget.total = { initialBudget: '248.94', budget: '239.32', executed: '186.94' };
  f.budget.income.generalPublic.budget = '239.32';
  f.budget.expense.basic.budget = '239.32';
  for (const k of ['threePublic', 'vehicle', 'vehiclePurchase', 'vehicleOperation', 'overseas', 'reception', 'project', 'utilitiesTravel'] as const) f.control[k] = zero();
  f.control.projectItems = [
    { name: '业务工作经费', amounts: { priorFinal: '34.85', currentBudget: '91.26', currentFinal: '0' } },
    { name: '运行维护经费', amounts: zero() },
    { name: '市级专项资金（一个专项一行）', amounts: zero() },
  ];
  f.control.publicFunds = { priorFinal: '12.19', currentBudget: '15.48', currentFinal: '83.84' };
  f.control.office = { priorFinal: '0.91', currentBudget: '2.2', currentFinal: '2.08' };
  f.control.meetingTraining = { priorFinal: '0', currentBudget: '0.3', currentFinal: '0.02' };
  f.control.procurement = { priorFinal: '26.70', currentBudget: '91.26', currentFinal: '24.66' };
  f.control.basicBudgetAdjustment = { priorFinal: null, currentBudget: '0', currentFinal: '0' };
  f.staffing = { authorized: 11, actual: 6 };
  f.narrative = [
    { figure: 'budget.total.initialBudget', value: '248.94', quote: `${year}年预算资金248.94万元` },
    { figure: 'budget.income.generalPublic.executed', value: '186.94', quote: '一般公共预算财政拨款收入186.94万元' },
    { figure: 'budget.expense.basic.executed', value: '186.94', quote: '基本支出186.94万元' },
    { figure: 'budget.expense.personnel.executed', value: '101.10', quote: '人员经费101.10万元' },
    { figure: 'budget.expense.publicFunds.executed', value: '85.84', quote: '公用经费85.84万元' },
    { figure: 'budget.expense.project.executed', value: '0', quote: '项目支出0万元' },
  ];
  return f;
}

const DETAILS = {
  unitName: '株洲市芦淞区网格化管理服务中心',
  goalsExpected:
    '始终紧密围绕人民群众的需求，继续推进网格化建设，持续改进工作方法，提升网格化服务管理水平，通过加强网格员队伍建设，加强网格内部的协同合作，引导和组织社区居民参与社区事务决策，更好地预测社区发展趋势，制定更科学、精准的网格化管理服务策略，社区居民的获得感和幸福感将得到进一步提升。',
  goalsAchieved:
    '在区委、区政府的正确领导和大力支持，区网格化管理服务中心全面贯彻落实党的二十大精神和上级决策部署，持续加强信息管理、走访巡查、问题处置、督查考核四大工作运行机制，打造共建共治共享的社会治理格局。',
  preparer: '龙利',
  fillDate: '2025.10.14',
  phone: '15873386679',
};

const achieved = (score: string) => ({ tier: 'achieved' as const, score });

/** What the centre's staff enter per indicator (the reference's own wording). */
const JUDGEMENTS: Array<[string, JudgementChange]> = [
  ['output.village_fee_coverage', { manualValue: '33', manualDisplay: '村级考核费用（32个村+白关社区）。' }],
  ['output.phone_fee_streets', { manualValue: '8', manualDisplay: '8个（包括白关、龙泉、董办、庆云、建设、枫溪、建宁、贺办）' }],
  [
    'output.business_training',
    {
      manualDisplay: '网格员综合业务能力提高',
      grade: achieved('4'),
      deviationReason: '偏差原因：一方面严格执行预算，落实“过紧日子”要求,另一方面培训形式需要进一步丰富多样化。\n改进措施：\n线上线下相结合，理论与实际相结合。',
    },
  ],
  [
    'output.training_attendance',
    { override: { score: '2', reason: '线上培训出勤明显偏低，按实际培训效果评定' }, deviationReason: '偏差原因：线上培训由于网格员一人多岗，工作与培训时间冲突。' },
  ],
  [
    'output.basic_data_updates',
    {
      manualDisplay: '规范化、标准化',
      grade: achieved('4'),
      deviationReason: '偏差原因：一方面居民的流动性大影响，另一方面网格员走访频率及录入方面影响。\n改进措施：加入网格提示内容，增加系统内检查频率，加强督促。',
    },
  ],
  ['output.equipment_quality', { manualDisplay: '合格', grade: achieved('5') }],
  ['output.procurement_rate', { manualValue: '100' }],
  ['output.implementation_period', { manualDisplay: '全年', grade: achieved('5') }],
  ['benefit.system_efficiency', { manualDisplay: '有效保证了信息化系统全年正常运转，未发生系统故障或信息安全事件。', grade: achieved('5') }],
  ['benefit.worker_capability', { manualDisplay: '提高综合素质', grade: achieved('3') }],
  ['benefit.rules', { manualDisplay: '逐步建立', grade: achieved('3') }],
  ['benefit.mechanism', { manualDisplay: '不断完善', grade: achieved('3') }],
  ['benefit.task_flow', { manualDisplay: '规范', grade: achieved('3') }],
  ['cost.village_assessment_fee', { manualValue: '19.8' }],
  ['cost.commissioned_fee', { manualValue: '1' }],
  ['cost.equipment', { manualDisplay: '合理比价，节约成本', grade: achieved('3') }],
];

export const evaluationSeeder: DemoSeeder = {
  name: 'evaluation',
  async seed(ctx) {
    const year = ctx.year;
    const staff = await queryOne<{ id: number; display_name: string }>(ctx.db, `SELECT id, display_name FROM app_user WHERE username = 'staff'`);
    const by = { author: staff?.display_name ?? '中心工作人员', at: `${year + 1}-01-10T02:00:00.000Z` };
    let entered = 0;
    await ctx.db.transaction(async (em) => {
      const { template } = await yearTemplate(em, year);
      const hasFinance = await queryOne(em, `SELECT 1 FROM evaluation_finance WHERE year = $1`, [year]);
      if (!hasFinance) {
        await saveFinance(em, demoFinance(year), 'seed', staff?.id ?? null);
        entered++;
      }
      const inserted = await queryOne(
        em,
        `INSERT INTO evaluation_year (year, unit_name, goals_expected, goals_achieved, preparer, fill_date, phone, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (year) DO NOTHING RETURNING year`,
        [year, DETAILS.unitName, DETAILS.goalsExpected, `${year}年，${DETAILS.goalsAchieved}`, DETAILS.preparer, DETAILS.fillDate, DETAILS.phone, staff?.id ?? null],
      );
      if (inserted) entered++;
      const stored = new Set((await loadJudgements(em, year)).map((j) => j.key));
      for (const [key, change] of JUDGEMENTS) {
        const indicator = findIndicator(template, key);
        if (!indicator || stored.has(key)) continue;
        await saveJudgement(em, year, applyJudgementChange(indicator, emptyJudgement(key), change, by), staff?.id ?? null);
        entered++;
      }
    });
    ctx.log(`evaluation: ${year} template, finance inputs, details and ${JUDGEMENTS.length} judgements (${entered} new entries)`);
  },
};
