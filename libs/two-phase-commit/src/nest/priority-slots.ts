import { comparePriority } from '../core/priority';
import type { PriorityStamp } from '../core/types';

interface Waiter {
  stamp: PriorityStamp;
  grant: () => void;
}

/**
 * Admission control for transactions: at most `slotsMax` run at once, and waiting ones are
 * admitted oldest stamp first. Under a burst of purchases this keeps the number of prepares in
 * flight, and so the work and the contention on each airline, bounded, while the older buyers
 * go first as the age rule wants.
 */
export class PrioritySlots {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly slotsMax: number,
    private readonly waitingMax: number,
  ) {}

  /** Resolves when the caller may start; call the returned function when it is done. */
  acquire(stamp: PriorityStamp): Promise<() => void> {
    if (this.running < this.slotsMax) {
      this.running += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.waitingMax) {
      return Promise.reject(
        new Error(`${this.waitingMax} transactions are already waiting to start; retry later`),
      );
    }
    return new Promise((resolve) => {
      const waiter: Waiter = { stamp, grant: () => resolve(this.releaser()) };
      const index = this.waiting.findIndex((other) => comparePriority(stamp, other.stamp) < 0);
      this.waiting.splice(index === -1 ? this.waiting.length : index, 0, waiter);
    });
  }

  /** Transactions running and waiting, for metrics. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      const next = this.waiting.shift();
      if (next) {
        next.grant();
      } else {
        this.running -= 1;
      }
    };
  }
}
