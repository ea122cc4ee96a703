import Decimal from 'decimal.js';
import { Dec } from '../common/decimal';
import { AttendanceStatus, countsAsAttended, sessionYear } from './training.rules';

/**
 * The figures of trainings, as pure aggregations over attendance rows. They define the numbers: the SQL
 * queries that will compute them for reports must give the same results on the same rows.
 *
 * Attendance rate = (出勤 + 迟到) / expected, where expected is the session's stored list of expected
 * workers. 请假 stays in the denominator (the self-evaluation's 培训出勤率 counts it as not attended). An
 * expected worker whose attendance was never recorded counts as expected and not attended.
 * Rates over several sessions are pooled (total attended / total expected), not a mean of session rates:
 * a session for one street does not weigh as much as one for the whole district.
 */

/** One expected worker of one session, with the status recorded (null while not recorded yet). */
export interface AttendanceRow {
  sessionId: string;
  workerId: string;
  /** The worker's street on the session day (from the frozen list). */
  streetId: string;
  status: AttendanceStatus | null;
}

/** What the figures need of a session. */
export interface SessionFacts {
  sessionId: string;
  startsAt: Date;
  hours: Decimal.Value;
  countsAsGeneralTraining: boolean;
}

export interface AttendanceTally {
  expected: number;
  present: number;
  late: number;
  leave: number;
  absent: number;
  /** Expected but not recorded. */
  unrecorded: number;
  /** present + late */
  attended: number;
  /** attended / expected at full precision; null when nobody was expected. */
  rate: Decimal | null;
}

export function emptyTally(): AttendanceTally {
  return { expected: 0, present: 0, late: 0, leave: 0, absent: 0, unrecorded: 0, attended: 0, rate: null };
}

function addRow(t: AttendanceTally, status: AttendanceStatus | null): void {
  t.expected++;
  if (status === null) t.unrecorded++;
  else t[status]++;
  if (countsAsAttended(status)) t.attended++;
}

function finish(t: AttendanceTally): AttendanceTally {
  t.rate = t.expected === 0 ? null : new Dec(t.attended).div(t.expected);
  return t;
}

/** The tally of a set of rows. */
export function tallyAttendance(rows: Iterable<AttendanceRow>): AttendanceTally {
  const t = emptyTally();
  for (const r of rows) addRow(t, r.status);
  return finish(t);
}

/** Tallies grouped by a key, in order of first appearance. */
export function tallyBy(rows: Iterable<AttendanceRow>, key: (row: AttendanceRow) => string): Map<string, AttendanceTally> {
  const out = new Map<string, AttendanceTally>();
  for (const r of rows) {
    const k = key(r);
    let t = out.get(k);
    if (!t) out.set(k, (t = emptyTally()));
    addRow(t, r.status);
  }
  for (const t of out.values()) finish(t);
  return out;
}

export const tallyBySession = (rows: Iterable<AttendanceRow>) => tallyBy(rows, (r) => r.sessionId);
export const tallyByStreet = (rows: Iterable<AttendanceRow>) => tallyBy(rows, (r) => r.streetId);
export const tallyByWorker = (rows: Iterable<AttendanceRow>) => tallyBy(rows, (r) => r.workerId);

/** Sessions that fall in a Shanghai calendar year. */
export function sessionsOfYear<T extends Pick<SessionFacts, 'startsAt'>>(sessions: readonly T[], year: number): T[] {
  return sessions.filter((s) => sessionYear(s.startsAt) === year);
}

/** Rows of the given sessions only. */
export function rowsOfSessions(rows: readonly AttendanceRow[], sessions: readonly Pick<SessionFacts, 'sessionId'>[]): AttendanceRow[] {
  const ids = new Set(sessions.map((s) => s.sessionId));
  return rows.filter((r) => ids.has(r.sessionId));
}

/** Training hours of each worker: the hours of the sessions they attended (出勤 or 迟到). */
export function trainingHoursByWorker(sessions: readonly SessionFacts[], rows: Iterable<AttendanceRow>): Map<string, Decimal> {
  const hours = new Map(sessions.map((s) => [s.sessionId, new Dec(s.hours)]));
  const out = new Map<string, Decimal>();
  for (const r of rows) {
    const h = hours.get(r.sessionId);
    if (h === undefined) continue;
    const prev = out.get(r.workerId) ?? new Dec(0);
    out.set(r.workerId, countsAsAttended(r.status) ? prev.plus(h) : prev);
  }
  return out;
}

/** Per-worker figures of a set of sessions. */
export interface WorkerTrainingFigures {
  workerId: string;
  streetId: string;
  tally: AttendanceTally;
  /** Sessions the worker attended (present or late). */
  sessionsAttended: number;
  hours: Decimal;
}

/**
 * Per worker: sessions expected and attended, hours and rate. The street is the one of the worker's
 * latest session (rows are ordered by session start to find it).
 */
export function workerFigures(sessions: readonly SessionFacts[], rows: readonly AttendanceRow[]): WorkerTrainingFigures[] {
  const start = new Map(sessions.map((s) => [s.sessionId, s.startsAt.getTime()]));
  const known = rows.filter((r) => start.has(r.sessionId));
  const ordered = [...known].sort((a, b) => start.get(a.sessionId)! - start.get(b.sessionId)!);
  const street = new Map<string, string>();
  for (const r of ordered) street.set(r.workerId, r.streetId);
  const hours = trainingHoursByWorker(sessions, known);
  return [...tallyByWorker(known)].map(([workerId, tally]) => ({
    workerId,
    streetId: street.get(workerId)!,
    tally,
    sessionsAttended: tally.attended,
    hours: hours.get(workerId) ?? new Dec(0),
  }));
}

/** The year's figures that feed the self-evaluation. */
export interface YearTrainingFigures {
  year: number;
  /** Sessions held in the year. */
  sessionsHeld: number;
  /** Of those, counted as 全科网格员培训: the value of 开展全科网格员培训次数. */
  generalTrainingSessions: number;
  /** Pooled over the year's sessions: its rate is 培训出勤率. */
  tally: AttendanceTally;
  /** Sum over attendees of the hours of the sessions they attended (人·学时). */
  totalHours: Decimal;
}

/**
 * The year's figures from the held sessions (pass only held ones: planned and cancelled sessions have no
 * expected list) and their attendance rows. Sessions are placed in a year by their Shanghai start day.
 */
export function yearFigures(year: number, sessions: readonly SessionFacts[], rows: readonly AttendanceRow[]): YearTrainingFigures {
  const ofYear = sessionsOfYear(sessions, year);
  const yearRows = rowsOfSessions(rows, ofYear);
  let totalHours = new Dec(0);
  for (const h of trainingHoursByWorker(ofYear, yearRows).values()) totalHours = totalHours.plus(h);
  return {
    year,
    sessionsHeld: ofYear.length,
    generalTrainingSessions: ofYear.filter((s) => s.countsAsGeneralTraining).length,
    tally: tallyAttendance(yearRows),
    totalHours,
  };
}
