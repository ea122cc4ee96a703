import { Dec } from '../common/decimal';
import { DomainError } from '../errors/domain-error';
import { EmploymentEvent } from '../roster/employment.rules';
import {
  assertMayEditHeadcount,
  buildHeadcountTable,
  deriveHeadcount,
  HeadcountWorkerInput,
  validateHeadcountCorrection,
  validateHeadcountScheme,
} from './headcount.rules';

const always: EmploymentEvent[] = [{ kind: 'hire', date: '2019-03-01' }];
const workers: HeadcountWorkerInput[] = [
  { workerId: '1', streetId: 'S1', employment: always },
  // 20 May: 12 of May's 31 days, short of half: June only
  { workerId: '2', streetId: 'S1', employment: [{ kind: 'hire', date: '2024-05-20' }] },
  // 16 May: 16 of 31 days, exactly half rounded up: May and June
  { workerId: '3', streetId: 'S1', employment: [{ kind: 'hire', date: '2024-05-16' }] },
  // left in March: not in the quarter at all
  { workerId: '4', streetId: 'S1', employment: [...always, { kind: 'leave', date: '2024-03-15' }] },
  // left 10 May: April only
  { workerId: '5', streetId: 'S2', employment: [...always, { kind: 'leave', date: '2024-05-10' }] },
  // suspended all June
  { workerId: '6', streetId: 'S2', employment: [...always, { kind: 'suspend', date: '2024-06-01' }, { kind: 'resume', date: '2024-07-01' }] },
  // hired 25 June: six days, no service month, but listed for the street to see
  { workerId: '7', streetId: 'S2', employment: [{ kind: 'hire', date: '2024-06-25' }] },
];

function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('quarterly headcount', () => {
  const derived = deriveHeadcount(2024, 2, workers);

  it('derives months in service from the employment history with the half-month rule', () => {
    expect(derived.map((d) => [d.workerId, d.derivedMonths, d.serviceMonths, d.activeDays])).toEqual([
      ['1', 3, [4, 5, 6], 91],
      ['2', 1, [6], 42],
      ['3', 2, [5, 6], 46],
      ['5', 1, [4], 39],
      ['6', 2, [4, 5], 61],
      ['7', 0, [], 6],
    ]);
  });

  it('follows a configured service-month rule', () => {
    const anyDay = deriveHeadcount(2024, 2, workers, { minActiveShare: 0.01 });
    expect(anyDay.find((d) => d.workerId === '2')!.derivedMonths).toBe(2);
    expect(anyDay.find((d) => d.workerId === '7')!.derivedMonths).toBe(1);
  });

  it('builds per-street subtotals and the district total, exact in 元', () => {
    const t = buildHeadcountTable(
      2024,
      2,
      derived,
      [
        { workerId: '7', months: 1, reason: '6月1日起已实际到岗，名册入职日期登记滞后' },
        { workerId: '1', months: 3, reason: '' }, // same as derived: nothing to record, no reason needed
      ],
      { monthlyStandard: new Dec('666.67') },
    );
    expect(t.streets.map((s) => s.streetId)).toEqual(['S1', 'S2']);
    const s1 = t.streets[0];
    expect(s1.rows.map((r) => [r.workerId, r.months, r.bonusBase.toFixed(2)])).toEqual([
      ['1', 3, '2000.01'],
      ['2', 1, '666.67'],
      ['3', 2, '1333.34'],
    ]);
    expect(s1.subtotal).toEqual({ workerCount: 3, months: 6, bonusBase: new Dec('4000.02') });
    const s2 = t.streets[1];
    const seven = s2.rows.find((r) => r.workerId === '7')!;
    expect(seven).toMatchObject({ derivedMonths: 0, correctedMonths: 1, months: 1, correctionReason: '6月1日起已实际到岗，名册入职日期登记滞后' });
    expect(s2.rows.find((r) => r.workerId === '5')!.correctedMonths).toBeNull();
    expect(s2.subtotal.months).toBe(4);
    expect(s2.subtotal.workerCount).toBe(3);
    expect(s2.subtotal.bonusBase.toFixed(2)).toBe('2666.68');
    expect(t.total.workerCount).toBe(6);
    expect(t.total.months).toBe(10);
    expect(t.total.bonusBase.toFixed(2)).toBe('6666.70');
  });

  it('counts a worker corrected to 0 months out of the subtotal headcount', () => {
    const t = buildHeadcountTable(2024, 2, derived, [{ workerId: '5', months: 0, reason: '4月长期病假未在岗' }], { monthlyStandard: new Dec(500) });
    const s2 = t.streets.find((s) => s.streetId === 'S2')!;
    expect(s2.subtotal).toEqual({ workerCount: 1, months: 2, bonusBase: new Dec(1000) });
  });

  it('orders streets as given', () => {
    const t = buildHeadcountTable(2024, 2, derived, [], { monthlyStandard: new Dec(500) }, { streetOrder: ['S2', 'S1'] });
    expect(t.streets.map((s) => s.streetId)).toEqual(['S2', 'S1']);
  });

  it('requires a reason and 0..3 whole months for a correction', () => {
    expect(caught(() => validateHeadcountCorrection({ derivedMonths: 2 }, { months: 3, reason: ' ' }, '网格员张三')).message).toBe(
      '更正原因：更正网格员张三的在岗月数须填写原因',
    );
    expect(caught(() => validateHeadcountCorrection({ derivedMonths: 2 }, { months: 4, reason: 'x' })).message).toBe(
      '更正月数：该网格员的在岗月数须为0至3的整数',
    );
    expect(caught(() => validateHeadcountCorrection({ derivedMonths: 2 }, { months: 1.5, reason: 'x' })).code).toBe('VALIDATION');
    expect(validateHeadcountCorrection({ derivedMonths: 2 }, { months: 2 })).toBeNull();
    expect(validateHeadcountCorrection({ derivedMonths: 2 }, { months: 1, reason: ' 5月停职 ' })).toEqual({ months: 1, reason: '5月停职' });
    expect(
      caught(() => buildHeadcountTable(2024, 2, derived, [{ workerId: '4', months: 1, reason: '补录' }], { monthlyStandard: new Dec(500) })).message,
    ).toContain('本季度无在岗记录');
  });

  it('validates the scheme', () => {
    expect(validateHeadcountScheme({ monthlyStandard: '800.00', serviceMonthRule: { minActiveShare: 0.5 } })).toEqual([]);
    expect(validateHeadcountScheme({ monthlyStandard: '800.005' })[0].field).toBe('monthlyStandard');
    expect(validateHeadcountScheme({ monthlyStandard: 'x' })[0].field).toBe('monthlyStandard');
    expect(validateHeadcountScheme({ monthlyStandard: '800', serviceMonthRule: { minActiveShare: 0 } })[0].field).toBe('serviceMonthRule.minActiveShare');
    expect(caught(() => buildHeadcountTable(2024, 2, derived, [], { monthlyStandard: new Dec(-1) })).code).toBe('VALIDATION');
  });

  it('lets only the street’s own operator edit, and only before confirming', () => {
    const op = { roles: ['street_operator'], streetId: 'S1' };
    expect(() => assertMayEditHeadcount(op, 'S1', 'pending')).not.toThrow();
    expect(caught(() => assertMayEditHeadcount(op, 'S2', 'pending')).code).toBe('FORBIDDEN');
    expect(caught(() => assertMayEditHeadcount({ roles: ['centre_staff'] }, 'S1', 'pending')).code).toBe('FORBIDDEN');
    expect(caught(() => assertMayEditHeadcount(op, 'S1', 'confirmed')).message).toBe('本季度在岗情况已确认，不能再更正');
  });
});
