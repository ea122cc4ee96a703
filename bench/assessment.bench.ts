import 'reflect-metadata';
import { computeDraftRanking, publishRanking } from '@app/domain/assessment/assessment.store';
import { queryOne } from '@app/domain/database/sql';
import { median, withBenchDatabase } from './support/bench-database';

/**
 * Quarterly ranking of 100,000 workers with three months of scores, set-based in SQL (two INSERT … SELECT
 * with rank() windows). Runs in a database of its own, created here and dropped at the end.
 *   npm run bench:ranking            (WORKERS=… RUNS=… to change the size)
 * Prints the median of the runs, rows/s, and the Node heap before and after (it stays flat: no row of the
 * ranking passes through Node).
 */
const WORKERS = Number(process.env.WORKERS ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 5);
const YEAR = 2024;
const QUARTER = 2;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  await withBenchDatabase('assessment', async ({ db }) => {
    const t0 = Date.now();
    // 1 district, 8 streets, 10 communities per street, 10 grids per community
    await db.query(`INSERT INTO org_unit (level, code, name) VALUES ('district', 'B0', '基准测试区')`);
    await db.query(`
      INSERT INTO org_unit (parent_id, level, code, name, district_id, sort_order)
      SELECT d.id, 'street', 'B0S' || s, '街道' || s, d.id, s FROM org_unit d, generate_series(1, 8) s WHERE d.code = 'B0'`);
    await db.query(`UPDATE org_unit SET street_id = id WHERE level = 'street'`);
    await db.query(`
      INSERT INTO org_unit (parent_id, level, code, name, community_kind, district_id, street_id, sort_order)
      SELECT s.id, 'community', s.code || 'C' || c, s.name || '社区' || c, 'community', s.district_id, s.id, c FROM org_unit s, generate_series(1, 10) c WHERE s.level = 'street'`);
    await db.query(`UPDATE org_unit SET community_id = id WHERE level = 'community'`);
    await db.query(`
      INSERT INTO org_unit (parent_id, level, code, name, district_id, street_id, community_id, sort_order)
      SELECT c.id, 'grid', c.code || 'G' || g, c.name || '网格' || g, c.district_id, c.street_id, c.id, g FROM org_unit c, generate_series(1, 10) g WHERE c.level = 'community'`);
    await db.query(`
      INSERT INTO grid_worker (code, name, phone, id_number_enc, id_number_hash, id_number_mask, gender, birth_date, grid_id, community_id, street_id, kind)
      SELECT 'BW' || i, '网格员' || i, '139' || lpad(i::text, 8, '0'), '\\x00'::bytea, md5(i::text), '430***********0000', 'female', '1990-01-01',
             g.id, g.community_id, g.street_id, 'full_time'
        FROM generate_series(1, $1::int) i
        JOIN (SELECT id, community_id, street_id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n FROM org_unit WHERE level = 'grid') g ON g.k = i % g.n`,
      [WORKERS],
    );
    await db.query(`INSERT INTO assessment_month (year, month, status, scheme_version, computed_at, published_at) SELECT $1, m, 'published', 1, now(), now() FROM generate_series(4, 6) m`, [YEAR]);
    // scores 60.00–100.00 with two decimals, many ties; about 5% of workers miss one month (hired late, left, suspended)
    await db.query(`SELECT setseed(0.2024)`);
    await db.query(`
      INSERT INTO monthly_assessment (year, month, worker_id, street_id, community_id, grid_id, scheme_version, base_score, total_deduction, score)
      SELECT $1, m, w.id, w.street_id, w.community_id, w.grid_id, 1, 100, 0, round((60 + random() * 40)::numeric, 2)
        FROM grid_worker w CROSS JOIN generate_series(4, 6) m
       WHERE NOT (w.id % 20 = 0 AND m = 4 + w.id % 3)`,
      [YEAR],
    );
    await db.query(`ANALYZE`);
    const scores = await queryOne<{ n: string }>(db, `SELECT count(*) AS n FROM monthly_assessment`);
    console.log(`data: ${WORKERS.toLocaleString('en')} workers, ${Number(scores!.n).toLocaleString('en')} monthly scores (set up in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);

    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const rssBefore = process.memoryUsage().rss;
    const draft: number[] = [];
    const publish: number[] = [];
    let ranked = 0;
    for (let i = 0; i < RUNS; i++) {
      let s = process.hrtime.bigint();
      const r = await db.transaction((em) => computeDraftRanking(em, YEAR, QUARTER, null));
      draft.push(Number(process.hrtime.bigint() - s) / 1e6);
      ranked = r.worker_count;
      s = process.hrtime.bigint();
      await db.transaction((em) => publishRanking(em, YEAR, QUARTER, null, `bench ${i + 1}`));
      publish.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    const heapAfter = process.memoryUsage().heapUsed;
    const rssAfter = process.memoryUsage().rss;
    const versions = await queryOne<{ n: string }>(db, `SELECT count(*) AS n FROM quarter_ranking WHERE status <> 'draft'`);
    const m = median(draft);
    const p = median(publish);
    console.log(`ranked ${ranked.toLocaleString('en')} workers per run; ${versions!.n} published versions kept`);
    console.log(`compute draft: median ${(m / 1000).toFixed(3)} s over ${RUNS} runs (${draft.map((x) => (x / 1000).toFixed(2)).join(', ')} s), ${Math.round(ranked / (m / 1000)).toLocaleString('en')} rows/s`);
    console.log(`publish (new frozen version): median ${(p / 1000).toFixed(3)} s (${publish.map((x) => (x / 1000).toFixed(2)).join(', ')} s), ${Math.round(ranked / (p / 1000)).toLocaleString('en')} rows/s`);
    console.log(`node heap ${mb(heapBefore)} → ${mb(heapAfter)}, rss ${mb(rssBefore)} → ${mb(rssAfter)} (no ranking row is loaded into Node)`);
    console.log(m < 5000 && p < 5000 ? 'OK: under 5 s' : 'SLOW: 5 s or more');
  }, { poolSize: 2 });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
