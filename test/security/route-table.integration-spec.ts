import ExcelJS from 'exceljs';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { Permission, permissionsOf, Role, ROLES } from '@app/domain';
import { queryRows } from '@app/domain/database/sql';
import { MAX_PAGE_SIZE } from '../../apps/api/src/common/pagination.dto';
import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { routeFixtures } from './route-fixtures';
import type { FixtureContext, FixtureRequest, Session, StreetFixture } from './route-fixtures';
import { ANY_SIGNED_IN, expressRoutes, fillPath, Route, routeTable } from './route-table';

/**
 * Generated from the application's own route table, so that a new route cannot be forgotten:
 *  (a) every route declares who may call it (deny by default), and only the known few are public;
 *  (b) each role gets 403 on every route whose permission it lacks, and nothing is written;
 *  (c) every route with a path parameter has a fixture, and a street-A operator asking for a street-B
 *      object gets 404 (or 403) and no table changes;
 *  plus the hardening every route shares: paged lists are bounded, uploads are limited, answers are not
 *  cached.
 */

/** The only routes anyone may call without signing in. Adding one is a security decision: say so here. */
const PUBLIC_ROUTES = ['GET /api/health', 'GET /api/health/ready', 'POST /api/auth/sign-in'];

/** Tables a request may change without changing data: the trail itself and the session clocks. */
const UNTRACKED_TABLES = ['audit_log', 'user_session', 'schema_migration'];

/** Uploads must be refused beyond this size (the roster import allows 10 MB). */
const UPLOAD_PROBE_BYTES = 21 * 1024 * 1024;

async function fingerprint(t: TestApp): Promise<Map<string, string>> {
  const tables = await queryRows<{ name: string }>(
    t.db,
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($1)) ORDER BY table_name`,
    [UNTRACKED_TABLES],
  );
  const sql = tables.map((x) => `SELECT '${x.name}' AS name, md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS h FROM "${x.name}" r`).join(' UNION ALL ');
  const rows = await queryRows<{ name: string; h: string }>(t.db, sql);
  return new Map(rows.map((r) => [r.name, r.h]));
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
}

/** An answer with its text: JSON or plain as sent, a workbook as the text of its cells. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  body: { message?: string } | undefined;
}

function collect(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

async function answerOf(res: Response): Promise<Answer> {
  const buffer = Buffer.isBuffer(res.body) ? res.body : Buffer.alloc(0);
  const type = String(res.headers['content-type'] ?? '');
  let text = buffer.toString('utf8');
  if (type.includes('spreadsheetml')) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => cells.push(cell.text))));
    text = `[xlsx] ${cells.join('|')}`;
  }
  let body: Answer['body'];
  if (type.includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  return { status: res.status, headers: res.headers as Record<string, string>, text, body };
}

function brief(res: Answer): string {
  return `${res.status} ${res.text.slice(0, 160)}`;
}

describe('route table', () => {
  let t: TestApp;
  let routes: Route[];
  let ctx: FixtureContext;

  async function send(route: Route, path: string, auth: string | null, req?: FixtureRequest, requestId = randomUUID()): Promise<Answer> {
    const agent = t.http();
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    let r = agent[method](path).set('X-Request-Id', requestId).buffer(true).parse(collect);
    if (auth) r = r.set('Authorization', auth);
    if (req?.query) r = r.query(req.query);
    if (req?.attach) r = r.attach(req.attach.field, req.attach.file, req.attach.name);
    else if (route.method !== 'GET') r = r.send((req?.body as object | undefined) ?? {});
    return answerOf(await r);
  }

  /** Path parameters for a request that never reaches a handler. */
  const anyParams = (route: Route) => Object.fromEntries(route.params.map((p) => [p, '1']));

  beforeAll(async () => {
    t = await startTestApp();
    routes = routeTable(t.app);
    const g = given(t);
    const marker = `乙${randomBytes(3).toString('hex')}`;
    const district = await g.tree({ street: `甲街道${randomBytes(2).toString('hex')}` });
    const user = async (roles: Role[], bind: { streetId?: number; departmentId?: number; workerId?: number } = {}): Promise<Session> => {
      const u = await g.user(roles, bind);
      return { id: u.id, auth: u.auth };
    };
    const streetFixture = async (s: { street: { id: number; code: string }; community: { id: number; code: string }; grid: { id: number; code: string } }, name: string): Promise<StreetFixture> => {
      const worker = await g.worker(s.grid.id, { name });
      return {
        ...s,
        worker,
        operator: await user(['street_operator'], { streetId: s.street.id }),
        gridWorker: await user(['grid_worker'], { workerId: worker.id }),
      };
    };
    const a = await streetFixture(district, '甲网格员');
    const b = await streetFixture(await g.street(district.district, marker), `${marker}网格员`);
    const department = await g.department();
    ctx = {
      t,
      g,
      district: district.district,
      a,
      b,
      marker,
      department,
      handler: await user(['department_handler'], { departmentId: department.id }),
      admin: await user(['centre_admin']),
      staff: await user(['centre_staff']),
      leader: await user(['leader']),
      user,
    };
  });
  afterAll(() => t?.close());

  it('(a) reads the same routes from the controllers as Express serves', () => {
    expect(routes.length).toBeGreaterThan(20);
    const express = expressRoutes(t.app);
    expect(routes.map((r) => r.key).filter((k) => !express.includes(k))).toEqual([]);
    expect(express.filter((k) => !routes.some((r) => r.key === k))).toEqual([]);
  });

  it('(a) every route declares a permission, @SignedIn or @Public; only the known few are public', () => {
    const undeclared = routes.filter((r) => !r.isPublic && !r.permission).map((r) => `${r.key} (${r.controller}.${r.handler})`);
    expect(undeclared).toEqual([]);
    const unknown = routes.filter((r) => r.permission && r.permission !== ANY_SIGNED_IN && !Object.values(Permission).includes(r.permission as Permission));
    expect(unknown.map((r) => `${r.key}: ${r.permission}`)).toEqual([]);
    expect(routes.filter((r) => r.isPublic).map((r) => r.key)).toEqual(PUBLIC_ROUTES);
  });

  it('(a) every route that is not public answers 401 without a session', async () => {
    const problems: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic)) {
      const res = await send(route, fillPath(route.path, anyParams(route)), null);
      if (res.status !== 401) problems.push(`${route.key}: ${brief(res)}`);
    }
    expect(problems).toEqual([]);
  });

  it('(b) each role gets 403 on every route whose permission it lacks, writes nothing, and the refusal of a write is audited', async () => {
    const sessions: Record<Role, Session> = {
      centre_admin: ctx.admin,
      centre_staff: ctx.staff,
      street_operator: ctx.a.operator,
      department_handler: ctx.handler,
      grid_worker: ctx.a.gridWorker,
      leader: ctx.leader,
    };
    const before = await fingerprint(t);
    const problems: string[] = [];
    const audited: Array<{ key: string; role: Role; requestId: string }> = [];
    let checked = 0;
    for (const role of ROLES) {
      const granted = permissionsOf([role]);
      for (const route of routes) {
        if (route.isPublic || route.permission === ANY_SIGNED_IN || granted.has(route.permission as Permission)) continue;
        const requestId = randomUUID();
        const res = await send(route, fillPath(route.path, anyParams(route)), sessions[role].auth, undefined, requestId);
        checked++;
        if (res.status !== 403 || res.body?.message !== '无权执行此操作') problems.push(`${role} ${route.key}: ${brief(res)}`);
        if (route.method !== 'GET' || route.auditKind) audited.push({ key: route.key, role, requestId });
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
    expect(changedTables(before, await fingerprint(t))).toEqual([]);
    const rows = await queryRows<{ request_id: string }>(
      t.db,
      `SELECT request_id FROM audit_log WHERE request_id = ANY($1) AND result = 'failure' AND status = 403 AND user_id IS NOT NULL`,
      [audited.map((x) => x.requestId)],
    );
    const found = new Set(rows.map((r) => r.request_id));
    expect(audited.filter((x) => !found.has(x.requestId)).map((x) => `${x.role} ${x.key}`)).toEqual([]);
  });

  it('(c) every route with a path parameter has a fixture, and every fixture a route', () => {
    const { fixtures } = routeFixtures();
    const idRoutes = routes.filter((r) => r.params.length);
    const missing = idRoutes.filter((r) => !fixtures[r.key]).map((r) => r.key);
    if (missing.length) {
      throw new Error(
        `${missing.length} route(s) with a path parameter have no fixture in test/security/route-fixtures/<feature>.ts ` +
          `(a factory that makes a street-B object and returns its params; see types.ts):\n  ${missing.join('\n  ')}`,
      );
    }
    const stale = Object.keys(fixtures).filter((k) => !idRoutes.some((r) => r.key === k));
    expect(stale).toEqual([]);
  });

  it("(c) street A's operator asking for street B's object gets 404 or 403, and nothing changes", async () => {
    const { fixtures, fileOf } = routeFixtures();
    const problems: string[] = [];
    let checked = 0;
    for (const route of routes.filter((r) => r.params.length && fixtures[r.key])) {
      const where = `${route.key} [${fileOf[route.key]}.ts]`;
      let req: FixtureRequest;
      try {
        req = await fixtures[route.key](ctx);
      } catch (e) {
        problems.push(`${where}: the fixture failed: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      const path = fillPath(route.path, req.params);
      const before = await fingerprint(t);
      const res = await send(route, path, ctx.a.operator.auth, req);
      checked++;
      const refused = res.status === 404 || res.status === 403;
      if (!refused && !(req.shared && res.status < 400)) {
        problems.push(`${where}: street A's operator got ${brief(res)} (expected 404 or 403)`);
      }
      if (res.status < 400 && !req.markerAllowed && (res.text ?? '').includes(ctx.marker)) {
        problems.push(`${where}: the answer to street A's operator contains street B's data (${ctx.marker})`);
      }
      if (res.status === 400) problems.push(`${where}: 400 before any scope check; give the fixture a valid body (${brief(res)})`);
      const changed = changedTables(before, await fingerprint(t));
      if (changed.length) problems.push(`${where}: street A's request changed ${changed.join(', ')} (${brief(res)})`);
      // the control: the object exists and the request is valid
      const control = req.control ?? 'admin';
      if (typeof control === 'string') {
        const auth = control === 'admin' ? ctx.admin.auth : ctx.b.operator.auth;
        const ok = await send(route, path, auth, req);
        if (ok.status === 404 || ok.status === 400) {
          problems.push(`${where}: control as ${control} got ${brief(ok)}; the fixture does not make a real object or a valid request`);
        } else if (req.shared && !req.figuresOnly && ok.status < 300 && !ok.text.includes(ctx.marker)) {
          problems.push(`${where}: the control's answer shows nothing of street B (${ctx.marker}), so the check on A's answer proves nothing`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it(`(d) every paged list refuses a page size over ${MAX_PAGE_SIZE}`, async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> };
    const problems: string[] = [];
    let checked = 0;
    for (const [openApiPath, ops] of Object.entries(doc.paths)) {
      const get = ops.get;
      if (!get?.parameters?.some((p) => p.in === 'query' && p.name === 'pageSize')) continue;
      const path = openApiPath.replace(/\{(\w+)\}/g, '1');
      const res = await t.http().get(path).query({ pageSize: MAX_PAGE_SIZE + 1 }).set('Authorization', ctx.admin.auth);
      checked++;
      if (res.status !== 400) problems.push(`GET ${openApiPath}?pageSize=${MAX_PAGE_SIZE + 1}: ${brief(res)}`);
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(2);
  });

  it('(e) every upload refuses a file over the limit with 413', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, { format?: string }> } }> } }>>;
    };
    const { fixtures } = routeFixtures();
    const big = Buffer.alloc(UPLOAD_PROBE_BYTES, 0x41);
    const problems: string[] = [];
    let checked = 0;
    for (const [openApiPath, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const multipart = op.requestBody?.content?.['multipart/form-data'];
        if (!multipart) continue;
        const field = Object.entries(multipart.schema?.properties ?? {}).find(([, p]) => p.format === 'binary')?.[0] ?? 'file';
        const route = routes.find((r) => r.key === `${method.toUpperCase()} ${openApiPath.replace(/\{(\w+)\}/g, ':$1')}`);
        if (!route) {
          problems.push(`${method.toUpperCase()} ${openApiPath}: not in the route table`);
          continue;
        }
        const params = fixtures[route.key] ? (await fixtures[route.key](ctx)).params : anyParams(route);
        const res = await send(route, fillPath(route.path, params), ctx.admin.auth, { params, attach: { field, file: big, name: 'big.xlsx' } });
        checked++;
        if (res.status !== 413) problems.push(`${route.key} with ${UPLOAD_PROBE_BYTES} bytes: ${brief(res)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it('(f) every GET answer is Cache-Control: no-store; every file download is marked @AuditExport and lands in the audit trail', async () => {
    const { fixtures } = routeFixtures();
    const problems: string[] = [];
    const downloads: Array<{ key: string; requestId: string }> = [];
    for (const route of routes.filter((r) => r.method === 'GET' && !r.isPublic)) {
      let req: FixtureRequest | undefined;
      if (route.params.length) {
        if (!fixtures[route.key]) continue; // listed by (c)
        req = await fixtures[route.key](ctx);
      }
      const requestId = randomUUID();
      const res = await send(route, fillPath(route.path, req?.params ?? {}), ctx.admin.auth, req ? { ...req, body: undefined } : undefined, requestId);
      if (res.headers['cache-control'] !== 'no-store') problems.push(`${route.key}: ${res.status} Cache-Control ${res.headers['cache-control'] ?? '(none)'}`);
      const isFile = /attachment/i.test(res.headers['content-disposition'] ?? '');
      if ((isFile || route.sendsFile) && route.auditKind !== 'export') problems.push(`${route.key} (${route.controller}.${route.handler}) returns a file: mark it @AuditExport() (apps/api/src/audit/audit.decorators.ts)`);
      if (isFile && res.status === 200) downloads.push({ key: route.key, requestId });
    }
    const rows = await queryRows<{ request_id: string }>(t.db, `SELECT request_id FROM audit_log WHERE kind = 'export' AND result = 'success' AND request_id = ANY($1)`, [downloads.map((d) => d.requestId)]);
    const found = new Set(rows.map((r) => r.request_id));
    problems.push(...downloads.filter((d) => !found.has(d.requestId)).map((d) => `${d.key}: the download is not in the audit trail`));
    expect(problems).toEqual([]);
    expect(downloads.length).toBeGreaterThan(3);
  });

  it("(g) no list or report answers street A's operator with street B's data, even when asked for street B", async () => {
    // street B's objects were made by the fixtures of (c); the values fill the query parameters a route requires
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; required?: boolean }> }>>;
    };
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const defaults: Record<string, string | number> = { year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)), quarter: 1, from: `${today.slice(0, 4)}-01-01`, to: today };
    const problems: string[] = [];
    let checked = 0;
    for (const route of routes.filter((r) => r.method === 'GET' && !r.params.length && !r.isPublic)) {
      const parameters = doc.paths[route.path]?.get?.parameters ?? [];
      const query: Record<string, string | number> = {};
      for (const p of parameters.filter((x) => x.in === 'query' && x.required)) query[p.name] = defaults[p.name] ?? '';
      const variants = parameters.some((x) => x.in === 'query' && x.name === 'streetId') ? [query, { ...query, streetId: ctx.b.street.id }] : [query];
      for (const q of variants) {
        const res = await send(route, route.path, ctx.a.operator.auth, { params: {}, query: q });
        if (res.status >= 300) continue; // a route the operator may not call, or a query it needs more of
        checked++;
        if (res.text.includes(ctx.marker)) problems.push(`${route.key}?${new URLSearchParams(q as Record<string, string>).toString()}: street A's operator sees street B's data (${ctx.marker})`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });
});
