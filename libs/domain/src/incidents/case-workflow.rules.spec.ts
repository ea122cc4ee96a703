import { DomainError } from '../errors/domain-error';
import { bundledCalendarCsv, bundledWorkingDayCalendar } from '../working-days/working-day.bundled';
import { MissingCalendarYearError, WorkingDayCalendar } from '../working-days/working-day.calendar';
import { parseWorkingDayCsv } from '../working-days/working-day.csv';
import {
  applyAction,
  availableActions,
  CASE_ACTION_LABELS,
  CASE_ACTIONS,
  CASE_TRANSITIONS,
  CaseAction,
  CaseActionInput,
  CaseTransitionRule,
  checkAction,
  openCase,
  REMARK_MAX_LENGTH,
  transitionRule,
} from './case-workflow.rules';
import {
  CASE_ROLES,
  CASE_STATE_LABELS,
  CASE_STATES,
  CaseActor,
  CaseRole,
  CaseSnapshot,
  CaseState,
  TERMINAL_CASE_STATES,
} from './case.types';

const calendar = bundledWorkingDayCalendar();
const t = (iso: string) => new Date(iso);
const NOW = t('2024-10-09T10:00:00+08:00');

const DEPT = 7;
const STREET = 3;
const REPORTER = 40;

const ACTORS: Record<CaseRole, CaseActor> = {
  centre_staff: { userId: 10, roles: ['centre_staff'], streetId: null, departmentId: null },
  centre_admin: { userId: 11, roles: ['centre_admin'], streetId: null, departmentId: null },
  department_handler: { userId: 20, roles: ['department_handler'], streetId: null, departmentId: DEPT },
  street_operator: { userId: 30, roles: ['street_operator'], streetId: STREET, departmentId: null },
  grid_worker: { userId: REPORTER, roles: ['grid_worker'], streetId: null, departmentId: null },
  leader: { userId: 50, roles: ['leader'], streetId: null, departmentId: null },
};

/** A case in any state, dispatched to the unit of `forRole` (a department unless it is a street operator). */
function caseIn(state: CaseState, r: CaseTransitionRule, forRole: CaseRole = 'department_handler'): CaseSnapshot {
  const reportedAt = t('2024-09-30T09:00:00+08:00');
  const accepted = state !== 'reported' && state !== 'rejected';
  return {
    kind: r.kinds.includes('incident') ? 'incident' : 'service',
    state,
    version: 3,
    reporterUserId: REPORTER,
    limits: { responseLimitWorkingDays: 1, handlingLimitWorkingDays: 5 },
    selfClosable: true,
    assignee: forRole === 'street_operator' ? { kind: 'street', id: STREET } : { kind: 'department', id: DEPT },
    reportedAt,
    responseDueAt: t('2024-10-09T00:00:00+08:00'),
    respondedAt: state === 'reported' ? null : reportedAt,
    acceptedAt: accepted ? reportedAt : null,
    handlingDueAt: accepted ? t('2024-10-15T00:00:00+08:00') : null,
    dispatchedAt: accepted ? reportedAt : null,
    closedAt: state === 'closed' ? reportedAt : null,
    rejectedAt: state === 'rejected' ? reportedAt : null,
    rejectReason: state === 'rejected' ? '重复上报' : null,
    pendingExtension:
      r.extension === 'pending'
        ? { extraWorkingDays: 3, reason: '需协调多部门', requestedAt: reportedAt, requestedByUserId: 20 }
        : null,
    extensionCount: 0,
    reworkCount: 0,
  };
}

const INPUT: CaseActionInput = { remark: '已核实，情况属实', assignee: { kind: 'street', id: 5 }, extraWorkingDays: 2 };

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

const allowed = CASE_TRANSITIONS.flatMap((r) => r.from.flatMap((from) => r.roles.map((role) => [r.action, from, role] as const)));
const wrongState = CASE_TRANSITIONS.flatMap((r) =>
  CASE_STATES.filter((s) => !r.from.includes(s)).map((state) => [r.action, state] as const),
);
const wrongRole = CASE_TRANSITIONS.flatMap((r) =>
  CASE_ROLES.filter((x) => !r.roles.includes(x)).map((role) => [r.action, role] as const),
);

describe('case workflow table', () => {
  it('has one rule per action', () => {
    expect(new Set(CASE_ACTIONS).size).toBe(CASE_TRANSITIONS.length);
  });

  it('never lets the leader write', () => {
    for (const r of CASE_TRANSITIONS) expect(r.roles).not.toContain('leader');
  });

  it('leaves the terminal states by no action and every other state by some action', () => {
    for (const s of CASE_STATES) {
      const out = CASE_TRANSITIONS.filter((r) => r.from.includes(s) && r.to !== 'same');
      expect(out.length === 0).toBe(TERMINAL_CASE_STATES.includes(s));
    }
  });

  it('reaches every state from 已上报', () => {
    const seen = new Set<CaseState>(['reported']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of CASE_TRANSITIONS) {
        if (r.to !== 'same' && !seen.has(r.to) && r.from.some((f) => seen.has(f))) {
          seen.add(r.to);
          grew = true;
        }
      }
    }
    expect([...seen].sort()).toEqual([...CASE_STATES].sort());
  });

  it('generates the expected number of cases (change these when the table changes)', () => {
    expect(CASE_TRANSITIONS).toHaveLength(14);
    expect(allowed).toHaveLength(37); // (action, from-state, role) triples
    expect(wrongState).toHaveLength(14 * 8 - 19);
    expect(wrongRole).toHaveLength(14 * 6 - 27);
  });

  it('refuses an unknown action', () => {
    expect(errorOf(() => transitionRule('teleport' as CaseAction)).code).toBe('VALIDATION');
  });
});

describe('every allowed transition', () => {
  it.each(allowed)('%s from %s by %s', (action, from, role) => {
    const r = transitionRule(action);
    const before = caseIn(from, r, role);
    const actor = ACTORS[role];
    const { snapshot, history } = applyAction(before, action, actor, { ...INPUT, expectedVersion: 3 }, NOW, calendar);
    const to = r.to === 'same' ? from : r.to;
    expect(snapshot.state).toBe(to);
    expect(snapshot.version).toBe(4);
    expect(history).toMatchObject({ action, fromState: from, toState: to, actorUserId: actor.userId, actorRole: role, at: NOW, remark: INPUT.remark });
    expect(availableActions(before, actor)).toContain(action);
    expect(before.state).toBe(from); // the input is not mutated
  });
});

describe('every forbidden (state, action)', () => {
  it.each(wrongState)('%s in %s is a conflict', (action, state) => {
    const r = transitionRule(action);
    const role = r.roles[0];
    const e = errorOf(() => applyAction(caseIn(state, r, role), action, ACTORS[role], INPUT, NOW, calendar));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe(`案件当前状态为「${CASE_STATE_LABELS[state]}」，不能执行「${CASE_ACTION_LABELS[action]}」`);
  });

  it('says so in the words of the brief', () => {
    const e = errorOf(() => applyAction(caseIn('closed', transitionRule('dispatch')), 'dispatch', ACTORS.centre_staff, INPUT, NOW, calendar));
    expect(e.message).toBe('案件当前状态为「已结案」，不能执行「派遣」');
  });
});

describe('every forbidden (role, action)', () => {
  it.each(wrongRole)('%s by %s is forbidden', (action, role) => {
    const r = transitionRule(action);
    const e = errorOf(() => applyAction(caseIn(r.from[0], r, role), action, ACTORS[role], INPUT, NOW, calendar));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toContain(`无权执行「${CASE_ACTION_LABELS[action]}」`);
    expect(checkAction(caseIn(r.from[0], r, role), action, ACTORS[role])?.code).toBe('FORBIDDEN');
  });

  it('gives the leader no action in any state', () => {
    for (const r of CASE_TRANSITIONS) for (const s of CASE_STATES) expect(availableActions(caseIn(s, r), ACTORS.leader)).toEqual([]);
  });
});

describe('scope', () => {
  const assigneeRules = CASE_TRANSITIONS.filter((r) => r.scope === 'assignee');
  const others: [string, CaseActor, CaseRole][] = [
    ['a handler of another department', { ...ACTORS.department_handler, departmentId: DEPT + 1 }, 'department_handler'],
    ['a handler without a department', { ...ACTORS.department_handler, departmentId: null }, 'department_handler'],
    ['an operator of another street', { ...ACTORS.street_operator, streetId: STREET + 1 }, 'street_operator'],
  ];

  it.each(assigneeRules.flatMap((r) => others.map(([who, actor, role]) => [r.action, who, actor, role] as const)))(
    '%s by %s is forbidden',
    (action, _who, actor, role) => {
      const r = transitionRule(action);
      const e = errorOf(() => applyAction(caseIn(r.from[0], r, role), action, actor, INPUT, NOW, calendar));
      expect(e.code).toBe('FORBIDDEN');
      expect(e.message).toBe(`该案件未派遣给您所在的单位，不能执行「${CASE_ACTION_LABELS[action]}」`);
    },
  );

  it.each(assigneeRules.map((r) => r.action))('%s: a department handler may not act on a case dispatched to a street with the same id', (action) => {
    const r = transitionRule(action);
    const c = { ...caseIn(r.from[0], r), assignee: { kind: 'street' as const, id: DEPT } };
    expect(errorOf(() => applyAction(c, action, ACTORS.department_handler, INPUT, NOW, calendar)).code).toBe('FORBIDDEN');
  });

  it('lets only the reporting grid worker self-close', () => {
    const r = transitionRule('self_close');
    const other = { ...ACTORS.grid_worker, userId: REPORTER + 1 };
    const e = errorOf(() => applyAction(caseIn('reported', r), 'self_close', other, INPUT, NOW, calendar));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toBe('只有上报人本人可以执行「自办结」');
  });

  it('acts in whichever of a user’s roles allows the action', () => {
    const both: CaseActor = { userId: 12, roles: ['grid_worker', 'centre_staff'], streetId: null, departmentId: null };
    const { history } = applyAction(caseIn('reported', transitionRule('accept')), 'accept', both, {}, NOW, calendar);
    expect(history.actorRole).toBe('centre_staff');
  });
});

describe('service items (自办结)', () => {
  const r = transitionRule('self_close');

  it('closes a self-closable service item from 已上报, with its handling limit counted from the report', () => {
    const c = { ...caseIn('reported', r), reportedAt: t('2024-09-30T09:00:00+08:00'), limits: { responseLimitWorkingDays: 1, handlingLimitWorkingDays: 2 } };
    const { snapshot } = applyAction(c, 'self_close', ACTORS.grid_worker, { remark: '已帮助老人办理养老认证' }, NOW, calendar);
    expect(snapshot).toMatchObject({ state: 'closed', closedAt: NOW, respondedAt: NOW, acceptedAt: null });
    // 09-30 report: 10-08 (1), 10-09 (2) → due 10-10 00:00
    expect(snapshot.handlingDueAt).toEqual(t('2024-10-10T00:00:00+08:00'));
  });

  it('refuses it for an incident', () => {
    const c = { ...caseIn('reported', r), kind: 'incident' as const };
    const e = errorOf(() => applyAction(c, 'self_close', ACTORS.grid_worker, INPUT, NOW, calendar));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe('事件不能执行「自办结」');
  });

  it('refuses it when the category does not allow it', () => {
    const c = { ...caseIn('reported', r), selfClosable: false };
    const e = errorOf(() => applyAction(c, 'self_close', ACTORS.grid_worker, INPUT, NOW, calendar));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe('该类别的服务事项不允许自办结，请等待中心受理派遣');
    expect(availableActions(c, ACTORS.grid_worker)).toEqual([]);
  });

  it('still lets the centre take a service item through the full loop', () => {
    expect(availableActions(caseIn('reported', r), ACTORS.centre_staff)).toEqual(['accept', 'reject']);
  });
});

describe('remarks and input', () => {
  const required = CASE_TRANSITIONS.filter((r) => r.remark === 'required');
  const optional = CASE_TRANSITIONS.filter((r) => r.remark === 'optional');

  it.each(required.map((r) => [r.action, r.remarkLabel] as const))('%s requires 「%s」', (action, remarkLabel) => {
    const r = transitionRule(action);
    const role = r.roles[0];
    for (const remark of [undefined, null, '', '   ']) {
      const e = errorOf(() => applyAction(caseIn(r.from[0], r, role), action, ACTORS[role], { ...INPUT, remark }, NOW, calendar));
      expect(e.code).toBe('VALIDATION');
      expect(e.message).toBe(`${remarkLabel}：不能为空`);
    }
  });

  it.each(optional.map((r) => r.action))('%s takes no remark', (action) => {
    const r = transitionRule(action);
    const role = r.roles[0];
    const { history } = applyAction(caseIn(r.from[0], r, role), action, ACTORS[role], { ...INPUT, remark: '  ' }, NOW, calendar);
    expect(history.remark).toBeNull();
  });

  it('trims the remark and refuses one that is too long', () => {
    const r = transitionRule('reject');
    const { history, snapshot } = applyAction(caseIn('reported', r), 'reject', ACTORS.centre_staff, { remark: ' 重复上报 ' }, NOW, calendar);
    expect(history.remark).toBe('重复上报');
    expect(snapshot.rejectReason).toBe('重复上报');
    expect(snapshot.respondedAt).toEqual(NOW);
    const e = errorOf(() => applyAction(caseIn('reported', r), 'reject', ACTORS.centre_staff, { remark: '长'.repeat(REMARK_MAX_LENGTH + 1) }, NOW, calendar));
    expect(e.message).toBe(`不予受理原因：不能超过${REMARK_MAX_LENGTH}个字`);
  });

  it('requires a valid dispatch target', () => {
    const r = transitionRule('dispatch');
    for (const assignee of [undefined, null, { kind: 'team', id: 1 }, { kind: 'department', id: 0 }, { kind: 'street', id: 1.5 }]) {
      const e = errorOf(() =>
        applyAction(caseIn('accepted', r), 'dispatch', ACTORS.centre_staff, { assignee: assignee as never }, NOW, calendar),
      );
      expect(e.code).toBe('VALIDATION');
      expect(e.problems[0].field).toBe('派遣对象');
    }
  });

  it('records the dispatch target and refuses to re-dispatch to the same unit', () => {
    const { snapshot, history } = applyAction(
      { ...caseIn('accepted', transitionRule('dispatch')), assignee: null },
      'dispatch',
      ACTORS.centre_staff,
      { assignee: { kind: 'department', id: 9 } },
      NOW,
      calendar,
    );
    expect(snapshot.assignee).toEqual({ kind: 'department', id: 9 });
    expect(snapshot.dispatchedAt).toEqual(NOW);
    expect(history.details).toEqual({ previousAssignee: null, assignee: { kind: 'department', id: 9 } });
    const e = errorOf(() =>
      applyAction(snapshot, 'redispatch', ACTORS.centre_staff, { remark: '改派', assignee: { kind: 'department', id: 9 } }, NOW, calendar),
    );
    expect(e.message).toBe('派遣对象：改派对象与当前承办单位相同');
  });

  it('returns a declined case to 已受理 without an assignee', () => {
    const r = transitionRule('decline');
    const { snapshot, history } = applyAction(caseIn('dispatched', r, 'street_operator'), 'decline', ACTORS.street_operator, { remark: '不属于本街道辖区' }, NOW, calendar);
    expect(snapshot).toMatchObject({ state: 'accepted', assignee: null });
    expect(history.details.previousAssignee).toEqual({ kind: 'street', id: STREET });
  });
});

describe('extensions (延期)', () => {
  const handling = (pending: boolean): CaseSnapshot => ({
    ...caseIn('handling', transitionRule(pending ? 'approve_extension' : 'request_extension')),
    handlingDueAt: t('2024-09-30T00:00:00+08:00'), // end of the 调休 Sunday 09-29
  });

  it('records a request with its days and reason, one at a time', () => {
    const { snapshot } = applyAction(handling(false), 'request_extension', ACTORS.department_handler, { remark: '需等待检测报告', extraWorkingDays: 3 }, NOW, calendar);
    expect(snapshot.pendingExtension).toEqual({ extraWorkingDays: 3, reason: '需等待检测报告', requestedAt: NOW, requestedByUserId: 20 });
    expect(snapshot.handlingDueAt).toEqual(t('2024-09-30T00:00:00+08:00'));
    const e = errorOf(() => applyAction(snapshot, 'request_extension', ACTORS.department_handler, { remark: '再延', extraWorkingDays: 1 }, NOW, calendar));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe('已有待审批的延期申请，不能重复申请');
  });

  it.each([undefined, 0, 21, 2.5])('refuses %s extra working days', (days) => {
    const e = errorOf(() => applyAction(handling(false), 'request_extension', ACTORS.department_handler, { remark: '原因', extraWorkingDays: days }, NOW, calendar));
    expect(e.message).toBe('延期工作日数：应为1到20之间的整数');
  });

  it('moves the handling due by the approved working days across 国庆', () => {
    const { snapshot, history } = applyAction(handling(true), 'approve_extension', ACTORS.centre_staff, {}, NOW, calendar);
    // from the end of 09-29: 09-30 (1), 10-08 (2), 10-09 (3)
    expect(snapshot.handlingDueAt).toEqual(t('2024-10-10T00:00:00+08:00'));
    expect(snapshot).toMatchObject({ pendingExtension: null, extensionCount: 1, state: 'handling' });
    expect(history.details).toEqual({
      extraWorkingDays: 3,
      previousHandlingDueAt: t('2024-09-30T00:00:00+08:00'),
      handlingDueAt: t('2024-10-10T00:00:00+08:00'),
    });
  });

  it('may approve fewer days than asked, never more', () => {
    const { snapshot } = applyAction(handling(true), 'approve_extension', ACTORS.centre_staff, { extraWorkingDays: 1 }, NOW, calendar);
    expect(snapshot.handlingDueAt).toEqual(t('2024-10-01T00:00:00+08:00'));
    const e = errorOf(() => applyAction(handling(true), 'approve_extension', ACTORS.centre_staff, { extraWorkingDays: 4 }, NOW, calendar));
    expect(e.message).toBe('延期工作日数：应为1到3之间的整数');
  });

  it('keeps the due when refused', () => {
    const { snapshot } = applyAction(handling(true), 'refuse_extension', ACTORS.centre_admin, { remark: '理由不充分' }, NOW, calendar);
    expect(snapshot).toMatchObject({ pendingExtension: null, extensionCount: 0, handlingDueAt: t('2024-09-30T00:00:00+08:00') });
  });

  it('refuses a decision when nothing is pending', () => {
    for (const action of ['approve_extension', 'refuse_extension'] as const) {
      const e = errorOf(() => applyAction(handling(false), action, ACTORS.centre_staff, { remark: 'x' }, NOW, calendar));
      expect(e.message).toBe('当前没有待审批的延期申请');
    }
  });

  it.each(['feedback', 'decline', 'redispatch'] as const)('lets a pending request lapse on %s', (action) => {
    const r = transitionRule(action);
    const c = handling(true);
    const { snapshot } = applyAction(c, action, ACTORS[r.roles[0]], INPUT, NOW, calendar);
    expect(snapshot.pendingExtension).toBeNull();
  });
});

describe('concurrent actions', () => {
  it('lets the first of two people win and gives the second a conflict', () => {
    const loaded = caseIn('reported', transitionRule('accept'));
    const staffA = ACTORS.centre_staff;
    const staffB = { ...ACTORS.centre_admin };
    const first = applyAction(loaded, 'accept', staffA, { expectedVersion: loaded.version }, NOW, calendar);
    // B saw version 3 as well; the stored case is now version 4.
    const stale = errorOf(() => applyAction(first.snapshot, 'reject', staffB, { remark: '重复', expectedVersion: loaded.version }, NOW, calendar));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toBe('案件已被他人处理，请刷新后重试');
    // Without a version, the state still tells: a refused case is not accepted twice.
    expect(errorOf(() => applyAction(first.snapshot, 'reject', staffB, { remark: '重复' }, NOW, calendar)).message).toBe(
      '案件当前状态为「已受理」，不能执行「不予受理」',
    );
  });

  it('checks the role before the version, so nothing leaks to someone who may not act', () => {
    const loaded = caseIn('reported', transitionRule('accept'));
    expect(errorOf(() => applyAction(loaded, 'accept', ACTORS.leader, { expectedVersion: 1 }, NOW, calendar)).code).toBe('FORBIDDEN');
  });
});

describe('the whole loop', () => {
  it('runs a case from report to closing with one rework, across 国庆 2024, recording every step', () => {
    const worker = ACTORS.grid_worker;
    const opened = openCase(
      { kind: 'incident', responseLimitWorkingDays: 1, handlingLimitWorkingDays: 3, selfClosable: false },
      worker,
      t('2024-09-27T10:00:00+08:00'),
      calendar,
    );
    // Friday report, 1 working day: the 调休 Sunday 09-29 is day 1.
    expect(opened.snapshot.responseDueAt).toEqual(t('2024-09-30T00:00:00+08:00'));
    expect(opened.history).toMatchObject({ action: 'report', fromState: null, toState: 'reported', actorRole: 'grid_worker' });

    const steps: [CaseAction, CaseActor, CaseActionInput, string][] = [
      ['accept', ACTORS.centre_staff, {}, '2024-09-29T09:00:00+08:00'],
      ['dispatch', ACTORS.centre_staff, { assignee: { kind: 'department', id: DEPT } }, '2024-09-29T09:30:00+08:00'],
      ['start_handling', ACTORS.department_handler, {}, '2024-09-30T08:30:00+08:00'],
      ['feedback', ACTORS.department_handler, { remark: '已清理' }, '2024-10-08T16:00:00+08:00'],
      ['start_verification', ACTORS.centre_staff, {}, '2024-10-09T09:00:00+08:00'],
      ['rework', ACTORS.centre_staff, { remark: '现场仍有垃圾' }, '2024-10-09T11:00:00+08:00'],
      ['feedback', ACTORS.department_handler, { remark: '已彻底清理' }, '2024-10-09T15:00:00+08:00'],
      ['start_verification', ACTORS.centre_staff, {}, '2024-10-09T16:00:00+08:00'],
      ['close', ACTORS.centre_staff, {}, '2024-10-09T17:00:00+08:00'],
    ];
    let c = opened.snapshot;
    const history = [opened.history];
    for (const [action, actor, input, at] of steps) {
      const res = applyAction(c, action, actor, { ...input, expectedVersion: c.version }, t(at), calendar);
      c = res.snapshot;
      history.push(res.history);
    }
    expect(history.map((h) => h.toState)).toEqual([
      'reported', 'accepted', 'dispatched', 'handling', 'feedback', 'verifying', 'handling', 'feedback', 'verifying', 'closed',
    ]);
    for (let i = 1; i < history.length; i++) expect(history[i].fromState).toBe(history[i - 1].toState);
    expect(c).toMatchObject({ state: 'closed', version: 10, reworkCount: 1, closedAt: t('2024-10-09T17:00:00+08:00') });
    // Accepted on Sunday 09-29 (a 调休 working day), 3 working days: 09-30, 10-08, 10-09.
    expect(c.handlingDueAt).toEqual(t('2024-10-10T00:00:00+08:00'));
    expect(c.respondedAt).toEqual(t('2024-09-29T09:00:00+08:00'));
  });

  it('lets only reporting roles open a case', () => {
    const terms = { kind: 'incident' as const, responseLimitWorkingDays: 1, handlingLimitWorkingDays: 3, selfClosable: false };
    for (const role of ['leader', 'department_handler'] as const) {
      expect(errorOf(() => openCase(terms, ACTORS[role], NOW, calendar)).code).toBe('FORBIDDEN');
    }
    for (const role of ['grid_worker', 'street_operator', 'centre_staff', 'centre_admin'] as const) {
      expect(openCase(terms, ACTORS[role], NOW, calendar).snapshot.state).toBe('reported');
    }
  });

  it('never makes an incident self-closable and refuses nonsense limits', () => {
    const opened = openCase({ kind: 'incident', responseLimitWorkingDays: 1, handlingLimitWorkingDays: 3, selfClosable: true }, ACTORS.grid_worker, NOW, calendar);
    expect(opened.snapshot.selfClosable).toBe(false);
    const e = errorOf(() => openCase({ kind: 'service', responseLimitWorkingDays: -1, handlingLimitWorkingDays: 0, selfClosable: true }, ACTORS.grid_worker, NOW, calendar));
    expect(e.code).toBe('VALIDATION');
    expect(e.problems.map((p) => p.field)).toEqual(['受理时限', '办结时限']);
  });

  it('refuses to open or accept a case when the calendar lacks the year', () => {
    const only2024 = WorkingDayCalendar.fromYears(parseWorkingDayCsv(bundledCalendarCsv(2024)));
    const terms = { kind: 'incident' as const, responseLimitWorkingDays: 1, handlingLimitWorkingDays: 3, selfClosable: false };
    expect(() => openCase(terms, ACTORS.grid_worker, t('2024-12-31T10:00:00+08:00'), only2024)).toThrow(MissingCalendarYearError);
    const c = caseIn('reported', transitionRule('accept'));
    expect(() => applyAction(c, 'accept', ACTORS.centre_staff, {}, t('2024-12-30T10:00:00+08:00'), only2024)).toThrow('缺少2025年的节假日安排');
  });
});
