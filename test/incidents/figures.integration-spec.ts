import { queryRows } from '@app/domain/database/sql';
import { CallbackOutcome, caseFigures, CaseFigureRow, maintenanceFigures, onTimeRate, satisfactionRate } from '@app/domain/incidents/case-figures.rules';
import { installDefaultCategories } from '@app/domain/incidents/incident.store';
import { CaseState } from '@app/domain/incidents/case.types';
import { queryCaseFigures } from '@app/reporting/incidents/case-figures.query';
import { queryMaintenanceFigures } from '@app/reporting/incidents/maintenance-figures.query';
import { incidentMetricFigures, maintenanceMetrics, serviceObjectSatisfactionMetric, serviceTimelinessMetric } from '@app/reporting/incidents/evaluation-metrics';
import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

/** mulberry32: the same cases on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row extends CaseFigureRow {
  id: number;
  streetId: number;
  departmentId: number | null;
  rootCategoryId: number;
  outcomes: CallbackOutcome[];
}

/**
 * The SQL figures (one query per family) against the pure definitions of case-figures.rules.ts on the same
 * 600 cases: every state, late and on-time answers and closings, reworks, call-backs of every outcome.
 */
describe('incident figures: SQL equals the pure definitions', () => {
  let t: TestApp;
  const rows: Row[] = [];
  const AT = new Date('2024-12-20T12:00:00+08:00');
  const FROM = new Date('2024-01-01T00:00:00+08:00');
  const TO = new Date('2025-01-01T00:00:00+08:00');

  beforeAll(async () => {
    t = await startTestApp();
    const g = given(t);
    const { district, street, grid } = await g.tree();
    const s2 = await g.street(district);
    const d1 = await g.department('区环保局');
    const d2 = await g.department('区城管局');
    await installDefaultCategories(t.db);
    const user = await g.user(['centre_staff']);
    const cats = await queryRows<{ id: number; parent_id: number }>(t.db, `SELECT id, parent_id FROM case_category WHERE parent_id IS NOT NULL ORDER BY code`);
    const r = rng(42);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
    const grids = [
      { grid: grid.id, street: street.id },
      { grid: s2.grid.id, street: s2.street.id },
    ];
    const H = 3600_000;
    for (let i = 0; i < 600; i++) {
      // a few cases fall outside the year on either side
      const reportedAt = new Date(FROM.getTime() - 5 * 24 * H + Math.floor(r() * 375 * 24) * H + Math.floor(r() * 3600_000));
      const responseDueAt = new Date(reportedAt.getTime() + 24 * H);
      const where = pick(grids);
      const cat = pick(cats);
      const roll = r();
      let state: CaseState = 'reported';
      let respondedAt: Date | null = null;
      let acceptedAt: Date | null = null;
      let handlingDueAt: Date | null = null;
      let closedAt: Date | null = null;
      let dept: number | null = null;
      if (roll < 0.1) state = 'reported';
      else if (roll < 0.15) {
        state = 'rejected';
        respondedAt = new Date(reportedAt.getTime() + r() * 48 * H);
      } else {
        respondedAt = new Date(reportedAt.getTime() + r() * 40 * H);
        const selfClosed = roll > 0.9;
        acceptedAt = selfClosed ? null : respondedAt;
        handlingDueAt = new Date((acceptedAt ?? reportedAt).getTime() + (2 + Math.floor(r() * 10)) * 24 * H);
        dept = selfClosed ? null : pick([d1.id, d2.id, null]);
        if (selfClosed) {
          state = 'closed';
          closedAt = respondedAt;
        } else {
          state = pick(['accepted', 'dispatched', 'handling', 'feedback', 'verifying', 'closed', 'closed', 'closed'] as const);
          if (state === 'closed') closedAt = new Date(handlingDueAt.getTime() + (r() - 0.7) * 8 * 24 * H);
        }
      }
      const reworkCount = state === 'closed' && r() < 0.2 ? 1 + Math.floor(r() * 2) : 0;
      const [row] = await queryRows<{ id: string }>(
        t.db,
        `INSERT INTO incident_case (kind, category_id, grid_id, street_id, description, reporter_user_id, reported_at, state, version, response_limit_wd, handling_limit_wd,
                                    assignee_kind, assignee_department_id, response_due_at, responded_at, accepted_at, handling_due_at, closed_at, rework_count)
         VALUES ('incident', $1, $2, $3, '测试', $4, $5, $6, 1, 1, 5, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [cat.id, where.grid, where.street, user.id, reportedAt, state, dept ? 'department' : null, dept, responseDueAt, respondedAt, acceptedAt, handlingDueAt, closedAt, reworkCount],
      );
      const outcomes: CallbackOutcome[] = [];
      if (closedAt) {
        const n = Math.floor(r() * 3);
        for (let k = 0; k < n; k++) outcomes.push(pick(['satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'not_reached'] as const));
        for (const o of outcomes) await t.db.query(`INSERT INTO case_callback (case_id, outcome, called_at) VALUES ($1, $2, $3)`, [row.id, o, new Date(closedAt.getTime() + 24 * H)]);
      }
      rows.push({ id: Number(row.id), streetId: where.street, departmentId: dept, rootCategoryId: cat.parent_id, outcomes, state, reportedAt, respondedAt, acceptedAt, closedAt, responseDueAt, handlingDueAt, reworkCount });
    }
    for (let i = 0; i < 12; i++) {
      const reportedAt = new Date(FROM.getTime() + Math.floor(r() * 360) * 24 * H);
      const respondedAt = r() < 0.9 ? new Date(reportedAt.getTime() + Math.floor(r() * 120) * 60_000) : null;
      const restoredAt = respondedAt && r() < 0.8 ? new Date(respondedAt.getTime() + Math.floor(r() * 300) * 60_000) : null;
      await t.db.query(`INSERT INTO maintenance_ticket (title, reported_at, responded_at, restored_at, downtime_minutes) VALUES ('故障', $1, $2, $3, $4)`, [reportedAt, respondedAt, restoredAt, Math.floor(r() * 200)]);
    }
  });
  afterAll(() => t.close());

  const inYear = () => rows.filter((c) => c.reportedAt >= FROM && c.reportedAt < TO);

  function expectSame(sql: Awaited<ReturnType<typeof queryCaseFigures>>[number], cases: Row[]) {
    const pure = caseFigures(cases, AT);
    expect(sql.reported).toBe(pure.reported);
    expect(sql.closed).toBe(pure.closed);
    expect(sql.closedOnTime).toBe(pure.closedOnTime);
    expect(sql.onTimeRate?.toString() ?? null).toBe(pure.onTimeRate?.toString() ?? null);
    expect(sql.overdue).toBe(pure.overdue);
    expect(sql.returned).toBe(pure.returned);
    for (const k of ['meanResponseMinutes', 'p95ResponseMinutes', 'meanHandlingMinutes', 'p95HandlingMinutes'] as const) {
      if (pure[k] === null) expect(sql[k]).toBeNull();
      else expect(sql[k]).toBeCloseTo(pure[k]!, 6);
    }
    const sat = satisfactionRate(cases.flatMap((c) => c.outcomes));
    expect({ ...sql.satisfaction, rate: sql.satisfaction.rate?.toString() ?? null }).toEqual({ ...sat, rate: sat.rate?.toString() ?? null });
  }

  it('in total, and the data covers every branch', async () => {
    const cases = inYear();
    const [total] = await queryCaseFigures(t.db, { from: FROM, to: TO, at: AT });
    expectSame(total, cases);
    const pure = caseFigures(cases, AT);
    expect(pure.closed).toBeGreaterThan(50);
    expect(pure.closedOnTime).toBeLessThan(pure.closed);
    expect(pure.overdue).toBeGreaterThan(10);
    expect(pure.returned).toBeGreaterThan(5);
  });

  it('by street, by top-level category and by department', async () => {
    const cases = inYear();
    const keys = { street: (c: Row) => c.streetId, category: (c: Row) => c.rootCategoryId, department: (c: Row) => c.departmentId } as const;
    for (const group of ['street', 'category', 'department'] as const) {
      const sql = await queryCaseFigures(t.db, { from: FROM, to: TO, at: AT }, group);
      const groups = new Set(cases.map(keys[group]));
      expect(sql.filter((r) => !r.total)).toHaveLength(groups.size);
      for (const row of sql) expectSame(row, row.total ? cases : cases.filter((c) => keys[group](c) === row.key));
      expect(sql[sql.length - 1].total).toBe(true);
    }
  });

  it('filtered by street, category and department', async () => {
    const c0 = inYear()[0];
    const sql = await queryCaseFigures(t.db, { from: FROM, to: TO, at: AT, streetId: c0.streetId, categoryId: c0.rootCategoryId });
    expectSame(sql[0], inYear().filter((c) => c.streetId === c0.streetId && c.rootCategoryId === c0.rootCategoryId));
    const withDept = inYear().find((c) => c.departmentId)!;
    const byDept = await queryCaseFigures(t.db, { from: FROM, to: TO, at: AT, departmentId: withDept.departmentId! });
    expectSame(byDept[0], inYear().filter((c) => c.departmentId === withDept.departmentId));
  });

  it('the evaluation figures: on time of those closed in the year, maintenance, surveys', async () => {
    const timely = await serviceTimelinessMetric(t.db, 2024);
    const pure = onTimeRate(rows.filter((c) => c.closedAt && c.closedAt >= FROM && c.closedAt < TO));
    expect([timely.numerator.toNumber(), timely.denominator.toNumber()]).toEqual([pure.closedOnTime, pure.closed]);
    expect(timely.rate!.toString()).toBe(pure.rate!.toString());

    const tickets = await queryRows<{ reported_at: Date; responded_at: Date | null; restored_at: Date | null; downtime_minutes: number }>(t.db, `SELECT * FROM maintenance_ticket`);
    const m = maintenanceFigures(tickets.map((x) => ({ reportedAt: x.reported_at, respondedAt: x.responded_at, restoredAt: x.restored_at, downtimeMinutes: x.downtime_minutes })), { start: FROM, end: TO });
    const sql = await queryMaintenanceFigures(t.db, { start: FROM, end: TO });
    expect({ ...sql, downtimeMinutes: sql.downtimeMinutes.toString(), failureRate: sql.failureRate!.toString(), maxResponseMinutes: null, p95ResponseMinutes: null, meanResponseMinutes: null }).toEqual({
      ...m,
      downtimeMinutes: m.downtimeMinutes.toString(),
      failureRate: m.failureRate!.toString(),
      maxResponseMinutes: null,
      p95ResponseMinutes: null,
      meanResponseMinutes: null,
    });
    expect(sql.maxResponseMinutes).toBeCloseTo(m.maxResponseMinutes!, 6);
    expect(sql.p95ResponseMinutes).toBeCloseTo(m.p95ResponseMinutes!, 6);
    expect(sql.meanResponseMinutes).toBeCloseTo(m.meanResponseMinutes!, 6);
    const metrics = await maintenanceMetrics(t.db, 2024);
    expect(metrics.failureRate.denominator.toNumber()).toBe(366 * 24 * 60);

    const objects = await serviceObjectSatisfactionMetric(t.db, 2024);
    expect(objects.rate).toBeNull();
    const figures = await incidentMetricFigures(t.db, 2024);
    expect(figures.map((x) => x.metric)).toEqual([
      'incidents.on_time_rate',
      'system.failure_rate',
      'system.maintenance_response_max_minutes',
      'system.maintenance_response_p95_minutes',
      'satisfaction.service_objects',
      'satisfaction.residents',
    ]);
    const onTime = figures[0];
    expect(onTime.numerator).toBe(String(pure.closedOnTime));
    expect(Number(onTime.value)).toBeCloseTo((pure.closedOnTime / pure.closed) * 100, 4);
    expect(figures[4]).toMatchObject({ value: null, note: '年内无服务对象满意度测评答卷，请先登记测评' });
  });
});
