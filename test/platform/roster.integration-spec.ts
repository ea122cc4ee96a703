import ExcelJS from 'exceljs';
import { queryOne } from '@app/domain/database/sql';
import { given, idNumber } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

async function rosterFile(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名册');
  ws.addRow(['网格员名册']);
  ws.addRow(['网格员编号', '姓名', '手机号码', '身份证号', '网格编码', '类别', '是否网格长', '入职日期']);
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('grid-worker roster', () => {
  let t: TestApp;
  let admin: { auth: string };
  let tree: Awaited<ReturnType<ReturnType<typeof given>['tree']>>;
  const count = async () => Number((await queryOne<{ n: string }>(t.db, `SELECT count(*) AS n FROM grid_worker`))!.n);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await given(t).user(['centre_admin']);
    tree = await given(t).tree();
  });
  afterAll(() => t.close());

  const valid = () => ({ code: `W${Math.floor(Math.random() * 1e6)}`, name: '李四', phone: '13812345678', idNumber: idNumber('19850101', Math.floor(Math.random() * 900 + 100)), gridId: tree.grid.id, kind: 'full_time', hireDate: '2023-03-01' });

  it('registers a worker, masks phone and ID number, and derives status from the history', async () => {
    const res = await t.http().post('/api/workers').set('Authorization', admin.auth).send(valid()).expect(201);
    expect(res.body.phone).toBe('138****5678');
    expect(res.body.idNumber).toMatch(/^430\*{11}\d{3}[\dX]$/);
    expect(res.body).toMatchObject({ status: 'active', statusName: '在岗', hireDate: '2023-03-01', kindName: '专职' });
    const stored = await queryOne<{ enc: Buffer }>(t.db, `SELECT id_number_enc AS enc FROM grid_worker WHERE id = $1`, [res.body.id]);
    expect(stored!.enc.toString('latin1')).not.toContain('430203');
    const left = await t.http().post(`/api/workers/${res.body.id}/events`).set('Authorization', admin.auth).send({ kind: 'leave', date: '2024-05-10' }).expect(201);
    expect(left.body.status).toBe('left');
    const again = await t.http().post(`/api/workers/${res.body.id}/events`).set('Authorization', admin.auth).send({ kind: 'suspend', date: '2024-06-01' }).expect(409);
    expect(again.body.message).toContain('停职');
  });

  it('refuses a wrong ID check digit and writes nothing', async () => {
    const before = await count();
    const body = valid();
    body.idNumber = body.idNumber.slice(0, 17) + (body.idNumber[17] === '1' ? '2' : '1');
    const res = await t.http().post('/api/workers').set('Authorization', admin.auth).send(body).expect(400);
    expect(res.body.problems).toEqual([{ field: 'idNumber', message: '身份证号校验位错误' }]);
    expect(await count()).toBe(before);
  });

  it('refuses a phone of 10 digits and an unknown field', async () => {
    const res = await t.http().post('/api/workers').set('Authorization', admin.auth).send({ ...valid(), phone: '1381234567' }).expect(400);
    expect(res.body.problems[0]).toEqual({ field: 'phone', message: '手机号码应为11位数字，以13-19开头' });
    const unknown = await t.http().post('/api/workers').set('Authorization', admin.auth).send({ ...valid(), salary: 1 }).expect(400);
    expect(unknown.body.problems).toEqual([{ field: 'salary', message: '不允许的字段' }]);
  });

  it('lists with filters and a bounded page size', async () => {
    const res = await t.http().get('/api/workers').query({ status: 'active', pageSize: 5 }).set('Authorization', admin.auth).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.items.every((w: { status: string }) => w.status === 'active')).toBe(true);
    const tooBig = await t.http().get('/api/workers').query({ pageSize: 1000 }).set('Authorization', admin.auth).expect(400);
    expect(tooBig.body.problems).toEqual([{ field: 'pageSize', message: '每页条数不能大于100' }]);
  });

  it('imports a roster of 300 rows all or nothing, reporting the one bad row by number', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => [`IMP${i}`, `导入${i}`, `1390000${String(i).padStart(4, '0')}`, idNumber('19910101', i), tree.grid.code, '兼职', '否', '2024-01-01']);
    rows[150][3] = rows[150][3].slice(0, 17) + (rows[150][3][17] === '1' ? '2' : '1');
    const before = await count();
    const res = await t.http().post('/api/workers/import').set('Authorization', admin.auth).attach('file', await rosterFile(rows), '名册.xlsx').expect(400);
    expect(res.body.message).toBe('导入失败：1行有问题，未写入任何数据');
    expect(res.body.problems).toEqual([{ row: 153, field: '第153行 身份证号', message: '身份证号校验位错误' }]);
    expect(await count()).toBe(before);

    rows[150][3] = idNumber('19910101', 150);
    const ok = await t.http().post('/api/workers/import').set('Authorization', admin.auth).attach('file', await rosterFile(rows), '名册.xlsx').expect(201);
    expect(ok.body).toEqual({ created: 300, updated: 0 });
    expect(await count()).toBe(before + 300);
    rows[0][1] = '改名';
    const again = await t.http().post('/api/workers/import').set('Authorization', admin.auth).attach('file', await rosterFile(rows), '名册.xlsx').expect(201);
    expect(again.body).toEqual({ created: 0, updated: 300 });
  });

  it('exports the roster as xlsx with masked numbers and a Chinese file name', async () => {
    const res = await t.http().get('/api/workers/export').set('Authorization', admin.auth).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''%E7%BD%91%E6%A0%BC%E5%91%98%E5%90%8D%E5%86%8C");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const ws = wb.worksheets[0];
    expect(ws.getCell('B2').value).toBe('网格员编号');
    const phones = ws.getColumn(4).values.slice(3) as string[];
    expect(phones.length).toBeGreaterThan(300);
    expect(phones.every((p) => /^1\d\d\*{4}\d{4}$/.test(p))).toBe(true);
  });

  it('keeps a street operator to their own street', async () => {
    const g = given(t);
    const other = await g.street(tree.district, '别的街道');
    const stranger = await g.worker(other.grid.id);
    const op = await g.user(['street_operator'], { streetId: tree.street.id });
    await t.http().get(`/api/workers/${stranger.id}`).set('Authorization', op.auth).expect(404);
    await t.http().patch(`/api/workers/${stranger.id}`).set('Authorization', op.auth).send({ name: 'x' }).expect(404);
    const list = await t.http().get('/api/workers').query({ pageSize: 100 }).set('Authorization', op.auth).expect(200);
    expect(list.body.items.every((w: { street: { id: number } }) => w.street.id === tree.street.id)).toBe(true);
    await t.http().post('/api/workers').set('Authorization', op.auth).send({ ...valid(), gridId: other.grid.id }).expect(400);
    await t.http().post(`/api/workers/${stranger.id}/reveal-id-number`).set('Authorization', op.auth).expect(403);
    // an import naming another street's worker does not tell the operator who that is
    const code = (await queryOne<{ code: string }>(t.db, `SELECT code FROM grid_worker WHERE id = $1`, [stranger.id]))!.code;
    const sheet = await rosterFile([[code, '某人', '13900000001', idNumber('19920101', 7), tree.grid.code, '专职', '否', '2024-01-01']]);
    const res = await t.http().post('/api/workers/import').set('Authorization', op.auth).attach('file', sheet, 'x.xlsx').expect(400);
    expect(res.body.problems).toEqual([{ row: 3, field: '第3行 网格员编号', message: '网格员编号已被使用' }]);
    expect(JSON.stringify(res.body)).not.toContain('别的街道');
  });

  it('takes a date only as YYYY-MM-DD', async () => {
    const res = await t.http().post('/api/workers').set('Authorization', admin.auth).send({ ...valid(), hireDate: '2024-05-10T00:00:00Z' }).expect(400);
    expect(res.body.problems).toEqual([{ field: 'hireDate', message: '入职日期应为日期，格式如 2024-04-01' }]);
    const w = (await t.http().post('/api/workers').set('Authorization', admin.auth).send(valid()).expect(201)).body;
    await t.http().post(`/api/workers/${w.id}/events`).set('Authorization', admin.auth).send({ kind: 'leave', date: '2024-02-30' }).expect(400);
  });
});
