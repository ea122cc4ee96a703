import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { attendanceCount, heldSession, signInSheet, workerContact } from './training-helpers';

describe('trainings: paper sign-in sheet', () => {
  let t: TestApp;
  let staff: { auth: string };
  let tree: Awaited<ReturnType<ReturnType<typeof given>['tree']>>;

  beforeAll(async () => {
    t = await startTestApp();
    staff = await given(t).user(['centre_staff']);
    tree = await given(t).tree({ street: '龙泉街道' });
  });
  afterAll(() => t.close());

  const preview = (id: number, file: Buffer, resolutions?: unknown) => {
    const req = t.http().post(`/api/trainings/sessions/${id}/sign-in-sheet/preview`).set('Authorization', staff.auth);
    if (resolutions) req.field('resolutions', JSON.stringify(resolutions));
    return req.attach('file', file, '签到表.xlsx');
  };
  const commit = (id: number, file: Buffer, resolutions?: unknown) => {
    const req = t.http().post(`/api/trainings/sessions/${id}/sign-in-sheet/commit`).set('Authorization', staff.auth);
    if (resolutions) req.field('resolutions', JSON.stringify(resolutions));
    return req.attach('file', file, '签到表.xlsx');
  };

  it('lists a name two expected workers bear as ambiguous, writes nothing, and commits once one is chosen', async () => {
    const g = given(t);
    const other = await g.street(tree.district, '建设街道');
    const fang1 = await g.worker(tree.grid.id, { name: '王芳' });
    const fang2 = await g.worker(other.grid.id, { name: '王芳' });
    const li = await g.worker(tree.grid.id, { name: '李四' });
    const id = await heldSession(t, staff.auth, { startsAt: '2024-03-14T09:00:00+08:00', endsAt: '2024-03-14T11:00:00+08:00', hours: '2' });
    const liPhone = (await workerContact(t, li.id)).phone;
    const file = await signInSheet([
      { name: '李四', phone: liPhone, signIn: '08:55' },
      { name: '王芳' },
      { name: '李四', signIn: '09:20' },
    ]);

    const res = await preview(id, file).expect(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.matched).toEqual([expect.objectContaining({ row: 3, workerId: li.id, status: 'present', by: 'phone', signInAt: '2024-03-14T00:55:00.000Z' })]);
    expect(res.body.problems).toHaveLength(2);
    const [ambiguous, duplicate] = res.body.problems;
    expect(ambiguous).toMatchObject({ row: 4, kind: 'ambiguous', field: '第4行.姓名' });
    expect(ambiguous.message).toMatch(/^应到名单中有2人名为「王芳」，请补充手机号或编号，或选择对应的网格员：王芳（建设街道，1\d\d\*{4}\d{4}，编号GW\d+）；王芳（龙泉街道，/);
    expect(ambiguous.candidates.map((c: { workerId: number }) => c.workerId).sort()).toEqual([fang1.id, fang2.id].sort());
    expect(ambiguous.candidates.every((c: { maskedPhone: string }) => /^1\d\d\*{4}\d{4}$/.test(c.maskedPhone))).toBe(true);
    expect(duplicate).toMatchObject({ row: 5, kind: 'duplicate', message: '与第3行为同一网格员「李四」，请删除或忽略其中一行' });
    expect(JSON.stringify(res.body)).not.toContain(liPhone);

    const refused = await commit(id, file, [{ row: 4, workerId: fang2.id }]).expect(400);
    expect(refused.body.message).toBe('签到表有1行需要处理，处理完毕前不会写入任何出勤记录');
    expect(refused.body.problems).toEqual([{ row: 5, field: '第5行.姓名', message: '与第3行为同一网格员「李四」，请删除或忽略其中一行' }]);
    expect(await attendanceCount(t, id)).toBe(0);

    const resolutions = [{ row: 4, workerId: fang2.id }, { row: 5, ignore: true }];
    const ready = await preview(id, file, resolutions).expect(200);
    expect(ready.body).toMatchObject({ ok: true, problems: [], ignoredRows: [5], projected: { expected: 3, present: 2, absent: 1, rate: '0.6667', rateText: '66.67%' } });
    expect(ready.body.unlisted).toEqual([expect.objectContaining({ workerId: fang1.id, status: 'absent', statusName: '缺勤' })]);
    expect(await attendanceCount(t, id)).toBe(0);

    const done = await commit(id, file, resolutions).expect(200);
    expect(done.body).toMatchObject({ written: 3, tally: { expected: 3, present: 2, absent: 1 } });
    const list = await t.http().get(`/api/trainings/sessions/${id}/attendance`).set('Authorization', staff.auth).expect(200);
    const status = new Map(list.body.items.map((i: { workerId: number; status: string }) => [i.workerId, i.status]));
    expect(status).toEqual(new Map([[fang1.id, 'absent'], [fang2.id, 'present'], [li.id, 'present']]));
    expect(list.body.items.every((i: { source: string }) => i.source === 'sheet')).toBe(true);
  });

  it('refuses stale or malformed resolutions, and an old .xls file', async () => {
    const id = await heldSession(t, staff.auth, { startsAt: '2024-03-15T09:00:00+08:00', endsAt: '2024-03-15T10:00:00+08:00', hours: '1' });
    const file = await signInSheet([{ name: '查无此人' }]);
    const stale = await commit(id, file, [{ row: 99, ignore: true }]).expect(400);
    expect(stale.body.problems).toEqual(
      expect.arrayContaining([{ row: 99, field: '第99行', message: '导入文件中没有这一行，请重新核对处理意见' }]),
    );
    const bad = await t.http().post(`/api/trainings/sessions/${id}/sign-in-sheet/commit`).set('Authorization', staff.auth).field('resolutions', '[{"row":3}]').attach('file', file, 'a.xlsx').expect(400);
    expect(bad.body.message).toBe('resolutions[1]：应为 {"row":行号,"workerId":网格员} 或 {"row":行号,"ignore":true}');
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const old = await preview(id, xls).expect(422);
    expect(old.body.message).toBe('签到表是旧版 .xls 格式，请在 Excel 或 WPS 中另存为 .xlsx 后再导入');
    const none = await t.http().post(`/api/trainings/sessions/${id}/sign-in-sheet/preview`).set('Authorization', staff.auth).expect(400);
    expect(none.body.message).toBe('file：请选择要导入的签到表文件');
    expect(await attendanceCount(t, id)).toBe(0);
  });
});
