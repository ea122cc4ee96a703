import { Client } from 'pg';
import { createDataSource } from '../libs/domain/src/database/data-source';
import { databaseUrl, TEMPLATE_DB, TEST_PG_URL } from './support/test-env';

/**
 * Runs every migration once into a template database; each integration test file then clones it
 * (CREATE DATABASE … TEMPLATE), which takes a fraction of a second.
 */
export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    // leftovers of an interrupted run
    // (only those of processes that are gone: another jest run on this machine may be using its own)
    const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'grid_t\\_%' OR datname = $1`, [TEMPLATE_DB]);
    for (const { datname } of stale.rows) {
      const pid = Number(/^grid_t_(\d+)_/.exec(datname)?.[1]);
      if (pid && isAlive(pid)) continue;
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  const ds = createDataSource({ DATABASE_URL: databaseUrl(TEMPLATE_DB) });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
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
