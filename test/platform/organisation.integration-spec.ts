import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

describe('organisation tree', () => {
  let t: TestApp;
  let admin: { auth: string };
  beforeAll(async () => {
    t = await startTestApp();
    admin = await given(t).user(['centre_admin']);
  });
  afterAll(() => t.close());

  const post = (body: object, auth = admin.auth) => t.http().post('/api/org-units').set('Authorization', auth).send(body);

  it('builds district → street → community → grid, the level following the parent', async () => {
    const district = (await post({ code: '430203', name: '芦淞区' }).expect(201)).body;
    expect(district.level).toBe('district');
    const street = (await post({ parentId: district.id, code: '430203001', name: '龙泉街道' }).expect(201)).body;
    expect(street).toMatchObject({ level: 'street', levelName: '镇（街道）', streetId: street.id });
    const village = (await post({ parentId: street.id, code: '430203001201', name: '某村', communityKind: 'village' }).expect(201)).body;
    expect(village).toMatchObject({ level: 'community', communityKindName: '村', streetId: street.id });
    const grid = (await post({ parentId: village.id, code: '430203001201-01', name: '第一网格' }).expect(201)).body;
    expect(grid).toMatchObject({ level: 'grid', streetId: street.id });
    const grandchild = await post({ parentId: grid.id, code: 'NOPE1', name: 'x' }).expect(400);
    expect(grandchild.body.message).toContain('网格下不能再建下级单位');
    const tree = (await t.http().get('/api/org-units/tree').set('Authorization', admin.auth).expect(200)).body;
    expect(tree[0].children[0].children[0].children[0].name).toBe('第一网格');
  });

  it('requires 社区 or 村 on a community and refuses a duplicate code with 409', async () => {
    const district = (await post({ code: 'D-dup', name: '区' }).expect(201)).body;
    const street = (await post({ parentId: district.id, code: 'S-dup', name: '街道' }).expect(201)).body;
    const res = await post({ parentId: street.id, code: 'C-dup', name: '社区' }).expect(400);
    expect(res.body.problems).toEqual([{ field: 'communityKind', message: '社区层级须注明社区或村' }]);
    const dup = await post({ parentId: district.id, code: 'S-dup', name: '另一个' }).expect(409);
    expect(dup.body.message).toBe('单位编码已存在：S-dup');
  });

  it('refuses to delete a unit that still has children or grid workers, and deletes an empty one', async () => {
    const g = given(t);
    const { street, grid } = await g.tree();
    const res = await t.http().delete(`/api/org-units/${street.id}`).set('Authorization', admin.auth).expect(409);
    expect(res.body.message).toMatch(/下还有1个下级单位，不能删除/);
    await g.worker(grid.id);
    const withWorker = await t.http().delete(`/api/org-units/${grid.id}`).set('Authorization', admin.auth).expect(409);
    expect(withWorker.body.message).toMatch(/1名网格员/);
    const empty = (await post({ parentId: street.id, code: 'EMPTY-1', name: '空社区', communityKind: 'community' }).expect(201)).body;
    await t.http().delete(`/api/org-units/${empty.id}`).set('Authorization', admin.auth).expect(204);
    await t.http().get(`/api/org-units/${empty.id}`).set('Authorization', admin.auth).expect(404);
  });

  it('shows a street operator only their street and lets them change only its communities and grids', async () => {
    const g = given(t);
    const a = await g.tree({ street: 'A街道' });
    const b = await g.street(a.district, 'B街道');
    const op = await g.user(['street_operator'], { streetId: a.street.id });
    const tree = (await t.http().get('/api/org-units/tree').set('Authorization', op.auth).expect(200)).body;
    expect(tree).toHaveLength(1);
    expect(tree[0].children.map((s: { name: string }) => s.name)).toEqual(['A街道']);
    await t.http().get(`/api/org-units/${b.grid.id}`).set('Authorization', op.auth).expect(404);
    await t.http().patch(`/api/org-units/${b.grid.id}`).set('Authorization', op.auth).send({ name: '改名' }).expect(404);
    await t.http().patch(`/api/org-units/${a.street.id}`).set('Authorization', op.auth).send({ name: '改名' }).expect(403);
    await t.http().patch(`/api/org-units/${a.grid.id}`).set('Authorization', op.auth).send({ name: '新名字' }).expect(200);
    await post({ parentId: b.community.id, code: 'OP-X1', name: '越权网格' }, op.auth).expect(404);
  });
});
