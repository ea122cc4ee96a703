import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError } from '@app/domain';
import { addDays, startOfShanghaiDay } from '@app/domain/calendar/shanghai';
import { queryOne, queryRows, toInt } from '@app/domain/database/sql';
import { MAINTENANCE_TICKET_STATE_LABELS, maintenanceTicketProblems, maintenanceTicketState, MaintenanceTicketTimes, minutesBetween } from '@app/domain/incidents/case-figures.rules';
import { maintenanceMetrics } from '@app/reporting/incidents/evaluation-metrics';
import { pageOf } from '../common/pagination.dto';
import { CreateTicketDto, TicketQuery, UpdateTicketDto } from './maintenance.dto';

interface TicketRow {
  id: number;
  title: string;
  description: string;
  reported_at: Date;
  responded_at: Date | null;
  restored_at: Date | null;
  downtime_minutes: number;
}

function view(r: TicketRow) {
  const t: MaintenanceTicketTimes = { reportedAt: r.reported_at, respondedAt: r.responded_at, restoredAt: r.restored_at, downtimeMinutes: r.downtime_minutes };
  const state = maintenanceTicketState(t);
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    reportedAt: r.reported_at,
    respondedAt: r.responded_at,
    restoredAt: r.restored_at,
    downtimeMinutes: r.downtime_minutes,
    responseMinutes: r.responded_at ? Math.round(minutesBetween(r.reported_at, r.responded_at) * 10) / 10 : null,
    state,
    stateName: MAINTENANCE_TICKET_STATE_LABELS[state],
  };
}

const instant = (s: string | null | undefined): Date | null => (s ? new Date(s) : null);

/** 系统运维工单 and their figures (系统故障率, 系统运行维护响应时间). */
@Injectable()
export class MaintenanceService {
  constructor(private readonly db: DataSource) {}

  private check(t: MaintenanceTicketTimes): void {
    const problems = maintenanceTicketProblems(t);
    if (t.reportedAt.getTime() > Date.now() + 60_000) problems.push({ field: '报障时间', message: '报障时间不能晚于现在' });
    if (problems.length) throw DomainError.invalidRows(problems.map((p) => p.message).join('；'), problems);
  }

  async list(q: TicketQuery) {
    const { page, pageSize, offset } = pageOf(q);
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.from) where.push(`reported_at >= $${params.push(startOfShanghaiDay(q.from))}`);
    if (q.to) where.push(`reported_at < $${params.push(startOfShanghaiDay(addDays(q.to, 1)))}`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = await queryRows<{ n: string }>(this.db, `SELECT count(*) AS n FROM maintenance_ticket ${whereSql}`, params);
    const rows = await queryRows<TicketRow>(this.db, `SELECT * FROM maintenance_ticket ${whereSql} ORDER BY reported_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, pageSize, offset]);
    return { items: rows.map(view), total: toInt(count.n), page, pageSize };
  }

  async get(id: number, em: DataSource | EntityManager = this.db) {
    const row = await queryOne<TicketRow>(em, `SELECT * FROM maintenance_ticket WHERE id = $1`, [id]);
    if (!row) throw DomainError.notFound('运维工单', id);
    return view(row);
  }

  async create(actor: Actor, dto: CreateTicketDto) {
    const t = { reportedAt: new Date(dto.reportedAt), respondedAt: instant(dto.respondedAt), restoredAt: instant(dto.restoredAt), downtimeMinutes: dto.downtimeMinutes ?? 0 };
    this.check(t);
    const row = await queryOne<{ id: number }>(
      this.db,
      `INSERT INTO maintenance_ticket (title, description, reported_at, responded_at, restored_at, downtime_minutes, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [dto.title.trim(), dto.description ?? '', t.reportedAt, t.respondedAt, t.restoredAt, t.downtimeMinutes, actor.userId || null],
    );
    return this.get(row!.id);
  }

  async update(id: number, dto: UpdateTicketDto) {
    return this.db.transaction(async (em) => {
      const cur = await queryOne<TicketRow>(em, `SELECT * FROM maintenance_ticket WHERE id = $1 FOR UPDATE`, [id]);
      if (!cur) throw DomainError.notFound('运维工单', id);
      const t = {
        reportedAt: dto.reportedAt ? new Date(dto.reportedAt) : cur.reported_at,
        respondedAt: dto.respondedAt === undefined ? cur.responded_at : instant(dto.respondedAt),
        restoredAt: dto.restoredAt === undefined ? cur.restored_at : instant(dto.restoredAt),
        downtimeMinutes: dto.downtimeMinutes ?? cur.downtime_minutes,
      };
      this.check(t);
      await em.query(
        `UPDATE maintenance_ticket SET title = $2, description = $3, reported_at = $4, responded_at = $5, restored_at = $6, downtime_minutes = $7, updated_at = now() WHERE id = $1`,
        [id, dto.title?.trim() ?? cur.title, dto.description ?? cur.description, t.reportedAt, t.respondedAt, t.restoredAt, t.downtimeMinutes],
      );
      return this.get(id, em);
    });
  }

  async remove(id: number): Promise<void> {
    const [, n] = (await this.db.query(`DELETE FROM maintenance_ticket WHERE id = $1`, [id])) as [unknown, number];
    if (!n) throw DomainError.notFound('运维工单', id);
  }

  async figures(year: number) {
    const m = await maintenanceMetrics(this.db, year);
    const fixed = (d: { toDecimalPlaces(n: number): { toFixed(): string } } | null) => (d === null ? null : d.toDecimalPlaces(8).toFixed());
    return {
      year,
      tickets: m.tickets,
      responded: m.responded,
      downtimeMinutes: m.failureRate.numerator.toFixed(),
      periodMinutes: m.failureRate.denominator.toFixed(),
      failureRate: fixed(m.failureRate.rate),
      failureRateDefinition: m.failureRate.definition,
      maxResponseMinutes: m.responseMax.minutes,
      p95ResponseMinutes: m.responseP95.minutes,
      meanResponseMinutes: m.responseMean.minutes,
    };
  }
}
