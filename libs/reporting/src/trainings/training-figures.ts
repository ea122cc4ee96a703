import Decimal from 'decimal.js';
import type { DataSource, EntityManager } from 'typeorm';
import { yearRange } from '@app/domain/calendar/shanghai';
import { Dec, fromNumeric } from '@app/domain/common/decimal';
import { queryOne, queryRows, toInt } from '@app/domain/database/sql';
import { AttendanceTally } from '@app/domain/trainings/attendance.rules';
import { MetricFigure, plainFigure, rateFigure, yearPeriod } from '../evaluation/metric-figure';

/**
 * The figures of trainings in set-based SQL, one query per family (the year, the sessions, the streets,
 * the workers). They are defined by libs/domain/src/trainings/attendance.rules.ts and must give the same
 * numbers on the same rows (test/trainings/figures.integration-spec.ts checks it):
 * - only held sessions count, placed in a year by their Shanghai start;
 * - expected = the session's frozen list; attended = 出勤 + 迟到; 请假 stays in the denominator; an
 *   expected worker without a recorded status counts as expected and not attended (未登记);
 * - rates are pooled (Σ attended / Σ expected), never a mean of session rates;
 * - a worker's training hours are the hours of the sessions they attended;
 * - per street, the street is the worker's street on the session day (frozen with the list).
 */

type Db = Pick<DataSource | EntityManager, 'query'>;

/** Narrows the attendance rows: a street operator's street, a grid worker's own rows. Null = all. */
export interface TrainingScope {
  streetId?: number | null;
  workerId?: number | null;
}

interface TallyRow {
  expected: string;
  present: string;
  late: string;
  leave: string;
  absent: string;
  unrecorded: string;
}

const TALLY_COLUMNS = `
  count(*) AS expected,
  count(*) FILTER (WHERE a.status = 'present') AS present,
  count(*) FILTER (WHERE a.status = 'late') AS late,
  count(*) FILTER (WHERE a.status = 'leave') AS leave,
  count(*) FILTER (WHERE a.status = 'absent') AS absent,
  count(*) FILTER (WHERE a.status IS NULL) AS unrecorded`;

// counted only where an expected row exists: a LEFT JOIN from the frozen list to the attendance
const TALLY_COLUMNS_NULLABLE = `
  count(e.worker_id) AS expected,
  count(*) FILTER (WHERE a.status = 'present') AS present,
  count(*) FILTER (WHERE a.status = 'late') AS late,
  count(*) FILTER (WHERE a.status = 'leave') AS leave,
  count(*) FILTER (WHERE a.status = 'absent') AS absent,
  count(*) FILTER (WHERE e.worker_id IS NOT NULL AND a.status IS NULL) AS unrecorded`;

function tallyOf(r: TallyRow): AttendanceTally {
  const present = toInt(r.present);
  const late = toInt(r.late);
  const expected = toInt(r.expected);
  const attended = present + late;
  return {
    expected,
    present,
    late,
    leave: toInt(r.leave),
    absent: toInt(r.absent),
    unrecorded: toInt(r.unrecorded),
    attended,
    rate: expected === 0 ? null : new Dec(attended).div(expected),
  };
}

function scopeParams(scope: TrainingScope): [number | null, number | null] {
  return [scope.streetId ?? null, scope.workerId ?? null];
}

/** Which held sessions: those of a Shanghai year, or the given ones. */
export type SessionFilter = { year: number } | { sessionIds: readonly number[] };

function sessionWhere(filter: SessionFilter, params: unknown[]): string {
  if ('year' in filter) {
    const { start, end } = yearRange(filter.year);
    return `s.state = 'held' AND s.starts_at >= $${params.push(start)} AND s.starts_at < $${params.push(end)}`;
  }
  return `s.state = 'held' AND s.id = ANY($${params.push([...filter.sessionIds])}::int[])`;
}

// ---------------------------------------------------------------------------------------------------------
// the year

export interface TrainingYearFigures {
  year: number;
  /** Held sessions of the year. */
  sessionsHeld: number;
  /** Of those, counted as 全科网格员培训: the value of 开展全科网格员培训次数. */
  generalTrainingSessions: number;
  /** Pooled over the year's held sessions (and the scope): its rate is 培训出勤率. */
  tally: AttendanceTally;
  /** Sum over attendees of the hours of the sessions they attended (人·学时). */
  totalHours: Decimal;
  /** For the year-end self-evaluation: training.sessions and training.attendance_rate. */
  figures: { sessions: MetricFigure; attendanceRate: MetricFigure };
}

/**
 * The year's figures in one query: session counts, the pooled tally and the hours. Without a scope,
 * these are the self-evaluation's 开展全科网格员培训次数 (`figures.sessions`) and 培训出勤率
 * (`figures.attendanceRate`, with numerator, denominator and definition).
 */
export async function trainingYearFigures(db: Db, year: number, scope: TrainingScope = {}): Promise<TrainingYearFigures> {
  const params: unknown[] = [];
  const where = sessionWhere({ year }, params);
  const [streetId, workerId] = scopeParams(scope);
  const row = await queryOne<TallyRow & { sessions_held: string; general_sessions: string; total_hours: string }>(
    db,
    `WITH s AS (SELECT s.id, s.hours, s.counts_as_general_training FROM training_session s WHERE ${where})
     SELECT (SELECT count(*) FROM s) AS sessions_held,
            (SELECT count(*) FROM s WHERE s.counts_as_general_training) AS general_sessions,
            ${TALLY_COLUMNS},
            COALESCE(sum(s.hours) FILTER (WHERE a.status IN ('present', 'late')), 0) AS total_hours
       FROM training_expected e
       JOIN s ON s.id = e.session_id
       LEFT JOIN training_attendance a ON a.session_id = e.session_id AND a.worker_id = e.worker_id
      WHERE ($${params.push(streetId)}::int IS NULL OR e.street_id = $${params.length})
        AND ($${params.push(workerId)}::int IS NULL OR e.worker_id = $${params.length})`,
    params,
  );
  const tally = tallyOf(row!);
  const sessionsHeld = toInt(row!.sessions_held);
  const generalTrainingSessions = toInt(row!.general_sessions);
  const period = yearPeriod(year);
  const unrecordedNote = tally.unrecorded > 0 ? `其中${tally.unrecorded}人次应到但未登记出勤，按未出勤计` : undefined;
  return {
    year,
    sessionsHeld,
    generalTrainingSessions,
    tally,
    totalHours: fromNumeric(row!.total_hours) ?? new Dec(0),
    figures: {
      sessions: plainFigure('training.sessions', generalTrainingSessions, period, {
        note: `计入全科网格员培训的已举办场次；年内共举办培训${sessionsHeld}场`,
        details: [
          { label: '年内举办培训场次', value: String(sessionsHeld) },
          { label: '其中计入全科网格员培训', value: String(generalTrainingSessions) },
        ],
      }),
      attendanceRate: rateFigure('training.attendance_rate', tally.attended, tally.expected, period, {
        ...(unrecordedNote ? { note: unrecordedNote } : {}),
        details: [
          { label: '应到人次', value: String(tally.expected) },
          { label: '出勤', value: String(tally.present) },
          { label: '迟到', value: String(tally.late) },
          { label: '请假', value: String(tally.leave) },
          { label: '缺勤', value: String(tally.absent) },
        ],
      }),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// per session, per street, per worker

export interface SessionTally {
  sessionId: number;
  tally: AttendanceTally;
}

/** One row per held session of the filter (sessions with nobody expected too), ordered by start. */
export async function trainingSessionTallies(db: Db, filter: SessionFilter, scope: TrainingScope = {}): Promise<SessionTally[]> {
  const params: unknown[] = [];
  const where = sessionWhere(filter, params);
  const [streetId, workerId] = scopeParams(scope);
  const rows = await queryRows<TallyRow & { session_id: number }>(
    db,
    `SELECT s.id AS session_id, ${TALLY_COLUMNS_NULLABLE}
       FROM training_session s
       LEFT JOIN training_expected e ON e.session_id = s.id
             AND ($${params.push(streetId)}::int IS NULL OR e.street_id = $${params.length})
             AND ($${params.push(workerId)}::int IS NULL OR e.worker_id = $${params.length})
       LEFT JOIN training_attendance a ON a.session_id = e.session_id AND a.worker_id = e.worker_id
      WHERE ${where}
      GROUP BY s.id, s.starts_at
      ORDER BY s.starts_at, s.id`,
    params,
  );
  return rows.map((r) => ({ sessionId: r.session_id, tally: tallyOf(r) }));
}

export interface StreetTally {
  streetId: number;
  streetName: string;
  tally: AttendanceTally;
}

/** One row per street that had expected workers, by the street on the session day; in the tree's order. */
export async function trainingStreetTallies(db: Db, filter: SessionFilter, scope: TrainingScope = {}): Promise<StreetTally[]> {
  const params: unknown[] = [];
  const where = sessionWhere(filter, params);
  const [streetId, workerId] = scopeParams(scope);
  const rows = await queryRows<TallyRow & { street_id: number; street_name: string }>(
    db,
    `SELECT e.street_id, st.name AS street_name, ${TALLY_COLUMNS}
       FROM training_expected e
       JOIN training_session s ON s.id = e.session_id
       JOIN org_unit st ON st.id = e.street_id
       LEFT JOIN training_attendance a ON a.session_id = e.session_id AND a.worker_id = e.worker_id
      WHERE ${where}
        AND ($${params.push(streetId)}::int IS NULL OR e.street_id = $${params.length})
        AND ($${params.push(workerId)}::int IS NULL OR e.worker_id = $${params.length})
      GROUP BY e.street_id, st.name, st.sort_order, st.code
      ORDER BY st.sort_order, st.code`,
    params,
  );
  return rows.map((r) => ({ streetId: r.street_id, streetName: r.street_name, tally: tallyOf(r) }));
}

export interface WorkerTrainingRow {
  workerId: number;
  code: string;
  name: string;
  /** Full phone: mask it before showing (maskPhone). */
  phone: string;
  /** The worker's street at their latest session of the filter. */
  streetId: number;
  streetName: string;
  tally: AttendanceTally;
  /** Sessions attended (出勤 or 迟到). */
  sessionsAttended: number;
  hours: Decimal;
}

/** One row per worker expected at a session of the filter: tally, hours; ordered by street, then code. */
export async function trainingWorkerFigures(db: Db, filter: SessionFilter, scope: TrainingScope = {}): Promise<WorkerTrainingRow[]> {
  const params: unknown[] = [];
  const where = sessionWhere(filter, params);
  const [streetId, workerId] = scopeParams(scope);
  const rows = await queryRows<TallyRow & { worker_id: number; code: string; name: string; phone: string; street_id: number; street_name: string; hours: string }>(
    db,
    `WITH per_worker AS (
       SELECT e.worker_id,
              (array_agg(e.street_id ORDER BY s.starts_at DESC, s.id DESC))[1] AS street_id,
              ${TALLY_COLUMNS},
              COALESCE(sum(s.hours) FILTER (WHERE a.status IN ('present', 'late')), 0) AS hours
         FROM training_expected e
         JOIN training_session s ON s.id = e.session_id
         LEFT JOIN training_attendance a ON a.session_id = e.session_id AND a.worker_id = e.worker_id
        WHERE ${where}
          AND ($${params.push(streetId)}::int IS NULL OR e.street_id = $${params.length})
          AND ($${params.push(workerId)}::int IS NULL OR e.worker_id = $${params.length})
        GROUP BY e.worker_id)
     SELECT p.*, w.code, w.name, w.phone, st.name AS street_name
       FROM per_worker p
       JOIN grid_worker w ON w.id = p.worker_id
       JOIN org_unit st ON st.id = p.street_id
      ORDER BY st.sort_order, st.code, w.code`,
    params,
  );
  return rows.map((r) => {
    const tally = tallyOf(r);
    return {
      workerId: r.worker_id,
      code: r.code,
      name: r.name,
      phone: r.phone,
      streetId: r.street_id,
      streetName: r.street_name,
      tally,
      sessionsAttended: tally.attended,
      hours: fromNumeric(r.hours) ?? new Dec(0),
    };
  });
}
