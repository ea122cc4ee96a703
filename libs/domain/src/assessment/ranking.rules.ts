import Decimal from 'decimal.js';
import { Dec, shown } from '../common/decimal';
import { quarterMonths } from '../calendar/shanghai';
import { EmploymentEvent, isActiveInMonth } from '../roster/employment.rules';

/**
 * Quarterly ranking (季排名), the reference implementation that the set-based SQL is tested against.
 *
 * - Quarter score = mean of the worker's monthly scores in the quarter's months in which the worker was
 *   assessed (a month without a score is skipped, not counted as 0). A worker with no score in the
 *   quarter is not ranked.
 * - Ranks are taken on the quarter score as shown: rounded half up to two decimals. Two workers whose
 *   notice both says 95.33 share a rank, even if their unrounded means differ in the fifth decimal;
 *   a reader of the notice can check every rank from the printed numbers.
 * - Competition ranking: ties share a rank and the next rank skips (1, 2, 2, 4); district-wide and
 *   within each street.
 * - A street's score = mean of its ranked workers' shown quarter scores, itself shown to two decimals
 *   and ranked the same way.
 * - A worker who moved street within the quarter counts for the street of their latest scored month.
 * - Within a tie, rows are listed by the caller's tie order, else by worker id (numerically when both ids
 *   are digits), so the listing is deterministic.
 *
 * SQL equivalent: `round(avg(score), 2)` per worker (PostgreSQL rounds numeric half away from zero, the
 * same as half up for these non-negative scores), `rank() OVER (ORDER BY quarter_score DESC)` and
 * `rank() OVER (PARTITION BY street_id ORDER BY quarter_score DESC)`; street: `round(avg(quarter_score), 2)`
 * then `rank()`. PostgreSQL's numeric avg carries at least 16 significant digits, far more than a mean
 * of two-decimal values needs to round correctly.
 */
export interface MonthlyScoreRow {
  workerId: string;
  streetId: string;
  year: number;
  month: number;
  score: Decimal.Value;
}

export interface WorkerQuarterRank {
  workerId: string;
  streetId: string;
  /** Scores of the quarter's three months in order; null where the worker was not assessed. */
  monthlyScores: [Decimal | null, Decimal | null, Decimal | null];
  monthsAssessed: number;
  /** Unrounded mean, kept for audit; never ranked on. */
  meanScore: Decimal;
  /** Shown value: half up to two decimals. */
  quarterScore: Decimal;
  rank: number;
  streetRank: number;
}

export interface StreetQuarterRank {
  streetId: string;
  workerCount: number;
  meanScore: Decimal;
  /** Shown value: half up to two decimals. */
  score: Decimal;
  rank: number;
}

export interface QuarterRanking {
  year: number;
  quarter: number;
  /** By rank, ties in tie order. */
  workers: WorkerQuarterRank[];
  /** By rank, ties in tie order (street id unless given). */
  streets: StreetQuarterRank[];
}

export type IdOrder = (a: string, b: string) => number;

/** Numeric ids compare as numbers (bigint keys come back from pg as text), others as text. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Competition ranks (1, 2, 2, 4) of items by a descending key; returns them sorted by key, ties in
 * `tieOrder`, with the rank of each.
 */
export function competitionRank<T>(items: readonly T[], key: (t: T) => Decimal, tieOrder: (a: T, b: T) => number): Array<{ item: T; rank: number }> {
  const sorted = [...items].sort((a, b) => key(b).comparedTo(key(a)) || tieOrder(a, b));
  const out: Array<{ item: T; rank: number }> = [];
  sorted.forEach((item, i) => {
    const rank = i > 0 && key(item).eq(key(sorted[i - 1])) ? out[i - 1].rank : i + 1;
    out.push({ item, rank });
  });
  return out;
}

function mean(values: readonly Decimal[]): Decimal {
  return values.reduce<Decimal>((acc, v) => acc.plus(v), new Dec(0)).div(values.length);
}

/** The months of a quarter in which a worker is assessed: active on at least one day. */
export function assessedMonthsInQuarter(events: readonly EmploymentEvent[], year: number, quarter: number): number[] {
  return quarterMonths(quarter).filter((m) => isActiveInMonth(events, year, m));
}

export function rankQuarter(
  year: number,
  quarter: number,
  rows: readonly MonthlyScoreRow[],
  options: { workerOrder?: IdOrder; streetOrder?: IdOrder } = {},
): QuarterRanking {
  const months = quarterMonths(quarter);
  const workerOrder = options.workerOrder ?? compareIds;
  const streetOrder = options.streetOrder ?? compareIds;

  const byWorker = new Map<string, { streetId: string; latestMonth: number; scores: Array<Decimal | null> }>();
  for (const r of rows) {
    const idx = months.indexOf(r.month);
    if (r.year !== year || idx < 0) {
      throw new RangeError(`monthly score of worker ${r.workerId} for ${r.year}-${r.month} is outside ${year} Q${quarter}`);
    }
    const w = byWorker.get(r.workerId) ?? { streetId: r.streetId, latestMonth: 0, scores: [null, null, null] };
    if (w.scores[idx] !== null) throw new RangeError(`two monthly scores of worker ${r.workerId} for ${r.year}-${r.month}`);
    w.scores[idx] = new Dec(r.score);
    if (r.month > w.latestMonth) {
      w.latestMonth = r.month;
      w.streetId = r.streetId;
    }
    byWorker.set(r.workerId, w);
  }

  const unranked = [...byWorker.entries()].map(([workerId, w]) => {
    const present = w.scores.filter((s): s is Decimal => s !== null);
    const meanScore = mean(present);
    return {
      workerId,
      streetId: w.streetId,
      monthlyScores: w.scores as WorkerQuarterRank['monthlyScores'],
      monthsAssessed: present.length,
      meanScore,
      quarterScore: shown(meanScore),
    };
  });

  const streetRank = new Map<string, number>();
  const byStreet = new Map<string, typeof unranked>();
  for (const w of unranked) {
    const members = byStreet.get(w.streetId);
    if (members) members.push(w);
    else byStreet.set(w.streetId, [w]);
  }
  for (const members of byStreet.values()) {
    for (const { item, rank } of competitionRank(members, (w) => w.quarterScore, (a, b) => workerOrder(a.workerId, b.workerId))) {
      streetRank.set(item.workerId, rank);
    }
  }

  const workers = competitionRank(unranked, (w) => w.quarterScore, (a, b) => workerOrder(a.workerId, b.workerId)).map(({ item, rank }) => ({
    ...item,
    rank,
    streetRank: streetRank.get(item.workerId)!,
  }));

  const streetRows = [...byStreet.entries()].map(([streetId, members]) => {
    const meanScore = mean(members.map((m) => m.quarterScore));
    return { streetId, workerCount: members.length, meanScore, score: shown(meanScore) };
  });
  const streets = competitionRank(streetRows, (s) => s.score, (a, b) => streetOrder(a.streetId, b.streetId)).map(({ item, rank }) => ({
    ...item,
    rank,
  }));

  return { year, quarter, workers, streets };
}

export type RankingStatus = 'draft' | 'published' | 'superseded';

export const RANKING_STATUS_LABELS: Record<RankingStatus, string> = {
  draft: '草稿',
  published: '已发布',
  superseded: '已被新版本替代',
};

/**
 * What differs between two rankings of the same quarter, to decide whether a correction needs a new
 * published version and to show what it changed. Compares shown scores, ranks and streets.
 */
export function diffRankings(previous: QuarterRanking, next: QuarterRanking): { workers: string[]; streets: string[] } {
  const wKey = (w: WorkerQuarterRank) =>
    [w.streetId, w.quarterScore.toFixed(2), w.rank, w.streetRank, ...w.monthlyScores.map((s) => (s === null ? '-' : s.toFixed(2)))].join('|');
  const sKey = (s: StreetQuarterRank) => [s.workerCount, s.score.toFixed(2), s.rank].join('|');
  const diff = <T>(a: readonly T[], b: readonly T[], id: (t: T) => string, key: (t: T) => string) => {
    const before = new Map(a.map((t) => [id(t), key(t)]));
    const after = new Map(b.map((t) => [id(t), key(t)]));
    const ids = new Set([...before.keys(), ...after.keys()]);
    return [...ids].filter((i) => before.get(i) !== after.get(i)).sort(compareIds);
  };
  return {
    workers: diff(previous.workers, next.workers, (w) => w.workerId, wKey),
    streets: diff(previous.streets, next.streets, (s) => s.streetId, sKey),
  };
}
