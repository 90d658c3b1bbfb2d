import type {
  ClockEntries,
  VectorClockRepository,
  VectorClockRow,
  WriteDurability,
} from '../ports/transactions.repository';
import { type MongoStorage, WRITE_CONCERNS } from './mongo-storage';

interface VectorClockDocument {
  _id: string;
  entries: ClockEntries;
  ownReservedUpTo: number;
}

const DOCUMENT_ID = 'node';
const QUEUE_KEY = 'vectorClock';

/**
 * The node's vector clock as one document. Saves apply in call order, so a later reservation of
 * the own entry is never overwritten by an earlier, lower one still in flight.
 */
export class MongoVectorClockRepository implements VectorClockRepository {
  constructor(private readonly storage: MongoStorage) {}

  private get clocks() {
    return this.storage.collection<VectorClockDocument>('VectorClock');
  }

  /** Returns the stored clock, or null before the first save. */
  async load(): Promise<VectorClockRow | null> {
    await this.storage.queue.idle(QUEUE_KEY);
    const document = await this.clocks.findOne({ _id: DOCUMENT_ID });
    return document
      ? { entries: document.entries, ownReservedUpTo: document.ownReservedUpTo }
      : null;
  }

  /** Replaces the stored clock. */
  async save(row: VectorClockRow, durability: WriteDurability): Promise<void> {
    const document = { entries: { ...row.entries }, ownReservedUpTo: row.ownReservedUpTo };
    await this.storage.queue.run(QUEUE_KEY, async () => {
      await this.clocks.replaceOne({ _id: DOCUMENT_ID }, document, {
        upsert: true,
        writeConcern: WRITE_CONCERNS[durability],
      });
    });
  }
}
