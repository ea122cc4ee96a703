import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { MonthlyAssessmentStatus } from './monthly-score.rules';

/** A version of the scoring scheme; applies from its effective month on (monthly-score.rules `schemeForMonth`). */
@Entity('scoring_scheme')
export class ScoringSchemeRecord {
  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'integer', name: 'effective_year' })
  effectiveYear: number;

  @Column({ type: 'integer', name: 'effective_month' })
  effectiveMonth: number;

  @Column({ type: 'numeric', precision: 5, scale: 2, name: 'base_score' })
  baseScore: string;

  @Column({ type: 'numeric', precision: 5, scale: 2, name: 'floor_score' })
  floorScore: string;

  @Column({ type: 'numeric', precision: 5, scale: 2, name: 'cap_score', nullable: true })
  capScore: string | null;

  @Column({ type: 'boolean', name: 'adjustments_allowed', default: true })
  adjustmentsAllowed: boolean;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'integer', name: 'created_by', nullable: true })
  createdBy: number | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

/** A month's assessment as a whole: draft while it may be recomputed, published once frozen. */
@Entity('assessment_month')
export class AssessmentMonthRecord {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @PrimaryColumn({ type: 'integer' })
  month: number;

  @Column({ type: 'text', default: 'draft' })
  status: MonthlyAssessmentStatus;

  @Column({ type: 'integer', name: 'scheme_version', nullable: true })
  schemeVersion: number | null;

  @Column({ type: 'integer', name: 'worker_count', default: 0 })
  workerCount: number;

  @Column({ type: 'timestamptz', name: 'computed_at', nullable: true })
  computedAt: Date | null;

  @Column({ type: 'integer', name: 'computed_by', nullable: true })
  computedBy: number | null;

  @Column({ type: 'timestamptz', name: 'published_at', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'integer', name: 'published_by', nullable: true })
  publishedBy: number | null;
}

/** One worker's score for a month; street, community and grid as they were when computed. */
@Entity('monthly_assessment')
export class MonthlyAssessmentRecord {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @PrimaryColumn({ type: 'integer' })
  month: number;

  @PrimaryColumn({ type: 'integer', name: 'worker_id' })
  workerId: number;

  @Column({ type: 'integer', name: 'street_id' })
  streetId: number;

  @Column({ type: 'integer', name: 'community_id' })
  communityId: number;

  @Column({ type: 'integer', name: 'grid_id' })
  gridId: number;

  @Column({ type: 'integer', name: 'scheme_version' })
  schemeVersion: number;

  @Column({ type: 'numeric', precision: 5, scale: 2, name: 'base_score' })
  baseScore: string;

  @Column({ type: 'integer', name: 'check_count', default: 0 })
  checkCount: number;

  @Column({ type: 'numeric', precision: 7, scale: 2, name: 'total_deduction' })
  totalDeduction: string;

  @Column({ type: 'numeric', precision: 7, scale: 2, name: 'total_adjustment' })
  totalAdjustment: string;

  @Column({ type: 'numeric', precision: 5, scale: 2 })
  score: string;

  @Column({ type: 'timestamptz', name: 'computed_at' })
  computedAt: Date;
}

/** A documented adjustment (加减分) of a worker's month, with its reason and author. */
@Entity('score_adjustment')
export class ScoreAdjustmentRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  month: number;

  @Column({ type: 'integer', name: 'worker_id' })
  workerId: number;

  @Column({ type: 'numeric', precision: 5, scale: 2 })
  amount: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'integer', name: 'created_by', nullable: true })
  createdBy: number | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
