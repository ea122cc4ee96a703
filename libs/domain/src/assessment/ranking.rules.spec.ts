import { EmploymentEvent } from '../roster/employment.rules';
import { assessMonth, DEFAULT_SCORING_SCHEME } from './monthly-score.rules';
import { assessedMonthsInQuarter, compareIds, competitionRank, diffRankings, MonthlyScoreRow, rankQuarter } from './ranking.rules';
import { Dec } from '../common/decimal';

type Who = { id: string; street: string; employment: EmploymentEvent[]; deductions: Record<number, string> };

const always: EmploymentEvent[] = [{ kind: 'hire', date: '2019-03-01' }];

/** Q2 2024, scored month by month through the monthly assessment, as the job would. */
const people: Who[] = [
  { id: '1', street: 'S1', employment: always, deductions: { 4: '2', 5: '3', 6: '1' } }, // 98, 97, 99
  // hired 10 May: not assessed in April, so two months are averaged
  { id: '2', street: 'S1', employment: [{ kind: 'hire', date: '2024-05-10' }], deductions: { 5: '4', 6: '0' } }, // 96, 100
  // left 20 May: April and May
  { id: '3', street: 'S2', employment: [...always, { kind: 'leave', date: '2024-05-20' }], deductions: { 4: '4.5', 5: '4' } }, // 95.5, 96
  // suspended for all of June
  {
    id: '4',
    street: 'S2',
    employment: [...always, { kind: 'suspend', date: '2024-06-01' }, { kind: 'resume', date: '2024-07-01' }],
    deductions: { 4: '1', 5: '0' },
  }, // 99, 100
  { id: '5', street: 'S3', employment: always, deductions: { 4: '3', 5: '4', 6: '3.99' } }, // 97, 96, 96.01: mean 96.3366…
  { id: '6', street: 'S3', employment: always, deductions: { 4: '3.66', 5: '3.66', 6: '3.66' } }, // 96.34 each
];

function monthlyRows(who: readonly Who[]): MonthlyScoreRow[] {
  const rows: MonthlyScoreRow[] = [];
  for (const month of [4, 5, 6]) {
    const a = assessMonth(
      DEFAULT_SCORING_SCHEME,
      { year: 2024, month },
      who.map((p) => ({ workerId: p.id, employment: p.employment, deductions: p.deductions[month] ? [p.deductions[month]] : [] })),
    );
    for (const r of a.results) rows.push({ workerId: r.workerId, streetId: who.find((p) => p.id === r.workerId)!.street, year: 2024, month, score: r.score });
  }
  return rows;
}

const row = (workerId: string, streetId: string, month: number, score: string): MonthlyScoreRow => ({ workerId, streetId, year: 2024, month, score });

describe('quarterly ranking', () => {
  const ranking = rankQuarter(2024, 2, monthlyRows(people));
  const w = (id: string) => ranking.workers.find((x) => x.workerId === id)!;

  it('averages only the months a worker was assessed', () => {
    expect(assessedMonthsInQuarter(people[1].employment, 2024, 2)).toEqual([5, 6]);
    expect(w('2').monthlyScores.map((s) => s?.toFixed(2) ?? null)).toEqual([null, '96.00', '100.00']);
    expect(w('2').monthsAssessed).toBe(2);
    expect(w('2').quarterScore.toFixed(2)).toBe('98.00');
    // left on 20 May: April and May
    expect(w('3').monthlyScores.map((s) => s?.toFixed(2) ?? null)).toEqual(['95.50', '96.00', null]);
    expect(w('3').quarterScore.toFixed(2)).toBe('95.75');
    // suspended all June: no June score, not a 0
    expect(w('4').monthsAssessed).toBe(2);
    expect(w('4').quarterScore.toFixed(2)).toBe('99.50');
    expect(w('1').quarterScore.toFixed(2)).toBe('98.00');
  });

  it('ranks district-wide with shared ranks, ties in worker-id order', () => {
    expect(ranking.workers.map((x) => [x.workerId, x.quarterScore.toFixed(2), x.rank])).toEqual([
      ['4', '99.50', 1],
      ['1', '98.00', 2],
      ['2', '98.00', 2], // the hire of May ties with a full quarter
      ['5', '96.34', 4],
      ['6', '96.34', 4],
      ['3', '95.75', 6],
    ]);
  });

  it('ranks on the shown two-decimal score, not on the unrounded mean', () => {
    expect(w('5').meanScore.toFixed(6)).toBe('96.336667');
    expect(w('6').meanScore.toFixed(6)).toBe('96.340000');
    expect(w('5').rank).toBe(w('6').rank);
    // a mean of exactly …5 in the third decimal goes up
    const half = rankQuarter(2024, 2, [row('a', 'S1', 4, '90.01'), row('a', 'S1', 5, '90.00'), row('b', 'S1', 4, '90.01'), row('c', 'S1', 4, '90.00')]);
    expect(half.workers.map((x) => [x.workerId, x.quarterScore.toFixed(2), x.rank])).toEqual([
      ['a', '90.01', 1],
      ['b', '90.01', 1],
      ['c', '90.00', 3],
    ]);
  });

  it('ranks within the street', () => {
    expect(ranking.workers.map((x) => [x.workerId, x.streetId, x.streetRank])).toEqual([
      ['4', 'S2', 1],
      ['1', 'S1', 1],
      ['2', 'S1', 1],
      ['5', 'S3', 1],
      ['6', 'S3', 1],
      ['3', 'S2', 2],
    ]);
  });

  it('ranks streets by the mean of their workers’ shown scores', () => {
    expect(ranking.streets.map((s) => [s.streetId, s.workerCount, s.score.toFixed(2), s.rank])).toEqual([
      ['S1', 2, '98.00', 1],
      ['S2', 2, '97.63', 2], // (99.50 + 95.75) / 2 = 97.625, half up
      ['S3', 2, '96.34', 3],
    ]);
  });

  it('gives tied streets a shared rank, including a tie that only the shown value makes', () => {
    const r = rankQuarter(2024, 2, [
      row('1', 'A', 4, '90.00'),
      row('2', 'A', 4, '92.00'),
      row('3', 'B', 4, '91.00'),
      row('4', 'C', 4, '89.00'),
      // D: 90.00, 90.01, 90.01 → 90.00666… → 90.01; E: 90.01
      row('5', 'D', 4, '90.00'),
      row('6', 'D', 4, '90.01'),
      row('7', 'D', 4, '90.01'),
      row('8', 'E', 4, '90.01'),
    ]);
    expect(r.streets.map((s) => [s.streetId, s.score.toFixed(2), s.rank])).toEqual([
      ['A', '91.00', 1],
      ['B', '91.00', 1],
      ['D', '90.01', 3],
      ['E', '90.01', 3],
      ['C', '89.00', 5],
    ]);
  });

  it('puts a worker who moved street in the street of their latest month', () => {
    const r = rankQuarter(2024, 2, [row('9', 'S1', 4, '90'), row('9', 'S2', 5, '80'), row('10', 'S1', 4, '85')]);
    expect(r.workers.find((x) => x.workerId === '9')!.streetId).toBe('S2');
    expect(r.streets.map((s) => [s.streetId, s.workerCount])).toEqual([
      ['S1', 1],
      ['S2', 1],
    ]);
  });

  it('lists ties by numeric id, or by the caller’s order', () => {
    expect(compareIds('9', '10')).toBeLessThan(0);
    expect(compareIds('b', 'a')).toBeGreaterThan(0);
    const rows = [row('10', 'S1', 4, '95'), row('9', 'S1', 4, '95')];
    expect(rankQuarter(2024, 2, rows).workers.map((x) => x.workerId)).toEqual(['9', '10']);
    expect(rankQuarter(2024, 2, rows, { workerOrder: (a, b) => -compareIds(a, b) }).workers.map((x) => x.workerId)).toEqual(['10', '9']);
  });

  it('refuses rows outside the quarter and a second score for the same month', () => {
    expect(() => rankQuarter(2024, 2, [row('1', 'S1', 7, '90')])).toThrow(RangeError);
    expect(() => rankQuarter(2024, 2, [{ ...row('1', 'S1', 4, '90'), year: 2023 }])).toThrow(RangeError);
    expect(() => rankQuarter(2024, 2, [row('1', 'S1', 4, '90'), row('1', 'S1', 4, '91')])).toThrow('two monthly scores');
  });

  it('ranks nobody when nobody was scored', () => {
    expect(rankQuarter(2024, 2, [])).toEqual({ year: 2024, quarter: 2, workers: [], streets: [] });
  });

  it('competition ranks as 1, 2, 2, 4', () => {
    const ranks = competitionRank(['100', '90', '90', '80'], (s) => new Dec(s), () => 0).map((r) => r.rank);
    expect(ranks).toEqual([1, 2, 2, 4]);
  });

  it('shows what a correction changed', () => {
    const rows = monthlyRows(people);
    const corrected = rows.map((r) => (r.workerId === '3' && r.month === 4 ? { ...r, score: '100' } : r));
    const after = rankQuarter(2024, 2, corrected);
    expect(after.workers.find((x) => x.workerId === '3')!.quarterScore.toFixed(2)).toBe('98.00');
    // 3 moves to a shared second place, 5 and 6 drop from 4th to 5th; S2 (98.75) overtakes S1 (98.00)
    expect(diffRankings(ranking, after)).toEqual({ workers: ['3', '5', '6'], streets: ['S1', 'S2'] });
    expect(after.streets.map((x) => [x.streetId, x.score.toFixed(2), x.rank])[0]).toEqual(['S2', '98.75', 1]);
    expect(diffRankings(ranking, rankQuarter(2024, 2, rows))).toEqual({ workers: [], streets: [] });
  });
});
