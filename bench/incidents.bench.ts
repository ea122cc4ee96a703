import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { queryOne } from '@app/domain/database/sql';
import { installDefaultCategories, saveCalendarYears } from '@app/domain/incidents/incident.store';
import { loadBundledCalendarYears } from '@app/domain/working-days/working-day.bundled';
import { queryCaseFigures } from '@app/reporting/incidents/case-figures.query';
import { incidentMetricFigures } from '@app/reporting/incidents/evaluation-metrics';
import { hashSessionToken } from '../apps/api/src/auth/session-token';
import { median, withBenchDatabase } from './support/bench-database';

/**
 * Incidents benchmarks, each in a database of its own (created here, dropped at the end):
 *   npm run bench:cases          reporting a case over HTTP: the API as its own process, autocannon with 50
 *                                connections for 30 s (BENCH_SECONDS=5 for a quick run), signed in as a grid
 *                                worker. Target ≥ 1,000 requests/s with p99 < 100 ms.
 *   npm run bench:case-figures   the figures of a year of 400,000 cases (BENCH_CASES=…), generated with
 *                                generate_series. Target < 1 s. RUNS=… runs per query (median printed).
 */
const MODE = process.argv[2] ?? 'http';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const CASES = Number(process.env.BENCH_CASES ?? 400_000);
const RUNS = Number(process.env.RUNS ?? 5);
const PORT = Number(process.env.BENCH_PORT ?? 3917);
const ROOT = resolve(__dirname, '..');

async function withDatabase(fn: (db: DataSource, url: string) => Promise<void>): Promise<void> {
  await withBenchDatabase(
    'incidents',
    async ({ db, url }) => {
      await seedBase(db);
      await fn(db, url);
    },
    { poolSize: 4, keep: process.env.BENCH_KEEP === '1' },
  );
}

/** 8 streets × 10 communities × 10 grids, one worker per grid, the calendars and the default categories. */
async function seedBase(db: DataSource): Promise<void> {
  await db.query(`INSERT INTO org_unit (level, code, name) VALUES ('district', 'B0', '基准测试区')`);
  await db.query(`INSERT INTO org_unit (parent_id, level, code, name, district_id, sort_order) SELECT d.id, 'street', 'B0S' || s, '街道' || s, d.id, s FROM org_unit d, generate_series(1, 8) s WHERE d.code = 'B0'`);
  await db.query(`UPDATE org_unit SET street_id = id WHERE level = 'street'`);
  await db.query(`INSERT INTO org_unit (parent_id, level, code, name, community_kind, district_id, street_id, sort_order) SELECT s.id, 'community', s.code || 'C' || c, '社区' || c, 'community', s.district_id, s.id, c FROM org_unit s, generate_series(1, 10) c WHERE s.level = 'street'`);
  await db.query(`UPDATE org_unit SET community_id = id WHERE level = 'community'`);
  await db.query(`INSERT INTO org_unit (parent_id, level, code, name, district_id, street_id, community_id, sort_order) SELECT c.id, 'grid', c.code || 'G' || g, '网格' || g, c.district_id, c.street_id, c.id, g FROM org_unit c, generate_series(1, 10) g WHERE c.level = 'community'`);
  await db.query(`
    INSERT INTO grid_worker (code, name, phone, id_number_enc, id_number_hash, id_number_mask, gender, birth_date, grid_id, community_id, street_id, kind)
    SELECT 'BW' || g.id, '网格员' || g.id, '139' || lpad(g.id::text, 8, '0'), '\\x00'::bytea, md5(g.id::text), '430***********0000', 'female', '1990-01-01', g.id, g.community_id, g.street_id, 'full_time'
      FROM org_unit g WHERE g.level = 'grid'`);
  const depts = ['区环保局', '区市场监督管理局', '区城管局', '区住房和城乡建设局', '区应急管理局', '区公安分局', '区民政局'];
  await db.query(`INSERT INTO department (code, name) SELECT 'BD' || i, n FROM unnest($1::text[]) WITH ORDINALITY AS t(n, i)`, [depts]);
  await db.transaction((em) => saveCalendarYears(em, loadBundledCalendarYears(), 'bench', null));
  await db.transaction((em) => installDefaultCategories(em));
}

async function startApi(url: string): Promise<ChildProcess> {
  // BENCH_API_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the API under load
  const extra = (process.env.BENCH_API_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, '-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn', QUEUE_PREFIX: `bench${process.pid}`, NODE_ENV: 'development', SWC_NODE_PROJECT: resolve(ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`API did not start: ${out}`)), 60_000);
    const poll = setInterval(async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${PORT}/api/health`);
        if (r.ok) {
          clearInterval(poll);
          clearTimeout(timer);
          res();
        }
      } catch {
        /* not yet */
      }
    }, 250);
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      rej(new Error(`API exited ${code}: ${out}`));
    });
  });
  return child;
}

interface CannonResult {
  requests: { average: number; p50: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function cannon(opts: Record<string, unknown>): Promise<CannonResult> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon') as (o: Record<string, unknown>) => Promise<CannonResult>;
  return autocannon({ connections: CONNECTIONS, pipelining: 1, ...opts });
}

async function benchHttp(): Promise<void> {
  await withDatabase(async (db, url) => {
    const token = randomBytes(24).toString('base64url');
    const worker = await queryOne<{ id: number; grid_id: number }>(db, `SELECT id, grid_id FROM grid_worker ORDER BY id LIMIT 1`);
    const user = await queryOne<{ id: number }>(db, `INSERT INTO app_user (username, display_name, password_hash, roles, worker_id) VALUES ('bench', '基准网格员', 'x', '{grid_worker}', $1) RETURNING id`, [worker!.id]);
    await db.query(`INSERT INTO user_session (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '2 hours')`, [hashSessionToken(token), user!.id]);
    const category = await queryOne<{ id: number }>(db, `SELECT id FROM case_category WHERE code = 'E0203'`);
    const api = await startApi(url);
    try {
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const body = JSON.stringify({ categoryId: category!.id, description: '夜间施工噪声扰民，影响居民休息', address: '建设南路12号' });
      const base = `http://127.0.0.1:${PORT}`;
      await cannon({ url: `${base}/api/cases`, method: 'POST', headers, body, duration: 3 }); // warm-up
      const health = await cannon({ url: `${base}/api/health`, duration: Math.max(3, Math.round(SECONDS / 3)) });
      const session = await cannon({ url: `${base}/api/working-calendar`, headers, duration: Math.max(3, Math.round(SECONDS / 3)) });
      const before = await queryOne<{ n: number }>(db, `SELECT count(*)::int AS n FROM incident_case`);
      const r = await cannon({ url: `${base}/api/cases`, method: 'POST', headers, body, duration: SECONDS });
      const after = await queryOne<{ n: number; h: number }>(db, `SELECT count(*)::int AS n, (SELECT count(*)::int FROM case_history) AS h FROM incident_case`);
      const line = (label: string, x: CannonResult) =>
        `${label.padEnd(44)} ${x.requests.average.toFixed(0).padStart(6)} req/s (median ${x.requests.p50})  latency p50 ${x.latency.p50} ms  p99 ${x.latency.p99} ms  non-2xx ${x.non2xx}  errors ${x.errors}`;
      console.log(`\nincidents: reporting a case over HTTP — ${CONNECTIONS} connections, ${SECONDS} s, one API process (${process.platform}, ${cpus().length} cores)`);
      console.log(line('GET /api/health (no session, no SQL)', health));
      console.log(line('GET /api/working-calendar (session + 1 query)', session));
      console.log(line('POST /api/cases (session + 1 INSERT statement)', r));
      console.log(`cases written ${after!.n - before!.n} (history rows ${after!.h}), 2xx counted by autocannon ${r.requests.total - r.non2xx}`);
      console.log(`target ≥ 1000 req/s: ${(r.requests.average / 1000).toFixed(2)}× ; target p99 < 100 ms: p99 ${r.latency.p99} ms (${(r.latency.p99 / 100).toFixed(2)}× of the limit)`);
      console.log(`report vs. session-only route: ${(r.requests.average / session.requests.average).toFixed(2)}× the throughput; vs. no-SQL route: ${(r.requests.average / health.requests.average).toFixed(2)}×`);
    } finally {
      api.kill('SIGTERM');
      await new Promise((res) => api.once('exit', res));
    }
  });
}

async function benchFigures(): Promise<void> {
  await withDatabase(async (db) => {
    const t0 = Date.now();
    const user = await queryOne<{ id: number }>(db, `INSERT INTO app_user (username, display_name, password_hash, roles) VALUES ('bench', '基准', 'x', '{centre_staff}') RETURNING id`);
    // a year of cases: reported all year; 3% refused, 97% answered within ~0-40 h; most closed, some late, some returned
    await db.query(
      `INSERT INTO incident_case (kind, category_id, grid_id, street_id, description, reporter_user_id, reporter_worker_id, reported_at, state, version,
                                  response_limit_wd, handling_limit_wd, self_closable, assignee_kind, assignee_department_id, assignee_street_id,
                                  response_due_at, responded_at, accepted_at, handling_due_at, dispatched_at, closed_at, rejected_at, rework_count)
       SELECT cat.kind, cat.id, w.grid_id, w.street_id, '基准案件', $2, w.id, x.rep, x.state, 3, cat.response_limit_wd, cat.handling_limit_wd, cat.self_closable,
              CASE WHEN x.state <> 'rejected' THEN cat.default_assignee_kind END,
              CASE WHEN x.state <> 'rejected' AND cat.default_assignee_kind = 'department' THEN COALESCE(cat.default_department_id, 1) END,
              CASE WHEN x.state <> 'rejected' AND cat.default_assignee_kind = 'street' THEN w.street_id END,
              x.rep + interval '1 day', x.resp, CASE WHEN x.state <> 'rejected' THEN x.resp END,
              CASE WHEN x.state <> 'rejected' THEN x.resp + make_interval(days => cat.handling_limit_wd + 2) END,
              CASE WHEN x.state <> 'rejected' THEN x.resp + interval '30 minutes' END,
              CASE WHEN x.state = 'closed' THEN x.resp + make_interval(days => cat.handling_limit_wd + 2) * x.r3 * 1.15 END,
              CASE WHEN x.state = 'rejected' THEN x.resp END,
              CASE WHEN x.r2 < 0.04 THEN 1 ELSE 0 END
         FROM (SELECT i, timestamptz '2024-01-01 08:00+08' + (i::double precision / $1) * interval '365 days' AS rep,
                      timestamptz '2024-01-01 08:00+08' + (i::double precision / $1) * interval '365 days' + random() * interval '20 hours' AS resp,
                      CASE WHEN random() < 0.03 THEN 'rejected' WHEN random() < 0.96 THEN 'closed' ELSE 'handling' END AS state,
                      random() AS r2, random() AS r3
                 FROM generate_series(1, $1::int) i) x
         JOIN LATERAL (SELECT * FROM case_category c WHERE c.parent_id IS NOT NULL ORDER BY c.id OFFSET (x.i % 40) LIMIT 1) cat ON true
         JOIN (SELECT id, grid_id, street_id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n FROM grid_worker) w ON w.k = x.i % w.n`,
      [CASES, user!.id],
    );
    await db.query(
      `INSERT INTO case_callback (case_id, outcome, called_at)
       SELECT id, CASE WHEN r < 0.85 THEN 'satisfied' WHEN r < 0.94 THEN 'basically_satisfied' WHEN r < 0.97 THEN 'dissatisfied' ELSE 'not_reached' END, closed_at + interval '2 days'
         FROM (SELECT id, closed_at, random() AS r FROM incident_case WHERE closed_at IS NOT NULL AND id % 2 = 0) c`,
    );
    await db.query(`VACUUM ANALYZE incident_case`);
    await db.query(`ANALYZE case_callback`);
    const counts = await queryOne<{ n: number; b: number }>(db, `SELECT (SELECT count(*)::int FROM incident_case) AS n, (SELECT count(*)::int FROM case_callback) AS b`);
    console.log(`\nincidents: figures of a year — ${counts!.n} cases, ${counts!.b} call-backs generated in ${((Date.now() - t0) / 1000).toFixed(1)} s; median of ${RUNS} runs each`);
    const filter = { from: new Date('2024-01-01T00:00:00+08:00'), to: new Date('2025-01-01T00:00:00+08:00'), at: new Date('2025-01-01T00:00:00+08:00') };
    const time = async (label: string, fn: () => Promise<unknown>) => {
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = process.hrtime.bigint();
        await fn();
        ms.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
      const m = median(ms);
      console.log(`${label.padEnd(58)} median ${m.toFixed(0).padStart(5)} ms  (min ${Math.min(...ms).toFixed(0)}, max ${Math.max(...ms).toFixed(0)})  ${(m / 1000).toFixed(2)}× of the 1 s target`);
      return m;
    };
    await time('case figures, whole year (2 queries: timing + call-backs)', () => queryCaseFigures(db, filter, 'none'));
    await time('case figures by street (GROUPING SETS, + total row)', () => queryCaseFigures(db, filter, 'street'));
    await time('case figures by top-level category', () => queryCaseFigures(db, filter, 'category'));
    await time('case figures by department', () => queryCaseFigures(db, filter, 'department'));
    await time('case figures of one street (index on street_id, reported_at)', () => queryCaseFigures(db, { ...filter, streetId: 2 }, 'none'));
    await time('evaluation metrics of the year (4 families)', () => incidentMetricFigures(db, 2024));
    const [total] = await queryCaseFigures(db, filter, 'none');
    console.log(`check: reported ${total.reported}, closed ${total.closed}, on time ${total.closedOnTime} (${total.onTimeRate?.times(100).toFixed(2)}%), overdue ${total.overdue}, returned ${total.returned}, p95 handling ${total.p95HandlingMinutes?.toFixed(0)} min, satisfaction ${total.satisfaction.rate?.times(100).toFixed(2)}%`);
  });
}

(MODE === 'figures' ? benchFigures() : benchHttp()).then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
