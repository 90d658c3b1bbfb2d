/**
 * The last events of a simulation, kept in a ring buffer and formatted only when read, so
 * that passing runs pay little for the trace.
 */
export class SimulationTrace {
  private readonly entries: { at: number; describe: () => string }[] = [];
  private next = 0;
  private total = 0;

  constructor(private readonly capacity: number) {}

  record(at: number, describe: () => string): void {
    if (this.capacity <= 0) {
      return;
    }
    const entry = { at, describe };
    if (this.entries.length < this.capacity) {
      this.entries.push(entry);
    } else {
      this.entries[this.next] = entry;
    }
    this.next = (this.next + 1) % this.capacity;
    this.total += 1;
  }

  /** Returns the kept events, oldest first, as `<time in ms> <event>` lines. */
  lines(): string[] {
    const ordered =
      this.entries.length < this.capacity
        ? this.entries
        : [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
    const lines = ordered.map((entry) => `${String(entry.at).padStart(7)} ${entry.describe()}`);
    if (this.total > ordered.length) {
      lines.unshift(`(${this.total - ordered.length} earlier events not kept)`);
    }
    return lines;
  }
}
