import Decimal from 'decimal.js';
import { dec } from '../../../domain/src/common/decimal';
import { LocalDate } from '../../../domain/src/calendar/shanghai';
import { METRIC_DEFINITIONS, MetricName } from '../../../domain/src/evaluation/metric-catalogue';

/**
 * One figure of the operational data as the metric queries deliver it, kept in the snapshot and explained in
 * the workbook's 取数说明. `value` is in the metric's unit (a '%' metric gives 93 for 93%); build figures with
 * the helpers below so that a ratio is never passed where a percentage is meant.
 */
export interface MetricFigure {
  metric: MetricName;
  /** Null when the data give no value (e.g. no maintenance ticket in the year); the indicator then needs a manual value. */
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  /** Shanghai calendar days, both inclusive. */
  period: { from: LocalDate; to: LocalDate };
  /** Chinese; the catalogue's definition unless the query says more. */
  definition: string;
  /** Chinese remark, e.g. “全年无运维工单”. */
  note?: string;
  /** Further figures shown in 取数说明, e.g. the 95% percentile beside the maximum. */
  details?: Array<{ label: string; value: string }>;
}

const VALUE_PLACES = 6;

/** The calendar year as a period. */
export function yearPeriod(year: number): { from: LocalDate; to: LocalDate } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

function plain(value: Decimal.Value): string {
  return dec(value).toDecimalPlaces(VALUE_PLACES, Decimal.ROUND_HALF_UP).toFixed();
}

/** numerator / denominator, as a percentage; no value when the denominator is 0. */
export function rateFigure(
  metric: MetricName,
  numerator: Decimal.Value,
  denominator: Decimal.Value,
  period: { from: LocalDate; to: LocalDate },
  extra: { note?: string; details?: MetricFigure['details'] } = {},
): MetricFigure {
  const d = METRIC_DEFINITIONS[metric];
  if (d.kind !== 'rate') throw new TypeError(`${metric} is not a rate`);
  const den = dec(denominator);
  return {
    metric,
    value: den.isZero() ? null : plain(dec(numerator).div(den).times(100)),
    numerator: plain(numerator),
    denominator: plain(denominator),
    period,
    definition: d.definition,
    ...(den.isZero() ? { note: extra.note ?? '分母为0，无法计算' } : extra.note ? { note: extra.note } : {}),
    ...(extra.details ? { details: extra.details } : {}),
  };
}

/** A count or a duration: the value is the figure itself. */
export function plainFigure(
  metric: MetricName,
  value: Decimal.Value | null,
  period: { from: LocalDate; to: LocalDate },
  extra: { note?: string; details?: MetricFigure['details'] } = {},
): MetricFigure {
  const d = METRIC_DEFINITIONS[metric];
  if (d.kind === 'rate') throw new TypeError(`${metric} is a rate; use rateFigure`);
  return {
    metric,
    value: value === null ? null : plain(value),
    numerator: value === null ? null : plain(value),
    denominator: null,
    period,
    definition: d.definition,
    ...(extra.note ? { note: extra.note } : {}),
    ...(extra.details ? { details: extra.details } : {}),
  };
}
