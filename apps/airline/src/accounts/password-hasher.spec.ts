import { hashPassword, verifyPassword } from './password-hasher';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the right password', async () => {
    const stored = await hashPassword('correct horse 42', CHEAP);
    await expect(verifyPassword('correct horse 42', stored)).resolves.toBe(true);
  });

  it('rejects a wrong password', async () => {
    const stored = await hashPassword('correct horse 42', CHEAP);
    await expect(verifyPassword('correct horse 43', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    const first = await hashPassword('same password 1', CHEAP);
    const second = await hashPassword('same password 1', CHEAP);
    expect(first).not.toBe(second);
  });

  it('stores the cost and no plaintext', async () => {
    const stored = await hashPassword('visible secret 9', CHEAP);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain('visible');
  });

  it('default cost hashes and verifies', async () => {
    const stored = await hashPassword('default cost 123');
    expect(stored.startsWith('scrypt$32768$8$1$')).toBe(true);
    await expect(verifyPassword('default cost 123', stored)).resolves.toBe(true);
  });

  it.each(['', 'bcrypt$x', 'scrypt$abc$8$1$salt$key', 'scrypt$1024$8$1$salt', 'remote:RC'])(
    'malformed hash %j never matches',
    async (stored) => {
      await expect(verifyPassword('anything 1', stored)).resolves.toBe(false);
    },
  );
});
