/** One scheduled action of the simulation. */
interface ScheduledEvent {
  at: number;
  /** Insertion number: events due at the same instant run in the order they were scheduled. */
  order: number;
  run: () => void;
}

/**
 * The simulated clock and its pending events, as a binary min-heap ordered by time, then by
 * insertion. Nothing here reads a real clock: time moves only when an event is taken.
 */
export class EventQueue {
  private readonly heap: ScheduledEvent[] = [];
  private inserted = 0;
  private current = 0;

  /** Simulated milliseconds since the start of the run. */
  get now(): number {
    return this.current;
  }

  /** Schedules `run` at `at`, or now if `at` has passed. */
  schedule(at: number, run: () => void): void {
    const event: ScheduledEvent = { at: Math.max(at, this.current), order: this.inserted, run };
    this.inserted += 1;
    this.heap.push(event);
    this.siftUp(this.heap.length - 1);
  }

  /** Returns the instant of the next event, or null when none is pending. */
  peekTime(): number | null {
    return this.heap.length > 0 ? this.heap[0].at : null;
  }

  /** Runs the next event after moving the clock to its instant; returns false when none is left. */
  runNext(): boolean {
    const first = this.heap[0];
    if (first === undefined) {
      return false;
    }
    const last = this.heap.pop() as ScheduledEvent;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    this.current = first.at;
    first.run();
    return true;
  }

  private before(a: ScheduledEvent, b: ScheduledEvent): boolean {
    return a.at < b.at || (a.at === b.at && a.order < b.order);
  }

  private siftUp(index: number): void {
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.before(this.heap[child], this.heap[parent])) {
        return;
      }
      [this.heap[child], this.heap[parent]] = [this.heap[parent], this.heap[child]];
      child = parent;
    }
  }

  private siftDown(index: number): void {
    let parent = index;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < this.heap.length && this.before(this.heap[left], this.heap[smallest])) {
        smallest = left;
      }
      if (right < this.heap.length && this.before(this.heap[right], this.heap[smallest])) {
        smallest = right;
      }
      if (smallest === parent) {
        return;
      }
      [this.heap[parent], this.heap[smallest]] = [this.heap[smallest], this.heap[parent]];
      parent = smallest;
    }
  }
}
