import type { DataSource, EntityManager } from 'typeorm';
import { Dec, fromNumeric } from '../../../domain/src/common/decimal';
import { queryOne, toInt } from '../../../domain/src/database/sql';
import { MaintenanceFigures, minutesBetween, SatisfactionFigure } from '../../../domain/src/incidents/case-figures.rules';
import { satisfactionOf } from './case-figures.query';

type Db = Pick<DataSource | EntityManager, 'query'>;

/**
 * System maintenance (系统运维) figures of a period [start, end): the tickets reported in it, their downtime
 * (whole, in the period of the report) over the period's minutes, and report → response times (an unanswered
 * ticket counts with its wait so far, up to the period's end). One query;
 * the pure definition is maintenanceFigures in case-figures.rules.ts.
 */
export async function queryMaintenanceFigures(db: Db, period: { start: Date; end: Date }, at: Date = new Date()): Promise<MaintenanceFigures> {
  const row = await queryOne<{ tickets: string; responded: string; downtime: string; max_response: number | null; p95_response: number | null; mean_response: number | null }>(
    db,
    `SELECT count(*) AS tickets, count(responded_at) AS responded, COALESCE(sum(downtime_minutes), 0)::numeric AS downtime,
            max(wait) AS max_response,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY wait) AS p95_response,
            avg(wait) AS mean_response
       FROM (SELECT t.*, date_part('epoch', COALESCE(responded_at, GREATEST(reported_at, LEAST($3::timestamptz, $2::timestamptz))) - reported_at) / 60 AS wait
               FROM maintenance_ticket t WHERE reported_at >= $1 AND reported_at < $2) m`,
    [period.start, period.end, at],
  );
  const downtime = fromNumeric(row!.downtime) ?? new Dec(0);
  const periodMinutes = minutesBetween(period.start, period.end);
  return {
    tickets: toInt(row!.tickets),
    responded: toInt(row!.responded),
    downtimeMinutes: downtime,
    periodMinutes,
    failureRate: periodMinutes > 0 ? downtime.div(periodMinutes) : null,
    maxResponseMinutes: row!.max_response,
    p95ResponseMinutes: row!.p95_response,
    meanResponseMinutes: row!.mean_response,
  };
}

export interface SurveyFigures {
  surveys: number;
  all: SatisfactionFigure;
  streets: SatisfactionFigure;
  departments: SatisfactionFigure;
}

/** Satisfaction surveys of the centre's service objects held in [from, to] (Shanghai days, inclusive). One query. */
export async function querySurveyFigures(db: Db, period: { from: string; to: string }): Promise<SurveyFigures> {
  const row = await queryOne<Record<string, string>>(
    db,
    `SELECT count(DISTINCT s.id) AS surveys,
            count(a.id) AS calls,
            count(a.id) FILTER (WHERE a.outcome = 'satisfied') AS satisfied,
            count(a.id) FILTER (WHERE a.outcome = 'basically_satisfied') AS basically,
            count(a.id) FILTER (WHERE a.outcome = 'dissatisfied') AS dissatisfied,
            count(a.id) FILTER (WHERE a.outcome = 'not_reached') AS not_reached,
            count(a.id) FILTER (WHERE a.respondent_kind = 'street') AS s_calls,
            count(a.id) FILTER (WHERE a.respondent_kind = 'street' AND a.outcome = 'satisfied') AS s_satisfied,
            count(a.id) FILTER (WHERE a.respondent_kind = 'street' AND a.outcome = 'basically_satisfied') AS s_basically,
            count(a.id) FILTER (WHERE a.respondent_kind = 'street' AND a.outcome = 'dissatisfied') AS s_dissatisfied,
            count(a.id) FILTER (WHERE a.respondent_kind = 'street' AND a.outcome = 'not_reached') AS s_not_reached,
            count(a.id) FILTER (WHERE a.respondent_kind = 'department') AS d_calls,
            count(a.id) FILTER (WHERE a.respondent_kind = 'department' AND a.outcome = 'satisfied') AS d_satisfied,
            count(a.id) FILTER (WHERE a.respondent_kind = 'department' AND a.outcome = 'basically_satisfied') AS d_basically,
            count(a.id) FILTER (WHERE a.respondent_kind = 'department' AND a.outcome = 'dissatisfied') AS d_dissatisfied,
            count(a.id) FILTER (WHERE a.respondent_kind = 'department' AND a.outcome = 'not_reached') AS d_not_reached
       FROM satisfaction_survey s LEFT JOIN satisfaction_answer a ON a.survey_id = s.id
      WHERE s.survey_date BETWEEN $1::date AND $2::date`,
    [period.from, period.to],
  );
  const r = row!;
  const part = (p: string) => satisfactionOf({ calls: r[`${p}calls`], satisfied: r[`${p}satisfied`], basically: r[`${p}basically`], dissatisfied: r[`${p}dissatisfied`], not_reached: r[`${p}not_reached`] });
  return { surveys: toInt(r.surveys), all: part(''), streets: part('s_'), departments: part('d_') };
}
