import type { RouteFixtures } from './types';

/**
 * Route-table fixtures of the users administration routes (see test/security/route-table.integration-spec.ts
 * and types.ts). Users routes are for centre admins only, so street A's operator gets 403; the fixture is a
 * user bound to street B, and the admin's control request proves it exists.
 */

const userOfB = async (ctx: Parameters<RouteFixtures[string]>[0]) => (await ctx.user(['street_operator'], { streetId: ctx.b.street.id })).id;

export const usersFixtures: RouteFixtures = {
  'GET /api/users/:id': async (ctx) => ({ params: { id: await userOfB(ctx) } }),
  'PATCH /api/users/:id': async (ctx) => ({ params: { id: await userOfB(ctx) }, body: { displayName: '越权改名' } }),
  'PUT /api/users/:id/roles': async (ctx) => ({ params: { id: await userOfB(ctx) }, body: { roles: ['street_operator'], streetId: ctx.a.street.id } }),
  'POST /api/users/:id/disable': async (ctx) => ({ params: { id: await userOfB(ctx) } }),
  'POST /api/users/:id/enable': async (ctx) => ({ params: { id: await userOfB(ctx) } }),
  'POST /api/users/:id/unlock': async (ctx) => ({ params: { id: await userOfB(ctx) } }),
  'POST /api/users/:id/reset-password': async (ctx) => ({ params: { id: await userOfB(ctx) }, body: {} }),
};
