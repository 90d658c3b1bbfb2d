/**
 * In-process ordering of asynchronous writes. The embedded SQLite adapter applies each write
 * synchronously at the call, so callers may issue a write and read its effect before awaiting it.
 * A network database applies writes later and may reorder concurrent ones; these two helpers
 * restore the order the callers rely on.
 */

/** Runs tasks with the same key one after another, in call order. Different keys run in parallel. */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) {
        this.tails.delete(key);
      }
    });
    return result;
  }

  /** Resolves once every task queued under `key` before this call has settled. */
  async idle(key: string): Promise<void> {
    await this.tails.get(key);
  }
}

/**
 * Keys with writes in flight. A write holds its keys from the call until its effect on them is
 * applied; a read of one of those keys waits for the release, so it sees the write.
 */
export class KeyedBarrier {
  private readonly holds = new Map<string, Set<Promise<void>>>();

  /** Holds `keys` until the returned function is called (once; later calls do nothing). */
  hold(keys: Iterable<string>): () => void {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = [...new Set(keys)];
    for (const key of held) {
      const set = this.holds.get(key) ?? new Set<Promise<void>>();
      set.add(released);
      this.holds.set(key, set);
    }
    let done = false;
    return () => {
      if (done) {
        return;
      }
      done = true;
      for (const key of held) {
        const set = this.holds.get(key);
        set?.delete(released);
        if (set?.size === 0) {
          this.holds.delete(key);
        }
      }
      release();
    };
  }

  /** Resolves once every hold on `key` taken before this call is released. */
  async waitFor(key: string): Promise<void> {
    const set = this.holds.get(key);
    if (set) {
      await Promise.all([...set]);
    }
  }
}
