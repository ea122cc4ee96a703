import { ProblemFact, SpotCheckFact, summariseSpotChecks } from './spot-check-summary.rules';

const checks: SpotCheckFact[] = [
  { checkId: 'c1', streetId: 'S1', workerId: 'w1', checkDay: '2024-04-02' },
  { checkId: 'c2', streetId: 'S1', workerId: 'w1', checkDay: '2024-04-15' },
  { checkId: 'c3', streetId: 'S1', workerId: 'w2', checkDay: '2024-04-20' },
  { checkId: 'c4', streetId: 'S2', workerId: 'w3', checkDay: '2024-04-22' },
  // w1 moved to S2 late in the month and was checked there too
  { checkId: 'c5', streetId: 'S2', workerId: 'w1', checkDay: '2024-04-29' },
];
const problems: ProblemFact[] = [
  { checkId: 'c1', streetId: 'S1', deduction: '1.5', rectification: { status: 'closed', deadline: '2024-04-09' } },
  { checkId: 'c1', streetId: 'S1', deduction: '0.5', rectification: null },
  { checkId: 'c2', streetId: 'S1', deduction: '2', rectification: { status: 'pending', deadline: '2024-04-30' } },
  { checkId: 'c3', streetId: 'S1', deduction: '1', rectification: { status: 'reported', deadline: '2024-04-25' } },
  { checkId: 'c4', streetId: 'S2', deduction: '3', rectification: { status: 'pending', deadline: '2024-05-10' } },
];

describe('spot-check summary of the monthly notice', () => {
  const s = summariseSpotChecks(['S1', 'S2', 'S3'], checks, problems, '2024-05-06');

  it('counts per street, on the as-of day', () => {
    const [s1, s2, s3] = s.streets;
    expect({ ...s1, deduction: s1.deduction.toFixed(2) }).toEqual({
      streetId: 'S1',
      checks: 3,
      workersChecked: 2,
      problems: 4,
      deduction: '5.00',
      rectificationRequired: 3,
      rectified: 1,
      pending: 2,
      overdue: 2, // due 30 April and 25 April (reported, not yet verified)
    });
    expect(s2).toMatchObject({ checks: 2, workersChecked: 2, problems: 1, rectified: 0, pending: 1, overdue: 0 });
    expect(s3).toMatchObject({ streetId: 'S3', checks: 0, workersChecked: 0, problems: 0, pending: 0 });
    expect(s3.deduction.toString()).toBe('0');
  });

  it('counts each worker once in the district total', () => {
    expect(s.total).toMatchObject({ checks: 5, workersChecked: 3, problems: 5, rectificationRequired: 4, rectified: 1, pending: 3, overdue: 2 });
    expect(s.total.deduction.toFixed(2)).toBe('8.00');
  });

  it('moves overdue with the as-of day', () => {
    expect(summariseSpotChecks(['S1', 'S2'], checks, problems, '2024-04-30').total.overdue).toBe(1);
    expect(summariseSpotChecks(['S1', 'S2'], checks, problems, '2024-05-11').total.overdue).toBe(3);
  });

  it('still lists a street it was not told about', () => {
    expect(summariseSpotChecks(['S2'], checks, problems, '2024-05-06').streets.map((x) => x.streetId)).toEqual(['S2', 'S1']);
  });
});
