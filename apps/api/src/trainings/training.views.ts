import Decimal from 'decimal.js';
import type { EntityManager, DataSource } from 'typeorm';
import { Actor, formatPercent, shown, streetScope, workerScope } from '@app/domain';
import { queryRows } from '@app/domain/database/sql';
import { AttendanceTally } from '@app/domain/trainings/attendance.rules';
import {
  audienceLabel,
  SESSION_STATE_LABELS,
  sessionDay,
  SessionState,
  TRAINING_MODE_LABELS,
  TrainingAudience,
  TrainingMode,
  TrainingSession,
} from '@app/domain/trainings/training.rules';
import type { TrainingScope } from '@app/reporting/trainings/training-figures';

export type Db = EntityManager | DataSource;

/** A tally as the API answers it: counts, and the rate as a decimal string and as shown (93.00%). */
export interface TallyView {
  expected: number;
  present: number;
  late: number;
  leave: number;
  absent: number;
  unrecorded: number;
  attended: number;
  /** attended / expected, four decimals; null when nobody was expected. */
  rate: string | null;
  rateText: string | null;
}

export function tallyView(t: AttendanceTally): TallyView {
  return {
    expected: t.expected,
    present: t.present,
    late: t.late,
    leave: t.leave,
    absent: t.absent,
    unrecorded: t.unrecorded,
    attended: t.attended,
    rate: t.rate === null ? null : shown(t.rate, 4).toFixed(4),
    rateText: t.rate === null ? null : formatPercent(t.rate),
  };
}

export function hoursText(hours: Decimal.Value): string {
  return shown(hours, 2).toFixed(2);
}

/** The rows an actor may see of attendance: a street operator's street, a grid worker's own. */
export function trainingScope(actor: Actor): TrainingScope {
  const workerId = workerScope(actor);
  // a grid worker has no street scope (streetScope answers "nothing"): their own rows are the scope
  if (workerId !== null && workerId !== -1) return { streetId: null, workerId };
  return { streetId: streetScope(actor), workerId };
}

/**
 * Which sessions an actor sees (SQL condition on `s`, parameters pushed): centre roles all of them; a
 * street operator those for all workers, for their street, or with their street's workers expected; a
 * grid worker the held sessions they were expected at and the coming ones of their audience.
 */
export function sessionVisibility(actor: Actor, params: unknown[]): string {
  const { streetId, workerId } = trainingScope(actor);
  if (workerId !== null) {
    const w = `$${params.push(workerId)}::int`;
    return `(EXISTS (SELECT 1 FROM training_expected e WHERE e.session_id = s.id AND e.worker_id = ${w})
             OR (s.state <> 'held' AND (s.audience_kind = 'all' OR EXISTS (
                   SELECT 1 FROM training_session_street ss JOIN grid_worker gw ON gw.street_id = ss.street_id
                    WHERE ss.session_id = s.id AND gw.id = ${w}))))`;
  }
  if (streetId !== null) {
    const st = `$${params.push(streetId)}::int`;
    return `(s.audience_kind = 'all'
             OR EXISTS (SELECT 1 FROM training_session_street ss WHERE ss.session_id = s.id AND ss.street_id = ${st})
             OR EXISTS (SELECT 1 FROM training_expected e WHERE e.session_id = s.id AND e.street_id = ${st}))`;
  }
  return 'true';
}

export interface SessionRow {
  id: number;
  plan_item_id: number | null;
  title: string;
  organiser: string;
  mode: TrainingMode;
  starts_at: Date;
  ends_at: Date;
  hours: string;
  place: string | null;
  meeting_link: string | null;
  audience_kind: 'all' | 'streets';
  street_ids: number[];
  counts_as_general_training: boolean;
  state: SessionState;
  held_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
}

export const SELECT_SESSION = `
  SELECT s.id, s.plan_item_id, s.title, s.organiser, s.mode, s.starts_at, s.ends_at, s.hours, s.place, s.meeting_link,
         s.audience_kind, s.counts_as_general_training, s.state, s.held_at, s.cancelled_at, s.cancel_reason,
         COALESCE((SELECT array_agg(ss.street_id ORDER BY ss.street_id) FROM training_session_street ss WHERE ss.session_id = s.id), '{}') AS street_ids
    FROM training_session s`;

export function audienceOf(r: Pick<SessionRow, 'audience_kind' | 'street_ids'>): TrainingAudience {
  return r.audience_kind === 'all' ? { kind: 'all' } : { kind: 'streets', streetIds: r.street_ids.map(String) };
}

/** The session as the pure rules see it. */
export function sessionOf(r: SessionRow): TrainingSession {
  return {
    title: r.title,
    organiser: r.organiser,
    mode: r.mode,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    hours: new Decimal(r.hours),
    place: r.place,
    meetingLink: r.meeting_link,
    audience: audienceOf(r),
    countsAsGeneralTraining: r.counts_as_general_training,
  };
}

export async function streetNames(db: Db): Promise<Map<string, string>> {
  const rows = await queryRows<{ id: number; name: string }>(db, `SELECT id, name FROM org_unit WHERE level = 'street' ORDER BY sort_order, code`);
  return new Map(rows.map((r) => [String(r.id), r.name]));
}

export interface SessionView {
  id: number;
  title: string;
  organiser: string;
  mode: TrainingMode;
  modeName: string;
  startsAt: string;
  endsAt: string;
  /** Shanghai day of the session: the roster day of its expected list. */
  day: string;
  hours: string;
  place: string | null;
  meetingLink: string | null;
  audience: { kind: 'all' | 'streets'; streetIds: number[]; label: string };
  countsAsGeneralTraining: boolean;
  state: SessionState;
  stateName: string;
  planItemId: number | null;
  heldAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export function sessionView(r: SessionRow, names: ReadonlyMap<string, string>): SessionView {
  return {
    id: r.id,
    title: r.title,
    organiser: r.organiser,
    mode: r.mode,
    modeName: TRAINING_MODE_LABELS[r.mode],
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    day: sessionDay(r.starts_at),
    hours: hoursText(r.hours),
    place: r.place,
    meetingLink: r.meeting_link,
    audience: { kind: r.audience_kind, streetIds: r.street_ids, label: audienceLabel(audienceOf(r), names) },
    countsAsGeneralTraining: r.counts_as_general_training,
    state: r.state,
    stateName: SESSION_STATE_LABELS[r.state],
    planItemId: r.plan_item_id,
    heldAt: r.held_at?.toISOString() ?? null,
    cancelledAt: r.cancelled_at?.toISOString() ?? null,
    cancelReason: r.cancel_reason,
  };
}
