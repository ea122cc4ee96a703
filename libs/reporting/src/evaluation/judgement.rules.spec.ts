import { defaultIndicatorTemplate } from '../../../domain/src/evaluation/default-template-2024';
import { findIndicator } from '../../../domain/src/evaluation/indicator-template';
import { applyJudgementChange, emptyJudgement, judgementsForTemplate } from './judgement.rules';

const template = defaultIndicatorTemplate(2024);
const ind = (key: string) => findIndicator(template, key)!;
const by = { author: '龙利', at: '2025-01-10T02:00:00.000Z' };

describe('judgements', () => {
  it('records an override with the caller as author and keeps fields left out', () => {
    const a = applyJudgementChange(ind('output.training_attendance'), emptyJudgement('output.training_attendance'), { override: { score: '2', reason: ' 按实际效果评定 ' } }, by);
    expect(a.override).toEqual({ score: '2.00', reason: '按实际效果评定', author: '龙利', at: by.at });
    const b = applyJudgementChange(ind('output.training_attendance'), a, { deviationReason: '偏差原因：时间冲突。' }, by);
    expect(b).toMatchObject({ override: a.override, deviationReason: '偏差原因：时间冲突。' });
    expect(applyJudgementChange(ind('output.training_attendance'), b, { override: null }, by).override).toBeNull();
  });

  it('grades only graded indicators, within the tier', () => {
    const key = 'output.basic_data_updates';
    expect(applyJudgementChange(ind(key), emptyJudgement(key), { grade: { tier: 'partial', score: '3' } }, by).grade).toEqual({ tier: 'partial', score: '3.00', author: '龙利' });
    expect(() => applyJudgementChange(ind(key), emptyJudgement(key), { grade: { tier: 'partial', score: '4' } }, by)).toThrow('评为“部分达成”时得分应在 [3, 4) 之间，填写的是 4');
    expect(() => applyJudgementChange(ind('output.training_sessions'), emptyJudgement('output.training_sessions'), { grade: { tier: 'achieved', score: '5' } }, by)).toThrow(
      '按数据自动计分，不评定等级',
    );
  });

  it('takes a manual number only for a quantitative indicator, normalised', () => {
    expect(applyJudgementChange(ind('cost.village_assessment_fee'), emptyJudgement('cost.village_assessment_fee'), { manualValue: '19.80' }, by).manualValue).toBe('19.8');
    expect(() => applyJudgementChange(ind('cost.equipment'), emptyJudgement('cost.equipment'), { manualValue: '1' }, by)).toThrow('是定性指标，实际完成值只填文字');
    expect(() => applyJudgementChange(ind('cost.village_assessment_fee'), emptyJudgement('cost.village_assessment_fee'), { manualValue: '-1' }, by)).toThrow('实际完成值“-1”无效');
  });

  it('leaves out, and lists, what no longer fits the template', () => {
    const t = defaultIndicatorTemplate(2024);
    t.firstLevels[0].children[1].indicators[3].weight = '3';
    t.firstLevels[0].children[1].indicators[1].weight = '7';
    const { judgements, ignored } = judgementsForTemplate(t, [
      { ...emptyJudgement('gone.key'), deviationReason: 'x' },
      { ...emptyJudgement('output.basic_data_updates'), grade: { tier: 'achieved', score: '4.00', author: null } },
      { ...emptyJudgement('output.equipment_quality'), manualValue: '1', manualDisplay: '合格' },
    ]);
    expect(judgements.grades).toEqual({});
    expect(judgements.actuals).toEqual({ 'output.equipment_quality': { display: '合格' } });
    expect(ignored).toEqual([
      '指标模板中已没有标识为“gone.key”的三级指标，其填报内容未采用',
      '“更新基础信息数据”评定的等级“达成”未采用：评为“达成”时得分应在 [2.4, 3] 之间，填写的是 4',
      '“采购设备质量合格率”是定性指标，手工填写的数值未采用',
    ]);
  });
});
