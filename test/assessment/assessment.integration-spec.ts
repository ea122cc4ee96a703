// The server's zone must not matter: run this whole file as if the machine were in UTC.
process.env.TZ = 'UTC';

import ExcelJS from 'exceljs';
import { INestApplicationContext } from '@nestjs/common';
import { JobName, QueueName } from '@app/domain';
import { rankQuarter } from '@app/domain/assessment/ranking.rules';
import { queryOne, queryRows } from '@app/domain/database/sql';
import { JobQueues } from '@app/domain/jobs/job-queues';
import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, waitFor } from '../support/test-worker';

type Auth = { auth: string };

async function workbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

/** The values of the first row whose column `col` equals `text`. */
function rowWith(ws: ExcelJS.Worksheet, col: number, text: string): unknown[] {
  for (let r = 1; r <= ws.rowCount; r++) {
    if (ws.getCell(r, col).value === text) return Array.from({ length: ws.columnCount }, (_, i) => ws.getCell(r, i + 1).value);
  }
  throw new Error(`no row with ${text} in ${ws.name}`);
}

describe('spot checks, monthly assessment, quarterly ranking and headcount', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let queues: JobQueues;
  let staff: Auth, admin: Auth, leader: Auth, opA: Auth, opB: Auth, gwA1: Auth;
  let streetA: number, streetB: number;
  const w: Record<string, number> = {};
  const checks: Record<string, number> = {};
  const rect: Record<string, number> = {};

  const post = (who: Auth, url: string, body: object = {}) => t.http().post(url).set('Authorization', who.auth).send(body);
  const get = (who: Auth, url: string) => t.http().get(url).set('Authorization', who.auth);
  const download = (who: Auth, url: string) =>
    t.http().get(url).set('Authorization', who.auth).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });

  async function check(who: string, body: object) {
    const res = await post(staff, '/api/spot-checks', { workerId: w[who], ...body }).expect(201);
    return res.body;
  }

  async function computeMonth(year: number, month: number) {
    const res = await post(staff, `/api/assessment/months/${year}/${month}/compute`).expect(202);
    await waitFor(async () => {
      const s = await get(admin, `/api/jobs/reports/${encodeURIComponent(res.body.id)}`).expect(200);
      if (s.body.state === 'failed') throw new Error(s.body.failedReason);
      return s.body.state === 'completed';
    });
    return res.body;
  }

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker(t.config);
    queues = new JobQueues(t.config.REDIS_URL, t.config.QUEUE_PREFIX);
    const g = given(t);
    const a = await g.tree({ street: '甲街道' });
    const b = await g.street(a.district, '乙街道');
    await t.db.query(`UPDATE org_unit SET name = '乙街道' WHERE id = $1`, [b.street.id]);
    streetA = a.street.id;
    streetB = b.street.id;
    const hired = [{ kind: 'hire', date: '2020-01-01' }];
    w.a1 = (await g.worker(a.grid.id, { name: '张一', events: hired })).id;
    w.a2 = (await g.worker(a.grid.id, { name: '张二', events: [{ kind: 'hire', date: '2024-05-10' }] })).id;
    w.a3 = (await g.worker(a.grid.id, { name: '张三', events: [...hired, { kind: 'leave', date: '2024-05-20' }] })).id;
    w.a4 = (await g.worker(a.grid.id, { name: '张四', events: [...hired, { kind: 'suspend', date: '2024-04-01' }, { kind: 'resume', date: '2024-05-01' }] })).id;
    w.a5 = (await g.worker(a.grid.id, { name: '张五', events: hired })).id;
    w.b1 = (await g.worker(b.grid.id, { name: '李一', events: hired })).id;
    w.b2 = (await g.worker(b.grid.id, { name: '李二', events: hired })).id;
    staff = await g.user(['centre_staff']);
    admin = await g.user(['centre_admin']);
    leader = await g.user(['leader']);
    opA = await g.user(['street_operator'], { streetId: streetA });
    opB = await g.user(['street_operator'], { streetId: streetB });
    gwA1 = await g.user(['grid_worker'], { workerId: w.a1 });
  });

  afterAll(async () => {
    await queues?.close();
    await worker?.close();
    await t?.close();
  });

  it('logs a check at 2024-04-01 00:30 +08:00 into April (Q2) although the process runs in UTC', async () => {
    expect(new Date('2024-04-01T00:30:00+08:00').getDate()).toBe(31); // the server's own calendar says March
    const c = await check('a1', {
      checkedAt: '2024-04-01T00:30:00+08:00',
      items: [
        { itemCode: 'home_visit', passed: false, deduction: '2', problem: '3月入户走访记录缺走访对象联系方式', rectificationRequired: true, rectificationDeadline: '2024-04-10' },
        { itemCode: 'patrol_log', passed: true },
      ],
    });
    checks.a1Apr = c.id;
    rect.a1 = c.items[0].rectification.id;
    expect(c).toMatchObject({ checkDay: '2024-04-01', totalDeduction: '2.00', problemCount: 1, worker: { name: '张一' }, street: { name: '甲街道' } });
    expect(c.items[0].rectification).toMatchObject({ status: 'pending', statusName: '待整改', deadline: '2024-04-10' });
    const april = await get(staff, '/api/spot-checks?month=2024-04').expect(200);
    expect(april.body.items.map((x: { id: number }) => x.id)).toContain(c.id);
    const march = await get(staff, '/api/spot-checks?month=2024-03').expect(200);
    expect(march.body.total).toBe(0);
  });

  it('logs the rest of the quarter and refuses what is wrong, in Chinese, writing nothing', async () => {
    checks.a1May = (await check('a1', { checkDay: '2024-05-15', items: [{ itemCode: 'base_data_quality', passed: false, deduction: 1.5, problem: '新迁入住户信息未录入' }] })).id;
    checks.a5Apr = (await check('a5', { checkDay: '2024-04-20', items: [{ itemCode: 'incident_timeliness', passed: false, deduction: '2', problem: '噪音纠纷超时2天上报' }] })).id;
    checks.a5May = (await check('a5', { checkDay: '2024-05-06', items: [{ itemCode: 'service_items', passed: false, deduction: '1.5', problem: '代办事项未反馈' }] })).id;
    const a2 = await check('a2', {
      checkDay: '2024-06-03',
      items: [
        { itemCode: 'patrol_log', passed: false, deduction: '3', problem: '巡查日志与轨迹不一致' },
        { itemCode: 'work_discipline', passed: false, deduction: '1', problem: '未参加例会', rectificationRequired: true, rectificationDeadline: '2024-06-10' },
      ],
    });
    rect.a2 = a2.items[1].rectification.id;
    checks.a3Apr = (await check('a3', { checkDay: '2024-04-08', items: [{ itemCode: 'special_tasks', passed: false, deduction: '5', problem: '出租屋专项排查未完成' }] })).id;
    checks.a4May = (await check('a4', { checkDay: '2024-05-20', items: [{ itemCode: 'home_visit', passed: false, deduction: '0.5', problem: '走访记录字迹潦草' }] })).id;
    const b1 = await check('b1', {
      checkDay: '2024-04-15',
      items: [
        { itemCode: 'information_security', passed: false, deduction: '5', problem: '微信群转发居民身份证照片', rectificationRequired: true, rectificationDeadline: '2024-04-25', rectificationDemand: '立即删除并开展保密教育' },
        { itemCode: 'home_visit', passed: false, deduction: '3', problem: '走访记录雷同' },
      ],
    });
    checks.b1Apr = b1.id;
    rect.b1 = b1.items[0].rectification.id;

    const before = (await queryOne<{ n: string }>(t.db, `SELECT count(*) AS n FROM spot_check`))!.n;
    const suspended = await post(staff, '/api/spot-checks', { workerId: w.a4, checkDay: '2024-04-10', items: [{ itemCode: 'home_visit', passed: true }] }).expect(400);
    expect(suspended.body.message).toBe('抽查日期：网格员张四在 2024-04-10 不在岗，不能对其抽查');
    const bounds = await post(staff, '/api/spot-checks', { workerId: w.a1, checkDay: '2024-04-11', items: [{ itemCode: 'patrol_log', passed: false, deduction: '4', problem: '无' }] }).expect(400);
    expect(bounds.body.problems[0]).toEqual({ field: 'items[0].deduction', message: '检查项「巡查日志」的扣分：应在 0.50 至 3.00 分之间，填写的是 4' });
    const noProblem = await post(staff, '/api/spot-checks', { workerId: w.a1, checkDay: '2024-04-11', items: [{ itemCode: 'patrol_log', passed: false, deduction: '1' }] }).expect(400);
    expect(noProblem.body.message).toContain('检查项「巡查日志」的问题描述：不合格项须填写问题描述');
    const badField = await post(staff, '/api/spot-checks', { workerId: w.a1, checkDay: '2024-13-01', items: [] }).expect(400);
    expect(badField.body.problems.map((p: { message: string }) => p.message)).toEqual(expect.arrayContaining(['抽查日期应为日期，格式如 2024-04-01', '检查项至少选择一项']));
    await post(leader, '/api/spot-checks', { workerId: w.a1, items: [{ itemCode: 'patrol_log', passed: true }] }).expect(403);
    await post(opA, '/api/spot-checks', { workerId: w.a1, items: [{ itemCode: 'patrol_log', passed: true }] }).expect(403);
    expect((await queryOne<{ n: string }>(t.db, `SELECT count(*) AS n FROM spot_check`))!.n).toBe(before);
  });

  it('keeps each street to its own checks and rectifications (404 for the other street), and a worker to their own', async () => {
    const listA = await get(opA, '/api/spot-checks?pageSize=100').expect(200);
    expect(new Set(listA.body.items.map((x: { street: { id: number } }) => x.street.id))).toEqual(new Set([streetA]));
    await get(opA, `/api/spot-checks/${checks.b1Apr}`).expect(404);
    await get(opB, `/api/spot-checks/${checks.a1Apr}`).expect(404);
    await get(opB, `/api/rectifications/${rect.a1}`).expect(404);
    const refused = await post(opA, `/api/rectifications/${rect.b1}/report`, { note: '已整改' }).expect(404);
    expect(refused.body.message).toBe(`整改记录不存在：${rect.b1}`);
    const mine = await get(gwA1, '/api/spot-checks').expect(200);
    expect(mine.body.items.map((x: { worker: { id: number } }) => x.worker.id)).toEqual([w.a1, w.a1]);
    await get(gwA1, `/api/spot-checks/${checks.a5Apr}`).expect(404);
    await get(gwA1, '/api/assessment/months/2024/4/notice').expect(403);
  });

  it('takes a rectification through report, return, report and verify, keeping who and when', async () => {
    await post(staff, `/api/rectifications/${rect.a1}/verify`).expect(409);
    await post(staff, `/api/rectifications/${rect.a1}/report`, { note: 'x' }).expect(403);
    await post(opA, `/api/rectifications/${rect.a1}/report`, { note: '已补录联系方式' }).expect(201);
    const noReason = await post(staff, `/api/rectifications/${rect.a1}/return`, {}).expect(400);
    expect(noReason.body.message).toBe('退回原因：退回重新整改须说明原因');
    await post(staff, `/api/rectifications/${rect.a1}/return`, { note: '仍有两户未补录' }).expect(201);
    await post(opA, `/api/rectifications/${rect.a1}/report`, { note: '已全部补录' }).expect(201);
    const done = await post(staff, `/api/rectifications/${rect.a1}/verify`, { note: '核实无误' }).expect(201);
    expect(done.body).toMatchObject({ status: 'closed', statusName: '已销号', overdue: false });
    expect(done.body.steps.map((s: { actionName: string; to: string }) => `${s.actionName}→${s.to}`)).toEqual([
      '上报整改完成→已整改待核销',
      '退回重新整改→待整改',
      '上报整改完成→已整改待核销',
      '核实销号→已销号',
    ]);
    expect(done.body.steps[1]).toMatchObject({ note: '仍有两户未补录' });
    expect(done.body.steps.every((s: { by: string | null; at: string }) => s.by && s.at)).toBe(true);
  });

  it('sweeps overdue rectifications once a day, safe to run twice', async () => {
    const sweep = async (day: string) => {
      const job = await queues.enqueue(JobName.AssessmentOverdueSweep, { day });
      return (await waitFor(async () => {
        const s = await queues.status(QueueName.System, job.id!);
        return s?.state === 'completed' ? s : null;
      })).result as { newlyOverdue: number; openOverdue: number };
    };
    expect(await sweep('2024-04-25')).toMatchObject({ newlyOverdue: 0, openOverdue: 0 });
    expect(await sweep('2024-04-26')).toMatchObject({ newlyOverdue: 1, openOverdue: 1 });
    expect(await sweep('2024-04-26')).toMatchObject({ newlyOverdue: 0, openOverdue: 1 });
    const stamped = await queryRows<{ id: number; overdue_since: string }>(t.db, `SELECT id, overdue_since FROM rectification WHERE overdue_since IS NOT NULL`);
    expect(stamped).toEqual([{ id: rect.b1, overdue_since: '2024-04-26' }]);
    const overdue = await get(staff, '/api/rectifications/overdue').expect(200);
    expect(overdue.body.items.map((r: { id: number }) => r.id)).toEqual([rect.b1, rect.a2]);
    expect(overdue.body.items[0]).toMatchObject({ label: '待整改（逾期）', overdueSince: '2024-04-26', demand: '立即删除并开展保密教育' });
    const forA = await get(opA, '/api/rectifications/overdue').expect(200);
    expect(forA.body.items.map((r: { id: number }) => r.id)).toEqual([rect.a2]);
  });

  it('computes the months on demand through the queue (a second request is the same job) and publishes them', async () => {
    const first = await post(staff, '/api/assessment/months/2024/4/compute').expect(202);
    const again = await post(staff, '/api/assessment/months/2024/4/compute').expect(202);
    expect(again.body.id).toBe(first.body.id);
    for (const m of [4, 5, 6]) await computeMonth(2024, m);
    const april = await get(staff, '/api/assessment/months/2024/4?pageSize=100').expect(200);
    const score = (body: { items: Array<{ worker: { id: number }; score: string }> }, id: number) => body.items.find((x) => x.worker.id === id)?.score;
    expect(april.body.month).toMatchObject({ status: 'draft', statusName: '草稿', schemeVersion: 1, workerCount: 5 });
    expect(score(april.body, w.a1)).toBe('98.00');
    expect(score(april.body, w.a4)).toBeUndefined(); // suspended the whole month: not assessed, not a 0
    expect(score(april.body, w.a2)).toBeUndefined(); // not yet hired
    expect(score(april.body, w.b1)).toBe('92.00');
    const own = await get(gwA1, '/api/assessment/months/2024/4').expect(200);
    expect(own.body.items.map((x: { worker: { id: number } }) => x.worker.id)).toEqual([w.a1]);
    const forB = await get(opB, '/api/assessment/months/2024/4').expect(200);
    expect(new Set(forB.body.items.map((x: { street: { id: number } }) => x.street.id))).toEqual(new Set([streetB]));

    const early = await post(staff, '/api/rankings/2024/2/publish').expect(409);
    expect(early.body.message).toBe('2024年4月、5月、6月考核结果尚未发布，不能发布第2季度排名');
    for (const m of [4, 5, 6]) expect((await post(admin, `/api/assessment/months/2024/${m}/publish`).expect(201)).body).toMatchObject({ status: 'published', statusName: '已发布' });
    const late = await post(staff, '/api/spot-checks', { workerId: w.a1, checkDay: '2024-05-30', items: [{ itemCode: 'patrol_log', passed: true }] }).expect(409);
    expect(late.body.message).toBe('2024年5月考核结果已发布，不能再登记该月的抽查');
  });

  it('ranks the quarter in SQL exactly as the reference rankQuarter does: mid-quarter hire, leaver, suspension, tie', async () => {
    const draft = await post(staff, '/api/rankings/2024/2/draft').expect(201);
    expect(draft.body).toMatchObject({ status: 'draft', version: null, workerCount: 7 });
    const v1 = await post(admin, '/api/rankings/2024/2/publish', { note: '第二季度排名' }).expect(201);
    expect(v1.body).toMatchObject({ status: 'published', statusName: '已发布', version: 1, workerCount: 7 });
    const got = await get(leader, `/api/rankings/${v1.body.id}?pageSize=100`).expect(200);
    const byName = Object.fromEntries(got.body.workers.items.map((x: { worker: { name: string } }) => [x.worker.name, x]));
    expect(byName['李二']).toMatchObject({ quarterScore: '100.00', rank: 1, streetRank: 1, monthlyScores: ['100.00', '100.00', '100.00'] });
    expect(byName['张四']).toMatchObject({ quarterScore: '99.75', rank: 2, streetRank: 1, monthsAssessed: 2, monthlyScores: [null, '99.50', '100.00'] });
    expect(byName['张一']).toMatchObject({ quarterScore: '98.83', rank: 3, streetRank: 2 });
    expect(byName['张五']).toMatchObject({ quarterScore: '98.83', rank: 3, streetRank: 2 }); // tie shares the rank
    expect(byName['张二']).toMatchObject({ quarterScore: '98.00', rank: 5, streetRank: 4, monthsAssessed: 2, monthlyScores: [null, '100.00', '96.00'] });
    expect(byName['张三']).toMatchObject({ quarterScore: '97.50', rank: 6, streetRank: 5, monthsAssessed: 2, monthlyScores: ['95.00', '100.00', null] });
    expect(byName['李一']).toMatchObject({ quarterScore: '97.33', rank: 7, streetRank: 2 });
    // streets: B (100 + 97.33) / 2 = 98.665 → 98.67 half up; A 492.91 / 5 = 98.582 → 98.58
    expect(got.body.streets.map((s: { street: { name: string }; score: string; rank: number }) => [s.street.name, s.score, s.rank])).toEqual([
      ['乙街道', '98.67', 1],
      ['甲街道', '98.58', 2],
    ]);

    const monthly = await queryRows<{ worker_id: number; street_id: number; year: number; month: number; score: string }>(
      t.db,
      `SELECT worker_id, street_id, year, month, score FROM monthly_assessment WHERE year = 2024 AND month BETWEEN 4 AND 6`,
    );
    const ref = rankQuarter(2024, 2, monthly.map((m) => ({ workerId: String(m.worker_id), streetId: String(m.street_id), year: m.year, month: m.month, score: m.score })));
    const sqlWorkers = await queryRows<{ worker_id: number; street_id: number; s1: string | null; s2: string | null; s3: string | null; q: string; rank: number; street_rank: number }>(
      t.db,
      `SELECT worker_id, street_id, score_m1 AS s1, score_m2 AS s2, score_m3 AS s3, quarter_score AS q, rank, street_rank FROM quarter_ranking_worker WHERE ranking_id = $1 ORDER BY rank, worker_id`,
      [v1.body.id],
    );
    expect(sqlWorkers.map((r) => [String(r.worker_id), String(r.street_id), r.s1, r.s2, r.s3, r.q, r.rank, r.street_rank])).toEqual(
      ref.workers.map((r) => [r.workerId, r.streetId, ...r.monthlyScores.map((s) => (s === null ? null : s.toFixed(2))), r.quarterScore.toFixed(2), r.rank, r.streetRank]),
    );
    const sqlStreets = await queryRows<{ street_id: number; worker_count: number; score: string; rank: number }>(
      t.db,
      `SELECT street_id, worker_count, score, rank FROM quarter_ranking_street WHERE ranking_id = $1 ORDER BY rank, street_id`,
      [v1.body.id],
    );
    expect(sqlStreets.map((s) => [String(s.street_id), s.worker_count, s.score, s.rank])).toEqual(ref.streets.map((s) => [s.streetId, s.workerCount, s.score.toFixed(2), s.rank]));

    // a street operator sees the district's ranks but only their street's workers; drafts are the centre's
    const forA = await get(opA, `/api/rankings/${v1.body.id}?pageSize=100`).expect(200);
    expect(forA.body.workers.items.map((x: { worker: { name: string }; rank: number }) => `${x.worker.name}${x.rank}`)).toEqual(['张四2', '张一3', '张五3', '张二5', '张三6']);
    const list = await get(opA, '/api/rankings?year=2024').expect(200);
    expect(list.body.map((r: { status: string }) => r.status)).toEqual(['published']);
  });

  it('never rewrites a published month when the scheme changes', async () => {
    const v2 = await post(admin, '/api/assessment/schemes', { effectiveYear: 2024, effectiveMonth: 1, baseScore: '90', floorScore: '0', adjustmentsAllowed: true, note: '基础分调整为90分' }).expect(201);
    expect(v2.body).toMatchObject({ version: 2, effectiveFrom: '2024-01', baseScore: '90.00' });
    const refused = await post(staff, '/api/assessment/months/2024/4/compute').expect(409);
    expect(refused.body.message).toBe('2024年4月考核结果已发布，不能重新计算');
    const april = await get(staff, '/api/assessment/months/2024/4?pageSize=100').expect(200);
    expect(april.body.month.schemeVersion).toBe(1);
    expect(april.body.items.find((x: { worker: { id: number } }) => x.worker.id === w.a1)).toMatchObject({ score: '98.00', schemeVersion: 1, baseScore: '100.00' });
    // a month not yet published takes the new scheme
    await computeMonth(2024, 7);
    const july = await get(staff, '/api/assessment/months/2024/7?pageSize=100').expect(200);
    expect(july.body.month.schemeVersion).toBe(2);
    expect(july.body.items.find((x: { worker: { id: number } }) => x.worker.id === w.b2)).toMatchObject({ score: '90.00', schemeVersion: 2 });
  });

  it('a documented correction of a published month goes into a new ranking version; the old version stays as it was', async () => {
    const corr = await post(staff, '/api/assessment/months/2024/5/adjustments', { workerId: w.a3, amount: '-2', reason: '复核发现5月巡查日志系补记' }).expect(201);
    expect(corr.body).toMatchObject({ amount: '-2.00', score: '98.00', correction: true }); // with scheme v1, the month's own
    const noReason = await post(staff, '/api/assessment/months/2024/5/adjustments', { workerId: w.a3, amount: '1', reason: '' }).expect(400);
    expect(noReason.body.problems[0].message).toBe('依据或原因至少1个字符');
    const v2 = await post(admin, '/api/rankings/2024/2/publish', { note: '更正张三5月得分' }).expect(201);
    expect(v2.body).toMatchObject({ version: 2, status: 'published' });
    const versions = await get(leader, '/api/rankings?year=2024&quarter=2').expect(200);
    expect(versions.body.map((r: { version: number; status: string }) => `${r.version}:${r.status}`)).toEqual(['2:published', '1:superseded']);
    const old = await get(leader, `/api/rankings/${versions.body[1].id}?pageSize=100`).expect(200);
    const now = await get(leader, `/api/rankings/${v2.body.id}?pageSize=100`).expect(200);
    const of = (b: { workers: { items: Array<{ worker: { name: string } }> } }, name: string) => b.workers.items.find((x) => x.worker.name === name);
    expect(of(old.body, '张三')).toMatchObject({ quarterScore: '97.50', rank: 6 });
    expect(of(now.body, '张三')).toMatchObject({ quarterScore: '96.50', rank: 7, monthlyScores: ['95.00', '98.00', null] });
    expect(of(now.body, '李一')).toMatchObject({ quarterScore: '97.33', rank: 6 });
  });

  it('headcount: derived from the histories, corrected and confirmed by the street only, 404 for another street', async () => {
    const streetView = await get(opA, `/api/headcount/2024/2/streets/${streetA}`).expect(200);
    const months = Object.fromEntries(streetView.body.rows.map((r: { worker: { name: string }; derivedMonths: number; activeDays: number }) => [r.worker.name, [r.derivedMonths, r.activeDays]]));
    expect(months).toEqual({ 张一: [3, 91], 张二: [2, 52], 张三: [2, 49], 张四: [2, 61], 张五: [3, 91] });
    expect(streetView.body.rows[0].worker.idNumber).toMatch(/^430\*{11}\d{3}[\dX]$/);
    await get(opA, `/api/headcount/2024/2/streets/${streetB}`).expect(404);
    await t.http().put(`/api/headcount/2024/2/streets/${streetA}/workers/${w.a3}`).set('Authorization', opB.auth).send({ months: 1, reason: 'x' }).expect(404);
    const staffTry = await t.http().put(`/api/headcount/2024/2/streets/${streetA}/workers/${w.a3}`).set('Authorization', staff.auth).send({ months: 1, reason: 'x' }).expect(403);
    expect(staffTry.body.message).toBe('只有本镇街网格专干可以核实本镇街的在岗情况');
    const noReason = await t.http().put(`/api/headcount/2024/2/streets/${streetA}/workers/${w.a3}`).set('Authorization', opA.auth).send({ months: 1 }).expect(400);
    expect(noReason.body.message).toBe('更正原因：更正网格员张三的在岗月数须填写原因');
    await t.http().put(`/api/headcount/2024/2/streets/${streetA}/workers/${w.a3}`).set('Authorization', opA.auth).send({ months: 1, reason: '5月实际到岗不足半月' }).expect(200);
    const confirmed = await post(opA, `/api/headcount/2024/2/streets/${streetA}/confirm`).expect(201);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', statusName: '镇街已确认', subtotal: { workerCount: 5, months: 11 } });
    const again = await t.http().put(`/api/headcount/2024/2/streets/${streetA}/workers/${w.a1}`).set('Authorization', opA.auth).send({ months: 2, reason: 'x' }).expect(409);
    expect(again.body.message).toBe('本季度在岗情况已确认，不能再更正');
    // 张一 moves to street B after A confirmed Q2: B must not list (and pay) them for Q2 a second time
    const [gridB] = await t.db.query(`SELECT grid_id FROM grid_worker WHERE street_id = $1 LIMIT 1`, [streetB]);
    await t.http().patch(`/api/workers/${w.a1}`).set('Authorization', admin.auth).send({ gridId: gridB.grid_id }).expect(200);
    const bView = await get(opB, `/api/headcount/2024/2/streets/${streetB}`).expect(200);
    expect(bView.body.rows.map((r: { worker: { name: string } }) => r.worker.name)).not.toContain('张一');
    await t.http().put(`/api/headcount/2024/2/streets/${streetB}/workers/${w.a1}`).set('Authorization', opB.auth).send({ months: 3, reason: '调入' }).expect(404);
    await post(opB, `/api/headcount/2024/2/streets/${streetB}/confirm`).expect(201);
    const noStandard = await get(staff, '/api/headcount/2024/2/export').expect(409);
    expect(noStandard.body.message).toBe('尚未设置2024年第2季度适用的月度奖金标准，请先设置');
    await post(admin, '/api/headcount/standards', { effectiveYear: 2024, effectiveQuarter: 1, monthlyStandard: '300', note: '区财政文件' }).expect(201);
    const overview = await get(opA, '/api/headcount/2024/2').expect(200);
    expect(overview.body.streets).toEqual([expect.objectContaining({ workerCount: 5, months: 11, bonusBase: '3300.00', status: 'confirmed' })]);
  });

  it('the three workbooks read back with the numbers of a hand count', async () => {
    // 月度通报, April: A 3 checks (张一, 张三, 张五), 3 problems, 9 points, 1 rectification closed; B 1 check, 2 problems, 8 points, 1 overdue
    const notice = await download(staff, '/api/assessment/months/2024/4/notice?asOf=2024-05-10').expect(200);
    expect(notice.headers['content-disposition']).toContain(encodeURIComponent('2024年4月网格员工作抽查情况通报.xlsx'));
    const nb = await workbook(notice.body);
    const sheet = nb.getWorksheet('抽查情况')!;
    expect(rowWith(sheet, 2, '甲街道').slice(2)).toEqual([3, 3, 3, 9, 1, 1, 0, 0, 1]);
    expect(rowWith(sheet, 2, '乙街道').slice(2)).toEqual([1, 1, 2, 8, 1, 0, 1, 1, 0]);
    expect(rowWith(sheet, 1, '合计').slice(2)).toEqual([4, 4, 5, 17, 2, 1, 1, 1, 0.5]);
    const detail = nb.getWorksheet('问题清单')!;
    expect(rowWith(detail, 9, '微信群转发居民身份证照片').slice(4)).toEqual(['李一', '2024-04-15', '信息安全与保密', 5, '微信群转发居民身份证照片', '2024-04-25', '待整改（逾期）']);
    // a street operator's copy holds their street only
    const forA = await workbook((await download(opA, '/api/assessment/months/2024/4/notice?asOf=2024-05-10').expect(200)).body);
    expect(() => rowWith(forA.getWorksheet('抽查情况')!, 2, '乙街道')).toThrow();

    // 季度考核排名通报, version 1
    const versions = await get(staff, '/api/rankings?year=2024&quarter=2').expect(200);
    const v1 = versions.body.find((r: { version: number }) => r.version === 1);
    const rn = await download(leader, `/api/rankings/${v1.id}/notice`).expect(200);
    expect(rn.headers['content-disposition']).toContain(encodeURIComponent('2024年第2季度网格员考核排名通报（第1版）.xlsx'));
    const rb = await workbook(rn.body);
    expect(rowWith(rb.getWorksheet('镇街排名')!, 2, '乙街道')).toEqual([1, '乙街道', 2, 98.67]);
    const ws = rb.getWorksheet('网格员排名')!;
    expect(rowWith(ws, 6, '张三')).toEqual([6, '甲街道', 5, expect.any(String), expect.any(String), '张三', 95, 100, '—', 97.5]);
    expect(rowWith(ws, 6, '张五')).toEqual([3, '甲街道', 2, expect.any(String), expect.any(String), '张五', 98, 98.5, 100, 98.83]);

    // 季度在岗核实表: A 5 workers 11 months (张三 corrected to 1), B 2 workers 6 months; 300 元 × months
    const hc = await download(staff, '/api/headcount/2024/2/export').expect(200);
    const hb = await workbook(hc.body);
    const sum = hb.getWorksheet('全区汇总')!;
    expect(rowWith(sum, 1, '甲街道小计（5人）').slice(6)).toEqual([12, null, null, 11, 3300]);
    expect(rowWith(sum, 1, '乙街道小计（2人）').slice(6)).toEqual([6, null, null, 6, 1800]);
    expect(rowWith(sum, 1, '全区合计（7人）').slice(6)).toEqual([18, null, null, 17, 5100]);
    expect(rowWith(sum, 5, '张三').slice(5)).toEqual([expect.stringMatching(/^430\*{11}/), 2, 1, '5月实际到岗不足半月', 1, 300]);
    expect(hb.getWorksheet('甲街道')).toBeDefined();
  });
});
