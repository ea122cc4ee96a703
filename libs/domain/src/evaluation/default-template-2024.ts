import { IndicatorTarget, IndicatorTemplate, ThirdLevelIndicator, validateTemplate } from './indicator-template';
import { MetricName } from './metric-catalogue';

/**
 * The indicator template of the reference's 附件2 (2024), the default of a fresh installation: names,
 * 年度指标值 and 分值 as the centre filed them. It holds targets only; the year's actual values come from data
 * or from manual entries, never from here. The names are the reference's own wording (including
 * “8个镇（街道）、81个村（社区）”); another district edits its copy.
 *
 * Targets without a sign on the form ("8个", "100%") are '=' (scored as ≥); the two cost targets ("19.8万元",
 * "1万元") are ceilings, so they are '≤' while their display keeps the form's wording.
 */
const gte = (value: string, unit: string, display?: string): IndicatorTarget => ({
  direction: 'gte',
  value,
  unit,
  display: display ?? `≥${value}${unit}`,
});
const lte = (value: string, unit: string, display?: string): IndicatorTarget => ({
  direction: 'lte',
  value,
  unit,
  display: display ?? `≤${value}${unit}`,
});
const eq = (value: string, unit: string, display?: string): IndicatorTarget => ({
  direction: 'eq',
  value,
  unit,
  display: display ?? `${value}${unit}`,
});
const qualitative = (display: string): IndicatorTarget => ({ direction: 'qualitative', value: null, unit: '', display });

const metric = (key: string, name: string, target: IndicatorTarget, weight: string, m: MetricName): ThirdLevelIndicator => ({
  key,
  name,
  target,
  weight,
  source: { kind: 'metric', metric: m },
});
const manual = (key: string, name: string, target: IndicatorTarget, weight: string): ThirdLevelIndicator => ({
  key,
  name,
  target,
  weight,
  source: { kind: 'manual' },
});

const TEMPLATE_2024: IndicatorTemplate = {
  year: 2024,
  budgetCounting: 'separate',
  budgetWeight: '10',
  firstLevels: [
    {
      name: '产出指标',
      weight: '64',
      children: [
        {
          name: '数量指标',
          indicators: [
            metric('output.streets_assessed', '开展考核考评工作涉及的镇（街道）数量', eq('8', '个'), '5', 'assessment.streets_assessed'),
            manual('output.village_fee_coverage', '村级考核费用包含村数量', eq('33', '个', '村级全覆盖33个'), '5'),
            manual('output.phone_fee_streets', '手机通信续费经费发放至镇（街道）数量', eq('8', '个'), '5'),
            metric('output.training_sessions', '开展全科网格员培训次数', gte('2', '次'), '5', 'training.sessions'),
          ],
        },
        {
          name: '质量指标',
          indicators: [
            metric(
              'output.unit_assessment_coverage',
              '开展对8个镇（街道）、81个村（社区）的考核考评',
              eq('100', '%'),
              '5',
              'assessment.unit_quarter_coverage',
            ),
            manual('output.business_training', '开展网格员业务培训', qualitative('能力提升'), '5'),
            metric('output.training_attendance', '培训出勤率', gte('95', '%'), '3', 'training.attendance_rate'),
            metric('output.basic_data_updates', '更新基础信息数据', qualitative('规范化、标准化'), '5', 'roster.data_updates'),
            manual('output.equipment_quality', '采购设备质量合格率', qualitative('合格'), '5'),
            metric('output.system_failure_rate', '系统故障率', lte('2', '%'), '5', 'system.failure_rate'),
            manual('output.procurement_rate', '政府采购率', eq('100', '%'), '5'),
          ],
        },
        {
          name: '时效指标',
          indicators: [
            manual('output.implementation_period', '实施期', qualitative('全年'), '5'),
            metric('output.service_on_time_rate', '服务保障工作完成及时率', gte('95', '%'), '3', 'incidents.on_time_rate'),
            metric(
              'output.maintenance_response',
              '系统运行维护响应时间',
              lte('120', '分钟'),
              '3',
              'system.maintenance_response_max_minutes',
            ),
          ],
        },
      ],
    },
    {
      name: '效益指标',
      weight: '17',
      children: [
        {
          name: '经济效益指标',
          indicators: [manual('benefit.system_efficiency', '维护信息系统运行效率', qualitative('正常运转'), '5')],
        },
        {
          name: '社会效益指标',
          indicators: [
            manual('benefit.worker_capability', '网格员管理、服务意识和专业能力', qualitative('提升'), '3'),
            manual('benefit.rules', '工作流程、规章制度', qualitative('完善'), '3'),
            manual('benefit.mechanism', '网格化工作运转机制', qualitative('完善'), '3'),
            manual('benefit.task_flow', '网格员工作任务流程', qualitative('完善'), '3'),
          ],
        },
      ],
    },
    {
      name: '满意度指标',
      weight: '10',
      children: [
        {
          name: '服务对象满意度指标',
          indicators: [
            metric('satisfaction.service_objects', '指挥中心服务对象满意度', gte('95', '%'), '5', 'satisfaction.service_objects'),
            metric('satisfaction.residents', '服务居民满意度指标', gte('95', '%'), '5', 'satisfaction.residents'),
          ],
        },
      ],
    },
    {
      name: '成本指标',
      weight: '9',
      children: [
        {
          name: '经济成本指标',
          indicators: [
            manual('cost.village_assessment_fee', '村级考核费', lte('19.8', '万元', '19.8万元'), '3'),
            manual('cost.commissioned_fee', '委托业务费', lte('1', '万元', '1万元'), '3'),
            manual('cost.equipment', '设备成本', qualitative('节约成本'), '3'),
          ],
        },
      ],
    },
  ],
};

/** A fresh, validated copy of the 2024 default template (for another year: the same tree, that year). */
export function defaultIndicatorTemplate(year = 2024): IndicatorTemplate {
  const copy: IndicatorTemplate = JSON.parse(JSON.stringify(TEMPLATE_2024));
  copy.year = year;
  return validateTemplate(copy);
}
