/**
 * Runs asynchronous work one at a time per key, in arrival order, so the steps of one
 * transaction never interleave. Different keys run concurrently. Each queue is bounded.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, { tail: Promise<unknown>; length: number }>();

  constructor(private readonly lengthMax: number) {}

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const entry = this.tails.get(key) ?? { tail: Promise.resolve(), length: 0 };
    if (entry.length >= this.lengthMax) {
      return Promise.reject(new Error(`queue for ${key} is full (${this.lengthMax} waiting)`));
    }
    entry.length += 1;
    const result = entry.tail.then(work, work);
    entry.tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, entry);
    void entry.tail.then(() => {
      entry.length -= 1;
      if (entry.length === 0 && this.tails.get(key) === entry) {
        this.tails.delete(key);
      }
    });
    return result;
  }

  /** Keys with work queued or running. */
  get size(): number {
    return this.tails.size;
  }
}
