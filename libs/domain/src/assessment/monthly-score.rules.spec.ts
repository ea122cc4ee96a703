import { Dec } from '../common/decimal';
import { DomainError } from '../errors/domain-error';
import {
  assertMonthRecomputable,
  assessMonth,
  computeMonthlyScore,
  DEFAULT_SCORING_SCHEME,
  schemeForMonth,
  ScoringScheme,
  validateScoringScheme,
} from './monthly-score.rules';

const v1 = DEFAULT_SCORING_SCHEME;
const v2: ScoringScheme = { ...v1, version: 2, effectiveFrom: { year: 2024, month: 7 }, baseScore: new Dec(95), cap: new Dec(100) };

function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('monthly score', () => {
  it('is 100 minus the deductions plus documented adjustments, exact to the cent', () => {
    const s = computeMonthlyScore(v1, ['1.5', '0.5', '2.25'], [{ amount: '1', reason: '协助处置突发事件，经中心会议研究加分' }]);
    expect(s.totalDeduction.toFixed(2)).toBe('4.25');
    expect(s.totalAdjustment.toFixed(2)).toBe('1.00');
    expect(s.score.toFixed(2)).toBe('96.75');
    expect(s.schemeVersion).toBe(1);
    expect(s.bounded).toBeNull();
  });

  it('is 100 with no deduction, and decimal where floats would drift', () => {
    expect(computeMonthlyScore(v1, []).score.toFixed(2)).toBe('100.00');
    // 0.1 + 0.2 in floating point is 0.30000000000000004
    expect(computeMonthlyScore(v1, ['0.1', '0.2']).score.toString()).toBe('99.7');
  });

  it('is floored at 0 and capped when a cap is set', () => {
    const floored = computeMonthlyScore(v1, Array(25).fill('5'));
    expect(floored.rawScore.toString()).toBe('-25');
    expect(floored.score.toString()).toBe('0');
    expect(floored.bounded).toBe('floor');
    const capped = computeMonthlyScore(v2, [], [{ amount: '8', reason: '获区级表彰' }]);
    expect(capped.rawScore.toString()).toBe('103');
    expect(capped.score.toString()).toBe('100');
    expect(capped.bounded).toBe('cap');
    // without a cap an adjustment may lift a score above the base
    expect(computeMonthlyScore(v1, [], [{ amount: '3', reason: '获区级表彰' }]).score.toString()).toBe('103');
  });

  it('requires a reason for each adjustment and refuses them when the scheme does not allow them', () => {
    const e = caught(() => computeMonthlyScore(v1, [], [{ amount: '2', reason: ' ' }, { amount: '0', reason: '无' }]));
    expect(e.problems.map((p) => p.message)).toEqual(['第1项加减分：须填写依据或原因', '第2项加减分：分值须为非零、最多两位小数的数']);
    expect(caught(() => computeMonthlyScore(v1, [], [{ amount: '1.234', reason: '原因' }])).problems[0].field).toBe('adjustments[0].amount');
    expect(caught(() => computeMonthlyScore(v1, [], [{ amount: 'abc', reason: '原因' }])).code).toBe('VALIDATION');
    const strict = { ...v1, adjustmentsAllowed: false };
    expect(caught(() => computeMonthlyScore(strict, [], [{ amount: '1', reason: '原因' }])).message).toBe('加减分：计分方案第1版不允许加减分');
    expect(computeMonthlyScore(strict, ['1']).score.toString()).toBe('99');
  });

  it('picks the scheme version effective in the month, and records it', () => {
    expect(schemeForMonth([v1, v2], { year: 2024, month: 6 }).version).toBe(1);
    expect(schemeForMonth([v2, v1], { year: 2024, month: 7 }).version).toBe(2);
    const v3 = { ...v2, version: 3 };
    expect(schemeForMonth([v1, v2, v3], { year: 2024, month: 8 }).version).toBe(3);
    expect(caught(() => schemeForMonth([v2], { year: 2024, month: 6 })).message).toBe('2024年6月没有适用的考核计分方案');
    expect(computeMonthlyScore(schemeForMonth([v1, v2], { year: 2024, month: 7 }), ['1']).score.toString()).toBe('94');
  });

  it('validates a scheme', () => {
    expect(validateScoringScheme(v1)).toEqual([]);
    expect(validateScoringScheme(v2)).toEqual([]);
    const bad = { ...v1, version: 0, baseScore: new Dec('100.005'), floor: new Dec(-1), cap: new Dec('90.001') };
    expect(validateScoringScheme(bad).map((p) => p.field)).toEqual(['version', 'baseScore', 'floor', 'cap']);
    expect(validateScoringScheme({ ...v1, cap: new Dec(90) })).toEqual([{ field: 'cap', message: '最高分不能低于基础分' }]);
    expect(validateScoringScheme({ ...v1, floor: new Dec(101) })).toEqual([{ field: 'floor', message: '最低分不能高于基础分' }]);
  });

  it('scores only the workers active in the month, and does not give the others a 0', () => {
    const a = assessMonth(v1, { year: 2024, month: 6 }, [
      { workerId: 'w1', employment: [{ kind: 'hire', date: '2020-01-01' }], deductions: ['2'] },
      { workerId: 'hired-30-june', employment: [{ kind: 'hire', date: '2024-06-30' }], deductions: [] },
      { workerId: 'suspended-june', employment: [{ kind: 'hire', date: '2020-01-01' }, { kind: 'suspend', date: '2024-06-01' }, { kind: 'resume', date: '2024-07-01' }], deductions: [] },
      { workerId: 'left-may', employment: [{ kind: 'hire', date: '2020-01-01' }, { kind: 'leave', date: '2024-05-20' }], deductions: [] },
      { workerId: 'left-2-june', employment: [{ kind: 'hire', date: '2020-01-01' }, { kind: 'leave', date: '2024-06-02' }], deductions: ['1'] },
    ]);
    expect(a.schemeVersion).toBe(1);
    expect(a.results.map((r) => [r.workerId, r.score.toString()])).toEqual([
      ['w1', '98'],
      ['hired-30-june', '100'],
      ['left-2-june', '99'],
    ]);
    expect(a.notAssessed).toEqual(['suspended-june', 'left-may']);
  });

  it('never recomputes a published month', () => {
    expect(() => assertMonthRecomputable('draft', { year: 2024, month: 4 })).not.toThrow();
    const e = caught(() => assertMonthRecomputable('published', { year: 2024, month: 4 }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe('2024年4月考核结果已发布，不能重新计算');
  });
});
