import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

describe('API basics', () => {
  let t: TestApp;
  let admin: { auth: string };
  beforeAll(async () => {
    t = await startTestApp();
    admin = await given(t).user(['centre_admin']);
  });
  afterAll(() => t.close());

  it('answers liveness and readiness with the database and Redis up', async () => {
    await t.http().get('/api/health').expect(200, { status: 'ok' });
    const ready = await t.http().get('/api/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
  });

  it('serves OpenAPI generated from the code', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    expect(doc.body.paths['/api/workers']).toBeDefined();
    expect(doc.body.paths['/api/org-units/{id}']).toBeDefined();
    await t.http().get('/api/docs').redirects(1).expect(200);
  });

  it('refuses a request without a session with 401 and a Chinese message', async () => {
    const res = await t.http().get('/api/workers').expect(401);
    expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', message: '登录已失效，请重新登录' });
    expect(res.body.requestId).toBeTruthy();
  });

  it('rejects unknown fields and names the field in Chinese', async () => {
    const res = await t.http().post('/api/org-units').set('Authorization', admin.auth).send({ code: 'X01', name: '区', role: 'centre_admin' }).expect(400);
    expect(res.body.code).toBe('VALIDATION');
    expect(res.body.problems).toEqual([{ field: 'role', message: '不允许的字段' }]);
  });

  it('gives validation errors with the field and a Chinese message', async () => {
    const res = await t.http().post('/api/org-units').set('Authorization', admin.auth).send({ code: '!', name: '' }).expect(400);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { field: 'code', message: '编码格式不正确' },
        { field: 'name', message: '名称至少1个字符' },
      ]),
    );
  });

  it('answers 404 for a missing thing and never shows a stack trace or SQL', async () => {
    const res = await t.http().get('/api/org-units/999999').set('Authorization', admin.auth).expect(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', message: '单位不存在：999999' });
    const bad = await t.http().get('/api/org-units/abc').set('Authorization', admin.auth).expect(400);
    expect(JSON.stringify(bad.body)).not.toMatch(/at \w+ \(|SELECT|stack/i);
  });

  it('answers malformed JSON with 400 and oversized bodies with 413', async () => {
    const bad = await t.http().post('/api/org-units').set('Authorization', admin.auth).set('Content-Type', 'application/json').send('{"code":').expect(400);
    expect(bad.body.message).toBe('请求内容不是有效的 JSON');
    const big = await t.http().post('/api/org-units').set('Authorization', admin.auth).send({ code: 'X', name: 'x'.repeat(11 * 1024 * 1024) }).expect(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('sets security headers', async () => {
    const res = await t.http().get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    // the console must load over plain http on a LAN address
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });
});
