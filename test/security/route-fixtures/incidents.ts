import { bundledCalendarCsv, bundledCalendarYears } from '@app/domain/working-days/working-day.bundled';
import type { FixtureContext, RouteFixtures } from './types';

/**
 * Route-table fixtures of the incidents routes: cases, categories, surveys, the working calendar and
 * system maintenance (see test/security/route-table.integration-spec.ts and types.ts).
 *
 * Every route with a path parameter needs an entry here, or the route-table test fails and lists it. An
 * entry maps the route exactly as the test lists it ('GET /api/cases/:id') to a factory that creates an
 * object of street B (ctx.b: street, community, grid, worker, operator and grid-worker sessions) and
 * returns the request: { params, body?, query?, attach? }. The test then checks that street A's operator
 * gets 404 (or 403) and that no table changed, and repeats the request as the centre admin to prove the
 * object exists and the body is valid (control: 'streetB' or { none: 'why' } to change that). An object
 * that is not one street's (a category, a calendar year) is marked shared: 'why'; A may then read it, but
 * the answer must not contain street B's marker (ctx.marker).
 *
 * (Entries written by the security work for the routes that were there; the owners may refine them.)
 */

let seq = 0;

/** Working days need the holiday calendars: the shipped ones, imported once per test app. */
const withCalendars = new WeakSet<object>();
async function calendars(ctx: FixtureContext): Promise<void> {
  if (withCalendars.has(ctx.t)) return;
  for (const year of bundledCalendarYears()) {
    const res = await ctx.t.http().post(`/api/working-calendar/${year}`).set('Authorization', ctx.admin.auth).attach('file', Buffer.from(bundledCalendarCsv(year)), `${year}.csv`);
    if (res.status !== 201) throw new Error(`POST /api/working-calendar/${year}: ${res.status} ${res.text}`);
  }
  withCalendars.add(ctx.t);
}

async function call(ctx: FixtureContext, auth: string, method: 'get' | 'post' | 'patch', path: string, body?: object): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const req = ctx.t.http()[method](path).set('Authorization', auth);
  const res = body === undefined ? await req : await req.send(body);
  if (res.status >= 300) throw new Error(`${method.toUpperCase()} ${path}: ${res.status} ${res.text}`);
  return res as unknown as { status: number; body: Record<string, unknown>; text: string };
}

/** A leaf category of its own (a top-level one without children). */
async function category(ctx: FixtureContext): Promise<number> {
  const code = `Z${process.pid % 1000}${++seq}`.slice(0, 16);
  const res = await call(ctx, ctx.admin.auth, 'post', '/api/case-categories', { code, name: `安全测试类别${seq}`, kind: 'incident', responseLimitWorkingDays: 1, handlingLimitWorkingDays: 5 });
  return res.body.id as number;
}

/** A case reported by street B's grid worker in their own grid. */
async function caseOfB(ctx: FixtureContext): Promise<number> {
  await calendars(ctx);
  const res = await call(ctx, ctx.b.gridWorker.auth, 'post', '/api/cases', { categoryId: await category(ctx), description: `${ctx.marker}路灯损坏`, address: `${ctx.marker}路1号` });
  return res.body.id as number;
}

/** A case of street B, accepted and dispatched to street B (version 3). */
async function dispatchedToB(ctx: FixtureContext): Promise<number> {
  const id = await caseOfB(ctx);
  await call(ctx, ctx.staff.auth, 'post', `/api/cases/${id}/actions`, { action: 'accept', expectedVersion: 1 });
  await call(ctx, ctx.staff.auth, 'post', `/api/cases/${id}/actions`, { action: 'dispatch', expectedVersion: 2, assignee: { kind: 'street', id: ctx.b.street.id } });
  return id;
}

async function ticket(ctx: FixtureContext): Promise<number> {
  return (await call(ctx, ctx.admin.auth, 'post', '/api/maintenance-tickets', { title: '系统无法登录', reportedAt: '2024-05-01T09:00:00+08:00' })).body.id as number;
}

export const incidentsFixtures: RouteFixtures = {
  'GET /api/cases/:id': async (ctx) => ({ params: { id: await caseOfB(ctx) } }),
  'POST /api/cases/:id/actions': async (ctx) => ({ params: { id: await caseOfB(ctx) }, body: { action: 'accept', expectedVersion: 1 } }),
  'POST /api/cases/:id/extension-requests': async (ctx) => ({
    params: { id: await dispatchedToB(ctx) },
    body: { expectedVersion: 3, extraWorkingDays: 2, reason: '越权申请延期' },
    control: 'streetB',
  }),
  'POST /api/cases/:id/extension-requests/decision': async (ctx) => {
    const id = await dispatchedToB(ctx);
    await call(ctx, ctx.b.operator.auth, 'post', `/api/cases/${id}/extension-requests`, { expectedVersion: 3, extraWorkingDays: 2, reason: '需协调' });
    const { body } = await call(ctx, ctx.admin.auth, 'get', `/api/cases/${id}`);
    return { params: { id }, body: { expectedVersion: body.version as number, approve: true } };
  },
  'POST /api/cases/:id/callbacks': async (ctx) => ({ params: { id: await caseOfB(ctx) }, body: { outcome: 'satisfied' } }),

  'GET /api/case-categories/:id': async (ctx) => ({ params: { id: await category(ctx) }, shared: '事件类别是全区的目录', figuresOnly: '类别不含镇街数据' }),
  'PATCH /api/case-categories/:id': async (ctx) => ({ params: { id: await category(ctx) }, body: { name: '改名' } }),
  'DELETE /api/case-categories/:id': async (ctx) => ({ params: { id: await category(ctx) } }),

  'GET /api/satisfaction-surveys/:id': async (ctx) => {
    const res = await call(ctx, ctx.admin.auth, 'post', '/api/satisfaction-surveys', {
      title: '服务对象满意度测评',
      surveyDate: '2024-06-30',
      answers: [
        { respondentKind: 'street', respondentId: ctx.b.street.id, outcome: 'satisfied' },
        { respondentKind: 'street', respondentId: ctx.a.street.id, outcome: 'basically_satisfied' },
      ],
    });
    return { params: { id: res.body.id as number } };
  },

  'GET /api/working-calendar/:year': async (ctx) => {
    await calendars(ctx);
    return { params: { year: 2024 }, shared: '工作日历是全区的', figuresOnly: '日历不含镇街数据' };
  },
  'GET /api/working-calendar/:year/csv': async (ctx) => {
    await calendars(ctx);
    return { params: { year: 2024 }, shared: '工作日历是全区的', figuresOnly: '日历不含镇街数据' };
  },
  'POST /api/working-calendar/:year': async () => ({ params: { year: 2025 }, attach: { field: 'file', file: Buffer.from(bundledCalendarCsv(2025)), name: '2025.csv' } }),

  'GET /api/maintenance-tickets/:id': async (ctx) => ({ params: { id: await ticket(ctx) } }),
  'PATCH /api/maintenance-tickets/:id': async (ctx) => ({ params: { id: await ticket(ctx) }, body: { title: '改名' } }),
  'DELETE /api/maintenance-tickets/:id': async (ctx) => ({ params: { id: await ticket(ctx) } }),
};
