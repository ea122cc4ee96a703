import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { loadConfig } from '@app/domain';
import { runMain } from '@app/domain/boot/dependency-check';
import { DEMO_FINALE } from './demo/finale';
import { startApp, Started, stopAll } from './demo/processes';
import { migrateAndSeed } from './demo/run-seeders';
import { demoAccounts } from './demo/seed-accounts';

/**
 * The main job on a fresh machine: migrate, load the demo district, start the API and the worker, run the
 * demo's finale (the year-end workbook, once that feature is there), print where everything is, and keep
 * serving until Ctrl-C. `DEMO_EXIT=1` stops after the finale (for scripts and CI).
 */
runMain(async () => {
  const config = loadConfig();
  await migrateAndSeed(config);
  // the console (apps/web/dist) is built when missing or older than its sources
  const web = spawnSync(process.execPath, [resolve(__dirname, '../apps/web/build-if-stale.mjs')], { stdio: 'inherit' });
  if (web.status !== 0) throw new Error('building the web console failed (npm run build:web)');
  const started: Started[] = [];
  const shutdown = async () => {
    await stopAll(started);
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  try {
    started.push(await startApp('worker', /worker ready/));
    started.push(await startApp('api', /listening on/));
  } catch (e) {
    await stopAll(started);
    throw e;
  }
  const base = `http://127.0.0.1:${config.PORT}`;
  const lines = await DEMO_FINALE(base, demoAccounts);
  console.log(`
============================================================
 网格化管理服务平台 — demo district 芦淞区 (year 2024) is up
   console  ${base}/
   API      ${base}/api        health: ${base}/api/health/ready
   docs     ${base}/api/docs
 demo accounts (new passwords on every run):
${demoAccounts.map((a) => `   ${a.username.padEnd(11)} ${a.password}   ${a.role}`).join('\n')}
${lines.map((l) => ` ${l}`).join('\n')}
 Ctrl-C stops the API and the worker.
============================================================`);
  if (process.env.DEMO_EXIT === '1') await shutdown();
});
