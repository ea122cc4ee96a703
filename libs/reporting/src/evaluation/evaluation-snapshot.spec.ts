import { DomainError } from '../../../domain/src/errors/domain-error';
import { defaultIndicatorTemplate } from '../../../domain/src/evaluation/default-template-2024';
import { IndicatorTemplate } from '../../../domain/src/evaluation/indicator-template';
import { computeEvaluation, evaluationInputsHash, EvaluationJudgements, formatQuantity } from './evaluation-snapshot';
import { plainFigure, rateFigure, yearPeriod } from './metric-figure';
import {
  referenceContext2024,
  referenceFigures2024,
  referenceFinanceInputs2024,
  referenceJudgements2024,
} from './fixtures/reference-2024.fixture';

function reference(judgements: EvaluationJudgements = referenceJudgements2024(), template: IndicatorTemplate = defaultIndicatorTemplate()) {
  return computeEvaluation(template, referenceFinanceInputs2024(), referenceFigures2024(), judgements, referenceContext2024());
}

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('computeEvaluation on the reference year', () => {
  const snap = reference();
  const byName = (name: string) => snap.indicators.find((i) => i.name === name)!;

  it('takes the actual values from the figures and scores them', () => {
    expect(byName('开展考核考评工作涉及的镇（街道）数量')).toMatchObject({
      actual: { display: '8个', value: '8.00', origin: 'metric' },
      met: true,
      proposed: '5.00',
      final: '5.00',
    });
    expect(byName('开展全科网格员培训次数').actual.display).toBe('4次');
    expect(byName('服务保障工作完成及时率')).toMatchObject({ actual: { display: '96%' }, final: '3.00' });
    expect(byName('系统故障率')).toMatchObject({ actual: { display: '1%' }, final: '5.00' });
    expect(byName('系统运行维护响应时间').actual.display).toBe('95分钟');
    expect(byName('开展对8个镇（街道）、81个村（社区）的考核考评').actual.display).toBe('100%');
  });

  it('proposes 2.94 for 培训出勤率 and keeps the person’s override of 2 beside it', () => {
    expect(byName('培训出勤率')).toMatchObject({
      actual: { display: '93%', value: '93.00', origin: 'metric' },
      met: false,
      proposed: '2.94',
      override: { score: '2', author: '龙利' },
      final: '2.00',
      deviationReason: '偏差原因：线上培训由于网格员一人多岗，工作与培训时间冲突。',
    });
  });

  it('uses the manual texts and grades for qualitative indicators', () => {
    expect(byName('开展网格员业务培训')).toMatchObject({
      actual: { display: '网格员综合业务能力提高', value: null, origin: 'manual' },
      grade: { tier: 'achieved', score: '4' },
      proposed: '4.00',
      final: '4.00',
    });
    expect(byName('村级考核费用包含村数量')).toMatchObject({
      actual: { display: '村级考核费用（32个村+白关社区）。', value: '33.00', origin: 'manual' },
      final: '5.00',
    });
    expect(byName('村级考核费')).toMatchObject({ actual: { display: '19.8万元' }, final: '3.00' });
  });

  it('gives the reference totals: 100 / 97, with 78.11% and 7.81 apart, and 控制率 54.55%', () => {
    expect(snap.totals).toEqual({ maxScore: '100', indicatorScore: '97.00', budgetScore: '7.81', total: '97.00' });
    expect(snap.budget).toMatchObject({
      initialBudget: '248.94',
      budget: '239.32',
      executed: '186.94',
      weight: '10',
      rateDisplay: '78.11%',
      score: '7.81',
    });
    expect(snap.staffing).toEqual({ authorized: 11, actual: 6, rate: '0.5455', rateDisplay: '54.55%' });
  });

  it('lists the reference’s two contradictions as findings, and they block finalising', () => {
    expect(snap.findings.map((f) => f.code)).toEqual(['sum_mismatch', 'sum_mismatch', 'figure_stated_twice']);
    expect(snap.blockers).toHaveLength(3);
    expect(snap.blockers[2]).toContain('数据校验发现矛盾：同一数字填报了两个不同的值：公用经费');
  });

  it('keeps every input in the snapshot, frozen, without freezing the caller’s objects', () => {
    expect(snap.year).toBe(2024);
    expect(snap.unitName).toBe('株洲市芦淞区网格化管理服务中心');
    expect(snap.figures).toHaveLength(10);
    expect(snap.finance.control.publicFunds.currentFinal).toBe('83.84');
    expect(snap.template.firstLevels).toHaveLength(4);
    expect(Object.isFrozen(snap.indicators[0].actual)).toBe(true);
    expect(() => {
      (snap.totals as { total: string }).total = '100';
    }).toThrow(TypeError);
    const judgements = referenceJudgements2024();
    reference(judgements);
    expect(Object.isFrozen(judgements.grades)).toBe(false);
  });

  it('is deterministic and survives a JSON round trip', () => {
    const again = reference();
    expect(JSON.parse(JSON.stringify(again))).toEqual(JSON.parse(JSON.stringify(snap)));
  });
});

describe('computeEvaluation: judgements and gaps', () => {
  it('without the override proposes 97.94, and without deviations lists what blocks finalising', () => {
    const j = referenceJudgements2024();
    delete j.overrides;
    j.deviations = {};
    const snap = reference(j);
    expect(snap.totals.total).toBe('97.94');
    expect(snap.blockers.slice(0, 3)).toEqual([
      '“开展网格员业务培训”得分 4.00 低于分值 5，须填写偏差原因分析及改进措施',
      '“培训出勤率”得分 2.94 低于分值 3，须填写偏差原因分析及改进措施',
      '“更新基础信息数据”得分 4.00 低于分值 5，须填写偏差原因分析及改进措施',
    ]);
  });

  it('refuses a grade outside its tier and an override without reason, naming the indicator', () => {
    const j = referenceJudgements2024();
    j.grades!['output.business_training'] = { tier: 'partial', score: '4' };
    j.overrides!['output.training_attendance'].reason = '';
    const e = refusal(() => reference(j));
    expect(e.problems).toEqual([
      { field: 'judgements.grades.output.business_training', message: '“开展网格员业务培训”评为“部分达成”时得分应在 [3, 4) 之间，填写的是 4' },
      { field: 'judgements.overrides.output.training_attendance.reason', message: '“培训出勤率”调整得分须填写调整理由' },
    ]);
  });

  it('refuses judgements for unknown indicators, and grades for automatically scored ones', () => {
    const j = referenceJudgements2024();
    j.deviations!['no.such'] = '说明';
    j.grades!['output.training_attendance'] = { tier: 'achieved', score: '3' };
    expect(refusal(() => reference(j)).problems.map((p) => p.field)).toEqual([
      'judgements.grades.output.training_attendance',
      'judgements.deviations.no.such',
    ]);
  });

  it('refuses finance inputs of another year', () => {
    const e = refusal(() =>
      computeEvaluation(defaultIndicatorTemplate(2025), referenceFinanceInputs2024(), [], {}, referenceContext2024()),
    );
    expect(e.problems).toContainEqual({ field: 'finance.year', message: '财务数据的年度 2024 与指标模板的年度 2025 不一致' });
  });

  it('takes a manual value while a metric has no data, and says so', () => {
    const figures = referenceFigures2024().filter((f) => f.metric !== 'system.failure_rate');
    const j = referenceJudgements2024();
    j.actuals!['output.system_failure_rate'] = { value: '2.5' };
    const snap = computeEvaluation(defaultIndicatorTemplate(), referenceFinanceInputs2024(), figures, j, referenceContext2024());
    const ind = snap.indicators.find((i) => i.key === 'output.system_failure_rate')!;
    expect(ind).toMatchObject({ actual: { display: '2.5%', origin: 'manual' }, proposed: '3.75' });
    expect(snap.findings.find((f) => f.code === 'metric_missing')!.message).toBe(
      '“系统故障率”的取数指标“系统故障率”尚无数据，采用手工填写的实际完成值',
    );
    expect(snap.blockers).toContain('“系统故障率”得分 3.75 低于分值 5，须填写偏差原因分析及改进措施');
  });

  it('blocks an indicator without any actual value', () => {
    const figures = referenceFigures2024().filter((f) => f.metric !== 'incidents.on_time_rate');
    const snap = computeEvaluation(defaultIndicatorTemplate(), referenceFinanceInputs2024(), figures, referenceJudgements2024(), referenceContext2024());
    expect(snap.indicators.find((i) => i.key === 'output.service_on_time_rate')).toMatchObject({
      actual: { display: null, origin: 'none' },
      final: null,
    });
    expect(snap.blockers.slice(0, 2)).toEqual(['“服务保障工作完成及时率”缺少实际完成值', '“服务保障工作完成及时率”尚无得分']);
    expect(snap.totals.total).toBe('94.00');
  });

  it('flags a rate figure whose value does not match its numerator and denominator', () => {
    const figures = referenceFigures2024().map((f) => (f.metric === 'training.attendance_rate' ? { ...f, value: '0.93' } : f));
    const snap = computeEvaluation(defaultIndicatorTemplate(), referenceFinanceInputs2024(), figures, referenceJudgements2024(), referenceContext2024());
    expect(snap.findings.find((f) => f.code === 'figure_rate_mismatch')!.message).toBe(
      '取数指标“培训出勤率”的值 0.93% 与分子 186 / 分母 200 不符（应为 93.00%）',
    );
  });

  it("counts the budget score in 总分 when the template says 'included'", () => {
    const t = defaultIndicatorTemplate();
    t.budgetCounting = 'included';
    // 90 points of indicators: 效益 17 → 7 by keeping one 社会效益 indicator, at 2
    t.firstLevels[1].weight = '7';
    t.firstLevels[1].children[1].indicators = t.firstLevels[1].children[1].indicators.slice(0, 1);
    t.firstLevels[1].children[1].indicators[0].weight = '2';
    const j = referenceJudgements2024();
    for (const k of ['benefit.rules', 'benefit.mechanism', 'benefit.task_flow']) {
      delete j.actuals![k];
      delete j.grades![k];
    }
    j.grades!['benefit.worker_capability'] = { tier: 'achieved', score: '2' };
    const snap = reference(j, t);
    expect(snap.totals).toEqual({ maxScore: '100', indicatorScore: '87.00', budgetScore: '7.81', total: '94.81' });
  });

  it('shows quantities as the form does', () => {
    expect(formatQuantity('92.857142', '%')).toBe('92.86%');
    expect(formatQuantity('19.80', '万元')).toBe('19.8万元');
    expect(formatQuantity('120', '分钟')).toBe('120分钟');
  });

  it('builds figures that cannot confuse a ratio with a percentage', () => {
    expect(rateFigure('training.attendance_rate', 186, 200, yearPeriod(2024))).toMatchObject({
      value: '93',
      numerator: '186',
      denominator: '200',
      period: { from: '2024-01-01', to: '2024-12-31' },
    });
    expect(rateFigure('training.attendance_rate', 0, 0, yearPeriod(2024))).toMatchObject({ value: null, note: '分母为0，无法计算' });
    expect(() => plainFigure('training.attendance_rate', 1, yearPeriod(2024))).toThrow(TypeError);
  });
});

describe('evaluationInputsHash', () => {
  const hash = (figures = referenceFigures2024(), builtAt = '2025-10-14T02:00:00.000Z') =>
    evaluationInputsHash(defaultIndicatorTemplate(), referenceFinanceInputs2024(), figures, referenceJudgements2024(), {
      ...referenceContext2024(),
      builtAt,
    });

  it('is the same for the same inputs, whatever the build time or the order of figures and keys', () => {
    const reordered = referenceFigures2024()
      .reverse()
      .map((f) => Object.fromEntries(Object.entries(f).reverse()) as typeof f);
    expect(hash()).toMatch(/^[0-9a-f]{64}$/);
    expect(hash(reordered, '2026-01-01T00:00:00.000Z')).toBe(hash());
  });

  it('changes when any input changes', () => {
    const figures = referenceFigures2024();
    figures[2] = plainFigure('training.sessions', '5', yearPeriod(2024));
    expect(hash(figures)).not.toBe(hash());
  });
});
