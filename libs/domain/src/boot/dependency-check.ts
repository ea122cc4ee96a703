import Redis from 'ioredis';
import { Client } from 'pg';
import { AppConfig, describeUrl } from '../config/env.schema';

/**
 * Checked before a process starts serving: a missing or unreachable PostgreSQL or Redis stops it with
 * one line that says which and where, instead of a stack dump from deep inside a driver.
 */
export class DependencyError extends Error {}

export async function checkPostgres(config: Pick<AppConfig, 'DATABASE_URL'>): Promise<void> {
  const client = new Client({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new DependencyError(`PostgreSQL unreachable at ${describeUrl(config.DATABASE_URL)}: ${reason(e)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function checkRedis(config: Pick<AppConfig, 'REDIS_URL'>): Promise<void> {
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 5000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new DependencyError(`Redis unreachable at ${describeUrl(config.REDIS_URL)}: ${reason(e)}`);
  } finally {
    redis.disconnect();
  }
}

export async function checkDependencies(config: Pick<AppConfig, 'DATABASE_URL' | 'REDIS_URL'>): Promise<void> {
  await checkPostgres(config);
  await checkRedis(config);
}

function reason(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length) return reason(e.errors[0]);
  if (e instanceof Error) return (e as NodeJS.ErrnoException).code ?? e.message;
  return String(e);
}

/** Runs a process's main; a known start-up failure is printed as one line and exits 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    const known = e instanceof DependencyError || e?.constructor?.name === 'ConfigError';
    process.stderr.write(`${known ? (e as Error).message : `start-up failed: ${e instanceof Error ? e.message : String(e)}`}\n`);
    process.exit(1);
  });
}
