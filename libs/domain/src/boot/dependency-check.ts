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
    const code = reason(e);
    const hint = code === '3D000' ? ' (database does not exist; `npm run migration:run` creates it)' : '';
    throw new DependencyError(`PostgreSQL unreachable at ${describeUrl(config.DATABASE_URL)}: ${code}${hint}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * For the scripts that set up a machine (migrate, demo): creates the configured database when the server
 * is up but the database does not exist yet. The API and the worker never do this.
 */
export async function ensureDatabase(config: Pick<AppConfig, 'DATABASE_URL'>): Promise<boolean> {
  try {
    await checkPostgres(config);
    return false;
  } catch (e) {
    if (!(e instanceof DependencyError) || !e.message.includes(': 3D000')) throw e;
  }
  const target = new URL(config.DATABASE_URL);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(config.DATABASE_URL);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (e) {
    throw new DependencyError(`cannot create database ${name} at ${describeUrl(config.DATABASE_URL)}: ${reason(e)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  return true;
}

export async function checkRedis(config: Pick<AppConfig, 'REDIS_URL'>): Promise<void> {
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 5000, retryStrategy: () => null });
  let lastError: unknown;
  redis.on('error', (e) => (lastError = e));
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new DependencyError(`Redis unreachable at ${describeUrl(config.REDIS_URL)}: ${reason(lastError ?? e)}`);
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

/**
 * Closes the app on SIGTERM/SIGINT and exits 0 once it has closed (the worker's jobs in hand finish
 * first). A second signal exits at once.
 */
export function closeOnSignals(close: () => Promise<void>): void {
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) process.exit(1);
      closing = true;
      close().then(
        () => process.exit(0),
        (e: unknown) => {
          process.stderr.write(`shutdown failed: ${e instanceof Error ? e.message : String(e)}\n`);
          process.exit(1);
        },
      );
    });
  }
}

/** Runs a process's main; a known start-up failure is printed as one line and exits 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    const known = e instanceof DependencyError || e?.constructor?.name === 'ConfigError';
    process.stderr.write(`${known ? (e as Error).message : `start-up failed: ${e instanceof Error ? e.message : String(e)}`}\n`);
    process.exit(1);
  });
}
