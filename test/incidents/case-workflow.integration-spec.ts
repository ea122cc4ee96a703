import { CASE_TRANSITIONS, CaseTransitionRule } from '@app/domain/incidents/case-workflow.rules';
import { CASE_ROLES, CaseRole } from '@app/domain/incidents/case.types';
import { queryRows } from '@app/domain/database/sql';
import { startTestApp, TestApp } from '../support/test-app';
import { incidentFixture, IncidentFixture } from './incident-fixture';

/**
 * Every action of CASE_TRANSITIONS through the API, generated from the table so that none is forgotten:
 * each role that owns it succeeds, every other role is refused (403, or 404 when the case is out of its
 * sight), and it is refused from a state it does not leave from (409).
 */
describe('case transitions through the API', () => {
  let t: TestApp;
  let f: IncidentFixture;
  beforeAll(async () => {
    t = await startTestApp();
    f = await incidentFixture(t);
    f.setNow('2024-10-09T10:00:00+08:00');
  });
  afterAll(() => t.close());

  const userOf = (role: CaseRole) =>
    ({
      centre_admin: f.users.admin,
      centre_staff: f.users.staff,
      leader: f.users.leader,
      department_handler: f.users.handler,
      street_operator: f.users.streetOp,
      grid_worker: f.users.worker,
    })[role];

  function inputFor(r: CaseTransitionRule): Record<string, unknown> {
    const input: Record<string, unknown> = { remark: `${r.remarkLabel}：测试` };
    if (r.action === 'dispatch') input.assignee = { kind: 'department', id: f.dept.id };
    if (r.action === 'redispatch') input.assignee = { kind: 'department', id: f.dept2.id };
    if (r.extraDays === 'required') input.extraWorkingDays = 3;
    return input;
  }

  /** A case where the rule applies: its first from-state, dispatched to the role's unit, with a pending extension if needed. */
  async function caseFor(r: CaseTransitionRule, role: CaseRole) {
    const category = r.kinds.includes('incident') ? f.noise : f.selfService;
    const assignee = role === 'street_operator' ? 'street' : 'department';
    const c = await f.caseIn(r.from[0], { assignee, category });
    if (r.extension === 'pending') {
      const owner = assignee === 'street' ? f.users.streetOp : f.users.handler;
      await f.must(owner, c.id, 'request_extension', { extraWorkingDays: 3, remark: '需协调多部门' });
    }
    return c;
  }

  /** Whether the role sees the case at all (else 404, so that its existence does not leak). */
  function sees(role: CaseRole, r: CaseTransitionRule): boolean {
    if (role !== 'department_handler') return true;
    return ['dispatched', 'handling', 'feedback', 'verifying', 'closed'].includes(r.from[0]);
  }

  for (const r of CASE_TRANSITIONS) {
    describe(`${r.action}`, () => {
      for (const role of CASE_ROLES) {
        const owns = r.roles.includes(role);
        it(`${owns ? 'allowed' : 'refused'} for ${role}`, async () => {
          const c = await caseFor(r, role);
          const res = await f.act(userOf(role), c.id, r.action, inputFor(r));
          if (owns) {
            expect(res.status).toBe(200);
            if (r.to !== 'same') expect(res.body.state).toBe(r.to);
            const last = res.body.timeline[res.body.timeline.length - 1];
            expect(last).toMatchObject({ action: r.action, actor: { role } });
          } else {
            const expected = sees(role, r) ? 403 : 404;
            expect(res.status).toBe(expected);
            if (expected === 403) expect(res.body.message).toMatch(/无权执行|只有上报人本人|未派遣给您/);
          }
        });
      }

      it('refused from a state it does not leave from (409), nothing written', async () => {
        // a state the case reaches with its assignee kept, so that every owner still sees it
        const wrong = (['verifying', 'feedback', 'closed'] as const).find((s) => !r.from.includes(s))!;
        const c = await f.caseIn(wrong, { category: r.kinds.includes('incident') ? f.noise : f.selfService });
        const before = await queryRows(t.db, `SELECT count(*)::int AS n FROM case_history WHERE case_id = $1`, [c.id]);
        const res = await f.act(userOf(r.roles[0]), c.id, r.action, inputFor(r));
        expect(res.status).toBe(409);
        expect(res.body.message).toMatch(/^案件当前状态为「.+」，不能执行「.+」$/);
        const after = await queryRows(t.db, `SELECT count(*)::int AS n FROM case_history WHERE case_id = $1`, [c.id]);
        expect(after).toEqual(before);
      });
    });
  }

  it('a street operator does not handle a case of their street dispatched to a department (403), nor one of another street (404)', async () => {
    const c = await f.caseIn('dispatched', { assignee: 'department' });
    const res = await f.act(f.users.streetOp, c.id, 'start_handling');
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('该案件未派遣给您所在的单位，不能执行「签收」');
    expect((await f.act(f.users.otherStreetOp, c.id, 'start_handling')).status).toBe(404);
    expect((await f.act(f.users.handler2, c.id, 'start_handling')).status).toBe(404);
  });

  it('a remark that the action requires is asked for by name', async () => {
    const c = await f.caseIn('reported');
    const res = await f.act(f.users.staff, c.id, 'reject', {});
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('不予受理原因：不能为空');
  });

  it('a stale version is a 409 and writes nothing', async () => {
    const c = await f.caseIn('reported');
    const res = await t.http().post(`/api/cases/${c.id}/actions`).set('Authorization', f.users.staff.auth).send({ action: 'accept', expectedVersion: c.version + 5 });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('案件已被他人处理，请刷新后重试');
  });

  it('two people acting at once: one wins, the other gets 409, the history has one entry', async () => {
    const c = await f.caseIn('reported');
    const send = (auth: string) => t.http().post(`/api/cases/${c.id}/actions`).set('Authorization', auth).send({ action: 'accept', expectedVersion: c.version, remark: '受理' });
    const results = await Promise.all([send(f.users.staff.auth), send(f.users.admin.auth)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.message).toBe('案件已被他人处理，请刷新后重试');
    const rows = await queryRows<{ n: number }>(t.db, `SELECT count(*)::int AS n FROM case_history WHERE case_id = $1 AND action = 'accept'`, [c.id]);
    expect(rows[0].n).toBe(1);
    const now = await t.http().get(`/api/cases/${c.id}`).set('Authorization', f.users.staff.auth).expect(200);
    expect(now.body).toMatchObject({ state: 'accepted', version: c.version + 1 });
    expect(now.body.timeline).toHaveLength(2);
  });

  it('two different actions at once (dispatch and a refusal): exactly one is applied', async () => {
    const c = await f.caseIn('accepted');
    const [a, b] = await Promise.all([
      t.http().post(`/api/cases/${c.id}/actions`).set('Authorization', f.users.staff.auth).send({ action: 'dispatch', expectedVersion: c.version, assignee: { kind: 'department', id: f.dept.id } }),
      t.http().post(`/api/cases/${c.id}/actions`).set('Authorization', f.users.admin.auth).send({ action: 'dispatch', expectedVersion: c.version, assignee: { kind: 'street', id: f.street.id } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const rows = await queryRows<{ n: number }>(t.db, `SELECT count(*)::int AS n FROM case_history WHERE case_id = $1 AND action = 'dispatch'`, [c.id]);
    expect(rows[0].n).toBe(1);
  });
});
