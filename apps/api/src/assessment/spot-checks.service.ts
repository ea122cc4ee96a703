import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, todayInShanghai } from '@app/domain';
import { assertCheckableOn, checkDeduction, problemCount, validateSpotCheckItems } from '@app/domain/assessment/check-items';
import {
  applyRectificationStep,
  isOverdue,
  RECTIFICATION_ACTION_LABELS,
  RECTIFICATION_STATUS_LABELS,
  RectificationAction,
  rectificationLabel,
  RectificationStatus,
} from '@app/domain/assessment/rectification.rules';
import { firstDayOfMonth, lastDayOfMonth, shanghaiDate, startOfShanghaiDay } from '@app/domain/calendar/shanghai';
import { queryOne, queryRows, toInt } from '@app/domain/database/sql';
import type { EmploymentEvent } from '@app/domain/roster/employment.rules';
import { lockMonth } from '@app/domain/assessment/assessment.store';
import { Page, pageOf } from '../common/pagination.dto';
import { CheckItemsService } from './check-items.service';
import { CreateSpotCheckDto, RectificationQuery, RectificationReturnDto, RectificationStepDto, SpotCheckQuery } from './dto/assessment.dto';
import { ruleActor, scopeFilters, two } from './assessment-common';

export interface RectificationView {
  id: number;
  spotCheckId: number;
  itemName: string;
  problem: string | null;
  demand: string;
  deadline: string;
  status: RectificationStatus;
  statusName: string;
  overdue: boolean;
  overdueSince: string | null;
  label: string;
  worker: { id: number; code: string; name: string };
  street: { id: number; name: string };
  checkDay: string;
}

export interface RectificationDetail extends RectificationView {
  steps: Array<{ action: RectificationAction; actionName: string; from: string; to: string; note: string | null; newDeadline: string | null; by: string | null; on: string; at: Date }>;
}

export interface SpotCheckView {
  id: number;
  checkDay: string;
  checkedAt: Date;
  worker: { id: number; code: string; name: string };
  street: { id: number; name: string };
  community: { id: number; name: string };
  grid: { id: number; name: string };
  inspector: { id: number; name: string };
  totalDeduction: string;
  problemCount: number;
  note: string;
}

export interface SpotCheckDetail extends SpotCheckView {
  items: Array<{
    itemCode: string;
    itemName: string;
    passed: boolean;
    deduction: string;
    problem: string | null;
    rectification: { id: number; demand: string; deadline: string; status: RectificationStatus; statusName: string; overdue: boolean; label: string } | null;
  }>;
}

interface CheckRow {
  id: number;
  check_day: string;
  checked_at: Date;
  worker_id: number;
  worker_code: string;
  worker_name: string;
  street_id: number;
  street_name: string;
  community_id: number;
  community_name: string;
  grid_id: number;
  grid_name: string;
  inspector_id: number;
  inspector_name: string;
  total_deduction: string;
  problem_count: number;
  note: string;
}

const SELECT_CHECK = `
  SELECT sc.id, sc.check_day, sc.checked_at, sc.worker_id, w.code AS worker_code, w.name AS worker_name,
         sc.street_id, s.name AS street_name, sc.community_id, c.name AS community_name, sc.grid_id, g.name AS grid_name,
         sc.inspector_id, u.display_name AS inspector_name, sc.total_deduction, sc.problem_count, sc.note
    FROM spot_check sc
    JOIN grid_worker w ON w.id = sc.worker_id
    JOIN org_unit s ON s.id = sc.street_id
    JOIN org_unit c ON c.id = sc.community_id
    JOIN org_unit g ON g.id = sc.grid_id
    JOIN app_user u ON u.id = sc.inspector_id`;

function checkView(r: CheckRow): SpotCheckView {
  return {
    id: r.id,
    checkDay: r.check_day,
    checkedAt: r.checked_at,
    worker: { id: r.worker_id, code: r.worker_code, name: r.worker_name },
    street: { id: r.street_id, name: r.street_name },
    community: { id: r.community_id, name: r.community_name },
    grid: { id: r.grid_id, name: r.grid_name },
    inspector: { id: r.inspector_id, name: r.inspector_name },
    totalDeduction: two(r.total_deduction)!,
    problemCount: r.problem_count,
    note: r.note,
  };
}

interface RectRow {
  id: number;
  spot_check_id: number;
  item_name: string;
  problem: string | null;
  demand: string;
  deadline: string;
  status: RectificationStatus;
  overdue_since: string | null;
  worker_id: number;
  worker_code: string;
  worker_name: string;
  street_id: number;
  street_name: string;
  check_day: string;
}

const SELECT_RECT = `
  SELECT r.id, r.spot_check_id, i.item_name, i.problem, r.demand, r.deadline, r.status, r.overdue_since,
         r.worker_id, w.code AS worker_code, w.name AS worker_name, r.street_id, s.name AS street_name, sc.check_day
    FROM rectification r
    JOIN spot_check_item i ON i.id = r.spot_check_item_id
    JOIN spot_check sc ON sc.id = r.spot_check_id
    JOIN grid_worker w ON w.id = r.worker_id
    JOIN org_unit s ON s.id = r.street_id`;

function rectView(r: RectRow, today: string): RectificationView {
  return {
    id: r.id,
    spotCheckId: r.spot_check_id,
    itemName: r.item_name,
    problem: r.problem,
    demand: r.demand,
    deadline: r.deadline,
    status: r.status,
    statusName: RECTIFICATION_STATUS_LABELS[r.status],
    overdue: isOverdue(r, today),
    overdueSince: r.overdue_since,
    label: rectificationLabel(r, today),
    worker: { id: r.worker_id, code: r.worker_code, name: r.worker_name },
    street: { id: r.street_id, name: r.street_name },
    checkDay: r.check_day,
  };
}

/**
 * Spot checks (日抽查) and their rectifications (整改). Centre staff log checks; a street operator sees and
 * reports the rectifications of their street only; a grid worker sees only their own checks.
 */
@Injectable()
export class SpotChecksService {
  constructor(private readonly db: DataSource) {}

  /** The Shanghai day of the check, from `checkDay` or from the instant `checkedAt`, whatever the server's zone. */
  private when(dto: CreateSpotCheckDto, now: Date): { day: string; at: Date } {
    const today = shanghaiDate(now);
    if (dto.checkedAt) {
      const at = new Date(dto.checkedAt);
      const day = shanghaiDate(at);
      if (dto.checkDay && dto.checkDay !== day) throw DomainError.invalid('抽查日期', `与抽查时间不符：抽查时间在上海时间为 ${day}`);
      return { day, at };
    }
    const day = dto.checkDay ?? today;
    return { day, at: day === today ? now : startOfShanghaiDay(day) };
  }

  async create(actor: Actor, dto: CreateSpotCheckDto): Promise<SpotCheckDetail> {
    const now = new Date();
    const { day, at } = this.when(dto, now);
    return this.db.transaction(async (em) => {
      const worker = await queryOne<{ id: number; name: string; street_id: number; community_id: number; grid_id: number }>(
        em,
        `SELECT id, name, street_id, community_id, grid_id FROM grid_worker WHERE id = $1`,
        [dto.workerId],
      );
      if (!worker) throw DomainError.invalid('网格员', `网格员不存在：${dto.workerId}`);
      const [y, m] = day.split('-').map(Number);
      await lockMonth(em, y, m, 'shared');
      const month = await queryOne(em, `SELECT 1 FROM assessment_month WHERE year = $1 AND month = $2 AND status = 'published'`, [y, m]);
      if (month) throw DomainError.conflict(`${y}年${m}月考核结果已发布，不能再登记该月的抽查`);
      const events = await queryRows<EmploymentEvent>(em, `SELECT kind, effective_date AS date FROM employment_event WHERE worker_id = $1 ORDER BY effective_date, id`, [worker.id]);
      assertCheckableOn(worker.name, events, day);
      const { definitions, idOf } = await CheckItemsService.catalogue(em);
      const results = validateSpotCheckItems(day, dto.items, definitions, { today: shanghaiDate(now) });

      const [check] = await queryRows<{ id: number }>(
        em,
        `INSERT INTO spot_check (worker_id, street_id, community_id, grid_id, inspector_id, check_day, checked_at, total_deduction, problem_count, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [worker.id, worker.street_id, worker.community_id, worker.grid_id, actor.userId, day, at, checkDeduction(results).toFixed(2), problemCount(results), dto.note?.trim() ?? ''],
      );
      const items = await queryRows<{ id: number; check_item_id: number }>(
        em,
        `INSERT INTO spot_check_item (spot_check_id, check_item_id, item_name, passed, deduction, problem, sort_order)
         SELECT $1, u.* FROM unnest($2::int[], $3::text[], $4::bool[], $5::numeric[], $6::text[], $7::int[]) AS u
         RETURNING id, check_item_id`,
        [
          check.id,
          results.map((r) => idOf.get(r.itemCode)),
          results.map((r) => r.itemName),
          results.map((r) => r.passed),
          results.map((r) => r.deduction.toFixed(2)),
          results.map((r) => r.problem),
          results.map((_, i) => i),
        ],
      );
      const itemIdOf = new Map(items.map((i) => [i.check_item_id, i.id]));
      const demanded = results
        .map((r, i) => ({ r, input: dto.items[i] }))
        .filter(({ r }) => r.rectificationRequired);
      if (demanded.length) {
        await em.query(
          `INSERT INTO rectification (spot_check_item_id, spot_check_id, street_id, worker_id, demand, deadline)
           SELECT u.item, $1, $2, $3, u.demand, u.deadline FROM unnest($4::int[], $5::text[], $6::date[]) AS u(item, demand, deadline)`,
          [
            check.id,
            worker.street_id,
            worker.id,
            demanded.map(({ r }) => itemIdOf.get(idOf.get(r.itemCode)!)),
            demanded.map(({ r, input }) => input.rectificationDemand?.trim() || r.problem!),
            demanded.map(({ r }) => r.rectificationDeadline),
          ],
        );
      }
      return this.get(actor, check.id, em);
    });
  }

  async list(actor: Actor, q: SpotCheckQuery): Promise<Page<SpotCheckView>> {
    const { page, pageSize, offset } = pageOf(q);
    const params: unknown[] = [];
    const where = scopeFilters(actor, params, { street: 'sc.street_id', worker: 'sc.worker_id' });
    if (q.streetId) where.push(`sc.street_id = $${params.push(q.streetId)}`);
    if (q.workerId) where.push(`sc.worker_id = $${params.push(q.workerId)}`);
    if (q.inspectorId) where.push(`sc.inspector_id = $${params.push(q.inspectorId)}`);
    if (q.month) {
      const [y, m] = q.month.split('-').map(Number);
      where.push(`sc.check_day BETWEEN $${params.push(firstDayOfMonth(y, m))}::date AND $${params.push(lastDayOfMonth(y, m))}::date`);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = await queryRows<{ n: string }>(this.db, `SELECT count(*) AS n FROM spot_check sc ${whereSql}`, params);
    const rows = await queryRows<CheckRow>(
      this.db,
      `${SELECT_CHECK} ${whereSql} ORDER BY sc.check_day DESC, sc.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, offset],
    );
    return { items: rows.map(checkView), total: toInt(count.n), page, pageSize };
  }

  async get(actor: Actor, id: number, em: EntityManager | DataSource = this.db): Promise<SpotCheckDetail> {
    const params: unknown[] = [id];
    const where = ['sc.id = $1', ...scopeFilters(actor, params, { street: 'sc.street_id', worker: 'sc.worker_id' })];
    const row = await queryOne<CheckRow>(em, `${SELECT_CHECK} WHERE ${where.join(' AND ')}`, params);
    if (!row) throw DomainError.notFound('抽查记录', id);
    const today = todayInShanghai();
    const items = await queryRows<{
      code: string;
      item_name: string;
      passed: boolean;
      deduction: string;
      problem: string | null;
      r_id: number | null;
      demand: string | null;
      deadline: string | null;
      status: RectificationStatus | null;
    }>(
      em,
      `SELECT ci.code, i.item_name, i.passed, i.deduction, i.problem, r.id AS r_id, r.demand, r.deadline, r.status
         FROM spot_check_item i JOIN check_item ci ON ci.id = i.check_item_id
         LEFT JOIN rectification r ON r.spot_check_item_id = i.id
        WHERE i.spot_check_id = $1 ORDER BY i.sort_order, i.id`,
      [id],
    );
    return {
      ...checkView(row),
      items: items.map((i) => ({
        itemCode: i.code,
        itemName: i.item_name,
        passed: i.passed,
        deduction: two(i.deduction)!,
        problem: i.problem,
        rectification:
          i.r_id === null
            ? null
            : {
                id: i.r_id,
                demand: i.demand!,
                deadline: i.deadline!,
                status: i.status!,
                statusName: RECTIFICATION_STATUS_LABELS[i.status!],
                overdue: isOverdue({ status: i.status!, deadline: i.deadline! }, today),
                label: rectificationLabel({ status: i.status!, deadline: i.deadline! }, today),
              },
      })),
    };
  }

  async rectifications(actor: Actor, q: RectificationQuery & { overdueOnly?: boolean }): Promise<Page<RectificationView>> {
    const { page, pageSize, offset } = pageOf(q);
    const today = todayInShanghai();
    const params: unknown[] = [];
    const where = scopeFilters(actor, params, { street: 'r.street_id', worker: 'r.worker_id' });
    if (q.streetId) where.push(`r.street_id = $${params.push(q.streetId)}`);
    if (q.status) where.push(`r.status = $${params.push(q.status)}`);
    if (q.overdue || q.overdueOnly) where.push(`r.status <> 'closed' AND r.deadline < $${params.push(today)}::date`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = await queryRows<{ n: string }>(this.db, `SELECT count(*) AS n FROM rectification r ${whereSql}`, params);
    const order = q.overdue || q.overdueOnly ? 'r.deadline, r.id' : 'r.deadline DESC, r.id DESC';
    const rows = await queryRows<RectRow>(this.db, `${SELECT_RECT} ${whereSql} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
      ...params,
      pageSize,
      offset,
    ]);
    return { items: rows.map((r) => rectView(r, today)), total: toInt(count.n), page, pageSize };
  }

  async rectification(actor: Actor, id: number, em: EntityManager | DataSource = this.db): Promise<RectificationDetail> {
    const params: unknown[] = [id];
    const where = ['r.id = $1', ...scopeFilters(actor, params, { street: 'r.street_id', worker: 'r.worker_id' })];
    const row = await queryOne<RectRow>(em, `${SELECT_RECT} WHERE ${where.join(' AND ')}`, params);
    if (!row) throw DomainError.notFound('整改记录', id);
    const steps = await queryRows<{ action: RectificationAction; from_status: RectificationStatus; to_status: RectificationStatus; note: string | null; new_deadline: string | null; by: string | null; acted_on: string; acted_at: Date }>(
      em,
      `SELECT st.action, st.from_status, st.to_status, st.note, st.new_deadline, u.display_name AS by, st.acted_on, st.acted_at
         FROM rectification_step st LEFT JOIN app_user u ON u.id = st.actor_id
        WHERE st.rectification_id = $1 ORDER BY st.id`,
      [id],
    );
    return {
      ...rectView(row, todayInShanghai()),
      steps: steps.map((s) => ({
        action: s.action,
        actionName: RECTIFICATION_ACTION_LABELS[s.action],
        from: RECTIFICATION_STATUS_LABELS[s.from_status],
        to: RECTIFICATION_STATUS_LABELS[s.to_status],
        note: s.note,
        newDeadline: s.new_deadline,
        by: s.by,
        on: s.acted_on,
        at: s.acted_at,
      })),
    };
  }

  /** One step: the street reports it done, the centre verifies (销号) or sends it back. Who and when are kept. */
  async step(actor: Actor, id: number, action: RectificationAction, dto: RectificationStepDto | RectificationReturnDto): Promise<RectificationDetail> {
    return this.db.transaction(async (em) => {
      await this.rectification(actor, id, em); // 404 outside the actor's scope
      const r = (await queryOne<{ status: RectificationStatus; street_id: number; deadline: string }>(
        em,
        `SELECT status, street_id, deadline FROM rectification WHERE id = $1 FOR UPDATE`,
        [id],
      ))!;
      const outcome = applyRectificationStep(
        { status: r.status, streetId: String(r.street_id), deadline: r.deadline },
        { action, note: dto.note, newDeadline: 'newDeadline' in dto ? dto.newDeadline : undefined },
        ruleActor(actor),
        new Date(),
      );
      await em.query(
        `UPDATE rectification SET status = $2, deadline = $3,
                overdue_since = CASE WHEN $3::date <> deadline THEN NULL ELSE overdue_since END,
                closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE NULL END, updated_at = now()
          WHERE id = $1`,
        [id, outcome.to, outcome.deadline],
      );
      await em.query(
        `INSERT INTO rectification_step (rectification_id, action, from_status, to_status, note, new_deadline, actor_id, acted_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, action, outcome.from, outcome.to, outcome.note, outcome.deadline !== r.deadline ? outcome.deadline : null, actor.userId || null, outcome.day],
      );
      return this.rectification(actor, id, em);
    });
  }
}
