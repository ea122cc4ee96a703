import { DomainError } from '../errors/domain-error';
import { defaultIndicatorTemplate } from './default-template-2024';
import { parseTemplate } from './template-shape';

function refusal(raw: unknown): DomainError {
  try {
    parseTemplate(raw, 2025);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('parseTemplate', () => {
  it('takes a template as JSON for the year asked, numbers as decimal strings, unknown fields dropped', () => {
    const raw = JSON.parse(JSON.stringify(defaultIndicatorTemplate(2024)));
    raw.extra = 'x';
    raw.firstLevels[0].weight = 64;
    raw.firstLevels[0].children[0].indicators[0].note = 'y';
    const t = parseTemplate(raw, 2025);
    expect(t.year).toBe(2025);
    expect(t.firstLevels[0].weight).toBe('64');
    expect(t).not.toHaveProperty('extra');
    expect(t.firstLevels[0].children[0].indicators[0]).not.toHaveProperty('note');
    expect(t.firstLevels[0].children[0].indicators[0].source).toEqual({ kind: 'metric', metric: 'assessment.streets_assessed' });
  });

  it('refuses a malformed document with the path of each bad field instead of failing on it', () => {
    expect(refusal('x').problems).toEqual([{ field: 'template', message: '指标模板应为对象' }]);
    const e = refusal({ budgetCounting: 'both', budgetWeight: '10', firstLevels: [{ name: '产出指标', weight: '64', children: [{ name: 'a', indicators: [{ key: 'k', name: 'n', weight: '5' }] }] }] });
    expect(e.problems.map((p) => p.field)).toEqual([
      'budgetCounting',
      'firstLevels[0].children[0].indicators[0].target',
      'firstLevels[0].children[0].indicators[0].source',
    ]);
    expect(e.message).toMatch(/^2025年度指标模板格式有误/);
  });

  it('then checks the sums like validateTemplate', () => {
    const raw = JSON.parse(JSON.stringify(defaultIndicatorTemplate(2024)));
    raw.firstLevels[3].weight = '10';
    expect(refusal(raw).problems).toEqual([
      { field: 'firstLevels[3].weight', message: '一级指标“成本指标”声明 10 分，其三级指标分值合计 9 分' },
      { field: 'firstLevels', message: '一级指标分值合计 101 分，指标应合计 100 分' },
    ]);
  });
});
