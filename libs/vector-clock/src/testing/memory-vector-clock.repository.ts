import type {
  VectorClockRepository,
  VectorClockRow,
  WriteDurability,
} from '@interline/persistence';

/** One call of `save`, as recorded by `MemoryVectorClockRepository`. */
export interface RecordedSave {
  row: VectorClockRow;
  durability: WriteDurability;
}

/**
 * In-memory `VectorClockRepository` for tests. It models a crash that loses `relaxed` saves
 * (`afterCrash()`), can hold saves until released or fail them, and records every save with the
 * highest number in flight at once. Like a disk write, a save stores its row one event-loop turn
 * (`setImmediate`) after the call, so tests can see what a caller did before the save completed.
 * Tests with fake timers must leave `setImmediate` real.
 */
export class MemoryVectorClockRepository implements VectorClockRepository {
  readonly saves: RecordedSave[] = [];
  /** Highest number of saves that were in flight at the same time. */
  savesInFlightMax = 0;
  private savesInFlight = 0;
  private latest: VectorClockRow | null;
  private durable: VectorClockRow | null;
  private releaseCallbacks: Array<() => void> | undefined;
  private failures: Error[] = [];

  constructor(initial: VectorClockRow | null = null) {
    this.latest = initial === null ? null : copyRow(initial);
    this.durable = this.latest;
  }

  async load(): Promise<VectorClockRow | null> {
    return this.latest === null ? null : copyRow(this.latest);
  }

  async save(row: VectorClockRow, durability: WriteDurability): Promise<void> {
    const stored = copyRow(row);
    this.saves.push({ row: copyRow(row), durability });
    this.savesInFlight += 1;
    this.savesInFlightMax = Math.max(this.savesInFlightMax, this.savesInFlight);
    try {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.releaseCallbacks !== undefined) {
        await new Promise<void>((resolve) => this.releaseCallbacks?.push(resolve));
      }
      const failure = this.failures.shift();
      if (failure !== undefined) {
        throw failure;
      }
      this.latest = stored;
      if (durability === 'durable') {
        this.durable = stored;
      }
    } finally {
      this.savesInFlight -= 1;
    }
  }

  /** Returns the row as the last completed save left it, whatever its durability. */
  stored(): VectorClockRow | null {
    return this.latest === null ? null : copyRow(this.latest);
  }

  /** Returns the row that survives a crash: the one of the last completed durable save. */
  storedDurably(): VectorClockRow | null {
    return this.durable === null ? null : copyRow(this.durable);
  }

  /**
   * Simulates a crash and returns the repository a restarted node opens: it contains the row of the
   * last durable save, so every later relaxed save is lost. Saves that the crashed service still
   * makes go to this repository, which nothing reads any more.
   */
  afterCrash(): MemoryVectorClockRepository {
    return new MemoryVectorClockRepository(this.durable);
  }

  /** Makes the next save reject with `error` and store nothing. Each call fails one more save. */
  failNextSave(error = new Error('disk I/O error')): void {
    this.failures.push(error);
  }

  /** Holds every save from now on until `release()`. */
  hold(): void {
    this.releaseCallbacks ??= [];
  }

  /** Lets held saves complete and stops holding new ones. */
  release(): void {
    const callbacks = this.releaseCallbacks ?? [];
    this.releaseCallbacks = undefined;
    callbacks.forEach((resolve) => resolve());
  }

  /** Number of saves currently waiting in `hold()`. */
  heldSaves(): number {
    return this.releaseCallbacks?.length ?? 0;
  }
}

function copyRow(row: VectorClockRow): VectorClockRow {
  return { entries: { ...row.entries }, ownReservedUpTo: row.ownReservedUpTo };
}
