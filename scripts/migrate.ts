import 'reflect-metadata';
import { createDataSource, loadConfig } from '@app/domain';
import { ensureDatabase, runMain } from '@app/domain/boot/dependency-check';
import { describeUrl } from '@app/domain/config/env.schema';

/** `migrate up` runs every pending migration; `migrate down` reverts the last one. */
runMain(async () => {
  const direction = process.argv[2] ?? 'up';
  const config = loadConfig();
  if (await ensureDatabase(config)) console.log('created the database');
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    if (direction === 'down') {
      await ds.undoLastMigration({ transaction: 'each' });
      console.log(`reverted the last migration on ${describeUrl(config.DATABASE_URL)}`);
    } else {
      const ran = await ds.runMigrations({ transaction: 'each' });
      console.log(`${ran.length ? `applied ${ran.map((m) => m.name).join(', ')}` : 'schema is up to date'} (${describeUrl(config.DATABASE_URL)})`);
    }
  } finally {
    await ds.destroy();
  }
});
