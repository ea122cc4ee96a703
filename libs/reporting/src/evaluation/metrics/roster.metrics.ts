import type { DataSource, EntityManager } from 'typeorm';
import { yearRange } from '../../../../domain/src/calendar/shanghai';
import { queryOne, toInt } from '../../../../domain/src/database/sql';
import { MetricFigure, plainFigure, yearPeriod } from '../metric-figure';

type Db = Pick<DataSource | EntityManager, 'query'>;

/**
 * roster.data_updates, the figure behind the qualitative 更新基础信息数据: the year's changes to the grid-worker
 * roster — employment changes taking effect in the year (入职, 停职, 复职, 离职 by their Shanghai day), workers
 * registered in the year whose 入职 is not in it (补录; the others are counted by their 入职) and worker records
 * edited in the year (the latest edit of a record counts once).
 */
export async function rosterMetricFigures(db: Db, year: number): Promise<MetricFigure[]> {
  const { start, end } = yearRange(year);
  const r = (await queryOne<Record<string, string>>(
    db,
    `SELECT (SELECT count(*) FROM employment_event WHERE effective_date >= $3::date AND effective_date < $4::date) AS events,
            (SELECT count(*) FILTER (WHERE kind = 'hire') FROM employment_event WHERE effective_date >= $3::date AND effective_date < $4::date) AS hires,
            (SELECT count(*) FILTER (WHERE kind = 'leave') FROM employment_event WHERE effective_date >= $3::date AND effective_date < $4::date) AS leaves,
            -- a worker registered with a hire in the year is already counted by that 入职
            (SELECT count(*) FROM grid_worker w WHERE w.created_at >= $1 AND w.created_at < $2
                AND NOT EXISTS (SELECT 1 FROM employment_event e WHERE e.worker_id = w.id AND e.kind = 'hire'
                                   AND e.effective_date >= $3::date AND e.effective_date < $4::date)) AS registered,
            (SELECT count(*) FROM grid_worker WHERE updated_at >= $1 AND updated_at < $2 AND updated_at > created_at + interval '1 minute') AS edited`,
    [start, end, `${year}-01-01`, `${year + 1}-01-01`],
  ))!;
  const events = toInt(r.events);
  const registered = toInt(r.registered);
  const edited = toInt(r.edited);
  return [
    plainFigure('roster.data_updates', events + registered + edited, yearPeriod(year), {
      details: [
        { label: '任职变动（入职、停职、复职、离职）', value: String(events) },
        { label: '其中入职', value: String(toInt(r.hires)) },
        { label: '其中离职', value: String(toInt(r.leaves)) },
        { label: '补录网格员（入职不在本年度）', value: String(registered) },
        { label: '修改网格员信息', value: String(edited) },
      ],
    }),
  ];
}
