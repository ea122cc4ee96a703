import { queryOne } from '@app/domain/database/sql';
import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { heldSession, sessionBody } from './training-helpers';

describe('trainings: yearly plan and session states', () => {
  let t: TestApp;
  let staff: { auth: string };

  beforeAll(async () => {
    t = await startTestApp();
    staff = await given(t).user(['centre_staff']);
    await given(t).tree();
  });
  afterAll(() => t.close());

  it('edits the planned sessions in place; a removed item leaves its session unlinked', async () => {
    const plan = await t.http().post('/api/trainings/plans').set('Authorization', staff.auth)
      .send({ year: 2025, targetSessions: 2, targetAttendanceRate: '0.95', items: [{ title: '信访', month: 3, organiser: '区信访局' }, { title: '党建', month: 6, organiser: '区委组织部', mode: 'online' }] })
      .expect(201);
    const [xf, dj] = plan.body.items;
    const session = await heldSession(t, staff.auth, { startsAt: '2025-06-19T09:00:00+08:00', endsAt: '2025-06-19T10:00:00+08:00', hours: '1', planItemId: dj.id }, false);
    const updated = await t.http().put(`/api/trainings/plans/${plan.body.id}`).set('Authorization', staff.auth)
      .send({ targetSessions: 3, targetAttendanceRate: '0.9', items: [{ id: xf.id, title: '如何开展信访工作', month: 4, organiser: '区信访局', mode: 'offline' }, { title: '安全生产', month: 9, organiser: '区应急管理局' }] })
      .expect(200);
    expect(updated.body).toMatchObject({ targetSessions: 3, targetAttendanceRate: '0.9000', targetAttendanceRateText: '≥90.00%' });
    expect(updated.body.items.map((i: { id: number; title: string; modeName: string | null }) => [i.id === xf.id, i.title, i.modeName])).toEqual([[true, '如何开展信访工作', '线下'], [false, '安全生产', null]]);
    expect((await queryOne<{ plan_item_id: number | null }>(t.db, `SELECT plan_item_id FROM training_session WHERE id = $1`, [session]))!.plan_item_id).toBeNull();

    const stranger = await t.http().put(`/api/trainings/plans/${plan.body.id}`).set('Authorization', staff.auth)
      .send({ targetSessions: 3, targetAttendanceRate: '0.9', items: [{ id: 999999, title: 'x', month: 1, organiser: 'y' }] })
      .expect(400);
    expect(stranger.body.message).toBe('items[1].id：计划项不属于本计划');
    const badRate = await t.http().post('/api/trainings/plans').set('Authorization', staff.auth).send({ year: 2026, targetSessions: 2, targetAttendanceRate: '95', items: [] }).expect(400);
    expect(badRate.body.problems).toEqual([{ field: 'targetAttendanceRate', message: '目标出勤率应为0到1之间的小数，如0.95' }]);

    const listed = await t.http().get('/api/trainings/plans').query({ year: 2025 }).set('Authorization', staff.auth).expect(200);
    expect(listed.body.items).toHaveLength(1);
    await t.http().delete(`/api/trainings/plans/${plan.body.id}`).set('Authorization', staff.auth).expect(204);
    await t.http().get(`/api/trainings/plans/${plan.body.id}`).set('Authorization', staff.auth).expect(404);
  });

  it('cancels a planned session, then neither holds nor edits it; deletes it', async () => {
    const id = await heldSession(t, staff.auth, { startsAt: '2024-12-01T09:00:00+08:00', endsAt: '2024-12-01T10:00:00+08:00', hours: '1' }, false);
    await t.http().post(`/api/trainings/sessions/${id}/cancel`).set('Authorization', staff.auth).send({}).expect(400);
    const cancelled = await t.http().post(`/api/trainings/sessions/${id}/cancel`).set('Authorization', staff.auth).send({ reason: '与防汛工作冲突' }).expect(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', stateName: '已取消', cancelReason: '与防汛工作冲突', expectedCount: 0 });
    const hold = await t.http().post(`/api/trainings/sessions/${id}/hold`).set('Authorization', staff.auth).expect(409);
    expect(hold.body.message).toBe('该培训已取消，不能标记为已举办');
    const edit = await t.http().put(`/api/trainings/sessions/${id}`).set('Authorization', staff.auth).send(sessionBody({ startsAt: '2024-12-01T09:00:00+08:00', endsAt: '2024-12-01T10:00:00+08:00', hours: '1' })).expect(409);
    expect(edit.body.message).toBe('该培训已取消，不能修改');
    const list = await t.http().get('/api/trainings/sessions').query({ year: 2024, state: 'cancelled' }).set('Authorization', staff.auth).expect(200);
    expect(list.body.items.map((s: { id: number }) => s.id)).toEqual([id]);
    await t.http().delete(`/api/trainings/sessions/${id}`).set('Authorization', staff.auth).expect(204);
    await t.http().get(`/api/trainings/sessions/${id}`).set('Authorization', staff.auth).expect(404);
    const held = await heldSession(t, staff.auth, { startsAt: '2024-12-02T09:00:00+08:00', endsAt: '2024-12-02T10:00:00+08:00', hours: '1' });
    const again = await t.http().post(`/api/trainings/sessions/${held}/cancel`).set('Authorization', staff.auth).send({ reason: 'x' }).expect(409);
    expect(again.body.message).toBe('培训已举办，不能取消');
  });
});
