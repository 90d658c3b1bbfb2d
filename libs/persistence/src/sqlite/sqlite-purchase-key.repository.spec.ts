import { SqliteDatabase } from './sqlite-database';
import { SqlitePurchaseKeyRepository } from './sqlite-purchase-key.repository';
import { createTemporaryDirectory, type TemporaryDirectory } from './testing/transaction-fixtures';

describe('SqlitePurchaseKeyRepository', () => {
  let directory: TemporaryDirectory;
  let database: SqliteDatabase;
  let keys: SqlitePurchaseKeyRepository;
  const first = {
    accountId: 'account-1',
    idempotencyKey: 'key-0123456789abcdef',
    requestDigest: 'digest-a',
    airline: 'JG',
    locator: 'ABC234',
    claimedAt: 1_000,
  };

  beforeEach(() => {
    directory = createTemporaryDirectory('interline-purchase-keys-');
    database = SqliteDatabase.open(directory.location);
    keys = new SqlitePurchaseKeyRepository(database);
  });

  afterEach(() => {
    database.close();
    directory.remove();
  });

  it('stores the first claim', async () => {
    await expect(keys.claim(first)).resolves.toEqual(first);
  });

  it('returns the first claim to a later one', async () => {
    await keys.claim(first);

    const later = await keys.claim({
      ...first,
      airline: 'IP',
      locator: 'XYZ789',
      claimedAt: 2_000,
    });

    expect(later).toEqual(first);
  });

  it('keeps keys of different accounts apart', async () => {
    await keys.claim(first);

    const other = { ...first, accountId: 'account-2', airline: 'RC' };

    await expect(keys.claim(other)).resolves.toEqual(other);
  });

  it('keeps the claim after reopening', async () => {
    await keys.claim(first);
    database.close();
    database = SqliteDatabase.open(directory.location);
    keys = new SqlitePurchaseKeyRepository(database);

    await expect(keys.claim({ ...first, airline: 'IP' })).resolves.toEqual(first);
  });
});
