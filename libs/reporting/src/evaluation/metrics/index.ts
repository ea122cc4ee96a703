import type { DataSource, EntityManager } from 'typeorm';
import { allOf, queryRows } from '../../../../domain/src/database/sql';
import type { MetricName } from '../../../../domain/src/evaluation/metric-catalogue';
import { incidentMetricFigures } from '../../incidents/evaluation-metrics';
import { trainingYearFigures } from '../../trainings/training-figures';
import { MetricFigure } from '../metric-figure';
import { assessmentMetricFigures } from './assessment.metrics';
import { rosterMetricFigures } from './roster.metrics';

type Db = Pick<DataSource | EntityManager, 'query'>;

/**
 * The metric families of the self-evaluation and where each is computed: one set-based query (or a few) per
 * family, Shanghai calendar year. Trainings and incidents export their own (issue 5 and 6); the assessment
 * family is written here against the assessment tables (issue 4 exports none for the evaluation).
 * A family whose tables are not in the schema gives no figures: its indicators then take a manual value.
 */
export interface MetricFamily {
  name: string;
  /** Chinese, for the build log and 取数说明's remarks. */
  label: string;
  tables: readonly string[];
  metrics: readonly MetricName[];
  collect(db: Db, year: number): Promise<MetricFigure[]>;
}

export const METRIC_FAMILIES: readonly MetricFamily[] = [
  {
    name: 'assessment',
    label: '日抽查与月考核',
    tables: ['spot_check', 'monthly_assessment'],
    metrics: ['assessment.streets_assessed', 'assessment.unit_quarter_coverage'],
    collect: assessmentMetricFigures,
  },
  {
    name: 'training',
    label: '培训与出勤',
    tables: ['training_session', 'training_expected', 'training_attendance'],
    metrics: ['training.sessions', 'training.attendance_rate'],
    collect: async (db, year) => {
      const t = await trainingYearFigures(db, year);
      return [t.figures.sessions, t.figures.attendanceRate];
    },
  },
  {
    name: 'incidents',
    label: '网格事件、回访、满意度测评与系统运维',
    tables: ['incident_case', 'case_callback', 'satisfaction_survey', 'satisfaction_answer', 'maintenance_ticket'],
    metrics: [
      'incidents.on_time_rate',
      'system.failure_rate',
      'system.maintenance_response_max_minutes',
      'system.maintenance_response_p95_minutes',
      'satisfaction.service_objects',
      'satisfaction.residents',
    ],
    collect: incidentMetricFigures,
  },
  {
    name: 'roster',
    label: '网格员名册',
    tables: ['grid_worker', 'employment_event'],
    metrics: ['roster.data_updates'],
    collect: rosterMetricFigures,
  },
];

export interface CollectedFigures {
  figures: MetricFigure[];
  /** Families left out because their tables are not there (yet). */
  missing: Array<{ name: string; label: string; tables: string[] }>;
  /** Milliseconds per family, for the benchmark and the build log. */
  timings: Record<string, number>;
}

/**
 * Every figure of a year, families in parallel when `db` is a pool (a DataSource), in the families' order.
 * Sorted by metric name, so that equal data give an equal list.
 */
export async function collectEvaluationFigures(db: Db, year: number, families: readonly MetricFamily[] = METRIC_FAMILIES): Promise<CollectedFigures> {
  const tables = [...new Set(families.flatMap((f) => f.tables))];
  const present = new Set(
    (await queryRows<{ t: string }>(db, `SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL`, [tables])).map((r) => r.t),
  );
  const usable = families.filter((f) => f.tables.every((t) => present.has(t)));
  const missing = families
    .filter((f) => !usable.includes(f))
    .map((f) => ({ name: f.name, label: f.label, tables: f.tables.filter((t) => !present.has(t)) }));
  const timings: Record<string, number> = {};
  const run = async (f: MetricFamily) => {
    const t0 = performance.now();
    const figs = await f.collect(db, year);
    timings[f.name] = Math.round((performance.now() - t0) * 10) / 10;
    return figs.filter((x) => f.metrics.includes(x.metric));
  };
  const results = await allOf(db, usable.map((f) => () => run(f)));
  const figures = results.flat().sort((a, b) => (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));
  return { figures, missing, timings };
}
