import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DomainError, seesEverything } from '@app/domain';
import { computeDraftRanking, publishRanking, rankingRow, RankingRow } from '@app/domain/assessment/assessment.store';
import { QuarterRanking, RANKING_STATUS_LABELS } from '@app/domain/assessment/ranking.rules';
import { Dec } from '@app/domain/common/decimal';
import { quarterMonths } from '@app/domain/calendar/shanghai';
import { queryRows, toInt } from '@app/domain/database/sql';
import { rankingNoticeFileName, renderRankingNotice } from '@app/reporting/assessment/ranking-notice.renderer';
import { pageOf } from '../common/pagination.dto';
import { PublishRankingDto, RankingListQuery, RankingRowsQuery } from './dto/assessment.dto';
import { assertMayReadNotices, assertYearQuarter, scopeFilters, two } from './assessment-common';
import { unitName } from './monthly-assessment.service';

function header(r: RankingRow) {
  return {
    id: r.id,
    year: r.year,
    quarter: r.quarter,
    status: r.status,
    statusName: RANKING_STATUS_LABELS[r.status],
    version: r.version,
    workerCount: r.worker_count,
    computedAt: r.computed_at,
    publishedAt: r.published_at,
    note: r.note,
  };
}

interface WorkerRankRow {
  worker_id: number;
  code: string;
  name: string;
  community_name: string;
  grid_name: string;
  street_id: number;
  street_name: string;
  score_m1: string | null;
  score_m2: string | null;
  score_m3: string | null;
  months_assessed: number;
  mean_score: string;
  quarter_score: string;
  rank: number;
  street_rank: number;
}

/**
 * Quarterly ranking (季排名): a draft computed on demand, published versions frozen and kept. The ranking
 * itself is set-based SQL (assessment.store `rankQuarterInto`).
 */
@Injectable()
export class RankingsService {
  constructor(private readonly db: DataSource) {}

  async draft(actor: Actor, year: number, quarter: number) {
    assertYearQuarter(year, quarter);
    return header(await this.db.transaction((em) => computeDraftRanking(em, year, quarter, actor.userId || null)));
  }

  async publish(actor: Actor, year: number, quarter: number, dto: PublishRankingDto) {
    assertYearQuarter(year, quarter);
    return header(await this.db.transaction((em) => publishRanking(em, year, quarter, actor.userId || null, dto.note?.trim() ?? '')));
  }

  /** Versions of a quarter (or a year); drafts are the centre's own working copies. */
  async list(actor: Actor, q: RankingListQuery) {
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.year) where.push(`year = $${params.push(q.year)}`);
    if (q.quarter) where.push(`quarter = $${params.push(q.quarter)}`);
    if (!seesEverything(actor)) where.push(`status <> 'draft'`);
    const rows = await queryRows<RankingRow>(
      this.db,
      `SELECT id, year, quarter, status, version, worker_count, computed_at, published_at, published_by, note FROM quarter_ranking
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY year DESC, quarter DESC, version DESC NULLS FIRST`,
      params,
    );
    return rows.map(header);
  }

  private async visible(actor: Actor, id: number): Promise<RankingRow> {
    const r = await rankingRow(this.db, id);
    if (!r || (r.status === 'draft' && !seesEverything(actor))) throw DomainError.notFound('排名', id);
    return r;
  }

  private async workerRows(actor: Actor, id: number, extra: { streetId?: number; limit?: number; offset?: number } = {}) {
    const params: unknown[] = [id];
    const where = ['x.ranking_id = $1', ...scopeFilters(actor, params, { street: 'x.street_id', worker: 'x.worker_id' })];
    if (extra.streetId) where.push(`x.street_id = $${params.push(extra.streetId)}`);
    const whereSql = where.join(' AND ');
    const limit = extra.limit !== undefined ? `LIMIT $${params.push(extra.limit)} OFFSET $${params.push(extra.offset ?? 0)}` : '';
    const rows = await queryRows<WorkerRankRow>(
      this.db,
      `SELECT x.worker_id, w.code, w.name, c.name AS community_name, g.name AS grid_name, x.street_id, s.name AS street_name,
              x.score_m1, x.score_m2, x.score_m3, x.months_assessed, x.mean_score, x.quarter_score, x.rank, x.street_rank
         FROM quarter_ranking_worker x
         JOIN grid_worker w ON w.id = x.worker_id
         JOIN org_unit s ON s.id = x.street_id
         JOIN org_unit c ON c.id = w.community_id
         JOIN org_unit g ON g.id = w.grid_id
        WHERE ${whereSql}
        ORDER BY x.rank, x.worker_id ${limit}`,
      params,
    );
    return { rows, where: whereSql, params: extra.limit !== undefined ? params.slice(0, -2) : params };
  }

  private async streetRows(id: number) {
    return queryRows<{ street_id: number; name: string; worker_count: number; mean_score: string; score: string; rank: number }>(
      this.db,
      `SELECT x.street_id, s.name, x.worker_count, x.mean_score, x.score, x.rank
         FROM quarter_ranking_street x JOIN org_unit s ON s.id = x.street_id
        WHERE x.ranking_id = $1 ORDER BY x.rank, x.street_id`,
      [id],
    );
  }

  /** One version: the streets' ranking and a page of workers (a street operator's street, a worker's own row). */
  async get(actor: Actor, id: number, q: RankingRowsQuery) {
    const r = await this.visible(actor, id);
    const { page, pageSize, offset } = pageOf(q);
    const { rows, where, params } = await this.workerRows(actor, id, { streetId: q.streetId, limit: pageSize, offset });
    const [count] = await queryRows<{ n: string }>(this.db, `SELECT count(*) AS n FROM quarter_ranking_worker x WHERE ${where}`, params);
    const months = quarterMonths(r.quarter);
    return {
      ...header(r),
      months,
      streets: (await this.streetRows(id)).map((s) => ({ street: { id: s.street_id, name: s.name }, workerCount: s.worker_count, score: two(s.score), rank: s.rank })),
      workers: {
        items: rows.map((x) => ({
          worker: { id: x.worker_id, code: x.code, name: x.name },
          street: { id: x.street_id, name: x.street_name },
          communityName: x.community_name,
          gridName: x.grid_name,
          monthlyScores: [two(x.score_m1), two(x.score_m2), two(x.score_m3)],
          monthsAssessed: x.months_assessed,
          quarterScore: two(x.quarter_score),
          rank: x.rank,
          streetRank: x.street_rank,
        })),
        total: toInt(count.n),
        page,
        pageSize,
      },
    };
  }

  private async nextVersion(year: number, quarter: number): Promise<number> {
    const [v] = await queryRows<{ v: number }>(this.db, `SELECT coalesce(max(version), 0) + 1 AS v FROM quarter_ranking WHERE year = $1 AND quarter = $2`, [year, quarter]);
    return v.v;
  }

  /** 季度考核排名通报 of a version (a street operator's copy lists their street's workers, ranks district-wide). */
  async notice(actor: Actor, id: number): Promise<{ buffer: Buffer; fileName: string }> {
    assertMayReadNotices(actor);
    const r = await this.visible(actor, id);
    const { rows } = await this.workerRows(actor, id);
    const streets = await this.streetRows(id);
    const d = (v: string | null) => (v === null ? null : new Dec(v));
    const ranking: QuarterRanking = {
      year: r.year,
      quarter: r.quarter,
      workers: rows.map((x) => ({
        workerId: String(x.worker_id),
        streetId: String(x.street_id),
        monthlyScores: [d(x.score_m1), d(x.score_m2), d(x.score_m3)],
        monthsAssessed: x.months_assessed,
        meanScore: new Dec(x.mean_score),
        quarterScore: new Dec(x.quarter_score),
        rank: x.rank,
        streetRank: x.street_rank,
      })),
      streets: streets.map((s) => ({ streetId: String(s.street_id), workerCount: s.worker_count, meanScore: new Dec(s.mean_score), score: new Dec(s.score), rank: s.rank })),
    };
    const streetNames = new Map<string, string>([...streets.map((s) => [String(s.street_id), s.name] as [string, string]), ...rows.map((x) => [String(x.street_id), x.street_name] as [string, string])]);
    const buffer = await renderRankingNotice({
      ranking,
      version: r.version ?? (await this.nextVersion(r.year, r.quarter)),
      publishedAt: r.published_at,
      unitName: await unitName(this.db),
      streetNames,
      workers: new Map(rows.map((x) => [String(x.worker_id), { name: x.name, communityName: x.community_name, gridName: x.grid_name }])),
    });
    const fileName = r.version === null ? `${r.year}年第${r.quarter}季度网格员考核排名（草稿）.xlsx` : rankingNoticeFileName(r.year, r.quarter, r.version);
    return { buffer, fileName };
  }
}
