import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError } from '@app/domain';
import { addDays, startOfShanghaiDay } from '@app/domain/calendar/shanghai';
import { allOf, queryOne, queryRows, toInt } from '@app/domain/database/sql';
import { CALLBACK_OUTCOME_LABELS, CallbackOutcome } from '@app/domain/incidents/case-figures.rules';
import { CASE_LIMIT_LABELS, CaseLimitKind, formatDue, limitStatus, LIMIT_STATUS_LABELS, overdueLimits } from '@app/domain/incidents/case-deadlines.rules';
import { canSeeCase, caseScopeSql, CaseScopeRow } from '@app/domain/incidents/case-scope';
import {
  applyAction,
  availableActions,
  CASE_ACTION_LABELS,
  CaseAction,
  CaseActionInput,
  CaseHistoryAction,
  CaseHistoryDetails,
  openCase,
} from '@app/domain/incidents/case-workflow.rules';
import { CASE_KIND_LABELS, CASE_ROLE_LABELS, CASE_STATE_LABELS, CaseAssigneeKind, CaseKind, CaseRole, CaseSnapshot, CaseState } from '@app/domain/incidents/case.types';
import { CASE_EXTENSION_STATUS_LABELS, CaseExtensionStatus } from '@app/domain/incidents/incident-case.entity';
import { CASE_ROW_COLUMNS, CASE_ROW_FROM, CaseRow, detailsJson, snapshotOf } from '@app/domain/incidents/incident.store';
import { Page, pageOf } from '../common/pagination.dto';
import { CaseClock } from './case-clock';
import { CategoriesService } from './categories.service';
import { CallbackDto, CaseActionDto, CaseQuery, ReportCaseDto } from './dto/case.dto';
import { WorkingCalendarService } from './working-calendar.service';

/** 案件编号 as people quote it: SJ (事件) or FW (服务事项), the report day, and the id. */
export const CASE_CODE_SQL = `(CASE c.kind WHEN 'incident' THEN 'SJ' ELSE 'FW' END || to_char(c.reported_at, 'YYYYMMDD') || lpad(c.id::text, 6, '0'))`;

export interface CaseSummary {
  id: number;
  code: string;
  kind: CaseKind;
  kindName: string;
  category: { id: number; name: string; path: string };
  street: { id: number; name: string };
  grid: { id: number; name: string };
  address: string;
  description: string;
  state: CaseState;
  stateName: string;
  version: number;
  reportedAt: Date;
  responseDueAt: Date;
  handlingDueAt: Date | null;
  closedAt: Date | null;
  assignee: { kind: CaseAssigneeKind; kindName: string; id: number; name: string } | null;
  overdue: boolean;
  supervised: boolean;
  reworkCount: number;
}

interface ListRow extends CaseScopeRow {
  id: string;
  code: string;
  kind: CaseKind;
  category_id: number;
  category_name: string;
  category_parent_name: string | null;
  street_name: string;
  grid_id: number;
  grid_name: string;
  address: string;
  description: string;
  state: CaseState;
  version: number;
  reported_at: Date;
  response_due_at: Date;
  responded_at: Date | null;
  handling_due_at: Date | null;
  closed_at: Date | null;
  assignee_kind: CaseAssigneeKind | null;
  assignee_name: string | null;
  supervised: boolean;
  rework_count: number;
}

const SELECT_LIST = `
  SELECT c.id, ${CASE_CODE_SQL} AS code, c.kind, c.category_id, cat.name AS category_name, pc.name AS category_parent_name,
         c.street_id, s.name AS street_name, c.grid_id, g.name AS grid_name, c.address, c.description, c.state, c.version,
         c.reported_at, c.response_due_at, c.responded_at, c.handling_due_at, c.closed_at,
         c.assignee_kind, c.assignee_department_id, c.assignee_street_id, COALESCE(ad.name, asn.name) AS assignee_name,
         c.reporter_user_id, c.reporter_worker_id, c.rework_count,
         EXISTS (SELECT 1 FROM case_supervision sv WHERE sv.case_id = c.id) AS supervised
    FROM incident_case c
    JOIN case_category cat ON cat.id = c.category_id
    LEFT JOIN case_category pc ON pc.id = cat.parent_id
    JOIN org_unit s ON s.id = c.street_id
    JOIN org_unit g ON g.id = c.grid_id
    LEFT JOIN department ad ON ad.id = c.assignee_department_id
    LEFT JOIN org_unit asn ON asn.id = c.assignee_street_id`;

/** Open and past a due: the live "overdue" of lists (the sweep marks and supervises them every 15 minutes). */
const OVERDUE_SQL = (at: string) =>
  `((c.state = 'reported' AND c.responded_at IS NULL AND ${at} > c.response_due_at)
    OR (c.state NOT IN ('closed','rejected') AND c.handling_due_at IS NOT NULL AND ${at} > c.handling_due_at))`;

function summary(r: ListRow, now: Date): CaseSummary {
  const overdue = overdueLimits({ state: r.state, responseDueAt: r.response_due_at, respondedAt: r.responded_at, handlingDueAt: r.handling_due_at, closedAt: r.closed_at }, now).length > 0;
  const assigneeId = r.assignee_kind === 'department' ? r.assignee_department_id : r.assignee_street_id;
  return {
    id: Number(r.id),
    code: r.code,
    kind: r.kind,
    kindName: CASE_KIND_LABELS[r.kind],
    category: { id: r.category_id, name: r.category_name, path: r.category_parent_name ? `${r.category_parent_name} / ${r.category_name}` : r.category_name },
    street: { id: r.street_id, name: r.street_name },
    grid: { id: r.grid_id, name: r.grid_name },
    address: r.address,
    description: r.description,
    state: r.state,
    stateName: CASE_STATE_LABELS[r.state],
    version: r.version,
    reportedAt: r.reported_at,
    responseDueAt: r.response_due_at,
    handlingDueAt: r.handling_due_at,
    closedAt: r.closed_at,
    assignee: r.assignee_kind && assigneeId ? { kind: r.assignee_kind, kindName: r.assignee_kind === 'department' ? '职能部门' : '镇（街道）', id: assigneeId, name: r.assignee_name ?? '' } : null,
    overdue,
    supervised: r.supervised,
    reworkCount: r.rework_count,
  };
}

/** Report modes: who files the case for which grid. */
function reportMode(actor: Actor): 'centre' | 'street' | 'worker' | null {
  if (actor.roles.includes('centre_admin') || actor.roles.includes('centre_staff')) return 'centre';
  if (actor.roles.includes('street_operator') && actor.streetId !== null) return 'street';
  if (actor.roles.includes('grid_worker') && actor.workerId !== null) return 'worker';
  return null;
}

/**
 * Cases through the closed loop. Reads and writes are narrowed to what the caller may see (case-scope.ts:
 * a case out of scope is 404); the transition rules (case-workflow.rules.ts) decide who may do what (403),
 * and a stale version or state is a 409. An action locks the case row (SELECT … FOR UPDATE) and checks the
 * version the caller saw, so of two people acting at once one wins and the other gets 409 with nothing lost.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: CaseClock,
    private readonly calendars: WorkingCalendarService,
    private readonly categories: CategoriesService,
  ) {}

  /**
   * 上报. The lean path: the category and the calendar come from memory, and the case and its first history
   * line are written by one statement that also checks the grid (the reporter's own grid for a grid worker).
   */
  async report(actor: Actor, dto: ReportCaseDto): Promise<{ id: number; code: string; kind: CaseKind; state: CaseState; version: number; reportedAt: Date; responseDueAt: Date }> {
    const mode = reportMode(actor);
    if (!mode) throw DomainError.forbidden('无权上报案件');
    if (mode !== 'worker' && !dto.gridId) throw DomainError.invalid('gridId', '代为登记时须选择所在网格');
    const now = this.clock.now();
    const [category, calendar] = await Promise.all([this.categories.forNewCase(dto.categoryId), this.calendars.calendar()]);
    const opened = openCase(category, actor, now, calendar, dto.remark);
    const s = opened.snapshot;
    const row = await queryOne<{ id: string; code: string }>(
      this.db,
      `WITH w AS (SELECT grid_id FROM grid_worker WHERE id = $14::int),
            g AS (SELECT o.id, o.street_id FROM org_unit o
                   WHERE o.level = 'grid'
                     AND o.id = COALESCE($3::int, (SELECT grid_id FROM w))
                     AND ($15::text <> 'worker' OR o.id = (SELECT grid_id FROM w))
                     AND ($16::int IS NULL OR o.street_id = $16::int)),
            c AS (INSERT INTO incident_case (kind, category_id, grid_id, street_id, address, description, reporter_user_id, reporter_worker_id,
                                             reported_at, state, version, response_limit_wd, handling_limit_wd, self_closable, response_due_at)
                  SELECT $1, $2, g.id, g.street_id, $4, $5, $6, $14::int, $7, 'reported', 1, $8, $9, $10, $11 FROM g
                  RETURNING id, kind, reported_at),
            h AS (INSERT INTO case_history (case_id, action, from_state, to_state, actor_user_id, actor_role, at, remark)
                  SELECT id, 'report', NULL, 'reported', $6, $12, $7, $13 FROM c)
       SELECT c.id, ${CASE_CODE_SQL} AS code FROM c`,
      [
        s.kind,
        category.id,
        dto.gridId ?? null,
        (dto.address ?? '').trim(),
        dto.description.trim(),
        actor.userId,
        now,
        s.limits.responseLimitWorkingDays,
        s.limits.handlingLimitWorkingDays,
        s.selfClosable,
        s.responseDueAt,
        opened.history.actorRole,
        opened.history.remark,
        mode === 'worker' ? actor.workerId : null,
        mode,
        mode === 'street' ? actor.streetId : null,
      ],
    );
    if (!row) {
      if (mode === 'worker' && dto.gridId) throw DomainError.forbidden('网格员只能上报本人所在网格的案件');
      if (mode === 'street') throw DomainError.invalid('gridId', '所在网格不存在或不属于本镇（街道）');
      throw DomainError.invalid('gridId', '所在网格不存在');
    }
    return { id: Number(row.id), code: row.code, kind: s.kind, state: s.state, version: s.version, reportedAt: now, responseDueAt: s.responseDueAt };
  }

  async list(actor: Actor, q: CaseQuery): Promise<Page<CaseSummary>> {
    const { page, pageSize, offset } = pageOf(q);
    const now = this.clock.now();
    const params: unknown[] = [];
    const where: string[] = [];
    const scope = caseScopeSql(actor, params);
    if (scope) where.push(scope);
    if (q.state) where.push(`c.state = $${params.push(q.state)}`);
    if (q.kind) where.push(`c.kind = $${params.push(q.kind)}`);
    if (q.streetId) where.push(`c.street_id = $${params.push(q.streetId)}`);
    if (q.departmentId) where.push(`c.assignee_department_id = $${params.push(q.departmentId)}`);
    if (q.categoryId) {
      const p = params.push(q.categoryId);
      where.push(`c.category_id IN (SELECT id FROM case_category WHERE id = $${p} OR parent_id = $${p})`);
    }
    if (q.overdue !== undefined) where.push(`${q.overdue ? '' : 'NOT '}${OVERDUE_SQL(`$${params.push(now)}::timestamptz`)}`);
    if (q.from) where.push(`c.reported_at >= $${params.push(startOfShanghaiDay(q.from))}`);
    if (q.to) where.push(`c.reported_at < $${params.push(startOfShanghaiDay(addDays(q.to, 1)))}`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = await queryRows<{ n: string }>(this.db, `SELECT count(*) AS n FROM incident_case c ${whereSql}`, params);
    const rows = await queryRows<ListRow>(this.db, `${SELECT_LIST} ${whereSql} ORDER BY c.reported_at DESC, c.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, pageSize, offset]);
    return { items: rows.map((r) => summary(r, now)), total: toInt(count.n), page, pageSize };
  }

  /** The case with its timeline, supervision notices, extensions, call-backs and the caller's buttons. */
  async get(actor: Actor, id: number, em: DataSource | EntityManager = this.db, opts: { justActed?: boolean } = {}) {
    const now = this.clock.now();
    const row = await queryOne<ListRow & CaseRow & { reporter_name: string | null; accepted_at: Date | null; dispatched_at: Date | null; rejected_at: Date | null; reject_reason: string | null; response_limit_wd: number; handling_limit_wd: number; extension_count: number }>(
      em,
      `SELECT l.*, ${CASE_ROW_COLUMNS}, COALESCE(w.name, u.display_name) AS reporter_name
         FROM (${SELECT_LIST} WHERE c.id = $1) l
         JOIN (${CASE_ROW_FROM}) ON c.id = l.id
         LEFT JOIN grid_worker w ON w.id = c.reporter_worker_id
         LEFT JOIN app_user u ON u.id = c.reporter_user_id`,
      [id],
    );
    // after 退回 the assignee no longer sees the case, but is shown the result of their own action
    if (!row || (!opts.justActed && !canSeeCase(actor, row))) throw DomainError.notFound('案件', id);
    const snapshot = snapshotOf(row);
    // called inside the action's transaction too, where one connection runs one query at a time
    const [history, supervisions, extensions, callbacks] = await allOf(em, [
      () => queryRows<{ id: string; action: CaseHistoryAction; from_state: CaseState | null; to_state: CaseState; actor_user_id: number | null; actor_name: string | null; actor_role: CaseRole; at: Date; remark: string | null; details: CaseHistoryDetails }>(
        em,
        `SELECT h.id, h.action, h.from_state, h.to_state, h.actor_user_id, u.display_name AS actor_name, h.actor_role, h.at, h.remark, h.details
           FROM case_history h LEFT JOIN app_user u ON u.id = h.actor_user_id WHERE h.case_id = $1 ORDER BY h.id`,
        [id],
      ),
      () => queryRows<{ id: string; limit_kind: CaseLimitKind; due_at: Date; opened_at: Date; message: string }>(em, `SELECT id, limit_kind, due_at, opened_at, message FROM case_supervision WHERE case_id = $1 ORDER BY id`, [id]),
      () => queryRows<{ id: string; requested_days: number; reason: string; requested_at: Date; status: CaseExtensionStatus; approved_days: number | null; decided_at: Date | null; decision_remark: string | null }>(
        em,
        `SELECT id, requested_days, reason, requested_at, status, approved_days, decided_at, decision_remark FROM case_extension WHERE case_id = $1 ORDER BY id`,
        [id],
      ),
      () => queryRows<{ id: string; outcome: CallbackOutcome; remark: string | null; called_at: Date; called_by_name: string | null }>(
        em,
        `SELECT b.id, b.outcome, b.remark, b.called_at, u.display_name AS called_by_name FROM case_callback b LEFT JOIN app_user u ON u.id = b.called_by WHERE b.case_id = $1 ORDER BY b.id`,
        [id],
      ),
    ] as const);
    return {
      ...summary(row, now),
      reporter: { userId: row.reporter_user_id, workerId: row.reporter_worker_id, name: row.reporter_name },
      limits: snapshot.limits,
      selfClosable: snapshot.selfClosable,
      respondedAt: snapshot.respondedAt,
      acceptedAt: snapshot.acceptedAt,
      dispatchedAt: snapshot.dispatchedAt,
      rejectedAt: snapshot.rejectedAt,
      rejectReason: snapshot.rejectReason,
      extensionCount: snapshot.extensionCount,
      responseDue: formatDue(snapshot.responseDueAt),
      handlingDue: snapshot.handlingDueAt ? formatDue(snapshot.handlingDueAt) : null,
      limitStatus: {
        response: { status: limitStatus(snapshot, 'response', now), statusName: LIMIT_STATUS_LABELS[limitStatus(snapshot, 'response', now)] },
        handling: { status: limitStatus(snapshot, 'handling', now), statusName: LIMIT_STATUS_LABELS[limitStatus(snapshot, 'handling', now)] },
      },
      pendingExtension: snapshot.pendingExtension,
      availableActions: availableActions(snapshot, actor).map((a) => ({ action: a, label: CASE_ACTION_LABELS[a] })),
      timeline: history.map((h) => ({
        id: Number(h.id),
        action: h.action,
        actionName: CASE_ACTION_LABELS[h.action],
        fromState: h.from_state,
        fromStateName: h.from_state ? CASE_STATE_LABELS[h.from_state] : null,
        toState: h.to_state,
        toStateName: CASE_STATE_LABELS[h.to_state],
        actor: { userId: h.actor_user_id, name: h.actor_name, role: h.actor_role, roleName: CASE_ROLE_LABELS[h.actor_role] },
        at: h.at,
        remark: h.remark,
        details: h.details,
      })),
      supervisions: supervisions.map((s) => ({ id: Number(s.id), limit: s.limit_kind, limitName: CASE_LIMIT_LABELS[s.limit_kind], dueAt: s.due_at, openedAt: s.opened_at, message: s.message })),
      extensions: extensions.map((e) => ({
        id: Number(e.id),
        requestedDays: e.requested_days,
        reason: e.reason,
        requestedAt: e.requested_at,
        status: e.status,
        statusName: CASE_EXTENSION_STATUS_LABELS[e.status],
        approvedDays: e.approved_days,
        decidedAt: e.decided_at,
        decisionRemark: e.decision_remark,
      })),
      callbacks: callbacks.map((b) => ({ id: Number(b.id), outcome: b.outcome, outcomeName: CALLBACK_OUTCOME_LABELS[b.outcome], remark: b.remark, calledAt: b.called_at, calledBy: b.called_by_name })),
    };
  }

  private async checkAssignee(em: EntityManager, a: { kind: CaseAssigneeKind; id: number } | undefined): Promise<void> {
    if (!a) return;
    const found =
      a.kind === 'department'
        ? await queryOne(em, `SELECT 1 FROM department WHERE id = $1`, [a.id])
        : await queryOne(em, `SELECT 1 FROM org_unit WHERE id = $1 AND level = 'street'`, [a.id]);
    if (!found) throw DomainError.invalid('派遣对象', a.kind === 'department' ? '职能部门不存在' : '镇（街道）不存在');
  }

  /** One action of the closed loop, under the case's row lock. */
  async act(actor: Actor, id: number, dto: CaseActionDto) {
    const now = this.clock.now();
    const calendar = await this.calendars.calendar();
    return this.db.transaction(async (em) => {
      const row = await queryOne<CaseRow & CaseScopeRow>(
        em,
        `SELECT ${CASE_ROW_COLUMNS}, c.street_id, c.reporter_worker_id FROM ${CASE_ROW_FROM} WHERE c.id = $1 FOR UPDATE OF c`,
        [id],
      );
      if (!row || !canSeeCase(actor, row)) throw DomainError.notFound('案件', id);
      const before = snapshotOf(row);
      const input: CaseActionInput = { remark: dto.remark, assignee: dto.assignee ?? null, extraWorkingDays: dto.extraWorkingDays ?? null, expectedVersion: dto.expectedVersion };
      const { snapshot: after, history } = applyAction(before, dto.action, actor, input, now, calendar);
      if (dto.action === 'dispatch' || dto.action === 'redispatch') await this.checkAssignee(em, dto.assignee);
      await this.write(em, id, before, after);
      await em.query(
        `INSERT INTO case_history (case_id, action, from_state, to_state, actor_user_id, actor_role, at, remark, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id, history.action, history.fromState, history.toState, actor.userId, history.actorRole, now, history.remark, detailsJson(history.details)],
      );
      await this.recordExtension(em, id, dto.action, before, after, history.details, history.remark, actor.userId, now);
      return this.get(actor, id, em, { justActed: true });
    });
  }

  private async write(em: EntityManager, id: number, before: CaseSnapshot, s: CaseSnapshot): Promise<void> {
    const [, affected] = (await em.query(
      `UPDATE incident_case SET state = $3, version = $4, assignee_kind = $5, assignee_department_id = $6, assignee_street_id = $7,
              responded_at = $8, accepted_at = $9, handling_due_at = $10, dispatched_at = $11, closed_at = $12, rejected_at = $13,
              reject_reason = $14, extension_count = $15, rework_count = $16, updated_at = now()
        WHERE id = $1 AND version = $2`,
      [
        id,
        before.version,
        s.state,
        s.version,
        s.assignee?.kind ?? null,
        s.assignee?.kind === 'department' ? s.assignee.id : null,
        s.assignee?.kind === 'street' ? s.assignee.id : null,
        s.respondedAt,
        s.acceptedAt,
        s.handlingDueAt,
        s.dispatchedAt,
        s.closedAt,
        s.rejectedAt,
        s.rejectReason,
        s.extensionCount,
        s.reworkCount,
      ],
    )) as [unknown, number];
    // the row is locked, so this cannot happen; kept as the last line of defence of the version rule
    if (affected !== 1) throw DomainError.conflict('案件已被他人处理，请刷新后重试');
  }

  private async recordExtension(em: EntityManager, id: number, action: CaseAction, before: CaseSnapshot, after: CaseSnapshot, details: CaseHistoryDetails, remark: string | null, userId: number, now: Date): Promise<void> {
    if (action === 'request_extension' && after.pendingExtension) {
      await em.query(`INSERT INTO case_extension (case_id, requested_days, reason, requested_at, requested_by) VALUES ($1, $2, $3, $4, $5)`, [id, after.pendingExtension.extraWorkingDays, after.pendingExtension.reason, now, userId]);
      return;
    }
    if (!before.pendingExtension || after.pendingExtension) return;
    const status: CaseExtensionStatus = action === 'approve_extension' ? 'approved' : action === 'refuse_extension' ? 'refused' : 'lapsed';
    await em.query(
      `UPDATE case_extension SET status = $2, approved_days = $3, decided_at = $4, decided_by = $5, decision_remark = $6 WHERE case_id = $1 AND status = 'pending'`,
      [id, status, status === 'approved' ? (details.extraWorkingDays ?? null) : null, now, status === 'lapsed' ? null : userId, status === 'lapsed' ? `因「${CASE_ACTION_LABELS[action]}」失效` : remark],
    );
  }

  /** 回访 of a closed case (by the centre). */
  async callback(actor: Actor, id: number, dto: CallbackDto) {
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      const row = await queryOne<CaseScopeRow & { state: CaseState; closed_at: Date | null }>(
        em,
        `SELECT street_id, assignee_street_id, assignee_department_id, reporter_user_id, reporter_worker_id, state, closed_at FROM incident_case WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row || !canSeeCase(actor, row)) throw DomainError.notFound('案件', id);
      if (row.state !== 'closed' || !row.closed_at) throw DomainError.conflict(`案件当前状态为「${CASE_STATE_LABELS[row.state]}」，结案后才能回访`);
      const calledAt = dto.calledAt ? new Date(dto.calledAt) : now;
      if (calledAt.getTime() > now.getTime() + 60_000) throw DomainError.invalid('回访时间', '不能晚于现在');
      if (calledAt.getTime() < row.closed_at.getTime()) throw DomainError.invalid('回访时间', '不能早于结案时间');
      const b = await queryOne<{ id: string }>(
        em,
        `INSERT INTO case_callback (case_id, outcome, remark, called_at, called_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [id, dto.outcome, dto.remark?.trim() || null, calledAt, actor.userId],
      );
      return { id: Number(b!.id), caseId: id, outcome: dto.outcome, outcomeName: CALLBACK_OUTCOME_LABELS[dto.outcome], calledAt };
    });
  }

  /** Pending (or all) extension requests the caller may see, oldest first. */
  async extensions(actor: Actor, status: CaseExtensionStatus | undefined, q: { page?: number; pageSize?: number }) {
    const { page, pageSize, offset } = pageOf(q);
    const params: unknown[] = [];
    const where: string[] = [];
    const scope = caseScopeSql(actor, params);
    if (scope) where.push(scope);
    if (status) where.push(`x.status = $${params.push(status)}`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = await queryRows<{ n: string }>(this.db, `SELECT count(*) AS n FROM case_extension x JOIN incident_case c ON c.id = x.case_id ${whereSql}`, params);
    const rows = await queryRows<{ id: string; case_id: string; code: string; version: number; requested_days: number; reason: string; requested_at: Date; status: CaseExtensionStatus; handling_due_at: Date | null }>(
      this.db,
      `SELECT x.id, x.case_id, ${CASE_CODE_SQL} AS code, c.version, x.requested_days, x.reason, x.requested_at, x.status, c.handling_due_at
         FROM case_extension x JOIN incident_case c ON c.id = x.case_id ${whereSql}
        ORDER BY x.requested_at, x.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, offset],
    );
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        caseId: Number(r.case_id),
        caseCode: r.code,
        caseVersion: r.version,
        requestedDays: r.requested_days,
        reason: r.reason,
        requestedAt: r.requested_at,
        status: r.status,
        statusName: CASE_EXTENSION_STATUS_LABELS[r.status],
        handlingDue: r.handling_due_at ? formatDue(r.handling_due_at) : null,
      })),
      total: toInt(count.n),
      page,
      pageSize,
    };
  }
}
