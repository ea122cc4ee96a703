import { isLocalDate, LocalDate, shanghaiDate } from '../calendar/shanghai';
import { DomainError } from '../errors/domain-error';

/**
 * Rectification (整改) of a failed spot-check item that carries a rectification demand:
 *   待整改 --street reports done--> 已整改待核销 --centre verifies--> 已销号
 *                                     └--centre sends back--> 待整改
 * Overdue is derived, never stored as a state: not yet 已销号 and the deadline (a Shanghai day) has passed.
 */
export type RectificationStatus = 'pending' | 'reported' | 'closed';

export const RECTIFICATION_STATUS_LABELS: Record<RectificationStatus, string> = {
  pending: '待整改',
  reported: '已整改待核销',
  closed: '已销号',
};

export type RectificationAction = 'report' | 'verify' | 'return';

export const RECTIFICATION_ACTION_LABELS: Record<RectificationAction, string> = {
  report: '上报整改完成',
  verify: '核实销号',
  return: '退回重新整改',
};

export const OVERDUE_LABEL = '逾期';

const TRANSITIONS: Record<RectificationAction, { from: RectificationStatus; to: RectificationStatus }> = {
  report: { from: 'pending', to: 'reported' },
  verify: { from: 'reported', to: 'closed' },
  return: { from: 'reported', to: 'pending' },
};

/** Role codes as the accounts module names them (DOMAIN.md §1). */
export type RoleCode = 'centre_admin' | 'centre_staff' | 'street_operator' | 'department_handler' | 'grid_worker' | 'leader';

export interface Actor {
  roles: readonly string[];
  /** The street a street operator is bound to. */
  streetId?: string | null;
}

/** Which roles may take each step. A street operator only for their own street. */
export const RECTIFICATION_ACTION_ROLES: Record<RectificationAction, readonly RoleCode[]> = {
  report: ['street_operator'],
  verify: ['centre_staff', 'centre_admin'],
  return: ['centre_staff', 'centre_admin'],
};

export function mayActOnRectification(actor: Actor, action: RectificationAction, streetId: string): boolean {
  return RECTIFICATION_ACTION_ROLES[action].some((role) => {
    if (!actor.roles.includes(role)) return false;
    return role !== 'street_operator' || (actor.streetId != null && String(actor.streetId) === String(streetId));
  });
}

export interface RectificationState {
  status: RectificationStatus;
  /** Street of the checked worker's grid. */
  streetId: string;
  deadline: LocalDate;
}

export interface RectificationStep {
  action: RectificationAction;
  /** What the street did (report), or why it is sent back (return, mandatory). */
  note?: string | null;
  /** A new deadline when sending back; never before the day it is sent back. */
  newDeadline?: LocalDate | null;
}

export interface RectificationOutcome {
  from: RectificationStatus;
  to: RectificationStatus;
  action: RectificationAction;
  deadline: LocalDate;
  note: string | null;
  /** Shanghai day on which the step was taken. */
  day: LocalDate;
}

/**
 * Applies one step: checks the actor's role and street, the current state and the step's own fields.
 * Throws FORBIDDEN, CONFLICT or VALIDATION with a Chinese message. The caller records who and when.
 */
export function applyRectificationStep(
  state: RectificationState,
  step: RectificationStep,
  actor: Actor,
  now: Date,
): RectificationOutcome {
  const label = RECTIFICATION_ACTION_LABELS[step.action];
  if (!mayActOnRectification(actor, step.action, state.streetId)) {
    const who = RECTIFICATION_ACTION_ROLES[step.action].includes('street_operator') ? '本镇街网格专干' : '中心工作人员';
    throw DomainError.forbidden(`只有${who}可以${label}`);
  }
  const t = TRANSITIONS[step.action];
  if (state.status !== t.from) {
    throw DomainError.conflict(
      `整改状态为「${RECTIFICATION_STATUS_LABELS[state.status]}」，不能${label}（须为「${RECTIFICATION_STATUS_LABELS[t.from]}」）`,
    );
  }
  const day = shanghaiDate(now);
  const note = step.note?.trim() || null;
  let deadline = state.deadline;
  if (step.action === 'return') {
    if (!note) throw DomainError.invalid('退回原因', '退回重新整改须说明原因');
    if (step.newDeadline) {
      if (!isLocalDate(step.newDeadline)) throw DomainError.invalid('整改期限', `「${step.newDeadline}」不是有效日期`);
      if (step.newDeadline < day) throw DomainError.invalid('整改期限', `新的整改期限不能早于今天（${day}）`);
      deadline = step.newDeadline;
    }
  } else if (step.newDeadline) {
    throw DomainError.invalid('整改期限', `${label}时不能修改整改期限`);
  }
  if (note && note.length > 500) throw DomainError.invalid(step.action === 'return' ? '退回原因' : '整改情况', '不能超过500字');
  return { from: state.status, to: t.to, action: step.action, deadline, note, day };
}

/**
 * Overdue: not 已销号 and the deadline day has passed in Shanghai. A deadline is the last day allowed,
 * so an item due 2024-04-10 becomes overdue on 2024-04-11. An item the street reported in time but that
 * the centre has not yet verified also counts, as the centre's notices count it: only 已销号 ends it.
 */
export function isOverdue(state: Pick<RectificationState, 'status' | 'deadline'>, today: LocalDate | Date): boolean {
  const day = typeof today === 'string' ? today : shanghaiDate(today);
  return state.status !== 'closed' && day > state.deadline;
}

/** The label a person sees, e.g. `待整改（逾期）`. */
export function rectificationLabel(state: Pick<RectificationState, 'status' | 'deadline'>, today: LocalDate | Date): string {
  const base = RECTIFICATION_STATUS_LABELS[state.status];
  return isOverdue(state, today) ? `${base}（${OVERDUE_LABEL}）` : base;
}
