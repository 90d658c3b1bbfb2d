import type { PurchaseKeyRepository, PurchaseKeyRow } from '../ports/transactions.repository';
import type { SqliteDatabase } from './sqlite-database';

interface PurchaseKeyColumns {
  account_id: string;
  idempotency_key: string;
  request_digest: string;
  airline: string;
  locator: string;
  claimed_at: number;
}

/** Purchase-key claims in `purchase_keys`, written through the group commit. */
export class SqlitePurchaseKeyRepository implements PurchaseKeyRepository {
  constructor(private readonly database: SqliteDatabase) {}

  async claim(row: PurchaseKeyRow): Promise<PurchaseKeyRow> {
    const connection = this.database.connection;
    const stored = await this.database.writeGrouped(() => {
      connection
        .prepare(
          `INSERT INTO purchase_keys (account_id, idempotency_key, request_digest, airline, locator,
                                      claimed_at)
           VALUES (@accountId, @idempotencyKey, @requestDigest, @airline, @locator, @claimedAt)
           ON CONFLICT DO NOTHING`,
        )
        .run(row);
      return connection
        .prepare('SELECT * FROM purchase_keys WHERE account_id = ? AND idempotency_key = ?')
        .get(row.accountId, row.idempotencyKey) as PurchaseKeyColumns;
    }, 'durable');
    return {
      accountId: stored.account_id,
      idempotencyKey: stored.idempotency_key,
      requestDigest: stored.request_digest,
      airline: stored.airline,
      locator: stored.locator,
      claimedAt: stored.claimed_at,
    };
  }
}
