import { randomBytes } from 'node:crypto';
import { PersonalDataCipher } from './personal-data.cipher';

describe('PersonalDataCipher', () => {
  const cipher = new PersonalDataCipher(randomBytes(32).toString('base64'));

  it('round-trips and never stores the clear text', () => {
    const sealed = cipher.encrypt('430203199003071234');
    expect(sealed.toString('latin1')).not.toContain('430203');
    expect(cipher.decrypt(sealed)).toBe('430203199003071234');
  });

  it('gives the same look-up hash for the same value and a different one under another key', () => {
    const other = new PersonalDataCipher(randomBytes(32).toString('base64'));
    expect(cipher.lookupHash('x')).toBe(cipher.lookupHash('x'));
    expect(other.lookupHash('x')).not.toBe(cipher.lookupHash('x'));
  });

  it('refuses a tampered value', () => {
    const sealed = cipher.encrypt('abc');
    sealed[sealed.length - 1] ^= 1;
    expect(() => cipher.decrypt(sealed)).toThrow();
  });
});
