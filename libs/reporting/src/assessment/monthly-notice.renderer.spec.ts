import ExcelJS from 'exceljs';
import { summariseSpotChecks } from '@app/domain/assessment/spot-check-summary.rules';
import { MonthlyNoticeProblem, monthlyNoticeFileName, renderMonthlyNotice } from './monthly-notice.renderer';

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

/** Values of a row from column 1, as read back. */
function rowValues(ws: ExcelJS.Worksheet, r: number, n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => ws.getCell(r, i + 1).value);
}

function findRow(ws: ExcelJS.Worksheet, col: number, text: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, col).value === text) return r;
  throw new Error(`no row with ${text}`);
}

const streetNames = { S1: '白关镇', S2: '龙泉街道', S3: '董家塅街道' };

const summary = summariseSpotChecks(
  ['S1', 'S2', 'S3'],
  [
    { checkId: 'c1', streetId: 'S1', workerId: 'w1', checkDay: '2024-04-01' },
    { checkId: 'c2', streetId: 'S1', workerId: 'w1', checkDay: '2024-04-12' },
    { checkId: 'c3', streetId: 'S1', workerId: 'w2', checkDay: '2024-04-18' },
    { checkId: 'c4', streetId: 'S2', workerId: 'w3', checkDay: '2024-04-25' },
  ],
  [
    { checkId: 'c1', streetId: 'S1', deduction: '1.5', rectification: { status: 'closed', deadline: '2024-04-08' } },
    { checkId: 'c2', streetId: 'S1', deduction: '2', rectification: { status: 'pending', deadline: '2024-04-30' } },
    { checkId: 'c3', streetId: 'S1', deduction: '0.5', rectification: null },
    { checkId: 'c4', streetId: 'S2', deduction: '3', rectification: { status: 'reported', deadline: '2024-05-10' } },
  ],
  '2024-05-06',
);

const problems: MonthlyNoticeProblem[] = [
  {
    streetName: '白关镇',
    communityName: '白关社区',
    gridName: '第1网格',
    workerName: '张三',
    checkDay: '2024-04-01',
    itemName: '入户走访记录',
    deduction: '1.5',
    problem: '=HYPERLINK("x") 走访记录缺失',
    rectification: { status: 'closed', deadline: '2024-04-08' },
  },
  {
    streetName: '白关镇',
    communityName: '白关社区',
    gridName: '第1网格',
    workerName: '张三',
    checkDay: '2024-04-12',
    itemName: '巡查日志',
    deduction: '2',
    problem: '巡查日志缺3天',
    rectification: { status: 'pending', deadline: '2024-04-30' },
  },
  {
    streetName: '白关镇',
    communityName: '丫江桥村',
    gridName: '第2网格',
    workerName: '李四',
    checkDay: '2024-04-18',
    itemName: '基础信息录入质量',
    deduction: '0.5',
    problem: '1户人口信息未更新',
    rectification: null,
  },
  {
    streetName: '龙泉街道',
    communityName: '龙泉社区',
    gridName: '第3网格',
    workerName: '王五',
    checkDay: '2024-04-25',
    itemName: '事件上报及时性',
    deduction: '3',
    problem: '安全隐患超时2天上报',
    rectification: { status: 'reported', deadline: '2024-05-10' },
  },
];

describe('monthly notice workbook', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    wb = await load(await renderMonthlyNotice({ year: 2024, month: 4, unitName: '芦淞区网格化管理服务中心', summary, streetNames, problems }));
  });

  it('titles the notice by month', () => {
    const ws = wb.getWorksheet('抽查情况')!;
    expect(ws.getCell('A1').value).toBe('2024年4月网格员工作抽查情况通报');
    expect(ws.getCell('A2').value).toBe('统计期间：2024年4月1日至2024年4月30日　整改情况统计截至：2024年5月6日');
    expect(String(ws.getCell('A3').value)).toContain('共抽查网格员工作4次，涉及网格员3人，发现问题4个，扣分合计7.00分');
    expect(monthlyNoticeFileName(2024, 4)).toBe('2024年4月网格员工作抽查情况通报.xlsx');
  });

  it('lists by street the checks, problems and rectification figures, with a total', () => {
    const ws = wb.getWorksheet('抽查情况')!;
    const h = findRow(ws, 1, '序号');
    expect(rowValues(ws, h, 11)).toEqual(['序号', '镇（街道）', '抽查次数', '抽查人数', '发现问题数', '扣分合计', '需整改数', '已销号', '未销号', '其中逾期', '销号率']);
    expect(rowValues(ws, h + 1, 11)).toEqual([1, '白关镇', 3, 2, 3, 4, 2, 1, 1, 1, 0.5]);
    expect(rowValues(ws, h + 2, 11)).toEqual([2, '龙泉街道', 1, 1, 1, 3, 1, 0, 1, 0, 0]);
    expect(rowValues(ws, h + 3, 11)).toEqual([3, '董家塅街道', 0, 0, 0, 0, 0, 0, 0, 0, '—']);
    expect(rowValues(ws, h + 4, 11)).toEqual(['合计', '合计', 4, 3, 4, 7, 3, 1, 2, 1, 0.3333]);
    expect(ws.getCell(h + 1, 6).numFmt).toBe('0.00');
    expect(ws.getCell(h + 1, 11).numFmt).toBe('0.00%');
    expect(ws.pageSetup.printTitlesRow).toBe(`${h}:${h}`);
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.getCell(h + 1, 2).font.name).toBe('宋体');
  });

  it('details every problem with its rectification status on the as-of day, text escaped', () => {
    const ds = wb.getWorksheet('问题清单')!;
    const h = findRow(ds, 1, '序号');
    expect(rowValues(ds, h, 11)).toEqual(['序号', '镇（街道）', '社区（村）', '网格', '网格员', '抽查日期', '抽查项目', '扣分', '问题描述', '整改期限', '整改状态']);
    expect(rowValues(ds, h + 1, 11)).toEqual([1, '白关镇', '白关社区', '第1网格', '张三', '2024-04-01', '入户走访记录', 1.5, `'=HYPERLINK("x") 走访记录缺失`, '2024-04-08', '已销号']);
    expect(ds.getCell(h + 2, 11).value).toBe('待整改（逾期）');
    expect(rowValues(ds, h + 3, 11).slice(7)).toEqual([0.5, '1户人口信息未更新', '—', '无需整改']);
    expect(ds.getCell(h + 4, 11).value).toBe('已整改待核销');
    expect(ds.pageSetup.orientation).toBe('landscape');
    expect(ds.pageSetup.printTitlesRow).toBe(`${h}:${h}`);
  });
});
