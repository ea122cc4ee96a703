import { maskIdNumber, maskPhone } from '../common/masking';
import { checkIdNumber, checkPhone, idNumberCheckChar } from './id-number.rules';

describe('ID number (GB 11643)', () => {
  const valid = '11010519491231002X';

  it('accepts a number with a correct check character and gives birth date and gender', () => {
    expect(checkIdNumber(valid)).toEqual({ ok: true, value: valid, birthDate: '1949-12-31', gender: 'female' });
    expect(checkIdNumber('11010519491231002x')).toMatchObject({ ok: true, value: valid });
  });

  it('computes the check character', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
  });

  it('refuses a wrong check character', () => {
    expect(checkIdNumber('110105194912310021')).toEqual({ ok: false, reason: '身份证号校验位错误' });
  });

  it('refuses an impossible birth date even with a matching check character', () => {
    const first17 = '43020319900230123';
    expect(checkIdNumber(first17 + idNumberCheckChar(first17))).toEqual({ ok: false, reason: '身份证号中的出生日期无效' });
  });

  it('refuses a birth date after today', () => {
    const first17 = '43020320300101123';
    expect(checkIdNumber(first17 + idNumberCheckChar(first17), '2026-01-01')).toMatchObject({ ok: false });
  });

  it('refuses wrong length, letters and unknown regions', () => {
    expect(checkIdNumber('4302031990030712').ok).toBe(false);
    expect(checkIdNumber('43020319900307123A').ok).toBe(false);
    const first17 = '99020319900307123';
    expect(checkIdNumber(first17 + idNumberCheckChar(first17))).toEqual({ ok: false, reason: '身份证号的地区码无效' });
  });
});

describe('phone', () => {
  it('accepts an 11-digit mobile and strips separators', () => {
    expect(checkPhone('138-0013-8000')).toEqual({ ok: true, value: '13800138000' });
  });
  it('refuses 10 digits', () => {
    expect(checkPhone('1380013800').ok).toBe(false);
  });
});

describe('masking', () => {
  it('masks ID and phone numbers as the centre expects', () => {
    expect(maskIdNumber('430203199003071234')).toBe('430***********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
