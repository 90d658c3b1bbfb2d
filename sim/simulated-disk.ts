/** Durability of a write, as the SQLite adapter offers it. */
export type Durability = 'durable' | 'relaxed';

/** The tables a simulated node stores, one key-value map each. */
export type TableName =
  | 'coordinator'
  | 'participant'
  | 'flights'
  | 'coupons'
  | 'counters'
  | 'bookings'
  | 'purchaseKeys'
  | 'clock'
  | 'advertisements'
  | 'neighbors';

/** One row written, or deleted when `value` is null. */
export interface RowWrite {
  table: TableName;
  key: string;
  value: unknown;
}

/** The way a node stops: a killed process keeps committed writes, a power loss only synced ones. */
export type CrashKind = 'kill' | 'power-loss';

type Tables = Map<TableName, Map<string, unknown>>;

/**
 * Storage of one simulated node, with the crash semantics of the SQLite adapter (WAL mode,
 * group commit):
 *
 * - a `relaxed` write outside a batch commits at once without fsync, and its callback runs
 *   after the current event, at the same instant;
 * - a `durable` write opens a group-commit batch, or joins the open one, and is visible to reads
 *   at once. The batch commits with an fsync `groupCommitMs` later, and only then do the
 *   callbacks of its writes run. A relaxed write made while a batch is open joins it;
 * - a killed process loses the open batch but keeps every committed write;
 * - a power loss also loses the committed writes after the last fsync, except a prefix of them,
 *   as WAL frames reach the disk in order.
 *
 * Rows are copied in and out as JSON, so memory and disk never share objects.
 */
export class SimulatedDisk {
  /** Rows as the last fsync left them. */
  private synced: Tables = emptyTables();
  /** Rows as reads see them: synced, plus committed and not synced, plus the open batch. */
  private visible: Tables = emptyTables();
  /** Committed writes not yet fsynced, oldest first. */
  private unsynced: RowWrite[][] = [];
  private batch: { writes: RowWrite[][]; callbacks: Array<() => void> } | null = null;
  /** Grows on every crash, so a batch commit scheduled before it does nothing. */
  private generation = 0;

  /** When set, a crash loses durable writes too: a planted storage bug for checker tests. */
  loseDurableWrites = false;

  /** Called after every durable write is applied, before its batch commits; fault injection uses it. */
  onDurableWrite: (() => void) | null = null;

  constructor(
    private readonly groupCommitMs: number,
    private readonly schedule: (delayMs: number, run: () => void) => void,
  ) {}

  /** Stores rows as already synced, as the node's data was before the run began. */
  load(writes: RowWrite[]): void {
    const stored = writes.map((write) => ({ ...write, value: copy(write.value) }));
    apply(this.synced, stored);
    apply(this.visible, stored);
  }

  /** Returns a copy of one row, or null when absent. */
  read<T>(table: TableName, key: string): T | null {
    const value = this.visible.get(table)?.get(key);
    return value === undefined ? null : (copy(value) as T);
  }

  /** Returns copies of every row of a table, ordered by key. */
  readAll<T>(table: TableName): T[] {
    const rows = this.visible.get(table) as Map<string, unknown>;
    return [...rows.keys()].sort().map((key) => copy(rows.get(key)) as T);
  }

  /**
   * Applies `writes` as one transaction and calls `then` once it is committed with the given
   * durability (see the class comment). `then` never runs if the node crashes first.
   */
  write(writes: RowWrite[], durability: Durability, then: () => void): void {
    const stored = writes.map((write) => ({ ...write, value: copy(write.value) }));
    apply(this.visible, stored);
    if (durability === 'relaxed' && this.batch === null) {
      this.unsynced.push(stored);
      // The caller continues after the current step, as an awaited promise does: callbacks of a
      // batch that is committing run first, so results are reported in the order written.
      const generation = this.generation;
      this.schedule(0, () => {
        if (generation === this.generation) {
          then();
        }
      });
      return;
    }
    if (this.batch === null) {
      this.batch = { writes: [], callbacks: [] };
      const generation = this.generation;
      this.schedule(this.groupCommitMs, () => {
        if (generation === this.generation) {
          this.commitBatch();
        }
      });
    }
    this.batch.writes.push(stored);
    this.batch.callbacks.push(then);
    if (durability === 'durable') {
      this.onDurableWrite?.();
    }
  }

  /**
   * Stops the node's storage. `relaxedKept` is how many committed but unsynced writes survive a
   * power loss; extra ones are ignored. Returns how many writes were lost.
   */
  crash(kind: CrashKind, relaxedKept: number): number {
    this.generation += 1;
    let lost = this.batch?.writes.length ?? 0;
    this.batch = null;
    if (this.loseDurableWrites) {
      // Planted bug: the last fsync did not reach the disk, so recent durable writes vanish.
      lost += this.unsynced.length;
      this.unsynced = [];
      this.visible = cloneTables(this.synced);
      return lost;
    }
    const kept =
      kind === 'kill' ? this.unsynced.length : Math.min(relaxedKept, this.unsynced.length);
    lost += this.unsynced.length - kept;
    for (const writes of this.unsynced.slice(0, kept)) {
      apply(this.synced, writes);
    }
    this.unsynced = [];
    this.visible = cloneTables(this.synced);
    return lost;
  }

  /** Number of committed writes a power loss could lose now. */
  get unsyncedCount(): number {
    return this.unsynced.length;
  }

  private commitBatch(): void {
    const batch = this.batch;
    if (batch === null) {
      return;
    }
    this.batch = null;
    if (this.loseDurableWrites) {
      // Planted bug: the fsync is skipped, so everything stays at risk until the next crash.
      this.unsynced.push(...batch.writes);
    } else {
      for (const writes of [...this.unsynced, ...batch.writes]) {
        apply(this.synced, writes);
      }
      this.unsynced = [];
    }
    for (const callback of batch.callbacks) {
      callback();
    }
  }
}

function emptyTables(): Tables {
  const names: TableName[] = [
    'coordinator',
    'participant',
    'flights',
    'coupons',
    'counters',
    'bookings',
    'purchaseKeys',
    'clock',
    'advertisements',
    'neighbors',
  ];
  return new Map(names.map((name) => [name, new Map<string, unknown>()]));
}

function apply(tables: Tables, writes: readonly RowWrite[]): void {
  for (const write of writes) {
    const rows = tables.get(write.table) as Map<string, unknown>;
    if (write.value === null) {
      rows.delete(write.key);
    } else {
      rows.set(write.key, write.value);
    }
  }
}

function cloneTables(tables: Tables): Tables {
  const clone: Tables = new Map();
  for (const [name, rows] of tables) {
    clone.set(name, new Map(rows));
  }
  return clone;
}

function copy(value: unknown): unknown {
  return value === null || value === undefined ? value : JSON.parse(JSON.stringify(value));
}
