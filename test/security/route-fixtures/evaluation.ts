import { flattenIndicators, IndicatorTemplate } from '@app/domain/evaluation/indicator-template';
import type { FixtureContext, RouteFixtures } from './types';

/**
 * Route-table fixtures of the evaluation routes (see test/security/route-table.integration-spec.ts and
 * types.ts).
 *
 * Every route with a path parameter needs an entry here, or the route-table test fails and lists it. An
 * entry maps the route exactly as the test lists it ('GET /api/evaluations/:year') to a factory that
 * creates the object (for a street-scoped one: in street B, ctx.b) and returns the request: { params,
 * body?, query?, attach? }. The test then checks that street A's operator gets 404 (or 403) and that no
 * table changed, and repeats the request as the centre admin to prove the object exists and the body is
 * valid (control: 'streetB' or { none: 'why' } to change that).
 *
 * The self-evaluation is the centre's own (no street holds the evaluation permissions), so every route
 * answers 403 to street A's operator; the entries make real years, builds and valid bodies for the control.
 * (Entries written by the security work for the routes that were there; the owners may refine them.)
 */

const YEAR = 2024;

async function get(ctx: FixtureContext, path: string): Promise<Record<string, unknown>> {
  const res = await ctx.t.http().get(path).set('Authorization', ctx.admin.auth);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.text}`);
  return res.body as Record<string, unknown>;
}

async function build(ctx: FixtureContext): Promise<string> {
  const res = await ctx.t.http().post(`/api/evaluations/${YEAR}/builds`).set('Authorization', ctx.admin.auth).send({});
  if (res.status >= 300) throw new Error(`POST /api/evaluations/${YEAR}/builds: ${res.status} ${res.text}`);
  return String(res.body.build.id);
}

const year = async () => ({ params: { year: YEAR } });

export const evaluationFixtures: RouteFixtures = {
  'GET /api/evaluations/:year': year,
  'GET /api/evaluations/:year/builds': year,
  'GET /api/evaluations/:year/details': year,
  'GET /api/evaluations/:year/finance': year,
  'GET /api/evaluations/:year/finance/import-template': year,
  'GET /api/evaluations/:year/findings': year,
  'GET /api/evaluations/:year/judgements': year,
  'GET /api/evaluations/:year/template': year,
  'POST /api/evaluations/:year/builds': year,
  'POST /api/evaluations/:year/finalise': async () => ({ params: { year: 2023 } }),
  'POST /api/evaluations/:year/reopen': async () => ({ params: { year: 2023 } }),
  'PUT /api/evaluations/:year/details': async () => ({ params: { year: YEAR }, body: { goalsExpected: '越权修改' } }),
  'PUT /api/evaluations/:year/template': async (ctx) => ({ params: { year: YEAR }, body: { template: (await get(ctx, `/api/evaluations/${YEAR}/template`)).template } }),
  'PUT /api/evaluations/:year/finance': async (ctx) => ({ params: { year: YEAR }, body: { inputs: (await get(ctx, `/api/evaluations/${YEAR}/finance`)).inputs } }),
  'PUT /api/evaluations/:year/judgements/:key': async (ctx) => {
    const template = (await get(ctx, `/api/evaluations/${YEAR}/template`)).template as IndicatorTemplate;
    return { params: { year: YEAR, key: flattenIndicators(template)[0].indicator.key }, body: { deviationReason: '越权填写' } };
  },
  'POST /api/evaluations/:year/finance/import': async (ctx) => {
    const sheet = await ctx.t.http().get(`/api/evaluations/${YEAR}/finance/import-template`).set('Authorization', ctx.admin.auth).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    return { params: { year: YEAR }, attach: { field: 'file', file: sheet.body as Buffer, name: 'finance.xlsx' } };
  },
  'GET /api/evaluations/builds/:id': async (ctx) => ({ params: { id: await build(ctx) } }),
  'GET /api/evaluations/builds/:id/workbook': async (ctx) => ({ params: { id: await build(ctx) } }),
};
