import type { PurchaseKeyRow } from '../ports/transactions.repository';
import { adapters } from './adapters';
import { useStorage } from './testing/storage-harness';

describe.each(adapters)('vector clock and purchase key contract on $name', (adapter) => {
  const storage = useStorage(adapter);

  describe('vector clock', () => {
    it('load returns null before the first save', async () => {
      expect(await storage().vectorClock.load()).toBeNull();
    });

    it('clock round-trips', async () => {
      const row = { entries: { JG: 12, IP: 3 }, ownReservedUpTo: 1_000 };

      await storage().vectorClock.save(row, 'durable');

      expect(await storage().vectorClock.load()).toEqual(row);
    });

    it('save replaces the whole row', async () => {
      await storage().vectorClock.save(
        { entries: { JG: 1, IP: 8 }, ownReservedUpTo: 1_000 },
        'relaxed',
      );

      await storage().vectorClock.save(
        { entries: { JG: 1_001, RC: 4 }, ownReservedUpTo: 2_000 },
        'durable',
      );

      expect(await storage().vectorClock.load()).toEqual({
        entries: { JG: 1_001, RC: 4 },
        ownReservedUpTo: 2_000,
      });
    });

    it('stores the clock as it was at the call', async () => {
      const row = { entries: { JG: 12 }, ownReservedUpTo: 1_000 };
      const saved = storage().vectorClock.save(row, 'durable');
      row.entries.JG = 13;
      row.ownReservedUpTo = 2_000;

      await saved;

      expect(await storage().vectorClock.load()).toEqual({
        entries: { JG: 12 },
        ownReservedUpTo: 1_000,
      });
    });

    it('empty entries round-trip', async () => {
      await storage().vectorClock.save({ entries: {}, ownReservedUpTo: 0 }, 'durable');

      expect(await storage().vectorClock.load()).toEqual({ entries: {}, ownReservedUpTo: 0 });
    });
  });

  describe('purchase keys', () => {
    const first: PurchaseKeyRow = {
      accountId: 'account-1',
      idempotencyKey: 'key-0123456789abcdef',
      requestDigest: 'digest-a',
      airline: 'JG',
      locator: 'ABC234',
      claimedAt: 1_000,
    };

    it('claim stores and returns the first claim', async () => {
      await expect(storage().purchaseKeys.claim(first)).resolves.toEqual(first);
    });

    it('later claim returns the first one', async () => {
      await storage().purchaseKeys.claim(first);

      const later = await storage().purchaseKeys.claim({
        ...first,
        requestDigest: 'digest-b',
        airline: 'IP',
        locator: 'XYZ789',
        claimedAt: 2_000,
      });

      expect(later).toEqual(first);
    });

    it('keys of different accounts are apart', async () => {
      await storage().purchaseKeys.claim(first);
      const other = { ...first, accountId: 'account-2', airline: 'RC' };

      await expect(storage().purchaseKeys.claim(other)).resolves.toEqual(other);
      await expect(storage().purchaseKeys.claim({ ...first, airline: 'IP' })).resolves.toEqual(
        first,
      );
    });

    it('other keys of one account are apart', async () => {
      await storage().purchaseKeys.claim(first);
      const other = { ...first, idempotencyKey: 'key-fedcba9876543210', locator: 'DEF567' };

      await expect(storage().purchaseKeys.claim(other)).resolves.toEqual(other);
    });

    it('concurrent claims all get the same winner', async () => {
      const claims = ['JG', 'IP', 'RC'].map((airline, index) => ({
        ...first,
        airline,
        locator: `LOC00${index}`,
        claimedAt: 1_000 + index,
      }));

      const results = await Promise.all(claims.map((claim) => storage().purchaseKeys.claim(claim)));

      expect(claims).toContainEqual(results[0]);
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
      await expect(storage().purchaseKeys.claim(first)).resolves.toEqual(results[0]);
    });
  });
});
