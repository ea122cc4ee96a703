import type { FixtureContext, RouteFixtures } from './types';

/**
 * Route-table fixtures of the trainings routes (see test/security/route-table.integration-spec.ts and
 * types.ts).
 *
 * Every route with a path parameter needs an entry here, or the route-table test fails and lists it. An
 * entry maps the route exactly as the test lists it ('GET /api/trainings/sessions/:id') to a factory that
 * creates an object of street B (ctx.b: street, community, grid, worker, operator and grid-worker sessions)
 * and returns the request: { params, body?, query?, attach? }. The test then checks that street A's
 * operator gets 404 (or 403) and that no table changed, and repeats the request as the centre admin to
 * prove the object exists and the body is valid (control: 'streetB' or { none: 'why' } to change that). An
 * object that is not one street's (a plan, a district-wide session) is marked shared: 'why'; A may then
 * read it, but the answer (workbooks included) must not contain street B's marker (ctx.marker).
 *
 * (Entries written by the security work for the routes that were there; the owners may refine them.)
 */

let seq = 0;

const SESSION_SHARED = '面向全体网格员的培训全区可见；出勤名单和统计只能有甲街道的网格员';

async function call(ctx: FixtureContext, method: 'post' | 'put', path: string, body: object): Promise<{ id: number }> {
  const res = await ctx.t.http()[method](path).set('Authorization', ctx.staff.auth).send(body);
  if (res.status >= 300) throw new Error(`${method.toUpperCase()} ${path}: ${res.status} ${res.text}`);
  return res.body as { id: number };
}

/** A past session for every worker, still planned. */
async function plannedSession(ctx: FixtureContext): Promise<number> {
  const day = String(1 + (++seq % 27)).padStart(2, '0');
  const session = await call(ctx, 'post', '/api/trainings/sessions', {
    title: `安全测试培训${seq}`,
    organiser: '区信访局',
    mode: 'offline',
    place: '中心三楼会议室',
    startsAt: `2024-03-${day}T09:00:00+08:00`,
    endsAt: `2024-03-${day}T11:00:00+08:00`,
    hours: '2',
    audience: { kind: 'all' },
    countsAsGeneralTraining: true,
  });
  return session.id;
}

/** A held session whose expected list includes a street-B worker (marked present). */
async function heldSessionWithB(ctx: FixtureContext): Promise<{ id: number; workerId: number }> {
  const worker = await ctx.g.worker(ctx.b.grid.id, { name: `${ctx.marker}学员${++seq}`, hired: '2020-01-01' });
  const id = await plannedSession(ctx);
  await call(ctx, 'post', `/api/trainings/sessions/${id}/hold`, {});
  await call(ctx, 'put', `/api/trainings/sessions/${id}/attendance/${worker.id}`, { status: 'present' });
  return { id, workerId: worker.id };
}

/** A held session for street B only (its audience label names street B): street A's operator does not see it. */
async function heldSessionForB(ctx: FixtureContext): Promise<number> {
  await ctx.g.worker(ctx.b.grid.id, { name: `${ctx.marker}学员${++seq}`, hired: '2020-01-01' });
  const day = String(1 + (++seq % 27)).padStart(2, '0');
  const session = await call(ctx, 'post', '/api/trainings/sessions', {
    title: `乙街道专场培训${seq}`,
    organiser: '区信访局',
    mode: 'offline',
    place: '乙街道会议室',
    startsAt: `2024-05-${day}T09:00:00+08:00`,
    endsAt: `2024-05-${day}T11:00:00+08:00`,
    hours: '2',
    audience: { kind: 'streets', streetIds: [ctx.b.street.id] },
    countsAsGeneralTraining: true,
  });
  await call(ctx, 'post', `/api/trainings/sessions/${session.id}/hold`, {});
  return session.id;
}

async function plan(ctx: FixtureContext): Promise<number> {
  const year = 2040 + ++seq;
  return (await call(ctx, 'post', '/api/trainings/plans', { year, targetSessions: 2, targetAttendanceRate: '0.95', items: [{ title: '信访工作', month: 4, organiser: '区信访局' }] })).id;
}

const UPLOAD = { field: 'file', file: Buffer.from('not a workbook'), name: 'sheet.xlsx' };
const NO_CONTROL = { none: '上传须是真实的签到表；甲街道专干在读取文件之前就被拒绝（无培训写权限），培训场次由同一工厂建立' };

export const trainingsFixtures: RouteFixtures = {
  'GET /api/trainings/plans/:id': async (ctx) => {
    await heldSessionWithB(ctx);
    return { params: { id: await plan(ctx) }, shared: '年度培训计划是全区的；其出勤统计只算甲街道', figuresOnly: '计划只有场次和出勤率等数字，没有姓名' };
  },
  'PUT /api/trainings/plans/:id': async (ctx) => ({ params: { id: await plan(ctx) }, body: { targetSessions: 3, targetAttendanceRate: '0.9', items: [] } }),
  'DELETE /api/trainings/plans/:id': async (ctx) => ({ params: { id: await plan(ctx) } }),

  // a session for street B only: street A's operator does not see it at all (a district-wide one is shared, see the attendance route)
  'GET /api/trainings/sessions/:id': async (ctx) => ({ params: { id: await heldSessionForB(ctx) } }),
  'GET /api/trainings/sessions/:id/attendance': async (ctx) => ({ params: { id: (await heldSessionWithB(ctx)).id }, shared: SESSION_SHARED }),
  'PUT /api/trainings/sessions/:id': async (ctx) => ({
    params: { id: await plannedSession(ctx) },
    body: { title: '改名', organiser: '区信访局', mode: 'offline', place: '中心会议室', startsAt: '2024-03-05T09:00:00+08:00', endsAt: '2024-03-05T10:00:00+08:00', hours: '1', audience: { kind: 'all' }, countsAsGeneralTraining: false },
  }),
  'DELETE /api/trainings/sessions/:id': async (ctx) => ({ params: { id: await plannedSession(ctx) } }),
  'POST /api/trainings/sessions/:id/hold': async (ctx) => ({ params: { id: await plannedSession(ctx) } }),
  'POST /api/trainings/sessions/:id/cancel': async (ctx) => ({ params: { id: await plannedSession(ctx) }, body: { reason: '改期' } }),
  'PUT /api/trainings/sessions/:id/attendance': async (ctx) => {
    const s = await heldSessionWithB(ctx);
    return { params: { id: s.id }, body: { entries: [{ workerId: s.workerId, status: 'absent' }] } };
  },
  'PUT /api/trainings/sessions/:id/attendance/:workerId': async (ctx) => {
    const s = await heldSessionWithB(ctx);
    return { params: { id: s.id, workerId: s.workerId }, body: { status: 'late' } };
  },
  'POST /api/trainings/sessions/:id/sign-in-sheet/preview': async (ctx) => ({ params: { id: (await heldSessionWithB(ctx)).id }, attach: UPLOAD, control: NO_CONTROL }),
  'POST /api/trainings/sessions/:id/sign-in-sheet/commit': async (ctx) => ({ params: { id: (await heldSessionWithB(ctx)).id }, attach: UPLOAD, control: NO_CONTROL }),
  'POST /api/trainings/sessions/:id/online-attendance/preview': async (ctx) => ({ params: { id: (await heldSessionWithB(ctx)).id }, attach: UPLOAD, control: NO_CONTROL }),
  'POST /api/trainings/sessions/:id/online-attendance/commit': async (ctx) => ({ params: { id: (await heldSessionWithB(ctx)).id }, attach: UPLOAD, control: NO_CONTROL }),
};
