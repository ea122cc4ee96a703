import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { allOf, queryOne, queryRows } from '../../../domain/src/database/sql';
import { DomainError } from '../../../domain/src/errors/domain-error';
import { BUILD_STATUS_LABELS, BUILD_TRIGGER_LABELS, BuildStatus, BuildTrigger } from '../../../domain/src/evaluation/evaluation.entity';
import { computeEvaluation, EvaluationContext, EvaluationJudgements, EvaluationSnapshot, evaluationInputsHash } from './evaluation-snapshot';
import { evaluationWorkbookFileName, renderEvaluationWorkbook } from './evaluation-workbook.renderer';
import { loadContext, loadFinance, loadJudgements, StoredFinance, StoredTemplate, yearTemplate } from './evaluation.store';
import { judgementsForTemplate } from './judgement.rules';
import { collectEvaluationFigures, CollectedFigures } from './metrics';

/**
 * The build of a year's self-evaluation, shared by the API (request, status, download), the worker (the job)
 * and the CLI: gather every input (stored inputs + metric figures), fingerprint them, compute the snapshot,
 * render the workbook, store both. A build row is the unit of work; the same year with the same inputs is
 * built once (unique (year, inputs_hash) among builds that did not fail).
 */
type Db = Pick<DataSource | EntityManager, 'query'>;

/** Whether queries may run side by side: a DataSource (pool), not an EntityManager bound to one connection. */
export function checkYear(year: number): number {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw DomainError.invalid('year', `年度无效：${year}`);
  return year;
}

export interface GatheredInputs {
  year: number;
  template: StoredTemplate;
  finance: StoredFinance;
  judgements: EvaluationJudgements;
  /** Stored judgements that no longer fit the template. */
  ignored: string[];
  context: Omit<EvaluationContext, 'builtAt'>;
  collected: CollectedFigures;
  /** evaluationInputsHash of all the above. */
  hash: string;
}

/** Re-reads every input of a year: template (created from the last one if missing), finance, judgements, context, figures. */
export async function gatherEvaluationInputs(db: Db, year: number): Promise<GatheredInputs> {
  checkYear(year);
  const template = await yearTemplate(db, year);
  const reads = [() => loadFinance(db, year), () => loadJudgements(db, year), () => loadContext(db, year), () => collectEvaluationFigures(db, year)] as const;
  const [finance, records, context, collected] = await allOf(db, reads);
  const { judgements, ignored } = judgementsForTemplate(template.template, records);
  const hash = evaluationInputsHash(template.template, finance.inputs, collected.figures, judgements, context);
  return { year, template, finance, judgements, ignored, context, collected, hash };
}

export function computeFromInputs(g: GatheredInputs, builtAt: Date = new Date()): EvaluationSnapshot {
  return computeEvaluation(g.template.template, g.finance.inputs, g.collected.figures, g.judgements, { ...g.context, builtAt: builtAt.toISOString() });
}

// ---- build rows ---------------------------------------------------------------------------------------------

interface BuildRow {
  id: string;
  year: number;
  status: BuildStatus;
  progress: number;
  trigger: BuildTrigger;
  inputs_hash: string;
  snapshot_hash: string | null;
  file_name: string | null;
  workbook_path: string | null;
  workbook_sha256: string | null;
  workbook_bytes: number | null;
  error: string | null;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  summary: { total: string; maxScore: string; budgetScore: string | null; budgetRate: string | null; blockers: number; findings: number; errors: number } | null;
}

export interface BuildView {
  id: string;
  year: number;
  status: BuildStatus;
  statusName: string;
  /** 0–100. */
  progress: number;
  trigger: BuildTrigger;
  triggerName: string;
  inputsHash: string;
  /** Whether the inputs the build read differ from those it was requested with (data changed while queued). */
  inputsChangedWhileQueued: boolean;
  createdBy: { id: number; name: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  workbook: { fileName: string; bytes: number; sha256: string; url: string } | null;
  summary: BuildRow['summary'];
}

const BUILD_SELECT = `
  SELECT b.id, b.year, b.status, b.progress, b.trigger, b.inputs_hash, b.snapshot_hash, b.file_name, b.workbook_path, b.workbook_sha256,
         b.workbook_bytes, b.error, b.created_by, u.display_name AS created_by_name, b.created_at, b.started_at, b.finished_at,
         CASE WHEN b.snapshot IS NULL THEN NULL ELSE jsonb_build_object(
           'total', b.snapshot->'totals'->>'total', 'maxScore', b.snapshot->'totals'->>'maxScore',
           'budgetScore', b.snapshot->'budget'->>'score', 'budgetRate', b.snapshot->'budget'->>'rate',
           'blockers', jsonb_array_length(b.snapshot->'blockers'), 'findings', jsonb_array_length(b.snapshot->'findings'),
           'errors', (SELECT count(*) FROM jsonb_array_elements(b.snapshot->'findings') f WHERE f->>'severity' = 'error')) END AS summary
    FROM evaluation_build b LEFT JOIN app_user u ON u.id = b.created_by`;

function viewOf(r: BuildRow): BuildView {
  return {
    id: r.id,
    year: r.year,
    status: r.status,
    statusName: BUILD_STATUS_LABELS[r.status],
    progress: r.progress,
    trigger: r.trigger,
    triggerName: BUILD_TRIGGER_LABELS[r.trigger],
    inputsHash: r.inputs_hash,
    inputsChangedWhileQueued: r.snapshot_hash !== null && r.snapshot_hash !== r.inputs_hash,
    createdBy: r.created_by === null ? null : { id: r.created_by, name: r.created_by_name ?? '' },
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    error: r.error,
    workbook:
      r.status === 'succeeded' && r.file_name && r.workbook_sha256
        ? { fileName: r.file_name, bytes: r.workbook_bytes ?? 0, sha256: r.workbook_sha256, url: `/api/evaluations/builds/${r.id}/workbook` }
        : null,
    summary: r.summary,
  };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findBuild(db: Db, id: string): Promise<BuildView | null> {
  if (!UUID_RE.test(id)) return null;
  const r = await queryOne<BuildRow>(db, `${BUILD_SELECT} WHERE b.id = $1`, [id]);
  return r ? viewOf(r) : null;
}

export async function getBuild(db: Db, id: string): Promise<BuildView> {
  const b = await findBuild(db, id);
  if (!b) throw DomainError.notFound('绩效自评生成任务', id);
  return b;
}

export async function listBuilds(db: Db, year: number, limit = 20): Promise<BuildView[]> {
  const rows = await queryRows<BuildRow>(db, `${BUILD_SELECT} WHERE b.year = $1 ORDER BY b.created_at DESC LIMIT $2`, [year, limit]);
  return rows.map(viewOf);
}

/**
 * Asks for a build of a year: gathers the inputs and their fingerprint, and either returns the build already
 * made or under way for the same inputs (created: false) or records a new one (created: true). The caller
 * enqueues the job for a build that is still queued (the job id is the build's, so enqueuing twice is a no-op).
 */
export async function requestEvaluationBuild(
  db: DataSource,
  year: number,
  trigger: BuildTrigger,
  userId: number | null,
): Promise<{ build: BuildView; created: boolean; inputs: GatheredInputs }> {
  const inputs = await gatherEvaluationInputs(db, year);
  const existing = async (q: Db) => {
    const r = await queryOne<BuildRow>(q, `${BUILD_SELECT} WHERE b.year = $1 AND b.inputs_hash = $2 AND b.status <> 'failed'`, [year, inputs.hash]);
    return r ? viewOf(r) : null;
  };
  const found = await existing(db);
  if (found) return { build: found, created: false, inputs };
  const inserted = await queryOne<{ id: string }>(
    db,
    `INSERT INTO evaluation_build (year, inputs_hash, trigger, created_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (year, inputs_hash) WHERE status <> 'failed' DO NOTHING RETURNING id`,
    [year, inputs.hash, trigger, userId],
  );
  if (!inserted) return { build: (await existing(db))!, created: false, inputs };
  return { build: await getBuild(db, inserted.id), created: true, inputs };
}

export type ProgressReporter = (percent: number) => Promise<void> | void;

/** Where a build's workbook is kept, relative to FILES_DIR. */
function workbookPath(year: number, id: string): string {
  return join('evaluation', String(year), `${id}.xlsx`);
}

async function writeAtomically(file: string, data: Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

export interface BuildTimings {
  gatherMs: number;
  figuresMs: number;
  computeMs: number;
  renderMs: number;
  storeMs: number;
}

/**
 * Runs a requested build: re-reads every input, computes the snapshot, renders and stores the workbook and
 * the snapshot (once: a build that already succeeded is returned as it is, so running it twice is safe).
 * A failure is recorded on the build and thrown.
 */
export async function runEvaluationBuild(
  db: DataSource,
  filesDir: string,
  buildId: string,
  progress: ProgressReporter = () => undefined,
): Promise<{ build: BuildView; snapshot: EvaluationSnapshot | null; timings: BuildTimings | null }> {
  const row = await findBuild(db, buildId);
  if (!row) throw DomainError.notFound('绩效自评生成任务', buildId);
  if (row.status === 'succeeded') return { build: row, snapshot: null, timings: null };
  const step = async (percent: number) => {
    await db.query(`UPDATE evaluation_build SET progress = $2 WHERE id = $1 AND status = 'running'`, [buildId, percent]);
    await progress(percent);
  };
  const started = new Date();
  await db.query(
    `UPDATE evaluation_build SET status = 'running', started_at = $2, progress = 5, error = NULL, finished_at = NULL WHERE id = $1 AND status <> 'succeeded'`,
    [buildId, started],
  );
  await progress(5);
  try {
    const t0 = performance.now();
    const inputs = await gatherEvaluationInputs(db, row.year);
    const t1 = performance.now();
    await step(50);
    const snapshot = computeFromInputs(inputs, started);
    const t2 = performance.now();
    await step(65);
    const buffer = await renderEvaluationWorkbook(snapshot);
    const t3 = performance.now();
    await step(85);
    const rel = workbookPath(row.year, buildId);
    await writeAtomically(resolve(filesDir, rel), buffer);
    const sha256 = createHash('sha256').update(buffer).digest('hex');
    const done = await queryOne<{ id: string }>(
      db,
      `UPDATE evaluation_build SET status = 'succeeded', progress = 100, snapshot = $2, snapshot_hash = $3, file_name = $4, workbook_path = $5,
              workbook_sha256 = $6, workbook_bytes = $7, finished_at = now(), error = NULL
        WHERE id = $1 AND status <> 'succeeded' RETURNING id`,
      [buildId, JSON.stringify(snapshot), inputs.hash, evaluationWorkbookFileName(snapshot), rel, sha256, buffer.length],
    );
    const t4 = performance.now();
    await progress(100);
    const build = await getBuild(db, buildId);
    return {
      build,
      snapshot: done ? snapshot : null,
      timings: { gatherMs: t1 - t0, figuresMs: Object.values(inputs.collected.timings).reduce((a, b) => Math.max(a, b), 0), computeMs: t2 - t1, renderMs: t3 - t2, storeMs: t4 - t3 },
    };
  } catch (e) {
    const message = e instanceof DomainError ? e.message : `生成失败：${e instanceof Error ? e.message : String(e)}`;
    await db
      .query(`UPDATE evaluation_build SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status <> 'succeeded'`, [buildId, message.slice(0, 2000)])
      .catch(() => undefined);
    throw e;
  }
}

/**
 * The workbook of a succeeded build: the stored file when it is there and intact, else rendered again from the
 * build's immutable snapshot (the same content; only the zip's own timestamps may differ).
 */
export async function buildWorkbook(db: Db, filesDir: string, id: string): Promise<{ buffer: Buffer; fileName: string; regenerated: boolean }> {
  const r = UUID_RE.test(id)
    ? await queryOne<{ status: BuildStatus; file_name: string | null; workbook_path: string | null; workbook_sha256: string | null; snapshot: EvaluationSnapshot | null }>(
        db,
        `SELECT status, file_name, workbook_path, workbook_sha256, snapshot FROM evaluation_build WHERE id = $1`,
        [id],
      )
    : undefined;
  if (!r) throw DomainError.notFound('绩效自评生成任务', id);
  if (r.status !== 'succeeded' || !r.snapshot || !r.workbook_path) {
    throw DomainError.conflict(r.status === 'failed' ? '该次生成失败，没有可下载的工作簿' : '工作簿尚未生成完成，请稍后再试');
  }
  try {
    const buffer = await readFile(resolve(filesDir, r.workbook_path));
    if (createHash('sha256').update(buffer).digest('hex') === r.workbook_sha256) return { buffer, fileName: r.file_name!, regenerated: false };
  } catch {
    // missing file: render again below
  }
  return { buffer: await renderEvaluationWorkbook(r.snapshot), fileName: r.file_name!, regenerated: true };
}
