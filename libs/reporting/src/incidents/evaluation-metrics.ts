import Decimal from 'decimal.js';
import type { DataSource, EntityManager } from 'typeorm';
import { addDays, LocalDate, startOfShanghaiDay } from '../../../domain/src/calendar/shanghai';
import { Dec } from '../../../domain/src/common/decimal';
import { allOf, queryOne, toInt } from '../../../domain/src/database/sql';
import { SatisfactionFigure } from '../../../domain/src/incidents/case-figures.rules';
import { METRIC_DEFINITIONS } from '../../../domain/src/evaluation/metric-catalogue';
import { MetricFigure, plainFigure, rateFigure } from '../evaluation/metric-figure';
import { satisfactionOf } from './case-figures.query';
import { queryMaintenanceFigures, querySurveyFigures } from './maintenance-figures.query';

type Db = Pick<DataSource | EntityManager, 'query'>;

/**
 * The incident and maintenance figures the year-end self-evaluation takes its 实际完成值 from, one function
 * per family of metrics. Each takes a year (the Shanghai calendar year) or a period of Shanghai days (both
 * inclusive) and returns numerator, denominator and the Chinese definition of what was counted.
 * `incidentMetricFigures(db, year)` gives them as the evaluation's MetricFigure records.
 */
export type MetricPeriod = number | { from: LocalDate; to: LocalDate };

export interface Period {
  from: LocalDate;
  to: LocalDate;
  /** [start, end) instants of the days. */
  start: Date;
  end: Date;
}

export function periodOf(p: MetricPeriod): Period {
  const { from, to } = typeof p === 'number' ? { from: `${p}-01-01`, to: `${p}-12-31` } : p;
  return { from, to, start: startOfShanghaiDay(from), end: startOfShanghaiDay(addDays(to, 1)) };
}

export interface RatioMetric {
  numerator: Dec;
  denominator: Dec;
  /** numerator / denominator as a ratio (0.9311…); null when the denominator is 0. */
  rate: Dec | null;
  numeratorLabel: string;
  denominatorLabel: string;
  definition: string;
  period: { from: LocalDate; to: LocalDate };
}

export interface DurationMetric {
  /** Minutes; null when there is nothing to measure. */
  minutes: number | null;
  definition: string;
  period: { from: LocalDate; to: LocalDate };
}

function ratioMetric(numerator: Decimal.Value, denominator: Decimal.Value, labels: { numerator: string; denominator: string; definition: string }, p: Period): RatioMetric {
  const n = new Dec(numerator);
  const d = new Dec(denominator);
  return {
    numerator: n,
    denominator: d,
    rate: d.isZero() ? null : n.div(d),
    numeratorLabel: labels.numerator,
    denominatorLabel: labels.denominator,
    definition: labels.definition,
    period: { from: p.from, to: p.to },
  };
}

export interface ServiceTimelinessMetric extends RatioMetric {
  incidents: { closed: number; closedOnTime: number };
  serviceItems: { closed: number; closedOnTime: number };
}

/**
 * 服务保障工作完成及时率: of the incidents and service items closed in the period, the share closed by their
 * handling due (the category's limit in working days, 调休 included, moved by approved extensions).
 */
export async function serviceTimelinessMetric(db: Db, period: MetricPeriod): Promise<ServiceTimelinessMetric> {
  const p = periodOf(period);
  const r = await queryOne<Record<string, string>>(
    db,
    `SELECT count(*) FILTER (WHERE kind = 'incident') AS i_closed,
            count(*) FILTER (WHERE kind = 'incident' AND handling_due_at IS NOT NULL AND closed_at <= handling_due_at) AS i_on_time,
            count(*) FILTER (WHERE kind = 'service') AS s_closed,
            count(*) FILTER (WHERE kind = 'service' AND handling_due_at IS NOT NULL AND closed_at <= handling_due_at) AS s_on_time
       FROM incident_case WHERE closed_at >= $1 AND closed_at < $2`,
    [p.start, p.end],
  );
  const incidents = { closed: toInt(r!.i_closed), closedOnTime: toInt(r!.i_on_time) };
  const serviceItems = { closed: toInt(r!.s_closed), closedOnTime: toInt(r!.s_on_time) };
  const d = METRIC_DEFINITIONS['incidents.on_time_rate'];
  return {
    ...ratioMetric(incidents.closedOnTime + serviceItems.closedOnTime, incidents.closed + serviceItems.closed, { numerator: d.numerator, denominator: d.denominator!, definition: d.definition }, p),
    incidents,
    serviceItems,
  };
}

export interface MaintenanceMetrics {
  tickets: number;
  responded: number;
  /** 系统故障率 = downtime minutes / minutes in the period. */
  failureRate: RatioMetric;
  /** 系统运行维护响应时间: slowest report → response. */
  responseMax: DurationMetric;
  responseP95: DurationMetric;
  responseMean: DurationMetric;
}

/**
 * 系统故障率 and 系统运行维护响应时间 of the maintenance tickets reported in the period. Downtime is the sum of
 * the minutes recorded on each ticket (whole, in the period of its report); tickets are expected to record
 * the downtime of their own fault, so overlapping faults are not merged here.
 */
export async function maintenanceMetrics(db: Db, period: MetricPeriod): Promise<MaintenanceMetrics> {
  const p = periodOf(period);
  const m = await queryMaintenanceFigures(db, p);
  const fr = METRIC_DEFINITIONS['system.failure_rate'];
  const pp = { from: p.from, to: p.to };
  return {
    tickets: m.tickets,
    responded: m.responded,
    failureRate: ratioMetric(m.downtimeMinutes, m.periodMinutes, { numerator: '故障停机时长（分钟，各运维工单登记的停机分钟数之和）', denominator: fr.denominator!, definition: fr.definition }, p),
    responseMax: { minutes: m.maxResponseMinutes, definition: METRIC_DEFINITIONS['system.maintenance_response_max_minutes'].definition, period: pp },
    responseP95: { minutes: m.p95ResponseMinutes, definition: METRIC_DEFINITIONS['system.maintenance_response_p95_minutes'].definition, period: pp },
    responseMean: { minutes: m.meanResponseMinutes, definition: '年度内报修的运维工单，从报修到响应所用时间的平均值。', period: pp },
  };
}

export interface SatisfactionMetric extends RatioMetric {
  figure: SatisfactionFigure;
}

/**
 * 指挥中心服务对象满意度: answers of the streets and departments the centre serves in the satisfaction surveys
 * held in the period; (满意 + 基本满意) / answers with an outcome (未接通 left out of both sides).
 */
export async function serviceObjectSatisfactionMetric(db: Db, period: MetricPeriod): Promise<SatisfactionMetric & { surveys: number; streets: SatisfactionFigure; departments: SatisfactionFigure }> {
  const p = periodOf(period);
  const s = await querySurveyFigures(db, p);
  return {
    ...ratioMetric(s.all.satisfied + s.all.basicallySatisfied, s.all.answered, {
      numerator: '服务对象（镇街、职能部门）评价为满意、基本满意的份数',
      denominator: '有评价结果的服务对象答卷份数',
      definition: '年度内中心对所服务的镇（街道）和职能部门开展满意度测评，评价为满意或基本满意的比例；未接通、未作答的不计入。',
    }, p),
    figure: s.all,
    surveys: s.surveys,
    streets: s.streets,
    departments: s.departments,
  };
}

/**
 * 服务居民满意度: call-backs (回访) of closed cases made in the period; (满意 + 基本满意) / call-backs with an
 * outcome (未接通 left out of both sides).
 */
export async function residentSatisfactionMetric(db: Db, period: MetricPeriod): Promise<SatisfactionMetric> {
  const p = periodOf(period);
  const r = await queryOne<Record<string, string>>(
    db,
    `SELECT count(*) AS calls,
            count(*) FILTER (WHERE outcome = 'satisfied') AS satisfied,
            count(*) FILTER (WHERE outcome = 'basically_satisfied') AS basically,
            count(*) FILTER (WHERE outcome = 'dissatisfied') AS dissatisfied,
            count(*) FILTER (WHERE outcome = 'not_reached') AS not_reached
       FROM case_callback WHERE called_at >= $1 AND called_at < $2`,
    [p.start, p.end],
  );
  const figure = satisfactionOf({ calls: r!.calls, satisfied: r!.satisfied, basically: r!.basically, dissatisfied: r!.dissatisfied, not_reached: r!.not_reached });
  return {
    ...ratioMetric(figure.satisfied + figure.basicallySatisfied, figure.answered, {
      numerator: '回访评价为满意、基本满意的次数',
      denominator: '有评价结果的回访次数（未接通不计）',
      definition: '年度内对已办结的网格事件和服务事项的上报人、服务对象（居民）进行回访，评价为满意或基本满意的比例；未接通的回访不计入。',
    }, p),
    figure,
  };
}

const minutesText = (m: number | null) => (m === null ? '—' : `${new Dec(m).toDecimalPlaces(2).toFixed()}分钟`);

/** The figures above as the evaluation's MetricFigure records (values in the metric's unit: % × 100). */
export async function incidentMetricFigures(db: Db, year: number): Promise<MetricFigure[]> {
  const p = periodOf(year);
  const period = { from: p.from, to: p.to };
  const [timely, maintenance, objects, residents] = await allOf(db, [
    () => serviceTimelinessMetric(db, year),
    () => maintenanceMetrics(db, year),
    () => serviceObjectSatisfactionMetric(db, year),
    () => residentSatisfactionMetric(db, year),
  ] as const);
  const noTickets = maintenance.tickets === 0 ? { note: '全年无运维工单' } : {};
  return [
    rateFigure('incidents.on_time_rate', timely.numerator, timely.denominator, period, {
      details: [
        { label: '网格事件 按时办结/办结', value: `${timely.incidents.closedOnTime}/${timely.incidents.closed}` },
        { label: '服务事项 按时办结/办结', value: `${timely.serviceItems.closedOnTime}/${timely.serviceItems.closed}` },
      ],
    }),
    rateFigure('system.failure_rate', maintenance.failureRate.numerator, maintenance.failureRate.denominator, period, {
      ...noTickets,
      details: [{ label: '运维工单数', value: String(maintenance.tickets) }],
    }),
    plainFigure('system.maintenance_response_max_minutes', maintenance.responseMax.minutes, period, {
      ...noTickets,
      details: [
        { label: '95%分位响应时间', value: minutesText(maintenance.responseP95.minutes) },
        { label: '平均响应时间', value: minutesText(maintenance.responseMean.minutes) },
      ],
    }),
    plainFigure('system.maintenance_response_p95_minutes', maintenance.responseP95.minutes, period, noTickets),
    rateFigure('satisfaction.service_objects', objects.numerator, objects.denominator, period, {
      note: objects.figure.answered === 0 ? '年内无服务对象满意度测评答卷，请先登记测评' : '取自年度服务对象（镇街、职能部门）满意度测评',
      details: [
        { label: '测评轮次', value: String(objects.surveys) },
        { label: '镇（街道）满意/有效', value: `${objects.streets.satisfied + objects.streets.basicallySatisfied}/${objects.streets.answered}` },
        { label: '职能部门满意/有效', value: `${objects.departments.satisfied + objects.departments.basicallySatisfied}/${objects.departments.answered}` },
      ],
    }),
    rateFigure('satisfaction.residents', residents.numerator, residents.denominator, period, {
      note: residents.figure.answered === 0 ? '年内无有效回访' : '取自已办结案件的回访',
      details: [{ label: '回访次数（含未接通）', value: String(residents.figure.calls) }],
    }),
  ];
}

