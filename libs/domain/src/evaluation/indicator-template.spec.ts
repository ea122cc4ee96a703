import { DomainError } from '../errors/domain-error';
import { defaultIndicatorTemplate } from './default-template-2024';
import {
  checkTemplate,
  copyTemplateToYear,
  expectedIndicatorTotal,
  firstLevelLabel,
  formatTargetDisplay,
  IndicatorTemplate,
  validateTemplate,
} from './indicator-template';
import { METRIC_DEFINITIONS, METRIC_NAMES } from './metric-catalogue';

function small(overrides: Partial<IndicatorTemplate> = {}): IndicatorTemplate {
  return {
    year: 2024,
    budgetCounting: 'separate',
    budgetWeight: '10',
    firstLevels: [
      {
        name: '产出指标',
        weight: '60',
        children: [
          {
            name: '数量指标',
            indicators: [
              {
                key: 'a.sessions',
                name: '培训次数',
                target: { direction: 'gte', value: '2', unit: '次', display: '≥2次' },
                weight: '30',
                source: { kind: 'metric', metric: 'training.sessions' },
              },
              {
                key: 'a.quality',
                name: '培训质量',
                target: { direction: 'qualitative', value: null, unit: '', display: '提升' },
                weight: '30',
                source: { kind: 'manual' },
              },
            ],
          },
        ],
      },
      {
        name: '满意度指标',
        weight: '40',
        children: [
          {
            name: '服务对象满意度指标',
            indicators: [
              {
                key: 'b.satisfaction',
                name: '满意度',
                target: { direction: 'gte', value: '95', unit: '%', display: '≥95%' },
                weight: '40',
                source: { kind: 'metric', metric: 'satisfaction.residents' },
              },
            ],
          },
        ],
      },
    ],
    ...overrides,
  };
}

function refusal(template: IndicatorTemplate): DomainError {
  try {
    validateTemplate(template);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('the template was accepted');
}

describe('indicator template', () => {
  it('accepts a template whose weights add up to 100', () => {
    expect(checkTemplate(small())).toEqual([]);
    expect(validateTemplate(small()).year).toBe(2024);
  });

  it('refuses a 一级 whose 三级 weights do not add up to its declared weight, showing both sums', () => {
    const t = small();
    t.firstLevels[0].children[0].indicators[1].weight = '29';
    const e = refusal(t);
    expect(e.code).toBe('VALIDATION');
    expect(e.problems).toEqual([{ field: 'firstLevels[0].weight', message: '一级指标“产出指标”声明 60 分，其三级指标分值合计 59 分' }]);
    expect(e.message).toContain('2024年度指标模板有误');
  });

  it('refuses a template whose total is not 100, showing the total', () => {
    const t = small();
    t.firstLevels[1].weight = '30';
    t.firstLevels[1].children[0].indicators[0].weight = '30';
    expect(refusal(t).problems).toEqual([{ field: 'firstLevels', message: '一级指标分值合计 90 分，指标应合计 100 分' }]);
  });

  it("expects 90 points of indicators when the budget's 10 count in the total", () => {
    expect(expectedIndicatorTotal({ budgetCounting: 'included', budgetWeight: '10' }).toString()).toBe('90');
    expect(refusal(small({ budgetCounting: 'included' })).problems).toEqual([
      { field: 'firstLevels', message: '一级指标分值合计 100 分，预算执行率 10 分计入总分，指标应合计 90 分' },
    ]);
    const t = small({ budgetCounting: 'included' });
    t.firstLevels[1].weight = '30';
    t.firstLevels[1].children[0].indicators[0].weight = '30';
    expect(checkTemplate(t)).toEqual([]);
  });

  it('refuses bad weights, targets, keys, units and sources field by field', () => {
    const t = small();
    const [sessions, quality] = t.firstLevels[0].children[0].indicators;
    sessions.weight = '-3';
    sessions.target = { direction: 'gte', value: null, unit: '次', display: '≥2次' };
    quality.key = 'a.sessions';
    quality.target = { direction: 'qualitative', value: '1', unit: '', display: '' };
    quality.scoring = 'proportional';
    const sat = t.firstLevels[1].children[0].indicators[0];
    sat.target.unit = '个';
    const problems = checkTemplate(t);
    expect(problems.map((p) => p.field)).toEqual([
      'firstLevels[0].children[0].indicators[0].weight',
      'firstLevels[0].children[0].indicators[0].target.value',
      'firstLevels[0].children[0].indicators[1].target.display',
      'firstLevels[0].children[0].indicators[1].target.value',
      'firstLevels[0].children[0].indicators[1].scoring',
      'firstLevels[0].children[0].indicators[1].key',
      'firstLevels[1].children[0].indicators[0].target.unit',
    ]);
    expect(problems[0].message).toBe('三级指标“培训次数”的分值无效：-3（应为正数，最多两位小数）');
    expect(problems[5].message).toBe('三级指标标识“a.sessions”重复（“培训次数”与“培训质量”）');
    expect(problems[6].message).toBe('三级指标“满意度”的单位“个”与取数指标的单位“%”不一致');
  });

  it('refuses an unknown metric name', () => {
    const t = small();
    (t.firstLevels[1].children[0].indicators[0].source as { metric: string }).metric = 'no.such';
    expect(checkTemplate(t)).toEqual([
      {
        field: 'firstLevels[1].children[0].indicators[0].source.metric',
        message: '三级指标“满意度”的取数指标“no.such”不存在',
      },
    ]);
  });

  it('copies a template to a new year, deeply, keeping the keys', () => {
    const t2024 = defaultIndicatorTemplate();
    const t2025 = copyTemplateToYear(t2024, 2025);
    expect(t2025.year).toBe(2025);
    t2025.firstLevels[0].children[0].indicators[0].name = '改过的';
    expect(t2024.firstLevels[0].children[0].indicators[0].name).toBe('开展考核考评工作涉及的镇（街道）数量');
    expect(t2025.firstLevels[0].children[0].indicators[0].key).toBe(t2024.firstLevels[0].children[0].indicators[0].key);
    expect(() => copyTemplateToYear(t2024, 2024)).toThrow('2024年度的指标模板不能复制到同一年度');
  });

  it('shows targets and 一级 weights as the form does', () => {
    expect(formatTargetDisplay('gte', '95', '%')).toBe('≥95%');
    expect(formatTargetDisplay('lte', '120', '分钟')).toBe('≤120分钟');
    expect(formatTargetDisplay('eq', '8.00', '个')).toBe('8个');
    expect(firstLevelLabel({ name: '产出指标', weight: '64.00' })).toBe('产出指标(64分)');
  });

  it('documents every metric with a definition, a numerator and a unit', () => {
    for (const name of METRIC_NAMES) {
      const d = METRIC_DEFINITIONS[name];
      expect(d.name).toBe(name);
      expect(d.definition.length).toBeGreaterThan(10);
      expect(d.numerator.length).toBeGreaterThan(3);
      expect(d.kind === 'rate').toBe(d.denominator !== null);
      expect(d.kind === 'rate').toBe(d.unit === '%');
    }
  });
});
