/**
 * Shared vocabulary of incidents (事件) and service items (服务事项): kinds, states, roles, the case
 * snapshot the rules work on, and their Chinese labels.
 */

export type CaseKind = 'incident' | 'service';

export const CASE_KINDS: readonly CaseKind[] = ['incident', 'service'];

export const CASE_KIND_LABELS: Record<CaseKind, string> = {
  incident: '事件',
  service: '服务事项',
};

/**
 * The closed loop (DOMAIN.md §3): 上报 → 受理 (案卷建立) or 不予受理 → 派遣 → 处置 → 反馈 → 核查 → 结案, or
 * back from 核查 to 处置 (返工). 不予受理 and 结案 are terminal.
 */
export type CaseState =
  | 'reported'
  | 'accepted'
  | 'rejected'
  | 'dispatched'
  | 'handling'
  | 'feedback'
  | 'verifying'
  | 'closed';

export const CASE_STATES: readonly CaseState[] = [
  'reported',
  'accepted',
  'rejected',
  'dispatched',
  'handling',
  'feedback',
  'verifying',
  'closed',
];

export const CASE_STATE_LABELS: Record<CaseState, string> = {
  reported: '已上报',
  accepted: '已受理',
  rejected: '不予受理',
  dispatched: '已派遣',
  handling: '处置中',
  feedback: '已反馈',
  verifying: '核查中',
  closed: '已结案',
};

export const TERMINAL_CASE_STATES: readonly CaseState[] = ['rejected', 'closed'];

/** Same codes as accounts/roles.ts `Role` (kept literal here so this module stands alone). */
export type CaseRole = 'centre_admin' | 'centre_staff' | 'street_operator' | 'department_handler' | 'grid_worker' | 'leader';

export const CASE_ROLES: readonly CaseRole[] = [
  'centre_admin',
  'centre_staff',
  'street_operator',
  'department_handler',
  'grid_worker',
  'leader',
];

export const CASE_ROLE_LABELS: Record<CaseRole, string> = {
  centre_admin: '中心管理员',
  centre_staff: '中心工作人员',
  street_operator: '镇街网格专干',
  department_handler: '职能部门',
  grid_worker: '网格员',
  leader: '领导',
};

/**
 * Who acts. Structurally a subset of accounts' `Actor`, so a service can pass its actor as it is. A user
 * may hold several roles; an action is allowed when any of them allows it, and the history records that one.
 */
export interface CaseActor {
  userId: number;
  roles: readonly CaseRole[];
  /** The street a street operator is bound to. */
  streetId: number | null;
  /** The department a department handler is bound to. */
  departmentId: number | null;
}

/** Where a case is dispatched: a functional department (职能部门) or a street (镇街). */
export type CaseAssigneeKind = 'department' | 'street';

export const CASE_ASSIGNEE_KIND_LABELS: Record<CaseAssigneeKind, string> = {
  department: '职能部门',
  street: '镇（街道）',
};

export interface CaseAssignee {
  kind: CaseAssigneeKind;
  id: number;
}

/** The limits of a category, in working days; copied onto the case when it is reported. */
export interface CaseLimits {
  /** Accept (or refuse) within this many working days of the report (响应时限). */
  responseLimitWorkingDays: number;
  /** Close within this many working days of acceptance (办结时限). */
  handlingLimitWorkingDays: number;
}

export interface ExtensionRequest {
  extraWorkingDays: number;
  reason: string;
  requestedAt: Date;
  requestedByUserId: number;
}

/** What the rules need to know about a case; the entity maps to and from it. */
export interface CaseSnapshot {
  kind: CaseKind;
  state: CaseState;
  /** Optimistic-lock version: every action increments it; a stale expectedVersion is a 409. */
  version: number;
  reporterUserId: number;
  /** Copied from the category at report time, so a later change of the category rewrites nothing. */
  limits: CaseLimits;
  /** Copied from the category: a service item the reporting grid worker may close directly (自办结). */
  selfClosable: boolean;
  assignee: CaseAssignee | null;
  reportedAt: Date;
  responseDueAt: Date;
  /** First answer of the centre: accepted, refused, or self-closed. */
  respondedAt: Date | null;
  acceptedAt: Date | null;
  /** Set on acceptance (or self-closing); moved by approved extensions. */
  handlingDueAt: Date | null;
  dispatchedAt: Date | null;
  closedAt: Date | null;
  rejectedAt: Date | null;
  rejectReason: string | null;
  pendingExtension: ExtensionRequest | null;
  extensionCount: number;
  reworkCount: number;
}
