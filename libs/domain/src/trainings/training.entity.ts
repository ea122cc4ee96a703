import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryColumn, PrimaryGeneratedColumn, Relation, UpdateDateColumn } from 'typeorm';
import type { AttendanceStatus, SessionState, TrainingMode } from './training.rules';

/** Where an attendance row came from. */
export type AttendanceSource = 'manual' | 'sheet' | 'online';

export const ATTENDANCE_SOURCE_LABELS: Record<AttendanceSource, string> = {
  manual: '手工登记',
  sheet: '签到表导入',
  online: '线上参会记录导入',
};

/** The yearly training plan (年度培训计划) with its targets: ≥ N sessions, ≥ rate attendance. */
@Entity('training_plan')
export class TrainingPlanRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index({ unique: true })
  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'integer', name: 'target_sessions' })
  targetSessions: number;

  /** 0.95 for ≥95%; a decimal string, never a float. */
  @Column({ type: 'numeric', precision: 5, scale: 4, name: 'target_attendance_rate' })
  targetAttendanceRate: string;

  @Column({ type: 'text', default: '' })
  note: string;

  @OneToMany(() => TrainingPlanItemRecord, (i) => i.plan)
  items?: Relation<TrainingPlanItemRecord[]>;

  @Column({ type: 'integer', name: 'created_by', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** A planned session of the yearly plan: title, month, organiser. */
@Entity('training_plan_item')
export class TrainingPlanItemRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', name: 'plan_id' })
  planId: number;

  @ManyToOne(() => TrainingPlanRecord, (p) => p.items, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan?: Relation<TrainingPlanRecord>;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'integer' })
  month: number;

  @Column({ type: 'text' })
  organiser: string;

  @Column({ type: 'text', nullable: true })
  mode: TrainingMode | null;

  @Column({ type: 'integer', name: 'sort_order', default: 0 })
  sortOrder: number;
}

/** A training session (培训场次). */
@Entity('training_session')
export class TrainingSessionRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', name: 'plan_item_id', nullable: true })
  planItemId: number | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  organiser: string;

  @Column({ type: 'text' })
  mode: TrainingMode;

  @Column({ type: 'timestamptz', name: 'starts_at' })
  startsAt: Date;

  @Column({ type: 'timestamptz', name: 'ends_at' })
  endsAt: Date;

  /** 学时, numeric(5,2) as a decimal string. */
  @Column({ type: 'numeric', precision: 5, scale: 2 })
  hours: string;

  @Column({ type: 'text', nullable: true })
  place: string | null;

  @Column({ type: 'text', name: 'meeting_link', nullable: true })
  meetingLink: string | null;

  @Column({ type: 'text', name: 'audience_kind' })
  audienceKind: 'all' | 'streets';

  /** Counts toward 开展全科网格员培训次数. */
  @Column({ type: 'boolean', name: 'counts_as_general_training' })
  countsAsGeneralTraining: boolean;

  @Column({ type: 'text', default: 'planned' })
  state: SessionState;

  @Column({ type: 'timestamptz', name: 'held_at', nullable: true })
  heldAt: Date | null;

  @Column({ type: 'integer', name: 'held_by', nullable: true })
  heldBy: number | null;

  @Column({ type: 'timestamptz', name: 'cancelled_at', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'text', name: 'cancel_reason', nullable: true })
  cancelReason: string | null;

  @Column({ type: 'integer', name: 'created_by', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** A street chosen as the audience of a session. */
@Entity('training_session_street')
export class TrainingSessionStreetRecord {
  @PrimaryColumn({ type: 'integer', name: 'session_id' })
  sessionId: number;

  @PrimaryColumn({ type: 'integer', name: 'street_id' })
  streetId: number;
}

/** One expected attendee, frozen when the session is held, with their street on that day. */
@Entity('training_expected')
export class TrainingExpectedRecord {
  @PrimaryColumn({ type: 'integer', name: 'session_id' })
  sessionId: number;

  @PrimaryColumn({ type: 'integer', name: 'worker_id' })
  workerId: number;

  @Column({ type: 'integer', name: 'street_id' })
  streetId: number;
}

/** The attendance of one expected worker at one session. */
@Entity('training_attendance')
export class TrainingAttendanceRecord {
  @PrimaryColumn({ type: 'integer', name: 'session_id' })
  sessionId: number;

  @PrimaryColumn({ type: 'integer', name: 'worker_id' })
  workerId: number;

  @Column({ type: 'text' })
  status: AttendanceStatus;

  @Column({ type: 'timestamptz', name: 'sign_in_at', nullable: true })
  signInAt: Date | null;

  @Column({ type: 'text' })
  source: AttendanceSource;

  @Column({ type: 'integer', name: 'recorded_by', nullable: true })
  recordedBy: number | null;

  @Column({ type: 'timestamptz', name: 'recorded_at' })
  recordedAt: Date;
}
