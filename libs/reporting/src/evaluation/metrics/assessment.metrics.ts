import type { DataSource, EntityManager } from 'typeorm';
import { queryOne, toInt } from '../../../../domain/src/database/sql';
import { MetricFigure, plainFigure, rateFigure, yearPeriod } from '../metric-figure';

type Db = Pick<DataSource | EntityManager, 'query'>;

/**
 * The assessment figures of the self-evaluation, in one set-based query over the assessment feature's tables
 * (spot_check, monthly_assessment; issue 4):
 * - assessment.streets_assessed: streets with at least one monthly score (月考核) of a published month in the year;
 * - assessment.unit_quarter_coverage: of the (unit, quarter) pairs the year owes — every street and every
 *   community/village, four quarters — those with a spot check of one of its workers in the quarter (the
 *   check's Shanghai day) or a monthly score in one of the quarter's published months.
 * Streets and communities are the org tree's; the unit of a check or a score is the worker's at that time
 * (the tables keep it), so a worker who moved is counted where they were.
 */
export async function assessmentMetricFigures(db: Db, year: number): Promise<MetricFigure[]> {
  const row = await queryOne<{ streets_assessed: string; months_assessed: string; units: string; streets: string; communities: string; pairs: string; pairs_checked: string; pairs_scored: string; checks: string }>(
    db,
    `WITH units AS (
        SELECT id, level FROM org_unit WHERE level IN ('street', 'community')
      ), checked AS (
        SELECT DISTINCT u.unit_id, extract(quarter FROM c.check_day)::int AS quarter
          FROM spot_check c
          CROSS JOIN LATERAL (VALUES (c.street_id), (c.community_id)) AS u(unit_id)
         WHERE c.check_day >= $1::date AND c.check_day < $2::date
      ), published AS (
        -- only months the centre has published count as assessed; a draft may still change
        SELECT m.* FROM monthly_assessment m
          JOIN assessment_month am ON am.year = m.year AND am.month = m.month AND am.status = 'published'
         WHERE m.year = $3
      ), scored AS (
        SELECT DISTINCT u0.unit_id, ((m.month - 1) / 3 + 1) AS quarter
          FROM published m
          CROSS JOIN LATERAL (VALUES (m.street_id), (m.community_id)) AS u0(unit_id)
      ), covered AS (
        SELECT unit_id, quarter FROM checked UNION SELECT unit_id, quarter FROM scored
      )
      SELECT (SELECT count(DISTINCT street_id) FROM published) AS streets_assessed,
             (SELECT count(DISTINCT month) FROM published) AS months_assessed,
             (SELECT count(*) FROM units) AS units,
             (SELECT count(*) FROM units WHERE level = 'street') AS streets,
             (SELECT count(*) FROM units WHERE level = 'community') AS communities,
             (SELECT count(*) FROM covered JOIN units ON units.id = covered.unit_id) AS pairs,
             (SELECT count(*) FROM checked JOIN units ON units.id = checked.unit_id) AS pairs_checked,
             (SELECT count(*) FROM scored JOIN units ON units.id = scored.unit_id) AS pairs_scored,
             (SELECT count(*) FROM spot_check WHERE check_day >= $1::date AND check_day < $2::date) AS checks`,
    [`${year}-01-01`, `${year + 1}-01-01`, year],
  );
  const r = row!;
  const period = yearPeriod(year);
  const units = toInt(r.units);
  return [
    plainFigure('assessment.streets_assessed', toInt(r.streets_assessed), period, {
      details: [
        { label: '年内有月考核的月份数', value: String(toInt(r.months_assessed)) },
        { label: '镇（街道）总数', value: String(toInt(r.streets)) },
      ],
    }),
    rateFigure('assessment.unit_quarter_coverage', toInt(r.pairs), units * 4, period, {
      details: [
        { label: '镇（街道）数', value: String(toInt(r.streets)) },
        { label: '村（社区）数', value: String(toInt(r.communities)) },
        { label: '有抽查的（单位，季度）组合', value: String(toInt(r.pairs_checked)) },
        { label: '有月考核的（单位，季度）组合', value: String(toInt(r.pairs_scored)) },
        { label: '年内日抽查次数', value: String(toInt(r.checks)) },
      ],
    }),
  ];
}
