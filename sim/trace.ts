import { createHash, type Hash } from 'node:crypto';

/** One line of the trace: what happened, where and when. */
export interface TraceEntry {
  /** Simulated milliseconds. */
  at: number;
  /** Airline code of the node, `net` for the network, `client` or `fault`. */
  node: string;
  /** Message or event kind, e.g. `prepare`, `vote`, `crash`. */
  kind: string;
  /** Transaction id, record locator or idempotency key the line is about, or empty. */
  subject: string;
  detail: string;
}

/**
 * The trace of one run: the last `capacity` entries for the failure report, and a SHA-256 over
 * every entry, so two runs of one seed can be compared without keeping their whole traces.
 */
export class Trace {
  private readonly entries: TraceEntry[] = [];
  private readonly digest: Hash = createHash('sha256');
  private recorded = 0;
  private readonly kindCounts = new Map<string, number>();
  /** Index of the oldest kept entry once the buffer is full. */
  private oldest = 0;

  /** `keepQuiet`: keep routine entries in the tail too, for `--verbose`. */
  constructor(
    private readonly capacity: number,
    private readonly keepQuiet = false,
  ) {}

  get length(): number {
    return this.recorded;
  }

  /** Hashes the entry and keeps it in the tail unless it is `quiet` routine traffic. */
  record(entry: TraceEntry, quiet = false): void {
    this.digest.update(formatTraceEntry(entry));
    this.digest.update('\n');
    this.recorded += 1;
    this.kindCounts.set(entry.kind, (this.kindCounts.get(entry.kind) ?? 0) + 1);
    if (quiet && !this.keepQuiet) {
      return;
    }
    // A ring buffer: once full, the oldest entry is overwritten.
    if (this.entries.length < this.capacity) {
      this.entries.push(entry);
    } else {
      this.entries[this.oldest] = entry;
      this.oldest = (this.oldest + 1) % this.capacity;
    }
  }

  /** Returns how many entries of `kind` were recorded, kept in the tail or not. */
  count(kind: string): number {
    return this.kindCounts.get(kind) ?? 0;
  }

  /** Returns the kept entries, oldest first. */
  tail(): readonly TraceEntry[] {
    return [...this.entries.slice(this.oldest), ...this.entries.slice(0, this.oldest)];
  }

  /** Returns the hex SHA-256 of every entry recorded so far; the trace keeps growing after it. */
  hash(): string {
    return this.digest.copy().digest('hex');
  }
}

/** Formats an entry as one fixed-width line: time, node, kind, subject, detail. */
export function formatTraceEntry(entry: TraceEntry): string {
  const time = `${(entry.at / 1000).toFixed(3)}s`.padStart(9);
  return `${time} ${entry.node.padEnd(6)} ${entry.kind.padEnd(18)} ${entry.subject.padEnd(16)} ${entry.detail}`;
}
