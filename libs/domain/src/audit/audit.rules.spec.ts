import { auditChange, auditDetail, currentAuditScope, newAuditScope, runInAuditScope } from './audit-context';
import { auditDiff, HIDDEN, maskAuditValues, scrubText, targetIdOfParams, targetTypeOfRoute } from './audit.rules';

describe('audit rules', () => {
  it('keeps only the changed fields, before and after', () => {
    expect(auditDiff({ name: '张三', kind: 'full_time', gridId: 3 }, { name: '张三', kind: 'part_time', gridId: 4 })).toEqual({
      before: { kind: 'full_time', gridId: 3 },
      after: { kind: 'part_time', gridId: 4 },
    });
    expect(auditDiff({ a: 1 }, { a: 1 })).toEqual({ before: {}, after: {} });
  });

  it('masks phone and ID numbers by field name, and secrets entirely', () => {
    const diff = auditDiff({ phone: '13812345678', idNumber: '430203199003071234' }, { phone: '13998765432', idNumber: '43020319900307123X' });
    expect(diff.before).toEqual({ phone: '138****5678', idNumber: '430***********1234' });
    expect(diff.after).toEqual({ phone: '139****5432', idNumber: '430***********123X' });
    expect(maskAuditValues({ password: 'Secret#123', passwordHash: 'x', token: 'y' })).toEqual({ password: HIDDEN, passwordHash: HIDDEN, token: HIDDEN });
  });

  it('masks phone and ID numbers found in free text, whatever the field', () => {
    expect(scrubText('用户 13812345678 登录')).toBe('用户 138****5678 登录');
    expect(scrubText('身份证 430203199003071234')).toBe('身份证 430***********1234');
    expect(maskAuditValues({ note: '联系 13812345678', nested: { mobile: '13812345678' } })).toEqual({ note: '联系 138****5678', nested: { mobile: '138****5678' } });
    expect(scrubText('PATCH /api/workers/12')).toBe('PATCH /api/workers/12');
  });

  it('gives a creation with before null and a deletion with after null', () => {
    expect(auditDiff(null, { name: '网格1', phone: '13812345678' })).toEqual({ before: null, after: { name: '网格1', phone: '138****5678' } });
    expect(auditDiff({ name: '网格1' }, null)).toEqual({ before: { name: '网格1' }, after: null });
  });

  it('names the target of a route from its path and parameters', () => {
    expect(targetTypeOfRoute('/api/workers/:id/events')).toBe('workers');
    expect(targetTypeOfRoute('/api/auth/sign-in')).toBe('auth');
    expect(targetIdOfParams({ id: '12' })).toBe('12');
    expect(targetIdOfParams({ sessionId: '7', workerId: '9' })).toBe('7');
    expect(targetIdOfParams({})).toBeNull();
  });

  it('collects changes in the scope of a request, keyed when there are several', async () => {
    const scope = newAuditScope();
    await runInAuditScope(scope, async () => {
      await Promise.resolve();
      auditChange('workers', 1, { name: 'a' }, { name: 'b' });
      auditDetail({ rows: 3 });
      expect(currentAuditScope()).toBe(scope);
    });
    expect(scope).toMatchObject({ targetType: 'workers', targetId: '1', before: { name: 'a' }, after: { name: 'b' }, detail: { rows: 3 } });
    runInAuditScope(scope, () => auditChange('workers', 2, null, { name: 'c' }));
    expect(scope.before).toEqual({ 'workers:1': { name: 'a' }, 'workers:2': null });
    expect(scope.after).toEqual({ 'workers:1': { name: 'b' }, 'workers:2': { name: 'c' } });
    // outside a request nothing is collected and nothing fails
    expect(() => auditChange('workers', 3, null, {})).not.toThrow();
  });
});
