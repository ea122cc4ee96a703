import { queryRows } from '@app/domain/database/sql';
import { createDataSource } from '@app/domain';
import { migrateAndSeed } from '../../scripts/demo/run-seeders';
import { createEmptyDatabase, TestDatabase } from '../support/test-database';
import { testConfig } from '../support/test-app';

/** Row counts of every table: a second seeding must not change any of them. */
async function tableCounts(url: string): Promise<Record<string, number>> {
  const ds = createDataSource({ DATABASE_URL: url });
  await ds.initialize();
  try {
    const tables = await queryRows<{ name: string }>(ds, `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`);
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      if (name === 'user_session' || name === 'audit_log') continue; // the demo signs nobody in; audit may record the seeding
      counts[name] = Number((await queryRows<{ n: string }>(ds, `SELECT count(*) AS n FROM "${name}"`))[0].n);
    }
    return counts;
  } finally {
    await ds.destroy();
  }
}

describe('demo district', () => {
  let database: TestDatabase;
  beforeAll(async () => (database = await createEmptyDatabase()));
  afterAll(() => database.drop());

  it('loads 芦淞区 with 8 streets, 81 communities of which 32 villages, and about 500 workers; a second run adds nothing', async () => {
    const config = testConfig(database.url);
    const log: string[] = [];
    await migrateAndSeed(config, (m) => log.push(m));
    const first = await tableCounts(database.url);
    expect(first.grid_worker).toBeGreaterThan(450);
    expect(first.grid_worker).toBeLessThan(550);
    const ds = createDataSource({ DATABASE_URL: database.url });
    await ds.initialize();
    const [org] = await queryRows<{ streets: string; communities: string; villages: string }>(
      ds,
      `SELECT count(*) FILTER (WHERE level = 'street') AS streets, count(*) FILTER (WHERE level = 'community') AS communities,
              count(*) FILTER (WHERE community_kind = 'village') AS villages FROM org_unit`,
    );
    const streets = await queryRows<{ name: string }>(ds, `SELECT name FROM org_unit WHERE level = 'street' ORDER BY sort_order`);
    await ds.destroy();
    expect(org).toEqual({ streets: '8', communities: '81', villages: '32' });
    expect(streets.map((s) => s.name)).toEqual(['白关镇', '龙泉街道', '董家塅街道', '庆云街道', '建设街道', '枫溪街道', '建宁街道', '贺家土街道']);

    await migrateAndSeed(config, () => undefined);
    expect(await tableCounts(database.url)).toEqual(first);
  }, 180_000);
});
