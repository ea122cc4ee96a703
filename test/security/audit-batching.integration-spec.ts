import { queryRows } from '@app/domain/database/sql';
import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Concurrent writes share audit INSERTs and session look-ups (group commit); each request must still find
 * its own entry in the trail once its answer has arrived, and a revoked session must fail at once.
 */
describe('audit and session look-ups under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('writes one audit entry per concurrent write, each before its answer', async () => {
    const admin = await given(t).user(['centre_admin']);
    const district = (await t.http().post('/api/org-units').set('Authorization', admin.auth).send({ code: 'BATCH-D', name: '并发区' }).expect(201)).body;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.http().post('/api/org-units').set('Authorization', admin.auth).send({ parentId: district.id, code: `BATCH-S${i}`, name: `街道${i}` }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(201));
    const ids = answers.map((a) => a.headers['x-request-id']);
    const rows = await queryRows<{ request_id: string; target_id: string; result: string }>(
      t.db,
      `SELECT request_id, target_id, result FROM audit_log WHERE request_id = ANY($1)`,
      [ids],
    );
    expect(rows).toHaveLength(40);
    const byRequest = new Map(rows.map((r) => [r.request_id, r]));
    answers.forEach((a) => expect(byRequest.get(a.headers['x-request-id'])).toMatchObject({ target_id: String(a.body.id), result: 'success' }));
  });

  it('refuses the very next request of a signed-out session even among concurrent ones', async () => {
    const admin = await given(t).user(['centre_admin']);
    const other = await given(t).user(['centre_staff']);
    await t.http().post('/api/auth/sign-out').set('Authorization', other.auth).expect(204);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.http().get('/api/org-units/tree').set('Authorization', i % 2 ? admin.auth : other.auth)),
    );
    answers.forEach((a, i) => expect(a.status).toBe(i % 2 ? 200 : 401));
  });
});
