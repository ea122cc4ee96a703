import type { DataSource, EntityManager } from 'typeorm';
import { dec } from '../../../domain/src/common/decimal';
import { queryOne, queryRows } from '../../../domain/src/database/sql';
import { DomainError } from '../../../domain/src/errors/domain-error';
import { defaultIndicatorTemplate } from '../../../domain/src/evaluation/default-template-2024';
import type { EvaluationStatus, FinanceSource, TemplateOrigin } from '../../../domain/src/evaluation/evaluation.entity';
import { copyTemplateToYear, IndicatorTemplate, validateTemplate } from '../../../domain/src/evaluation/indicator-template';
import { parseTemplate } from '../../../domain/src/evaluation/template-shape';
import { EvaluationContext } from './evaluation-snapshot';
import { parseFinanceInputs } from './finance-document';
import { emptyFinanceInputs, FinanceInputs } from './finance-inputs';
import { JudgementRecord } from './judgement.rules';
import { GradeTier } from './scoring.calculator';

/**
 * Reads and writes the stored inputs of a year's self-evaluation: template, finance inputs, judgements, the
 * form's details and the year's status. Raw SQL on the caller's connection or transaction (`em`).
 */
type Db = Pick<DataSource | EntityManager, 'query'>;

// ---- the year: status and form details ---------------------------------------------------------------------

export interface EvaluationYearDetails {
  /** 区级预算部门（单位）名称; null = derived from the district. */
  unitName: string | null;
  goalsExpected: string;
  goalsAchieved: string;
  preparer: string;
  fillDate: string;
  phone: string;
}

export interface EvaluationYearState extends EvaluationYearDetails {
  year: number;
  status: EvaluationStatus;
  finalisedBy: { id: number; name: string } | null;
  finalisedAt: string | null;
  finalisedHash: string | null;
}

interface YearRow {
  year: number;
  status: EvaluationStatus;
  unit_name: string | null;
  goals_expected: string;
  goals_achieved: string;
  preparer: string;
  fill_date: string;
  phone: string;
  finalised_by: number | null;
  finalised_by_name: string | null;
  finalised_at: Date | null;
  finalised_hash: string | null;
}

export async function loadYearState(db: Db, year: number, forUpdate = false): Promise<EvaluationYearState> {
  if (forUpdate) await db.query(`INSERT INTO evaluation_year (year) VALUES ($1) ON CONFLICT DO NOTHING`, [year]);
  const r = await queryOne<YearRow>(
    db,
    `SELECT y.*, u.display_name AS finalised_by_name FROM evaluation_year y LEFT JOIN app_user u ON u.id = y.finalised_by
      WHERE y.year = $1 ${forUpdate ? 'FOR UPDATE OF y' : ''}`,
    [year],
  );
  if (!r) {
    return { year, status: 'draft', unitName: null, goalsExpected: '', goalsAchieved: '', preparer: '', fillDate: '', phone: '', finalisedBy: null, finalisedAt: null, finalisedHash: null };
  }
  return {
    year,
    status: r.status,
    unitName: r.unit_name,
    goalsExpected: r.goals_expected,
    goalsAchieved: r.goals_achieved,
    preparer: r.preparer,
    fillDate: r.fill_date,
    phone: r.phone,
    finalisedBy: r.finalised_by === null ? null : { id: r.finalised_by, name: r.finalised_by_name ?? '' },
    finalisedAt: r.finalised_at?.toISOString() ?? null,
    finalisedHash: r.finalised_hash,
  };
}

/** Locks the year's row and refuses a change once the year is final. Call inside the writing transaction. */
export async function assertDraft(em: Db, year: number): Promise<EvaluationYearState> {
  const state = await loadYearState(em, year, true);
  if (state.status === 'final') {
    throw DomainError.conflict(`${year}年度绩效自评已定稿，不能再修改；如需修改，请由中心管理员撤销定稿`);
  }
  return state;
}

export async function saveYearDetails(em: Db, year: number, d: EvaluationYearDetails, userId: number | null): Promise<void> {
  await em.query(
    `UPDATE evaluation_year SET unit_name = $2, goals_expected = $3, goals_achieved = $4, preparer = $5, fill_date = $6, phone = $7,
            updated_by = $8, updated_at = now() WHERE year = $1`,
    [year, d.unitName, d.goalsExpected, d.goalsAchieved, d.preparer, d.fillDate, d.phone, userId],
  );
}

export async function setYearStatus(em: Db, year: number, status: EvaluationStatus, by: number | null, hash: string | null): Promise<void> {
  await em.query(
    status === 'final'
      ? `UPDATE evaluation_year SET status = 'final', finalised_by = $2, finalised_at = now(), finalised_hash = $3, updated_by = $2, updated_at = now() WHERE year = $1`
      : `UPDATE evaluation_year SET status = 'draft', finalised_by = NULL, finalised_at = NULL, finalised_hash = NULL, updated_by = $2, updated_at = now() WHERE year = $1`,
    status === 'final' ? [year, by, hash] : [year, by],
  );
}

/** The form's context without the build time: unit name (the year's, else “{district}网格化管理服务中心”), goals, footer. */
export async function loadContext(db: Db, year: number): Promise<Omit<EvaluationContext, 'builtAt'>> {
  const s = await loadYearState(db, year);
  let unitName = s.unitName?.trim() || null;
  if (!unitName) {
    const d = await queryOne<{ name: string }>(db, `SELECT name FROM org_unit WHERE level = 'district' ORDER BY sort_order, id LIMIT 1`);
    unitName = `${d?.name ?? ''}网格化管理服务中心`;
  }
  return {
    unitName,
    goals: { expected: s.goalsExpected, achieved: s.goalsAchieved },
    footer: { preparer: s.preparer, date: s.fillDate, phone: s.phone },
  };
}

// ---- templates ----------------------------------------------------------------------------------------------

export interface StoredTemplate {
  template: IndicatorTemplate;
  origin: TemplateOrigin;
  copiedFrom: number | null;
  updatedAt: string;
}

interface TemplateRow {
  year: number;
  template: unknown;
  origin: TemplateOrigin;
  copied_from: number | null;
  updated_at: Date;
}

const asStored = (r: TemplateRow): StoredTemplate => ({
  template: parseTemplate(r.template, r.year),
  origin: r.origin,
  copiedFrom: r.copied_from,
  updatedAt: r.updated_at.toISOString(),
});

/**
 * The template of a year. A year without one starts as a copy of the latest earlier year's (or, with none, of
 * the 2024 default), written once so that later edits of the other year do not change it.
 */
export async function yearTemplate(db: Db, year: number): Promise<StoredTemplate> {
  const own = await queryOne<TemplateRow>(db, `SELECT * FROM evaluation_template WHERE year = $1`, [year]);
  if (own) return asStored(own);
  const earlier = await queryOne<TemplateRow>(db, `SELECT * FROM evaluation_template WHERE year < $1 ORDER BY year DESC LIMIT 1`, [year]);
  const template = earlier ? copyTemplateToYear(parseTemplate(earlier.template, earlier.year), year) : defaultIndicatorTemplate(year);
  await db.query(
    `INSERT INTO evaluation_template (year, template, origin, copied_from) VALUES ($1, $2, $3, $4) ON CONFLICT (year) DO NOTHING`,
    [year, JSON.stringify(template), earlier ? 'copy' : 'default', earlier?.year ?? null],
  );
  return asStored((await queryOne<TemplateRow>(db, `SELECT * FROM evaluation_template WHERE year = $1`, [year]))!);
}

export async function saveTemplate(em: Db, template: IndicatorTemplate, userId: number | null): Promise<void> {
  validateTemplate(template);
  await em.query(
    `INSERT INTO evaluation_template (year, template, origin, updated_by) VALUES ($1, $2, 'edited', $3)
     ON CONFLICT (year) DO UPDATE SET template = EXCLUDED.template, origin = 'edited', updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [template.year, JSON.stringify(template), userId],
  );
}

// ---- finance inputs -----------------------------------------------------------------------------------------

export interface StoredFinance {
  inputs: FinanceInputs;
  stored: boolean;
  source: FinanceSource | null;
  updatedAt: string | null;
}

export async function loadFinance(db: Db, year: number): Promise<StoredFinance> {
  const r = await queryOne<{ inputs: unknown; source: FinanceSource; updated_at: Date }>(db, `SELECT inputs, source, updated_at FROM evaluation_finance WHERE year = $1`, [year]);
  if (!r) return { inputs: emptyFinanceInputs(year), stored: false, source: null, updatedAt: null };
  return { inputs: parseFinanceInputs(r.inputs, year), stored: true, source: r.source, updatedAt: r.updated_at.toISOString() };
}

export async function saveFinance(em: Db, inputs: FinanceInputs, source: FinanceSource, userId: number | null): Promise<void> {
  const valid = parseFinanceInputs(inputs, inputs.year);
  await em.query(
    `INSERT INTO evaluation_finance (year, inputs, source, updated_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (year) DO UPDATE SET inputs = EXCLUDED.inputs, source = EXCLUDED.source, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [valid.year, JSON.stringify(valid), source, userId],
  );
}

// ---- judgements ---------------------------------------------------------------------------------------------

interface JudgementRow {
  indicator_key: string;
  manual_value: string | null;
  manual_display: string | null;
  grade_tier: GradeTier | null;
  grade_score: string | null;
  grade_author: string | null;
  override_score: string | null;
  override_reason: string | null;
  override_author: string | null;
  override_at: Date | null;
  deviation_reason: string | null;
}

const decText = (v: string | null) => (v === null ? null : dec(v).toString());
const scoreText = (v: string | null) => (v === null ? null : dec(v).toFixed(2));

function judgementOf(r: JudgementRow): JudgementRecord {
  return {
    key: r.indicator_key,
    manualValue: decText(r.manual_value),
    manualDisplay: r.manual_display,
    grade: r.grade_tier && r.grade_score !== null ? { tier: r.grade_tier, score: scoreText(r.grade_score)!, author: r.grade_author } : null,
    override:
      r.override_score !== null && r.override_at
        ? { score: scoreText(r.override_score)!, reason: r.override_reason ?? '', author: r.override_author ?? '', at: r.override_at.toISOString() }
        : null,
    deviationReason: r.deviation_reason,
  };
}

export async function loadJudgements(db: Db, year: number): Promise<JudgementRecord[]> {
  const rows = await queryRows<JudgementRow>(db, `SELECT * FROM evaluation_judgement WHERE year = $1 ORDER BY indicator_key`, [year]);
  return rows.map(judgementOf);
}

export async function saveJudgement(em: Db, year: number, j: JudgementRecord, userId: number | null): Promise<void> {
  await em.query(
    `INSERT INTO evaluation_judgement (year, indicator_key, manual_value, manual_display, grade_tier, grade_score, grade_author,
            override_score, override_reason, override_author, override_author_id, override_at, deviation_reason, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (year, indicator_key) DO UPDATE SET manual_value = EXCLUDED.manual_value, manual_display = EXCLUDED.manual_display,
            grade_tier = EXCLUDED.grade_tier, grade_score = EXCLUDED.grade_score, grade_author = EXCLUDED.grade_author,
            override_score = EXCLUDED.override_score, override_reason = EXCLUDED.override_reason, override_author = EXCLUDED.override_author,
            override_author_id = CASE WHEN EXCLUDED.override_at IS DISTINCT FROM evaluation_judgement.override_at THEN EXCLUDED.override_author_id ELSE evaluation_judgement.override_author_id END,
            override_at = EXCLUDED.override_at, deviation_reason = EXCLUDED.deviation_reason, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [
      year,
      j.key,
      j.manualValue,
      j.manualDisplay,
      j.grade?.tier ?? null,
      j.grade?.score ?? null,
      j.grade?.author ?? null,
      j.override?.score ?? null,
      j.override?.reason ?? null,
      j.override?.author ?? null,
      j.override ? userId : null,
      j.override?.at ?? null,
      j.deviationReason,
      userId,
    ],
  );
}
