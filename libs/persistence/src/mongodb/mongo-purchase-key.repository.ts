import type { PurchaseKeyRepository, PurchaseKeyRow } from '../ports/transactions.repository';
import { isDuplicateKeyError, type MongoStorage, WRITE_CONCERNS } from './mongo-storage';

interface PurchaseKeyDocument extends PurchaseKeyRow {
  _id: string;
}

/** Purchase-key claims, unique per (account, idempotency key). */
export class MongoPurchaseKeyRepository implements PurchaseKeyRepository {
  constructor(private readonly storage: MongoStorage) {}

  private get keys() {
    return this.storage.collection<PurchaseKeyDocument>('PurchaseKey');
  }

  async claim(row: PurchaseKeyRow): Promise<PurchaseKeyRow> {
    // The filter names the `_id` alone so FerretDB looks it up by index (see
    // `participant-write-steps.ts`); the id is unique per (account, key) like the index.
    const filter = { _id: purchaseKeyId(row) };
    try {
      // The first claim inserts; a later one changes nothing and reads the first.
      await this.keys.updateOne(
        filter,
        { $setOnInsert: { ...row } },
        { upsert: true, writeConcern: WRITE_CONCERNS.durable },
      );
    } catch (error) {
      // Two claims raced to insert: the unique index kept one, which the read below returns.
      if (!isDuplicateKeyError(error)) {
        throw error;
      }
    }
    const stored = await this.keys.findOne(filter);
    if (!stored) {
      throw new Error(
        `Purchase key of account ${row.accountId} was claimed but cannot be read back`,
      );
    }
    return {
      accountId: stored.accountId,
      idempotencyKey: stored.idempotencyKey,
      requestDigest: stored.requestDigest,
      airline: stored.airline,
      locator: stored.locator,
      claimedAt: stored.claimedAt,
    };
  }
}

/** Builds a document id unique per (account, key); JSON encoding keeps the two parts apart. */
function purchaseKeyId(row: PurchaseKeyRow): string {
  return JSON.stringify([row.accountId, row.idempotencyKey]);
}
