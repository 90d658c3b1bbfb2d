import type {
  ClockEntries,
  VectorClockRepository,
  VectorClockRow,
  WriteDurability,
} from '../ports/transactions.repository';
import type { SqliteDatabase } from './sqlite-database';

interface VectorClockColumns {
  entries: string;
  own_reserved_up_to: number;
}

/** The node's vector clock as the single row of `vector_clock`, written through the group commit. */
export class SqliteVectorClockRepository implements VectorClockRepository {
  constructor(private readonly database: SqliteDatabase) {}

  /** Returns the stored clock, or null before the first save. */
  async load(): Promise<VectorClockRow | null> {
    const row = this.database.connection
      .prepare('SELECT entries, own_reserved_up_to FROM vector_clock WHERE id = 1')
      .get() as VectorClockColumns | undefined;
    if (!row) {
      return null;
    }
    return {
      entries: JSON.parse(row.entries) as ClockEntries,
      ownReservedUpTo: row.own_reserved_up_to,
    };
  }

  /** Replaces the stored clock. */
  async save(row: VectorClockRow, durability: WriteDurability): Promise<void> {
    const parameters = {
      entries: JSON.stringify(row.entries),
      ownReservedUpTo: row.ownReservedUpTo,
    };
    await this.database.writeGrouped(() => {
      this.database.connection
        .prepare(
          `INSERT INTO vector_clock (id, entries, own_reserved_up_to)
           VALUES (1, @entries, @ownReservedUpTo)
           ON CONFLICT (id) DO UPDATE SET entries = excluded.entries,
             own_reserved_up_to = excluded.own_reserved_up_to`,
        )
        .run(parameters);
    }, durability);
  }
}
