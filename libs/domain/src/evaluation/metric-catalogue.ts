/**
 * The named figures of the operational data that an indicator of the self-evaluation can take its
 * 实际完成值 from (DOMAIN.md §5). The SQL that computes them lives in libs/reporting; this catalogue is the
 * contract: what each name means, what is counted above and below the line, and in which unit the value is.
 *
 * Convention for the value of a figure: it is expressed in the metric's `unit`, the way the form shows it.
 * A '%' metric therefore has value = numerator / denominator × 100 (93 for 93%), never the bare ratio.
 */
export type MetricName =
  | 'assessment.streets_assessed'
  | 'assessment.unit_quarter_coverage'
  | 'training.sessions'
  | 'training.attendance_rate'
  | 'system.failure_rate'
  | 'system.maintenance_response_max_minutes'
  | 'system.maintenance_response_p95_minutes'
  | 'incidents.on_time_rate'
  | 'satisfaction.service_objects'
  | 'satisfaction.residents'
  | 'roster.data_updates';

export type MetricUnit = '%' | '个' | '次' | '分钟' | '条';

export interface MetricDefinition {
  name: MetricName;
  /** Short Chinese name, as in 取数说明. */
  label: string;
  unit: MetricUnit;
  /** Whether the value is numerator / denominator (×100 for '%'), or the numerator itself. */
  kind: 'rate' | 'count' | 'duration';
  /** Chinese, shown in 取数说明 beside the figures. */
  definition: string;
  numerator: string;
  /** Null when the metric is a plain count or a maximum. */
  denominator: string | null;
}

export const METRIC_DEFINITIONS: Readonly<Record<MetricName, MetricDefinition>> = {
  'assessment.streets_assessed': {
    name: 'assessment.streets_assessed',
    label: '开展考核考评的镇（街道）数',
    unit: '个',
    kind: 'count',
    definition: '年度内至少有一个月对其网格员做过月考核的镇（街道）个数。',
    numerator: '年内有月考核记录的镇（街道）个数（去重）',
    denominator: null,
  },
  'assessment.unit_quarter_coverage': {
    name: 'assessment.unit_quarter_coverage',
    label: '镇（街道）、村（社区）季度考核覆盖率',
    unit: '%',
    kind: 'rate',
    definition:
      '年度内每个季度、每个镇（街道）和村（社区）都应开展考核考评；已考核的（单位，季度）组合占应考核组合的比例。',
    numerator: '季度内有抽查或月考核记录的（镇街或村社区，季度）组合数',
    denominator: '（镇街数 + 村社区数）× 4 个季度',
  },
  'training.sessions': {
    name: 'training.sessions',
    label: '全科网格员培训次数',
    unit: '次',
    kind: 'count',
    definition: '年度内已举办、计入全科网格员培训的场次，线上、线下均计入。',
    numerator: '年内举办的全科网格员培训场次数',
    denominator: null,
  },
  'training.attendance_rate': {
    name: 'training.attendance_rate',
    label: '培训出勤率',
    unit: '%',
    kind: 'rate',
    definition: '年度内各场培训实到人次占应到人次的比例；迟到计为出勤，请假、缺勤计为未出勤。',
    numerator: '出勤人次（出勤 + 迟到）',
    denominator: '应到人次（各场培训应参训网格员人数之和）',
  },
  'system.failure_rate': {
    name: 'system.failure_rate',
    label: '系统故障率',
    unit: '%',
    kind: 'rate',
    definition: '信息系统年度内因故障停止服务的时长占全年时长的比例（按上海时间的自然年计；工单的停机时长整笔计入其报修所在年度）。',
    numerator: '全年报修的运维工单所记停机时长之和（分钟）',
    denominator: '全年总时长（分钟）',
  },
  'system.maintenance_response_max_minutes': {
    name: 'system.maintenance_response_max_minutes',
    label: '系统运行维护最长响应时间',
    unit: '分钟',
    kind: 'duration',
    definition: '年度内报修的运维工单，从报修到响应所用时间的最大值；尚未响应的工单按截至统计时（至多到年末）的等待时间计。',
    numerator: '各工单响应时间（分钟）中的最大值',
    denominator: null,
  },
  'system.maintenance_response_p95_minutes': {
    name: 'system.maintenance_response_p95_minutes',
    label: '系统运行维护响应时间（95%分位）',
    unit: '分钟',
    kind: 'duration',
    definition: '年度内报修的运维工单，从报修到响应所用时间的95%分位数；尚未响应的工单按截至统计时（至多到年末）的等待时间计。',
    numerator: '各工单响应时间（分钟）的95%分位数',
    denominator: null,
  },
  'incidents.on_time_rate': {
    name: 'incidents.on_time_rate',
    label: '服务保障工作完成及时率',
    unit: '%',
    kind: 'rate',
    definition: '年度内办结的网格事件和服务事项中，在其类别规定的办理时限（工作日，含调休）内办结的比例。',
    numerator: '按时办结的事件和服务事项数',
    denominator: '年内办结的事件和服务事项数',
  },
  'satisfaction.service_objects': {
    name: 'satisfaction.service_objects',
    label: '指挥中心服务对象满意度',
    unit: '%',
    kind: 'rate',
    definition: '年度内对中心服务对象（镇街、职能部门）的满意度调查中，评价为满意或基本满意的比例；未作答的不计入。',
    numerator: '调查答卷中评价为满意、基本满意的份数',
    denominator: '有评价结果的调查答卷份数',
  },
  'satisfaction.residents': {
    name: 'satisfaction.residents',
    label: '服务居民满意度',
    unit: '%',
    kind: 'rate',
    definition: '年度内对办结的网格事件和服务事项的回访中，评价为满意或基本满意的比例；未接通的回访不计入。',
    numerator: '回访评价为满意、基本满意的次数',
    denominator: '有评价结果的回访次数',
  },
  'roster.data_updates': {
    name: 'roster.data_updates',
    label: '基础信息数据更新条数',
    unit: '条',
    kind: 'count',
    definition: '年度内网格员名册的更新条数：任职变动（入职、停职、复职、离职）、补录的网格员（入职不在本年度的新登记）和网格员信息修改；作为定性指标“更新基础信息数据”的佐证。',
    numerator: '年内名册新增、修改、补录的记录条数',
    denominator: null,
  },
};

export const METRIC_NAMES = Object.keys(METRIC_DEFINITIONS) as MetricName[];

export function isMetricName(value: string): value is MetricName {
  return Object.prototype.hasOwnProperty.call(METRIC_DEFINITIONS, value);
}
