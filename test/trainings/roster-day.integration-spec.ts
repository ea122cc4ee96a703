import { queryRows } from '@app/domain/database/sql';
import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { heldSession, sessionBody } from './training-helpers';

/** Expected attendees come from the roster as of the session's Shanghai day, and are frozen when it is held. */
describe('trainings: expected attendees as of the session day', () => {
  let t: TestApp;
  let staff: { auth: string };
  let tree: Awaited<ReturnType<ReturnType<typeof given>['tree']>>;
  const w: Record<string, { id: number }> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const g = given(t);
    staff = await g.user(['centre_staff']);
    tree = await g.tree();
    w.veteran = await g.worker(tree.grid.id, { name: '老队员', hired: '2020-03-01' });
    w.hiredThatDay = await g.worker(tree.grid.id, { name: '当日入职', hired: '2024-05-10' });
    w.hiredAfter = await g.worker(tree.grid.id, { name: '次日入职', hired: '2024-05-11' });
    w.leftBefore = await g.worker(tree.grid.id, { name: '已离职', events: [{ kind: 'hire', date: '2021-01-01' }, { kind: 'leave', date: '2024-05-01' }] });
    w.leftThatDay = await g.worker(tree.grid.id, { name: '当日离职', events: [{ kind: 'hire', date: '2021-01-01' }, { kind: 'leave', date: '2024-05-10' }] });
    w.suspended = await g.worker(tree.grid.id, { name: '停职中', events: [{ kind: 'hire', date: '2021-01-01' }, { kind: 'suspend', date: '2024-05-01' }, { kind: 'resume', date: '2024-06-01' }] });
  });
  afterAll(() => t.close());

  const body = () =>
    sessionBody({ startsAt: '2024-05-10T09:00:00+08:00', endsAt: '2024-05-10T11:00:00+08:00', hours: '2', audience: { kind: 'streets', streetIds: [tree.street.id] } });

  it('expects only the workers active on the session day, and freezes the list when held', async () => {
    const created = await t.http().post('/api/trainings/sessions').set('Authorization', staff.auth).send(body()).expect(201);
    expect(created.body).toMatchObject({ state: 'planned', stateName: '计划中', expectedCount: 2, day: '2024-05-10', modeName: '线下', hours: '2.00' });
    expect(created.body.audience.label).toBe('测试街道');

    const held = await t.http().post(`/api/trainings/sessions/${created.body.id}/hold`).set('Authorization', staff.auth).expect(200);
    expect(held.body).toMatchObject({ state: 'held', stateName: '已举办', expectedCount: 2 });
    const frozen = await queryRows<{ worker_id: number }>(t.db, `SELECT worker_id FROM training_expected WHERE session_id = $1 ORDER BY worker_id`, [created.body.id]);
    expect(frozen.map((r) => r.worker_id)).toEqual([w.veteran.id, w.hiredThatDay.id].sort((a, b) => a - b));

    await t.http().put(`/api/trainings/sessions/${created.body.id}/attendance/${w.veteran.id}`).set('Authorization', staff.auth).send({ status: 'present' }).expect(200);
    await t.http().put(`/api/trainings/sessions/${created.body.id}/attendance/${w.hiredThatDay.id}`).set('Authorization', staff.auth).send({ status: 'absent' }).expect(200);
    const before = await t.http().get('/api/trainings/figures').query({ year: 2024 }).set('Authorization', staff.auth).expect(200);
    expect(before.body.tally).toMatchObject({ expected: 2, attended: 1, rate: '0.5000', rateText: '50.00%' });

    // the roster changes afterwards: a 离职 backdated before the session, and a move to another street
    const other = await given(t).street(tree.district, '别的街道');
    await t.http().post(`/api/workers/${w.veteran.id}/events`).set('Authorization', staff.auth).send({ kind: 'leave', date: '2024-05-09' }).expect(201);
    await t.http().patch(`/api/workers/${w.hiredThatDay.id}`).set('Authorization', staff.auth).send({ gridId: other.grid.id }).expect(200);
    // a worker of the session's street hired later is not added either
    await given(t).worker(tree.grid.id, { name: '后来者', hired: '2024-01-01' });

    const after = await t.http().get('/api/trainings/figures').query({ year: 2024 }).set('Authorization', staff.auth).expect(200);
    expect(after.body.tally).toEqual(before.body.tally);
    expect(after.body.streets).toEqual([expect.objectContaining({ streetId: tree.street.id, streetName: '测试街道', tally: expect.objectContaining({ expected: 2, attended: 1 }) })]);
    const detail = await t.http().get(`/api/trainings/sessions/${created.body.id}`).set('Authorization', staff.auth).expect(200);
    expect(detail.body.expectedCount).toBe(2);
  });

  it('refuses to hold a session that has not started, and attendance before it is held', async () => {
    const future = await heldSession(t, staff.auth, { startsAt: '2099-05-10T09:00:00+08:00', endsAt: '2099-05-10T11:00:00+08:00', hours: '2' }, false);
    const res = await t.http().post(`/api/trainings/sessions/${future}/hold`).set('Authorization', staff.auth).expect(409);
    expect(res.body.message).toBe('培训尚未开始，不能标记为已举办');
    const att = await t.http().put(`/api/trainings/sessions/${future}/attendance/${w.veteran.id}`).set('Authorization', staff.auth).send({ status: 'present' }).expect(409);
    expect(att.body.message).toBe('培训尚未标记为已举办，不能登记出勤');
  });

  it('keeps the day and the audience of a held session, and refuses a worker not expected', async () => {
    const id = await heldSession(t, staff.auth, { startsAt: '2024-07-01T09:00:00+08:00', endsAt: '2024-07-01T10:00:00+08:00', hours: '1' });
    const moved = await t.http().put(`/api/trainings/sessions/${id}`).set('Authorization', staff.auth).send(sessionBody({ startsAt: '2024-07-02T09:00:00+08:00', endsAt: '2024-07-02T10:00:00+08:00', hours: '1' })).expect(400);
    expect(moved.body.message).toContain('培训已举办，不能改到其他日期');
    const renamed = await t.http().put(`/api/trainings/sessions/${id}`).set('Authorization', staff.auth).send(sessionBody({ title: '改名', startsAt: '2024-07-01T14:00:00+08:00', endsAt: '2024-07-01T15:00:00+08:00', hours: '1' })).expect(200);
    expect(renamed.body.title).toBe('改名');
    await t.http().put(`/api/trainings/sessions/${id}/attendance/${w.leftBefore.id}`).set('Authorization', staff.auth).send({ status: 'present' }).expect(404);
    const bulk = await t.http().put(`/api/trainings/sessions/${id}/attendance`).set('Authorization', staff.auth).send({ entries: [{ workerId: w.leftBefore.id, status: 'present' }] }).expect(400);
    expect(bulk.body.problems).toEqual([{ field: 'entries[1].workerId', message: '第1条：该网格员不在本次培训的应到名单中' }]);
    await t.http().delete(`/api/trainings/sessions/${id}`).set('Authorization', staff.auth).expect(409);
  });

  it('validates a session in Chinese', async () => {
    const res = await t.http().post('/api/trainings/sessions').set('Authorization', staff.auth).send(sessionBody({ place: '', endsAt: '2024-04-18T08:00:00+08:00' })).expect(400);
    expect(res.body.message).toBe('培训信息有误：结束时间应晚于开始时间；线下培训请填写培训地点');
    const noZone = await t.http().post('/api/trainings/sessions').set('Authorization', staff.auth).send(sessionBody({ startsAt: '2024-04-18T09:00:00' })).expect(400);
    expect(noZone.body.problems).toEqual([{ field: 'startsAt', message: '开始时间应带时区，如 2024-04-18T09:00:00+08:00' }]);
  });
});
