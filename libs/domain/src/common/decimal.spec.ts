import { dec, formatPercent, shown, sumShown } from './decimal';

describe('decimal helpers', () => {
  it('rounds half up on shown values, where floats would round 1.005 down', () => {
    expect(1.005.toFixed(2)).toBe('1.00');
    expect(shown('1.005').toFixed(2)).toBe('1.01');
    expect(shown('2.345').toFixed(2)).toBe('2.35');
  });

  it('formats a ratio as a percentage', () => {
    expect(formatPercent(dec(6).div(11))).toBe('54.55%');
  });

  it('sums the shown values', () => {
    expect(sumShown(['0.004', '0.004', '0.004']).toFixed(2)).toBe('0.00');
  });
});
