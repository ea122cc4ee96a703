import type { EChartsCoreOption } from 'echarts/core';
import { http, Page } from '../api';
import { currentYear, todayShanghai } from '../format';
import { can, hasApi } from '../session';

export interface DashboardStat {
  key: string;
  label: string;
  value: number | string | null;
  note?: string;
  cls?: string;
}

export interface DashboardCard {
  key: string;
  title: string;
  option?: EChartsCoreOption;
  rows?: Array<Record<string, unknown>>;
  columns?: Array<{ prop: string; label: string; width?: number }>;
  empty?: string;
}

const OPEN_STATES: Array<[string, string]> = [
  ['reported', '已上报'],
  ['accepted', '已受理'],
  ['dispatched', '已派遣'],
  ['handling', '处置中'],
  ['feedback', '已反馈'],
  ['verifying', '核查中'],
];

const total = (p: Promise<Page<unknown>>) => p.then((x) => x.total);

async function cases(): Promise<{ stats: DashboardStat[]; cards: DashboardCard[] }> {
  const counts = await Promise.all(OPEN_STATES.map(([state]) => total(http.get('/cases', { state, pageSize: 1 }))));
  const overdue = await total(http.get('/cases', { overdue: true, pageSize: 1 }));
  const open = counts.reduce((s, n) => s + n, 0);
  return {
    stats: [
      { key: 'cases-open', label: '在办事件', value: open, note: '件（未结案）' },
      { key: 'cases-overdue', label: '超期事件', value: overdue, note: '件（已自动督办）', cls: overdue ? 'danger' : '' },
    ],
    cards: [
      {
        key: 'cases-by-state',
        title: '在办事件（按状态）',
        ...(open
          ? {
              option: {
                tooltip: { trigger: 'item' },
                legend: { orient: 'vertical', right: 10, top: 'middle' },
                series: [{ type: 'pie', radius: ['40%', '70%'], center: ['40%', '50%'], data: OPEN_STATES.map(([, name], i) => ({ name, value: counts[i] })).filter((d) => d.value), label: { formatter: '{b} {c}' } }],
              },
            }
          : { empty: '暂无在办事件' }),
      },
    ],
  };
}

async function checks(): Promise<{ stats: DashboardStat[]; cards: DashboardCard[] }> {
  const month = todayShanghai().slice(0, 7);
  const [made, pending, overdue] = await Promise.all([
    total(http.get('/spot-checks', { month, pageSize: 1 })),
    total(http.get('/rectifications', { status: 'pending', pageSize: 1 })),
    total(http.get('/rectifications', { overdue: true, pageSize: 1 })),
  ]);
  return {
    stats: [
      { key: 'checks-month', label: '本月抽查', value: made, note: `次（${Number(month.slice(5))}月）` },
      { key: 'rect-pending', label: '待整改问题', value: pending, note: overdue ? `其中超期 ${overdue} 项` : '无超期', cls: overdue ? 'danger' : '' },
    ],
    cards: [],
  };
}

interface Session { title: string; day: string; state: string; tally: { rate: string | null } | null }
async function attendance(): Promise<{ stats: DashboardStat[]; cards: DashboardCard[] }> {
  const year = currentYear();
  type Figures = { year: number; sessions: Session[]; tally: { rateText: string | null }; targets: { rate: string } | null };
  // the latest of the last three years with a held session
  let f = await http.get<Figures>('/trainings/figures', { year });
  for (let y = year - 1; y >= year - 2 && !f.sessions.some((s) => s.state === 'held'); y--) f = await http.get<Figures>('/trainings/figures', { year: y });
  const held = f.sessions.filter((s) => s.state === 'held' && s.tally?.rate);
  return {
    stats: [],
    cards: [
      {
        key: 'attendance-trend',
        title: `${f.year}年培训出勤率（全年 ${f.tally.rateText ?? '—'}${f.targets ? `，目标 ≥${(Number(f.targets.rate) * 100).toFixed(0)}%` : ''}）`,
        ...(held.length
          ? {
              option: {
                tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${Number(v).toFixed(2)}%` },
                grid: { left: 48, right: 20, top: 20, bottom: 40 },
                xAxis: { type: 'category', data: held.map((s) => s.day.slice(5)) },
                yAxis: { type: 'value', min: (v: { min: number }) => Math.max(0, Math.floor(v.min - 5)), max: 100, axisLabel: { formatter: '{value}%' } },
                series: [
                  { type: 'line', name: '出勤率', data: held.map((s) => Number((Number(s.tally!.rate) * 100).toFixed(2))), label: { show: true, formatter: '{c}%' }, itemStyle: { color: '#c0392b' } },
                  ...(f.targets ? [{ type: 'line', name: '目标', data: held.map(() => Number(f.targets!.rate) * 100), lineStyle: { type: 'dashed' }, symbol: 'none', itemStyle: { color: '#909399' } }] : []),
                ],
              },
            }
          : { empty: '本年度尚无已举办的培训' }),
      },
    ],
  };
}

interface RankingVersion { id: number; year: number; quarter: number; status: string; version: number | null }
async function ranking(): Promise<{ stats: DashboardStat[]; cards: DashboardCard[] }> {
  const year = currentYear();
  // the latest published ranking of the last three years (else the latest draft)
  let versions = await http.get<RankingVersion[]>('/rankings', { year });
  for (let y = year - 1; y >= year - 2 && !versions.some((v) => v.status === 'published'); y--) {
    const older = await http.get<RankingVersion[]>('/rankings', { year: y });
    if (older.some((v) => v.status === 'published')) versions = older;
  }
  const published = versions.filter((v) => v.status === 'published').sort((a, b) => b.quarter - a.quarter);
  const v = published[0] ?? versions.sort((a, b) => b.quarter - a.quarter)[0];
  if (!v) return { stats: [], cards: [{ key: 'ranking', title: '季度排名', empty: '尚无季度排名' }] };
  const d = await http.get<{ streets: Array<{ rank: number; street: { name: string }; score: string }>; workers: { total: number; items: WorkerRank[] } }>(`/rankings/${v.id}`, { pageSize: 5 });
  const lastPage = Math.max(1, Math.ceil(d.workers.total / 5));
  const bottom = lastPage > 1 ? (await http.get<{ workers: { items: WorkerRank[] } }>(`/rankings/${v.id}`, { pageSize: 5, page: lastPage })).workers.items : [];
  const rows = [
    ...d.workers.items.map((w) => ({ group: '前五', rank: w.rank, name: w.worker.name, street: w.street.name, score: w.quarterScore })),
    ...bottom.map((w) => ({ group: '后五', rank: w.rank, name: w.worker.name, street: w.street.name, score: w.quarterScore })),
  ];
  const title = `${v.year}年第${v.quarter}季度排名${v.status === 'published' ? '' : '（草稿）'}`;
  return {
    stats: [],
    cards: [
      {
        key: 'ranking-streets',
        title: `${title}：镇（街道）平均分`,
        option: {
          tooltip: { trigger: 'axis' },
          grid: { left: 90, right: 40, top: 10, bottom: 20 },
          xAxis: { type: 'value', min: (x: { min: number }) => Math.floor(x.min - 1), max: 100 },
          yAxis: { type: 'category', inverse: true, data: d.streets.map((s) => `${s.rank}. ${s.street.name}`) },
          series: [{ type: 'bar', data: d.streets.map((s) => Number(s.score)), label: { show: true, position: 'right' }, itemStyle: { color: '#409eff' }, barMaxWidth: 18 }],
        },
      },
      {
        key: 'ranking-workers',
        title: `${title}：网格员前五与后五`,
        rows,
        columns: [
          { prop: 'group', label: '', width: 60 },
          { prop: 'rank', label: '名次', width: 60 },
          { prop: 'name', label: '姓名' },
          { prop: 'street', label: '镇（街道）' },
          { prop: 'score', label: '季度得分', width: 90 },
        ],
      },
    ],
  };
}
interface WorkerRank { rank: number; worker: { name: string }; street: { name: string }; quarterScore: string }

/**
 * Cards from the feature APIs (incidents, spot checks, attendance, ranking); a card whose API has not
 * landed, or which the user may not read, is left out, and one whose request fails is left out too.
 */
export async function loadDashboardCards(): Promise<{ stats: DashboardStat[]; cards: DashboardCard[] }> {
  const sources: Array<Promise<{ stats: DashboardStat[]; cards: DashboardCard[] }>> = [];
  if (can('case.read') && hasApi('/cases')) sources.push(cases());
  if (can('spot_check.read') && hasApi('/spot-checks') && hasApi('/rectifications')) sources.push(checks());
  if (can('training.read') && hasApi('/trainings')) sources.push(attendance());
  if (can('assessment.read') && hasApi('/rankings')) sources.push(ranking());
  const done = await Promise.allSettled(sources);
  const out = { stats: [] as DashboardStat[], cards: [] as DashboardCard[] };
  for (const d of done) if (d.status === 'fulfilled') (out.stats.push(...d.value.stats), out.cards.push(...d.value.cards));
  return out;
}
