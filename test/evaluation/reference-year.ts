import type { DataSource } from 'typeorm';
import { queryOne } from '@app/domain/database/sql';
import { referenceJudgements2024 } from '@app/reporting/evaluation/fixtures/reference-2024.fixture';
import type { JudgementChange } from '@app/reporting/evaluation/judgement.rules';
import { given } from '../support/given';
import type { TestApp } from '../support/test-app';

/**
 * Operational rows in the other features' tables, made so that the metrics give the reference's 2024 actual
 * values: 8 streets with monthly scores, every (street or community, quarter) assessed, 4 held general
 * trainings with 186 of 200 expected attending (93%), 24 of 25 closed cases on time (96%), 19 of 20 survey
 * answers and of 20 answered call-backs satisfied (95%), 5,270 minutes of downtime (1% of 2024), the slowest
 * maintenance response 95 minutes. Nothing here is an actual value: the evaluation must compute them.
 */
export async function arrangeReferenceYear(t: Pick<TestApp, 'db' | 'config'>, year = 2024): Promise<{ streets: number[]; workers: number[]; staffUserId: number }> {
  const db: DataSource = t.db;
  const g = given(t);
  const first = await g.tree({ street: '白关镇' });
  const units = [{ street: first.street.id, community: first.community.id, grid: first.grid.id }];
  for (const name of ['龙泉街道', '董家塅街道', '庆云街道', '建设街道', '枫溪街道', '建宁街道', '贺家土街道']) {
    const s = await g.street(first.district, name);
    units.push({ street: s.street.id, community: s.community.id, grid: s.grid.id });
  }
  const workers: number[] = [];
  for (let i = 0; i < 50; i++) workers.push((await g.worker(units[i % 8].grid, { hired: '2020-01-01' })).id);
  const staff = await g.user(['centre_staff']);

  // assessment: a monthly score in the first month of each quarter for one worker of each street
  for (const month of [1, 4, 7, 10]) {
    await db.query(`INSERT INTO assessment_month (year, month, status, scheme_version, worker_count, computed_at, published_at) VALUES ($1, $2, 'published', 1, 8, now(), now())`, [year, month]);
    for (let s = 0; s < 8; s++) {
      await db.query(
        `INSERT INTO monthly_assessment (year, month, worker_id, street_id, community_id, grid_id, scheme_version, base_score, score)
         VALUES ($1, $2, $3, $4, $5, $6, 1, 100, 98)`,
        [year, month, workers[s], units[s].street, units[s].community, units[s].grid],
      );
    }
  }

  // trainings: 4 held sessions for everyone, 50 expected each, 4 + 3 + 3 + 4 not attending
  const missing = [4, 3, 3, 4];
  for (let k = 0; k < 4; k++) {
    const day = `${year}-${String(3 * k + 2).padStart(2, '0')}-15`;
    const session = await queryOne<{ id: number }>(
      db,
      `INSERT INTO training_session (title, organiser, mode, starts_at, ends_at, hours, audience_kind, counts_as_general_training, state, held_at, created_by)
       VALUES ($1, '区信访局', $2, $3::timestamptz, $3::timestamptz + interval '2 hours', 2, 'all', true, 'held', $3::timestamptz, $4) RETURNING id`,
      [`全科网格员培训第${k + 1}期`, k % 2 ? 'online' : 'offline', `${day}T09:00:00+08:00`, staff.id],
    );
    for (let i = 0; i < workers.length; i++) {
      await db.query(`INSERT INTO training_expected (session_id, worker_id, street_id) VALUES ($1, $2, $3)`, [session!.id, workers[i], units[i % 8].street]);
      const status = i < missing[k] ? (i % 2 ? 'leave' : 'absent') : i % 10 === 9 ? 'late' : 'present';
      await db.query(`INSERT INTO training_attendance (session_id, worker_id, status, source, recorded_by) VALUES ($1, $2, $3, 'manual', $4)`, [session!.id, workers[i], status, staff.id]);
    }
  }

  // incidents: 25 cases closed in the year, 24 within their handling limit; call-backs on 21 of them
  const category = await queryOne<{ id: number }>(
    db,
    `INSERT INTO case_category (code, name, kind, response_limit_wd, handling_limit_wd) VALUES ('T01', '测试类别', 'incident', 1, 5) RETURNING id`,
  );
  for (let i = 0; i < 25; i++) {
    const u = units[i % 8];
    const c = await queryOne<{ id: string }>(
      db,
      `INSERT INTO incident_case (kind, category_id, grid_id, street_id, description, reporter_worker_id, reported_at, state, response_limit_wd, handling_limit_wd,
                                  response_due_at, responded_at, accepted_at, handling_due_at, dispatched_at, closed_at)
       VALUES ($1, $2, $3, $4, '测试事件', $5, $6::timestamptz, 'closed', 1, 5, $6::timestamptz + interval '1 day', $6::timestamptz + interval '1 hour',
               $6::timestamptz + interval '1 hour', $6::timestamptz + interval '7 days', $6::timestamptz + interval '2 hours', $6::timestamptz + $7::interval)
       RETURNING id`,
      [i % 5 === 4 ? 'service' : 'incident', category!.id, u.grid, u.street, workers[i], `${year}-05-${String(1 + (i % 20)).padStart(2, '0')}T10:00:00+08:00`, i === 0 ? '9 days' : '3 days'],
    );
    if (i < 21) {
      const outcome = i === 20 ? 'not_reached' : i === 19 ? 'dissatisfied' : i % 3 ? 'satisfied' : 'basically_satisfied';
      await db.query(`INSERT INTO case_callback (case_id, outcome, called_at, called_by) VALUES ($1, $2, $3::timestamptz, $4)`, [c!.id, outcome, `${year}-06-10T10:00:00+08:00`, staff.id]);
    }
  }
  // the centre's service objects: 8 + 8 + 4 street answers in three surveys, one dissatisfied
  const surveys = [8, 8, 4];
  for (let s = 0; s < surveys.length; s++) {
    const survey = await queryOne<{ id: number }>(db, `INSERT INTO satisfaction_survey (title, survey_date) VALUES ($1, $2) RETURNING id`, [`服务对象满意度测评${s + 1}`, `${year}-${String(4 * s + 4).padStart(2, '0')}-28`]);
    for (let k = 0; k < surveys[s]; k++) {
      const outcome = s === 2 && k === 3 ? 'dissatisfied' : k % 2 ? 'basically_satisfied' : 'satisfied';
      await db.query(`INSERT INTO satisfaction_answer (survey_id, respondent_kind, street_id, outcome) VALUES ($1, 'street', $2, $3)`, [survey!.id, units[k].street, outcome]);
    }
  }
  // system maintenance: three faults, 5,270 minutes down in all, responses after 30, 95 and 60 minutes
  for (const [day, response, downtime] of [
    ['02-10', 30, 2000],
    ['07-21', 95, 2000],
    ['11-03', 60, 1270],
  ] as const) {
    await db.query(
      `INSERT INTO maintenance_ticket (title, reported_at, responded_at, restored_at, downtime_minutes)
       VALUES ('系统故障', $1::timestamptz, $1::timestamptz + make_interval(mins => $2), $1::timestamptz + make_interval(mins => $3), $3)`,
      [`${year}-${day}T08:00:00+08:00`, response, downtime],
    );
  }
  return { streets: units.map((u) => u.street), workers, staffUserId: staff.id };
}

/** The reference's judgements as a person enters them through PUT …/judgements/{key}. */
export function referenceJudgementChanges(): Array<[string, JudgementChange]> {
  const j = referenceJudgements2024();
  const keys = new Set([...Object.keys(j.actuals ?? {}), ...Object.keys(j.grades ?? {}), ...Object.keys(j.overrides ?? {}), ...Object.keys(j.deviations ?? {})]);
  return [...keys].sort().map((key) => {
    const change: JudgementChange = {};
    const a = j.actuals?.[key];
    if (a?.value !== undefined) change.manualValue = a.value;
    if (a?.display !== undefined) change.manualDisplay = a.display;
    const g = j.grades?.[key];
    if (g) change.grade = { tier: g.tier, score: g.score };
    const o = j.overrides?.[key];
    if (o) change.override = { score: o.score, reason: o.reason };
    if (j.deviations?.[key]) change.deviationReason = j.deviations[key];
    return [key, change];
  });
}
