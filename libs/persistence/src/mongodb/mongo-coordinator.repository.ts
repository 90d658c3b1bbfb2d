import type { CoordinatorTransaction } from '@interline/two-phase-commit/core/types';

import type {
  ClockEntries,
  CoordinatorRepository,
  WriteDurability,
} from '../ports/transactions.repository';
import { type MongoStorage, WRITE_CONCERNS } from './mongo-storage';
import { mergeClocks } from './mongo-transaction-clock';

interface CoordinatorDocument {
  _id: string;
  record: CoordinatorTransaction;
  createdAt: number;
  completedAt: number | null;
  clock: ClockEntries;
}

/**
 * Coordinator records, one document each. Saves of one transaction apply in call order, so a
 * relaxed start record issued before a durable decision can never overwrite it.
 */
export class MongoCoordinatorRepository implements CoordinatorRepository {
  constructor(private readonly storage: MongoStorage) {}

  private get records() {
    return this.storage.collection<CoordinatorDocument>('CoordinatorTransaction');
  }

  async save(
    record: CoordinatorTransaction,
    clock: ClockEntries,
    durability: WriteDurability,
  ): Promise<void> {
    // Copied now, because the caller may change the record before the write is sent.
    const document = {
      record: structuredClone(record),
      createdAt: record.createdAt,
      completedAt: record.completedAt,
      clock: { ...clock },
    };
    await this.storage.queue.run(recordKey(record.txId), async () => {
      await this.records.replaceOne({ _id: record.txId }, document, {
        upsert: true,
        writeConcern: WRITE_CONCERNS[durability],
      });
    });
  }

  async findById(txId: string): Promise<CoordinatorTransaction | null> {
    await this.storage.queue.idle(recordKey(txId));
    const document = await this.records.findOne({ _id: txId });
    return document ? document.record : null;
  }

  /** Records with no `completedAt`, oldest first. */
  async findUnfinished(): Promise<CoordinatorTransaction[]> {
    const documents = await this.records
      .find({ completedAt: null })
      .sort({ createdAt: 1, _id: 1 })
      .toArray();
    return documents.map((document) => document.record);
  }

  async maxClock(): Promise<ClockEntries> {
    const documents = await this.records.find({}, { projection: { clock: 1 } }).toArray();
    return mergeClocks(documents.map((document) => document.clock));
  }
}

function recordKey(txId: string): string {
  return `coordinator:${txId}`;
}
