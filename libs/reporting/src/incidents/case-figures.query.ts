import type { DataSource, EntityManager } from 'typeorm';
import { Dec } from '../../../domain/src/common/decimal';
import { allOf, queryRows, toInt } from '../../../domain/src/database/sql';
import { ratio, SatisfactionFigure } from '../../../domain/src/incidents/case-figures.rules';
import { caseScopeSql, CaseViewer } from '../../../domain/src/incidents/case-scope';
import type { CaseKind } from '../../../domain/src/incidents/case.types';

type Db = Pick<DataSource | EntityManager, 'query'>;

/**
 * The incident figures as set-based SQL, one query per family, grouped by street, top-level category or
 * department with a total row (GROUPING SETS). The pure definitions are in
 * libs/domain/src/incidents/case-figures.rules.ts; the integration tests hold the two to the same numbers.
 *
 * The cases counted are those reported in [from, to); `at` is the instant overdue is judged at (now, or the
 * end of the period for a past period).
 */
export type CaseFigureGroup = 'none' | 'street' | 'category' | 'department';

export const CASE_FIGURE_GROUP_LABELS: Record<CaseFigureGroup, string> = {
  none: '合计',
  street: '镇（街道）',
  category: '类别',
  department: '承办部门',
};

export interface CaseFigureFilter {
  from: Date;
  to: Date;
  at: Date;
  kind?: CaseKind;
  streetId?: number;
  /** A category and its sub-categories. */
  categoryId?: number;
  departmentId?: number;
  /** Who is asking; null for the centre and the evaluation (every case). */
  viewer?: CaseViewer | null;
}

export interface CaseFigureRowOut {
  /** Null on the total row. */
  key: number | null;
  label: string;
  total: boolean;
  reported: number;
  closed: number;
  closedOnTime: number;
  /** 按期结案率 = closedOnTime / closed. */
  onTimeRate: Dec | null;
  overdue: number;
  returned: number;
  meanResponseMinutes: number | null;
  p95ResponseMinutes: number | null;
  meanHandlingMinutes: number | null;
  p95HandlingMinutes: number | null;
  satisfaction: SatisfactionFigure;
}

const KEY_EXPR: Record<CaseFigureGroup, string> = {
  none: 'NULL::integer',
  street: 'c.street_id',
  category: 'COALESCE(cat.parent_id, cat.id)',
  department: 'c.assignee_department_id',
};

const LABEL_JOIN: Record<CaseFigureGroup, string> = {
  none: `LEFT JOIN (SELECT NULL::integer AS id, NULL::text AS name) l ON false`,
  street: `LEFT JOIN org_unit l ON l.id = f.k`,
  category: `LEFT JOIN case_category l ON l.id = f.k`,
  department: `LEFT JOIN department l ON l.id = f.k`,
};

const NO_KEY_LABEL: Record<CaseFigureGroup, string> = { none: '合计', street: '—', category: '—', department: '未派遣至职能部门' };

function whereOf(f: CaseFigureFilter, params: unknown[]): string {
  const where = [`c.reported_at >= $${params.push(f.from)}`, `c.reported_at < $${params.push(f.to)}`];
  if (f.kind) where.push(`c.kind = $${params.push(f.kind)}`);
  if (f.streetId) where.push(`c.street_id = $${params.push(f.streetId)}`);
  if (f.departmentId) where.push(`c.assignee_department_id = $${params.push(f.departmentId)}`);
  if (f.categoryId) {
    const p = params.push(f.categoryId);
    where.push(`(cat.id = $${p} OR cat.parent_id = $${p})`);
  }
  const scope = f.viewer ? caseScopeSql(f.viewer, params) : null;
  if (scope) where.push(scope);
  return where.join(' AND ');
}

/** One row per key and the total row, or (no grouping) the total row alone. */
function groupingOf(group: CaseFigureGroup): { select: string; groupBy: string } {
  return group === 'none'
    ? { select: 'NULL::integer AS k, true AS is_total', groupBy: '' }
    : { select: 'k, GROUPING(k) = 1 AS is_total', groupBy: 'GROUP BY GROUPING SETS ((k), ())' };
}

/**
 * Minutes between two timestamptz columns as float8, as the pure rules compute them. date_part is float8
 * all the way (extract returns numeric since PostgreSQL 14, twice as slow over a year of cases).
 */
const minutes = (a: string, b: string) => `(date_part('epoch', ${b} - ${a}) / 60)`;

/**
 * Runs a figures query in a transaction of its own with enough work_mem for the two percentile sorts of a
 * year of cases to stay in memory (the 4 MB default spills 400,000 rows to disk, +50% time).
 */
export async function withFigureMemory<T>(db: Db, fn: (q: Db) => Promise<T>): Promise<T> {
  const tx = (db as Partial<Pick<DataSource, 'transaction'>>).transaction;
  if (typeof tx !== 'function') return fn(db);
  return (db as DataSource).transaction(async (em) => {
    await em.query(`SET LOCAL work_mem = '64MB'`);
    return fn(em);
  });
}

interface TimingRow {
  k: number | null;
  is_total: boolean;
  label: string | null;
  reported: string;
  closed: string;
  closed_on_time: string;
  overdue: string;
  returned: string;
  mean_response: number | null;
  p95_response: number | null;
  mean_handling: number | null;
  p95_handling: number | null;
}

interface SatisfactionRow {
  k: number | null;
  is_total: boolean;
  calls: string;
  satisfied: string;
  basically: string;
  dissatisfied: string;
  not_reached: string;
}

/** Family 1: counts, on-time, overdue, returned, response and handling times. */
async function timingFigures(db: Db, f: CaseFigureFilter, group: CaseFigureGroup): Promise<TimingRow[]> {
  const params: unknown[] = [f.at];
  const where = whereOf(f, params);
  const grouping = groupingOf(group);
  return withFigureMemory(db, (q) => queryRows<TimingRow>(
    q,
    `WITH f AS (
       SELECT ${grouping.select},
              count(*) AS reported,
              count(*) FILTER (WHERE c.closed_at IS NOT NULL) AS closed,
              count(*) FILTER (WHERE c.closed_at IS NOT NULL AND c.handling_due_at IS NOT NULL AND c.closed_at <= c.handling_due_at) AS closed_on_time,
              count(*) FILTER (WHERE
                 (c.responded_at IS NULL AND $1 > c.response_due_at) OR c.responded_at > c.response_due_at
                 OR (c.state <> 'rejected' AND c.handling_due_at IS NOT NULL
                     AND ((c.closed_at IS NULL AND $1 > c.handling_due_at) OR c.closed_at > c.handling_due_at))) AS overdue,
              count(*) FILTER (WHERE c.rework_count > 0) AS returned,
              avg(${minutes('c.reported_at', 'c.responded_at')}) AS mean_response,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY ${minutes('c.reported_at', 'c.responded_at')}) AS p95_response,
              avg(${minutes('COALESCE(c.accepted_at, c.reported_at)', 'c.closed_at')}) AS mean_handling,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY ${minutes('COALESCE(c.accepted_at, c.reported_at)', 'c.closed_at')}) AS p95_handling
         FROM (SELECT c.state, c.reported_at, c.response_due_at, c.responded_at, c.accepted_at, c.handling_due_at, c.closed_at, c.rework_count, ${KEY_EXPR[group]} AS k
                 FROM incident_case c JOIN case_category cat ON cat.id = c.category_id
                WHERE ${where}) c
        ${grouping.groupBy})
     SELECT f.*, l.name AS label FROM f ${LABEL_JOIN[group]}
      ORDER BY f.is_total, l.name NULLS LAST, f.k`,
    params,
  ));
}

/** Family 2: call-backs (回访) of the same cases. */
async function satisfactionFigures(db: Db, f: CaseFigureFilter, group: CaseFigureGroup): Promise<SatisfactionRow[]> {
  const params: unknown[] = [];
  const where = whereOf(f, params);
  const grouping = groupingOf(group);
  return queryRows<SatisfactionRow>(
    db,
    `SELECT ${grouping.select}, count(*) AS calls,
            count(*) FILTER (WHERE b.outcome = 'satisfied') AS satisfied,
            count(*) FILTER (WHERE b.outcome = 'basically_satisfied') AS basically,
            count(*) FILTER (WHERE b.outcome = 'dissatisfied') AS dissatisfied,
            count(*) FILTER (WHERE b.outcome = 'not_reached') AS not_reached
       FROM (SELECT c.id, ${KEY_EXPR[group]} AS k
               FROM incident_case c JOIN case_category cat ON cat.id = c.category_id
              WHERE ${where}) c
       JOIN case_callback b ON b.case_id = c.id
      ${grouping.groupBy}`,
    params,
  );
}

export function satisfactionOf(r: { calls: string | number; satisfied: string | number; basically: string | number; dissatisfied: string | number; not_reached: string | number } | undefined): SatisfactionFigure {
  const satisfied = toInt(r?.satisfied);
  const basicallySatisfied = toInt(r?.basically);
  const dissatisfied = toInt(r?.dissatisfied);
  const notReached = toInt(r?.not_reached);
  const answered = satisfied + basicallySatisfied + dissatisfied;
  return { calls: toInt(r?.calls), answered, satisfied, basicallySatisfied, dissatisfied, notReached, rate: ratio(satisfied + basicallySatisfied, answered) };
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/** The figures of the cases that match the filter, one row per group plus the total row (last). */
export async function queryCaseFigures(db: Db, filter: CaseFigureFilter, group: CaseFigureGroup = 'none'): Promise<CaseFigureRowOut[]> {
  const [timing, satisfaction] = await allOf(db, [() => timingFigures(db, filter, group), () => satisfactionFigures(db, filter, group)] as const);
  const sat = new Map(satisfaction.map((s) => [s.is_total ? 'total' : String(s.k), s]));
  const rows = timing.map((r): CaseFigureRowOut => {
    const closed = toInt(r.closed);
    const closedOnTime = toInt(r.closed_on_time);
    return {
      key: r.is_total ? null : r.k,
      label: r.is_total ? '合计' : (r.label ?? NO_KEY_LABEL[group]),
      total: r.is_total,
      reported: toInt(r.reported),
      closed,
      closedOnTime,
      onTimeRate: ratio(closedOnTime, closed),
      overdue: toInt(r.overdue),
      returned: toInt(r.returned),
      meanResponseMinutes: num(r.mean_response),
      p95ResponseMinutes: num(r.p95_response),
      meanHandlingMinutes: num(r.mean_handling),
      p95HandlingMinutes: num(r.p95_handling),
      satisfaction: satisfactionOf(sat.get(r.is_total ? 'total' : String(r.k))),
    };
  });
  if (!rows.some((r) => r.total)) {
    // no case at all: PostgreSQL returns the () set anyway, but keep the shape explicit
    rows.push({ key: null, label: '合计', total: true, reported: 0, closed: 0, closedOnTime: 0, onTimeRate: null, overdue: 0, returned: 0, meanResponseMinutes: null, p95ResponseMinutes: null, meanHandlingMinutes: null, p95HandlingMinutes: null, satisfaction: satisfactionOf(undefined) });
  }
  return rows;
}
