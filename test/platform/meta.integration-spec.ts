import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

describe('business years', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('opens year pages on this year without records, and on the latest year that has records', async () => {
    const user = await given(t).user(['leader']);
    const current = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    const empty = await t.http().get('/api/meta/years').set('Authorization', user.auth).expect(200);
    expect(empty.body).toEqual({ current, latestWithData: current });

    const { grid } = await given(t).tree();
    const worker = await given(t).worker(grid.id);
    const inspector = await given(t).user(['centre_staff']);
    await t.db.query(
      `INSERT INTO spot_check (worker_id, street_id, community_id, grid_id, inspector_id, check_day, checked_at)
       SELECT w.id, w.street_id, w.community_id, w.grid_id, $2, '2024-04-01', '2024-04-01T00:30:00+08:00' FROM grid_worker w WHERE w.id = $1`,
      [worker.id, inspector.id],
    );
    const withData = await t.http().get('/api/meta/years').set('Authorization', user.auth).expect(200);
    expect(withData.body).toEqual({ current, latestWithData: 2024 });
    await t.http().get('/api/meta/years').expect(401);
  });
});
