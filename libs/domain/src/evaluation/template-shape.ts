import { DomainError, FieldProblem } from '../errors/domain-error';
import { IndicatorTemplate, validateTemplate } from './indicator-template';

/**
 * A template as it arrives from outside (a request body, a stored document): checks that it has the shape
 * of an IndicatorTemplate before the rules look at its values, so a malformed document is a 400 with the
 * path of the bad field, never a TypeError. Then validates it (sums included) for the given year.
 */
export function parseTemplate(raw: unknown, year: number): IndicatorTemplate {
  const problems: FieldProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ field, message });
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const str = (v: unknown, field: string, label: string) => {
    if (typeof v !== 'string') bad(field, `${label}应为文本`);
  };
  const weight = (v: unknown, field: string, label: string) => {
    if (typeof v !== 'string' && typeof v !== 'number') bad(field, `${label}应为数字`);
  };

  if (!isObj(raw)) throw DomainError.invalid('template', '指标模板应为对象');
  if (raw.budgetCounting !== 'separate' && raw.budgetCounting !== 'included') {
    bad('budgetCounting', '预算执行率计分方式只能是“单列”（separate）或“计入总分”（included）');
  }
  weight(raw.budgetWeight, 'budgetWeight', '预算执行率分值');
  if (!Array.isArray(raw.firstLevels)) {
    bad('firstLevels', '一级指标应为列表');
  } else {
    raw.firstLevels.forEach((f: unknown, fi: number) => {
      const fp = `firstLevels[${fi}]`;
      if (!isObj(f)) return bad(fp, '一级指标应为对象');
      str(f.name, `${fp}.name`, '一级指标名称');
      weight(f.weight, `${fp}.weight`, '一级指标分值');
      if (!Array.isArray(f.children)) return bad(`${fp}.children`, '二级指标应为列表');
      f.children.forEach((s: unknown, si: number) => {
        const sp = `${fp}.children[${si}]`;
        if (!isObj(s)) return bad(sp, '二级指标应为对象');
        str(s.name, `${sp}.name`, '二级指标名称');
        if (!Array.isArray(s.indicators)) return bad(`${sp}.indicators`, '三级指标应为列表');
        s.indicators.forEach((i: unknown, ii: number) => {
          const ip = `${sp}.indicators[${ii}]`;
          if (!isObj(i)) return bad(ip, '三级指标应为对象');
          str(i.key, `${ip}.key`, '三级指标标识');
          str(i.name, `${ip}.name`, '三级指标名称');
          weight(i.weight, `${ip}.weight`, '三级指标分值');
          if (!isObj(i.target)) bad(`${ip}.target`, '年度指标值应为对象');
          else {
            str(i.target.direction, `${ip}.target.direction`, '指标方向');
            str(i.target.display, `${ip}.target.display`, '年度指标值');
            if (i.target.unit !== undefined) str(i.target.unit, `${ip}.target.unit`, '计量单位');
            if (i.target.value !== null && typeof i.target.value !== 'string' && typeof i.target.value !== 'number') {
              bad(`${ip}.target.value`, '目标数值应为数字或空');
            }
          }
          if (!isObj(i.source)) bad(`${ip}.source`, '数据来源应为对象');
          if (i.scoring !== undefined) str(i.scoring, `${ip}.scoring`, '计分规则');
        });
      });
    });
  }
  if (problems.length > 0) {
    throw DomainError.invalidRows(`${year}年度指标模板格式有误：${problems.map((p) => `${p.field}：${p.message}`).join('；')}`, problems);
  }

  // Rebuild from known fields only (unknown fields are dropped), numbers as decimal strings.
  const s = (v: unknown) => (typeof v === 'number' ? String(v) : (v as string));
  const r = raw as unknown as IndicatorTemplate;
  const template: IndicatorTemplate = {
    year,
    budgetCounting: r.budgetCounting,
    budgetWeight: s(r.budgetWeight),
    firstLevels: r.firstLevels.map((f) => ({
      name: f.name,
      weight: s(f.weight),
      children: f.children.map((c) => ({
        name: c.name,
        indicators: c.indicators.map((i) => ({
          key: i.key,
          name: i.name,
          target: {
            direction: i.target.direction,
            value: i.target.value === null || i.target.value === undefined ? null : s(i.target.value),
            unit: i.target.unit ?? '',
            display: i.target.display,
          },
          weight: s(i.weight),
          source: i.source.kind === 'metric' ? { kind: 'metric', metric: i.source.metric } : ({ kind: i.source.kind } as IndicatorTemplate['firstLevels'][number]['children'][number]['indicators'][number]['source']),
          ...(i.scoring !== undefined ? { scoring: i.scoring } : {}),
        })),
      })),
    })),
  };
  return validateTemplate(template);
}
