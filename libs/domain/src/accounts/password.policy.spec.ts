import { checkPassword, generatePassword } from './password.policy';

describe('password policy', () => {
  it('accepts 8 characters of 3 classes', () => {
    expect(checkPassword('Grid2024!x', 'zhangsan')).toBeNull();
    expect(checkPassword('grid2024!x', 'zhangsan')).toBeNull();
  });
  it('refuses short, two-class, common and username-containing passwords', () => {
    expect(checkPassword('Ab1!', 'u')).toContain('至少8位');
    expect(checkPassword('abcdefgh1', 'u')).toContain('至少3类');
    expect(checkPassword('P@ssw0rd', 'u')).toContain('常见');
    expect(checkPassword('Zhangsan#1', 'zhangsan')).toContain('用户名');
  });
  it('generates passwords of all four classes that pass the policy', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toHaveLength(16);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[0-9]/);
      expect(p).toMatch(/[^a-zA-Z0-9]/);
      expect(checkPassword(p, 'admin')).toBeNull();
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
