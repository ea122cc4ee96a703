import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDataSource, DomainError, loadConfig } from '@app/domain';
import { checkPostgres, DependencyError } from '@app/domain/boot/dependency-check';
import { buildWorkbook, requestEvaluationBuild, runEvaluationBuild } from '@app/reporting/evaluation/evaluation-builds';

const USAGE = `usage: npm run evaluation -- --year 2024 [--out 文件.xlsx]

Builds the year's self-evaluation workbook (附件2, 附件1, 取数说明, 数据校验) from the configured database, the
same way the worker does: the same inputs as an earlier build give that build's workbook; otherwise a new build
is recorded and run here, in this process (no worker or Redis needed). Writes the xlsx to --out (default: the
build's file name in the current directory) and prints the build id and the path.`;

class UsageError extends Error {}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({ options: { year: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } }, strict: true }).values;
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const year = Number(args.year);
  if (!args.year || !Number.isInteger(year)) throw new UsageError(`--year is required (e.g. --year 2024)\n${USAGE}`);
  const config = loadConfig();
  await checkPostgres(config);
  const db = createDataSource(config, { poolSize: 4 });
  await db.initialize();
  try {
    const started = Date.now();
    const { build, created } = await requestEvaluationBuild(db, year, 'cli', null);
    if (build.status !== 'succeeded') {
      console.log(`${created ? 'building' : `building (request ${build.status} since ${build.createdAt})`} ${year}: ${build.id}`);
      await runEvaluationBuild(db, config.FILES_DIR, build.id, (p) => void process.stdout.write(`\r${p}%   `));
      process.stdout.write('\n');
    } else {
      console.log(`same inputs as build ${build.id} of ${build.finishedAt}: its workbook is used`);
    }
    const { buffer, fileName } = await buildWorkbook(db, config.FILES_DIR, build.id);
    const out = resolve(args.out ?? fileName);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, buffer);
    console.log(`build ${build.id} (${((Date.now() - started) / 1000).toFixed(1)} s)\nworkbook ${out}`);
  } finally {
    await db.destroy();
  }
}

main().catch((e: unknown) => {
  if (e instanceof UsageError || e instanceof DependencyError) console.error(e.message);
  else if (e instanceof DomainError) console.error(`${e.message}${e.problems.length ? `\n${e.problems.map((p) => `  ${p.field}: ${p.message}`).join('\n')}` : ''}`);
  else console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
