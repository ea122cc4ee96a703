import { checkPassword } from './password.policy';

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
});
