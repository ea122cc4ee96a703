import { queryOne, queryRows } from '@app/domain/database/sql';
import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

/** Sign-in, lockout, session limits, sign-out, disabling and the sign-in rate limit, as a user meets them. */
describe('accounts: sign-in, lockout, sessions', () => {
  let t: TestApp;
  let admin: { id: number; auth: string };
  let ipSeq = 0;
  /** Each test signs in from its own address (the API trusts X-Forwarded-For from loopback only). */
  const newIp = () => `203.0.113.${++ipSeq}`;

  const signIn = (username: string, password: string, ip: string) =>
    t.http().post('/api/auth/sign-in').set('X-Forwarded-For', ip).send({ username, password });

  async function newUser(username: string, password = 'Grid#2024ok', extra: Record<string, unknown> = { roles: ['centre_staff'] }) {
    const res = await t.http().post('/api/users').set('Authorization', admin.auth).send({ username, displayName: '测试用户', password, ...extra }).expect(201);
    return res.body.id as number;
  }

  const trail = (username: string, kind = 'sign_in') =>
    queryRows<{ result: string; status: number; user_id: number | null; client_ip: string; detail: { message?: string; reason?: string } }>(
      t.db,
      `SELECT result, status, user_id, client_ip, detail FROM audit_log WHERE username = $1 AND kind = $2 ORDER BY id`,
      [username, kind],
    );

  beforeAll(async () => {
    t = await startTestApp();
    admin = await given(t).user(['centre_admin']);
  });
  afterAll(() => t.close());

  it('locks an account after 5 wrong passwords for 15 minutes, then lets it in again; the trail shows each attempt', async () => {
    const id = await newUser('locky');
    const ip = newIp();
    for (let i = 0; i < 4; i++) {
      const res = await signIn('locky', 'Wrong#pass1', ip).expect(401);
      expect(res.body.message).toBe('用户名或密码错误');
    }
    const fifth = await signIn('locky', 'Wrong#pass1', ip).expect(423);
    expect(fifth.body).toMatchObject({ code: 'LOCKED', message: '连续登录失败5次，账号已锁定15分钟' });
    // the right password does not open a locked account
    const locked = await signIn('locky', 'Grid#2024ok', ip).expect(423);
    expect(locked.body.message).toMatch(/^连续登录失败次数过多，账号已锁定，请1[45]分钟后再试$/);
    // 15 minutes later (the lock's end moved into the past)
    await t.db.query(`UPDATE app_user SET locked_until = now() - interval '1 second' WHERE id = $1`, [id]);
    const ok = await signIn('locky', 'Grid#2024ok', ip).expect(200);
    expect(ok.body.token).toBeTruthy();
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(await queryOne(t.db, `SELECT failed_attempts, locked_until FROM app_user WHERE id = $1`, [id])).toEqual({ failed_attempts: 0, locked_until: null });

    const rows = await trail('locky');
    expect(rows.map((r) => [r.result, r.status])).toEqual([
      ['failure', 401],
      ['failure', 401],
      ['failure', 401],
      ['failure', 401],
      ['failure', 423],
      ['failure', 423],
      ['success', 200],
    ]);
    expect(rows[4].detail.message).toBe('连续登录失败5次，账号已锁定15分钟');
    expect(rows[6].user_id).toBe(id);
    expect(rows.every((r) => r.client_ip === ip)).toBe(true);
  });

  it('audits a sign-in with an unknown user name, naming the name tried (masked when it is a phone number)', async () => {
    const ip = newIp();
    await signIn('nobody-here', 'Whatever#1', ip).expect(401);
    await signIn('13812345678', 'Whatever#1', ip).expect(401);
    expect(await trail('nobody-here')).toEqual([expect.objectContaining({ result: 'failure', status: 401, user_id: null })]);
    expect(await trail('138****5678')).toHaveLength(1);
    expect(await queryOne(t.db, `SELECT 1 FROM audit_log WHERE audit_log::text LIKE '%13812345678%'`)).toBeUndefined();
  });

  it('ends a session idle for more than 30 minutes, and audits the end', async () => {
    const id = await newUser('idler');
    const token = (await signIn('idler', 'Grid#2024ok', newIp()).expect(200)).body.token as string;
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    await t.db.query(`UPDATE user_session SET last_seen_at = now() - interval '29 minutes' WHERE user_id = $1`, [id]);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    await t.db.query(`UPDATE user_session SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1`, [id]);
    const res = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect(res.body.message).toBe('登录已失效，请重新登录');
    // the session stays over even if its clock were put back
    await t.db.query(`UPDATE user_session SET last_seen_at = now() WHERE user_id = $1`, [id]);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    const ended = await trail('idler', 'session');
    expect(ended).toEqual([expect.objectContaining({ result: 'failure', status: 401, user_id: id })]);
    expect(ended[0].detail).toMatchObject({ reason: 'idle', message: '超过30分钟未操作，会话已结束' });
  });

  it('ends a session 12 hours after sign-in however active it is, and audits the end', async () => {
    const id = await newUser('marathon');
    const signedIn = (await signIn('marathon', 'Grid#2024ok', newIp()).expect(200)).body as { token: string; expiresAt: string };
    const hours = (new Date(signedIn.expiresAt).getTime() - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    // signed in 12 hours ago, active a minute ago
    await t.db.query(
      `UPDATE user_session SET created_at = now() - interval '12 hours', expires_at = now() - interval '1 second', last_seen_at = now() - interval '1 minute' WHERE user_id = $1`,
      [id],
    );
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${signedIn.token}`).expect(401);
    expect((await trail('marathon', 'session'))[0].detail).toMatchObject({ reason: 'absolute', message: '会话已满12小时，已结束' });
  });

  it('revokes the session on sign-out at once, cookie or bearer', async () => {
    await newUser('leaver');
    const res = await signIn('leaver', 'Grid#2024ok', newIp()).expect(200);
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0];
    expect(cookie).toMatch(/grid_sid=.*HttpOnly.*SameSite=Strict/i);
    await t.http().get('/api/auth/me').set('Cookie', cookie.split(';')[0]).expect(200);
    await t.http().post('/api/auth/sign-out').set('Authorization', `Bearer ${res.body.token}`).expect(204);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${res.body.token}`).expect(401);
    await t.http().get('/api/auth/me').set('Cookie', cookie.split(';')[0]).expect(401);
    expect(await trail('leaver', 'sign_out')).toEqual([expect.objectContaining({ result: 'success', status: 204 })]);
  });

  it('a disabled user is out at once and cannot sign in; only the right password learns that the account is disabled', async () => {
    const id = await newUser('gone');
    const ip = newIp();
    const token = (await signIn('gone', 'Grid#2024ok', ip).expect(200)).body.token as string;
    await t.http().post(`/api/users/${id}/disable`).set('Authorization', admin.auth).expect(201);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect((await signIn('gone', 'Wrong#pass1', ip).expect(401)).body.message).toBe('用户名或密码错误');
    expect((await signIn('gone', 'Grid#2024ok', ip).expect(401)).body.message).toBe('账号已停用，请联系管理员');
  });

  it('limits sign-in attempts to 10 a minute per address and per user name, with 429 and a Chinese message', async () => {
    const ip = newIp();
    for (let i = 0; i < 10; i++) await signIn(`nobody${i}`, 'Whatever#1', ip).expect(401);
    const limited = await signIn('nobody-else', 'Whatever#1', ip).expect(429);
    expect(limited.body.code).toBe('TOO_MANY_REQUESTS');
    expect(limited.body.message).toMatch(/^登录尝试过于频繁，请\d+秒后再试$/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await trail('nobody-else')).toEqual([expect.objectContaining({ result: 'failure', status: 429 })]);

    // one user name tried from many addresses
    await newUser('target');
    for (let i = 0; i < 10; i++) await signIn('target', 'Wrong#pass1', newIp());
    const byName = await signIn('target', 'Grid#2024ok', newIp()).expect(429);
    expect(byName.body.message).toMatch(/^登录尝试过于频繁/);
  });

  it('a user changes their own password: old one required, policy enforced, other sessions end', async () => {
    await newUser('changer');
    const first = (await signIn('changer', 'Grid#2024ok', newIp()).expect(200)).body.token as string;
    const second = (await signIn('changer', 'Grid#2024ok', newIp()).expect(200)).body.token as string;
    const as = (token: string) => t.http().post('/api/auth/password').set('Authorization', `Bearer ${token}`);
    expect((await as(first).send({ oldPassword: 'Wrong#pass1', newPassword: 'New#pass2024' }).expect(400)).body.problems).toEqual([{ field: 'oldPassword', message: '原密码不正确' }]);
    expect((await as(first).send({ oldPassword: 'Grid#2024ok', newPassword: 'short' }).expect(400)).body.problems).toEqual([{ field: 'newPassword', message: '密码至少8位' }]);
    expect((await as(first).send({ oldPassword: 'Grid#2024ok', newPassword: 'P@ssw0rd' }).expect(400)).body.problems[0].message).toBe('密码过于常见，请换一个');
    await as(first).send({ oldPassword: 'Grid#2024ok', newPassword: 'New#pass2024' }).expect(204);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${first}`).expect(200);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${second}`).expect(401);
    await signIn('changer', 'Grid#2024ok', newIp()).expect(401);
    await signIn('changer', 'New#pass2024', newIp()).expect(200);
    // passwords never reach the trail
    expect(await queryOne(t.db, `SELECT 1 FROM audit_log WHERE audit_log::text LIKE '%pass2024%' OR audit_log::text LIKE '%2024ok%'`)).toBeUndefined();
  });

  it('answers with security headers, never cached, and refuses an oversized body with 413', async () => {
    const res = await t.http().get('/api/auth/me').set('Authorization', admin.auth).expect(200);
    expect(res.headers).toMatchObject({
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': expect.stringContaining('max-age='),
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    const big = await t.http().post('/api/auth/sign-in').send({ username: 'x', password: 'y'.repeat(11 * 1024 * 1024) }).expect(413);
    expect(big.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' });
  });
});
