import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, loadConfig } from '@app/domain';

/** Median of a sample: benchmarks quote medians, the machine is shared and noisy. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export interface BenchDatabase {
  name: string;
  url: string;
  db: DataSource;
  /** True when a kept database was found and reused (its data already generated). */
  reused: boolean;
}

/**
 * Runs a benchmark in a database of its own on the configured server: created and migrated here, dropped
 * afterwards unless `keep` (then it is named without the pid, for a look afterwards); with `reuse` too, a
 * kept database is taken as it is by the next run, skipping the data generation.
 */
export async function withBenchDatabase<T>(
  label: string,
  fn: (bench: BenchDatabase) => Promise<T>,
  opts: { poolSize?: number; keep?: boolean; reuse?: boolean } = {},
): Promise<T> {
  const config = loadConfig();
  const name = opts.keep ? `grid_bench_${label}` : `grid_bench_${label}_${process.pid}`;
  const adminUrl = new URL(config.DATABASE_URL);
  adminUrl.pathname = '/postgres';
  const benchUrl = new URL(config.DATABASE_URL);
  benchUrl.pathname = `/${name}`;
  const admin = new Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  const exists = Boolean((await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount);
  const reused = Boolean(opts.keep && opts.reuse && exists);
  if (!reused) {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  }
  const db = createDataSource({ DATABASE_URL: benchUrl.toString() }, { poolSize: opts.poolSize ?? 4 });
  try {
    await db.initialize();
    if (!reused) await db.runMigrations({ transaction: 'each' });
    return await fn({ name, url: benchUrl.toString(), db, reused });
  } finally {
    if (db.isInitialized) await db.destroy().catch(() => undefined);
    if (opts.keep) console.log(`kept database ${name}`);
    else await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}
