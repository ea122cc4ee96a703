import { FieldProblem } from '../errors/domain-error';
import { caseLimitsProblems } from './case-deadlines.rules';
import { CASE_KIND_LABELS, CaseKind } from './case.types';

/**
 * The default category tree a new deployment starts with (the centre edits it afterwards). Incident codes
 * start with E, service item codes with S; a child's code extends its parent's. Limits are working days:
 * response = accept within, handling = close within (from acceptance). `dispatchTo` is the default target
 * the centre's dispatch form proposes: a department by name, or the street the case's grid belongs to.
 * Cases are filed under leaf categories.
 */
export type DefaultDispatch = { kind: 'department'; department: string } | { kind: 'street' };

export interface CategoryDefinition {
  code: string;
  name: string;
  kind: CaseKind;
  responseLimitWorkingDays: number;
  handlingLimitWorkingDays: number;
  /** Service items only: the reporting grid worker may close it directly (自办结). */
  selfClosable: boolean;
  dispatchTo: DefaultDispatch;
  children: CategoryDefinition[];
}

export const DEFAULT_DEPARTMENTS: readonly string[] = [
  '区环保局',
  '区市场监督管理局',
  '区城管局',
  '区住房和城乡建设局',
  '区应急管理局',
  '区公安分局',
  '区司法局',
  '区民政局',
  '区人力资源和社会保障局',
  '区卫生健康局',
  '区水利局',
  '区自然资源局',
  '区交通运输局',
  '区消防救援大队',
  '区医疗保障局',
  '区残疾人联合会',
  '区农业农村局',
];

const dept = (department: string): DefaultDispatch => ({ kind: 'department', department });
const STREET: DefaultDispatch = { kind: 'street' };

type Limits = [response: number, handling: number];
/** A sub-category: code suffix, name, and what differs from its group. */
type ChildRow = [code: string, name: string, limits?: Limits, dispatchTo?: DefaultDispatch, selfClosable?: boolean];
type GroupArgs = [code: string, name: string, limits: Limits, dispatchTo: DefaultDispatch, selfClosable: boolean, children: ChildRow[]];

function group(kind: CaseKind, ...[code, name, limits, dispatchTo, selfClosable, children]: GroupArgs): CategoryDefinition {
  return {
    code,
    name,
    kind,
    responseLimitWorkingDays: limits[0],
    handlingLimitWorkingDays: limits[1],
    selfClosable,
    dispatchTo,
    children: children.map(([childCode, childName, childLimits, childDispatch, childSelf]) => ({
      code: `${code}${childCode}`,
      name: childName,
      kind,
      responseLimitWorkingDays: (childLimits ?? limits)[0],
      handlingLimitWorkingDays: (childLimits ?? limits)[1],
      selfClosable: childSelf ?? selfClosable,
      dispatchTo: childDispatch ?? dispatchTo,
      children: [],
    })),
  };
}

const incident = (...a: GroupArgs) => group('incident', ...a);
const service = (...a: GroupArgs) => group('service', ...a);

export const DEFAULT_CASE_CATEGORIES: readonly CategoryDefinition[] = [
  incident('E01', '矛盾纠纷', [1, 10], STREET, false, [
    ['01', '邻里纠纷'],
    ['02', '婚姻家庭纠纷'],
    ['03', '劳资纠纷', undefined, dept('区人力资源和社会保障局')],
    ['04', '物业纠纷', undefined, dept('区住房和城乡建设局')],
    ['05', '土地承包及山林权属纠纷', [1, 15], dept('区农业农村局')],
    ['06', '消费纠纷', [1, 7], dept('区市场监督管理局')],
  ]),
  incident('E02', '环境保护', [1, 5], dept('区环保局'), false, [
    ['01', '大气污染'],
    ['02', '水体污染'],
    ['03', '噪声扰民'],
    ['04', '固体废物非法倾倒'],
    ['05', '河道垃圾', undefined, dept('区水利局')],
  ]),
  incident('E03', '城市管理', [1, 5], dept('区城管局'), false, [
    ['01', '占道经营'],
    ['02', '违法建设', [1, 10]],
    ['03', '乱贴乱画'],
    ['04', '暴露垃圾', [1, 2]],
    ['05', '井盖缺失破损', [1, 2], dept('区住房和城乡建设局')],
    ['06', '市政道路破损', [1, 5], dept('区住房和城乡建设局')],
    ['07', '园林绿化损坏'],
  ]),
  incident('E04', '安全隐患', [1, 3], dept('区应急管理局'), false, [
    ['01', '消防安全隐患', undefined, dept('区消防救援大队')],
    ['02', '燃气安全隐患', [1, 2], dept('区城管局')],
    ['03', '房屋安全隐患', [1, 5], dept('区住房和城乡建设局')],
    ['04', '道路交通安全隐患', undefined, dept('区交通运输局')],
    ['05', '食品安全隐患', undefined, dept('区市场监督管理局')],
    ['06', '特种设备安全隐患', undefined, dept('区市场监督管理局')],
    ['07', '安全生产隐患'],
  ]),
  incident('E05', '社会治安', [1, 3], dept('区公安分局'), false, [
    ['01', '治安隐患'],
    ['02', '涉黄涉赌涉毒线索'],
    ['03', '电信网络诈骗线索'],
    ['04', '重点人员异常动态', [1, 2], STREET],
  ]),
  incident('E06', '民生服务', [1, 5], STREET, false, [
    ['01', '供水供电供气故障', [1, 3], dept('区住房和城乡建设局')],
    ['02', '困难群众生活困难', undefined, dept('区民政局')],
    ['03', '就业创业诉求', undefined, dept('区人力资源和社会保障局')],
    ['04', '医疗卫生服务诉求', undefined, dept('区卫生健康局')],
    ['05', '小区公共设施损坏'],
  ]),
  incident('E07', '自然灾害与应急', [1, 3], dept('区应急管理局'), false, [
    ['01', '地质灾害隐患', undefined, dept('区自然资源局')],
    ['02', '防汛隐患', undefined, dept('区水利局')],
    ['03', '森林火灾隐患'],
  ]),
  service('S01', '便民代办', [1, 5], STREET, true, [
    ['01', '社保医保业务代办'],
    ['02', '证照办理代办'],
    ['03', '养老资格认证'],
  ]),
  service('S02', '政策咨询', [1, 2], STREET, true, [
    ['01', '惠民政策宣传解答'],
    ['02', '法律咨询引导', undefined, dept('区司法局')],
  ]),
  service('S03', '走访关爱', [1, 5], STREET, true, [
    ['01', '独居老人探访'],
    ['02', '困难家庭走访'],
    ['03', '残疾人关爱', undefined, dept('区残疾人联合会')],
  ]),
  service('S04', '信息采集', [1, 5], STREET, true, [
    ['01', '人口信息采集更新'],
    ['02', '房屋信息采集更新'],
    ['03', '单位信息采集更新'],
  ]),
  service('S05', '帮扶救助', [1, 10], dept('区民政局'), false, [
    ['01', '低保及特困申请协助'],
    ['02', '就业帮扶', undefined, dept('区人力资源和社会保障局')],
    ['03', '医疗救助申请协助', undefined, dept('区医疗保障局')],
  ]),
];

export interface FlatCategory extends Omit<CategoryDefinition, 'children'> {
  parentCode: string | null;
  depth: number;
  /** 环境保护 / 噪声扰民 */
  path: string;
  isLeaf: boolean;
}

/** Parents before children, in tree order. */
export function flattenCategories(tree: readonly CategoryDefinition[] = DEFAULT_CASE_CATEGORIES): FlatCategory[] {
  const out: FlatCategory[] = [];
  const walk = (nodes: readonly CategoryDefinition[], parent: FlatCategory | null) => {
    for (const { children, ...node } of nodes) {
      const flat: FlatCategory = {
        ...node,
        parentCode: parent?.code ?? null,
        depth: parent ? parent.depth + 1 : 0,
        path: parent ? `${parent.path} / ${node.name}` : node.name,
        isLeaf: children.length === 0,
      };
      out.push(flat);
      walk(children, flat);
    }
  };
  walk(tree, null);
  return out;
}

/** Problems of a category tree (codes, kinds, limits, departments); used by the tests and the import. */
export function categoryTreeProblems(
  tree: readonly CategoryDefinition[],
  departments: readonly string[] = DEFAULT_DEPARTMENTS,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const codes = new Set<string>();
  const known = new Set(departments);
  const flat = flattenCategories(tree);
  const byCode = new Map(flat.map((c) => [c.code, c]));
  for (const c of flat) {
    const field = `类别 ${c.code}`;
    if (!/^[A-Z][0-9A-Z]{1,15}$/.test(c.code)) problems.push({ field, message: `编码「${c.code}」无效` });
    if (codes.has(c.code)) problems.push({ field, message: `编码「${c.code}」重复` });
    codes.add(c.code);
    if (c.name.trim() === '') problems.push({ field, message: '名称不能为空' });
    const parent = c.parentCode ? byCode.get(c.parentCode) : undefined;
    if (parent && !c.code.startsWith(parent.code)) problems.push({ field, message: `编码应以上级编码「${parent.code}」开头` });
    if (parent && parent.kind !== c.kind) {
      problems.push({ field, message: `类型「${CASE_KIND_LABELS[c.kind]}」与上级类别「${CASE_KIND_LABELS[parent.kind]}」不一致` });
    }
    if (c.kind === 'incident' && c.selfClosable) problems.push({ field, message: '事件类别不能设为可自办结' });
    for (const p of caseLimitsProblems(c)) problems.push({ field, message: p.message });
    if (c.dispatchTo.kind === 'department' && !known.has(c.dispatchTo.department)) {
      problems.push({ field, message: `默认派遣部门「${c.dispatchTo.department}」不在部门列表中` });
    }
  }
  return problems;
}
