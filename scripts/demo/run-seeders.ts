import { createDataSource, loadConfig } from '@app/domain';
import type { AppConfig } from '@app/domain';
import { ensureDatabase } from '@app/domain/boot/dependency-check';
import { PersonalDataCipher } from '@app/domain/crypto/personal-data.cipher';
import { DEMO_SEEDERS } from './index';

export const DEMO_YEAR = 2024;

/** Migrates the configured database and loads the demo district; safe to run again. */
export async function migrateAndSeed(config: AppConfig = loadConfig(), log: (m: string) => void = console.log): Promise<void> {
  if (await ensureDatabase(config)) log('database: created');
  const db = createDataSource(config);
  await db.initialize();
  try {
    const ran = await db.runMigrations({ transaction: 'each' });
    log(ran.length ? `migrations: applied ${ran.length}` : 'migrations: schema is up to date');
    const ctx = { db, config, cipher: new PersonalDataCipher(config.PERSONAL_DATA_KEY), year: DEMO_YEAR, log };
    for (const seeder of DEMO_SEEDERS) await seeder.seed(ctx);
  } finally {
    await db.destroy();
  }
}
