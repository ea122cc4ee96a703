import { addDays, todayInShanghai } from '@app/domain';
import { queryOne } from '@app/domain/database/sql';
import type { FixtureContext, RouteFixtures } from './types';

/**
 * Route-table fixtures of the assessment routes (see test/security/route-table.integration-spec.ts and
 * types.ts).
 *
 * Every route with a path parameter needs an entry here, or the route-table test fails and lists it. An
 * entry maps the route exactly as the test lists it ('GET /api/spot-checks/:id') to a factory that creates
 * an object of street B (ctx.b: street, community, grid, worker, operator and grid-worker sessions) and
 * returns the request: { params, body?, query?, attach? }. The test then checks that street A's operator
 * gets 404 (or 403) and that no table changed, and repeats the request as the centre admin to prove the
 * object exists and the body is valid (control: 'streetB' or { none: 'why' } to change that). An object
 * that is not one street's (a month, a quarter) is marked shared: 'why'; A may then read it, but the answer
 * (workbooks included) must not contain street B's marker (ctx.marker).
 *
 * (Entries written by the security work for the routes that were there; the owners may refine them.)
 */

let seq = 0;

/** A worker of street B whose name carries the marker. */
const workerOfB = (ctx: FixtureContext) => ctx.g.worker(ctx.b.grid.id, { name: `${ctx.marker}员${++seq}` });

/** A spot check of a street-B worker today, with one failed item and a rectification demand. */
async function spotCheckOfB(ctx: FixtureContext): Promise<{ checkId: number; rectificationId: number }> {
  const worker = await workerOfB(ctx);
  const res = await ctx.t
    .http()
    .post('/api/spot-checks')
    .set('Authorization', ctx.staff.auth)
    .send({
      workerId: worker.id,
      items: [{ itemCode: 'home_visit', passed: false, deduction: '1', problem: `${ctx.marker}走访记录缺失`, rectificationRequired: true, rectificationDeadline: addDays(todayInShanghai(), 10) }],
    });
  if (res.status !== 201) throw new Error(`POST /api/spot-checks: ${res.status} ${res.text}`);
  return { checkId: res.body.id, rectificationId: res.body.items[0].rectification.id };
}

/** A computed (draft) month with a score for a worker of each street. */
async function monthWithBothStreets(ctx: FixtureContext, year: number, month: number): Promise<void> {
  const db = ctx.t.db;
  await db.query(`INSERT INTO assessment_month (year, month, status, scheme_version, worker_count, computed_at) VALUES ($1, $2, 'draft', 1, 2, now()) ON CONFLICT DO NOTHING`, [year, month]);
  const b = await workerOfB(ctx);
  for (const w of [ctx.a.worker, b]) {
    await db.query(
      `INSERT INTO monthly_assessment (year, month, worker_id, street_id, community_id, grid_id, scheme_version, base_score, check_count, total_deduction, total_adjustment, score)
       SELECT $1, $2, w.id, w.street_id, w.community_id, w.grid_id, 1, 100, 1, 2, 1, 99 FROM grid_worker w WHERE w.id = $3 ON CONFLICT DO NOTHING`,
      [year, month, w.id],
    );
    await db.query(`INSERT INTO score_adjustment (year, month, worker_id, amount, reason) VALUES ($1, $2, $3, 1, $4)`, [year, month, w.id, w.id === b.id ? `${ctx.marker}表扬` : '表扬']);
  }
}

/** A published quarterly ranking with a worker of each street, in a quarter of its own. */
async function publishedRanking(ctx: FixtureContext): Promise<number> {
  const n = ++seq;
  const [year, quarter] = [2010 + Math.floor(n / 4), 1 + (n % 4)];
  const db = ctx.t.db;
  const r = await queryOne<{ id: number }>(db, `INSERT INTO quarter_ranking (year, quarter, status, version, worker_count, published_at) VALUES ($1, $2, 'published', 1, 2, now()) RETURNING id`, [year, quarter]);
  const b = await workerOfB(ctx);
  let rank = 0;
  for (const w of [{ id: ctx.a.worker.id, street: ctx.a.street.id }, { id: b.id, street: ctx.b.street.id }]) {
    rank++;
    await db.query(
      `INSERT INTO quarter_ranking_worker (ranking_id, worker_id, street_id, score_m1, score_m2, score_m3, months_assessed, mean_score, quarter_score, rank, street_rank)
       VALUES ($1, $2, $3, 99, 98, 97, 3, 98, 98, $4, 1)`,
      [r!.id, w.id, w.street, rank],
    );
    await db.query(`INSERT INTO quarter_ranking_street (ranking_id, street_id, worker_count, mean_score, score, rank) VALUES ($1, $2, 1, 98, 98, $3)`, [r!.id, w.street, rank]);
  }
  return r!.id;
}

async function checkItem(ctx: FixtureContext): Promise<number> {
  const res = await ctx.t
    .http()
    .post('/api/check-items')
    .set('Authorization', ctx.admin.auth)
    .send({ code: `sec_item_${process.pid}_${++seq}`, name: '安全测试项', minDeduction: '0.5', maxDeduction: '2' });
  if (res.status !== 201) throw new Error(`POST /api/check-items: ${res.status} ${res.text}`);
  return res.body.id;
}

const MONTH_SHARED = '月份是全区的；答复中只能有甲街道的网格员';
const QUARTER_SHARED = '季度是全区的；答复中只能有甲街道的在岗网格员';
const STREET_RANKING = '镇街排名（各镇街平均分和名次）随季度通报发给各镇街，本就公开';

export const assessmentFixtures: RouteFixtures = {
  // check items: the centre's catalogue, not a street's
  'PATCH /api/check-items/:id': async (ctx) => ({ params: { id: await checkItem(ctx) }, body: { name: '改名' } }),
  'DELETE /api/check-items/:id': async (ctx) => ({ params: { id: await checkItem(ctx) } }),

  'GET /api/spot-checks/:id': async (ctx) => ({ params: { id: (await spotCheckOfB(ctx)).checkId } }),
  'GET /api/rectifications/:id': async (ctx) => ({ params: { id: (await spotCheckOfB(ctx)).rectificationId } }),
  'POST /api/rectifications/:id/report': async (ctx) => ({ params: { id: (await spotCheckOfB(ctx)).rectificationId }, body: { note: '已整改' }, control: 'streetB' }),
  'POST /api/rectifications/:id/verify': async (ctx) => ({ params: { id: (await spotCheckOfB(ctx)).rectificationId }, body: { note: '核实' } }),
  'POST /api/rectifications/:id/return': async (ctx) => ({ params: { id: (await spotCheckOfB(ctx)).rectificationId }, body: { note: '退回重做' } }),

  'GET /api/assessment/months/:year/:month': async (ctx) => {
    await monthWithBothStreets(ctx, 2023, 5);
    return { params: { year: 2023, month: 5 }, shared: MONTH_SHARED };
  },
  'GET /api/assessment/months/:year/:month/adjustments': async (ctx) => {
    await monthWithBothStreets(ctx, 2023, 6);
    return { params: { year: 2023, month: 6 }, shared: MONTH_SHARED };
  },
  'GET /api/assessment/months/:year/:month/notice': async (ctx) => {
    await spotCheckOfB(ctx);
    const today = todayInShanghai();
    return { params: { year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) }, shared: MONTH_SHARED };
  },
  'POST /api/assessment/months/:year/:month/adjustments': async (ctx) => {
    await monthWithBothStreets(ctx, 2023, 7);
    return { params: { year: 2023, month: 7 }, body: { workerId: (await workerOfB(ctx)).id, amount: '1', reason: '越权加分' } };
  },
  'POST /api/assessment/months/:year/:month/compute': async () => ({ params: { year: 2023, month: 8 } }),
  'POST /api/assessment/months/:year/:month/publish': async () => ({ params: { year: 2023, month: 9 } }),

  'GET /api/rankings/:id': async (ctx) => ({ params: { id: await publishedRanking(ctx) }, shared: '排名版本是全区的；网格员名单只能有甲街道的', markerAllowed: STREET_RANKING }),
  'GET /api/rankings/:id/notice': async (ctx) => ({ params: { id: await publishedRanking(ctx) }, shared: '排名版本是全区的；通报中网格员只能有甲街道的', markerAllowed: STREET_RANKING }),
  'POST /api/rankings/:year/:quarter/draft': async () => ({ params: { year: 2022, quarter: 3 } }),
  'POST /api/rankings/:year/:quarter/publish': async () => ({ params: { year: 2022, quarter: 4 }, body: {} }),

  'GET /api/headcount/:year/:quarter': async (ctx) => {
    await workerOfB(ctx);
    return { params: { year: 2024, quarter: 1 }, shared: QUARTER_SHARED };
  },
  'GET /api/headcount/:year/:quarter/export': async (ctx) => {
    await workerOfB(ctx);
    await ctx.t.http().post('/api/headcount/standards').set('Authorization', ctx.admin.auth).send({ effectiveYear: 2020, effectiveQuarter: 1, monthlyStandard: '300.00' }).expect(201);
    return { params: { year: 2024, quarter: 1 }, shared: QUARTER_SHARED };
  },
  'GET /api/headcount/:year/:quarter/streets/:streetId': async (ctx) => ({ params: { year: 2024, quarter: 1, streetId: ctx.b.street.id } }),
  'PUT /api/headcount/:year/:quarter/streets/:streetId/workers/:workerId': async (ctx) => ({
    params: { year: 2024, quarter: 2, streetId: ctx.b.street.id, workerId: (await workerOfB(ctx)).id },
    body: { months: 2, reason: '越权更正' },
    control: 'streetB',
  }),
  'POST /api/headcount/:year/:quarter/streets/:streetId/confirm': async (ctx) => ({ params: { year: 2024, quarter: 3, streetId: ctx.b.street.id }, control: 'streetB' }),
};
