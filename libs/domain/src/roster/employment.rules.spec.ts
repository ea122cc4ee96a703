import {
  activeDaysInMonth,
  activeIntervals,
  isActiveInMonth,
  isActiveOn,
  serviceMonthsInQuarter,
  statusOn,
  validateHistory,
} from './employment.rules';

describe('employment history', () => {
  const hiredMidQuarter = [{ kind: 'hire' as const, date: '2024-05-20' }];
  const left = [
    { kind: 'hire' as const, date: '2020-03-01' },
    { kind: 'leave' as const, date: '2024-05-10' },
  ];
  const suspendedForJune = [
    { kind: 'hire' as const, date: '2021-01-01' },
    { kind: 'suspend' as const, date: '2024-06-01' },
    { kind: 'resume' as const, date: '2024-07-01' },
  ];

  it('is not active before hire, active from the hire day', () => {
    expect(isActiveOn(hiredMidQuarter, '2024-05-19')).toBe(false);
    expect(isActiveOn(hiredMidQuarter, '2024-05-20')).toBe(true);
  });

  it('is no longer active on the day of leaving', () => {
    expect(isActiveOn(left, '2024-05-09')).toBe(true);
    expect(isActiveOn(left, '2024-05-10')).toBe(false);
    expect(statusOn(left, '2024-12-31')).toBe('left');
  });

  it('derives intervals through suspension and resumption', () => {
    expect(activeIntervals(suspendedForJune)).toEqual([
      { from: '2021-01-01', to: '2024-05-31' },
      { from: '2024-07-01', to: null },
    ]);
    expect(isActiveInMonth(suspendedForJune, 2024, 6)).toBe(false);
    expect(activeDaysInMonth(suspendedForJune, 2024, 7)).toBe(31);
  });

  it('counts months in service in a quarter with the half-month rule', () => {
    // hired 20 May: 12 of 31 days in May (not half), all of June
    expect(serviceMonthsInQuarter(hiredMidQuarter, 2024, 2)).toEqual({ count: 1, months: [6] });
    // left 10 May: all April, 9 days of May
    expect(serviceMonthsInQuarter(left, 2024, 2)).toEqual({ count: 1, months: [4] });
    expect(serviceMonthsInQuarter(suspendedForJune, 2024, 2)).toEqual({ count: 2, months: [4, 5] });
    expect(serviceMonthsInQuarter(hiredMidQuarter, 2024, 2, { minActiveShare: 0.01 })).toEqual({ count: 2, months: [5, 6] });
  });

  it('handles a re-hire after leaving', () => {
    const rehired = [...left, { kind: 'hire' as const, date: '2024-09-01' }];
    expect(validateHistory(rehired)).toBeNull();
    expect(isActiveOn(rehired, '2024-08-31')).toBe(false);
    expect(isActiveOn(rehired, '2024-09-01')).toBe(true);
  });

  it('refuses impossible sequences', () => {
    expect(validateHistory([{ kind: 'suspend', date: '2024-01-01' }])).toContain('停职');
    expect(validateHistory([{ kind: 'hire', date: '2024-01-01' }, { kind: 'resume', date: '2024-02-01' }])).toContain('复职');
    expect(validateHistory([{ kind: 'hire', date: '2024-01-01' }, { kind: 'hire', date: '2024-02-01' }])).not.toBeNull();
  });
});
