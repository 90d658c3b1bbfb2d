/** A scheduled simulator event. Events at the same instant run in scheduling order. */
export interface ScheduledEvent {
  at: number;
  order: number;
  run: () => void;
}

/** A binary min-heap of events ordered by time, then by scheduling order. */
export class EventQueue {
  private readonly heap: ScheduledEvent[] = [];
  private nextOrder = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, run: () => void): void {
    this.heap.push({ at, order: this.nextOrder, run });
    this.nextOrder += 1;
    this.siftUp(this.heap.length - 1);
  }

  /** Returns the instant of the earliest event, or undefined when the queue is empty. */
  peekTime(): number | undefined {
    return this.heap[0]?.at;
  }

  pop(): ScheduledEvent | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top !== undefined && last !== undefined && this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftUp(index: number): void {
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.before(this.heap[child], this.heap[parent])) {
        return;
      }
      this.swap(child, parent);
      child = parent;
    }
  }

  private siftDown(index: number): void {
    let parent = index;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let first = parent;
      if (left < this.heap.length && this.before(this.heap[left], this.heap[first])) {
        first = left;
      }
      if (right < this.heap.length && this.before(this.heap[right], this.heap[first])) {
        first = right;
      }
      if (first === parent) {
        return;
      }
      this.swap(parent, first);
      parent = first;
    }
  }

  private before(left: ScheduledEvent, right: ScheduledEvent): boolean {
    return left.at < right.at || (left.at === right.at && left.order < right.order);
  }

  private swap(left: number, right: number): void {
    [this.heap[left], this.heap[right]] = [this.heap[right], this.heap[left]];
  }
}
