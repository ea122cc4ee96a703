import { shanghaiInstant } from '../calendar/shanghai';
import { DomainError } from '../errors/domain-error';
import {
  applyRectificationStep,
  isOverdue,
  mayActOnRectification,
  rectificationLabel,
  RectificationState,
} from './rectification.rules';

const streetA = '1';
const operatorA = { roles: ['street_operator'], streetId: streetA };
const operatorB = { roles: ['street_operator'], streetId: '2' };
const staff = { roles: ['centre_staff'] };
const admin = { roles: ['centre_admin'] };
const leader = { roles: ['leader'] };
const at = (day: string, hour = 10) => shanghaiInstant(day, hour);

function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('rectification', () => {
  const pending: RectificationState = { status: 'pending', streetId: streetA, deadline: '2024-04-10' };

  it('goes 待整改 → 已整改待核销 → 已销号', () => {
    const reported = applyRectificationStep(pending, { action: 'report', note: '已补录走访记录' }, operatorA, at('2024-04-08'));
    expect(reported).toEqual({ from: 'pending', to: 'reported', action: 'report', deadline: '2024-04-10', note: '已补录走访记录', day: '2024-04-08' });
    const closed = applyRectificationStep({ ...pending, status: reported.to }, { action: 'verify' }, staff, at('2024-04-09'));
    expect(closed.to).toBe('closed');
  });

  it('lets staff send it back with a reason, optionally with a new deadline', () => {
    const reported: RectificationState = { ...pending, status: 'reported' };
    const back = applyRectificationStep(reported, { action: 'return', note: '补录内容不完整', newDeadline: '2024-04-15' }, admin, at('2024-04-09'));
    expect(back).toMatchObject({ to: 'pending', deadline: '2024-04-15', note: '补录内容不完整' });
    expect(applyRectificationStep(reported, { action: 'return', note: '不完整' }, staff, at('2024-04-09')).deadline).toBe('2024-04-10');
    expect(caught(() => applyRectificationStep(reported, { action: 'return', note: '  ' }, staff, at('2024-04-09'))).message).toBe(
      '退回原因：退回重新整改须说明原因',
    );
    expect(
      caught(() => applyRectificationStep(reported, { action: 'return', note: 'x', newDeadline: '2024-04-08' }, staff, at('2024-04-09'))).message,
    ).toBe('整改期限：新的整改期限不能早于今天（2024-04-09）');
  });

  it('allows each step only to its roles, and a street operator only in their street', () => {
    expect(mayActOnRectification(operatorA, 'report', streetA)).toBe(true);
    expect(mayActOnRectification(operatorB, 'report', streetA)).toBe(false);
    expect(mayActOnRectification(staff, 'report', streetA)).toBe(false);
    expect(mayActOnRectification(operatorA, 'verify', streetA)).toBe(false);
    expect(mayActOnRectification(leader, 'verify', streetA)).toBe(false);
    expect(mayActOnRectification({ roles: ['street_operator'] }, 'report', streetA)).toBe(false);
    const e = caught(() => applyRectificationStep(pending, { action: 'report' }, operatorB, at('2024-04-08')));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toBe('只有本镇街网格专干可以上报整改完成');
    expect(caught(() => applyRectificationStep({ ...pending, status: 'reported' }, { action: 'verify' }, operatorA, at('2024-04-08'))).message).toBe(
      '只有中心工作人员可以核实销号',
    );
  });

  it('refuses steps out of order', () => {
    const e = caught(() => applyRectificationStep(pending, { action: 'verify' }, staff, at('2024-04-08')));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe('整改状态为「待整改」，不能核实销号（须为「已整改待核销」）');
    expect(caught(() => applyRectificationStep({ ...pending, status: 'closed' }, { action: 'report' }, operatorA, at('2024-04-08'))).code).toBe(
      'CONFLICT',
    );
    expect(caught(() => applyRectificationStep(pending, { action: 'report', newDeadline: '2024-05-01' }, operatorA, at('2024-04-08'))).message).toBe(
      '整改期限：上报整改完成时不能修改整改期限',
    );
  });

  it('is overdue from the day after the deadline, in Shanghai, until it is closed', () => {
    expect(isOverdue(pending, '2024-04-10')).toBe(false);
    expect(isOverdue(pending, '2024-04-11')).toBe(true);
    // 2024-04-10 16:30 UTC is already 2024-04-11 00:30 in Shanghai
    expect(isOverdue(pending, new Date('2024-04-10T16:30:00Z'))).toBe(true);
    expect(isOverdue(pending, new Date('2024-04-10T15:59:59Z'))).toBe(false);
    expect(isOverdue({ status: 'reported', deadline: '2024-04-10' }, '2024-04-12')).toBe(true);
    expect(isOverdue({ status: 'closed', deadline: '2024-04-10' }, '2024-04-12')).toBe(false);
    expect(rectificationLabel(pending, '2024-04-12')).toBe('待整改（逾期）');
    expect(rectificationLabel({ status: 'closed', deadline: '2024-04-10' }, '2024-04-12')).toBe('已销号');
    expect(rectificationLabel({ status: 'reported', deadline: '2024-04-10' }, '2024-04-09')).toBe('已整改待核销');
  });

  it('records the Shanghai day of a step taken just after midnight', () => {
    const step = applyRectificationStep(pending, { action: 'report' }, operatorA, new Date('2024-03-31T16:30:00Z'));
    expect(step.day).toBe('2024-04-01');
  });
});
