import { DomainError } from '../errors/domain-error';
import {
  assertCheckableOn,
  checkDeduction,
  DEFAULT_CHECK_ITEMS,
  problemCount,
  validateCheckItemDefinition,
  validateSpotCheckItems,
} from './check-items';

function problemsOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('check-item catalogue', () => {
  it('has about eight default items with sane bounds and unique codes', () => {
    expect(DEFAULT_CHECK_ITEMS.length).toBe(8);
    expect(new Set(DEFAULT_CHECK_ITEMS.map((i) => i.code)).size).toBe(8);
    expect(DEFAULT_CHECK_ITEMS.map((i) => i.name)).toEqual(
      expect.arrayContaining(['入户走访记录', '基础信息录入质量', '事件上报及时性', '巡查日志', '服务事项办理', '信息安全与保密']),
    );
    for (const i of DEFAULT_CHECK_ITEMS) {
      expect(validateCheckItemDefinition(i)).toEqual([]);
      expect(i.minDeduction.lte(i.maxDeduction)).toBe(true);
    }
  });

  it('rejects an edited item with inverted or malformed bounds', () => {
    const problems = validateCheckItemDefinition({ code: 'Bad code', name: ' ', minDeduction: '3', maxDeduction: '1.005' });
    expect(problems.map((p) => p.field).sort()).toEqual(['code', 'maxDeduction', 'name']);
    expect(validateCheckItemDefinition({ code: 'x_item', name: '测试', minDeduction: '3', maxDeduction: '2' })).toEqual([
      { field: 'maxDeduction', message: '最高扣分不能低于最低扣分' },
    ]);
    expect(validateCheckItemDefinition({ code: 'x_item', name: '测试', minDeduction: '-1', maxDeduction: '2' })[0].field).toBe(
      'minDeduction',
    );
  });
});

describe('spot-check item results', () => {
  const day = '2024-04-01';

  it('accepts passed and failed items and normalises them', () => {
    const out = validateSpotCheckItems(day, [
      { itemCode: 'home_visit', passed: true },
      { itemCode: 'patrol_log', passed: false, deduction: '1.5', problem: '  4月巡查日志缺3天  ', rectificationRequired: true, rectificationDeadline: '2024-04-01' },
      { itemCode: 'base_data_quality', passed: false, deduction: 2, problem: '房屋信息未更新' },
    ]);
    expect(out[0]).toMatchObject({ itemName: '入户走访记录', passed: true, problem: null, rectificationRequired: false });
    expect(out[0].deduction.toString()).toBe('0');
    expect(out[1]).toMatchObject({ itemName: '巡查日志', problem: '4月巡查日志缺3天', rectificationDeadline: '2024-04-01' });
    expect(out[2].rectificationRequired).toBe(false);
    expect(checkDeduction(out).toFixed(2)).toBe('3.50');
    expect(problemCount(out)).toBe(2);
  });

  it('accepts a deduction exactly on either bound', () => {
    const out = validateSpotCheckItems(day, [
      { itemCode: 'home_visit', passed: false, deduction: '0.5', problem: '少记1户' },
      { itemCode: 'patrol_log', passed: false, deduction: '3', problem: '日志空白' },
    ]);
    expect(checkDeduction(out).toString()).toBe('3.5');
  });

  it('refuses a deduction outside the bounds, naming the item and the bounds', () => {
    const e = problemsOf(() => validateSpotCheckItems(day, [{ itemCode: 'patrol_log', passed: false, deduction: '3.5', problem: '无日志' }]));
    expect(e.code).toBe('VALIDATION');
    expect(e.problems).toEqual([
      { field: 'items[0].deduction', message: '检查项「巡查日志」的扣分：应在 0.50 至 3.00 分之间，填写的是 3.5' },
    ]);
    expect(e.message).toContain('巡查日志');
    const low = problemsOf(() => validateSpotCheckItems(day, [{ itemCode: 'information_security', passed: false, deduction: '0.5', problem: '账号外借' }]));
    expect(low.problems[0].message).toContain('1.00 至 5.00');
  });

  it('refuses a failed item without deduction or problem, and a deduction with three decimals', () => {
    const e = problemsOf(() =>
      validateSpotCheckItems(day, [
        { itemCode: 'home_visit', passed: false, problem: '' },
        { itemCode: 'service_items', passed: false, deduction: '1.255', problem: '超时' },
      ]),
    );
    expect(e.problems.map((p) => p.field)).toEqual(['items[0].deduction', 'items[0].problem', 'items[1].deduction']);
    expect(e.problems[1].message).toBe('检查项「入户走访记录」的问题描述：不合格项须填写问题描述');
    expect(e.problems[2].message).toContain('最多两位小数');
  });

  it('refuses a deduction or a rectification demand on a passed item', () => {
    const e = problemsOf(() =>
      validateSpotCheckItems(day, [{ itemCode: 'home_visit', passed: true, deduction: '1', rectificationRequired: true, rectificationDeadline: '2024-04-05' }]),
    );
    expect(e.problems.map((p) => p.message)).toEqual([
      '检查项「入户走访记录」的扣分：合格项不扣分，扣分应为0',
      '检查项「入户走访记录」为合格，不能提出整改要求',
    ]);
    // a zero given explicitly is fine
    expect(validateSpotCheckItems(day, [{ itemCode: 'home_visit', passed: true, deduction: '0.00' }])[0].deduction.isZero()).toBe(true);
  });

  it('requires a deadline not before the check day for a rectification demand', () => {
    const missing = problemsOf(() =>
      validateSpotCheckItems(day, [{ itemCode: 'patrol_log', passed: false, deduction: 1, problem: 'x', rectificationRequired: true }]),
    );
    expect(missing.problems[0]).toEqual({
      field: 'items[0].rectificationDeadline',
      message: '检查项「巡查日志」的整改期限：提出整改要求须填写整改期限',
    });
    const early = problemsOf(() =>
      validateSpotCheckItems(day, [
        { itemCode: 'patrol_log', passed: false, deduction: 1, problem: 'x', rectificationRequired: true, rectificationDeadline: '2024-03-31' },
      ]),
    );
    expect(early.problems[0].message).toBe('检查项「巡查日志」的整改期限：不能早于抽查日期（2024-04-01）');
    const bogus = problemsOf(() =>
      validateSpotCheckItems(day, [
        { itemCode: 'patrol_log', passed: false, deduction: 1, problem: 'x', rectificationRequired: true, rectificationDeadline: '2024-02-30' },
      ]),
    );
    expect(bogus.problems[0].message).toContain('不是有效日期');
    const stray = problemsOf(() =>
      validateSpotCheckItems(day, [{ itemCode: 'patrol_log', passed: false, deduction: 1, problem: 'x', rectificationDeadline: '2024-04-03' }]),
    );
    expect(stray.problems[0].message).toContain('未提出整改要求');
  });

  it('refuses unknown, retired and repeated items, an empty check, and a future day', () => {
    const retired = DEFAULT_CHECK_ITEMS.map((i) => (i.code === 'special_tasks' ? { ...i, active: false } : i));
    const e = problemsOf(() =>
      validateSpotCheckItems(
        day,
        [
          { itemCode: 'nope', passed: true },
          { itemCode: 'special_tasks', passed: true },
          { itemCode: 'home_visit', passed: true },
          { itemCode: 'home_visit', passed: true },
        ],
        retired,
      ),
    );
    expect(e.problems.map((p) => p.message)).toEqual([
      '第1项：检查项「nope」不在检查项目录中',
      '检查项「专项任务完成情况」已停用，不能用于新的抽查',
      '检查项「入户走访记录」重复填写',
    ]);
    expect(problemsOf(() => validateSpotCheckItems(day, [])).message).toBe('检查项：至少填写一个检查项的结果');
    expect(problemsOf(() => validateSpotCheckItems('2024-04-02', [{ itemCode: 'home_visit', passed: true }], DEFAULT_CHECK_ITEMS, { today: day })).message).toBe(
      '抽查日期：不能晚于今天（2024-04-01）',
    );
  });

  it('only lets a worker be checked on a day they were in service', () => {
    const history = [
      { kind: 'hire' as const, date: '2024-01-01' },
      { kind: 'suspend' as const, date: '2024-06-01' },
    ];
    expect(() => assertCheckableOn('张三', history, '2024-05-31')).not.toThrow();
    expect(() => assertCheckableOn('张三', history, '2024-06-01')).toThrow('网格员张三在 2024-06-01 不在岗');
  });
});
