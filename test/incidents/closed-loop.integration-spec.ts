import { INestApplicationContext } from '@nestjs/common';
import { JobName, QueueName } from '@app/domain';
import { JobQueues } from '@app/domain/jobs/job-queues';
import { queryRows } from '@app/domain/database/sql';
import { residentSatisfactionMetric, serviceTimelinessMetric } from '@app/reporting/incidents/evaluation-metrics';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, waitFor } from '../support/test-worker';
import { incidentFixture, IncidentFixture } from './incident-fixture';

/**
 * What a new user does (issue 6, "done when"): report a case, accept, dispatch, handle it past its deadline
 * across 国庆 2024 (2024-10-12, a Saturday, is a 调休 working day), see the 督办 appear once, return it once,
 * close it, call back, and find each step in the figures. Also the scoping of reads.
 */
describe('a case through the closed loop across 国庆 2024', () => {
  let t: TestApp;
  let f: IncidentFixture;
  let worker: INestApplicationContext;
  let queues: JobQueues;
  beforeAll(async () => {
    t = await startTestApp();
    f = await incidentFixture(t);
    worker = await startTestWorker(t.config);
    queues = new JobQueues(t.config.REDIS_URL, t.config.QUEUE_PREFIX);
  });
  afterAll(async () => {
    await queues.close();
    await worker.close();
    await t.close();
  });

  async function sweep(at: string) {
    const job = await queues.enqueue(JobName.IncidentSweep, { at: new Date(at).toISOString() });
    return waitFor(async () => {
      const s = await queues.status(QueueName.System, job.id!);
      return s?.state === 'completed' ? (s.result as { opened: number; marked: number; overdue: number }) : null;
    });
  }

  let lateId: number;
  let onTimeId: number;

  it('deadlines skip the holiday and count the 调休 Saturday', async () => {
    f.setNow('2024-09-30T09:00:00+08:00');
    const late = await f.report();
    const onTime = await f.report();
    lateId = late.id;
    onTimeId = onTime.id;
    // response limit 1 working day: 10-01..10-07 are off, so it runs out at the end of Tuesday 10-08
    const got = await t.http().get(`/api/cases/${late.id}`).set('Authorization', f.users.staff.auth).expect(200);
    expect(got.body.responseDue).toBe('2024-10-08 24:00');
    f.setNow('2024-09-30T10:00:00+08:00');
    const accepted = await f.must(f.users.staff, late.id, 'accept');
    // handling 5 working days: 10-08, 09, 10, 11 and the 调休 Saturday 10-12
    expect(accepted.handlingDue).toBe('2024-10-12 24:00');
    expect(new Date(accepted.handlingDueAt).toISOString()).toBe('2024-10-12T16:00:00.000Z');
    await f.must(f.users.staff, onTime.id, 'accept');
    for (const id of [late.id, onTime.id]) {
      await f.must(f.users.staff, id, 'dispatch', { assignee: { kind: 'department', id: f.dept.id } });
      await f.must(f.users.handler, id, 'start_handling');
    }
    // the on-time one is finished on the 调休 Saturday itself
    f.setNow('2024-10-12T17:00:00+08:00');
    await f.must(f.users.handler, onTime.id, 'feedback', { remark: '已责令停工整改' });
    await f.must(f.users.staff, onTime.id, 'start_verification');
    const closed = await f.must(f.users.staff, onTime.id, 'close');
    expect(closed.limitStatus.handling).toEqual({ status: 'met', statusName: '按期完成' });
  });

  it('the sweep opens one 督办 on the late case, and a second sweep opens nothing', async () => {
    const first = await sweep('2024-10-13T08:00:00+08:00');
    expect(first).toMatchObject({ opened: 1, marked: 1 });
    const second = await sweep('2024-10-13T08:15:00+08:00');
    expect(second).toMatchObject({ opened: 0, marked: 0, overdue: 1 });
    const list = await t.http().get('/api/case-supervisions').set('Authorization', f.users.staff.auth).expect(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({ caseId: lateId, limit: 'handling', limitName: '办结时限' });
    expect(list.body.items[0].message).toBe('案件已超过办结时限（应于 2024-10-12 24:00 前办结），现予督办，请尽快办结');
    // the handler sees the notice on their case; another department does not
    const mine = await t.http().get('/api/case-supervisions').set('Authorization', f.users.handler.auth).expect(200);
    expect(mine.body.total).toBe(1);
    const theirs = await t.http().get('/api/case-supervisions').set('Authorization', f.users.handler2.auth).expect(200);
    expect(theirs.body.total).toBe(0);
    f.setNow('2024-10-13T09:00:00+08:00');
    const overdue = await t.http().get('/api/cases?overdue=true').set('Authorization', f.users.staff.auth).expect(200);
    expect(overdue.body.items.map((c: { id: number }) => c.id)).toEqual([lateId]);
  });

  it('late feedback, one rework (返工), close, call-back', async () => {
    f.setNow('2024-10-14T09:30:00+08:00');
    await f.must(f.users.handler, lateId, 'feedback', { remark: '已处理' });
    await f.must(f.users.staff, lateId, 'start_verification');
    const back = await f.must(f.users.staff, lateId, 'rework', { remark: '现场核查仍有噪声' });
    expect(back.state).toBe('handling');
    f.setNow('2024-10-15T16:00:00+08:00');
    await f.must(f.users.handler, lateId, 'feedback', { remark: '已更换设备' });
    await f.must(f.users.staff, lateId, 'start_verification');
    const closed = await f.must(f.users.staff, lateId, 'close');
    expect(closed.limitStatus.handling).toEqual({ status: 'met_late', statusName: '超期完成' });
    expect(closed.supervisions).toHaveLength(1);
    expect(closed.timeline.map((h: { actionName: string }) => h.actionName)).toEqual(['上报', '受理', '派遣', '签收', '处置反馈', '核查', '返工', '处置反馈', '核查', '结案']);
    expect(closed.timeline[6]).toMatchObject({ fromState: 'verifying', toState: 'handling', remark: '现场核查仍有噪声', actor: { role: 'centre_staff', roleName: '中心工作人员' } });
    // a third sweep after closing still opens nothing
    expect(await sweep('2024-10-16T08:00:00+08:00')).toMatchObject({ opened: 0, overdue: 0 });

    f.setNow('2024-10-16T10:00:00+08:00');
    const early = await t.http().post(`/api/cases/${lateId}/callbacks`).set('Authorization', f.users.staff.auth).send({ outcome: 'satisfied', calledAt: '2024-10-01T10:00:00+08:00' });
    expect(early.status).toBe(400);
    expect(early.body.message).toBe('回访时间：不能早于结案时间');
    await t.http().post(`/api/cases/${lateId}/callbacks`).set('Authorization', f.users.staff.auth).send({ outcome: 'not_reached' }).expect(201);
    await t.http().post(`/api/cases/${lateId}/callbacks`).set('Authorization', f.users.staff.auth).send({ outcome: 'basically_satisfied', remark: '噪声已消除' }).expect(201);
    await t.http().post(`/api/cases/${onTimeId}/callbacks`).set('Authorization', f.users.staff.auth).send({ outcome: 'dissatisfied' }).expect(201);
    // a call-back before closing is refused
    const open = await f.caseIn('handling');
    const res = await t.http().post(`/api/cases/${open.id}/callbacks`).set('Authorization', f.users.staff.auth).send({ outcome: 'satisfied' });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('案件当前状态为「处置中」，结案后才能回访');
    // a handler may not record call-backs
    await t.http().post(`/api/cases/${lateId}/callbacks`).set('Authorization', f.users.handler.auth).send({ outcome: 'satisfied' }).expect(403);
  });

  it('each step is in the figures', async () => {
    const res = await t.http().get('/api/case-figures?from=2024-09-30&to=2024-09-30&groupBy=department').set('Authorization', f.users.staff.auth).expect(200);
    const total = res.body.rows.find((r: { total: boolean }) => r.total);
    expect(total).toMatchObject({ reported: 2, closed: 2, closedOnTime: 1, onTimeRate: '0.5', overdue: 1, returned: 1 });
    expect(total.satisfaction).toMatchObject({ calls: 3, answered: 2, satisfied: 0, basicallySatisfied: 1, dissatisfied: 1, notReached: 1, rate: '0.5' });
    const dept = res.body.rows.find((r: { key: number }) => r.key === f.dept.id);
    expect(dept).toMatchObject({ label: '区环保局', reported: 2 });
    // accepted an hour after the report: response 60 minutes for both
    expect(total.meanResponseMinutes).toBeCloseTo(60, 6);
    // the evaluation's figures: closed in October, on time 1 of 2; call-backs of October
    const timely = await serviceTimelinessMetric(t.db, { from: '2024-10-01', to: '2024-10-31' });
    expect([timely.numerator.toNumber(), timely.denominator.toNumber(), timely.rate!.toNumber()]).toEqual([1, 2, 0.5]);
    const residents = await residentSatisfactionMetric(t.db, 2024);
    expect([residents.numerator.toNumber(), residents.denominator.toNumber()]).toEqual([1, 2]);
    const xlsx = await t.http().get('/api/case-figures/export?from=2024-09-30&to=2024-10-31&groupBy=street').set('Authorization', f.users.staff.auth).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    const ExcelJS = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('事件统计')!;
    expect(ws.getCell('A1').value).toBe('网格事件和服务事项办理情况统计表');
    const totalRow = ws.getRows(1, ws.rowCount)!.find((r) => r.getCell(1).value === '合计')!;
    expect([totalRow.getCell(2).value, totalRow.getCell(4).value, totalRow.getCell(5).value, totalRow.getCell(7).value]).toEqual([3, 1, 0.5, 1]);
    expect(totalRow.getCell(5).numFmt).toBe('0.00%');
    expect(wb.getWorksheet('系统运维')).toBeDefined();
  });

  it('reads are scoped: other streets, departments and workers get 404', async () => {
    await t.http().get(`/api/cases/${lateId}`).set('Authorization', f.users.otherStreetOp.auth).expect(404);
    await t.http().get(`/api/cases/${lateId}`).set('Authorization', f.users.handler2.auth).expect(404);
    await t.http().get(`/api/cases/${lateId}`).set('Authorization', f.users.otherWorker.auth).expect(404);
    await t.http().get(`/api/cases/${lateId}`).set('Authorization', f.users.streetOp.auth).expect(200);
    await t.http().get(`/api/cases/${lateId}`).set('Authorization', f.users.handler.auth).expect(200);
    const mine = await t.http().get(`/api/cases/${lateId}`).set('Authorization', f.users.worker.auth).expect(200);
    expect(mine.body.availableActions).toEqual([]);
    const list = await t.http().get('/api/cases').set('Authorization', f.users.otherStreetOp.auth).expect(200);
    expect(list.body.total).toBe(0);
    const figures = await t.http().get('/api/case-figures?from=2024-01-01&to=2024-12-31').set('Authorization', f.users.handler2.auth).expect(200);
    expect(figures.body.rows[0].reported).toBe(0);
    const rows = await queryRows<{ n: number }>(t.db, `SELECT count(*)::int AS n FROM incident_case`);
    const all = await t.http().get('/api/cases?pageSize=100').set('Authorization', f.users.leader.auth).expect(200);
    expect(all.body.total).toBe(rows[0].n);
  });

  it('a grid worker reports only in their own grid; the centre registers on behalf with a grid', async () => {
    const other = await t.http().post('/api/cases').set('Authorization', f.users.worker.auth).send({ categoryId: f.noise, description: 'x', gridId: f.other.grid.id });
    expect(other.status).toBe(403);
    expect(other.body.message).toBe('网格员只能上报本人所在网格的案件');
    const noGrid = await t.http().post('/api/cases').set('Authorization', f.users.staff.auth).send({ categoryId: f.noise, description: 'x' });
    expect(noGrid.status).toBe(400);
    expect(noGrid.body.message).toBe('gridId：代为登记时须选择所在网格');
    await t.http().post('/api/cases').set('Authorization', f.users.staff.auth).send({ categoryId: f.noise, description: '市民来电', gridId: f.other.grid.id }).expect(201);
    const group = await t.http().post('/api/cases').set('Authorization', f.users.worker.auth).send({ categoryId: f.byCode.get('E02'), description: 'x' });
    expect(group.status).toBe(400);
    expect(group.body.message).toBe('categoryId：请选择「环境保护」下的具体类别');
    const street = await t.http().post('/api/cases').set('Authorization', f.users.streetOp.auth).send({ categoryId: f.noise, description: 'x', gridId: f.other.grid.id });
    expect(street.status).toBe(400);
    await t.http().post('/api/cases').set('Authorization', f.users.handler.auth).send({ categoryId: f.noise, description: 'x' }).expect(403);
  });

  it('extension: request, approve fewer days moves the due by working days; a second pending request is refused', async () => {
    f.setNow('2024-09-27T10:00:00+08:00');
    const c = await f.caseIn('handling');
    const before = await t.http().get(`/api/cases/${c.id}`).set('Authorization', f.users.handler.auth).expect(200);
    // accepted Friday 09-27: the 调休 Sunday 09-29, Monday 09-30, then 10-08, 09, 10 after the holiday
    expect(before.body.handlingDue).toBe('2024-10-10 24:00');
    const req = await t.http().post(`/api/cases/${c.id}/extension-requests`).set('Authorization', f.users.handler.auth).send({ expectedVersion: before.body.version, extraWorkingDays: 3, reason: '需协调供电部门' }).expect(200);
    expect(req.body.pendingExtension).toMatchObject({ extraWorkingDays: 3, reason: '需协调供电部门' });
    const again = await t.http().post(`/api/cases/${c.id}/extension-requests`).set('Authorization', f.users.handler.auth).send({ expectedVersion: req.body.version, extraWorkingDays: 1, reason: '再延' });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('已有待审批的延期申请，不能重复申请');
    await t.http().post(`/api/cases/${c.id}/extension-requests/decision`).set('Authorization', f.users.handler.auth).send({ expectedVersion: req.body.version, approve: true }).expect(403);
    const ok = await t.http().post(`/api/cases/${c.id}/extension-requests/decision`).set('Authorization', f.users.staff.auth).send({ expectedVersion: req.body.version, approve: true, extraWorkingDays: 2, remark: '同意延期2个工作日' }).expect(200);
    // two working days from the end of Thursday 10-10: Friday 10-11 and the 调休 Saturday 10-12
    expect(ok.body.handlingDue).toBe('2024-10-12 24:00');
    expect(ok.body.extensions[0]).toMatchObject({ status: 'approved', statusName: '已批准', requestedDays: 3, approvedDays: 2 });
    const pending = await t.http().get('/api/case-extensions?status=approved').set('Authorization', f.users.staff.auth).expect(200);
    expect(pending.body.items.map((x: { caseId: number }) => x.caseId)).toContain(c.id);
  });
});
