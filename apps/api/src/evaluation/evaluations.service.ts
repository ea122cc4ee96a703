import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DomainError, JobName } from '@app/domain';
import { queryOne } from '@app/domain/database/sql';
import { EVALUATION_STATUS_LABELS, TEMPLATE_ORIGIN_LABELS } from '@app/domain/evaluation/evaluation.entity';
import { findIndicator, SCORING_RULE_LABELS, templateWeightSums } from '@app/domain/evaluation/indicator-template';
import { METRIC_DEFINITIONS } from '@app/domain/evaluation/metric-catalogue';
import { parseTemplate } from '@app/domain/evaluation/template-shape';
import {
  BuildView,
  buildWorkbook,
  checkYear,
  computeFromInputs,
  gatherEvaluationInputs,
  getBuild,
  GatheredInputs,
  listBuilds,
  requestEvaluationBuild,
} from '@app/reporting/evaluation/evaluation-builds';
import { EvaluationSnapshot } from '@app/reporting/evaluation/evaluation-snapshot';
import {
  assertDraft,
  EvaluationYearDetails,
  loadFinance,
  loadJudgements,
  loadYearState,
  saveFinance,
  saveJudgement,
  saveTemplate,
  saveYearDetails,
  setYearStatus,
  yearTemplate,
} from '@app/reporting/evaluation/evaluation.store';
import { parseFinanceInputs, financeFromSheetRows } from '@app/reporting/evaluation/finance-document';
import { readFinanceImportWorkbook, renderFinanceImportTemplate } from '@app/reporting/evaluation/finance-import.workbook';
import { findConsistencyProblems, FINDING_SEVERITY_LABELS } from '@app/reporting/evaluation/finance-inputs';
import { applyJudgementChange, emptyJudgement } from '@app/reporting/evaluation/judgement.rules';
import { GRADE_TIER_LABELS } from '@app/reporting/evaluation/scoring.calculator';
import { JobQueuesService as JobQueues } from '@app/domain/jobs/job-queues.service';
import { DetailsDto, JudgementDto } from './dto/evaluation.dto';

/**
 * The year-end self-evaluation (issue 7): the stored inputs of a year (template, finance inputs, judgements,
 * form details), the computed view the console shows, finalising, and the queued builds of the workbook.
 * The evaluation is district-wide: only centre roles and leaders hold its permissions, so there is no street
 * scope to narrow. Writes are refused once a year is final.
 */
@Injectable()
export class EvaluationsService {
  constructor(
    private readonly db: DataSource,
    private readonly queues: JobQueues,
  ) {}

  // ---- the computed view ------------------------------------------------------------------------------------

  async view(year: number) {
    checkYear(year);
    const inputs = await gatherEvaluationInputs(this.db, year);
    const snap = computeFromInputs(inputs);
    const [state, builds] = await Promise.all([loadYearState(this.db, year), listBuilds(this.db, year, 1)]);
    return {
      year,
      status: state.status,
      statusName: EVALUATION_STATUS_LABELS[state.status],
      finalisedBy: state.finalisedBy,
      finalisedAt: state.finalisedAt,
      /** Whether the inputs changed since the year was finalised. */
      changedSinceFinal: state.status === 'final' && state.finalisedHash !== inputs.hash,
      inputsHash: inputs.hash,
      unitName: snap.unitName,
      template: {
        origin: inputs.template.origin,
        originName: TEMPLATE_ORIGIN_LABELS[inputs.template.origin],
        copiedFrom: inputs.template.copiedFrom,
        budgetCounting: snap.template.budgetCounting,
      },
      finance: { stored: inputs.finance.stored, source: inputs.finance.source, updatedAt: inputs.finance.updatedAt },
      budget: snap.budget,
      staffing: snap.staffing,
      totals: snap.totals,
      indicators: snap.indicators.map((i) => ({
        key: i.key,
        firstLevel: i.firstLevel,
        secondLevel: i.secondLevel,
        name: i.name,
        targetDisplay: i.targetDisplay,
        weight: i.weight,
        rule: i.rule,
        ruleName: SCORING_RULE_LABELS[i.rule],
        source: i.source.kind === 'metric' ? { kind: 'metric', metric: i.source.metric, label: METRIC_DEFINITIONS[i.source.metric].label } : { kind: 'manual' },
        actual: i.actual,
        met: i.met,
        grade: i.grade ? { ...i.grade, tierName: GRADE_TIER_LABELS[i.grade.tier] } : null,
        proposed: i.proposed,
        override: i.override,
        final: i.final,
        deviationReason: i.deviationReason,
        needsDeviationReason: i.final !== null && Number(i.final) < Number(i.weight) && !i.deviationReason,
      })),
      figures: snap.figures,
      missingSources: inputs.collected.missing.map((m) => `“${m.label}”的业务数据表尚未建立（${m.tables.join('、')}），相关指标请手工填写实际完成值`),
      findings: this.findingsOf(snap),
      blockers: snap.blockers,
      ignoredJudgements: inputs.ignored,
      canFinalise: state.status === 'draft' && snap.blockers.length === 0,
      latestBuild: builds[0] ?? null,
    };
  }

  private findingsOf(snap: EvaluationSnapshot) {
    return snap.findings.map((f) => ({ ...f, severityName: FINDING_SEVERITY_LABELS[f.severity] }));
  }

  async findings(year: number) {
    checkYear(year);
    const inputs = await gatherEvaluationInputs(this.db, year);
    const snap = computeFromInputs(inputs);
    return { year, findings: this.findingsOf(snap), blockers: snap.blockers, ignoredJudgements: inputs.ignored };
  }

  // ---- template ---------------------------------------------------------------------------------------------

  async template(year: number) {
    checkYear(year);
    const t = await yearTemplate(this.db, year);
    return { ...t, originName: TEMPLATE_ORIGIN_LABELS[t.origin], sums: templateWeightSums(t.template) };
  }

  async saveTemplate(actor: Actor, year: number, raw: unknown) {
    checkYear(year);
    const template = parseTemplate(raw, year);
    await this.db.transaction(async (em) => {
      await assertDraft(em, year);
      await saveTemplate(em, template, actor.userId || null);
    });
    return this.template(year);
  }

  // ---- finance inputs ---------------------------------------------------------------------------------------

  async finance(year: number) {
    checkYear(year);
    const f = await loadFinance(this.db, year);
    return { ...f, findings: findConsistencyProblems(f.inputs).map((x) => ({ ...x, severityName: FINDING_SEVERITY_LABELS[x.severity] })) };
  }

  async saveFinance(actor: Actor, year: number, raw: unknown) {
    checkYear(year);
    const inputs = parseFinanceInputs(raw, year);
    await this.db.transaction(async (em) => {
      await assertDraft(em, year);
      await saveFinance(em, inputs, 'api', actor.userId || null);
    });
    return this.finance(year);
  }

  async financeTemplate(year: number): Promise<Buffer> {
    checkYear(year);
    return renderFinanceImportTemplate((await loadFinance(this.db, year)).inputs);
  }

  /** All or nothing: every row problem is listed and nothing is written unless the whole sheet is valid. */
  async importFinance(actor: Actor, year: number, file: Buffer) {
    checkYear(year);
    const rows = await readFinanceImportWorkbook(file);
    if (rows.length === 0) throw DomainError.invalid('file', '导入文件中没有数据行');
    await this.db.transaction(async (em) => {
      await assertDraft(em, year);
      const base = (await loadFinance(em, year)).inputs;
      const inputs = financeFromSheetRows(rows, year, base);
      await saveFinance(em, inputs, 'import', actor.userId || null);
    });
    return { imported: rows.length, ...(await this.finance(year)) };
  }

  // ---- judgements and details ---------------------------------------------------------------------------------

  async judgements(year: number) {
    checkYear(year);
    return { year, items: await loadJudgements(this.db, year) };
  }

  async saveJudgement(actor: Actor, year: number, key: string, dto: JudgementDto) {
    checkYear(year);
    return this.db.transaction(async (em) => {
      await assertDraft(em, year);
      const { template } = await yearTemplate(em, year);
      const indicator = findIndicator(template, key);
      if (!indicator) throw DomainError.notFound(`${year}年度指标模板中的三级指标`, key);
      const current = (await loadJudgements(em, year)).find((j) => j.key === key) ?? emptyJudgement(key);
      const me = await queryOne<{ display_name: string }>(em, `SELECT display_name FROM app_user WHERE id = $1`, [actor.userId]);
      const next = applyJudgementChange(indicator, current, dto, { author: me?.display_name ?? actor.username, at: new Date().toISOString() });
      await saveJudgement(em, year, next, actor.userId || null);
      return next;
    });
  }

  async details(year: number) {
    checkYear(year);
    const s = await loadYearState(this.db, year);
    const { status: _s, finalisedBy: _b, finalisedAt: _a, finalisedHash: _h, ...details } = s;
    return details;
  }

  async saveDetails(actor: Actor, year: number, dto: DetailsDto) {
    checkYear(year);
    await this.db.transaction(async (em) => {
      const current = await assertDraft(em, year);
      const next: EvaluationYearDetails = {
        unitName: dto.unitName === undefined ? current.unitName : dto.unitName?.trim() || null,
        goalsExpected: dto.goalsExpected ?? current.goalsExpected,
        goalsAchieved: dto.goalsAchieved ?? current.goalsAchieved,
        preparer: dto.preparer ?? current.preparer,
        fillDate: dto.fillDate ?? current.fillDate,
        phone: dto.phone ?? current.phone,
      };
      await saveYearDetails(em, year, next, actor.userId || null);
    });
    return this.details(year);
  }

  // ---- finalising ---------------------------------------------------------------------------------------------

  async finalise(actor: Actor, year: number) {
    checkYear(year);
    await this.db.transaction(async (em) => {
      // the year's row is locked: every write of the year's inputs waits for it, so reading them on the pool is safe
      await assertDraft(em, year);
      const inputs: GatheredInputs = await gatherEvaluationInputs(this.db, year);
      const snap = computeFromInputs(inputs);
      if (snap.blockers.length > 0) {
        throw new DomainError(
          'UNPROCESSABLE',
          `${year}年度绩效自评尚不能定稿（${snap.blockers.length}项）：${snap.blockers.join('；')}`,
          snap.blockers.map((message, i) => ({ field: `blockers[${i}]`, message })),
        );
      }
      await setYearStatus(em, year, 'final', actor.userId || null, inputs.hash);
    });
    return this.view(year);
  }

  async reopen(actor: Actor, year: number) {
    checkYear(year);
    await this.db.transaction(async (em) => {
      const s = await loadYearState(em, year, true);
      if (s.status !== 'final') throw DomainError.conflict(`${year}年度绩效自评尚未定稿`);
      await setYearStatus(em, year, 'draft', actor.userId || null, null);
    });
    return this.view(year);
  }

  // ---- builds -------------------------------------------------------------------------------------------------

  /** A build of the year with the current inputs: the existing one when the inputs are the same (built once). */
  async requestBuild(actor: Actor, year: number): Promise<{ build: BuildView; deduplicated: boolean }> {
    checkYear(year);
    const { build, created } = await requestEvaluationBuild(this.db, year, 'api', actor.userId || null);
    // enqueuing a build that is still queued again is harmless (the job id is the build's) and mends a lost enqueue
    if (build.status === 'queued') await this.queues.enqueue(JobName.EvaluationBuild, { buildId: build.id });
    return { build, deduplicated: !created };
  }

  listBuilds(year: number) {
    checkYear(year);
    return listBuilds(this.db, year, 50);
  }

  build(id: string) {
    return getBuild(this.db, id);
  }

  workbook(id: string, filesDir: string) {
    return buildWorkbook(this.db, filesDir, id);
  }
}
