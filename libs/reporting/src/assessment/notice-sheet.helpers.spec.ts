import { chineseDate, displayWidth, linesNeeded, lookup, num, shanghaiDateTime } from './notice-sheet.helpers';

describe('assessment workbook helpers', () => {
  it('shows decimals half up to two places', () => {
    expect(num('96.335')).toBe(96.34);
    expect(num('0.125', 2)).toBe(0.13);
    expect(num(null)).toBeNull();
  });

  it('formats dates in Chinese and instants in Shanghai', () => {
    expect(chineseDate('2024-04-01')).toBe('2024年4月1日');
    expect(shanghaiDateTime(new Date('2024-03-31T16:30:00Z'))).toBe('2024-04-01 00:30');
  });

  it('estimates the wrapped lines of Chinese text', () => {
    expect(displayWidth('巡查日志')).toBe(8);
    expect(displayWidth('AB（1）')).toBe(7);
    expect(linesNeeded('巡查日志', 10)).toBe(1);
    expect(linesNeeded('基础信息录入质量', 10)).toBe(2);
    expect(linesNeeded('第一行\n第二行', 20)).toBe(2);
    expect(linesNeeded(null, 5)).toBe(1);
  });

  it('looks ids up in a Map or an object and names what is missing', () => {
    expect(lookup(new Map([['1', '白关镇']]), '1', 'street')).toBe('白关镇');
    expect(lookup({ '2': '龙泉街道' }, '2', 'street')).toBe('龙泉街道');
    expect(() => lookup({}, '3', 'street')).toThrow('street 3 is missing');
  });
});
