import { bundledCalendarCsv } from '@app/domain/working-days/working-day.bundled';
import { queryRows } from '@app/domain/database/sql';
import { CaseClock } from '../../apps/api/src/incidents/case-clock';
import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

/** The calendar import, the category tree, maintenance tickets and satisfaction surveys through the API. */
describe('incident configuration, maintenance and surveys', () => {
  let t: TestApp;
  let admin: { auth: string };
  let staff: { auth: string };
  let handler: { auth: string };
  let leader: { auth: string };
  let worker: { auth: string };
  let tree: Awaited<ReturnType<ReturnType<typeof given>['tree']>>;
  let dept: { id: number };
  beforeAll(async () => {
    t = await startTestApp();
    const g = given(t);
    tree = await g.tree();
    dept = await g.department('区环保局');
    admin = await g.user(['centre_admin']);
    staff = await g.user(['centre_staff']);
    handler = await g.user(['department_handler'], { departmentId: dept.id });
    leader = await g.user(['leader']);
    worker = await g.user(['grid_worker'], { workerId: (await g.worker(tree.grid.id)).id });
  });
  afterAll(() => t.close());

  const upload = (year: number, text: string, by = admin) => t.http().post(`/api/working-calendar/${year}`).set('Authorization', by.auth).attach('file', Buffer.from(text), `${year}.csv`);

  it('a calendar file with errors is refused whole, with every row named', async () => {
    const bad = ['日期,类型,名称', '2024-10-01,放假,国庆节', '2024-10-08,上班,国庆节', '2024-13-01,放假,元旦', '2025-01-01,放假,元旦', '2024-10-01,放假,国庆节'].join('\n');
    const res = await upload(2024, bad);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('工作日历文件有4处错误，未导入');
    expect(res.body.problems.map((p: { row: number }) => p.row)).toEqual([3, 4, 5, 6]);
    expect(res.body.problems[0].message).toBe('第3行：2024-10-08 是星期二，本来就是工作日，不能登记为「上班」');
    expect(await queryRows(t.db, `SELECT * FROM working_day_year`)).toEqual([]);
    await upload(2024, bundledCalendarCsv(2024), handler).expect(403);
  });

  it('without the year imported, a report is 422 and names the year; after the import it works', async () => {
    await t.http().post('/api/case-categories/defaults').set('Authorization', staff.auth).expect(201);
    const again = await t.http().post('/api/case-categories/defaults').set('Authorization', staff.auth).expect(201);
    expect(again.body).toEqual({ added: 0 });
    const cats = await t.http().get('/api/case-categories').set('Authorization', worker.auth).expect(200);
    const noise = cats.body.find((c: { code: string }) => c.code === 'E02').children.find((c: { code: string }) => c.code === 'E0203');
    expect(noise).toMatchObject({ name: '噪声扰民', responseLimitWorkingDays: 1, handlingLimitWorkingDays: 5, defaultAssignee: { kind: 'department', departmentId: dept.id, departmentName: '区环保局' } });
    jest.spyOn(t.app.get(CaseClock), 'now').mockReturnValue(new Date('2024-12-31T10:00:00+08:00'));
    const missing = await t.http().post('/api/cases').set('Authorization', worker.auth).send({ categoryId: noise.id, description: '跨年' });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toBe('缺少2024年的节假日安排，无法计算工作日，请先导入2024年的工作日历');
    const ok = await upload(2024, bundledCalendarCsv(2024)).expect(201);
    expect(ok.body).toEqual({ year: 2024, holidays: 28, workdays: 8 });
    // the case of 12-31 is due on the first working day of 2025, which is not imported yet
    const cross = await t.http().post('/api/cases').set('Authorization', worker.auth).send({ categoryId: noise.id, description: '跨年' });
    expect(cross.status).toBe(422);
    expect(cross.body.message).toContain('缺少2025年的节假日安排');
    await upload(2025, bundledCalendarCsv(2025)).expect(201);
    const done = await t.http().post('/api/cases').set('Authorization', worker.auth).send({ categoryId: noise.id, description: '跨年' }).expect(201);
    expect(new Date(done.body.responseDueAt).toISOString()).toBe('2025-01-02T16:00:00.000Z');
    const year = await t.http().get('/api/working-calendar/2024').set('Authorization', leader.auth).expect(200);
    const oct12 = year.body.days.find((d: { date: string }) => d.date === '2024-10-12');
    expect(oct12).toEqual({ date: '2024-10-12', kind: 'adjusted_working', working: true, name: '国庆节', kindName: '调休上班' });
    expect(year.body.workingDays).toBe(251);
    const years = await t.http().get('/api/working-calendar').set('Authorization', leader.auth).expect(200);
    expect(years.body.map((y: { year: number }) => y.year)).toEqual([2024, 2025]);
    const csv = await t.http().get('/api/working-calendar/2024/csv').set('Authorization', leader.auth).expect(200);
    expect(csv.text.split('\n')[0]).toBe('日期,类型,名称');
    await t.http().get('/api/working-calendar/2030').set('Authorization', leader.auth).expect(404);
  });

  it('categories: create under a group, refuse a third level, change limits, deactivate, delete only unused', async () => {
    const group = await t.http().post('/api/case-categories').set('Authorization', staff.auth).send({ code: 'E90', name: '测试大类', kind: 'incident', responseLimitWorkingDays: 1, handlingLimitWorkingDays: 3 }).expect(201);
    const leaf = await t.http().post('/api/case-categories').set('Authorization', staff.auth).send({ parentId: group.body.id, code: 'E9001', name: '测试小类', kind: 'incident', responseLimitWorkingDays: 1, handlingLimitWorkingDays: 3, defaultDepartmentId: dept.id }).expect(201);
    expect(leaf.body).toMatchObject({ path: '测试大类 / 测试小类', defaultAssignee: { kind: 'department', departmentId: dept.id } });
    const third = await t.http().post('/api/case-categories').set('Authorization', staff.auth).send({ parentId: leaf.body.id, code: 'E900101', name: 'x', kind: 'incident', responseLimitWorkingDays: 1, handlingLimitWorkingDays: 3 });
    expect(third.status).toBe(400);
    expect(third.body.message).toBe('parentId：类别树只有两级，不能在末级类别下再建类别');
    const wrongKind = await t.http().post('/api/case-categories').set('Authorization', staff.auth).send({ parentId: group.body.id, code: 'E9002', name: 'x', kind: 'service', responseLimitWorkingDays: 1, handlingLimitWorkingDays: 3 });
    expect(wrongKind.body.message).toBe('kind：类型应与上级类别一致（事件）');
    const selfClose = await t.http().patch(`/api/case-categories/${leaf.body.id}`).set('Authorization', staff.auth).send({ selfClosable: true });
    expect(selfClose.body.message).toBe('selfClosable：事件类别不能设为可自办结');
    const limit = await t.http().patch(`/api/case-categories/${leaf.body.id}`).set('Authorization', staff.auth).send({ handlingLimitWorkingDays: 61 });
    expect(limit.status).toBe(400);
    expect(limit.body.message).toBe('handlingLimitWorkingDays：办结时限不能大于60');
    await t.http().patch(`/api/case-categories/${leaf.body.id}`).set('Authorization', staff.auth).send({ handlingLimitWorkingDays: 8 }).expect(200);
    const used = await t.http().post('/api/cases').set('Authorization', worker.auth).send({ categoryId: leaf.body.id, description: '测试' }).expect(201);
    const got = await t.http().get(`/api/cases/${used.body.id}`).set('Authorization', staff.auth).expect(200);
    expect(got.body.limits).toEqual({ responseLimitWorkingDays: 1, handlingLimitWorkingDays: 8 });
    const del = await t.http().delete(`/api/case-categories/${leaf.body.id}`).set('Authorization', staff.auth);
    expect(del.status).toBe(409);
    expect(del.body.message).toBe('该类别已登记案件，不能删除，可改为停用');
    await t.http().patch(`/api/case-categories/${leaf.body.id}`).set('Authorization', staff.auth).send({ active: false }).expect(200);
    const off = await t.http().post('/api/cases').set('Authorization', worker.auth).send({ categoryId: leaf.body.id, description: '测试' });
    expect(off.body.message).toBe('categoryId：类别「测试大类 / 测试小类」已停用');
    await t.http().post('/api/case-categories').set('Authorization', handler.auth).send({ code: 'E91', name: 'x', kind: 'incident', responseLimitWorkingDays: 1, handlingLimitWorkingDays: 3 }).expect(403);
    const unused = await t.http().post('/api/case-categories').set('Authorization', staff.auth).send({ code: 'E92', name: '未用', kind: 'incident', responseLimitWorkingDays: 1, handlingLimitWorkingDays: 3 }).expect(201);
    await t.http().delete(`/api/case-categories/${unused.body.id}`).set('Authorization', staff.auth).expect(204);
  });

  it('maintenance tickets: create, respond, restore, figures; inconsistent times refused', async () => {
    const bad = await t.http().post('/api/maintenance-tickets').set('Authorization', staff.auth).send({ title: '登录失败', reportedAt: '2024-03-05T09:00:00+08:00', respondedAt: '2024-03-05T08:00:00+08:00' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('响应时间不能早于报障时间');
    const a = await t.http().post('/api/maintenance-tickets').set('Authorization', staff.auth).send({ title: '事件上报模块无法提交', reportedAt: '2024-03-05T09:00:00+08:00' }).expect(201);
    expect(a.body).toMatchObject({ state: 'reported', stateName: '已报障' });
    const b = await t.http().patch(`/api/maintenance-tickets/${a.body.id}`).set('Authorization', staff.auth).send({ respondedAt: '2024-03-05T10:30:00+08:00', restoredAt: '2024-03-05T12:00:00+08:00', downtimeMinutes: 180 }).expect(200);
    expect(b.body).toMatchObject({ state: 'restored', responseMinutes: 90 });
    await t.http().post('/api/maintenance-tickets').set('Authorization', staff.auth).send({ title: '地图服务中断', reportedAt: '2024-07-01T20:00:00+08:00', respondedAt: '2024-07-01T20:30:00+08:00', restoredAt: '2024-07-02T01:00:00+08:00', downtimeMinutes: 300 }).expect(201);
    const fig = await t.http().get('/api/maintenance-figures?year=2024').set('Authorization', leader.auth).expect(200);
    expect(fig.body).toMatchObject({ tickets: 2, responded: 2, downtimeMinutes: '480', periodMinutes: '527040', maxResponseMinutes: 90 });
    expect(Number(fig.body.failureRate)).toBeCloseTo(480 / 527040, 8);
    expect(fig.body.p95ResponseMinutes).toBeCloseTo(30 + 60 * 0.95, 6);
    await t.http().post('/api/maintenance-tickets').set('Authorization', leader.auth).send({ title: 'x', reportedAt: '2024-03-05T09:00:00+08:00' }).expect(403);
    await t.http().get('/api/maintenance-tickets').set('Authorization', handler.auth).expect(403);
    const list = await t.http().get('/api/maintenance-tickets?from=2024-03-01&to=2024-03-31').set('Authorization', leader.auth).expect(200);
    expect(list.body.total).toBe(1);
    await t.http().delete(`/api/maintenance-tickets/${a.body.id}`).set('Authorization', staff.auth).expect(204);
    await t.http().get(`/api/maintenance-tickets/${a.body.id}`).set('Authorization', staff.auth).expect(404);
  });

  it('satisfaction surveys of the streets and departments', async () => {
    const dup = await t.http().post('/api/satisfaction-surveys').set('Authorization', staff.auth).send({
      title: '2024年度服务对象满意度测评',
      surveyDate: '2024-12-10',
      answers: [
        { respondentKind: 'street', respondentId: tree.street.id, outcome: 'satisfied' },
        { respondentKind: 'street', respondentId: tree.street.id, outcome: 'dissatisfied' },
        { respondentKind: 'department', respondentId: 99999, outcome: 'satisfied' },
      ],
    });
    expect(dup.status).toBe(400);
    expect(dup.body.problems.map((p: { message: string }) => p.message)).toEqual(['答卷第2份：同一服务对象重复作答', '答卷第3份：职能部门不存在']);
    const ok = await t.http().post('/api/satisfaction-surveys').set('Authorization', staff.auth).send({
      title: '2024年度服务对象满意度测评',
      surveyDate: '2024-12-10',
      answers: [
        { respondentKind: 'street', respondentId: tree.street.id, outcome: 'satisfied' },
        { respondentKind: 'department', respondentId: dept.id, outcome: 'basically_satisfied', remark: '派遣及时' },
      ],
    }).expect(201);
    expect(ok.body).toMatchObject({ rate: '1', answered: 2 });
    expect(ok.body.answers.map((a: { outcomeName: string }) => a.outcomeName).sort()).toEqual(['基本满意', '满意']);
    const list = await t.http().get('/api/satisfaction-surveys?year=2024').set('Authorization', leader.auth).expect(200);
    expect(list.body.items[0]).toMatchObject({ answers: 2, satisfied: 2, answered: 2 });
    await t.http().get(`/api/satisfaction-surveys/${ok.body.id}`).set('Authorization', handler.auth).expect(403);
  });
});
