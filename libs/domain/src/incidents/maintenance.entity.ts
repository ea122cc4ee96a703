import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CallbackOutcome } from './case-figures.rules';

/** 系统运维工单: a fault of the information system, from report to response to restoration, with its downtime. */
@Entity('maintenance_ticket')
export class MaintenanceTicket {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'timestamptz', name: 'reported_at' })
  reportedAt: Date;

  @Column({ type: 'timestamptz', name: 'responded_at', nullable: true })
  respondedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'restored_at', nullable: true })
  restoredAt: Date | null;

  @Column({ type: 'integer', name: 'downtime_minutes', default: 0 })
  downtimeMinutes: number;

  @Column({ type: 'integer', name: 'created_by', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** A satisfaction survey round of the centre's service objects (the streets and departments it serves). */
@Entity('satisfaction_survey')
export class SatisfactionSurvey {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'date', name: 'survey_date' })
  surveyDate: string;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'integer', name: 'created_by', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

export type SurveyRespondentKind = 'street' | 'department';

/** One service object's answer in a survey round. */
@Entity('satisfaction_answer')
export class SatisfactionAnswer {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', name: 'survey_id' })
  surveyId: number;

  @Column({ type: 'text', name: 'respondent_kind' })
  respondentKind: SurveyRespondentKind;

  @Column({ type: 'integer', name: 'street_id', nullable: true })
  streetId: number | null;

  @Column({ type: 'integer', name: 'department_id', nullable: true })
  departmentId: number | null;

  @Column({ type: 'text' })
  outcome: CallbackOutcome;

  @Column({ type: 'text', default: '' })
  remark: string;
}
