import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { IndicatorTemplate } from './indicator-template';

/**
 * The tables of the year-end self-evaluation (migration 1733100000000). The code reads and writes them with
 * raw SQL (libs/reporting/src/evaluation/evaluation.store.ts); these entities describe them for TypeORM.
 */

export type TemplateOrigin = 'default' | 'copy' | 'edited';
export type FinanceSource = 'api' | 'import' | 'seed';
export type EvaluationStatus = 'draft' | 'final';
export type BuildStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export type BuildTrigger = 'api' | 'schedule' | 'cli';

export const EVALUATION_STATUS_LABELS: Readonly<Record<EvaluationStatus, string>> = { draft: '草稿', final: '已定稿' };
export const BUILD_STATUS_LABELS: Readonly<Record<BuildStatus, string>> = {
  queued: '排队中',
  running: '生成中',
  succeeded: '已完成',
  failed: '失败',
};
export const BUILD_TRIGGER_LABELS: Readonly<Record<BuildTrigger, string>> = { api: '手动生成', schedule: '年终定时生成', cli: '命令行生成' };
export const TEMPLATE_ORIGIN_LABELS: Readonly<Record<TemplateOrigin, string>> = {
  default: '默认模板（2024年度）',
  copy: '复制上一年度',
  edited: '已修改',
};

@Entity('evaluation_template')
export class EvaluationTemplateRecord {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'jsonb' })
  template: IndicatorTemplate;

  @Column({ type: 'text' })
  origin: TemplateOrigin;

  @Column({ type: 'integer', name: 'copied_from', nullable: true })
  copiedFrom: number | null;

  @Column({ type: 'integer', name: 'updated_by', nullable: true })
  updatedBy: number | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** Finance inputs of a year: a FinanceInputs document whose amounts are decimal strings (万元, ≤ 2 decimals). */
@Entity('evaluation_finance')
export class EvaluationFinanceRecord {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'jsonb' })
  inputs: unknown;

  @Column({ type: 'text' })
  source: FinanceSource;

  @Column({ type: 'integer', name: 'updated_by', nullable: true })
  updatedBy: number | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** What a person decides for one indicator of a year. */
@Entity('evaluation_judgement')
export class EvaluationJudgementRecord {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @PrimaryColumn({ type: 'text', name: 'indicator_key' })
  indicatorKey: string;

  @Column({ type: 'numeric', precision: 18, scale: 6, name: 'manual_value', nullable: true })
  manualValue: string | null;

  @Column({ type: 'text', name: 'manual_display', nullable: true })
  manualDisplay: string | null;

  @Column({ type: 'text', name: 'grade_tier', nullable: true })
  gradeTier: 'achieved' | 'partial' | 'not_achieved' | null;

  @Column({ type: 'numeric', precision: 6, scale: 2, name: 'grade_score', nullable: true })
  gradeScore: string | null;

  @Column({ type: 'text', name: 'grade_author', nullable: true })
  gradeAuthor: string | null;

  @Column({ type: 'numeric', precision: 6, scale: 2, name: 'override_score', nullable: true })
  overrideScore: string | null;

  @Column({ type: 'text', name: 'override_reason', nullable: true })
  overrideReason: string | null;

  @Column({ type: 'text', name: 'override_author', nullable: true })
  overrideAuthor: string | null;

  @Column({ type: 'integer', name: 'override_author_id', nullable: true })
  overrideAuthorId: number | null;

  @Column({ type: 'timestamptz', name: 'override_at', nullable: true })
  overrideAt: Date | null;

  @Column({ type: 'text', name: 'deviation_reason', nullable: true })
  deviationReason: string | null;

  @Column({ type: 'integer', name: 'updated_by', nullable: true })
  updatedBy: number | null;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** A year's status (草稿 / 已定稿) and the form's details (单位名称, 年度总体目标, 填表人 …). */
@Entity('evaluation_year')
export class EvaluationYearRecord {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'text', default: 'draft' })
  status: EvaluationStatus;

  @Column({ type: 'text', name: 'unit_name', nullable: true })
  unitName: string | null;

  @Column({ type: 'text', name: 'goals_expected', default: '' })
  goalsExpected: string;

  @Column({ type: 'text', name: 'goals_achieved', default: '' })
  goalsAchieved: string;

  @Column({ type: 'text', default: '' })
  preparer: string;

  @Column({ type: 'text', name: 'fill_date', default: '' })
  fillDate: string;

  @Column({ type: 'text', default: '' })
  phone: string;

  @Column({ type: 'integer', name: 'finalised_by', nullable: true })
  finalisedBy: number | null;

  @Column({ type: 'timestamptz', name: 'finalised_at', nullable: true })
  finalisedAt: Date | null;

  @Column({ type: 'text', name: 'finalised_hash', nullable: true })
  finalisedHash: string | null;

  @Column({ type: 'integer', name: 'updated_by', nullable: true })
  updatedBy: number | null;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** One build of a year's workbook; the snapshot and the workbook are immutable once it succeeded. */
@Entity('evaluation_build')
export class EvaluationBuildRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'text', default: 'queued' })
  status: BuildStatus;

  @Column({ type: 'integer', default: 0 })
  progress: number;

  @Column({ type: 'text' })
  trigger: BuildTrigger;

  /** Fingerprint of the inputs when the build was requested: the key that makes a repeated request build once. */
  @Column({ type: 'text', name: 'inputs_hash' })
  inputsHash: string;

  /** Fingerprint of the inputs the build actually read (differs when data changed while it was queued). */
  @Column({ type: 'text', name: 'snapshot_hash', nullable: true })
  snapshotHash: string | null;

  @Column({ type: 'jsonb', nullable: true })
  snapshot: unknown;

  @Column({ type: 'text', name: 'file_name', nullable: true })
  fileName: string | null;

  /** Relative to FILES_DIR. */
  @Column({ type: 'text', name: 'workbook_path', nullable: true })
  workbookPath: string | null;

  @Column({ type: 'text', name: 'workbook_sha256', nullable: true })
  workbookSha256: string | null;

  @Column({ type: 'integer', name: 'workbook_bytes', nullable: true })
  workbookBytes: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'integer', name: 'created_by', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'started_at', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt: Date | null;
}

export const EVALUATION_ENTITIES = [
  EvaluationTemplateRecord,
  EvaluationFinanceRecord,
  EvaluationJudgementRecord,
  EvaluationYearRecord,
  EvaluationBuildRecord,
];
