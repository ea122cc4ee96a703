import type { RouteFixtures } from './types';

/**
 * Route-table fixtures of the platform routes (organisation tree, roster, jobs); see
 * test/security/route-table.integration-spec.ts and types.ts. Each route with a path parameter maps to a
 * factory that makes an object of street B and returns the request; street A's operator must get 404
 * (or 403) and change nothing.
 */

let seq = 0;
const code = (prefix: string) => `${prefix}${process.pid % 1000}${Date.now() % 100000}${++seq}`;

async function workerOfB(ctx: Parameters<RouteFixtures[string]>[0]) {
  return ctx.g.worker(ctx.b.grid.id, { name: `${ctx.marker}网格员${++seq}` });
}

async function emptyGridOfB(ctx: Parameters<RouteFixtures[string]>[0]): Promise<number> {
  const res = await ctx.t.http().post('/api/org-units').set('Authorization', ctx.admin.auth).send({ parentId: ctx.b.community.id, code: code('GB'), name: `${ctx.marker}空网格` }).expect(201);
  return res.body.id as number;
}

export const platformFixtures: RouteFixtures = {
  'GET /api/org-units/:id': async (ctx) => ({ params: { id: ctx.b.community.id } }),
  'PATCH /api/org-units/:id': async (ctx) => ({ params: { id: ctx.b.grid.id }, body: { name: '越权改名' } }),
  'DELETE /api/org-units/:id': async (ctx) => ({ params: { id: await emptyGridOfB(ctx) } }),

  'GET /api/workers/:id': async (ctx) => ({ params: { id: (await workerOfB(ctx)).id } }),
  'PATCH /api/workers/:id': async (ctx) => ({ params: { id: (await workerOfB(ctx)).id }, body: { name: '越权改名' } }),
  'POST /api/workers/:id/events': async (ctx) => ({ params: { id: (await workerOfB(ctx)).id }, body: { kind: 'suspend', date: '2024-06-01' } }),
  'POST /api/workers/:id/reveal-id-number': async (ctx) => ({ params: { id: (await workerOfB(ctx)).id } }),

  'GET /api/jobs/:queue/:id': async (ctx) => {
    const res = await ctx.t.http().post('/api/jobs/ping').set('Authorization', ctx.admin.auth).expect(202);
    return { params: { queue: res.body.queue, id: res.body.id }, shared: '后台任务不属于任何镇街（且只有持 jobs.run 权限的中心用户可查）', figuresOnly: '任务状态里没有镇街的数据' };
  },
};
