import type { StorageHealthProbe } from '../ports/repositories';
import type { StorageHealth } from '../ports/records';
import type { SqliteDatabase } from './sqlite-database';

/** Reports whether the database still responds to a read; used by `GET /status`. */
export class SqliteHealthProbe implements StorageHealthProbe {
  constructor(private readonly database: SqliteDatabase) {}

  async check(): Promise<StorageHealth> {
    const base = { engine: 'sqlite', location: this.database.location };
    try {
      return { ...base, status: 'ok', schemaVersion: this.database.schemaVersion() };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ...base, status: 'failing', schemaVersion: 0, detail };
    }
  }
}
