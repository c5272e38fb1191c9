import { describe, expect, it } from 'vitest';
import { hashPassword, isPasswordHash, verifyPassword } from './passwordHash.ts';

describe('password hashes', () => {
  it('verify the password they were made from and no other, with a fresh salt each time', () => {
    const hash = hashPassword('correct horse');
    expect(isPasswordHash(hash)).toBe(true);
    expect(verifyPassword('correct horse', hash)).toBe(true);
    expect(verifyPassword('correct horsE', hash)).toBe(false);
    expect(hashPassword('correct horse')).not.toBe(hash);
  });

  it('never match a malformed hash (a plain password put in by mistake)', () => {
    expect(verifyPassword('secret', 'secret')).toBe(false);
    expect(verifyPassword('secret', 'scrypt$1$2$3$bad')).toBe(false);
  });
});
