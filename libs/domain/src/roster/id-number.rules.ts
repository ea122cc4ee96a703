import { isLocalDate, LocalDate } from '../calendar/shanghai';

/**
 * 居民身份证号 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence, check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
/** First two digits of the region code: provinces, autonomous regions, municipalities, HK, Macao, Taiwan. */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82, 83, 91,
]);

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export type IdNumberResult =
  | { ok: true; value: string; birthDate: LocalDate; gender: 'male' | 'female' }
  | { ok: false; reason: string };

/** Validates and normalises (upper-case X) an ID number. `today` bounds the birth date. */
export function checkIdNumber(raw: string, today?: LocalDate): IdNumberResult {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) {
    return { ok: false, reason: '身份证号应为18位，前17位为数字，末位为数字或X' };
  }
  if (!PROVINCES.has(Number(value.slice(0, 2)))) {
    return { ok: false, reason: '身份证号的地区码无效' };
  }
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isLocalDate(birthDate) || birthDate < '1900-01-01' || (today !== undefined && birthDate > today)) {
    return { ok: false, reason: '身份证号中的出生日期无效' };
  }
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) {
    return { ok: false, reason: '身份证号校验位错误' };
  }
  return { ok: true, value, birthDate, gender: Number(value[16]) % 2 === 1 ? 'male' : 'female' };
}

/** Mainland mobile number: 11 digits starting 13-19. */
export function checkPhone(raw: string): { ok: true; value: string } | { ok: false; reason: string } {
  const value = raw.replace(/[\s-]/g, '');
  if (!/^1[3-9]\d{9}$/.test(value)) {
    return { ok: false, reason: '手机号码应为11位数字，以13-19开头' };
  }
  return { ok: true, value };
}
