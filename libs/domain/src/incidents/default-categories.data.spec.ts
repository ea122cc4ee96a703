import { categoryTreeProblems, CategoryDefinition, DEFAULT_CASE_CATEGORIES, DEFAULT_DEPARTMENTS, flattenCategories } from './default-categories.data';

describe('default category tree', () => {
  const flat = flattenCategories();

  it('is valid', () => {
    expect(categoryTreeProblems(DEFAULT_CASE_CATEGORIES)).toEqual([]);
  });

  it('has the usual incident groups and service item groups, each with sub-categories', () => {
    const roots = flat.filter((c) => c.depth === 0);
    expect(roots.filter((c) => c.kind === 'incident').map((c) => c.name)).toEqual(
      expect.arrayContaining(['矛盾纠纷', '环境保护', '城市管理', '安全隐患', '社会治安', '民生服务']),
    );
    expect(roots.filter((c) => c.kind === 'service').length).toBeGreaterThanOrEqual(4);
    for (const r of roots) expect(flat.filter((c) => c.parentCode === r.code).length).toBeGreaterThanOrEqual(2);
  });

  it('dispatches environmental cases to 区环保局 and street disputes to the street', () => {
    const noise = flat.find((c) => c.name === '噪声扰民');
    expect(noise).toMatchObject({ code: 'E0203', parentCode: 'E02', path: '环境保护 / 噪声扰民', isLeaf: true });
    expect(noise?.dispatchTo).toEqual({ kind: 'department', department: '区环保局' });
    expect(flat.find((c) => c.name === '邻里纠纷')?.dispatchTo).toEqual({ kind: 'street' });
    expect(flat.find((c) => c.name === '食品安全隐患')?.dispatchTo).toEqual({ kind: 'department', department: '区市场监督管理局' });
  });

  it('lets grid workers close routine service items themselves, never incidents', () => {
    expect(flat.find((c) => c.name === '养老资格认证')?.selfClosable).toBe(true);
    expect(flat.find((c) => c.name === '低保及特困申请协助')?.selfClosable).toBe(false);
    expect(flat.filter((c) => c.kind === 'incident' && c.selfClosable)).toEqual([]);
  });

  it('uses every listed department', () => {
    const used = new Set(flat.flatMap((c) => (c.dispatchTo.kind === 'department' ? [c.dispatchTo.department] : [])));
    expect([...DEFAULT_DEPARTMENTS].sort()).toEqual([...used].sort());
  });

  it('reports broken trees', () => {
    const bad: CategoryDefinition[] = [
      {
        code: 'E01', name: '矛盾纠纷', kind: 'incident', responseLimitWorkingDays: 1, handlingLimitWorkingDays: 0, selfClosable: true,
        dispatchTo: { kind: 'department', department: '区不存在局' },
        children: [
          { code: 'X01', name: '', kind: 'service', responseLimitWorkingDays: 1, handlingLimitWorkingDays: 3, selfClosable: false, dispatchTo: { kind: 'street' }, children: [] },
          { code: 'E01', name: '重复', kind: 'incident', responseLimitWorkingDays: 1, handlingLimitWorkingDays: 3, selfClosable: false, dispatchTo: { kind: 'street' }, children: [] },
        ],
      },
    ];
    expect(categoryTreeProblems(bad).map((p) => `${p.field}: ${p.message}`)).toEqual([
      '类别 E01: 事件类别不能设为可自办结',
      '类别 E01: 办结时限应为1到60之间的整数（工作日）',
      '类别 E01: 默认派遣部门「区不存在局」不在部门列表中',
      '类别 X01: 名称不能为空',
      '类别 X01: 编码应以上级编码「E01」开头',
      '类别 X01: 类型「服务事项」与上级类别「事件」不一致',
      '类别 E01: 编码「E01」重复',
    ]);
  });
});
