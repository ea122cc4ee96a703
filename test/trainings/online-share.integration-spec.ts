import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { attendanceCount, heldSession } from './training-helpers';

/** The online-share rule through the API: present ≥ 80% of the session attends; a first join > 10 min late is 迟到. */
describe('trainings: online participant export', () => {
  let t: TestApp;
  let staff: { auth: string };
  let sessionId: number;
  const w: Record<string, { id: number }> = {};

  // 腾讯会议-style export, GBK-free UTF-8 with BOM; one row per join
  const csv = (extra: string[] = []) =>
    Buffer.from(
      '\ufeff' +
        [
          '用户名,入会时间,离会时间,身份',
          '培训中心,2024-06-20 14:50:00,2024-06-20 17:05:00,主持人',
          '赵七十,2024-06-20 14:58:00,2024-06-20 16:24:00,参会者', // 84 of 120 min = 70% → 缺勤
          '钱八五,2024-06-20 15:00:00,2024-06-20 16:42:00,参会者', // 102 min = 85% → 出勤
          '白关镇-孙迟到,2024-06-20 15:15:00,2024-06-20 17:00:00,参会者', // 105 min = 87.5%, 15 min late → 迟到
          '周重连,2024-06-20 14:59:00,2024-06-20 15:50:00,参会者', // reconnects: 51 + 65 = 115 min
          '周重连,2024-06-20 15:55:00,2024-06-20 17:10:00,参会者',
          ...extra,
        ].join('\r\n'),
      'utf8',
    );

  beforeAll(async () => {
    t = await startTestApp();
    const g = given(t);
    staff = await g.user(['centre_staff']);
    const tree = await g.tree({ street: '白关镇' });
    for (const name of ['赵七十', '钱八五', '孙迟到', '周重连', '李缺席']) w[name] = await g.worker(tree.grid.id, { name });
    sessionId = await heldSession(t, staff.auth, {
      title: '基础党建业务知识培训',
      organiser: '区委组织部',
      mode: 'online',
      place: null,
      meetingLink: 'https://meeting.tencent.com/dm/2024dj',
      startsAt: '2024-06-20T15:00:00+08:00',
      endsAt: '2024-06-20T17:00:00+08:00',
      hours: '2',
    });
  });
  afterAll(() => t.close());

  it('lists an unknown participant, writes nothing until it is resolved, then applies the share rule', async () => {
    const file = csv(['路人甲的iPhone,2024-06-20 15:00:00,2024-06-20 17:00:00,参会者']);
    const preview = await t.http().post(`/api/trainings/sessions/${sessionId}/online-attendance/preview`).set('Authorization', staff.auth).attach('file', file, '参会记录.csv').expect(200);
    expect(preview.body.ok).toBe(false);
    expect(preview.body.problems).toEqual([
      expect.objectContaining({ row: 8, kind: 'unmatched', message: '参会昵称「路人甲的iPhone」：「路人甲」不在本次培训的应到名单中' }),
    ]);
    const status = Object.fromEntries(preview.body.matched.map((m: { name: string; statusName: string }) => [m.name, m.statusName]));
    expect(status).toEqual({ 赵七十: '缺勤', 钱八五: '出勤', 孙迟到: '迟到', 周重连: '出勤' });
    expect(preview.body.matched.find((m: { name: string }) => m.name === '周重连')).toMatchObject({ rows: [6, 7], presentMinutes: 115 });
    expect(preview.body.matched.find((m: { name: string }) => m.name === '赵七十')).toMatchObject({ share: '0.7000' });
    expect(preview.body.projected).toBeNull();

    const refused = await t.http().post(`/api/trainings/sessions/${sessionId}/online-attendance/commit`).set('Authorization', staff.auth).attach('file', file, '参会记录.csv').expect(400);
    expect(refused.body.message).toBe('参会记录有1行需要处理，处理完毕前不会写入任何出勤记录');
    expect(await attendanceCount(t, sessionId)).toBe(0);

    const resolutions = JSON.stringify([{ row: 8, ignore: true }]);
    const ok = await t.http().post(`/api/trainings/sessions/${sessionId}/online-attendance/commit`).set('Authorization', staff.auth).field('resolutions', resolutions).attach('file', file, '参会记录.csv').expect(200);
    expect(ok.body.tally).toMatchObject({ expected: 5, present: 2, late: 1, absent: 2, attended: 3, rate: '0.6000' });
    const list = await t.http().get(`/api/trainings/sessions/${sessionId}/attendance`).set('Authorization', staff.auth).expect(200);
    const byName = Object.fromEntries(list.body.items.map((i: { name: string }) => [i.name, i]));
    expect(byName['孙迟到']).toMatchObject({ status: 'late', statusName: '迟到', signInAt: '2024-06-20T07:15:00.000Z', source: 'online', sourceName: '线上参会记录导入' });
    expect(byName['赵七十']).toMatchObject({ status: 'absent' });
    expect(byName['李缺席']).toMatchObject({ status: 'absent', signInAt: null });
    expect(list.headers['cache-control']).toBe('no-store');
  });

  it('takes a share of its own: at 70% the worker present 70% attends', async () => {
    const res = await t.http().post(`/api/trainings/sessions/${sessionId}/online-attendance/preview`).set('Authorization', staff.auth).field('minShare', '0.7').attach('file', csv(), '参会记录.csv').expect(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.matched.find((m: { name: string }) => m.name === '赵七十')).toMatchObject({ status: 'present' });
    expect(res.body.projected).toMatchObject({ expected: 5, attended: 4 });
    const bad = await t.http().post(`/api/trainings/sessions/${sessionId}/online-attendance/preview`).set('Authorization', staff.auth).field('minShare', '1.5').attach('file', csv(), '参会记录.csv').expect(400);
    expect(bad.body.problems).toEqual([{ field: 'minShare', message: '参会时长比例应为0到1之间的小数，如0.8' }]);
  });

  it('refuses a file without the needed columns', async () => {
    const res = await t.http().post(`/api/trainings/sessions/${sessionId}/online-attendance/preview`).set('Authorization', staff.auth).attach('file', Buffer.from('姓名,备注\n赵七十,到了\n'), 'x.csv').expect(422);
    expect(res.body.message).toContain('参会记录中未找到表头');
  });
});
