import { DomainError } from '../../../domain/src/errors/domain-error';
import { financeFromSheetRows, financeSheetRows, parseFinanceInputs } from './finance-document';
import { emptyFinanceInputs } from './finance-inputs';
import { referenceFinanceInputs2024 } from './fixtures/reference-2024.fixture';

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('finance document', () => {
  it('round-trips the reference inputs as JSON, amounts as decimal strings', () => {
    const ref = referenceFinanceInputs2024();
    expect(parseFinanceInputs(JSON.parse(JSON.stringify(ref)), 2024)).toEqual(ref);
  });

  it('refuses wrong types with their path and bad amounts with their label', () => {
    expect(refusal(() => parseFinanceInputs({ budget: 'x', control: { projectItems: {} }, staffing: { actual: '6.5' } }, 2024)).problems).toEqual([
      { field: 'budget', message: '应为对象' },
      { field: 'control.projectItems', message: '应为列表' },
      { field: 'staffing.actual', message: '实际在职人数应为非负整数' },
    ]);
    expect(refusal(() => parseFinanceInputs({ budget: { total: { budget: '1.234' } } }, 2024)).problems).toEqual([
      { field: 'budget.total.budget', message: '附件2 年度资金总额·全年预算数：最多保留两位小数（填写的是 1.234）' },
    ]);
  });

  it('reads the import sheet back into the same inputs, keeping the report-text figures of the base', () => {
    const ref = referenceFinanceInputs2024();
    const rows = financeSheetRows(ref).map((r, i) => ({ row: i + 4, code: r.code, value: r.value }));
    expect(financeFromSheetRows(rows, 2024, ref)).toEqual(ref);
    const blank = financeSheetRows(emptyFinanceInputs(2024));
    expect(blank.find((r) => r.code === 'control.projectItems.0.name')).toMatchObject({ value: '业务工作经费', unit: '文本' });
  });

  it('collects every bad row of a sheet with its row number and writes nothing', () => {
    const e = refusal(() =>
      financeFromSheetRows(
        [
          { row: 4, code: 'budget.total.budget', value: 239.325 },
          { row: 5, code: 'budget.total.nope', value: 1 },
          { row: 6, code: 'budget.total.budget', value: 1 },
          { row: 7, code: 'control.projectItems.3.currentFinal', value: 2 },
        ],
        2024,
      ),
    );
    expect(e.message).toMatch(/^导入失败，未写入任何数据：/);
    expect(e.problems.map((p) => [p.row, p.message])).toEqual([
      [4, '第4行：附件2 年度资金总额·全年预算数：最多保留两位小数（填写的是 239.325）'],
      [5, '第5行：栏目编码“budget.total.nope”不存在，请使用下载的导入模板'],
      [6, '第6行：栏目编码“budget.total.budget”与第4行重复'],
      [7, '第7行：项目支出第4行填写了金额但缺少项目名称'],
    ]);
  });
});
