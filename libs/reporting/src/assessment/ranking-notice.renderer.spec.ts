import ExcelJS from 'exceljs';
import { MonthlyScoreRow, rankQuarter } from '@app/domain/assessment/ranking.rules';
import { rankingNoticeFileName, renderRankingNotice } from './ranking-notice.renderer';

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

const row = (workerId: string, streetId: string, month: number, score: string): MonthlyScoreRow => ({ workerId, streetId, year: 2024, month, score });

// Q2 2024: w2 hired in May (no April score), w3 left in May (no June), w1 and w4 tie at 98.00
const ranking = rankQuarter(2024, 2, [
  row('1', 'S1', 4, '98'),
  row('1', 'S1', 5, '97'),
  row('1', 'S1', 6, '99'),
  row('2', 'S1', 5, '96'),
  row('2', 'S1', 6, '100'),
  row('3', 'S2', 4, '95.5'),
  row('3', 'S2', 5, '96'),
  row('4', 'S2', 4, '99'),
  row('4', 'S2', 5, '97.5'),
  row('4', 'S2', 6, '97.5'),
]);

const input = {
  ranking,
  version: 2,
  publishedAt: new Date('2024-07-05T02:30:00Z'), // 10:30 in Shanghai
  unitName: '芦淞区网格化管理服务中心',
  streetNames: new Map([
    ['S1', '白关镇'],
    ['S2', '龙泉街道'],
  ]),
  workers: {
    '1': { name: '张三', communityName: '白关社区', gridName: '第1网格' },
    '2': { name: '@李四', communityName: '白关社区', gridName: '第2网格' },
    '3': { name: '王五', communityName: '龙泉社区', gridName: '第3网格' },
    '4': { name: '赵六', communityName: '龙泉社区', gridName: '第4网格' },
  },
};

describe('quarterly ranking notice workbook', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    wb = await load(await renderRankingNotice(input));
  });

  it('titles the notice with the quarter, and shows version and Shanghai publish time', () => {
    const ss = wb.getWorksheet('镇街排名')!;
    expect(ss.getCell('A1').value).toBe('2024年第2季度网格员考核排名通报');
    expect(ss.getCell('A2').value).toBe('第2版　发布时间：2024-07-05 10:30　发布单位：芦淞区网格化管理服务中心');
    expect(rankingNoticeFileName(2024, 2, 2)).toBe('2024年第2季度网格员考核排名通报（第2版）.xlsx');
  });

  it('ranks the streets by the mean of their workers', () => {
    const ss = wb.getWorksheet('镇街排名')!;
    const h = findRow(ss, 1, '名次');
    expect(rowValues(ss, h, 4)).toEqual(['名次', '镇（街道）', '参加排名人数', '平均得分']);
    // S1: (98 + 98) / 2; S2: (95.75 + 98) / 2 = 96.875 → 96.88
    expect(rowValues(ss, h + 1, 4)).toEqual([1, '白关镇', 2, 98]);
    expect(rowValues(ss, h + 2, 4)).toEqual([2, '龙泉街道', 2, 96.88]);
    expect(ss.getCell(h + 2, 4).numFmt).toBe('0.00');
    expect(ss.pageSetup.printTitlesRow).toBe(`${h}:${h}`);
  });

  it('ranks every worker district-wide with monthly scores, a dash for a month not assessed, and shared ranks', () => {
    const ws = wb.getWorksheet('网格员排名')!;
    const h = findRow(ws, 1, '名次');
    expect(rowValues(ws, h, 10)).toEqual(['名次', '镇（街道）', '镇街内名次', '社区（村）', '网格', '姓名', '4月得分', '5月得分', '6月得分', '季度得分']);
    expect(rowValues(ws, h + 1, 10)).toEqual([1, '白关镇', 1, '白关社区', '第1网格', '张三', 98, 97, 99, 98]);
    expect(rowValues(ws, h + 2, 10)).toEqual([1, '白关镇', 1, '白关社区', '第2网格', "'@李四", '—', 96, 100, 98]);
    expect(rowValues(ws, h + 3, 10)).toEqual([1, '龙泉街道', 1, '龙泉社区', '第4网格', '赵六', 99, 97.5, 97.5, 98]);
    expect(rowValues(ws, h + 4, 10)).toEqual([4, '龙泉街道', 2, '龙泉社区', '第3网格', '王五', 95.5, 96, '—', 95.75]);
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.printTitlesRow).toBe(`${h}:${h}`);
  });

  it('marks a draft as not published', async () => {
    const draft = await load(await renderRankingNotice({ ...input, version: 1, publishedAt: null }));
    expect(draft.getWorksheet('网格员排名')!.getCell('A2').value).toBe('第1版　草稿，未发布　发布单位：芦淞区网格化管理服务中心');
  });

  it('refuses to render a worker it has no name for', async () => {
    await expect(renderRankingNotice({ ...input, workers: {} })).rejects.toThrow('worker 1 is missing');
  });
});
