import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { RankingStatus } from './ranking.rules';

/** A ranking of a quarter: the one draft, or a published (later superseded) frozen version. */
@Entity('quarter_ranking')
export class QuarterRankingRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  quarter: number;

  @Column({ type: 'text' })
  status: RankingStatus;

  /** Null for the draft. */
  @Column({ type: 'integer', nullable: true })
  version: number | null;

  @Column({ type: 'integer', name: 'worker_count', default: 0 })
  workerCount: number;

  @Column({ type: 'timestamptz', name: 'computed_at' })
  computedAt: Date;

  @Column({ type: 'integer', name: 'computed_by', nullable: true })
  computedBy: number | null;

  @Column({ type: 'timestamptz', name: 'published_at', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'integer', name: 'published_by', nullable: true })
  publishedBy: number | null;

  @Column({ type: 'text', default: '' })
  note: string;
}

/** A worker's frozen row in a ranking version. */
@Entity('quarter_ranking_worker')
export class QuarterRankingWorkerRecord {
  @PrimaryColumn({ type: 'integer', name: 'ranking_id' })
  rankingId: number;

  @PrimaryColumn({ type: 'integer', name: 'worker_id' })
  workerId: number;

  @Column({ type: 'integer', name: 'street_id' })
  streetId: number;

  @Column({ type: 'numeric', precision: 5, scale: 2, name: 'score_m1', nullable: true })
  scoreM1: string | null;

  @Column({ type: 'numeric', precision: 5, scale: 2, name: 'score_m2', nullable: true })
  scoreM2: string | null;

  @Column({ type: 'numeric', precision: 5, scale: 2, name: 'score_m3', nullable: true })
  scoreM3: string | null;

  @Column({ type: 'integer', name: 'months_assessed' })
  monthsAssessed: number;

  @Column({ type: 'numeric', name: 'mean_score' })
  meanScore: string;

  @Column({ type: 'numeric', precision: 5, scale: 2, name: 'quarter_score' })
  quarterScore: string;

  @Column({ type: 'integer' })
  rank: number;

  @Column({ type: 'integer', name: 'street_rank' })
  streetRank: number;
}

/** A street's frozen row in a ranking version. */
@Entity('quarter_ranking_street')
export class QuarterRankingStreetRecord {
  @PrimaryColumn({ type: 'integer', name: 'ranking_id' })
  rankingId: number;

  @PrimaryColumn({ type: 'integer', name: 'street_id' })
  streetId: number;

  @Column({ type: 'integer', name: 'worker_count' })
  workerCount: number;

  @Column({ type: 'numeric', name: 'mean_score' })
  meanScore: string;

  @Column({ type: 'numeric', precision: 5, scale: 2 })
  score: string;

  @Column({ type: 'integer' })
  rank: number;
}
