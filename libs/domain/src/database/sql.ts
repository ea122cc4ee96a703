import type { DataSource, EntityManager } from 'typeorm';

export type Queryable = Pick<DataSource | EntityManager, 'query'>;

/**
 * Rows of a raw query. TypeORM answers UPDATE/DELETE with `[rows, affectedCount]` and everything else
 * with the rows; this hides the difference so `... RETURNING` reads the same everywhere.
 */
export async function queryRows<T = Record<string, unknown>>(db: Queryable, text: string, params: unknown[] = []): Promise<T[]> {
  const res = await db.query(text, params);
  if (Array.isArray(res) && res.length === 2 && Array.isArray(res[0]) && typeof res[1] === 'number') return res[0] as T[];
  return res as T[];
}

export async function queryOne<T = Record<string, unknown>>(db: Queryable, text: string, params: unknown[] = []): Promise<T | undefined> {
  return (await queryRows<T>(db, text, params))[0];
}

/** `numeric`/`bigint` come back from pg as strings; counts are safe integers. */
export function toInt(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`not an integer: ${String(value)}`);
  return n;
}

/**
 * True for a pool (a DataSource, or its manager): independent queries may run side by side. The manager of a
 * transaction holds one connection, on which pg runs one query at a time (and pg 9 will refuse overlaps).
 */
export function isPooled(db: Queryable): boolean {
  return !(db as { queryRunner?: unknown }).queryRunner;
}

/** Runs independent reads side by side on a pool, one after the other inside a transaction. */
export async function allOf<T extends readonly unknown[]>(db: Queryable, reads: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (isPooled(db)) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const out: unknown[] = [];
  for (const read of reads) out.push(await read());
  return out as unknown as T;
}
