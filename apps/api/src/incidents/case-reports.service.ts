import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DomainError, JobName, seesEverything } from '@app/domain';
import { addDays, startOfShanghaiDay } from '@app/domain/calendar/shanghai';
import { queryRows, toInt } from '@app/domain/database/sql';
import { CASE_LIMIT_LABELS, CaseLimitKind } from '@app/domain/incidents/case-deadlines.rules';
import { caseScopeSql } from '@app/domain/incidents/case-scope';
import { CASE_STATE_LABELS, CaseState } from '@app/domain/incidents/case.types';
import { CASE_FIGURE_GROUP_LABELS, CaseFigureGroup, CaseFigureRowOut, queryCaseFigures } from '@app/reporting/incidents/case-figures.query';
import { renderCaseFiguresWorkbook } from '@app/reporting/incidents/case-figures.workbook';
import { queryMaintenanceFigures } from '@app/reporting/incidents/maintenance-figures.query';
import { pageOf } from '../common/pagination.dto';
import { JobQueuesService as JobQueues } from '@app/domain/jobs/job-queues.service';
import { CaseClock } from './case-clock';
import { CASE_CODE_SQL } from './cases.service';
import { FiguresQuery, SupervisionQuery } from './dto/case.dto';

function figureJson(r: CaseFigureRowOut) {
  const rate = (d: { toDecimalPlaces(n: number): { toFixed(): string } } | null) => (d === null ? null : d.toDecimalPlaces(6).toFixed());
  return { ...r, onTimeRate: rate(r.onTimeRate), satisfaction: { ...r.satisfaction, rate: rate(r.satisfaction.rate) } };
}

/** Supervision notices, the overdue sweep on demand, and the figures (JSON and xlsx). */
@Injectable()
export class CaseReportsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: CaseClock,
    private readonly queues: JobQueues,
  ) {}

  async supervisions(actor: Actor, q: SupervisionQuery) {
    const { page, pageSize, offset } = pageOf(q);
    const params: unknown[] = [];
    const where: string[] = [];
    const scope = caseScopeSql(actor, params);
    if (scope) where.push(scope);
    if (q.from) where.push(`sv.opened_at >= $${params.push(startOfShanghaiDay(q.from))}`);
    if (q.to) where.push(`sv.opened_at < $${params.push(startOfShanghaiDay(addDays(q.to, 1)))}`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = await queryRows<{ n: string }>(this.db, `SELECT count(*) AS n FROM case_supervision sv JOIN incident_case c ON c.id = sv.case_id ${whereSql}`, params);
    const rows = await queryRows<{ id: string; case_id: string; code: string; state: CaseState; limit_kind: CaseLimitKind; due_at: Date; opened_at: Date; message: string; street_name: string; assignee_name: string | null }>(
      this.db,
      `SELECT sv.id, sv.case_id, ${CASE_CODE_SQL} AS code, c.state, sv.limit_kind, sv.due_at, sv.opened_at, sv.message, s.name AS street_name,
              COALESCE(d.name, a.name) AS assignee_name
         FROM case_supervision sv JOIN incident_case c ON c.id = sv.case_id JOIN org_unit s ON s.id = c.street_id
         LEFT JOIN department d ON d.id = c.assignee_department_id LEFT JOIN org_unit a ON a.id = c.assignee_street_id
         ${whereSql} ORDER BY sv.opened_at DESC, sv.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, offset],
    );
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        caseId: Number(r.case_id),
        caseCode: r.code,
        caseState: r.state,
        caseStateName: CASE_STATE_LABELS[r.state],
        limit: r.limit_kind,
        limitName: CASE_LIMIT_LABELS[r.limit_kind],
        dueAt: r.due_at,
        openedAt: r.opened_at,
        message: r.message,
        street: r.street_name,
        assignee: r.assignee_name,
      })),
      total: toInt(count.n),
      page,
      pageSize,
    };
  }

  async sweepNow(): Promise<{ queue: string; id: string | undefined }> {
    const job = await this.queues.enqueue(JobName.IncidentSweep, { at: new Date(Math.floor(this.clock.now().getTime() / 60_000) * 60_000).toISOString() });
    return { queue: 'system', id: job.id };
  }

  private filterOf(actor: Actor, q: FiguresQuery) {
    if (q.to < q.from) throw DomainError.invalid('统计日期止', '不能早于统计日期起');
    const from = startOfShanghaiDay(q.from);
    const to = startOfShanghaiDay(addDays(q.to, 1));
    const now = this.clock.now();
    return {
      from,
      to,
      // a past period is judged at its end; the current one now
      at: now.getTime() < to.getTime() ? now : to,
      kind: q.kind,
      streetId: q.streetId,
      categoryId: q.categoryId,
      departmentId: q.departmentId,
      viewer: seesEverything(actor) ? null : actor,
    };
  }

  async figures(actor: Actor, q: FiguresQuery) {
    const group: CaseFigureGroup = q.groupBy ?? 'none';
    const filter = this.filterOf(actor, q);
    const rows = await queryCaseFigures(this.db, filter, group);
    return { from: q.from, to: q.to, at: filter.at, groupBy: group, groupName: CASE_FIGURE_GROUP_LABELS[group], rows: rows.map(figureJson) };
  }

  async exportFigures(actor: Actor, q: FiguresQuery): Promise<Buffer> {
    const group: CaseFigureGroup = q.groupBy ?? 'street';
    const filter = this.filterOf(actor, q);
    const rows = await queryCaseFigures(this.db, filter, group);
    const centre = seesEverything(actor);
    return renderCaseFiguresWorkbook({
      title: '网格事件和服务事项办理情况统计表',
      subtitle: `统计期：${q.from} 至 ${q.to}（按上报时间）　分组：${CASE_FIGURE_GROUP_LABELS[group]}`,
      group,
      rows,
      maintenance: centre ? { periodLabel: `统计期：${q.from} 至 ${q.to}（按报障时间）`, figures: await queryMaintenanceFigures(this.db, { start: filter.from, end: filter.to }) } : null,
    });
  }
}
