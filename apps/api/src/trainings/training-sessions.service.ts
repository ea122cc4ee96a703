import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, yearRange } from '@app/domain';
import { queryOne, queryRows } from '@app/domain/database/sql';
import { EmploymentEvent } from '@app/domain/roster/employment.rules';
import {
  assertCanHold,
  assertEditable,
  freezeExpectedAttendees,
  RosterEntry,
  TrainingAudience,
  validateTrainingSession,
} from '@app/domain/trainings/training.rules';
import { trainingSessionTallies } from '@app/reporting/trainings/training-figures';
import { CancelSessionDto, SessionDto, SessionQuery } from './dto/training.dto';
import { Db, SELECT_SESSION, SessionRow, sessionOf, SessionView, sessionView, sessionVisibility, streetNames, TallyView, tallyView, trainingScope } from './training.views';

export interface SessionDetail extends SessionView {
  /** Held: the frozen list's size. Planned: who would be expected if it were held now (recomputed). */
  expectedCount: number;
  /** Held sessions: the tally within the caller's scope (their street, or themself). */
  tally: TallyView | null;
}

/**
 * Training sessions: create, edit, hold (freezes the expected list from the roster as of the session's
 * Shanghai day), cancel, delete. Only centre staff write (TrainingWrite); every reader sees the sessions,
 * and the attendance figures of their scope.
 */
@Injectable()
export class TrainingSessionsService {
  constructor(private readonly db: DataSource) {}

  /** The session, if the actor may see it (404 otherwise); `lock` for a write. */
  async row(em: Db, id: number, lock = false, actor?: Actor): Promise<SessionRow> {
    if (lock) await em.query(`SELECT id FROM training_session WHERE id = $1 FOR UPDATE`, [id]);
    const params: unknown[] = [id];
    const visible = actor ? sessionVisibility(actor, params) : 'true';
    const row = await queryOne<SessionRow>(em, `${SELECT_SESSION} WHERE s.id = $1 AND ${visible}`, params);
    if (!row) throw DomainError.notFound('培训', id);
    return row;
  }

  async list(actor: Actor, q: SessionQuery): Promise<{ items: SessionDetail[] }> {
    const params: unknown[] = [];
    const where: string[] = [sessionVisibility(actor, params)];
    if (q.year) {
      const { start, end } = yearRange(q.year);
      where.push(`s.starts_at >= $${params.push(start)} AND s.starts_at < $${params.push(end)}`);
    }
    if (q.state) where.push(`s.state = $${params.push(q.state)}`);
    const rows = await queryRows<SessionRow>(this.db, `${SELECT_SESSION} WHERE ${where.join(' AND ')} ORDER BY s.starts_at, s.id LIMIT 500`, params);
    return { items: await this.details(actor, this.db, rows) };
  }

  async get(actor: Actor, id: number, em: Db = this.db): Promise<SessionDetail> {
    const [detail] = await this.details(actor, em, [await this.row(em, id, false, actor)]);
    return detail;
  }

  private async details(actor: Actor, em: Db, rows: SessionRow[]): Promise<SessionDetail[]> {
    if (rows.length === 0) return [];
    const names = await streetNames(em);
    const held = rows.filter((r) => r.state === 'held').map((r) => r.id);
    const tallies = new Map((await trainingSessionTallies(em, { sessionIds: held }, trainingScope(actor))).map((t) => [t.sessionId, t.tally]));
    const frozen = new Map(
      (await queryRows<{ session_id: number; n: string }>(em, `SELECT session_id, count(*) AS n FROM training_expected WHERE session_id = ANY($1::int[]) GROUP BY session_id`, [held])).map((r) => [r.session_id, Number(r.n)]),
    );
    const planned = await this.countExpectedNow(em, rows.filter((r) => r.state === 'planned').map((r) => r.id));
    const out: SessionDetail[] = [];
    for (const r of rows) {
      const expectedCount = r.state === 'held' ? (frozen.get(r.id) ?? 0) : r.state === 'planned' ? (planned.get(r.id) ?? 0) : 0;
      const tally = tallies.get(r.id);
      out.push({ ...sessionView(r, names), expectedCount, tally: tally ? tallyView(tally) : null });
    }
    return out;
  }

  /**
   * Who would be expected at each planned session, by the roster as it is now: the audience's workers active
   * on the session's Shanghai day (set-based mirror of expectedAttendees), one query for all the sessions.
   */
  private async countExpectedNow(em: Db, sessionIds: number[]): Promise<Map<number, number>> {
    if (!sessionIds.length) return new Map();
    const rows = await queryRows<{ id: number; n: string }>(
      em,
      `SELECT s.id, count(w.id) AS n
         FROM training_session s
         LEFT JOIN grid_worker w
           ON (s.audience_kind = 'all' OR w.street_id IN (SELECT ss.street_id FROM training_session_street ss WHERE ss.session_id = s.id))
          AND employment_status_on(w.id, (s.starts_at AT TIME ZONE 'Asia/Shanghai')::date) = 'active'
        WHERE s.id = ANY($1::int[])
        GROUP BY s.id`,
      [sessionIds],
    );
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  private validate(dto: SessionDto) {
    const audience: TrainingAudience = dto.audience.kind === 'all' ? { kind: 'all' } : { kind: 'streets', streetIds: (dto.audience.streetIds ?? []).map(String) };
    return validateTrainingSession({
      title: dto.title,
      organiser: dto.organiser,
      mode: dto.mode,
      startsAt: new Date(dto.startsAt),
      endsAt: new Date(dto.endsAt),
      hours: dto.hours,
      place: dto.place,
      meetingLink: dto.meetingLink,
      audience,
      countsAsGeneralTraining: dto.countsAsGeneralTraining,
    });
  }

  private async checkReferences(em: EntityManager, audience: TrainingAudience, planItemId: number | null | undefined): Promise<void> {
    if (audience.kind === 'streets') {
      const ids = audience.streetIds.map(Number);
      const found = await queryRows<{ id: number }>(em, `SELECT id FROM org_unit WHERE id = ANY($1::int[]) AND level = 'street'`, [ids]);
      if (found.length !== ids.length) throw DomainError.invalid('audience.streetIds', '所选镇（街道）不存在');
    }
    if (planItemId) {
      const item = await queryOne(em, `SELECT id FROM training_plan_item WHERE id = $1`, [planItemId]);
      if (!item) throw DomainError.invalid('planItemId', '所选年度计划项不存在');
    }
  }

  private async writeStreets(em: EntityManager, id: number, audience: TrainingAudience): Promise<void> {
    await em.query(`DELETE FROM training_session_street WHERE session_id = $1`, [id]);
    if (audience.kind === 'streets') {
      await em.query(`INSERT INTO training_session_street (session_id, street_id) SELECT $1, unnest($2::int[])`, [id, audience.streetIds.map(Number)]);
    }
  }

  async create(actor: Actor, dto: SessionDto): Promise<SessionDetail> {
    const s = this.validate(dto);
    return this.db.transaction(async (em) => {
      await this.checkReferences(em, s.audience, dto.planItemId);
      const row = await queryOne<{ id: number }>(
        em,
        `INSERT INTO training_session (plan_item_id, title, organiser, mode, starts_at, ends_at, hours, place, meeting_link, audience_kind, counts_as_general_training, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [dto.planItemId ?? null, s.title, s.organiser, s.mode, s.startsAt, s.endsAt, s.hours.toFixed(2), s.place, s.meetingLink, s.audience.kind, s.countsAsGeneralTraining, actor.userId || null],
      );
      await this.writeStreets(em, row!.id, s.audience);
      return this.get(actor, row!.id, em);
    });
  }

  async update(actor: Actor, id: number, dto: SessionDto): Promise<SessionDetail> {
    const s = this.validate(dto);
    return this.db.transaction(async (em) => {
      const before = await this.row(em, id, true);
      assertEditable(before.state, sessionOf(before), s);
      await this.checkReferences(em, s.audience, dto.planItemId);
      await em.query(
        `UPDATE training_session SET plan_item_id = $2, title = $3, organiser = $4, mode = $5, starts_at = $6, ends_at = $7, hours = $8,
                place = $9, meeting_link = $10, audience_kind = $11, counts_as_general_training = $12, updated_at = now()
          WHERE id = $1`,
        [id, dto.planItemId ?? null, s.title, s.organiser, s.mode, s.startsAt, s.endsAt, s.hours.toFixed(2), s.place, s.meetingLink, s.audience.kind, s.countsAsGeneralTraining],
      );
      await this.writeStreets(em, id, s.audience);
      return this.get(actor, id, em);
    });
  }

  /**
   * Marks the session held and freezes its expected list: the workers of the audience active on the
   * session's Shanghai day (employment history as recorded now), with their current street. Later roster
   * changes never rewrite it.
   */
  async hold(actor: Actor, id: number, now = new Date()): Promise<SessionDetail> {
    return this.db.transaction(async (em) => {
      const r = await this.row(em, id, true);
      assertCanHold(r.state, r.starts_at, now);
      const roster = await this.roster(em, r.audience_kind === 'all' ? null : r.street_ids);
      const frozen = freezeExpectedAttendees(sessionOf(r).audience, r.starts_at, roster);
      await em.query(
        `INSERT INTO training_expected (session_id, worker_id, street_id)
         SELECT $1, w, s FROM unnest($2::int[], $3::int[]) AS u(w, s)`,
        [id, frozen.map((f) => Number(f.workerId)), frozen.map((f) => Number(f.streetId))],
      );
      await em.query(`UPDATE training_session SET state = 'held', held_at = now(), held_by = $2, updated_at = now() WHERE id = $1`, [id, actor.userId || null]);
      return this.get(actor, id, em);
    });
  }

  /** The roster with employment histories, in code order; narrowed to the streets when given. */
  private async roster(em: EntityManager, streetIds: number[] | null): Promise<RosterEntry[]> {
    const rows = await queryRows<{ id: number; street_id: number; kinds: EmploymentEvent['kind'][] | null; dates: string[] | null }>(
      em,
      `SELECT w.id, w.street_id,
              array_agg(e.kind ORDER BY e.effective_date, e.id) FILTER (WHERE e.id IS NOT NULL) AS kinds,
              array_agg(e.effective_date::text ORDER BY e.effective_date, e.id) FILTER (WHERE e.id IS NOT NULL) AS dates
         FROM grid_worker w
         LEFT JOIN employment_event e ON e.worker_id = w.id
        WHERE $1::int[] IS NULL OR w.street_id = ANY($1::int[])
        GROUP BY w.id
        ORDER BY w.code`,
      [streetIds],
    );
    return rows.map((r) => ({
      workerId: String(r.id),
      streetId: String(r.street_id),
      employment: (r.kinds ?? []).map((kind, i) => ({ kind, date: r.dates![i] })),
    }));
  }

  async cancel(actor: Actor, id: number, dto: CancelSessionDto): Promise<SessionDetail> {
    return this.db.transaction(async (em) => {
      const r = await this.row(em, id, true);
      if (r.state === 'held') throw DomainError.conflict('培训已举办，不能取消');
      if (r.state === 'cancelled') throw DomainError.conflict('该培训已取消');
      await em.query(`UPDATE training_session SET state = 'cancelled', cancelled_at = now(), cancel_reason = $2, updated_at = now() WHERE id = $1`, [id, dto.reason.trim()]);
      return this.get(actor, id, em);
    });
  }

  async remove(id: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const r = await this.row(em, id, true);
      if (r.state === 'held') throw DomainError.conflict('培训已举办，已有应到名单和出勤记录，不能删除');
      await em.query(`DELETE FROM training_session WHERE id = $1`, [id]);
    });
  }
}
