import 'reflect-metadata';
import { runMain } from '@app/domain/boot/dependency-check';
import { migrateAndSeed } from './demo/run-seeders';
import { demoAccounts } from './demo/seed-accounts';

/** Loads the demo district into the configured database and starts nothing. */
runMain(async () => {
  await migrateAndSeed();
  console.log('\ndemo accounts:');
  for (const a of demoAccounts) console.log(`  ${a.username.padEnd(12)} ${a.password}  ${a.role}`);
});
