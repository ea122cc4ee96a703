import { defaultIndicatorTemplate } from './default-template-2024';
import { checkTemplate, firstLevelLabel, flattenIndicators, scoringRuleOf, templateWeightSums } from './indicator-template';

describe('the 2024 default template (附件2 of the reference)', () => {
  const template = defaultIndicatorTemplate();

  it('validates and carries 100 points: 产出 64, 效益 17, 满意度 10, 成本 9', () => {
    expect(checkTemplate(template)).toEqual([]);
    const sums = templateWeightSums(template);
    expect(sums.firstLevels).toEqual([
      { name: '产出指标', declared: '64', sumOfIndicators: '64' },
      { name: '效益指标', declared: '17', sumOfIndicators: '17' },
      { name: '满意度指标', declared: '10', sumOfIndicators: '10' },
      { name: '成本指标', declared: '9', sumOfIndicators: '9' },
    ]);
    expect(sums.indicatorTotal).toBe('100');
    expect(template.budgetCounting).toBe('separate');
    expect(template.budgetWeight).toBe('10');
    expect(template.firstLevels.map(firstLevelLabel)).toEqual([
      '产出指标(64分)',
      '效益指标(17分)',
      '满意度指标(10分)',
      '成本指标(9分)',
    ]);
  });

  it('has the 24 三级 indicators of the reference, in its order, with their 二级 and 年度指标值', () => {
    const rows = flattenIndicators(template).map((f) => [
      f.secondLevel.name,
      f.indicator.name,
      f.indicator.target.display,
      f.indicator.weight,
    ]);
    expect(rows).toEqual([
      ['数量指标', '开展考核考评工作涉及的镇（街道）数量', '8个', '5'],
      ['数量指标', '村级考核费用包含村数量', '村级全覆盖33个', '5'],
      ['数量指标', '手机通信续费经费发放至镇（街道）数量', '8个', '5'],
      ['数量指标', '开展全科网格员培训次数', '≥2次', '5'],
      ['质量指标', '开展对8个镇（街道）、81个村（社区）的考核考评', '100%', '5'],
      ['质量指标', '开展网格员业务培训', '能力提升', '5'],
      ['质量指标', '培训出勤率', '≥95%', '3'],
      ['质量指标', '更新基础信息数据', '规范化、标准化', '5'],
      ['质量指标', '采购设备质量合格率', '合格', '5'],
      ['质量指标', '系统故障率', '≤2%', '5'],
      ['质量指标', '政府采购率', '100%', '5'],
      ['时效指标', '实施期', '全年', '5'],
      ['时效指标', '服务保障工作完成及时率', '≥95%', '3'],
      ['时效指标', '系统运行维护响应时间', '≤120分钟', '3'],
      ['经济效益指标', '维护信息系统运行效率', '正常运转', '5'],
      ['社会效益指标', '网格员管理、服务意识和专业能力', '提升', '3'],
      ['社会效益指标', '工作流程、规章制度', '完善', '3'],
      ['社会效益指标', '网格化工作运转机制', '完善', '3'],
      ['社会效益指标', '网格员工作任务流程', '完善', '3'],
      ['服务对象满意度指标', '指挥中心服务对象满意度', '≥95%', '5'],
      ['服务对象满意度指标', '服务居民满意度指标', '≥95%', '5'],
      ['经济成本指标', '村级考核费', '19.8万元', '3'],
      ['经济成本指标', '委托业务费', '1万元', '3'],
      ['经济成本指标', '设备成本', '节约成本', '3'],
    ]);
  });

  it('takes the indicators of DOMAIN.md §5 from metrics and leaves the rest manual', () => {
    const sources = Object.fromEntries(
      flattenIndicators(template).map((f) => [
        f.indicator.name,
        f.indicator.source.kind === 'metric' ? f.indicator.source.metric : 'manual',
      ]),
    );
    expect(sources).toMatchObject({
      '开展考核考评工作涉及的镇（街道）数量': 'assessment.streets_assessed',
      '开展全科网格员培训次数': 'training.sessions',
      '培训出勤率': 'training.attendance_rate',
      '开展对8个镇（街道）、81个村（社区）的考核考评': 'assessment.unit_quarter_coverage',
      '系统故障率': 'system.failure_rate',
      '系统运行维护响应时间': 'system.maintenance_response_max_minutes',
      '服务保障工作完成及时率': 'incidents.on_time_rate',
      '指挥中心服务对象满意度': 'satisfaction.service_objects',
      '服务居民满意度指标': 'satisfaction.residents',
      '更新基础信息数据': 'roster.data_updates',
    });
    expect(Object.values(sources).filter((s) => s === 'manual')).toHaveLength(14);
  });

  it('scores ≥ targets proportionally, ≤ targets inversely and grades the qualitative ones', () => {
    const rule = (name: string) => scoringRuleOf(flattenIndicators(template).find((f) => f.indicator.name === name)!.indicator);
    expect(rule('培训出勤率')).toBe('proportional');
    expect(rule('系统故障率')).toBe('inverse');
    expect(rule('开展考核考评工作涉及的镇（街道）数量')).toBe('exact');
    expect(rule('更新基础信息数据')).toBe('graded');
    expect(rule('村级考核费')).toBe('inverse');
  });

  it('holds targets only: no indicator carries an actual value', () => {
    const json = JSON.stringify(template);
    expect(json).not.toMatch(/实际|actual|93%|96%/);
  });

  it('gives a fresh copy each time, for the year asked', () => {
    const a = defaultIndicatorTemplate();
    a.firstLevels[0].weight = '1';
    expect(defaultIndicatorTemplate().firstLevels[0].weight).toBe('64');
    expect(defaultIndicatorTemplate(2025).year).toBe(2025);
  });
});
