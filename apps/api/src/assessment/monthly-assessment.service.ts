import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DomainError, JobName, QueueName, todayInShanghai } from '@app/domain';
import {
  computeMonth,
  loadSchemeRows,
  monthInputsFingerprint,
  monthRow,
  MonthRow,
  publishMonth,
  schemeFor,
  SchemeRow,
  schemeOf,
} from '@app/domain/assessment/assessment.store';
import { MONTHLY_ASSESSMENT_STATUS_LABELS, validateAdjustments, validateScoringScheme } from '@app/domain/assessment/monthly-score.rules';
import { summariseSpotChecks } from '@app/domain/assessment/spot-check-summary.rules';
import type { RectificationStatus } from '@app/domain/assessment/rectification.rules';
import { Dec } from '@app/domain/common/decimal';
import { firstDayOfMonth, lastDayOfMonth } from '@app/domain/calendar/shanghai';
import { queryOne, queryRows, toInt } from '@app/domain/database/sql';
import { renderMonthlyNotice } from '@app/reporting/assessment/monthly-notice.renderer';
import { Page, pageOf } from '../common/pagination.dto';
import { JobQueuesService as JobQueues } from '@app/domain/jobs/job-queues.service';
import { AdjustmentDto, CreateSchemeDto, MonthlyResultQuery } from './dto/assessment.dto';
import { assertMayReadNotices, assertYearMonth, scopeFilters, two } from './assessment-common';

export const UNIT_NAME_FALLBACK = '网格化管理服务中心';

export interface MonthView {
  year: number;
  month: number;
  status: 'draft' | 'published' | 'not_computed';
  statusName: string;
  schemeVersion: number | null;
  workerCount: number;
  computedAt: Date | null;
  publishedAt: Date | null;
}

function monthView(year: number, month: number, m: MonthRow | undefined): MonthView {
  return {
    year,
    month,
    status: m && m.computed_at ? m.status : 'not_computed',
    statusName: m && m.computed_at ? MONTHLY_ASSESSMENT_STATUS_LABELS[m.status] : '未计算',
    schemeVersion: m?.scheme_version ?? null,
    workerCount: m?.worker_count ?? 0,
    computedAt: m?.computed_at ?? null,
    publishedAt: m?.published_at ?? null,
  };
}

function schemeView(r: SchemeRow) {
  return {
    version: r.version,
    effectiveFrom: `${r.effective_year}-${String(r.effective_month).padStart(2, '0')}`,
    baseScore: two(r.base_score),
    floorScore: two(r.floor_score),
    capScore: two(r.cap_score),
    adjustmentsAllowed: r.adjustments_allowed,
    note: r.note,
    createdAt: r.created_at,
  };
}

/** The name of the district the centre serves, for the notices: 芦淞区网格化管理服务中心. */
export async function unitName(db: DataSource): Promise<string> {
  const d = await queryOne<{ name: string }>(db, `SELECT name FROM org_unit WHERE level = 'district' ORDER BY id LIMIT 1`);
  return d ? `${d.name}${UNIT_NAME_FALLBACK}` : UNIT_NAME_FALLBACK;
}

/**
 * Monthly assessment (月考核): the versioned scheme, compute on demand (a queued job), results, documented
 * adjustments, publishing, and the monthly notice (月度通报).
 */
@Injectable()
export class MonthlyAssessmentService {
  constructor(
    private readonly db: DataSource,
    private readonly queues: JobQueues,
  ) {}

  async schemes() {
    return (await loadSchemeRows(this.db)).map(schemeView);
  }

  /** A new scheme version; months already published keep the version they were computed with. */
  async createScheme(actor: Actor, dto: CreateSchemeDto) {
    return this.db.transaction(async (em) => {
      await em.query(`LOCK TABLE scoring_scheme IN SHARE ROW EXCLUSIVE MODE`);
      const max = await queryOne<{ v: number }>(em, `SELECT coalesce(max(version), 0) AS v FROM scoring_scheme`);
      const version = max!.v + 1;
      const problems = validateScoringScheme({
        version,
        effectiveFrom: { year: dto.effectiveYear, month: dto.effectiveMonth },
        baseScore: new Dec(dto.baseScore),
        floor: new Dec(dto.floorScore),
        cap: dto.capScore === undefined ? null : new Dec(dto.capScore),
        adjustmentsAllowed: dto.adjustmentsAllowed,
      });
      if (problems.length) throw DomainError.invalidRows(problems[0].message, problems);
      const [row] = await queryRows<SchemeRow>(
        em,
        `INSERT INTO scoring_scheme (version, effective_year, effective_month, base_score, floor_score, cap_score, adjustments_allowed, note, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [version, dto.effectiveYear, dto.effectiveMonth, dto.baseScore, dto.floorScore, dto.capScore ?? null, dto.adjustmentsAllowed, dto.note?.trim() ?? '', actor.userId || null],
      );
      return schemeView(row);
    });
  }

  async months(year: number): Promise<MonthView[]> {
    const rows = await queryRows<MonthRow>(this.db, `SELECT * FROM assessment_month WHERE year = $1`, [year]);
    return Array.from({ length: 12 }, (_, i) => monthView(year, i + 1, rows.find((r) => r.month === i + 1)));
  }

  /**
   * Enqueues the month's compute. The job id is the month and a fingerprint of its inputs: asking twice
   * for unchanged inputs gives the same job; a new check or adjustment makes a new one.
   */
  async compute(year: number, month: number): Promise<{ queue: QueueName; id: string; year: number; month: number }> {
    assertYearMonth(year, month);
    if (firstDayOfMonth(year, month) > todayInShanghai()) throw DomainError.invalid('月份', `${year}年${month}月尚未开始，不能计算考核结果`);
    const m = await monthRow(this.db, year, month);
    if (m?.status === 'published') throw DomainError.conflict(`${year}年${month}月考核结果已发布，不能重新计算`);
    await schemeFor(this.db, { year, month }); // 409 when no scheme applies, before anything is queued
    const inputs = await monthInputsFingerprint(this.db, year, month);
    const job = await this.queues.enqueue(JobName.AssessmentComputeMonth, { year, month, inputs });
    if ((await job.getState()) === 'failed') await job.retry();
    return { queue: QueueName.Reports, id: job.id!, year, month };
  }

  async results(actor: Actor, year: number, month: number, q: MonthlyResultQuery) {
    assertYearMonth(year, month);
    const { page, pageSize, offset } = pageOf(q);
    const params: unknown[] = [year, month];
    const where = ['a.year = $1', 'a.month = $2', ...scopeFilters(actor, params, { street: 'a.street_id', worker: 'a.worker_id' })];
    if (q.streetId) where.push(`a.street_id = $${params.push(q.streetId)}`);
    if (q.workerId) where.push(`a.worker_id = $${params.push(q.workerId)}`);
    const whereSql = `WHERE ${where.join(' AND ')}`;
    const [count] = await queryRows<{ n: string }>(this.db, `SELECT count(*) AS n FROM monthly_assessment a ${whereSql}`, params);
    const rows = await queryRows<{
      worker_id: number;
      code: string;
      name: string;
      street_id: number;
      street_name: string;
      community_name: string;
      grid_name: string;
      scheme_version: number;
      base_score: string;
      check_count: number;
      total_deduction: string;
      total_adjustment: string;
      score: string;
    }>(
      this.db,
      `SELECT a.worker_id, w.code, w.name, a.street_id, s.name AS street_name, c.name AS community_name, g.name AS grid_name,
              a.scheme_version, a.base_score, a.check_count, a.total_deduction, a.total_adjustment, a.score
         FROM monthly_assessment a
         JOIN grid_worker w ON w.id = a.worker_id
         JOIN org_unit s ON s.id = a.street_id
         JOIN org_unit c ON c.id = a.community_id
         JOIN org_unit g ON g.id = a.grid_id
         ${whereSql}
        ORDER BY s.sort_order, s.code, a.score DESC, w.code
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, offset],
    );
    const page_: Page<unknown> = {
      items: rows.map((r) => ({
        worker: { id: r.worker_id, code: r.code, name: r.name },
        street: { id: r.street_id, name: r.street_name },
        communityName: r.community_name,
        gridName: r.grid_name,
        schemeVersion: r.scheme_version,
        baseScore: two(r.base_score),
        checkCount: r.check_count,
        totalDeduction: two(r.total_deduction),
        totalAdjustment: two(r.total_adjustment),
        score: two(r.score),
      })),
      total: toInt(count.n),
      page,
      pageSize,
    };
    return { month: monthView(year, month, await monthRow(this.db, year, month)), ...page_ };
  }

  async adjustments(actor: Actor, year: number, month: number) {
    assertYearMonth(year, month);
    const params: unknown[] = [year, month];
    const where = ['a.year = $1', 'a.month = $2', ...scopeFilters(actor, params, { street: 'w.street_id', worker: 'a.worker_id' })];
    const rows = await queryRows<{ id: number; worker_id: number; name: string; amount: string; reason: string; by: string | null; created_at: Date }>(
      this.db,
      `SELECT a.id, a.worker_id, w.name, a.amount, a.reason, u.display_name AS by, a.created_at
         FROM score_adjustment a JOIN grid_worker w ON w.id = a.worker_id LEFT JOIN app_user u ON u.id = a.created_by
        WHERE ${where.join(' AND ')} ORDER BY a.id`,
      params,
    );
    return rows.map((r) => ({ id: r.id, worker: { id: r.worker_id, name: r.name }, amount: two(r.amount), reason: r.reason, by: r.by, at: r.created_at }));
  }

  /**
   * Records an adjustment with its reason and author. A computed draft month is recomputed at once. On a
   * published month it is a documented correction: that worker's row alone is recomputed, with the
   * scheme version the month was published with; published rankings stay as they are until the quarter
   * is published again (a new version).
   */
  async addAdjustment(actor: Actor, year: number, month: number, dto: AdjustmentDto) {
    assertYearMonth(year, month);
    return this.db.transaction(async (em) => {
      const m = await monthRow(em, year, month, true);
      const worker = await queryOne<{ id: number; name: string }>(em, `SELECT id, name FROM grid_worker WHERE id = $1`, [dto.workerId]);
      if (!worker) throw DomainError.invalid('网格员', `网格员不存在：${dto.workerId}`);
      const published = m?.status === 'published';
      if (published) {
        const scored = await queryOne(em, `SELECT 1 FROM monthly_assessment WHERE year = $1 AND month = $2 AND worker_id = $3`, [year, month, dto.workerId]);
        if (!scored) throw DomainError.conflict(`网格员${worker.name}在${year}年${month}月没有已发布的考核结果，不能更正`);
      }
      const scheme = published && m!.scheme_version !== null ? schemeOf((await loadSchemeRows(em)).find((r) => r.version === m!.scheme_version)!) : await schemeFor(em, { year, month });
      const [amount] = validateAdjustments(scheme, [{ amount: dto.amount, reason: dto.reason }]);
      const [row] = await queryRows<{ id: number }>(
        em,
        `INSERT INTO score_adjustment (year, month, worker_id, amount, reason, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [year, month, dto.workerId, amount.toFixed(2), dto.reason.trim(), actor.userId || null],
      );
      if (published) await computeMonth(em, year, month, actor.userId || null, { correctWorker: dto.workerId });
      else if (m?.computed_at) await computeMonth(em, year, month, actor.userId || null);
      const score = await queryOne<{ score: string }>(em, `SELECT score FROM monthly_assessment WHERE year = $1 AND month = $2 AND worker_id = $3`, [year, month, dto.workerId]);
      return { id: row.id, workerId: dto.workerId, amount: amount.toFixed(2), reason: dto.reason.trim(), score: two(score?.score), correction: published };
    });
  }

  /**
   * Publishes a month that is over: recomputes it from the current inputs and freezes it in the same
   * transaction, so what is published is what the data says; from then on it never changes.
   */
  async publish(actor: Actor, year: number, month: number): Promise<MonthView> {
    assertYearMonth(year, month);
    if (lastDayOfMonth(year, month) >= todayInShanghai()) throw DomainError.conflict(`${year}年${month}月尚未结束，不能发布考核结果`);
    return this.db.transaction(async (em) => {
      const r = await computeMonth(em, year, month, actor.userId || null);
      if (!r.computed) throw DomainError.conflict(`${year}年${month}月考核结果已发布`);
      return monthView(year, month, await publishMonth(em, year, month, actor.userId || null));
    });
  }

  /** 月度通报: by street, the checks, problems, rectified and overdue (as of `asOf`), and the list of problems. */
  async notice(actor: Actor, year: number, month: number, asOf = todayInShanghai()): Promise<{ buffer: Buffer; fileName: string }> {
    assertYearMonth(year, month);
    assertMayReadNotices(actor);
    const params: unknown[] = [firstDayOfMonth(year, month), lastDayOfMonth(year, month)];
    const scope = scopeFilters(actor, params, { street: 'sc.street_id', worker: 'sc.worker_id' });
    const checkWhere = ['sc.check_day BETWEEN $1::date AND $2::date', ...scope].join(' AND ');
    const streetParams: unknown[] = [];
    const streetScopeSql = scopeFilters(actor, streetParams, { street: 's.id', worker: '0' });
    const streets = await queryRows<{ id: number; name: string }>(
      this.db,
      `SELECT s.id, s.name FROM org_unit s WHERE s.level = 'street' ${streetScopeSql.length ? `AND ${streetScopeSql.join(' AND ')}` : ''} ORDER BY s.sort_order, s.code`,
      streetParams,
    );
    const checks = await queryRows<{ id: number; street_id: number; worker_id: number; check_day: string }>(
      this.db,
      `SELECT sc.id, sc.street_id, sc.worker_id, sc.check_day FROM spot_check sc WHERE ${checkWhere}`,
      params,
    );
    const problems = await queryRows<{
      check_id: number;
      street_id: number;
      street_name: string;
      community_name: string;
      grid_name: string;
      worker_name: string;
      check_day: string;
      item_name: string;
      deduction: string;
      problem: string;
      status: RectificationStatus | null;
      deadline: string | null;
    }>(
      this.db,
      `SELECT sc.id AS check_id, sc.street_id, s.name AS street_name, c.name AS community_name, g.name AS grid_name, w.name AS worker_name,
              sc.check_day, i.item_name, i.deduction, i.problem, r.status, r.deadline
         FROM spot_check sc
         JOIN spot_check_item i ON i.spot_check_id = sc.id AND NOT i.passed
         JOIN grid_worker w ON w.id = sc.worker_id
         JOIN org_unit s ON s.id = sc.street_id
         JOIN org_unit c ON c.id = sc.community_id
         JOIN org_unit g ON g.id = sc.grid_id
         LEFT JOIN rectification r ON r.spot_check_item_id = i.id
        WHERE ${checkWhere}
        ORDER BY s.sort_order, s.code, sc.check_day, sc.id, i.sort_order`,
      params,
    );
    const summary = summariseSpotChecks(
      streets.map((s) => String(s.id)),
      checks.map((c) => ({ checkId: String(c.id), streetId: String(c.street_id), workerId: String(c.worker_id), checkDay: c.check_day })),
      problems.map((p) => ({
        checkId: String(p.check_id),
        streetId: String(p.street_id),
        deduction: p.deduction,
        rectification: p.status ? { status: p.status, deadline: p.deadline! } : null,
      })),
      asOf,
    );
    const streetNames = new Map(streets.map((s) => [String(s.id), s.name]));
    for (const p of problems) streetNames.set(String(p.street_id), p.street_name);
    const buffer = await renderMonthlyNotice({
      year,
      month,
      unitName: await unitName(this.db),
      summary,
      streetNames,
      problems: problems.map((p) => ({
        streetName: p.street_name,
        communityName: p.community_name,
        gridName: p.grid_name,
        workerName: p.worker_name,
        checkDay: p.check_day,
        itemName: p.item_name,
        deduction: p.deduction,
        problem: p.problem,
        rectification: p.status ? { status: p.status, deadline: p.deadline! } : null,
      })),
    });
    const suffix = streets.length === 1 && scope.length ? `（${streets[0].name}）` : '';
    return { buffer, fileName: `${year}年${month}月网格员工作抽查情况通报${suffix}.xlsx` };
  }

}
