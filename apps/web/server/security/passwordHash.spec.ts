import { describe, expect, it } from 'vitest';
import { hashPassword, isPasswordHash, verifyPassword } from './passwordHash.ts';

describe('password hashes', () => {
  it('verify the password they were made from and no other, with a fresh salt each time', async () => {
    const hash = hashPassword('correct horse');
    expect(isPasswordHash(hash)).toBe(true);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsE', hash)).toBe(false);
    expect(hashPassword('correct horse')).not.toBe(hash);
  });

  it('never match a malformed hash (a plain password put in by mistake)', async () => {
    expect(await verifyPassword('secret', 'secret')).toBe(false);
    expect(await verifyPassword('secret', 'scrypt$1$2$3$bad')).toBe(false);
  });

  it('leave the event loop free while they hash', async () => {
    const hash = hashPassword('pw');
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    await Promise.all([1, 2, 3, 4].map(() => verifyPassword('wrong', hash)));
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});
