import { bundledCalendarCsv } from '@app/domain/working-days/working-day.bundled';
import { CaseAction } from '@app/domain/incidents/case-workflow.rules';
import { CaseState } from '@app/domain/incidents/case.types';
import { CaseClock } from '../../apps/api/src/incidents/case-clock';
import { given } from '../support/given';
import type { TestApp } from '../support/test-app';

type User = Awaited<ReturnType<ReturnType<typeof given>['user']>>;

/**
 * A small district for the incident tests: two streets, two departments, the shipped calendars imported
 * through the API, the default categories, and one user per role (plus out-of-scope ones).
 */
export async function incidentFixture(t: TestApp) {
  const g = given(t);
  const { district, street, grid } = await g.tree({ street: '龙泉街道' });
  const other = await g.street(district, '建设街道');
  const dept = await g.department('区环保局');
  const dept2 = await g.department('区城管局');
  const worker = await g.worker(grid.id, { name: '李网格' });
  const otherWorker = await g.worker(grid.id, { name: '王网格' });
  const users = {
    admin: await g.user(['centre_admin']),
    staff: await g.user(['centre_staff']),
    leader: await g.user(['leader']),
    handler: await g.user(['department_handler'], { departmentId: dept.id }),
    handler2: await g.user(['department_handler'], { departmentId: dept2.id }),
    streetOp: await g.user(['street_operator'], { streetId: street.id }),
    otherStreetOp: await g.user(['street_operator'], { streetId: other.street.id }),
    worker: await g.user(['grid_worker'], { workerId: worker.id }),
    otherWorker: await g.user(['grid_worker'], { workerId: otherWorker.id }),
  };
  for (const year of [2024, 2025, 2026]) {
    await t.http().post(`/api/working-calendar/${year}`).set('Authorization', users.admin.auth).attach('file', Buffer.from(bundledCalendarCsv(year)), `${year}.csv`).expect(201);
  }
  await t.http().post('/api/case-categories/defaults').set('Authorization', users.admin.auth).expect(201);
  const tree = (await t.http().get('/api/case-categories').set('Authorization', users.staff.auth).expect(200)).body as Array<{ code: string; id: number; children: Array<{ code: string; id: number }> }>;
  const byCode = new Map(tree.flatMap((n) => [n, ...n.children]).map((n) => [n.code, n.id]));
  const clock = t.app.get(CaseClock);
  const http = t.http;

  const fixture = {
    street,
    other,
    grid,
    dept,
    dept2,
    worker,
    users,
    /** 噪声扰民: incident, accept within 1, close within 5 working days, dispatched to 区环保局 */
    noise: byCode.get('E0203')!,
    /** 社保医保业务代办: a service item the grid worker may close directly */
    selfService: byCode.get('S0101')!,
    /** 低保及特困申请协助: a service item that goes through the centre */
    service: byCode.get('S0501')!,
    byCode,
    clock,
    setNow(iso: string) {
      jest.spyOn(clock, 'now').mockReturnValue(new Date(iso));
    },
    async report(by: User = users.worker, body: Record<string, unknown> = {}) {
      const res = await http().post('/api/cases').set('Authorization', by.auth).send({ categoryId: fixture.noise, description: '夜间施工噪声扰民', address: '建设南路12号', ...body });
      if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: number; version: number; state: CaseState };
    },
    async act(by: User, id: number, action: CaseAction, extra: Record<string, unknown> = {}) {
      const c = await http().get(`/api/cases/${id}`).set('Authorization', users.admin.auth).expect(200);
      return http().post(`/api/cases/${id}/actions`).set('Authorization', by.auth).send({ action, expectedVersion: c.body.version, ...extra });
    },
    async must(by: User, id: number, action: CaseAction, extra: Record<string, unknown> = {}) {
      const res = await fixture.act(by, id, action, { remark: '已办理', ...extra });
      if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    /**
     * A case brought to `state` through the API. `assignee` decides where it is dispatched (a department,
     * or the case's street); `category` defaults to the noise incident.
     */
    async caseIn(state: CaseState, opts: { assignee?: 'department' | 'street'; category?: number } = {}) {
      const c = await fixture.report(users.worker, { categoryId: opts.category ?? fixture.noise });
      const target = opts.assignee === 'street' ? { kind: 'street', id: street.id } : { kind: 'department', id: dept.id };
      const owner = opts.assignee === 'street' ? users.streetOp : users.handler;
      const path: Array<[User, CaseAction, Record<string, unknown>?]> = [];
      if (state === 'rejected') path.push([users.staff, 'reject']);
      if (state === 'closed' && opts.category === fixture.selfService) path.push([users.worker, 'self_close']);
      else {
        const order: CaseState[] = ['accepted', 'dispatched', 'handling', 'feedback', 'verifying', 'closed'];
        const steps: Record<string, [User, CaseAction, Record<string, unknown>?]> = {
          accepted: [users.staff, 'accept'],
          dispatched: [users.staff, 'dispatch', { assignee: target }],
          handling: [owner, 'start_handling'],
          feedback: [owner, 'feedback'],
          verifying: [users.staff, 'start_verification'],
          closed: [users.staff, 'close'],
        };
        const upTo = order.indexOf(state);
        for (let i = 0; i <= upTo; i++) path.push(steps[order[i]]);
      }
      let body: { id: number; version: number; state: CaseState } = c;
      for (const [by, action, extra] of path) body = await fixture.must(by, c.id, action, extra);
      return body;
    },
  };
  return fixture;
}

export type IncidentFixture = Awaited<ReturnType<typeof incidentFixture>>;
