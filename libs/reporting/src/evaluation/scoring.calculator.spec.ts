import { DomainError } from '../../../domain/src/errors/domain-error';
import {
  budgetExecution,
  checkGrade,
  checkOverride,
  controlRate,
  evaluationTotals,
  finalScore,
  gradeBounds,
  listFinalisationBlockers,
  scoreQuantitative,
  staffingControl,
  targetMet,
  tierOf,
  validateOverride,
} from './scoring.calculator';

const score = (
  rule: 'proportional' | 'inverse' | 'exact' | 'all_or_nothing',
  direction: 'gte' | 'lte' | 'eq',
  target: string,
  actual: string,
  weight: string,
) => scoreQuantitative({ rule, direction, target, actual, weight }).score.toFixed(2);

describe('≥ targets (proportional)', () => {
  it('proposes 2.94 for the reference attendance, 93% against ≥95% with 分值 3 (the centre gave 2)', () => {
    const r = scoreQuantitative({ rule: 'proportional', direction: 'gte', target: '95', actual: '93', weight: '3' });
    expect(r.met).toBe(false);
    expect(r.raw.toFixed(6)).toBe('2.936842');
    expect(r.score.toFixed(2)).toBe('2.94');
  });

  it('gives full marks when the target is met or exceeded: 4 sessions against ≥2', () => {
    expect(score('proportional', 'gte', '2', '4', '5')).toBe('5.00');
    expect(score('proportional', 'gte', '95', '95', '5')).toBe('5.00');
  });

  it('gives 0 for an actual of 0', () => {
    expect(score('proportional', 'gte', '95', '0', '5')).toBe('0.00');
  });

  it('rounds half up on the shown score: 5 × 90.3 / 95 = 4.7526… → 4.75', () => {
    expect(score('proportional', 'gte', '95', '90.3', '5')).toBe('4.75');
    // 3 × 94.05 / 95 = 2.97 exactly; 3 × 94.0675 / 95 = 2.970552… → 2.97; 3 × 94.2175 / 95 = 2.975289… → 2.98
    expect(score('proportional', 'gte', '95', '94.05', '3')).toBe('2.97');
    expect(score('proportional', 'gte', '95', '94.2175', '3')).toBe('2.98');
  });

  it('rounds an exact half up where floats would not: 分值 1 × 0.705 / 1 = 0.705 → 0.71', () => {
    expect(0.705.toFixed(2)).toBe('0.70');
    expect(score('proportional', 'gte', '1', '0.705', '1')).toBe('0.71');
  });
});

describe('≤ targets (inverse)', () => {
  it('gives full marks at or under the target: failure rate 1% against ≤2%', () => {
    expect(score('inverse', 'lte', '2', '1', '5')).toBe('5.00');
    expect(score('inverse', 'lte', '120', '120', '3')).toBe('3.00');
  });

  it('scores 分值 × (1 − (actual − target) / target) above it: 150 minutes against ≤120 with 分值 3 → 2.25', () => {
    expect(score('inverse', 'lte', '120', '150', '3')).toBe('2.25');
    expect(score('inverse', 'lte', '2', '2.5', '5')).toBe('3.75');
  });

  it('gives 0 from twice the target on', () => {
    expect(score('inverse', 'lte', '2', '3.99', '5')).toBe('0.03');
    expect(score('inverse', 'lte', '2', '4', '5')).toBe('0.00');
    expect(score('inverse', 'lte', '2', '9', '5')).toBe('0.00');
  });

  it('gives 0 above a target of 0', () => {
    expect(score('inverse', 'lte', '0', '0', '5')).toBe('5.00');
    expect(score('inverse', 'lte', '0', '0.1', '5')).toBe('0.00');
  });
});

describe('= targets (exact)', () => {
  it('scores as ≥: 7 of 8 streets with 分值 5 → 4.38, 8 of 8 → 5', () => {
    expect(score('exact', 'eq', '8', '7', '5')).toBe('4.38');
    expect(score('exact', 'eq', '8', '8', '5')).toBe('5.00');
  });

  it('gives full marks for a target of 0 only at 0', () => {
    expect(score('exact', 'eq', '0', '0', '5')).toBe('5.00');
    expect(score('exact', 'eq', '0', '1', '5')).toBe('0.00');
  });
});

describe('all or nothing', () => {
  it('gives full marks when met in the direction, else 0', () => {
    expect(score('all_or_nothing', 'gte', '95', '94.99', '5')).toBe('0.00');
    expect(score('all_or_nothing', 'lte', '19.8', '19.8', '3')).toBe('3.00');
    expect(targetMet('eq', '0', '0.01')).toBe(false);
  });
});

describe('qualitative tiers', () => {
  it('spans 达成 [80%, 100%], 部分达成 [60%, 80%), 未达成 [0, 60%) of 分值', () => {
    const b = gradeBounds('partial', '5');
    expect([b.min.toString(), b.max.toString(), b.maxInclusive]).toEqual(['3', '4', false]);
    expect(checkGrade('achieved', '4', '5')).toBeNull();
    expect(checkGrade('achieved', '5', '5')).toBeNull();
    expect(checkGrade('partial', '3.99', '5')).toBeNull();
    expect(checkGrade('not_achieved', '0', '5')).toBeNull();
  });

  it('refuses a score outside its tier, naming the range', () => {
    expect(checkGrade('partial', '4', '5')).toBe('评为“部分达成”时得分应在 [3, 4) 之间，填写的是 4');
    expect(checkGrade('achieved', '2.3', '3')).toBe('评为“达成”时得分应在 [2.4, 3] 之间，填写的是 2.3');
    expect(checkGrade('achieved', '3.5', '3')).toBe('评为“达成”时得分应在 [2.4, 3] 之间，填写的是 3.5');
    expect(checkGrade('achieved', '4.555', '5')).toBe('得分“4.555”无效（应为非负数，最多两位小数）');
  });

  it('finds the tier of a score', () => {
    expect(tierOf('4', '5')).toBe('achieved');
    expect(tierOf('3.99', '5')).toBe('partial');
    expect(tierOf('1.79', '3')).toBe('not_achieved');
  });
});

describe('overrides', () => {
  it('replaces the proposed score and keeps both', () => {
    const override = { score: '2', author: '龙利', reason: '线上培训与工作时间冲突，按实际效果评定' };
    expect(validateOverride(override, '3')).toBe(override);
    expect(finalScore('2.94', override)).toBe('2.00');
    expect(finalScore('2.94', null)).toBe('2.94');
  });

  it('requires a reason and an author', () => {
    expect(checkOverride({ score: '2', author: '', reason: ' ' }, '3')).toEqual([
      { field: 'override.author', message: '调整得分须注明调整人' },
      { field: 'override.reason', message: '调整得分须填写调整理由' },
    ]);
    expect(() => validateOverride({ score: '2', author: '龙利', reason: '' }, '3')).toThrow(DomainError);
  });

  it('refuses a score above 分值 or with more than two decimals', () => {
    expect(checkOverride({ score: '3.5', author: '龙利', reason: '理由' }, '3')[0].message).toBe(
      '调整后的得分 3.5 超过分值 3',
    );
    expect(checkOverride({ score: '2.945', author: '龙利', reason: '理由' }, '3')[0].field).toBe('override.score');
  });
});

describe('budget execution', () => {
  it('gives the reference: 186.94 / 239.32 → 78.11%, 得分 7.81', () => {
    expect(budgetExecution('239.32', '186.94')).toEqual({
      weight: '10',
      rate: '0.7811',
      rateDisplay: '78.11%',
      capped: false,
      score: '7.81',
    });
  });

  it('caps execution above the budget at 100%', () => {
    expect(budgetExecution('100', '120.5')).toMatchObject({ rate: '1.0000', rateDisplay: '100.00%', capped: true, score: '10.00' });
  });

  it('takes a configurable 分值', () => {
    expect(budgetExecution('239.32', '186.94', '20').score).toBe('15.62');
  });

  it('has no rate without a budget', () => {
    expect(budgetExecution('0', '5').rate).toBeNull();
    expect(budgetExecution(null, '5').score).toBeNull();
  });
});

describe('控制率', () => {
  it('gives the reference: 6 / 11 → 54.55%', () => {
    expect(staffingControl(11, 6)).toEqual({ rate: '0.5455', rateDisplay: '54.55%' });
  });

  it('is not capped and needs 编制数', () => {
    expect(staffingControl(4, 5).rateDisplay).toBe('125.00%');
    expect(staffingControl(0, 5).rate).toBeNull();
    expect(controlRate('1200', '1000')?.rateDisplay).toBe('120.00%');
  });
});

describe('总分', () => {
  const indicators = [
    { weight: '3', final: '2.94' },
    { weight: '5', final: '5.00' },
    { weight: '2', final: '1.005' },
  ];

  it('sums the shown indicator scores; the budget stands apart when separate', () => {
    expect(evaluationTotals(indicators, { weight: '10', score: '7.81' }, 'separate')).toEqual({
      maxScore: '10',
      indicatorScore: '8.95',
      budgetScore: '7.81',
      total: '8.95',
    });
  });

  it('counts the budget score in the total when included', () => {
    expect(evaluationTotals(indicators, { weight: '10', score: '7.81' }, 'included')).toEqual({
      maxScore: '20',
      indicatorScore: '8.95',
      budgetScore: '7.81',
      total: '16.76',
    });
  });
});

describe('finalising', () => {
  const base = { qualitative: false, hasActual: true, deviationReason: null };

  it('blocks a score below 分值 without 偏差原因分析及改进措施', () => {
    expect(
      listFinalisationBlockers([{ ...base, key: 'a', name: '培训出勤率', weight: '3', final: '2.94' }], { score: '7.81' }),
    ).toEqual(['“培训出勤率”得分 2.94 低于分值 3，须填写偏差原因分析及改进措施']);
    expect(
      listFinalisationBlockers(
        [{ ...base, key: 'a', name: '培训出勤率', weight: '3', final: '2.94', deviationReason: '工作与培训时间冲突' }],
        { score: '7.81' },
      ),
    ).toEqual([]);
  });

  it('blocks missing actual values, ungraded qualitative indicators and a missing budget rate', () => {
    expect(
      listFinalisationBlockers(
        [
          { ...base, key: 'a', name: '系统故障率', weight: '5', hasActual: false, final: null },
          { ...base, key: 'b', name: '开展网格员业务培训', weight: '5', qualitative: true, final: null },
          { ...base, key: 'c', name: '实施期', weight: '5', final: '5.00' },
        ],
        { score: null },
      ),
    ).toEqual([
      '“系统故障率”缺少实际完成值',
      '“系统故障率”尚无得分',
      '“开展网格员业务培训”尚未评定等级和得分',
      '缺少全年预算数或全年执行数，无法计算预算执行率',
    ]);
  });
});
