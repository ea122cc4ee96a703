import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseLimitKind } from './case-deadlines.rules';
import type { CallbackOutcome } from './case-figures.rules';
import type { CaseHistoryAction, CaseHistoryDetails } from './case-workflow.rules';
import type { CaseAssigneeKind, CaseKind, CaseRole, CaseState } from './case.types';

/**
 * A case: an incident (事件) or a service item (服务事项), with the limits copied from its category when it was
 * reported, its deadlines on the working-day calendar, and an optimistic-lock version that every action
 * increments. The rules work on its CaseSnapshot; the services read and write it with SQL.
 */
@Entity('incident_case')
export class IncidentCase {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  kind: CaseKind;

  @Column({ type: 'integer', name: 'category_id' })
  categoryId: number;

  @Column({ type: 'integer', name: 'grid_id' })
  gridId: number;

  @Column({ type: 'integer', name: 'street_id' })
  streetId: number;

  @Column({ type: 'text', default: '' })
  address: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'integer', name: 'reporter_user_id', nullable: true })
  reporterUserId: number | null;

  @Column({ type: 'integer', name: 'reporter_worker_id', nullable: true })
  reporterWorkerId: number | null;

  @Column({ type: 'timestamptz', name: 'reported_at' })
  reportedAt: Date;

  @Column({ type: 'text' })
  state: CaseState;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: 'integer', name: 'response_limit_wd' })
  responseLimitWorkingDays: number;

  @Column({ type: 'integer', name: 'handling_limit_wd' })
  handlingLimitWorkingDays: number;

  @Column({ type: 'boolean', name: 'self_closable', default: false })
  selfClosable: boolean;

  @Column({ type: 'text', name: 'assignee_kind', nullable: true })
  assigneeKind: CaseAssigneeKind | null;

  @Column({ type: 'integer', name: 'assignee_department_id', nullable: true })
  assigneeDepartmentId: number | null;

  @Column({ type: 'integer', name: 'assignee_street_id', nullable: true })
  assigneeStreetId: number | null;

  @Column({ type: 'timestamptz', name: 'response_due_at' })
  responseDueAt: Date;

  @Column({ type: 'timestamptz', name: 'responded_at', nullable: true })
  respondedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'accepted_at', nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'handling_due_at', nullable: true })
  handlingDueAt: Date | null;

  @Column({ type: 'timestamptz', name: 'dispatched_at', nullable: true })
  dispatchedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'rejected_at', nullable: true })
  rejectedAt: Date | null;

  @Column({ type: 'text', name: 'reject_reason', nullable: true })
  rejectReason: string | null;

  @Column({ type: 'integer', name: 'extension_count', default: 0 })
  extensionCount: number;

  @Column({ type: 'integer', name: 'rework_count', default: 0 })
  reworkCount: number;

  /** First time the sweep found the case past a due (标记超期); never cleared. */
  @Column({ type: 'timestamptz', name: 'overdue_since', nullable: true })
  overdueSince: Date | null;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** One line of a case's history: every transition with who, in which role, when, from, to and the remark. */
@Entity('case_history')
export class CaseHistoryEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint', name: 'case_id' })
  caseId: string;

  @Column({ type: 'text' })
  action: CaseHistoryAction;

  @Column({ type: 'text', name: 'from_state', nullable: true })
  fromState: CaseState | null;

  @Column({ type: 'text', name: 'to_state' })
  toState: CaseState;

  @Column({ type: 'integer', name: 'actor_user_id', nullable: true })
  actorUserId: number | null;

  @Column({ type: 'text', name: 'actor_role' })
  actorRole: CaseRole;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text', nullable: true })
  remark: string | null;

  @Column({ type: 'jsonb', default: {} })
  details: CaseHistoryDetails;
}

/** 督办: one notice per case and limit, ever (unique), opened by the sweep. */
@Entity('case_supervision')
export class CaseSupervision {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint', name: 'case_id' })
  caseId: string;

  @Column({ type: 'text', name: 'limit_kind' })
  limitKind: CaseLimitKind;

  @Column({ type: 'timestamptz', name: 'due_at' })
  dueAt: Date;

  @Column({ type: 'timestamptz', name: 'opened_at' })
  openedAt: Date;

  @Column({ type: 'text' })
  message: string;
}

export type CaseExtensionStatus = 'pending' | 'approved' | 'refused' | 'lapsed';

export const CASE_EXTENSION_STATUS_LABELS: Record<CaseExtensionStatus, string> = {
  pending: '待审批',
  approved: '已批准',
  refused: '已驳回',
  lapsed: '已失效',
};

/** 延期申请: at most one pending per case (partial unique index). */
@Entity('case_extension')
export class CaseExtension {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint', name: 'case_id' })
  caseId: string;

  @Column({ type: 'integer', name: 'requested_days' })
  requestedDays: number;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'timestamptz', name: 'requested_at' })
  requestedAt: Date;

  @Column({ type: 'integer', name: 'requested_by', nullable: true })
  requestedBy: number | null;

  @Column({ type: 'text', default: 'pending' })
  status: CaseExtensionStatus;

  @Column({ type: 'integer', name: 'approved_days', nullable: true })
  approvedDays: number | null;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'integer', name: 'decided_by', nullable: true })
  decidedBy: number | null;

  @Column({ type: 'text', name: 'decision_remark', nullable: true })
  decisionRemark: string | null;
}

/** 回访 of a closed case: 满意, 基本满意, 不满意, or 未接通. */
@Entity('case_callback')
export class CaseCallback {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint', name: 'case_id' })
  caseId: string;

  @Column({ type: 'text' })
  outcome: CallbackOutcome;

  @Column({ type: 'text', nullable: true })
  remark: string | null;

  @Column({ type: 'timestamptz', name: 'called_at' })
  calledAt: Date;

  @Column({ type: 'integer', name: 'called_by', nullable: true })
  calledBy: number | null;
}
