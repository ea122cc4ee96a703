import { yearRange } from '../calendar/shanghai';
import { DomainError } from '../errors/domain-error';
import {
  CALLBACK_OUTCOME_LABELS,
  CALLBACK_OUTCOMES,
  CaseFigureRow,
  caseFigures,
  maintenanceFigures,
  maintenanceTicketProblems,
  maintenanceTicketState,
  max,
  mean,
  onTimeRate,
  p95,
  percentileCont,
  satisfactionRate,
} from './case-figures.rules';

const t = (iso: string) => new Date(iso);

describe('percentiles as PostgreSQL computes them', () => {
  // Expected values are what PostgreSQL 15 returned for the same input:
  //   select percentile_cont(f) within group (order by v) from unnest(array[...]::float8[]) v, ...
  const values = [
    0.16, 595.23, 209.47, 241.28, 775.69, 327.83, 604.83, 786.06, 840.34, 204.59, 626.83, 922.73, 75.61, 666.97, 143.43,
    581.99, 136.44, 965.59, 83.48, 766.28, 79.72, 982.36, 296.48, 570.99, 310.74, 730.73, 152.99, 5.91, 347.91, 58.18,
    553.71, 902.51, 159.2, 604.25, 768.01, 528.49, 823.99,
  ];

  it.each([
    [0, 0.16],
    [0.1, 78.076],
    [0.5, 553.71],
    [0.9, 865.208],
    [0.95, 931.3019999999998],
    [0.99, 976.3228],
    [1, 982.36],
  ])('percentile_cont(%f) of 37 values', (fraction, expected) => {
    expect(percentileCont(values, fraction)).toBe(expected);
  });

  it('interpolates linearly between neighbours', () => {
    expect(p95([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(9.549999999999999); // PostgreSQL: 9.549999999999999
    expect(p95([3.5, 0.25, 17, 4.75, 120, 8])).toBe(94.25); // PostgreSQL: 94.25
    expect(percentileCont([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(p95([42])).toBe(42);
  });

  it('is null without values and refuses a fraction outside [0, 1] or bad values', () => {
    expect(p95([])).toBeNull();
    expect(() => percentileCont([1], 1.5)).toThrow(DomainError);
    expect(() => percentileCont([1], Number.NaN)).toThrow(DomainError);
    expect(() => p95([1, Number.NaN])).toThrow(DomainError);
  });

  it('gives mean and max, null when empty', () => {
    expect(mean(values)).toBeCloseTo(471.1081081081082, 9); // PostgreSQL avg()
    expect(max(values)).toBe(982.36);
    expect(mean([])).toBeNull();
    expect(max([])).toBeNull();
  });
});

describe('on-time rate', () => {
  const due = t('2024-10-10T00:00:00+08:00');
  it('is closed by the handling due / closed, open cases left out', () => {
    const fig = onTimeRate([
      { closedAt: t('2024-10-09T17:00:00+08:00'), handlingDueAt: due },
      { closedAt: due, handlingDueAt: due },
      { closedAt: t('2024-10-10T09:00:00+08:00'), handlingDueAt: due },
      { closedAt: null, handlingDueAt: due },
    ]);
    expect(fig.closed).toBe(3);
    expect(fig.closedOnTime).toBe(2);
    expect(fig.rate?.toFixed(4)).toBe('0.6667');
  });

  it('is null when nothing was closed', () => {
    expect(onTimeRate([{ closedAt: null, handlingDueAt: due }]).rate).toBeNull();
  });
});

describe('satisfaction rate', () => {
  it('labels the call-back outcomes in Chinese', () => {
    expect(CALLBACK_OUTCOMES.map((o) => CALLBACK_OUTCOME_LABELS[o])).toEqual(['满意', '基本满意', '不满意', '未接通']);
  });

  it('is (满意 + 基本满意) / answered, leaving 未接通 out', () => {
    const fig = satisfactionRate(['satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'not_reached', 'not_reached']);
    expect(fig).toMatchObject({ calls: 6, answered: 4, satisfied: 2, basicallySatisfied: 1, dissatisfied: 1, notReached: 2 });
    expect(fig.rate?.toString()).toBe('0.75');
  });

  it('is null when nobody answered', () => {
    expect(satisfactionRate(['not_reached']).rate).toBeNull();
    expect(satisfactionRate([]).rate).toBeNull();
  });
});

describe('case figures', () => {
  const at = t('2024-10-20T00:00:00+08:00');
  const base: CaseFigureRow = {
    state: 'closed',
    reportedAt: t('2024-10-08T09:00:00+08:00'),
    respondedAt: t('2024-10-08T10:00:00+08:00'),
    acceptedAt: t('2024-10-08T10:00:00+08:00'),
    closedAt: t('2024-10-09T10:00:00+08:00'),
    responseDueAt: t('2024-10-10T00:00:00+08:00'),
    handlingDueAt: t('2024-10-12T00:00:00+08:00'),
    reworkCount: 0,
  };
  const cases: CaseFigureRow[] = [
    base,
    // closed late after one rework
    { ...base, closedAt: t('2024-10-14T10:00:00+08:00'), reworkCount: 1 },
    // self-closed service item: handling counted from the report
    { ...base, acceptedAt: null, respondedAt: t('2024-10-08T09:30:00+08:00'), closedAt: t('2024-10-08T09:30:00+08:00') },
    // still open and past its handling due
    { ...base, state: 'handling', closedAt: null },
    // never answered, past its response due
    { ...base, state: 'reported', respondedAt: null, acceptedAt: null, closedAt: null, handlingDueAt: null },
  ];

  it('counts reported, closed, on time, overdue and returned cases', () => {
    const fig = caseFigures(cases, at);
    expect(fig).toMatchObject({ reported: 5, closed: 3, closedOnTime: 2, overdue: 3, returned: 1 });
    expect(fig.onTimeRate?.toFixed(4)).toBe('0.6667');
  });

  it('measures response and handling times in minutes', () => {
    const fig = caseFigures(cases, at);
    // responses: 60, 60, 30, 60 minutes
    expect(fig.meanResponseMinutes).toBe(52.5);
    expect(fig.p95ResponseMinutes).toBe(60);
    // handling: 1440 (1 day), 8640 (6 days), 30 (from the report)
    expect(fig.meanHandlingMinutes).toBe((1440 + 8640 + 30) / 3);
    expect(fig.p95HandlingMinutes).toBeCloseTo(1440 + (8640 - 1440) * 0.9, 9);
  });

  it('gives nulls, not zeros, for an empty set', () => {
    expect(caseFigures([], at)).toEqual({
      reported: 0, closed: 0, closedOnTime: 0, onTimeRate: null, overdue: 0, returned: 0,
      meanResponseMinutes: null, p95ResponseMinutes: null, meanHandlingMinutes: null, p95HandlingMinutes: null,
    });
  });
});

describe('system maintenance', () => {
  const year = yearRange(2024);
  const tickets = [
    { reportedAt: t('2024-03-01T09:00:00+08:00'), respondedAt: t('2024-03-01T09:12:00+08:00'), restoredAt: t('2024-03-01T11:00:00+08:00'), downtimeMinutes: 120 },
    { reportedAt: t('2024-07-15T22:00:00+08:00'), respondedAt: t('2024-07-15T22:30:00+08:00'), restoredAt: t('2024-07-16T01:00:00+08:00'), downtimeMinutes: 180 },
    { reportedAt: t('2024-11-02T10:00:00+08:00'), respondedAt: t('2024-11-02T10:05:00+08:00'), restoredAt: null, downtimeMinutes: 0 },
    { reportedAt: t('2024-12-31T23:50:00+08:00'), respondedAt: null, restoredAt: null, downtimeMinutes: 30 },
    // reported in 2025: not in the 2024 figures
    { reportedAt: t('2025-01-01T00:00:00+08:00'), respondedAt: t('2025-01-01T08:00:00+08:00'), restoredAt: null, downtimeMinutes: 600 },
  ];

  it('gives the failure rate as downtime over the minutes of the year (366 days in 2024)', () => {
    const fig = maintenanceFigures(tickets, year);
    expect(fig.tickets).toBe(4);
    expect(fig.periodMinutes).toBe(366 * 24 * 60);
    expect(fig.downtimeMinutes.toNumber()).toBe(330);
    expect(fig.failureRate?.toSignificantDigits(6).toString()).toBe('0.000626138');
  });

  it('gives the slowest and p95 response, an unanswered ticket counting with its wait up to the period end', () => {
    const fig = maintenanceFigures(tickets, year, t('2025-06-01T00:00:00+08:00'));
    expect(fig.responded).toBe(3);
    // waits 12, 30, 5 and 10 (reported 23:50 on 31 December, unanswered at the year's end)
    expect(fig.maxResponseMinutes).toBe(30);
    expect(fig.p95ResponseMinutes).toBeCloseTo(12 + (30 - 12) * 0.85, 9);
    expect(fig.meanResponseMinutes).toBeCloseTo(57 / 4, 9);
  });

  it('counts an open ticket of the current period with its wait so far', () => {
    const open = [{ reportedAt: t('2024-03-01T09:00:00+08:00'), respondedAt: null, restoredAt: null, downtimeMinutes: 0 }];
    expect(maintenanceFigures(open, year, t('2024-03-01T12:00:00+08:00')).maxResponseMinutes).toBe(180);
  });

  it('is empty but defined for a period without tickets', () => {
    const fig = maintenanceFigures([], year);
    expect(fig.failureRate?.toNumber()).toBe(0);
    expect(fig.maxResponseMinutes).toBeNull();
  });

  it('derives a ticket state and checks its times', () => {
    expect(tickets.slice(0, 4).map(maintenanceTicketState)).toEqual(['restored', 'restored', 'responded', 'reported']);
    expect(
      maintenanceTicketProblems({ reportedAt: t('2024-03-01T09:00:00+08:00'), respondedAt: t('2024-03-01T08:00:00+08:00'), restoredAt: t('2024-03-01T07:00:00+08:00'), downtimeMinutes: -1 }).map(
        (p) => p.message,
      ),
    ).toEqual(['响应时间不能早于报障时间', '恢复时间不能早于响应时间', '停机时长（分钟）不能为负数']);
    expect(maintenanceTicketProblems({ reportedAt: t('2024-03-01T09:00:00+08:00'), respondedAt: null, restoredAt: t('2024-03-01T10:00:00+08:00'), downtimeMinutes: 0 })[0].message).toBe(
      '已恢复的故障须填写响应时间',
    );
  });
});
