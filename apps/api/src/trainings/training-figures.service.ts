import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DomainError, maskPhone, yearRange } from '@app/domain';
import { queryOne, queryRows } from '@app/domain/database/sql';
import {
  trainingSessionTallies,
  trainingStreetTallies,
  trainingWorkerFigures,
  trainingYearFigures,
  TrainingYearFigures,
} from '@app/reporting/trainings/training-figures';
import { renderTrainingRegister } from '@app/reporting/trainings/training-register.renderer';
import { audienceLabel } from '@app/domain/trainings/training.rules';
import { Page, pageOf } from '../common/pagination.dto';
import { WorkerFiguresQuery } from './dto/training.dto';
import { audienceOf, hoursText, SELECT_SESSION, SessionRow, SessionView, sessionView, sessionVisibility, streetNames, TallyView, tallyView, trainingScope } from './training.views';

export interface YearFiguresView {
  year: number;
  sessionsHeld: number;
  generalTrainingSessions: number;
  tally: TallyView;
  totalHours: string;
  targets: { sessions: number; rate: string } | null;
  sessions: Array<SessionView & { tally: TallyView }>;
  streets: Array<{ streetId: number; streetName: string; tally: TallyView }>;
  /** The self-evaluation's figures (only without a scope: centre staff, admins and leaders). */
  evaluation: TrainingYearFigures['figures'] | null;
}

export interface WorkerFiguresView {
  workerId: number;
  code: string;
  name: string;
  phone: string;
  street: { id: number; name: string };
  tally: TallyView;
  sessionsAttended: number;
  hours: string;
}

/** The year's training figures (per session, street, worker) and the training register, within the caller's scope. */
@Injectable()
export class TrainingFiguresService {
  constructor(private readonly db: DataSource) {}

  private async targets(year: number): Promise<{ sessions: number; rate: string } | null> {
    const plan = await queryOne<{ target_sessions: number; target_attendance_rate: string }>(
      this.db,
      `SELECT target_sessions, target_attendance_rate FROM training_plan WHERE year = $1`,
      [year],
    );
    return plan ? { sessions: plan.target_sessions, rate: plan.target_attendance_rate } : null;
  }

  /** The year's held sessions the actor sees. */
  private async heldSessions(actor: Actor, year: number): Promise<SessionRow[]> {
    const { start, end } = yearRange(year);
    const params: unknown[] = [start, end];
    const visible = sessionVisibility(actor, params);
    return queryRows<SessionRow>(this.db, `${SELECT_SESSION} WHERE s.state = 'held' AND s.starts_at >= $1 AND s.starts_at < $2 AND ${visible} ORDER BY s.starts_at, s.id`, params);
  }

  async year(actor: Actor, year: number): Promise<YearFiguresView> {
    const scope = trainingScope(actor);
    const [figures, sessions, streets, rows, names, targets] = await Promise.all([
      trainingYearFigures(this.db, year, scope),
      trainingSessionTallies(this.db, { year }, scope),
      trainingStreetTallies(this.db, { year }, scope),
      this.heldSessions(actor, year),
      streetNames(this.db),
      this.targets(year),
    ]);
    const tallies = new Map(sessions.map((s) => [s.sessionId, s.tally]));
    const unscoped = scope.streetId === null && scope.workerId === null;
    return {
      year,
      sessionsHeld: figures.sessionsHeld,
      generalTrainingSessions: figures.generalTrainingSessions,
      tally: tallyView(figures.tally),
      totalHours: hoursText(figures.totalHours),
      targets,
      sessions: rows.map((r) => ({ ...sessionView(r, names), tally: tallyView(tallies.get(r.id)!) })),
      streets: streets.map((s) => ({ streetId: s.streetId, streetName: s.streetName, tally: tallyView(s.tally) })),
      evaluation: unscoped ? figures.figures : null,
    };
  }

  async workers(actor: Actor, q: WorkerFiguresQuery): Promise<Page<WorkerFiguresView>> {
    const { page, pageSize, offset } = pageOf(q);
    const scope = trainingScope(actor);
    if (q.streetId && scope.streetId !== null && q.streetId !== scope.streetId) return { items: [], total: 0, page, pageSize };
    const rows = await trainingWorkerFigures(this.db, { year: q.year }, { ...scope, streetId: scope.streetId ?? q.streetId ?? null });
    return {
      items: rows.slice(offset, offset + pageSize).map((r) => ({
        workerId: r.workerId,
        code: r.code,
        name: r.name,
        phone: maskPhone(r.phone),
        street: { id: r.streetId, name: r.streetName },
        tally: tallyView(r.tally),
        sessionsAttended: r.sessionsAttended,
        hours: hoursText(r.hours),
      })),
      total: rows.length,
      page,
      pageSize,
    };
  }

  /** 培训台账 of the year (within the caller's scope); phones masked by the renderer. */
  async register(actor: Actor, year: number): Promise<Buffer> {
    const scope = trainingScope(actor);
    const [figures, sessions, streets, workers, rows, names, targets, district] = await Promise.all([
      trainingYearFigures(this.db, year, scope),
      trainingSessionTallies(this.db, { year }, scope),
      trainingStreetTallies(this.db, { year }, scope),
      trainingWorkerFigures(this.db, { year }, scope),
      this.heldSessions(actor, year),
      streetNames(this.db),
      this.targets(year),
      queryOne<{ name: string }>(this.db, `SELECT name FROM org_unit WHERE level = 'district' ORDER BY id LIMIT 1`),
    ]);
    if (!district) throw DomainError.notFound('区（县）');
    const tallies = new Map(sessions.map((s) => [s.sessionId, s.tally]));
    return renderTrainingRegister({
      year,
      unitName: `${district.name}网格化管理服务中心`,
      sessions: rows.map((r) => ({
        title: r.title,
        organiser: r.organiser,
        mode: r.mode,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        hours: r.hours,
        audienceLabel: audienceLabel(audienceOf(r), names),
        countsAsGeneralTraining: r.counts_as_general_training,
        tally: tallies.get(r.id)!,
      })),
      streets: streets.map((s) => ({ streetName: s.streetName, tally: s.tally })),
      workers: workers.map((w) => ({ streetName: w.streetName, name: w.name, phone: w.phone, tally: w.tally, hours: w.hours })),
      summary: { sessionsHeld: figures.sessionsHeld, generalTrainingSessions: figures.generalTrainingSessions, tally: figures.tally, totalHours: figures.totalHours },
      ...(targets ? { targets: { sessions: targets.sessions, rate: targets.rate } } : {}),
    });
  }
}
