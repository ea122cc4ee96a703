import type { RouteFixtures } from './types';

/**
 * Route-table fixtures of the incidents routes (see test/security/route-table.integration-spec.ts).
 *
 * Every route with a path parameter needs an entry here, or the route-table test fails and lists it. An
 * entry maps the route exactly as the test lists it ('GET /api/incidents/:id') to a factory that creates an
 * object of street B (ctx.b: street, community, grid, worker, operator and grid-worker sessions) and
 * returns the request: { params, body?, query?, attach? }. The test then checks that street A's operator
 * gets 404 (or 403) and that no table changed, and repeats the request as the centre admin to prove the
 * object exists and the body is valid (control: 'streetB' or { none: 'why' } to change that). An object
 * that is not one street's (a year, a district-wide session) is marked shared: 'why'; A may then read it,
 * but the answer must not contain street B's marker (ctx.marker).
 *
 * Example:
 *   'GET /api/things/:id': async (ctx) => {
 *     const res = await ctx.t.http().post('/api/things').set('Authorization', ctx.admin.auth).send({ streetId: ctx.b.street.id }).expect(201);
 *     return { params: { id: res.body.id } };
 *   },
 */
export const incidentsFixtures: RouteFixtures = {};
