import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, Relation } from 'typeorm';
import type { RectificationAction, RectificationStatus } from './rectification.rules';

/**
 * A spot check (日抽查) of one worker on one Shanghai day. Street, community and grid are the worker's at
 * the time of the check, so the check stays with the street that was responsible then.
 */
@Entity('spot_check')
export class SpotCheckRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', name: 'worker_id' })
  workerId: number;

  @Column({ type: 'integer', name: 'street_id' })
  streetId: number;

  @Column({ type: 'integer', name: 'community_id' })
  communityId: number;

  @Column({ type: 'integer', name: 'grid_id' })
  gridId: number;

  @Column({ type: 'integer', name: 'inspector_id' })
  inspectorId: number;

  @Column({ type: 'date', name: 'check_day' })
  checkDay: string;

  @Column({ type: 'timestamptz', name: 'checked_at' })
  checkedAt: Date;

  @Column({ type: 'numeric', precision: 7, scale: 2, name: 'total_deduction', default: 0 })
  totalDeduction: string;

  @Column({ type: 'integer', name: 'problem_count', default: 0 })
  problemCount: number;

  @Column({ type: 'text', default: '' })
  note: string;

  @OneToMany(() => SpotCheckItemRecord, (i) => i.spotCheck)
  items?: Relation<SpotCheckItemRecord[]>;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

/** One item's result in a check; the item's name is kept as it was on the day. */
@Entity('spot_check_item')
export class SpotCheckItemRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', name: 'spot_check_id' })
  spotCheckId: number;

  @ManyToOne(() => SpotCheckRecord, (c) => c.items, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'spot_check_id' })
  spotCheck?: Relation<SpotCheckRecord>;

  @Column({ type: 'integer', name: 'check_item_id' })
  checkItemId: number;

  @Column({ type: 'text', name: 'item_name' })
  itemName: string;

  @Column({ type: 'boolean' })
  passed: boolean;

  @Column({ type: 'numeric', precision: 5, scale: 2, default: 0 })
  deduction: string;

  @Column({ type: 'text', nullable: true })
  problem: string | null;

  @Column({ type: 'integer', name: 'sort_order', default: 0 })
  sortOrder: number;
}

/** The rectification demanded for one failed item; overdue is derived from the deadline, never stored. */
@Entity('rectification')
export class RectificationRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', name: 'spot_check_item_id', unique: true })
  spotCheckItemId: number;

  @Column({ type: 'integer', name: 'spot_check_id' })
  spotCheckId: number;

  @Column({ type: 'integer', name: 'street_id' })
  streetId: number;

  @Column({ type: 'integer', name: 'worker_id' })
  workerId: number;

  @Column({ type: 'text' })
  demand: string;

  @Column({ type: 'date' })
  deadline: string;

  @Column({ type: 'text', default: 'pending' })
  status: RectificationStatus;

  /** The day the daily sweep first found it past its deadline. */
  @Column({ type: 'date', name: 'overdue_since', nullable: true })
  overdueSince: string | null;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @OneToMany(() => RectificationStepRecord, (s) => s.rectification)
  steps?: Relation<RectificationStepRecord[]>;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** One step of a rectification, with who took it and when. */
@Entity('rectification_step')
export class RectificationStepRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', name: 'rectification_id' })
  rectificationId: number;

  @ManyToOne(() => RectificationRecord, (r) => r.steps, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rectification_id' })
  rectification?: Relation<RectificationRecord>;

  @Column({ type: 'text' })
  action: RectificationAction;

  @Column({ type: 'text', name: 'from_status' })
  fromStatus: RectificationStatus;

  @Column({ type: 'text', name: 'to_status' })
  toStatus: RectificationStatus;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'date', name: 'new_deadline', nullable: true })
  newDeadline: string | null;

  @Column({ type: 'integer', name: 'actor_id', nullable: true })
  actorId: number | null;

  @Column({ type: 'date', name: 'acted_on' })
  actedOn: string;

  @Column({ type: 'timestamptz', name: 'acted_at' })
  actedAt: Date;
}

/** One execution of the daily overdue sweep. */
@Entity('rectification_sweep_run')
export class RectificationSweepRun {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text', name: 'job_id' })
  jobId: string;

  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'integer', name: 'newly_overdue' })
  newlyOverdue: number;

  @Column({ type: 'integer', name: 'open_overdue' })
  openOverdue: number;

  @Column({ type: 'timestamptz', name: 'ran_at' })
  ranAt: Date;
}
