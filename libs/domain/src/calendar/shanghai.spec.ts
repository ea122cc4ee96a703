import {
  addDays,
  daysBetween,
  isLocalDate,
  monthOf,
  monthRange,
  quarterOf,
  shanghaiDate,
  shanghaiInstant,
  weekday,
} from './shanghai';

describe('Shanghai business calendar', () => {
  it('puts 2024-04-01 00:30 +08:00 in April and Q2 although it is still March in UTC', () => {
    const instant = new Date('2024-04-01T00:30:00+08:00');
    expect(instant.getUTCMonth() + 1).toBe(3);
    expect(shanghaiDate(instant)).toBe('2024-04-01');
    expect(monthOf(instant)).toEqual({ year: 2024, month: 4 });
    expect(quarterOf(instant)).toEqual({ year: 2024, quarter: 2 });
  });

  it('puts 2024-03-31 23:59 +08:00 in March and Q1', () => {
    expect(quarterOf(new Date('2024-03-31T23:59:00+08:00'))).toEqual({ year: 2024, quarter: 1 });
  });

  it('gives month ranges starting at Shanghai midnight', () => {
    const { start, end } = monthRange(2024, 12);
    expect(start.toISOString()).toBe('2024-11-30T16:00:00.000Z');
    expect(end.toISOString()).toBe('2024-12-31T16:00:00.000Z');
  });

  it('validates dates including leap days', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2023-02-29')).toBe(false);
    expect(isLocalDate('2024-13-01')).toBe(false);
  });

  it('does date arithmetic across month and year ends', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2024-01-01', '2024-12-31')).toBe(365);
    expect(weekday('2024-10-01')).toBe(2);
    expect(shanghaiInstant('2024-10-01', 9).toISOString()).toBe('2024-10-01T01:00:00.000Z');
  });
});
