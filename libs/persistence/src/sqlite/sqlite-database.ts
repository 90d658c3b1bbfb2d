import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';

import { StorageOpenError } from '../errors';
import { GroupCommitQueue, type GroupCommitCounters } from './group-commit';
import { MIGRATIONS, type Migration } from './migrations';

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** Durability level of a write transaction. */
export type Durability =
  /** fsync of the WAL before the commit returns: survives power loss. */
  | 'durable'
  /** WAL write without fsync: survives a process crash, may lose the last commits on power loss. */
  | 'relaxed';

/**
 * One SQLite file opened in WAL mode, migrated and checked. All repositories of a node share it.
 *
 * Connection default is `synchronous = NORMAL`; `transaction(fn, 'durable')` switches to `FULL`
 * around one transaction, so its commit is fsynced before the call returns.
 */
export class SqliteDatabase {
  readonly connection: Database.Database;

  private readonly groupCommit: GroupCommitQueue;

  private constructor(
    readonly location: string,
    connection: Database.Database,
  ) {
    this.connection = connection;
    this.groupCommit = new GroupCommitQueue(connection);
  }

  /**
   * Opens (creating when absent), checks and migrates the database at `location`. Throws
   * `StorageOpenError` when the file is not a SQLite database, fails `quick_check`, or was written
   * by a newer schema than this build supports. An existing file is never recreated.
   */
  static open(location: string, migrations: readonly Migration[] = MIGRATIONS): SqliteDatabase {
    mkdirSync(dirname(location), { recursive: true });
    assertSqliteHeader(location);

    let connection: Database.Database;
    try {
      connection = new Database(location);
      connection.pragma('journal_mode = WAL');
      connection.pragma('synchronous = NORMAL');
      connection.pragma('foreign_keys = ON');
      connection.pragma('busy_timeout = 5000');
    } catch (error) {
      throw new StorageOpenError(location, describe(error), { cause: error });
    }

    const database = new SqliteDatabase(location, connection);
    try {
      database.assertIntegrity();
      database.migrate(migrations);
    } catch (error) {
      connection.close();
      if (error instanceof StorageOpenError) {
        throw error;
      }
      throw new StorageOpenError(location, describe(error), { cause: error });
    }
    return database;
  }

  /**
   * Runs `work` in one transaction (BEGIN IMMEDIATE) with the given durability. Called inside
   * another transaction, it runs as a savepoint of that one and shares its durability.
   */
  transaction<T>(work: () => T, durability: Durability): T {
    if (this.groupCommit.isOpen) {
      this.groupCommit.flushAll();
    }
    const run = this.connection.transaction(work);
    // Inside an open transaction the work becomes a savepoint, and SQLite forbids changing
    // `synchronous` there; the outer transaction's durability then applies.
    if (durability === 'relaxed' || this.connection.inTransaction) {
      return run.immediate();
    }
    this.connection.pragma('synchronous = FULL');
    try {
      return run.immediate();
    } finally {
      this.connection.pragma('synchronous = NORMAL');
    }
  }

  /**
   * Runs `work` as its own write, sharing the fsync of durable writes with other callers (group
   * commit). Many purchase transactions are in flight at once, and each prepare, decision and
   * booking needs a durable write. With `synchronous = FULL` every commit costs one fsync, so
   * committing them one by one would limit the node to one write per disk flush.
   *
   * - `relaxed`: runs at once in its own transaction (BEGIN IMMEDIATE, `synchronous = NORMAL`).
   *   The promise is already settled when the call returns.
   * - `durable`: applied at once inside the open group-commit batch (one BEGIN IMMEDIATE
   *   transaction with `synchronous = FULL`, opened by the first work), each work in its own
   *   SAVEPOINT: a work that throws rolls back only its own changes and rejects at once. The batch
   *   commits `GROUP_COMMIT_WINDOW_MS` after its first work, so the durable works of that window
   *   share one fsync; the promises resolve after COMMIT returns, once the data is on disk. Reads on this
   *   connection see applied works before they commit. If COMMIT fails, every promise of the batch
   *   is rejected and nothing of it is stored. At most `GROUP_COMMIT_WORKS_MAX` works share a batch.
   *   A relaxed work called while a batch is open joins it.
   *
   * `work` must be synchronous. Calling `writeGrouped` inside a transaction other than the batch
   * is rejected, because the work would not be part of it. `transaction()` commits an open batch
   * before it starts, so its own durability promise holds.
   */
  writeGrouped<T>(work: () => T, durability: Durability): Promise<T> {
    if (this.connection.inTransaction && !this.groupCommit.isOpen) {
      return Promise.reject(
        new Error(
          'writeGrouped was called inside an open transaction. Call it outside, or use ' +
            'transaction() to nest the work in the open one.',
        ),
      );
    }
    if (durability === 'relaxed' && !this.groupCommit.isOpen) {
      try {
        return Promise.resolve(this.transaction(work, 'relaxed'));
      } catch (error) {
        return Promise.reject(error);
      }
    }

    return this.groupCommit.enqueue(work);
  }

  /** Counters of the group commit since the database was opened. */
  groupCommitCounters(): GroupCommitCounters {
    return this.groupCommit.snapshotCounters();
  }

  /** Highest applied migration version, 0 for an empty database. */
  schemaVersion(): number {
    const row = this.connection
      .prepare('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations')
      .get() as { version: number };
    return row.version;
  }

  /** Runs SQLite's `quick_check`; returns the problems found, empty when healthy. */
  quickCheck(): string[] {
    const rows = this.connection.pragma('quick_check') as Array<{ quick_check: string }>;
    return rows.map((row) => row.quick_check).filter((result) => result !== 'ok');
  }

  /** Commits the durable works still queued, then closes the connection. */
  close(): void {
    if (this.connection.open) {
      this.groupCommit.flushAll();
      this.connection.close();
    }
  }

  private assertIntegrity(): void {
    const problems = this.quickCheck();
    if (problems.length > 0) {
      throw new StorageOpenError(
        this.location,
        `integrity check failed (${problems.slice(0, 3).join('; ')}). Restore the file from a ` +
          'backup or move it away to start this node with an empty database.',
      );
    }
  }

  private migrate(migrations: readonly Migration[]): void {
    this.connection.exec(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version INTEGER PRIMARY KEY,
         name TEXT NOT NULL,
         applied_at INTEGER NOT NULL
       ) STRICT`,
    );
    const current = this.schemaVersion();
    const latest = migrations.reduce((max, migration) => Math.max(max, migration.version), 0);
    if (current > latest) {
      throw new StorageOpenError(
        this.location,
        `schema version ${current} is newer than this build supports (${latest}). ` +
          'Run the Interline version that wrote this file, or a newer one.',
      );
    }

    const record = this.connection.prepare(
      'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
    );
    for (const migration of migrations) {
      if (migration.version <= current) {
        continue;
      }
      this.transaction(() => {
        this.connection.exec(migration.sql);
        record.run(migration.version, migration.name, Date.now());
      }, 'durable');
    }
  }
}

/**
 * Rejects a non-empty file that does not start with the SQLite header before the driver reads it,
 * because opening garbage in WAL mode can otherwise succeed until the first query.
 */
function assertSqliteHeader(location: string): void {
  if (!existsSync(location)) {
    return;
  }
  let descriptor: number;
  try {
    descriptor = openSync(location, 'r');
  } catch (error) {
    throw new StorageOpenError(location, `file is not readable: ${describe(error)}`, {
      cause: error,
    });
  }
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const bytesRead = readSync(descriptor, header, 0, header.length, 0);
    if (bytesRead === 0) {
      return;
    }
    if (header.subarray(0, bytesRead).toString('latin1') !== SQLITE_HEADER.slice(0, bytesRead)) {
      throw new StorageOpenError(
        location,
        'file is not a SQLite database (bad header). Restore it from a backup or move it away; ' +
          'the node never recreates an existing database.',
      );
    }
  } finally {
    closeSync(descriptor);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
