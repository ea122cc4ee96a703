import ExcelJS from 'exceljs';
import { Client } from 'pg';
import type { Response } from 'supertest';
import { PersonalDataCipher } from '@app/domain/crypto/personal-data.cipher';
import { queryOne, queryRows } from '@app/domain/database/sql';
import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

function binary(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

async function sheetText(buffer: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

/** The audit trail as an auditor meets it: what is recorded, that it cannot be changed, search and export. */
describe('audit trail', () => {
  let t: TestApp;
  let admin: { id: number; auth: string };
  let tree: Awaited<ReturnType<ReturnType<typeof given>['tree']>>;
  let other: Awaited<ReturnType<ReturnType<typeof given>['street']>>;

  const entries = (where: string, params: unknown[]) =>
    queryRows<{ kind: string; action: string; result: string; status: number; username: string; roles: string[]; target_type: string; target_id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null; detail: Record<string, unknown>; occurred_at: Date }>(
      t.db,
      `SELECT kind, action, result, status, username, roles, target_type, target_id, before, after, detail, occurred_at FROM audit_log WHERE ${where} ORDER BY id`,
      params,
    );

  beforeAll(async () => {
    t = await startTestApp();
    admin = await given(t).user(['centre_admin']);
    tree = await given(t).tree({ street: '龙泉街道' });
    other = await given(t).street(tree.district, '白关镇');
  });
  afterAll(() => t.close());

  it("a street operator's export holds only their street's workers, and is audited with the rows it gave", async () => {
    const mine = [await given(t).worker(tree.grid.id, { name: '龙泉甲' }), await given(t).worker(tree.grid.id, { name: '龙泉乙' })];
    await given(t).worker(other.grid.id, { name: '白关丙' });
    const operator = await given(t).user(['street_operator'], { streetId: tree.street.id });
    const res = await t.http().get('/api/workers/export').set('Authorization', operator.auth).buffer(true).parse(binary).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const text = (await sheetText(res.body as Buffer)).flat().join('|');
    expect(text).toContain('龙泉甲');
    expect(text).toContain('龙泉乙');
    expect(text).not.toContain('白关丙');
    expect(text).not.toContain('白关镇');
    const [entry] = await entries(`kind = 'export' AND user_id = $1`, [operator.id]);
    expect(entry).toMatchObject({ action: 'GET /api/workers/export', result: 'success', status: 200, roles: ['street_operator'], target_type: 'workers' });
    expect(entry.detail).toMatchObject({ rows: mine.length, streets: [tree.street.id] });
    // a grid worker may not export, and the refusal is recorded too
    const gw = await given(t).user(['grid_worker'], { workerId: mine[0].id });
    await t.http().get('/api/workers/export').set('Authorization', gw.auth).expect(403);
    expect(await entries(`kind = 'export' AND user_id = $1`, [gw.id])).toEqual([expect.objectContaining({ result: 'failure', status: 403 })]);
  });

  it("a leader's attempt to write is refused with 403 and audited as a failure", async () => {
    const leader = await given(t).user(['leader']);
    const before = await queryOne<{ n: string }>(t.db, `SELECT count(*) AS n FROM org_unit`);
    const res = await t.http().post('/api/org-units').set('Authorization', leader.auth).send({ parentId: tree.street.id, code: 'LEADER01', name: '领导建的社区', communityKind: 'community' }).expect(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN', message: '无权执行此操作' });
    await t.http().patch(`/api/workers/${(await given(t).worker(tree.grid.id)).id}`).set('Authorization', leader.auth).send({ name: '改名' }).expect(403);
    expect(await queryOne<{ n: string }>(t.db, `SELECT count(*) AS n FROM org_unit`)).toEqual(before);
    const rows = await entries(`user_id = $1`, [leader.id]);
    expect(rows.map((r) => [r.kind, r.action, r.result, r.status, r.roles])).toEqual([
      ['write', 'POST /api/org-units', 'failure', 403, ['leader']],
      ['write', 'PATCH /api/workers/:id', 'failure', 403, ['leader']],
    ]);
    expect(rows[0].detail).toMatchObject({ message: '无权执行此操作' });
  });

  it('a write records the changed fields before and after, with phone and ID numbers masked and never in clear', async () => {
    const created = await t.http().post('/api/workers').set('Authorization', admin.auth).send({ code: 'AUD001', name: '审计甲', phone: '13812345678', idNumber: '430203199003071236', gridId: tree.grid.id, kind: 'full_time', hireDate: '2023-03-01' });
    expect(created.status).toBe(201);
    await t.http().patch(`/api/workers/${created.body.id}`).set('Authorization', admin.auth).send({ phone: '13987654321', kind: 'part_time' }).expect(200);
    const rows = await entries(`target_type = 'workers' AND target_id = $1 AND kind = 'write'`, [String(created.body.id)]);
    expect(rows.map((r) => r.action)).toEqual(['POST /api/workers', 'PATCH /api/workers/:id']);
    expect(rows[0].before).toBeNull();
    expect(rows[0].after).toMatchObject({ code: 'AUD001', name: '审计甲', phone: '138****5678', idNumber: '430***********1236', streetId: tree.street.id });
    expect(rows[1].before).toEqual({ phone: '138****5678', kind: 'full_time' });
    expect(rows[1].after).toEqual({ phone: '139****4321', kind: 'part_time' });
    const clear = await queryOne(t.db, `SELECT 1 FROM audit_log WHERE audit_log::text ~ '13812345678|13987654321|430203199003071236'`);
    expect(clear).toBeUndefined();
  });

  it('org units record their changes, a deletion included', async () => {
    const unit = await t.http().post('/api/org-units').set('Authorization', admin.auth).send({ parentId: tree.community.id, code: 'AUDGRID', name: '审计网格' }).expect(201);
    await t.http().patch(`/api/org-units/${unit.body.id}`).set('Authorization', admin.auth).send({ name: '审计网格二' }).expect(200);
    await t.http().delete(`/api/org-units/${unit.body.id}`).set('Authorization', admin.auth).expect(204);
    const rows = await entries(`target_type = 'org-units' AND target_id = $1`, [String(unit.body.id)]);
    expect(rows.map((r) => [r.action, r.before, r.after])).toEqual([
      ['POST /api/org-units', null, expect.objectContaining({ code: 'AUDGRID', name: '审计网格', level: 'grid' })],
      ['PATCH /api/org-units/:id', { name: '审计网格' }, { name: '审计网格二' }],
      ['DELETE /api/org-units/:id', expect.objectContaining({ name: '审计网格二' }), null],
    ]);
  });

  it('each reveal of a full ID number is audited, without the number; staff may not reveal', async () => {
    const worker = await given(t).worker(tree.grid.id);
    const res = await t.http().post(`/api/workers/${worker.id}/reveal-id-number`).set('Authorization', admin.auth).expect(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.idNumber).toMatch(/^\d{17}[\dX]$/);
    const staff = await given(t).user(['centre_staff']);
    await t.http().post(`/api/workers/${worker.id}/reveal-id-number`).set('Authorization', staff.auth).expect(403);
    const rows = await entries(`kind = 'reveal' AND target_id = $1`, [String(worker.id)]);
    expect(rows.map((r) => [r.username !== '', r.result, r.status, r.target_type])).toEqual([
      [true, 'success', 201, 'workers'],
      [true, 'failure', 403, 'workers'],
    ]);
    expect(await queryOne(t.db, `SELECT 1 FROM audit_log WHERE audit_log::text LIKE $1`, [`%${res.body.idNumber}%`])).toBeUndefined();
    // the number is encrypted at rest
    const stored = await queryOne<{ enc: Buffer }>(t.db, `SELECT id_number_enc AS enc FROM grid_worker WHERE id = $1`, [worker.id]);
    expect(stored!.enc.toString('latin1')).not.toContain(res.body.idNumber);
    expect(new PersonalDataCipher(t.config.PERSONAL_DATA_KEY).decrypt(stored!.enc)).toBe(res.body.idNumber);
  });

  it('answers with worker data are never cached', async () => {
    const worker = await given(t).worker(tree.grid.id);
    for (const path of ['/api/workers', `/api/workers/${worker.id}`, '/api/workers/export']) {
      const res = await t.http().get(path).set('Authorization', admin.auth);
      expect([path, res.status, res.headers['cache-control']]).toEqual([path, 200, 'no-store']);
    }
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused, whoever asks', async () => {
    const [{ n }] = await queryRows<{ n: string }>(t.db, `SELECT count(*) AS n FROM audit_log`);
    expect(Number(n)).toBeGreaterThan(0);
    // a connection of its own, as the superuser the tests run as
    const pg = new Client({ connectionString: t.config.DATABASE_URL });
    await pg.connect();
    try {
      await expect(pg.query(`UPDATE audit_log SET result = 'success'`)).rejects.toThrow(/audit_log is append-only: UPDATE refused/);
      await expect(pg.query(`DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)`)).rejects.toThrow(/append-only: DELETE refused/);
      await expect(pg.query(`DELETE FROM audit_log WHERE false`)).rejects.toThrow(/append-only: DELETE refused/);
      await expect(pg.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    } finally {
      await pg.end();
    }
    expect((await queryRows<{ n: string }>(t.db, `SELECT count(*) AS n FROM audit_log`))[0].n).toBe(n);
  });

  it('admins search the trail by user, action, target, period and result, paged, and export it; nobody else may', async () => {
    const operator = await given(t).user(['street_operator'], { streetId: tree.street.id });
    await t.http().post('/api/org-units').set('Authorization', operator.auth).send({ parentId: other.community.id, code: 'X1', name: '越界网格' }).expect(404);
    const search = (query: Record<string, string | number>) => t.http().get('/api/audit').query(query).set('Authorization', admin.auth).expect(200);

    const byUser = await search({ userId: operator.id });
    expect(byUser.body.total).toBe(1);
    expect(byUser.headers['cache-control']).toBe('no-store');
    const item = byUser.body.items[0];
    expect(item).toMatchObject({ action: 'POST /api/org-units', kind: 'write', kindName: '数据变更', result: 'failure', resultName: '失败', status: 404, roles: [{ code: 'street_operator', name: '镇街网格专干' }] });
    expect(item.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
    expect(item.requestId).toBeTruthy();
    expect(item.clientIp).toBeTruthy();

    const failures = await search({ result: 'failure', pageSize: 2 });
    expect(failures.body.items).toHaveLength(2);
    expect(failures.body.total).toBeGreaterThan(2);
    expect(failures.body.items.every((i: { result: string }) => i.result === 'failure')).toBe(true);
    const page2 = await search({ result: 'failure', pageSize: 2, page: 2 });
    expect(page2.body.items[0].id).not.toBe(failures.body.items[0].id);

    const byAction = await search({ action: 'reveal-id-number', kind: 'reveal' });
    expect(byAction.body.items.every((i: { action: string }) => i.action === 'POST /api/workers/:id/reveal-id-number')).toBe(true);
    const revealed = byAction.body.items[0].targetId as string;
    const byTarget = await search({ targetType: 'workers', targetId: revealed });
    expect(byTarget.body.total).toBeGreaterThanOrEqual(2);
    expect(byTarget.body.items.every((i: { targetType: string; targetId: string }) => i.targetType === 'workers' && i.targetId === revealed)).toBe(true);

    const future = await search({ from: '2999-01-01' });
    expect(future.body.total).toBe(0);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const sinceToday = await search({ from: today, userId: operator.id });
    expect(sinceToday.body.total).toBe(1);
    await t.http().get('/api/audit').query({ from: today, to: today }).set('Authorization', admin.auth).expect(400);
    await t.http().get('/api/audit').query({ pageSize: 101 }).set('Authorization', admin.auth).expect(400);

    const file = await t.http().get('/api/audit/export').query({ userId: operator.id }).set('Authorization', admin.auth).buffer(true).parse(binary).expect(200);
    expect(file.headers['content-disposition']).toContain(encodeURIComponent('审计日志'));
    const rows = await sheetText(file.body as Buffer);
    expect(rows[0][0]).toBe('审计日志');
    expect(rows[2].slice(0, 5)).toEqual(['时间', '用户名', '角色', '类别', '操作']);
    expect(rows[3].slice(2, 9)).toEqual(['镇街网格专干', '数据变更', 'POST /api/org-units', 'org-units', '', '失败', '404']);
    // the export is itself in the trail
    expect(await entries(`kind = 'export' AND action = 'GET /api/audit/export' AND user_id = $1`, [admin.id])).toHaveLength(1);

    const staff = await given(t).user(['centre_staff']);
    await t.http().get('/api/audit').set('Authorization', staff.auth).expect(403);
    await t.http().get('/api/audit/export').set('Authorization', operator.auth).expect(403);
  });
});
