import type { Workbook } from 'exceljs';
import { quarterMonths } from '@app/domain/calendar/shanghai';
import { QuarterRanking } from '@app/domain/assessment/ranking.rules';
import { newWorkbook, setupA4, workbookBuffer } from '../xlsx/workbook-style';
import { lookup, Lookup, NoticeColumn, num, setColumns, shanghaiDateTime, writeHeader, writeLine, writeRow } from './notice-sheet.helpers';

export interface RankedWorkerNames {
  name: string;
  communityName: string;
  gridName: string;
}

export interface RankingNoticeInput {
  /** From `rankQuarter` (or the SQL ranking mapped to the same shape). */
  ranking: QuarterRanking;
  /** Version of the published ranking, 1 for the first publication. */
  version: number;
  /** Null for a draft: the subtitle then says it is not published. */
  publishedAt: Date | null;
  unitName: string;
  streetNames: Lookup<string>;
  workers: Lookup<RankedWorkerNames>;
}

export function rankingNoticeTitle(year: number, quarter: number): string {
  return `${year}年第${quarter}季度网格员考核排名通报`;
}

export function rankingNoticeFileName(year: number, quarter: number, version: number): string {
  return `${rankingNoticeTitle(year, quarter)}（第${version}版）.xlsx`;
}

const STREET_COLUMNS: NoticeColumn[] = [
  { header: '名次', width: 10 },
  { header: '镇（街道）', width: 26 },
  { header: '参加排名人数', width: 18 },
  { header: '平均得分', width: 18, numFmt: '0.00' },
];

function workerColumns(quarter: number): NoticeColumn[] {
  return [
    { header: '名次', width: 7 },
    { header: '镇（街道）', width: 12 },
    { header: '镇街内名次', width: 11 },
    { header: '社区（村）', width: 13 },
    { header: '网格', width: 12 },
    { header: '姓名', width: 9 },
    ...quarterMonths(quarter).map((m): NoticeColumn => ({ header: `${m}月得分`, width: 9, numFmt: '0.00' })),
    { header: '季度得分', width: 10, numFmt: '0.00' },
  ];
}

const RULE_NOTE =
  '注：季度得分为网格员本季度参加考核月份月度得分的平均值，四舍五入保留两位小数；按保留两位小数后的得分排名，得分相同者名次并列，其后名次顺延。' +
  '“—”表示该月不在岗、未参加考核。镇（街道）平均得分为其网格员季度得分的平均值。';

function subtitle(input: RankingNoticeInput): string {
  const state = input.publishedAt ? `发布时间：${shanghaiDateTime(input.publishedAt)}` : '草稿，未发布';
  return `第${input.version}版\u3000${state}\u3000发布单位：${input.unitName}`;
}

export function buildRankingNotice(input: RankingNoticeInput): Workbook {
  const { year, quarter } = input.ranking;
  const title = rankingNoticeTitle(year, quarter);
  const wb = newWorkbook();

  const ss = wb.addWorksheet('镇街排名');
  setColumns(ss, STREET_COLUMNS);
  let r = writeLine(ss, 1, STREET_COLUMNS.length, title, { kind: 'title' });
  r = writeLine(ss, r, STREET_COLUMNS.length, subtitle(input), { kind: 'subtitle', height: 22 });
  r = writeLine(ss, r, STREET_COLUMNS.length, '一、镇（街道）排名', { kind: 'subtitle', height: 22 });
  const sh = r;
  r = writeHeader(ss, r, STREET_COLUMNS);
  for (const s of input.ranking.streets) {
    r = writeRow(ss, r, STREET_COLUMNS, [s.rank, lookup(input.streetNames, s.streetId, 'street'), s.workerCount, num(s.score)]);
  }
  writeLine(ss, r, STREET_COLUMNS.length, RULE_NOTE);
  setupA4(ss, { repeatRows: `${sh}:${sh}` });

  const cols = workerColumns(quarter);
  const ws = wb.addWorksheet('网格员排名');
  setColumns(ws, cols);
  let w = writeLine(ws, 1, cols.length, title, { kind: 'title' });
  w = writeLine(ws, w, cols.length, subtitle(input), { kind: 'subtitle', height: 22 });
  w = writeLine(ws, w, cols.length, `二、网格员全区排名（共${input.ranking.workers.length}人）`, { kind: 'subtitle', height: 22 });
  const wh = w;
  w = writeHeader(ws, w, cols);
  for (const x of input.ranking.workers) {
    const names = lookup(input.workers, x.workerId, 'worker');
    w = writeRow(ws, w, cols, [
      x.rank,
      lookup(input.streetNames, x.streetId, 'street'),
      x.streetRank,
      names.communityName,
      names.gridName,
      names.name,
      ...x.monthlyScores.map((s) => (s === null ? '—' : num(s))),
      num(x.quarterScore),
    ]);
  }
  writeLine(ws, w, cols.length, RULE_NOTE);
  setupA4(ws, { repeatRows: `${wh}:${wh}`, orientation: 'landscape' });
  return wb;
}

export async function renderRankingNotice(input: RankingNoticeInput): Promise<Buffer> {
  return workbookBuffer(buildRankingNotice(input));
}
