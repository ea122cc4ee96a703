import { DomainError } from '../errors/domain-error';
import { WorkingDayCalendar } from '../working-days/working-day.calendar';
import { assertCaseLimits, computeHandlingDue, computeResponseDue } from './case-deadlines.rules';
import {
  CASE_KIND_LABELS,
  CASE_ROLE_LABELS,
  CASE_STATE_LABELS,
  CaseActor,
  CaseAssignee,
  CaseKind,
  CaseLimits,
  CaseRole,
  CaseSnapshot,
  CaseState,
} from './case.types';

/**
 * The closed loop as one table. Every action names the states it leaves from, the state it leads to
 * ('same' for the extension actions, which leave the state alone), the roles that own it, whose cases
 * within those roles (scope), and whether a remark is required.
 *
 * Decisions:
 * - Only the centre (centre_staff, centre_admin) accepts, refuses, dispatches, re-dispatches, verifies,
 *   closes, sends back (返工) and decides on extensions.
 * - Only the assignee handles: a department handler on cases dispatched to their department, a street
 *   operator on cases dispatched to their street. They sign (签收), report back (反馈), ask for an
 *   extension, or return a case that is not theirs (退回, back to 已受理 for re-dispatch).
 * - 延期: the assignee asks for N more working days with a reason while the case is dispatched or in
 *   handling; one request may be pending at a time. The centre approves (possibly fewer days), which moves
 *   the handling due by that many working days from the day it ran out, or refuses with a reason. A
 *   pending request lapses when the case leaves the assignee (反馈, 退回, 改派).
 * - 自办结: a service item whose category allows it may be closed straight from 已上报 by the grid worker
 *   who reported it, with a note of what was done (the bulk of the 40,000 yearly service items: 代办,
 *   政策解答, 走访). Its handling limit counts from the report. Incidents never close themselves: they go
 *   through acceptance, dispatch and verification.
 * - The leader role is read-only and appears in no rule.
 * Checks run in this order: role (FORBIDDEN), version (CONFLICT), state (CONFLICT), kind (CONFLICT),
 * scope (FORBIDDEN), preconditions (CONFLICT), input (VALIDATION).
 */
export type CaseAction =
  | 'accept'
  | 'reject'
  | 'dispatch'
  | 'redispatch'
  | 'decline'
  | 'start_handling'
  | 'request_extension'
  | 'approve_extension'
  | 'refuse_extension'
  | 'feedback'
  | 'start_verification'
  | 'rework'
  | 'close'
  | 'self_close';

/** What a history record may say: the actions, plus the report that opens a case. */
export type CaseHistoryAction = CaseAction | 'report';

export const CASE_ACTION_LABELS: Record<CaseHistoryAction, string> = {
  report: '上报',
  accept: '受理',
  reject: '不予受理',
  dispatch: '派遣',
  redispatch: '改派',
  decline: '退回',
  start_handling: '签收',
  request_extension: '申请延期',
  approve_extension: '批准延期',
  refuse_extension: '驳回延期',
  feedback: '处置反馈',
  start_verification: '核查',
  rework: '返工',
  close: '结案',
  self_close: '自办结',
};

/** Whose cases a role may act on: any (centre roles), those dispatched to the actor's unit, their own reports. */
export type CaseActionScope = 'centre' | 'assignee' | 'reporter';

export interface CaseTransitionRule {
  action: CaseAction;
  from: readonly CaseState[];
  to: CaseState | 'same';
  roles: readonly CaseRole[];
  scope: CaseActionScope;
  remark: 'required' | 'optional';
  /** The name of the remark field in the form and in messages. */
  remarkLabel: string;
  kinds: readonly CaseKind[];
  /** Needs a dispatch target in the input. */
  assignee: boolean;
  /** Extra working days in the input (extension request and approval). */
  extraDays: 'required' | 'optional' | 'none';
  /** Extension precondition: none pending (request) or one pending (decision). */
  extension?: 'none_pending' | 'pending';
}

const CENTRE: readonly CaseRole[] = ['centre_staff', 'centre_admin'];
const ASSIGNEE: readonly CaseRole[] = ['department_handler', 'street_operator'];
const ALL_KINDS: readonly CaseKind[] = ['incident', 'service'];
const WITH_ASSIGNEE: readonly CaseState[] = ['dispatched', 'handling'];

type RuleShape = Omit<CaseTransitionRule, 'kinds' | 'assignee' | 'extraDays'> & Partial<CaseTransitionRule>;
const rule = (r: RuleShape): CaseTransitionRule => ({ kinds: ALL_KINDS, assignee: false, extraDays: 'none', ...r });

export const CASE_TRANSITIONS: readonly CaseTransitionRule[] = [
  rule({ action: 'accept', from: ['reported'], to: 'accepted', roles: CENTRE, scope: 'centre', remark: 'optional', remarkLabel: '受理意见' }),
  rule({ action: 'reject', from: ['reported'], to: 'rejected', roles: CENTRE, scope: 'centre', remark: 'required', remarkLabel: '不予受理原因' }),
  rule({ action: 'dispatch', from: ['accepted'], to: 'dispatched', roles: CENTRE, scope: 'centre', remark: 'optional', remarkLabel: '派遣意见', assignee: true }),
  rule({ action: 'redispatch', from: WITH_ASSIGNEE, to: 'dispatched', roles: CENTRE, scope: 'centre', remark: 'required', remarkLabel: '改派原因', assignee: true }),
  rule({ action: 'decline', from: WITH_ASSIGNEE, to: 'accepted', roles: ASSIGNEE, scope: 'assignee', remark: 'required', remarkLabel: '退回原因' }),
  rule({ action: 'start_handling', from: ['dispatched'], to: 'handling', roles: ASSIGNEE, scope: 'assignee', remark: 'optional', remarkLabel: '签收意见' }),
  rule({ action: 'request_extension', from: WITH_ASSIGNEE, to: 'same', roles: ASSIGNEE, scope: 'assignee', remark: 'required', remarkLabel: '延期原因', extraDays: 'required', extension: 'none_pending' }),
  rule({ action: 'approve_extension', from: WITH_ASSIGNEE, to: 'same', roles: CENTRE, scope: 'centre', remark: 'optional', remarkLabel: '审批意见', extraDays: 'optional', extension: 'pending' }),
  rule({ action: 'refuse_extension', from: WITH_ASSIGNEE, to: 'same', roles: CENTRE, scope: 'centre', remark: 'required', remarkLabel: '驳回理由', extension: 'pending' }),
  rule({ action: 'feedback', from: ['handling'], to: 'feedback', roles: ASSIGNEE, scope: 'assignee', remark: 'required', remarkLabel: '处置结果' }),
  rule({ action: 'start_verification', from: ['feedback'], to: 'verifying', roles: CENTRE, scope: 'centre', remark: 'optional', remarkLabel: '核查意见' }),
  rule({ action: 'rework', from: ['verifying'], to: 'handling', roles: CENTRE, scope: 'centre', remark: 'required', remarkLabel: '返工原因' }),
  rule({ action: 'close', from: ['verifying'], to: 'closed', roles: CENTRE, scope: 'centre', remark: 'optional', remarkLabel: '结案意见' }),
  rule({ action: 'self_close', from: ['reported'], to: 'closed', roles: ['grid_worker'], scope: 'reporter', remark: 'required', remarkLabel: '办结情况', kinds: ['service'] }),
];

export const CASE_ACTIONS: readonly CaseAction[] = CASE_TRANSITIONS.map((r) => r.action);

/** Roles that may report a case (grid workers in the field; the centre and the streets for calls and visits). */
export const REPORT_ROLES: readonly CaseRole[] = ['grid_worker', 'street_operator', 'centre_staff', 'centre_admin'];

export const REMARK_MAX_LENGTH = 1000;
export const MAX_EXTENSION_WORKING_DAYS = 20;

export function transitionRule(action: CaseAction): CaseTransitionRule {
  const r = CASE_TRANSITIONS.find((t) => t.action === action);
  if (!r) throw DomainError.invalid('操作', `未知的操作「${String(action)}」`);
  return r;
}

export interface CaseActionInput {
  remark?: string | null;
  assignee?: CaseAssignee | null;
  extraWorkingDays?: number | null;
  /** The version the actor saw; a different current version means someone acted first (409). */
  expectedVersion?: number | null;
}

export interface CaseHistoryDetails {
  assignee?: CaseAssignee | null;
  previousAssignee?: CaseAssignee | null;
  extraWorkingDays?: number;
  previousHandlingDueAt?: Date | null;
  handlingDueAt?: Date | null;
}

/** One line of a case's history: who, in which role, when, from and to which state, and the remark. */
export interface CaseHistoryRecord {
  action: CaseHistoryAction;
  fromState: CaseState | null;
  toState: CaseState;
  actorUserId: number;
  actorRole: CaseRole;
  at: Date;
  remark: string | null;
  details: CaseHistoryDetails;
}

export interface CaseTransitionResult {
  snapshot: CaseSnapshot;
  history: CaseHistoryRecord;
}

function label(action: CaseHistoryAction): string {
  return CASE_ACTION_LABELS[action];
}

function inScope(snapshot: CaseSnapshot, actor: CaseActor, role: CaseRole, scope: CaseActionScope): boolean {
  if (scope === 'centre') return true;
  if (scope === 'reporter') return snapshot.reporterUserId === actor.userId;
  const a = snapshot.assignee;
  if (!a) return false;
  if (role === 'department_handler') return a.kind === 'department' && actor.departmentId !== null && a.id === actor.departmentId;
  if (role === 'street_operator') return a.kind === 'street' && actor.streetId !== null && a.id === actor.streetId;
  return false;
}

/**
 * Whether the actor may perform the action on the case now, input aside. Returns the role it acts in, or
 * throws the DomainError the user should see.
 */
export function authoriseAction(
  snapshot: CaseSnapshot,
  action: CaseAction,
  actor: CaseActor,
  expectedVersion?: number | null,
): CaseRole {
  const r = transitionRule(action);
  const roles = r.roles.filter((role) => actor.roles.includes(role));
  if (roles.length === 0) {
    throw DomainError.forbidden(`无权执行「${label(action)}」（仅限${r.roles.map((x) => CASE_ROLE_LABELS[x]).join('、')}）`);
  }
  if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== snapshot.version) {
    throw DomainError.conflict('案件已被他人处理，请刷新后重试');
  }
  if (!r.from.includes(snapshot.state)) {
    throw DomainError.conflict(`案件当前状态为「${CASE_STATE_LABELS[snapshot.state]}」，不能执行「${label(action)}」`);
  }
  if (!r.kinds.includes(snapshot.kind)) {
    throw DomainError.conflict(`${CASE_KIND_LABELS[snapshot.kind]}不能执行「${label(action)}」`);
  }
  const role = roles.find((x) => inScope(snapshot, actor, x, r.scope));
  if (!role) {
    throw DomainError.forbidden(
      r.scope === 'reporter'
        ? `只有上报人本人可以执行「${label(action)}」`
        : `该案件未派遣给您所在的单位，不能执行「${label(action)}」`,
    );
  }
  if (action === 'self_close' && !snapshot.selfClosable) {
    throw DomainError.conflict('该类别的服务事项不允许自办结，请等待中心受理派遣');
  }
  if (r.extension === 'none_pending' && snapshot.pendingExtension) {
    throw DomainError.conflict('已有待审批的延期申请，不能重复申请');
  }
  if (r.extension === 'pending' && !snapshot.pendingExtension) {
    throw DomainError.conflict('当前没有待审批的延期申请');
  }
  return role;
}

/** Null when allowed, else the error applyAction would raise (input aside). */
export function checkAction(snapshot: CaseSnapshot, action: CaseAction, actor: CaseActor): DomainError | null {
  try {
    authoriseAction(snapshot, action, actor);
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
}

/** The actions the actor may take on the case now (the buttons to show). */
export function availableActions(snapshot: CaseSnapshot, actor: CaseActor): CaseAction[] {
  return CASE_ACTIONS.filter((a) => checkAction(snapshot, a, actor) === null);
}

function readRemark(field: string, required: boolean, raw: string | null | undefined): string | null {
  const remark = (raw ?? '').trim();
  if (remark === '') {
    if (required) throw DomainError.invalid(field, '不能为空');
    return null;
  }
  if (remark.length > REMARK_MAX_LENGTH) throw DomainError.invalid(field, `不能超过${REMARK_MAX_LENGTH}个字`);
  return remark;
}

function readAssignee(raw: CaseAssignee | null | undefined): CaseAssignee {
  if (!raw || (raw.kind !== 'department' && raw.kind !== 'street')) {
    throw DomainError.invalid('派遣对象', '请选择职能部门或镇（街道）');
  }
  if (!Number.isInteger(raw.id) || raw.id <= 0) throw DomainError.invalid('派遣对象', '派遣对象无效');
  return { kind: raw.kind, id: raw.id };
}

function readExtraDays(raw: number | null | undefined, max: number): number {
  if (raw === null || raw === undefined || !Number.isInteger(raw) || raw < 1 || raw > max) {
    throw DomainError.invalid('延期工作日数', `应为1到${max}之间的整数`);
  }
  return raw;
}

/**
 * Applies an action: returns the case after it and the history record to store, or throws a DomainError
 * (FORBIDDEN, CONFLICT, VALIDATION; UNPROCESSABLE when the calendar lacks a year it needs). The calendar is
 * needed for the deadlines that acceptance, extension and self-closing set.
 */
export function applyAction(
  snapshot: CaseSnapshot,
  action: CaseAction,
  actor: CaseActor,
  input: CaseActionInput,
  now: Date,
  calendar: WorkingDayCalendar,
): CaseTransitionResult {
  const role = authoriseAction(snapshot, action, actor, input.expectedVersion);
  const r = transitionRule(action);
  const remark = readRemark(r.remarkLabel, r.remark === 'required', input.remark);
  const next: CaseSnapshot = { ...snapshot, version: snapshot.version + 1 };
  const details: CaseHistoryDetails = {};
  if (r.to !== 'same') next.state = r.to;

  switch (action) {
    case 'accept':
      next.acceptedAt = now;
      next.respondedAt = now;
      next.handlingDueAt = computeHandlingDue(now, snapshot.limits, calendar);
      details.handlingDueAt = next.handlingDueAt;
      break;
    case 'reject':
      next.respondedAt = now;
      next.rejectedAt = now;
      next.rejectReason = remark;
      break;
    case 'dispatch':
    case 'redispatch': {
      const assignee = readAssignee(input.assignee);
      if (action === 'redispatch' && snapshot.assignee && snapshot.assignee.kind === assignee.kind && snapshot.assignee.id === assignee.id) {
        throw DomainError.invalid('派遣对象', '改派对象与当前承办单位相同');
      }
      details.previousAssignee = snapshot.assignee;
      details.assignee = assignee;
      next.assignee = assignee;
      next.dispatchedAt = now;
      next.pendingExtension = null;
      break;
    }
    case 'decline':
      details.previousAssignee = snapshot.assignee;
      next.assignee = null;
      next.pendingExtension = null;
      break;
    case 'start_handling':
      break;
    case 'request_extension':
      details.extraWorkingDays = readExtraDays(input.extraWorkingDays, MAX_EXTENSION_WORKING_DAYS);
      next.pendingExtension = {
        extraWorkingDays: details.extraWorkingDays,
        reason: remark as string,
        requestedAt: now,
        requestedByUserId: actor.userId,
      };
      break;
    case 'approve_extension': {
      const requested = (snapshot.pendingExtension as NonNullable<CaseSnapshot['pendingExtension']>).extraWorkingDays;
      const days =
        input.extraWorkingDays === null || input.extraWorkingDays === undefined
          ? requested
          : readExtraDays(input.extraWorkingDays, requested);
      const previous = snapshot.handlingDueAt as Date;
      next.handlingDueAt = calendar.extendDue(previous, days);
      next.extensionCount = snapshot.extensionCount + 1;
      next.pendingExtension = null;
      Object.assign(details, { extraWorkingDays: days, previousHandlingDueAt: previous, handlingDueAt: next.handlingDueAt });
      break;
    }
    case 'refuse_extension':
      details.extraWorkingDays = (snapshot.pendingExtension as NonNullable<CaseSnapshot['pendingExtension']>).extraWorkingDays;
      next.pendingExtension = null;
      break;
    case 'feedback':
      next.pendingExtension = null;
      break;
    case 'start_verification':
      break;
    case 'rework':
      next.reworkCount = snapshot.reworkCount + 1;
      break;
    case 'close':
      next.closedAt = now;
      break;
    case 'self_close':
      next.respondedAt = now;
      next.closedAt = now;
      next.handlingDueAt = computeHandlingDue(snapshot.reportedAt, snapshot.limits, calendar);
      details.handlingDueAt = next.handlingDueAt;
      break;
  }

  return {
    snapshot: next,
    history: {
      action,
      fromState: snapshot.state,
      toState: next.state,
      actorUserId: actor.userId,
      actorRole: role,
      at: now,
      remark,
      details,
    },
  };
}

/** What a category contributes to a new case. */
export interface CaseCategoryTerms extends CaseLimits {
  kind: CaseKind;
  /** Only meaningful for service items. */
  selfClosable: boolean;
}

/** Opens a case in 已上报 with its response due, and the history record of the report. */
export function openCase(
  category: CaseCategoryTerms,
  actor: CaseActor,
  now: Date,
  calendar: WorkingDayCalendar,
  remark?: string | null,
): CaseTransitionResult {
  const role = REPORT_ROLES.find((x) => actor.roles.includes(x));
  if (!role) {
    throw DomainError.forbidden(`无权执行「上报」（仅限${REPORT_ROLES.map((x) => CASE_ROLE_LABELS[x]).join('、')}）`);
  }
  const limits: CaseLimits = {
    responseLimitWorkingDays: category.responseLimitWorkingDays,
    handlingLimitWorkingDays: category.handlingLimitWorkingDays,
  };
  assertCaseLimits(limits);
  const note = readRemark('备注', false, remark);
  const snapshot: CaseSnapshot = {
    kind: category.kind,
    state: 'reported',
    version: 1,
    reporterUserId: actor.userId,
    limits,
    selfClosable: category.kind === 'service' && category.selfClosable,
    assignee: null,
    reportedAt: now,
    responseDueAt: computeResponseDue(now, limits, calendar),
    respondedAt: null,
    acceptedAt: null,
    handlingDueAt: null,
    dispatchedAt: null,
    closedAt: null,
    rejectedAt: null,
    rejectReason: null,
    pendingExtension: null,
    extensionCount: 0,
    reworkCount: 0,
  };
  return {
    snapshot,
    history: {
      action: 'report',
      fromState: null,
      toState: 'reported',
      actorUserId: actor.userId,
      actorRole: role,
      at: now,
      remark: note,
      details: {},
    },
  };
}
