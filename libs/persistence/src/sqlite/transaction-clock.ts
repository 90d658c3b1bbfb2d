import type { ClockEntries } from '../ports/transactions.repository';
import type { SqliteDatabase } from './sqlite-database';

/** Tables whose rows carry the vector clock of their write in a JSON `clock` column. */
export type ClockedTable = 'coordinator_transactions' | 'participant_transactions';

/**
 * Reads the element-wise maximum of every clock stored in `table`, or `{}` when the table is empty.
 * SQLite merges the JSON objects itself, so no row is parsed in JavaScript, but every row is read.
 */
export function readMaxClock(database: SqliteDatabase, table: ClockedTable): ClockEntries {
  const rows = database.connection
    .prepare(
      `SELECT entry.key AS airline, MAX(entry.value) AS counter
       FROM ${table} AS record, json_each(record.clock) AS entry
       GROUP BY entry.key
       ORDER BY entry.key`,
    )
    .all() as Array<{ airline: string; counter: number }>;

  const entries: ClockEntries = {};
  for (const row of rows) {
    entries[row.airline] = row.counter;
  }
  return entries;
}
