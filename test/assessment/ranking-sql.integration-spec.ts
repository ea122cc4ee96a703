import { DemoRandom } from '../../scripts/demo/demo-random';
import { rankQuarterInto } from '@app/domain/assessment/assessment.store';
import { rankQuarter } from '@app/domain/assessment/ranking.rules';
import { queryRows } from '@app/domain/database/sql';
import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

/** The set-based ranking against the reference rankQuarter on a larger, tie-heavy data set. */
describe('quarterly ranking in SQL equals rankQuarter', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('600 workers in 3 streets, scores on a coarse grid (many ties), missing months, a street move', async () => {
    const g = given(t);
    const a = await g.tree();
    const b = await g.street(a.district);
    const c = await g.street(a.district);
    const grids = [a.grid, b.grid, c.grid];
    const rnd = new DemoRandom(7);
    await t.db.query(
      `INSERT INTO grid_worker (code, name, phone, id_number_enc, id_number_hash, id_number_mask, gender, birth_date, grid_id, community_id, street_id, kind)
       SELECT 'RQ' || i, '网格员' || i, '139' || lpad(i::text, 8, '0'), '\\x00'::bytea, md5('rq' || i), '430***********0000', 'male', '1990-01-01', g.id, g.community_id, g.street_id, 'full_time'
         FROM generate_series(1, 600) i JOIN org_unit g ON g.id = ($1::int[])[1 + i % 3]`,
      [grids.map((x) => x.id)],
    );
    const workers = await queryRows<{ id: number; street_id: number; community_id: number; grid_id: number }>(t.db, `SELECT id, street_id, community_id, grid_id FROM grid_worker WHERE code LIKE 'RQ%' ORDER BY id`);
    await t.db.query(`INSERT INTO assessment_month (year, month, status, scheme_version, computed_at) SELECT 2024, m, 'draft', 1, now() FROM generate_series(7, 9) m`);
    const rows: Array<{ worker: number; street: number; community: number; grid: number; month: number; score: string }> = [];
    for (const w of workers) {
      for (const month of [7, 8, 9]) {
        if (rnd.chance(0.1)) continue; // not assessed that month
        const moved = w.id % 97 === 0 && month === 9; // moved to another street for the last month
        const street = moved ? grids[(grids.findIndex((x) => x.street_id === w.street_id) + 1) % 3] : grids.find((x) => x.street_id === w.street_id)!;
        rows.push({ worker: w.id, street: street.street_id!, community: moved ? street.id : w.community_id, grid: moved ? street.id : w.grid_id, month, score: (90 + rnd.int(0, 20) * 0.5 + (rnd.chance(0.2) ? 0.25 : 0)).toFixed(2) });
      }
    }
    await t.db.query(
      `INSERT INTO monthly_assessment (year, month, worker_id, street_id, community_id, grid_id, scheme_version, base_score, total_deduction, score)
       SELECT 2024, u.m, u.w, u.s, u.s, u.s, 1, 100, 0, u.score FROM unnest($1::int[], $2::int[], $3::int[], $4::numeric[]) AS u(w, s, m, score)`,
      [rows.map((r) => r.worker), rows.map((r) => r.street), rows.map((r) => r.month), rows.map((r) => r.score)],
    );
    const [ranking] = await queryRows<{ id: number }>(t.db, `INSERT INTO quarter_ranking (year, quarter, status) VALUES (2024, 3, 'draft') RETURNING id`);
    const n = await rankQuarterInto(t.db, ranking.id, 2024, 3);
    const ref = rankQuarter(2024, 3, rows.map((r) => ({ workerId: String(r.worker), streetId: String(r.street), year: 2024, month: r.month, score: r.score })));
    expect(n).toBe(ref.workers.length);
    const sql = await queryRows<{ w: number; s: number; m1: string | null; m2: string | null; m3: string | null; n: number; q: string; rank: number; sr: number }>(
      t.db,
      `SELECT worker_id AS w, street_id AS s, score_m1 AS m1, score_m2 AS m2, score_m3 AS m3, months_assessed AS n, quarter_score AS q, rank, street_rank AS sr
         FROM quarter_ranking_worker WHERE ranking_id = $1 ORDER BY rank, worker_id`,
      [ranking.id],
    );
    expect(sql.map((r) => [String(r.w), String(r.s), r.m1, r.m2, r.m3, r.n, r.q, r.rank, r.sr])).toEqual(
      ref.workers.map((r) => [r.workerId, r.streetId, ...r.monthlyScores.map((s) => (s === null ? null : s.toFixed(2))), r.monthsAssessed, r.quarterScore.toFixed(2), r.rank, r.streetRank]),
    );
    const streets = await queryRows<{ s: number; n: number; score: string; rank: number }>(t.db, `SELECT street_id AS s, worker_count AS n, score, rank FROM quarter_ranking_street WHERE ranking_id = $1 ORDER BY rank, street_id`, [ranking.id]);
    expect(streets.map((s) => [String(s.s), s.n, s.score, s.rank])).toEqual(ref.streets.map((s) => [s.streetId, s.workerCount, s.score.toFixed(2), s.rank]));
    // the data really has ties, half-up cases and a move
    expect(new Set(sql.map((r) => r.rank)).size).toBeLessThan(sql.length / 2);
    expect(ref.workers.some((r) => r.meanScore.decimalPlaces() > 2)).toBe(true);
    expect(ref.workers.filter((r) => r.monthsAssessed < 3).length).toBeGreaterThan(20);
  });
});
