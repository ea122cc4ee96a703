import type { EChartsCoreOption } from 'echarts/core';

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

/**
 * Cards from the feature APIs (spot checks, attendance, incidents, ranking); a card whose API has not
 * landed, or which the user may not read, is left out.
 */
export async function loadDashboardCards(): Promise<{ stats: DashboardStat[]; cards: DashboardCard[] }> {
  return { stats: [], cards: [] };
}
