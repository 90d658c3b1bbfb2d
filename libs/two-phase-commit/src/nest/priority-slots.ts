import { comparePriority } from '../core/priority';
import type { PriorityStamp } from '../core/types';

interface Waiter {
  stamp: PriorityStamp;
  keys: readonly string[];
  grant: () => void;
}

/**
 * Admission control for transactions: at most `perKeyMax` run at once on each key (a flight),
 * at most `totalMax` in all, and waiting ones are admitted oldest stamp first. A transaction is
 * admitted only when every key it names has room, all at once, so two transactions never hold
 * part of what the other waits for. Under a burst on a few flights this bounds the prepares in
 * flight on them, while purchases on other flights go ahead.
 */
export class PrioritySlots {
  private runningTotal = 0;
  private readonly runningByKey = new Map<string, number>();
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly perKeyMax: number,
    private readonly totalMax: number,
    private readonly waitingMax: number,
  ) {}

  /** Resolves when the caller may start; call the returned function when it is done. */
  acquire(stamp: PriorityStamp, keys: readonly string[]): Promise<() => void> {
    const unique = [...new Set(keys)];
    if (this.waiting.length >= this.waitingMax) {
      return Promise.reject(
        new Error(`${this.waitingMax} transactions are already waiting to start; retry later`),
      );
    }
    return new Promise((resolve) => {
      const waiter: Waiter = { stamp, keys: unique, grant: () => resolve(this.releaser(unique)) };
      const index = this.waiting.findIndex((other) => comparePriority(stamp, other.stamp) < 0);
      this.waiting.splice(index === -1 ? this.waiting.length : index, 0, waiter);
      this.admit();
    });
  }

  /** Returns the transactions running and waiting, for status checks and tests. */
  get load(): { running: number; waiting: number } {
    return { running: this.runningTotal, waiting: this.waiting.length };
  }

  private fits(keys: readonly string[]): boolean {
    return (
      this.runningTotal < this.totalMax &&
      keys.every((key) => (this.runningByKey.get(key) ?? 0) < this.perKeyMax)
    );
  }

  private take(keys: readonly string[]): void {
    this.runningTotal += 1;
    for (const key of keys) {
      this.runningByKey.set(key, (this.runningByKey.get(key) ?? 0) + 1);
    }
  }

  private releaser(keys: readonly string[]): () => void {
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      this.runningTotal -= 1;
      for (const key of keys) {
        const count = (this.runningByKey.get(key) ?? 1) - 1;
        if (count === 0) {
          this.runningByKey.delete(key);
        } else {
          this.runningByKey.set(key, count);
        }
      }
      this.admit();
    };
  }

  /** Admits waiting transactions in stamp order while they fit. */
  private admit(): void {
    for (let index = 0; index < this.waiting.length;) {
      const waiter = this.waiting[index];
      if (this.runningTotal >= this.totalMax) {
        return;
      }
      if (this.fits(waiter.keys)) {
        this.waiting.splice(index, 1);
        this.take(waiter.keys);
        waiter.grant();
      } else {
        index += 1;
      }
    }
  }
}
