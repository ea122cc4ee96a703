import { queryOne, queryRows } from '@app/domain/database/sql';
import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

/** Users administration: roles and bindings, disabling, resets, and fields a caller may not set. */
describe('users administration', () => {
  let t: TestApp;
  let admin: { id: number; auth: string };
  let tree: Awaited<ReturnType<ReturnType<typeof given>['tree']>>;
  let ipSeq = 0;
  const signIn = (username: string, password: string) =>
    t.http().post('/api/auth/sign-in').set('X-Forwarded-For', `198.51.100.${++ipSeq}`).send({ username, password });
  const lastEntry = (action: string) =>
    queryOne<{ result: string; status: number; username: string; roles: string[]; target_id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null; detail: Record<string, unknown> }>(
      t.db,
      `SELECT result, status, username, roles, target_id, before, after, detail FROM audit_log WHERE action = $1 ORDER BY id DESC LIMIT 1`,
      [action],
    );

  beforeAll(async () => {
    t = await startTestApp();
    admin = await given(t).user(['centre_admin']);
    tree = await given(t).tree();
  });
  afterAll(() => t.close());

  it('creates a street operator bound to a street with a generated password shown once; the trail keeps no password', async () => {
    const res = await t.http().post('/api/users').set('Authorization', admin.auth).send({ username: 'op.longquan', displayName: '龙泉专干', roles: ['street_operator'], streetId: tree.street.id }).expect(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ username: 'op.longquan', roles: [{ code: 'street_operator', name: '镇街网格专干' }], street: { id: tree.street.id }, disabled: false });
    const password = res.body.initialPassword as string;
    expect(password).toHaveLength(16);
    const shown = await t.http().get(`/api/users/${res.body.id}`).set('Authorization', admin.auth).expect(200);
    expect(JSON.stringify(shown.body)).not.toMatch(/password|hash/i);
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${(await signIn('op.longquan', password).expect(200)).body.token}`).expect(200);
    expect(me.body).toMatchObject({ username: 'op.longquan', streetId: tree.street.id, roles: [{ code: 'street_operator', name: '镇街网格专干' }] });
    const entry = await lastEntry('POST /api/users');
    expect(entry).toMatchObject({ result: 'success', status: 201, target_id: String(res.body.id), before: null });
    expect(entry!.after).toMatchObject({ username: 'op.longquan', roles: ['street_operator'], streetId: tree.street.id });
    expect(await queryOne(t.db, `SELECT 1 FROM audit_log WHERE audit_log::text LIKE $1`, [`%${password}%`])).toBeUndefined();
  });

  it('requires the binding a role needs, and refuses a binding no role uses', async () => {
    const post = (body: object) => t.http().post('/api/users').set('Authorization', admin.auth).send({ username: `u${Math.floor(Math.random() * 1e6)}`, displayName: '某人', ...body });
    expect((await post({ roles: ['street_operator'] }).expect(400)).body.problems).toEqual([{ field: 'streetId', message: '镇街网格专干须绑定镇（街道）' }]);
    expect((await post({ roles: ['street_operator'], streetId: tree.grid.id }).expect(400)).body.problems).toEqual([{ field: 'streetId', message: '镇（街道）不存在' }]);
    expect((await post({ roles: ['centre_staff'], streetId: tree.street.id }).expect(400)).body.problems).toEqual([{ field: 'streetId', message: '只有镇街网格专干绑定镇（街道）' }]);
    expect((await post({ roles: ['department_handler'] }).expect(400)).body.problems).toEqual([{ field: 'departmentId', message: '职能部门用户须绑定部门' }]);
    expect((await post({ roles: ['grid_worker'] }).expect(400)).body.problems).toEqual([{ field: 'workerId', message: '网格员用户须绑定网格员' }]);
    expect((await post({ roles: ['superuser'] }).expect(400)).body.problems).toEqual([{ field: 'roles', message: '角色取值无效' }]);
    expect((await post({ roles: ['centre_staff'], password: 'abc12345' }).expect(400)).body.problems).toEqual([{ field: 'password', message: '密码须包含大写字母、小写字母、数字、符号中的至少3类' }]);
    const worker = await given(t).worker(tree.grid.id);
    await post({ roles: ['grid_worker'], workerId: worker.id }).expect(201);
    expect((await post({ roles: ['grid_worker'], workerId: worker.id }).expect(409)).body.problems).toEqual([{ field: 'workerId', message: '该网格员已有账号' }]);
  });

  it('changing roles ends the user’s sessions at once and records the roles before and after', async () => {
    const created = await t.http().post('/api/users').set('Authorization', admin.auth).send({ username: 'mover', displayName: '调岗人员', roles: ['centre_staff'], password: 'Grid#2024ok' }).expect(201);
    const token = (await signIn('mover', 'Grid#2024ok').expect(200)).body.token as string;
    await t.http().get('/api/workers').set('Authorization', `Bearer ${token}`).expect(200);
    const res = await t.http().put(`/api/users/${created.body.id}/roles`).set('Authorization', admin.auth).send({ roles: ['street_operator'], streetId: tree.street.id }).expect(200);
    expect(res.body.street).toMatchObject({ id: tree.street.id });
    await t.http().get('/api/workers').set('Authorization', `Bearer ${token}`).expect(401);
    const entry = await lastEntry('PUT /api/users/:id/roles');
    expect(entry).toMatchObject({
      result: 'success',
      target_id: String(created.body.id),
      before: { roles: ['centre_staff'], streetId: null },
      after: { roles: ['street_operator'], streetId: tree.street.id },
      detail: { sessionsEnded: 1 },
    });
  });

  it('disables and enables a user; an admin cannot disable themself or the last admin', async () => {
    const created = await t.http().post('/api/users').set('Authorization', admin.auth).send({ username: 'pauser', displayName: '暂停人员', roles: ['leader'], password: 'Grid#2024ok' }).expect(201);
    const token = (await signIn('pauser', 'Grid#2024ok').expect(200)).body.token as string;
    await t.http().post(`/api/users/${created.body.id}/disable`).set('Authorization', admin.auth).expect(201);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect((await lastEntry('POST /api/users/:id/disable'))!.after).toEqual({ disabled: true });
    await t.http().post(`/api/users/${created.body.id}/enable`).set('Authorization', admin.auth).expect(201);
    await signIn('pauser', 'Grid#2024ok').expect(200);

    expect((await t.http().post(`/api/users/${admin.id}/disable`).set('Authorization', admin.auth).expect(403)).body.message).toBe('不能停用自己的账号');
    // the only other admin cannot be disabled or lose the role while no other admin is enabled
    const other = await t.http().post('/api/users').set('Authorization', admin.auth).send({ username: 'admin2', displayName: '管理员二', roles: ['centre_admin'], password: 'Grid#2024ok' }).expect(201);
    await t.db.query(`UPDATE app_user SET disabled = true WHERE id = $1`, [admin.id]);
    const otherToken = `Bearer ${(await signIn('admin2', 'Grid#2024ok').expect(200)).body.token}`;
    await t.db.query(`UPDATE app_user SET disabled = false WHERE id = $1`, [admin.id]);
    await t.http().post(`/api/users/${admin.id}/disable`).set('Authorization', otherToken).expect(201);
    const last = await t.http().put(`/api/users/${other.body.id}/roles`).set('Authorization', otherToken).send({ roles: ['centre_staff'] }).expect(409);
    expect(last.body.message).toBe('至少须保留一名可用的中心管理员');
    await t.http().post(`/api/users/${admin.id}/enable`).set('Authorization', otherToken).expect(201);
    // disabling ended the first admin's session: a new one for the tests that follow
    await t.http().get('/api/auth/me').set('Authorization', admin.auth).expect(401);
    admin = await given(t).user(['centre_admin']);
  });

  it('resets a password: a generated one shown once, the lock lifted, the sessions ended', async () => {
    const created = await t.http().post('/api/users').set('Authorization', admin.auth).send({ username: 'forgetful', displayName: '健忘', roles: ['centre_staff'], password: 'Grid#2024ok' }).expect(201);
    const token = (await signIn('forgetful', 'Grid#2024ok').expect(200)).body.token as string;
    await t.db.query(`UPDATE app_user SET failed_attempts = 5, locked_until = now() + interval '10 minutes' WHERE id = $1`, [created.body.id]);
    const res = await t.http().post(`/api/users/${created.body.id}/reset-password`).set('Authorization', admin.auth).send({}).expect(201);
    expect(res.headers['cache-control']).toBe('no-store');
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    await signIn('forgetful', res.body.password).expect(200);
    expect((await lastEntry('POST /api/users/:id/reset-password'))!.detail).toMatchObject({ passwordReset: true, passwordGenerated: true, sessionsEnded: 1 });
    expect(await queryOne(t.db, `SELECT 1 FROM audit_log WHERE audit_log::text LIKE $1`, [`%${res.body.password}%`])).toBeUndefined();
  });

  it('lists users paged, filtered and bounded', async () => {
    const res = await t.http().get('/api/users').query({ role: 'street_operator', pageSize: 5 }).set('Authorization', admin.auth).expect(200);
    expect(res.body.pageSize).toBe(5);
    expect(res.body.items.every((u: { roles: Array<{ code: string }> }) => u.roles.some((r) => r.code === 'street_operator'))).toBe(true);
    await t.http().get('/api/users').query({ pageSize: 101 }).set('Authorization', admin.auth).expect(400);
  });

  it('a forged role or street field is refused, nothing changes, and the trail shows each attempt', async () => {
    const other = await given(t).street(tree.district);
    const operator = await given(t).user(['street_operator'], { streetId: tree.street.id });
    const worker = await given(t).worker(tree.grid.id);
    const before = await queryRows(t.db, `SELECT roles, street_id FROM app_user WHERE id = $1 UNION ALL SELECT ARRAY[street_id::text], grid_id FROM grid_worker WHERE id = $2`, [operator.id, worker.id]);

    // promoting oneself through the users API: not an admin
    const promote = await t.http().put(`/api/users/${operator.id}/roles`).set('Authorization', operator.auth).send({ roles: ['centre_admin'] }).expect(403);
    expect(promote.body.message).toBe('无权执行此操作');
    // through one's own password change: an unknown field
    const viaPassword = await t.http().post('/api/auth/password').set('Authorization', operator.auth).send({ oldPassword: 'x', newPassword: 'New#pass2024', roles: ['centre_admin'] }).expect(400);
    expect(viaPassword.body.problems).toEqual([{ field: 'roles', message: '不允许的字段' }]);
    // moving a worker to another street by a forged field
    const move = await t.http().patch(`/api/workers/${worker.id}`).set('Authorization', operator.auth).send({ name: '张三', streetId: other.street.id }).expect(400);
    expect(move.body.problems).toEqual([{ field: 'streetId', message: '不允许的字段' }]);
    // nor can a street operator create an account with a street field
    await t.http().post('/api/users').set('Authorization', operator.auth).send({ username: 'sneaky', displayName: 'x', roles: ['centre_admin'] }).expect(403);

    const after = await queryRows(t.db, `SELECT roles, street_id FROM app_user WHERE id = $1 UNION ALL SELECT ARRAY[street_id::text], grid_id FROM grid_worker WHERE id = $2`, [operator.id, worker.id]);
    expect(after).toEqual(before);
    expect(await queryOne(t.db, `SELECT 1 FROM app_user WHERE username = 'sneaky'`)).toBeUndefined();
    const rows = await queryRows<{ action: string; result: string; status: number; roles: string[] }>(
      t.db,
      `SELECT action, result, status, roles FROM audit_log WHERE user_id = $1 ORDER BY id`,
      [operator.id],
    );
    expect(rows).toEqual([
      { action: 'PUT /api/users/:id/roles', result: 'failure', status: 403, roles: ['street_operator'] },
      { action: 'POST /api/auth/password', result: 'failure', status: 400, roles: ['street_operator'] },
      { action: 'PATCH /api/workers/:id', result: 'failure', status: 400, roles: ['street_operator'] },
      { action: 'POST /api/users', result: 'failure', status: 403, roles: ['street_operator'] },
    ]);
  });
});
