import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../database/sql';
import { CalendarYear, WorkingDayCalendar } from '../working-days/working-day.calendar';
import { CaseLimitKind, supervisionNoticesToOpen } from './case-deadlines.rules';
import { CaseHistoryDetails } from './case-workflow.rules';
import { CaseAssigneeKind, CaseKind, CaseSnapshot, CaseState } from './case.types';
import { DEFAULT_CASE_CATEGORIES, flattenCategories } from './default-categories.data';

type Db = Pick<DataSource | EntityManager, 'query'>;

/**
 * Database helpers of incidents shared by the API, the worker and the demo seeder (the store layer, like
 * accounts.store.ts): the working-day calendar as data, the default category tree, and the mapping between
 * a case row and the CaseSnapshot the rules work on.
 */

/** The working-day calendar of every imported year. */
export async function loadWorkingDayCalendar(db: Db): Promise<WorkingDayCalendar> {
  const rows = await queryRows<{ year: number; day: string | null; kind: 'holiday' | 'workday' | null; name: string | null }>(
    db,
    `SELECT y.year, e.day, e.kind, e.name FROM working_day_year y LEFT JOIN working_day_entry e ON e.year = y.year ORDER BY y.year, e.day`,
  );
  const years = new Map<number, CalendarYear>();
  for (const r of rows) {
    const y = years.get(r.year) ?? { year: r.year, entries: [] };
    if (r.day && r.kind && r.name) y.entries.push({ date: r.day, kind: r.kind, name: r.name });
    years.set(r.year, y);
  }
  return WorkingDayCalendar.fromYears([...years.values()]);
}

/**
 * Replaces the data of the given years (already validated: the caller parsed the CSV and built a calendar
 * from it). Runs in the caller's transaction: all years or none.
 */
export async function saveCalendarYears(em: Db, years: readonly CalendarYear[], source: string, userId: number | null): Promise<void> {
  for (const y of years) {
    await em.query(
      `INSERT INTO working_day_year (year, source, imported_by, imported_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, imported_by = EXCLUDED.imported_by, imported_at = now()`,
      [y.year, source, userId],
    );
    await em.query(`DELETE FROM working_day_entry WHERE year = $1`, [y.year]);
    await em.query(
      `INSERT INTO working_day_entry (day, year, kind, name) SELECT unnest($2::date[]), $1, unnest($3::text[]), unnest($4::text[])`,
      [y.year, y.entries.map((e) => e.date), y.entries.map((e) => e.kind), y.entries.map((e) => e.name)],
    );
  }
}

/** Names the default tree uses that a deployment may call differently (the demo district says 区住建局). */
const DEPARTMENT_ALIASES: Record<string, string[]> = {
  区住房和城乡建设局: ['区住建局'],
  区人力资源和社会保障局: ['区人社局'],
  区市场监督管理局: ['区市场监管局'],
};

/**
 * Loads the default category tree (DEFAULT_CASE_CATEGORIES) where its codes are missing; existing categories
 * are left as the centre edited them. A default department that the deployment lacks leaves the default
 * target empty (the centre picks one when it dispatches). Returns the number of categories added.
 */
export async function installDefaultCategories(em: Db): Promise<number> {
  const departments = await queryRows<{ id: number; name: string }>(em, `SELECT id, name FROM department`);
  const byName = new Map(departments.map((d) => [d.name, d.id]));
  const departmentId = (name: string): number | null => {
    for (const n of [name, ...(DEPARTMENT_ALIASES[name] ?? [])]) if (byName.has(n)) return byName.get(n)!;
    return null;
  };
  let added = 0;
  for (const [i, c] of flattenCategories(DEFAULT_CASE_CATEGORIES).entries()) {
    const rows = await queryRows<{ id: number }>(
      em,
      `INSERT INTO case_category (parent_id, code, name, kind, response_limit_wd, handling_limit_wd, self_closable, default_assignee_kind, default_department_id, sort_order)
       VALUES ((SELECT id FROM case_category WHERE code = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [
        c.parentCode,
        c.code,
        c.name,
        c.kind,
        c.responseLimitWorkingDays,
        c.handlingLimitWorkingDays,
        c.selfClosable,
        c.dispatchTo.kind,
        c.dispatchTo.kind === 'department' ? departmentId(c.dispatchTo.department) : null,
        i + 1,
      ],
    );
    added += rows.length;
  }
  return added;
}

/** The columns of incident_case the rules need, as pg returns them. */
export interface CaseRow {
  id: string;
  kind: CaseKind;
  state: CaseState;
  version: number;
  reporter_user_id: number | null;
  response_limit_wd: number;
  handling_limit_wd: number;
  self_closable: boolean;
  assignee_kind: CaseAssigneeKind | null;
  assignee_department_id: number | null;
  assignee_street_id: number | null;
  reported_at: Date;
  response_due_at: Date;
  responded_at: Date | null;
  accepted_at: Date | null;
  handling_due_at: Date | null;
  dispatched_at: Date | null;
  closed_at: Date | null;
  rejected_at: Date | null;
  reject_reason: string | null;
  extension_count: number;
  rework_count: number;
  /** The pending extension request, joined in (null when none). */
  ext_days: number | null;
  ext_reason: string | null;
  ext_requested_at: Date | null;
  ext_requested_by: number | null;
}

export const CASE_ROW_COLUMNS = `c.id, c.kind, c.state, c.version, c.reporter_user_id, c.response_limit_wd, c.handling_limit_wd,
  c.self_closable, c.assignee_kind, c.assignee_department_id, c.assignee_street_id, c.reported_at, c.response_due_at,
  c.responded_at, c.accepted_at, c.handling_due_at, c.dispatched_at, c.closed_at, c.rejected_at, c.reject_reason,
  c.extension_count, c.rework_count,
  x.requested_days AS ext_days, x.reason AS ext_reason, x.requested_at AS ext_requested_at, x.requested_by AS ext_requested_by`;

export const CASE_ROW_FROM = `incident_case c LEFT JOIN case_extension x ON x.case_id = c.id AND x.status = 'pending'`;

export function snapshotOf(r: CaseRow): CaseSnapshot {
  return {
    kind: r.kind,
    state: r.state,
    version: r.version,
    // a case brought over without an account of its reporter can never be self-closed by anyone
    reporterUserId: r.reporter_user_id ?? -1,
    limits: { responseLimitWorkingDays: r.response_limit_wd, handlingLimitWorkingDays: r.handling_limit_wd },
    selfClosable: r.self_closable,
    assignee:
      r.assignee_kind === 'department'
        ? { kind: 'department', id: r.assignee_department_id! }
        : r.assignee_kind === 'street'
          ? { kind: 'street', id: r.assignee_street_id! }
          : null,
    reportedAt: r.reported_at,
    responseDueAt: r.response_due_at,
    respondedAt: r.responded_at,
    acceptedAt: r.accepted_at,
    handlingDueAt: r.handling_due_at,
    dispatchedAt: r.dispatched_at,
    closedAt: r.closed_at,
    rejectedAt: r.rejected_at,
    rejectReason: r.reject_reason,
    pendingExtension:
      r.ext_days !== null
        ? { extraWorkingDays: r.ext_days, reason: r.ext_reason ?? '', requestedAt: r.ext_requested_at!, requestedByUserId: r.ext_requested_by ?? 0 }
        : null,
    extensionCount: r.extension_count,
    reworkCount: r.rework_count,
  };
}

/** History details as stored (jsonb): dates as ISO strings. */
export function detailsJson(d: CaseHistoryDetails): Record<string, unknown> {
  return JSON.parse(JSON.stringify(d)) as Record<string, unknown>;
}

export interface SweepResult {
  /** Open cases past a due at the instant of the sweep. */
  overdue: number;
  /** Cases marked overdue for the first time. */
  marked: number;
  /** 督办 notices opened (never a second one per case and limit). */
  opened: number;
}

/**
 * The overdue sweep (督办): finds the open cases past a due at `at`, marks the ones not marked yet, and opens
 * a supervision notice on each limit that has none (supervisionNoticesToOpen; the unique (case, limit) key
 * makes a second sweep, or two sweeps at once, a no-op). Reads only open cases, through partial indexes.
 */
export async function sweepOverdueCases(db: DataSource, at: Date): Promise<SweepResult> {
  return db.transaction(async (em) => {
    const rows = await queryRows<{
      id: string;
      state: CaseState;
      response_due_at: Date;
      responded_at: Date | null;
      handling_due_at: Date | null;
      closed_at: Date | null;
      overdue_since: Date | null;
      limits: string[];
    }>(
      em,
      `SELECT c.id, c.state, c.response_due_at, c.responded_at, c.handling_due_at, c.closed_at, c.overdue_since,
              COALESCE(array_agg(s.limit_kind) FILTER (WHERE s.limit_kind IS NOT NULL), '{}') AS limits
         FROM incident_case c LEFT JOIN case_supervision s ON s.case_id = c.id
        WHERE (c.responded_at IS NULL AND c.state = 'reported' AND c.response_due_at < $1)
           OR (c.closed_at IS NULL AND c.state NOT IN ('closed','rejected') AND c.handling_due_at < $1)
        GROUP BY c.id`,
      [at],
    );
    const drafts: Array<{ caseId: string; limit: CaseLimitKind; dueAt: Date; message: string }> = [];
    const toMark: string[] = [];
    for (const r of rows) {
      const view = { state: r.state, responseDueAt: r.response_due_at, respondedAt: r.responded_at, handlingDueAt: r.handling_due_at, closedAt: r.closed_at };
      const notices = supervisionNoticesToOpen(view, r.limits.map((l) => ({ limit: l as CaseLimitKind })), at);
      for (const n of notices) drafts.push({ caseId: r.id, limit: n.limit, dueAt: n.dueAt, message: n.message });
      if (!r.overdue_since) toMark.push(r.id);
    }
    const opened = drafts.length
      ? await queryRows<{ id: string }>(
          em,
          `INSERT INTO case_supervision (case_id, limit_kind, due_at, opened_at, message)
           SELECT unnest($1::bigint[]), unnest($2::text[]), unnest($3::timestamptz[]), $4, unnest($5::text[])
           ON CONFLICT (case_id, limit_kind) DO NOTHING RETURNING id`,
          [drafts.map((d) => d.caseId), drafts.map((d) => d.limit), drafts.map((d) => d.dueAt), at, drafts.map((d) => d.message)],
        )
      : [];
    if (toMark.length) await em.query(`UPDATE incident_case SET overdue_since = $2 WHERE id = ANY($1::bigint[]) AND overdue_since IS NULL`, [toMark, at]);
    return { overdue: rows.length, marked: toMark.length, opened: opened.length };
  });
}
