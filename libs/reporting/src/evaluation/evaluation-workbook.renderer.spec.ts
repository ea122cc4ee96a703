import ExcelJS, { Worksheet } from 'exceljs';
import { defaultIndicatorTemplate } from '../../../domain/src/evaluation/default-template-2024';
import { computeEvaluation, EvaluationSnapshot } from './evaluation-snapshot';
import { evaluationWorkbookFileName, renderEvaluationWorkbook } from './evaluation-workbook.renderer';
import {
  referenceContext2024,
  referenceFigures2024,
  referenceFinanceInputs2024,
  referenceJudgements2024,
} from './fixtures/reference-2024.fixture';

function referenceSnapshot(overrides: { unitName?: string; deviation?: string } = {}): EvaluationSnapshot {
  const j = referenceJudgements2024();
  if (overrides.deviation !== undefined) j.deviations!['output.training_attendance'] = overrides.deviation;
  return computeEvaluation(defaultIndicatorTemplate(), referenceFinanceInputs2024(), referenceFigures2024(), j, {
    ...referenceContext2024(),
    ...(overrides.unitName ? { unitName: overrides.unitName } : {}),
  });
}

async function readBack(snap: EvaluationSnapshot): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // exceljs types want its own Buffer flavour; the bytes are the same
  await wb.xlsx.load((await renderEvaluationWorkbook(snap)) as unknown as ArrayBuffer);
  return wb;
}

/** Row number of the first cell in `col` whose value is `text`. */
function rowOf(ws: Worksheet, col: string, text: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(`${col}${r}`).value === text) return r;
  throw new Error(`${text} not found in column ${col}`);
}

function mergedRange(ws: Worksheet, address: string): string | undefined {
  const merges = (ws.model as unknown as { merges: string[] }).merges;
  return merges.find((m) => m.split(':')[0] === address);
}

describe('evaluation workbook: 附件2 (绩效自评表)', () => {
  let ws: Worksheet;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    wb = await readBack(referenceSnapshot());
    ws = wb.getWorksheet('附件2')!;
  });

  it('has the four sheets in order', () => {
    expect(wb.worksheets.map((s) => s.name)).toEqual(['附件2', '附件1', '取数说明', '数据校验']);
  });

  it('carries the official title and the unit', () => {
    expect(ws.getCell('A2').value).toBe('2024年度部门（单位）整体支出绩效自评表');
    expect(ws.getCell('A2').font.name).toBe('宋体');
    expect(mergedRange(ws, 'A2')).toBe('A2:I2');
    expect(ws.getCell('A3').value).toBe('区级预算部门（单位）名称');
    expect(ws.getCell('D3').value).toBe('株洲市芦淞区网格化管理服务中心');
  });

  it('fills the budget block with numbers: 248.94 / 239.32 / 186.94 / 10 / 78.11% / 7.81', () => {
    const r = rowOf(ws, 'B', '年度资金总额');
    expect(['D', 'E', 'F', 'G', 'H', 'I'].map((c) => ws.getCell(`${c}${r}`).value)).toEqual([248.94, 239.32, 186.94, 10, 0.7811, 7.81]);
    expect(ws.getCell(`D${r}`).numFmt).toBe('0.00');
    // 78.11% on screen: the number 0.7811 with a percent format
    expect(ws.getCell(`H${r}`).numFmt).toBe('0.00%');
    expect(ws.getCell(`I${r}`).numFmt).toBe('0.00');
    expect(ws.getCell(`G${r - 1}`).value).toBe('分值');
    const split = rowOf(ws, 'B', '其中：一般公共预算：');
    expect(ws.getCell(`E${split}`).value).toBe(239.32);
    expect(ws.getCell(`F${split}`).value).toBe('其中：基本支出：');
    expect(ws.getCell(`I${split}`).value).toBe(239.32);
    expect(mergedRange(ws, `A${r - 1}`)).toBe(`A${r - 1}:A${r + 5}`);
  });

  it('writes the goals', () => {
    const r = rowOf(ws, 'B', '预期目标');
    expect(ws.getCell(`F${r}`).value).toBe('实际完成情况');
    expect(String(ws.getCell(`B${r + 1}`).value)).toMatch(/^始终紧密围绕人民群众的需求/);
  });

  it('lists the indicators with merged 一级 (carrying the weight) and 二级 cells', () => {
    const header = rowOf(ws, 'B', '一级指标');
    expect(['C', 'D', 'E', 'F', 'G', 'H', 'I'].map((c) => ws.getCell(`${c}${header}`).value)).toEqual([
      '二级指标',
      '三级指标',
      '年度指标值',
      '实际完成值',
      '分值',
      '得分',
      '偏差原因分析及改进措施',
    ]);
    const first = header + 1;
    expect(ws.getCell(`B${first}`).value).toBe('产出指标(64分)');
    expect(mergedRange(ws, `B${first}`)).toBe(`B${first}:B${first + 13}`);
    expect(mergedRange(ws, `C${first}`)).toBe(`C${first}:C${first + 3}`);
    expect(ws.getCell(`C${first}`).value).toBe('数量指标');
    expect(ws.getCell(`B${first + 14}`).value).toBe('效益指标(17分)');
    expect(ws.getCell(`B${first + 19}`).value).toBe('满意度指标(10分)');
    expect(ws.getCell(`B${first + 21}`).value).toBe('成本指标(9分)');
    expect(mergedRange(ws, `A${header}`)).toBe(`A${header}:A${first + 23}`);
    expect(ws.getCell(`D${first + 23}`).value).toBe('设备成本');
  });

  it('shows 培训出勤率 with its actual value, 分值 3, the overridden 2 and the deviation reason', () => {
    const r = rowOf(ws, 'D', '培训出勤率');
    expect(['E', 'F', 'G', 'H'].map((c) => ws.getCell(`${c}${r}`).value)).toEqual(['≥95%', '93%', 3, 2]);
    expect(ws.getCell(`I${r}`).value).toBe('偏差原因：线上培训由于网格员一人多岗，工作与培训时间冲突。');
    expect(ws.getCell(`I${r}`).font.name).toBe('仿宋');
    expect(ws.getCell(`G${r}`).border.top?.style).toBe('thin');
  });

  it('takes the other computed actual values: 8个, 4次, 96%, 1%', () => {
    const actual = (name: string) => ws.getCell(`F${rowOf(ws, 'D', name)}`).value;
    expect(actual('开展考核考评工作涉及的镇（街道）数量')).toBe('8个');
    expect(actual('开展全科网格员培训次数')).toBe('4次');
    expect(actual('服务保障工作完成及时率')).toBe('96%');
    expect(actual('系统故障率')).toBe('1%');
  });

  it('ends with 总分 100 / 97 and the footer', () => {
    const r = rowOf(ws, 'A', '总分');
    expect(mergedRange(ws, `A${r}`)).toBe(`A${r}:F${r}`);
    expect(ws.getCell(`G${r}`).value).toBe(100);
    expect(ws.getCell(`H${r}`).value).toBe(97);
    expect(ws.getCell(`A${r + 2}`).value).toBe('填表人：龙利');
    expect(ws.getCell(`D${r + 2}`).value).toBe('填报日期：2025.10.14');
    expect(ws.getCell(`F${r + 2}`).value).toBe('联系电话：15873386679');
    expect(ws.getCell(`H${r + 2}`).value).toBe('单位负责人签字：');
  });

  it('prints on A4 portrait, fit to the width, with the indicator header repeated', () => {
    const header = rowOf(ws, 'B', '一级指标');
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.orientation).toBe('portrait');
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.pageSetup.printTitlesRow).toBe(`${header}:${header}`);
    expect(ws.headerFooter.oddHeader).toContain('草稿');
  });
});

describe('evaluation workbook: 附件1 (基础数据表)', () => {
  let ws: Worksheet;
  beforeAll(async () => {
    ws = (await readBack(referenceSnapshot())).getWorksheet('附件1')!;
  });

  it('carries the title and 财政供养人员情况 with 控制率 54.55%', () => {
    expect(ws.getCell('A2').value).toBe('2024年度部门（单位）整体支出绩效评价基础数据表');
    const r = rowOf(ws, 'A', '财政供养人员情况（人）');
    expect([ws.getCell(`B${r}`).value, ws.getCell(`D${r}`).value, ws.getCell(`F${r}`).value]).toEqual([
      '编制数',
      '2024年实际在职人数',
      '控制率',
    ]);
    expect([ws.getCell(`B${r + 1}`).value, ws.getCell(`D${r + 1}`).value, ws.getCell(`F${r + 1}`).value]).toEqual([11, 6, 0.5455]);
    // a real number shown as 54.55% by its format (exceljs does not apply formats when reading back)
    expect(ws.getCell(`F${r + 1}`).numFmt).toBe('0.00%');
  });

  it('lists the expense-control rows with the three year columns as amounts', () => {
    const h = rowOf(ws, 'A', '经费控制情况（万元）');
    expect([ws.getCell(`B${h}`).value, ws.getCell(`D${h}`).value, ws.getCell(`F${h}`).value]).toEqual([
      '2023年决算数',
      '2024年预算数',
      '2024年决算数',
    ]);
    const row = (label: string) => {
      const r = rowOf(ws, 'A', label);
      return [ws.getCell(`B${r}`).value, ws.getCell(`D${r}`).value, ws.getCell(`F${r}`).value];
    };
    expect(row('公用经费')).toEqual([12.19, 15.48, 83.84]);
    expect(row('1、业务工作经费')).toEqual([34.85, 91.26, 0]);
    expect(row('政府采购金额')).toEqual([26.7, 91.26, 24.66]);
    expect(row('部门基本支出预算调整')).toEqual(['——', 0, 0]);
    expect(row('其中：公车购置')).toEqual([0, 0, 0]);
    expect(ws.getCell(`B${rowOf(ws, 'A', '公用经费')}`).numFmt).toBe('0.00');
    expect(ws.getCell(`A${rowOf(ws, 'A', '其中：办公经费')}`).alignment.indent).toBe(2);
  });

  it('has the 楼堂馆所 and 厉行节约 blocks, the 说明 line and the footer', () => {
    const b = rowOf(ws, 'A', '楼堂馆所控制情况\n（2023年完工项目）');
    expect(ws.getCell(`G${b}`).value).toBe('投资概算\n控制率');
    expect(rowOf(ws, 'A', '厉行节约保障措施')).toBeGreaterThan(b);
    const note = rowOf(ws, 'A', '说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。');
    expect(ws.getCell(`A${note + 1}`).value).toBe('填表人：龙利');
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.printTitlesRow).toBe(`${rowOf(ws, 'A', '经费控制情况（万元）')}:${rowOf(ws, 'A', '经费控制情况（万元）')}`);
  });
});

describe('evaluation workbook: 取数说明 and 数据校验', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    wb = await readBack(referenceSnapshot());
  });

  it('explains each automatic value: definition, numerator, denominator, their values and the period', () => {
    const ws = wb.getWorksheet('取数说明')!;
    const r = rowOf(ws, 'A', '培训出勤率');
    expect(ws.getCell(`B${r}`).value).toBe('培训出勤率');
    expect(String(ws.getCell(`C${r}`).value)).toContain('迟到计为出勤');
    expect(ws.getCell(`D${r}`).value).toBe('出勤人次（出勤 + 迟到）');
    expect(ws.getCell(`E${r}`).value).toBe('应到人次（各场培训应参训网格员人数之和）');
    expect([ws.getCell(`F${r}`).value, ws.getCell(`G${r}`).value, ws.getCell(`H${r}`).value]).toEqual([186, 200, '93%']);
    expect(ws.getCell(`I${r}`).value).toBe('2024-01-01 至 2024-12-31');
    const max = rowOf(ws, 'A', '系统运行维护响应时间');
    expect(ws.getCell(`J${max}`).value).toBe('响应时间95%分位（分钟）：60');
    expect(ws.pageSetup.orientation).toBe('landscape');
  });

  it('records the proposed score beside the override, with author and reason', () => {
    const ws = wb.getWorksheet('取数说明')!;
    const rows: number[] = [];
    for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(`A${r}`).value === '培训出勤率') rows.push(r);
    const r = rows[1];
    expect([ws.getCell(`F${r}`).value, ws.getCell(`G${r}`).value, ws.getCell(`H${r}`).value]).toEqual([3, 2.94, 2]);
    expect(ws.getCell(`J${r}`).value).toBe(
      '由 2.94 调整为 2；调整人：龙利；理由：线上培训出勤不足，按实际培训效果评定；时间：2025-10-14 10:00',
    );
  });

  it('lists the findings with both numbers, and what blocks finalising', () => {
    const ws = wb.getWorksheet('数据校验')!;
    const r = rowOf(ws, 'B', '类别') + 1;
    expect([ws.getCell(`A${r}`).value, ws.getCell(`B${r}`).value, ws.getCell(`E${r}`).value, ws.getCell(`F${r}`).value]).toEqual([
      1,
      '矛盾',
      '0.00',
      '34.85',
    ]);
    expect(String(ws.getCell(`D${r}`).value)).toContain('附件1 项目支出·2023年决算数');
    expect(String(ws.getCell(`C${r + 2}`).value)).toContain('公用经费');
    expect([ws.getCell(`E${r + 2}`).value, ws.getCell(`F${r + 2}`).value]).toEqual(['83.84', '85.84']);
    expect(ws.getCell(`A${r + 4}`).value).toBe('二、尚不能定稿的原因');
    expect(String(ws.getCell(`B${r + 5}`).value)).toMatch(/^数据校验发现矛盾：/);
  });
});

describe('evaluation workbook: safety and names', () => {
  it('escapes text that would run as a formula', async () => {
    const wb = await readBack(
      referenceSnapshot({ unitName: '=HYPERLINK("http://x","点击")', deviation: '-1 分：培训时间冲突' }),
    );
    const ws = wb.getWorksheet('附件2')!;
    expect(ws.getCell('D3').value).toBe('\'=HYPERLINK("http://x","点击")');
    expect(ws.getCell(`I${rowOf(ws, 'D', '培训出勤率')}`).value).toBe("'-1 分：培训时间冲突");
    expect(ws.getCell('D3').formula).toBeUndefined();
  });

  it('names the file in Chinese, without characters a file system refuses', () => {
    expect(evaluationWorkbookFileName({ year: 2024, unitName: '株洲市芦淞区网格化管理服务中心' })).toBe(
      '2024年度整体支出绩效自评表（株洲市芦淞区网格化管理服务中心）.xlsx',
    );
    expect(evaluationWorkbookFileName({ year: 2024, unitName: 'a/b:c' })).toBe('2024年度整体支出绩效自评表（a_b_c）.xlsx');
  });
});
