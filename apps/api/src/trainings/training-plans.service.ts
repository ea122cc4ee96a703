import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, formatPercent } from '@app/domain';
import { queryOne, queryRows } from '@app/domain/database/sql';
import { SESSION_STATE_LABELS, SessionState, TRAINING_MODE_LABELS, TrainingMode } from '@app/domain/trainings/training.rules';
import { trainingYearFigures } from '@app/reporting/trainings/training-figures';
import { CreatePlanDto, PlanBodyDto, YearQuery } from './dto/training.dto';
import { Db, sessionVisibility, TallyView, tallyView, trainingScope } from './training.views';

interface PlanRow {
  id: number;
  year: number;
  title: string;
  target_sessions: number;
  target_attendance_rate: string;
  note: string;
}

export interface PlanView {
  id: number;
  year: number;
  title: string;
  targetSessions: number;
  /** 0.9500 */
  targetAttendanceRate: string;
  targetAttendanceRateText: string;
  note: string;
  items: Array<{
    id: number;
    title: string;
    month: number;
    organiser: string;
    mode: TrainingMode | null;
    modeName: string | null;
    sessions: Array<{ id: number; title: string; startsAt: string; state: SessionState; stateName: string }>;
  }>;
  /** Where the year stands against the targets (attendance within the caller's scope). */
  progress: { generalTrainingSessions: number; sessionsHeld: number; sessionsMet: boolean; tally: TallyView; rateMet: boolean | null };
}

/** The yearly training plan (one per year): targets and planned sessions. */
@Injectable()
export class TrainingPlansService {
  constructor(private readonly db: DataSource) {}

  async list(actor: Actor, q: YearQuery): Promise<{ items: PlanView[] }> {
    const rows = await queryRows<PlanRow>(this.db, `SELECT * FROM training_plan WHERE $1::int IS NULL OR year = $1 ORDER BY year DESC`, [q.year ?? null]);
    const items: PlanView[] = [];
    for (const r of rows) items.push(await this.view(actor, this.db, r));
    return { items };
  }

  async get(actor: Actor, id: number, em: Db = this.db): Promise<PlanView> {
    const row = await queryOne<PlanRow>(em, `SELECT * FROM training_plan WHERE id = $1`, [id]);
    if (!row) throw DomainError.notFound('培训计划', id);
    return this.view(actor, em, row);
  }

  private async view(actor: Actor, em: Db, r: PlanRow): Promise<PlanView> {
    const items = await queryRows<{ id: number; title: string; month: number; organiser: string; mode: TrainingMode | null }>(
      em,
      `SELECT id, title, month, organiser, mode FROM training_plan_item WHERE plan_id = $1 ORDER BY sort_order, id`,
      [r.id],
    );
    // only the sessions the caller may open (a session for another street is not listed)
    const params: unknown[] = [items.map((i) => i.id)];
    const visible = sessionVisibility(actor, params);
    const sessions = await queryRows<{ id: number; plan_item_id: number; title: string; starts_at: Date; state: SessionState }>(
      em,
      `SELECT s.id, s.plan_item_id, s.title, s.starts_at, s.state FROM training_session s WHERE s.plan_item_id = ANY($1::int[]) AND ${visible} ORDER BY s.starts_at, s.id`,
      params,
    );
    const year = await trainingYearFigures(em, r.year, trainingScope(actor));
    const target = r.target_attendance_rate;
    return {
      id: r.id,
      year: r.year,
      title: r.title,
      targetSessions: r.target_sessions,
      targetAttendanceRate: target,
      targetAttendanceRateText: `≥${formatPercent(target)}`,
      note: r.note,
      items: items.map((i) => ({
        ...i,
        modeName: i.mode ? TRAINING_MODE_LABELS[i.mode] : null,
        sessions: sessions
          .filter((s) => s.plan_item_id === i.id)
          .map((s) => ({ id: s.id, title: s.title, startsAt: s.starts_at.toISOString(), state: s.state, stateName: SESSION_STATE_LABELS[s.state] })),
      })),
      progress: {
        generalTrainingSessions: year.generalTrainingSessions,
        sessionsHeld: year.sessionsHeld,
        sessionsMet: year.generalTrainingSessions >= r.target_sessions,
        tally: tallyView(year.tally),
        rateMet: year.tally.rate === null ? null : year.tally.rate.gte(target),
      },
    };
  }

  private checkItems(dto: PlanBodyDto): void {
    const ids = dto.items.map((i) => i.id).filter((id): id is number => id !== undefined);
    if (new Set(ids).size !== ids.length) throw DomainError.invalid('items', '计划项重复');
  }

  private async writeItems(em: EntityManager, planId: number, dto: PlanBodyDto): Promise<void> {
    const existing = new Set((await queryRows<{ id: number }>(em, `SELECT id FROM training_plan_item WHERE plan_id = $1`, [planId])).map((r) => r.id));
    const unknown = dto.items.findIndex((i) => i.id !== undefined && !existing.has(i.id));
    if (unknown >= 0) throw DomainError.invalid(`items[${unknown + 1}].id`, '计划项不属于本计划');
    const kept = dto.items.map((i) => i.id).filter((id): id is number => id !== undefined);
    // sessions linked to a removed item stay, unlinked (ON DELETE SET NULL)
    await em.query(`DELETE FROM training_plan_item WHERE plan_id = $1 AND NOT (id = ANY($2::int[]))`, [planId, kept]);
    for (const [i, item] of dto.items.entries()) {
      const values = [item.title.trim(), item.month, item.organiser.trim(), item.mode ?? null, i];
      if (item.id) await em.query(`UPDATE training_plan_item SET title = $2, month = $3, organiser = $4, mode = $5, sort_order = $6 WHERE id = $1`, [item.id, ...values]);
      else await em.query(`INSERT INTO training_plan_item (plan_id, title, month, organiser, mode, sort_order) VALUES ($1, $2, $3, $4, $5, $6)`, [planId, ...values]);
    }
  }

  async create(actor: Actor, dto: CreatePlanDto): Promise<PlanView> {
    this.checkItems(dto);
    if (dto.items.some((i) => i.id !== undefined)) throw DomainError.invalid('items', '新建计划的计划项不能带编号');
    return this.db.transaction(async (em) => {
      const dup = await queryOne(em, `SELECT id FROM training_plan WHERE year = $1`, [dto.year]);
      if (dup) throw new DomainError('CONFLICT', `${dto.year}年度培训计划已存在`, [{ field: 'year', message: '该年度已有培训计划' }]);
      const row = await queryOne<{ id: number }>(
        em,
        `INSERT INTO training_plan (year, title, target_sessions, target_attendance_rate, note, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [dto.year, dto.title?.trim() || `${dto.year}年度全科网格员培训计划`, dto.targetSessions, dto.targetAttendanceRate, dto.note ?? '', actor.userId || null],
      );
      await this.writeItems(em, row!.id, dto);
      return this.get(actor, row!.id, em);
    });
  }

  async update(actor: Actor, id: number, dto: PlanBodyDto): Promise<PlanView> {
    return this.db.transaction(async (em) => {
      const plan = await queryOne<PlanRow>(em, `SELECT * FROM training_plan WHERE id = $1 FOR UPDATE`, [id]);
      if (!plan) throw DomainError.notFound('培训计划', id);
      this.checkItems(dto);
      await em.query(
        `UPDATE training_plan SET title = $2, target_sessions = $3, target_attendance_rate = $4, note = $5, updated_at = now() WHERE id = $1`,
        [id, dto.title?.trim() || plan.title, dto.targetSessions, dto.targetAttendanceRate, dto.note ?? plan.note],
      );
      await this.writeItems(em, id, dto);
      return this.get(actor, id, em);
    });
  }

  async remove(id: number): Promise<void> {
    const res = await queryRows(this.db, `DELETE FROM training_plan WHERE id = $1 RETURNING id`, [id]);
    if (res.length === 0) throw DomainError.notFound('培训计划', id);
  }
}
