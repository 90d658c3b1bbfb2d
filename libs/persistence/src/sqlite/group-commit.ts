import type Database from 'better-sqlite3';

/**
 * Maximum number of works committed in one group-commit batch. Works queued beyond it wait for
 * the next flush, so one transaction (and the write lock it holds) stays short.
 */
export const GROUP_COMMIT_WORKS_MAX = 256;

/**
 * How long an open batch waits for more works before it commits. An fsync blocks the event loop
 * for milliseconds, so under load a short window that lets several requests share one fsync is
 * worth far more than the latency it adds.
 */
export const GROUP_COMMIT_WINDOW_MS = 2;

/** Counters of the group commit since the database was opened, for metrics. */
export interface GroupCommitCounters {
  /** Batches whose COMMIT succeeded. */
  batchesCommitted: number;
  /** Batches rolled back as a whole because BEGIN, a savepoint step or COMMIT failed. */
  batchesFailed: number;
  /** Works whose changes were committed and whose promise was resolved. */
  worksCommitted: number;
  /** Works whose promise was rejected: their own error, or the failure of their batch. */
  worksRejected: number;
  /** Largest number of works in one batch. */
  worksPerBatchMax: number;
  /** Durable works waiting for the next flush. */
  worksQueued: number;
}

interface PendingWork {
  value: unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: durable works are applied at once, each in its own savepoint of one open
 * transaction with `synchronous = FULL`, and the transaction commits `GROUP_COMMIT_WINDOW_MS` after
 * the first work, so every work of that window shares one fsync. Because the works are applied when they
 * are called, a read made after the call sees them (same connection), which lets the protocol
 * judge the next request against the seats the previous one took. A work's promise resolves only
 * after COMMIT, that is once its data is on disk. `SqliteDatabase.writeGrouped` documents the
 * contract.
 */
export class GroupCommitQueue {
  private pending: PendingWork[] = [];
  private open = false;
  private scheduledFlush: NodeJS.Timeout | null = null;
  private readonly counters: Omit<GroupCommitCounters, 'worksQueued'> = {
    batchesCommitted: 0,
    batchesFailed: 0,
    worksCommitted: 0,
    worksRejected: 0,
    worksPerBatchMax: 0,
  };

  constructor(private readonly connection: Database.Database) {}

  /** True while a batch transaction is open on the connection. */
  get isOpen(): boolean {
    return this.open;
  }

  /**
   * Applies `work` now inside the open batch (opening one when needed). A work that throws is
   * rolled back alone and its promise rejects at once; the others settle when the batch commits.
   */
  enqueue<T>(work: () => T): Promise<T> {
    if (!this.open) {
      try {
        this.begin();
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const outcome = this.runInSavepoint(work);
    if (outcome.failed) {
      this.counters.worksRejected += 1;
      if (!this.connection.inTransaction) {
        // SQLite rolled the whole batch back (some I/O errors do): every work of it is lost.
        this.failBatch(outcome.error);
      }
      return Promise.reject(outcome.error);
    }
    const promise = new Promise<T>((resolve, reject) => {
      this.pending.push({
        value: outcome.value,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
    });
    if (this.pending.length >= GROUP_COMMIT_WORKS_MAX) {
      this.flushAll();
    } else {
      this.scheduleFlush();
    }
    return promise;
  }

  /** Commits the open batch now, if any. */
  flushAll(): void {
    if (this.scheduledFlush) {
      clearTimeout(this.scheduledFlush);
      this.scheduledFlush = null;
    }
    if (this.open) {
      this.commit();
    }
  }

  snapshotCounters(): GroupCommitCounters {
    return { ...this.counters, worksQueued: this.pending.length };
  }

  private begin(): void {
    if (this.connection.inTransaction) {
      throw new Error('group commit found a transaction left open on the connection');
    }
    // `synchronous` cannot change inside a transaction, so FULL is set before BEGIN.
    this.connection.pragma('synchronous = FULL');
    try {
      this.connection.exec('BEGIN IMMEDIATE');
    } catch (error) {
      this.connection.pragma('synchronous = NORMAL');
      throw error;
    }
    this.open = true;
  }

  private scheduleFlush(): void {
    if (this.scheduledFlush) {
      return;
    }
    this.scheduledFlush = setTimeout(() => {
      this.scheduledFlush = null;
      if (this.open) {
        this.commit();
      }
    }, GROUP_COMMIT_WINDOW_MS);
  }

  private commit(): void {
    const batch = this.pending;
    this.pending = [];
    try {
      this.connection.exec('COMMIT');
    } catch (error) {
      this.pending = batch;
      this.failBatch(error);
      return;
    }
    this.open = false;
    this.connection.pragma('synchronous = NORMAL');
    this.counters.batchesCommitted += 1;
    this.counters.worksCommitted += batch.length;
    this.counters.worksPerBatchMax = Math.max(this.counters.worksPerBatchMax, batch.length);
    for (const work of batch) {
      work.resolve(work.value);
    }
  }

  /** Rolls back the open batch and rejects every work in it. */
  private failBatch(error: unknown): void {
    const batch = this.pending;
    this.pending = [];
    if (this.connection.inTransaction) {
      this.connection.exec('ROLLBACK');
    }
    this.open = false;
    this.connection.pragma('synchronous = NORMAL');
    this.counters.batchesFailed += 1;
    this.counters.worksRejected += batch.length;
    for (const work of batch) {
      work.reject(error);
    }
  }

  /**
   * Runs one work in a savepoint. Its own error rolls back only the savepoint and becomes its
   * outcome. When SQLite already rolled back the whole transaction, the savepoint is gone.
   */
  private runInSavepoint(work: () => unknown): WorkOutcome {
    this.connection.exec('SAVEPOINT group_commit_work');
    try {
      const value = work();
      if (isThenable(value)) {
        throw new TypeError('a grouped write must be synchronous, but its work returned a promise');
      }
      this.connection.exec('RELEASE group_commit_work');
      return { failed: false, value };
    } catch (error) {
      if (this.connection.inTransaction) {
        this.connection.exec('ROLLBACK TO group_commit_work');
        this.connection.exec('RELEASE group_commit_work');
      }
      return { failed: true, error };
    }
  }
}

type WorkOutcome = { failed: false; value: unknown } | { failed: true; error: unknown };

function isThenable(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
