import type { StorageHealthProbe } from '../ports/repositories';
import type { StorageHealth } from '../ports/records';
import { describeError, type MongoStorage } from './mongo-storage';

/** Longest wait for the server's answer to a ping before the storage is reported failing. */
export const HEALTH_PING_TIMEOUT_MS = 2_000;

/** Reports whether the MongoDB server answers a ping; used by `GET /status`. */
export class MongoHealthProbe implements StorageHealthProbe {
  constructor(
    private readonly storage: MongoStorage,
    private readonly timeoutMs: number = HEALTH_PING_TIMEOUT_MS,
  ) {}

  async check(): Promise<StorageHealth> {
    const base = { engine: 'mongodb', location: this.storage.location };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer to ping within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      const database = this.storage.connection.db;
      if (!database) {
        throw new Error('not connected');
      }
      await Promise.race([database.command({ ping: 1 }), timeout]);
      return { ...base, status: 'ok', schemaVersion: this.storage.schemaVersion };
    } catch (error) {
      return { ...base, status: 'failing', schemaVersion: 0, detail: describeError(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
