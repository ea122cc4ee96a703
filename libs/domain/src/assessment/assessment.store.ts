import Decimal from 'decimal.js';
import type { DataSource, EntityManager } from 'typeorm';
import { Dec, fromNumeric } from '../common/decimal';
import { firstDayOfMonth, lastDayOfMonth, LocalDate, quarterMonths, YearMonth } from '../calendar/shanghai';
import { queryOne, queryRows, toInt } from '../database/sql';
import { DomainError } from '../errors/domain-error';
import type { EmploymentEvent } from '../roster/employment.rules';
import { assessMonth, ScoringScheme, WorkerMonthInput } from './monthly-score.rules';
import { schemeForMonth } from './monthly-score.rules';
import { deriveHeadcount, DerivedHeadcount } from './headcount.rules';

/**
 * The database side of the assessment rules, shared by the API services, the worker's handlers, the demo
 * seeder and the benchmark. Functions take the connection or the transaction's EntityManager they run in;
 * they never check who is asking (the API services do, before calling them).
 */
export type Db = DataSource | EntityManager;

export interface SchemeRow {
  version: number;
  effective_year: number;
  effective_month: number;
  base_score: string;
  floor_score: string;
  cap_score: string | null;
  adjustments_allowed: boolean;
  note: string;
  created_at: Date;
}

export function schemeOf(r: SchemeRow): ScoringScheme {
  return {
    version: r.version,
    effectiveFrom: { year: r.effective_year, month: r.effective_month },
    baseScore: new Dec(r.base_score),
    floor: new Dec(r.floor_score),
    cap: r.cap_score === null ? null : new Dec(r.cap_score),
    adjustmentsAllowed: r.adjustments_allowed,
  };
}

export async function loadSchemeRows(db: Db): Promise<SchemeRow[]> {
  return queryRows<SchemeRow>(db, `SELECT * FROM scoring_scheme ORDER BY version`);
}

export async function schemeFor(db: Db, ym: YearMonth): Promise<ScoringScheme> {
  return schemeForMonth((await loadSchemeRows(db)).map(schemeOf), ym);
}

export interface MonthRow {
  year: number;
  month: number;
  status: 'draft' | 'published';
  scheme_version: number | null;
  worker_count: number;
  computed_at: Date | null;
  published_at: Date | null;
  published_by: number | null;
}

export async function monthRow(db: Db, year: number, month: number, lock = false): Promise<MonthRow | undefined> {
  return queryOne<MonthRow>(
    db,
    `SELECT year, month, status, scheme_version, worker_count, computed_at, published_at, published_by
       FROM assessment_month WHERE year = $1 AND month = $2 ${lock ? 'FOR UPDATE' : ''}`,
    [year, month],
  );
}

/**
 * A short fingerprint of everything a month's scores are computed from: its spot checks, its adjustments,
 * the schemes and the roster. It makes the compute job's id, so asking twice for the same inputs enqueues
 * once, while a change (a new check, an adjustment) makes a new job.
 */
export async function monthInputsFingerprint(db: Db, year: number, month: number): Promise<string> {
  const row = await queryOne<{ f: string }>(
    db,
    `SELECT left(md5(concat_ws('|',
        (SELECT count(*) || ':' || coalesce(max(id), 0) FROM spot_check WHERE check_day BETWEEN $1::date AND $2::date),
        (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(amount), 0) FROM score_adjustment WHERE year = $3 AND month = $4),
        (SELECT count(*) || ':' || coalesce(max(version), 0) FROM scoring_scheme),
        (SELECT count(*) || ':' || coalesce(max(id), 0) FROM employment_event),
        (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM grid_worker),
        coalesce((SELECT status FROM assessment_month WHERE year = $3 AND month = $4), 'draft')
      )), 12) AS f`,
    [firstDayOfMonth(year, month), lastDayOfMonth(year, month), year, month],
  );
  return row!.f;
}

export type ComputeMonthResult =
  | { year: number; month: number; computed: true; schemeVersion: number; workers: number; notAssessed: number }
  | { year: number; month: number; computed: false; reason: 'published' };

interface WorkerEventsRow {
  id: number;
  street_id: number;
  community_id: number;
  grid_id: number;
  events: EmploymentEvent[];
}

/** Employment histories of the workers hired on or before `until`, optionally of one street. */
export async function workersWithHistory(db: Db, until: LocalDate, streetId: number | null = null): Promise<WorkerEventsRow[]> {
  return queryRows<WorkerEventsRow>(
    db,
    `SELECT w.id, w.street_id, w.community_id, w.grid_id,
            json_agg(json_build_object('kind', e.kind, 'date', e.effective_date) ORDER BY e.effective_date, e.id) AS events
       FROM grid_worker w JOIN employment_event e ON e.worker_id = w.id
      WHERE ($2::int IS NULL OR w.street_id = $2)
      GROUP BY w.id
     HAVING min(e.effective_date) <= $1::date
      ORDER BY w.id`,
    [until, streetId],
  );
}

/**
 * A month's assessment lock: computing or publishing a month takes it exclusively, logging a spot check of
 * that month takes it shared, so a check can never commit into a month while its scores are being frozen.
 */
export async function lockMonth(em: EntityManager, year: number, month: number, mode: 'shared' | 'exclusive'): Promise<void> {
  await em.query(`SELECT ${mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(7328, $1)`, [year * 100 + month]);
}

/**
 * (Re)computes a draft month with the rules of monthly-score.rules: every worker active on at least one
 * day of the month, 100 − deductions + adjustments by the scheme that applies to the month. A published
 * month is left untouched, so a second run, or a run after a scheme change, never rewrites it. Runs in the
 * caller's transaction; the month row is locked for its duration.
 *
 * `correctWorker` is the one exception: a documented adjustment to a published month recomputes that
 * worker's row alone, with the scheme version the month was published with (never a later one).
 */
export async function computeMonth(
  em: EntityManager,
  year: number,
  month: number,
  actorId: number | null,
  options: { correctWorker?: number } = {},
): Promise<ComputeMonthResult> {
  await lockMonth(em, year, month, 'exclusive');
  await em.query(`INSERT INTO assessment_month (year, month) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [year, month]);
  const current = (await monthRow(em, year, month, true))!;
  const correcting = options.correctWorker !== undefined;
  if (current.status === 'published' && !correcting) return { year, month, computed: false, reason: 'published' };

  const scheme =
    current.status === 'published' && current.scheme_version !== null
      ? schemeOf((await queryOne<SchemeRow>(em, `SELECT * FROM scoring_scheme WHERE version = $1`, [current.scheme_version]))!)
      : await schemeFor(em, { year, month });
  const from = firstDayOfMonth(year, month);
  const to = lastDayOfMonth(year, month);
  const only = options.correctWorker ?? null;
  const workers = (await workersWithHistory(em, to)).filter((w) => only === null || w.id === only);
  const deductions = await queryRows<{ worker_id: number; checks: string; deductions: string[] | null }>(
    em,
    `SELECT sc.worker_id, count(DISTINCT sc.id) AS checks,
            array_agg(i.deduction::text) FILTER (WHERE NOT i.passed) AS deductions
       FROM spot_check sc JOIN spot_check_item i ON i.spot_check_id = sc.id
      WHERE sc.check_day BETWEEN $1::date AND $2::date AND ($3::int IS NULL OR sc.worker_id = $3)
      GROUP BY sc.worker_id`,
    [from, to, only],
  );
  const adjustments = await queryRows<{ worker_id: number; amount: string; reason: string }>(
    em,
    `SELECT worker_id, amount::text AS amount, reason FROM score_adjustment WHERE year = $1 AND month = $2 AND ($3::int IS NULL OR worker_id = $3) ORDER BY id`,
    [year, month, only],
  );
  const dedBy = new Map(deductions.map((d) => [d.worker_id, d]));
  const adjBy = new Map<number, Array<{ amount: string; reason: string }>>();
  for (const a of adjustments) adjBy.set(a.worker_id, [...(adjBy.get(a.worker_id) ?? []), { amount: a.amount, reason: a.reason }]);

  const inputs: WorkerMonthInput[] = workers.map((w) => ({
    workerId: String(w.id),
    employment: w.events,
    deductions: dedBy.get(w.id)?.deductions ?? [],
    adjustments: adjBy.get(w.id) ?? [],
  }));
  const result = assessMonth(scheme, { year, month }, inputs);
  const byId = new Map(workers.map((w) => [w.id, w]));
  const rows = result.results.map((r) => {
    const w = byId.get(Number(r.workerId))!;
    return { w, r, checks: toInt(dedBy.get(w.id)?.checks ?? 0) };
  });
  if (correcting) {
    const had = await queryOne(em, `SELECT 1 FROM monthly_assessment WHERE year = $1 AND month = $2 AND worker_id = $3`, [year, month, only]);
    if (!had || rows.length !== 1) throw DomainError.conflict(`该网格员${year}年${month}月没有已发布的考核结果，不能更正`);
    // keep the street, community and grid the month was published with
    await em.query(
      `UPDATE monthly_assessment SET total_deduction = $4, total_adjustment = $5, score = $6, check_count = $7, computed_at = now()
        WHERE year = $1 AND month = $2 AND worker_id = $3`,
      [year, month, only, rows[0].r.totalDeduction.toFixed(2), rows[0].r.totalAdjustment.toFixed(2), rows[0].r.score.toFixed(2), rows[0].checks],
    );
    return { year, month, computed: true, schemeVersion: scheme.version, workers: 1, notAssessed: 0 };
  }

  await em.query(`DELETE FROM monthly_assessment WHERE year = $1 AND month = $2`, [year, month]);
  await em.query(
    `INSERT INTO monthly_assessment (year, month, worker_id, street_id, community_id, grid_id, scheme_version, base_score, check_count, total_deduction, total_adjustment, score)
     SELECT $1, $2, u.* FROM unnest($3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::numeric[], $9::int[], $10::numeric[], $11::numeric[], $12::numeric[]) AS u`,
    [
      year,
      month,
      rows.map((x) => x.w.id),
      rows.map((x) => x.w.street_id),
      rows.map((x) => x.w.community_id),
      rows.map((x) => x.w.grid_id),
      rows.map(() => scheme.version),
      rows.map(() => scheme.baseScore.toFixed(2)),
      rows.map((x) => x.checks),
      rows.map((x) => x.r.totalDeduction.toFixed(2)),
      rows.map((x) => x.r.totalAdjustment.toFixed(2)),
      rows.map((x) => x.r.score.toFixed(2)),
    ],
  );
  await em.query(
    `UPDATE assessment_month SET scheme_version = $3, worker_count = $4, computed_at = now(), computed_by = $5 WHERE year = $1 AND month = $2`,
    [year, month, scheme.version, rows.length, actorId],
  );
  return { year, month, computed: true, schemeVersion: scheme.version, workers: rows.length, notAssessed: result.notAssessed.length };
}

/** Publishes a computed draft month; its scores are frozen from then on. */
export async function publishMonth(em: EntityManager, year: number, month: number, actorId: number | null): Promise<MonthRow> {
  const m = await monthRow(em, year, month, true);
  if (!m || m.computed_at === null) throw DomainError.conflict(`${year}年${month}月尚未计算考核结果，不能发布`);
  if (m.status === 'published') throw DomainError.conflict(`${year}年${month}月考核结果已发布`);
  await em.query(`UPDATE assessment_month SET status = 'published', published_at = now(), published_by = $3 WHERE year = $1 AND month = $2`, [year, month, actorId]);
  return (await monthRow(em, year, month))!;
}

export interface RankingRow {
  id: number;
  year: number;
  quarter: number;
  status: 'draft' | 'published' | 'superseded';
  version: number | null;
  worker_count: number;
  computed_at: Date;
  published_at: Date | null;
  published_by: number | null;
  note: string;
}

/**
 * The quarter's ranking, set-based (ranking.rules `rankQuarter` is the reference it is tested against):
 * quarter score = round(avg of the months the worker was assessed, 2) — numeric, half away from zero,
 * which is half up for these non-negative scores; rank() over the district and per street on that shown
 * value; the street of the latest scored month; streets by round(avg(quarter score), 2). All in two
 * INSERT … SELECT statements: no row passes through Node.
 */
export async function rankQuarterInto(db: Db, rankingId: number, year: number, quarter: number): Promise<number> {
  const [m1] = quarterMonths(quarter);
  const inserted = await queryRows<{ n: number }>(
    db,
    `WITH w AS (
       SELECT m.worker_id,
              (array_agg(m.street_id ORDER BY m.month DESC))[1] AS street_id,
              max(m.score) FILTER (WHERE m.month = $3) AS s1,
              max(m.score) FILTER (WHERE m.month = $3 + 1) AS s2,
              max(m.score) FILTER (WHERE m.month = $3 + 2) AS s3,
              count(*)::int AS n,
              avg(m.score) AS mean
         FROM monthly_assessment m
        WHERE m.year = $2 AND m.month BETWEEN $3 AND $3 + 2
        GROUP BY m.worker_id
     ), ins AS (
       INSERT INTO quarter_ranking_worker (ranking_id, worker_id, street_id, score_m1, score_m2, score_m3, months_assessed, mean_score, quarter_score, rank, street_rank)
       SELECT $1, worker_id, street_id, s1, s2, s3, n, mean, round(mean, 2),
              rank() OVER (ORDER BY round(mean, 2) DESC),
              rank() OVER (PARTITION BY street_id ORDER BY round(mean, 2) DESC)
         FROM w
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM ins`,
    [rankingId, year, m1],
  );
  await db.query(
    `INSERT INTO quarter_ranking_street (ranking_id, street_id, worker_count, mean_score, score, rank)
     SELECT $1, street_id, n, mean, round(mean, 2), rank() OVER (ORDER BY round(mean, 2) DESC)
       FROM (SELECT street_id, count(*)::int AS n, avg(quarter_score) AS mean
               FROM quarter_ranking_worker WHERE ranking_id = $1 GROUP BY street_id) s`,
    [rankingId],
  );
  const n = inserted[0].n;
  await db.query(`UPDATE quarter_ranking SET worker_count = $2 WHERE id = $1`, [rankingId, n]);
  return n;
}

/** Serialises ranking changes of one quarter. */
async function lockQuarter(em: EntityManager, year: number, quarter: number): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtext('quarter_ranking'), $1)`, [year * 10 + quarter]);
}

/** Replaces the quarter's draft with a fresh one from the current monthly scores. */
export async function computeDraftRanking(em: EntityManager, year: number, quarter: number, actorId: number | null): Promise<RankingRow> {
  await lockQuarter(em, year, quarter);
  await em.query(`DELETE FROM quarter_ranking WHERE year = $1 AND quarter = $2 AND status = 'draft'`, [year, quarter]);
  const [r] = await queryRows<{ id: number }>(
    em,
    `INSERT INTO quarter_ranking (year, quarter, status, computed_by) VALUES ($1, $2, 'draft', $3) RETURNING id`,
    [year, quarter, actorId],
  );
  await rankQuarterInto(em, r.id, year, quarter);
  return (await rankingRow(em, r.id))!;
}

/**
 * Publishes the quarter: freezes the ranking of the current (published) monthly scores as version n+1;
 * the version published before stays, marked superseded. The draft, if any, is dropped.
 */
export async function publishRanking(em: EntityManager, year: number, quarter: number, actorId: number | null, note = ''): Promise<RankingRow> {
  await lockQuarter(em, year, quarter);
  const months = quarterMonths(quarter);
  const published = await queryRows<{ month: number }>(
    em,
    `SELECT month FROM assessment_month WHERE year = $1 AND month = ANY($2) AND status = 'published'`,
    [year, months],
  );
  const missing = months.filter((m) => !published.some((p) => p.month === m));
  if (missing.length) {
    throw DomainError.conflict(`${year}年${missing.map((m) => `${m}月`).join('、')}考核结果尚未发布，不能发布第${quarter}季度排名`);
  }
  const prev = await queryOne<{ v: number | null }>(em, `SELECT max(version) AS v FROM quarter_ranking WHERE year = $1 AND quarter = $2`, [year, quarter]);
  const version = (prev?.v ?? 0) + 1;
  await em.query(`DELETE FROM quarter_ranking WHERE year = $1 AND quarter = $2 AND status = 'draft'`, [year, quarter]);
  await em.query(`UPDATE quarter_ranking SET status = 'superseded' WHERE year = $1 AND quarter = $2 AND status = 'published'`, [year, quarter]);
  const [r] = await queryRows<{ id: number }>(
    em,
    `INSERT INTO quarter_ranking (year, quarter, status, version, computed_by, published_at, published_by, note)
     VALUES ($1, $2, 'published', $3, $4, now(), $4, $5) RETURNING id`,
    [year, quarter, version, actorId, note],
  );
  await rankQuarterInto(em, r.id, year, quarter);
  return (await rankingRow(em, r.id))!;
}

export async function rankingRow(db: Db, id: number): Promise<RankingRow | undefined> {
  return queryOne<RankingRow>(
    db,
    `SELECT id, year, quarter, status, version, worker_count, computed_at, published_at, published_by, note FROM quarter_ranking WHERE id = $1`,
    [id],
  );
}

/**
 * The daily sweep: stamps `overdue_since` on every rectification not yet 已销号 whose deadline day has
 * passed (rectification.rules `isOverdue`), and records the run. Running it twice on a day stamps nothing
 * new the second time.
 */
export async function sweepOverdue(db: Db, day: LocalDate, jobId: string): Promise<{ day: LocalDate; newlyOverdue: number; openOverdue: number }> {
  const newly = await queryRows<{ id: number }>(
    db,
    `UPDATE rectification SET overdue_since = $1::date, updated_at = now()
      WHERE status <> 'closed' AND deadline < $1::date AND overdue_since IS NULL
     RETURNING id`,
    [day],
  );
  const open = await queryOne<{ n: string }>(db, `SELECT count(*) AS n FROM rectification WHERE status <> 'closed' AND deadline < $1::date`, [day]);
  const result = { day, newlyOverdue: newly.length, openOverdue: toInt(open!.n) };
  await db.query(`INSERT INTO rectification_sweep_run (job_id, day, newly_overdue, open_overdue) VALUES ($1, $2, $3, $4)`, [jobId, day, result.newlyOverdue, result.openOverdue]);
  return result;
}

/** The monthly bonus standard in force for a quarter, or null when none is set. */
export async function bonusStandardFor(db: Db, year: number, quarter: number): Promise<Decimal | null> {
  const row = await queryOne<{ monthly_standard: string }>(
    db,
    `SELECT monthly_standard FROM bonus_standard
      WHERE effective_year * 10 + effective_quarter <= $1
      ORDER BY effective_year DESC, effective_quarter DESC, id DESC LIMIT 1`,
    [year * 10 + quarter],
  );
  return row ? fromNumeric(row.monthly_standard) : null;
}

/** The headcount of a quarter derived from the employment histories (headcount.rules `deriveHeadcount`). */
export async function derivedHeadcount(db: Db, year: number, quarter: number, streetId: number | null = null): Promise<DerivedHeadcount[]> {
  const months = quarterMonths(quarter);
  // a worker already frozen in a street's confirmation of this quarter is that street's: after a move to
  // another street they must not be derived (and paid) there too
  const frozen = new Set(
    (
      await queryRows<{ worker_id: number }>(
        db,
        `SELECT r.worker_id FROM headcount_confirmed_row r JOIN headcount_confirmation h ON h.id = r.confirmation_id WHERE h.year = $1 AND h.quarter = $2`,
        [year, quarter],
      )
    ).map((r) => r.worker_id),
  );
  const workers = (await workersWithHistory(db, lastDayOfMonth(year, months[2]), streetId)).filter((w) => !frozen.has(w.id));
  return deriveHeadcount(
    year,
    quarter,
    workers.map((w) => ({ workerId: String(w.id), streetId: String(w.street_id), employment: w.events })),
  );
}

/**
 * Confirms a street's quarter: freezes the derived months as they stand now. Corrections are kept in
 * their own table and no longer change once confirmed.
 */
export async function confirmHeadcount(em: EntityManager, year: number, quarter: number, streetId: number, actorId: number | null): Promise<number> {
  const derived = await derivedHeadcount(em, year, quarter, streetId);
  const [c] = await queryRows<{ id: number }>(
    em,
    `INSERT INTO headcount_confirmation (year, quarter, street_id, confirmed_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (year, quarter, street_id) DO NOTHING RETURNING id`,
    [year, quarter, streetId, actorId],
  );
  if (!c) throw DomainError.conflict('本季度在岗情况已确认，不能再更正');
  await em.query(
    `INSERT INTO headcount_confirmed_row (confirmation_id, worker_id, active_days, derived_months)
     SELECT $1, u.* FROM unnest($2::int[], $3::int[], $4::int[]) AS u`,
    [c.id, derived.map((d) => Number(d.workerId)), derived.map((d) => d.activeDays), derived.map((d) => d.derivedMonths)],
  );
  return c.id;
}
