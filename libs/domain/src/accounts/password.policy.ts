import { randomInt } from 'node:crypto';

/**
 * Password policy. The default meets 等保 2.0 level 3 practice: at least 8 characters of at least 3 of the
 * 4 classes (lower, upper, digit, symbol), not a commonly used password, not containing the username.
 */
export interface PasswordPolicy {
  minLength: number;
  minClasses: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 8, minClasses: 3 };

// The most common passwords that would otherwise pass the class rule (and their obvious variants).
const COMMON = new Set(
  [
    'Password1', 'Password123', 'P@ssw0rd', 'P@ssword1', 'Passw0rd!', 'Admin123', 'Admin@123', 'Admin123!', 'Abc@1234',
    'Abc123456', 'Aa123456', 'Aa123456!', 'Qwer1234', 'Qwer@1234', 'Qwerty123', 'Qwerty1!', 'Welcome1', 'Welcome123',
    '1qaz@WSX', '1qaz!QAZ', '!QAZ2wsx', 'Zxcv1234', 'Asdf1234', 'Root@123', 'Test@123', 'Abcd1234', 'Abcd@1234',
    'Aa111111', 'Woaini1314', 'Huawei@123', 'Huawei12#$', 'Sysadmin1', 'Changeme1', 'Letmein1', 'Iloveyou1',
  ].map((p) => p.toLowerCase()),
);

export function checkPassword(password: string, username: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): string | null {
  if (password.length < policy.minLength) return `密码至少${policy.minLength}位`;
  if (password.length > 128) return '密码不能超过128位';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < policy.minClasses) return `密码须包含大写字母、小写字母、数字、符号中的至少${policy.minClasses}类`;
  if (COMMON.has(password.toLowerCase())) return '密码过于常见，请换一个';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}

const GENERATED_CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '#@%+=!?*'];

/**
 * A random password of all four classes (16 characters by default, no look-alike characters), for a new
 * account or a reset; shown once to whoever made it, never stored in clear.
 */
export function generatePassword(length = 16, random: (max: number) => number = defaultRandom): string {
  const all = GENERATED_CLASSES.join('');
  const chars = GENERATED_CLASSES.map((c) => c[random(c.length)]);
  while (chars.length < length) chars.push(all[random(all.length)]);
  // Fisher–Yates, so the guaranteed characters are not always in front
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

function defaultRandom(max: number): number {
  return randomInt(max);
}

/** A generated password that also passes the policy for this user name. */
export function generatePasswordFor(username: string): string {
  for (;;) {
    const p = generatePassword();
    if (!checkPassword(p, username)) return p;
  }
}
