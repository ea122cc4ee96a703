import { Client } from 'pg';
import { createDataSource } from '../libs/domain/src/database/data-source';
import { databaseUrl, TEMPLATE_DB, TEST_PG_URL } from './support/test-env';

/**
 * Runs every migration once into a template database; each integration test file then clones it
 * (CREATE DATABASE … TEMPLATE), which takes a fraction of a second. Several jest runs may share the
 * machine's PostgreSQL: the template is built under a name of its own and swapped in when complete, and
 * only the leftovers of processes that are gone are dropped.
 */
export default async function globalSetup(): Promise<void> {
  const building = `grid_tpl_${process.pid}`;
  const admin = new Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'grid_t\\_%' OR datname LIKE 'grid_tpl\\_%'`);
    for (const { datname } of stale.rows) {
      const pid = Number(/^grid_(?:t|tpl)_(\d+)/.exec(datname)?.[1]);
      if (pid && pid !== process.pid && isAlive(pid)) continue;
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE "${building}"`);
    const ds = createDataSource({ DATABASE_URL: databaseUrl(building) });
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
    await admin.query(`ALTER DATABASE "${building}" RENAME TO "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
