import ExcelJS from 'exceljs';
import { Dec } from '@app/domain/common/decimal';
import { buildHeadcountTable, deriveHeadcount } from '@app/domain/assessment/headcount.rules';
import { headcountFileName, renderHeadcountWorkbook } from './headcount.renderer';

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

function rowValues(ws: ExcelJS.Worksheet, r: number, n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => ws.getCell(r, i + 1).value);
}

function findRow(ws: ExcelJS.Worksheet, col: number, text: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, col).value === text) return r;
  throw new Error(`no row with ${text}`);
}

const derived = deriveHeadcount(2024, 2, [
  { workerId: '1', streetId: 'S1', employment: [{ kind: 'hire', date: '2019-03-01' }] },
  { workerId: '2', streetId: 'S1', employment: [{ kind: 'hire', date: '2024-05-20' }] }, // June only
  { workerId: '3', streetId: 'S2', employment: [{ kind: 'hire', date: '2019-03-01' }, { kind: 'leave', date: '2024-05-10' }] }, // April only
  { workerId: '4', streetId: 'S2', employment: [{ kind: 'hire', date: '2024-06-25' }] }, // 0, corrected to 1
]);
const table = buildHeadcountTable(2024, 2, derived, [{ workerId: '4', months: 1, reason: '6月1日起实际到岗，名册登记滞后' }], {
  monthlyStandard: new Dec('1234.56'),
});

const input = {
  table,
  unitName: '芦淞区网格化管理服务中心',
  streetNames: { S1: '白关镇', S2: '龙泉街道' },
  workers: {
    '1': { name: '张三', communityName: '白关社区', gridName: '第1网格', idNumber: '430203199001011234' },
    '2': { name: '李四', communityName: '白关社区', gridName: '第2网格', idNumber: null },
    '3': { name: '王五', communityName: '龙泉社区', gridName: '第3网格' },
    '4': { name: '-赵六', communityName: '龙泉社区', gridName: '第4网格' },
  },
  streetStatus: { S1: 'confirmed' as const, S2: 'pending' as const },
};

describe('quarterly headcount workbook', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    wb = await load(await renderHeadcountWorkbook(input));
  });

  it('has a summary sheet and one per street', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['全区汇总', '白关镇', '龙泉街道']);
    const ws = wb.getWorksheet('全区汇总')!;
    expect(ws.getCell('A1').value).toBe('2024年第2季度网格员在岗情况核实表');
    expect(ws.getCell('A2').value).toBe('填报单位：芦淞区网格化管理服务中心　月度奖金标准：1234.56元/人·月');
    expect(headcountFileName(2024, 2)).toBe('2024年第2季度网格员在岗情况核实表.xlsx');
  });

  it('lists workers with months and bonus base, a subtotal per street and the district total', () => {
    const ws = wb.getWorksheet('全区汇总')!;
    const h = findRow(ws, 1, '序号');
    expect(rowValues(ws, h, 11)).toEqual([
      '序号',
      '镇（街道）',
      '社区（村）',
      '网格',
      '姓名',
      '身份证号',
      '系统核定\n在岗月数',
      '镇街更正\n月数',
      '更正原因',
      '核定\n在岗月数',
      '奖金基数（元）',
    ]);
    expect(rowValues(ws, h + 1, 11)).toEqual([1, '白关镇', '白关社区', '第1网格', '张三', '430***********1234', 3, null, null, 3, 3703.68]);
    expect(rowValues(ws, h + 2, 11)).toEqual([2, '白关镇', '白关社区', '第2网格', '李四', '', 1, null, null, 1, 1234.56]);
    const sub1 = rowValues(ws, h + 3, 11);
    expect(sub1[0]).toBe('白关镇小计（2人）');
    expect(sub1.slice(6)).toEqual([4, null, null, 4, 4938.24]);
    expect(rowValues(ws, h + 4, 11)).toEqual([3, '龙泉街道', '龙泉社区', '第3网格', '王五', '', 1, null, null, 1, 1234.56]);
    expect(rowValues(ws, h + 5, 11)).toEqual([4, '龙泉街道', '龙泉社区', '第4网格', "'-赵六", '', 0, 1, '6月1日起实际到岗，名册登记滞后', 1, 1234.56]);
    const sub2 = rowValues(ws, h + 6, 11);
    expect(sub2[0]).toBe('龙泉街道小计（2人）');
    expect(sub2.slice(6)).toEqual([1, null, null, 2, 2469.12]);
    const total = rowValues(ws, h + 7, 11);
    expect(total[0]).toBe('全区合计（4人）');
    expect(total.slice(6)).toEqual([5, null, null, 6, 7407.36]);
    expect(ws.getCell(h + 7, 11).numFmt).toBe('#,##0.00');
    expect(ws.getCell(h + 7, 1).font.bold).toBe(true);
    expect(ws.pageSetup.printTitlesRow).toBe(`${h}:${h}`);
    expect(ws.pageSetup.paperSize).toBe(9);
  });

  it('gives each street its own sheet with its subtotal and signature lines', () => {
    const ws = wb.getWorksheet('龙泉街道')!;
    expect(ws.getCell('A2').value).toBe('镇（街道）：龙泉街道（待镇街核实）　月度奖金标准：1234.56元/人·月');
    const h = findRow(ws, 1, '序号');
    expect(ws.getCell(h + 1, 1).value).toBe(1);
    expect(ws.getCell(h + 3, 1).value).toBe('龙泉街道小计（2人）');
    expect(ws.getCell(h + 3, 11).value).toBe(2469.12);
    const texts = Array.from({ length: ws.rowCount }, (_, i) => String(ws.getCell(i + 1, 1).value ?? ''));
    expect(texts.some((t) => t.includes('镇街经办人（签字）') && t.includes('审核人（签字）'))).toBe(true);
    expect(texts.some((t) => t.includes('全区合计'))).toBe(false);
    expect(wb.getWorksheet('白关镇')!.getCell('A2').value).toContain('镇街已确认');
  });
});
