import { DuplicateEmailError } from '../errors';
import type { SessionRow } from '../ports/records';
import { adapters } from './adapters';
import { account } from './testing/records';
import { useStorage } from './testing/storage-harness';

describe.each(adapters)('accounts, sessions and log-in throttle contract on $name', (adapter) => {
  const storage = useStorage(adapter);

  describe('accounts', () => {
    it('insert round-trips by email and id', async () => {
      const stored = account('account-1');

      await storage().accounts.insert(stored);

      expect(await storage().accounts.findByEmail('account-1@example.com')).toEqual(stored);
      expect(await storage().accounts.findById('account-1')).toEqual(stored);
    });

    it('unknown email and id find nothing', async () => {
      await storage().accounts.insert(account('account-1'));

      expect(await storage().accounts.findByEmail('nobody@example.com')).toBeNull();
      expect(await storage().accounts.findById('account-2')).toBeNull();
    });

    it('taken email is rejected', async () => {
      await storage().accounts.insert(account('account-1', { email: 'ana@example.com' }));

      const duplicate = storage().accounts.insert(
        account('account-2', { email: 'ana@example.com', displayName: 'Ana Lima' }),
      );

      await expect(duplicate).rejects.toThrow(DuplicateEmailError);
      await expect(duplicate).rejects.toMatchObject({ email: 'ana@example.com' });
      expect(await storage().accounts.findById('account-2')).toBeNull();
      expect((await storage().accounts.findByEmail('ana@example.com'))?.id).toBe('account-1');
    });
  });

  describe('sessions', () => {
    function session(tokenHash: string, expiresAt: number): SessionRow {
      return { tokenHash, accountId: 'account-1', createdAt: 1_000, expiresAt };
    }

    beforeEach(async () => {
      await storage().accounts.insert(account('account-1'));
    });

    it('insert round-trips by token hash', async () => {
      await storage().sessions.insert(session('a'.repeat(64), 5_000));

      expect(await storage().sessions.findByTokenHash('a'.repeat(64))).toEqual(
        session('a'.repeat(64), 5_000),
      );
      expect(await storage().sessions.findByTokenHash('b'.repeat(64))).toBeNull();
    });

    it('deleteByTokenHash reports whether it deleted', async () => {
      await storage().sessions.insert(session('a'.repeat(64), 5_000));
      await storage().sessions.insert(session('b'.repeat(64), 5_000));

      expect(await storage().sessions.deleteByTokenHash('a'.repeat(64))).toBe(true);
      expect(await storage().sessions.deleteByTokenHash('a'.repeat(64))).toBe(false);
      expect(await storage().sessions.findByTokenHash('a'.repeat(64))).toBeNull();
      expect(await storage().sessions.findByTokenHash('b'.repeat(64))).not.toBeNull();
    });

    it('deleteExpired deletes sessions expired at or before now', async () => {
      await storage().sessions.insert(session('early', 4_999));
      await storage().sessions.insert(session('on-time', 5_000));
      await storage().sessions.insert(session('later', 5_001));

      expect(await storage().sessions.deleteExpired(5_000)).toBe(2);

      expect(await storage().sessions.findByTokenHash('early')).toBeNull();
      expect(await storage().sessions.findByTokenHash('on-time')).toBeNull();
      expect(await storage().sessions.findByTokenHash('later')).toEqual(session('later', 5_001));
      expect(await storage().sessions.deleteExpired(5_000)).toBe(0);
    });
  });

  describe('log-in throttle', () => {
    const row = { email: 'ana@example.com', failures: 3, lastFailureAt: 2_000, blockedUntil: 0 };

    it('find returns null for an unknown email', async () => {
      expect(await storage().loginThrottle.find('ana@example.com')).toBeNull();
    });

    it('save round-trips and replaces by email', async () => {
      await storage().loginThrottle.save(row);
      const blocked = { ...row, failures: 5, lastFailureAt: 3_000, blockedUntil: 63_000 };

      await storage().loginThrottle.save(blocked);

      expect(await storage().loginThrottle.find('ana@example.com')).toEqual(blocked);
    });

    it('delete removes only that email', async () => {
      await storage().loginThrottle.save(row);
      await storage().loginThrottle.save({ ...row, email: 'bruno@example.com' });

      await storage().loginThrottle.delete('ana@example.com');
      await storage().loginThrottle.delete('nobody@example.com');

      expect(await storage().loginThrottle.find('ana@example.com')).toBeNull();
      expect(await storage().loginThrottle.find('bruno@example.com')).not.toBeNull();
    });

    it('deleteStale deletes failures strictly before the instant', async () => {
      await storage().loginThrottle.save({ ...row, email: 'old@example.com', lastFailureAt: 999 });
      await storage().loginThrottle.save({
        ...row,
        email: 'edge@example.com',
        lastFailureAt: 1_000,
      });
      await storage().loginThrottle.save({
        ...row,
        email: 'new@example.com',
        lastFailureAt: 1_001,
      });

      expect(await storage().loginThrottle.deleteStale(1_000)).toBe(1);

      expect(await storage().loginThrottle.find('old@example.com')).toBeNull();
      expect(await storage().loginThrottle.find('edge@example.com')).not.toBeNull();
      expect(await storage().loginThrottle.find('new@example.com')).not.toBeNull();
    });
  });
});
