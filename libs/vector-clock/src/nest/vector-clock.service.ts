import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnModuleInit,
} from '@nestjs/common';

import {
  VECTOR_CLOCK_REPOSITORY,
  type VectorClockRepository,
  type VectorClockRow,
  type WriteDurability,
} from '@interline/persistence';

import {
  ClockFormatError,
  CLOCK_COUNTER_MAX,
  VectorClock,
  isAirlineCode,
  isClockCounter,
} from '../core';
import { VECTOR_CLOCK_OPTIONS, type VectorClockOptions } from './vector-clock.tokens';

/** Number of own counter values reserved by one durable save. */
export const OWN_RESERVATION_BLOCK = 1000;
/**
 * The next block is reserved in the background once fewer than this many reserved values are
 * left, i.e. once over 80% of a block is used, so callers rarely wait for the durable save.
 */
export const OWN_RESERVATION_LOW_WATER_MARK = 200;
/**
 * Delay before changed entries of other airlines are saved. Changes within the delay share one
 * save.
 */
export const RELAXED_SAVE_DELAY_MS = 100;
/** Maximum time the shutdown hook waits for the last save. */
export const SHUTDOWN_FLUSH_TIMEOUT_MS = 5_000;

/**
 * Saves one caller may wait for before its own counter fits under the reserved ceiling. One is
 * usually enough. Up to three are needed when a relaxed save and an older reservation are
 * already in flight.
 */
const RESERVATION_ROUNDS_MAX = 4;
/** Maximum number of callers waiting for a reservation at once. Further callers are rejected. */
export const RESERVATION_WAITERS_MAX = 10_000;
const FLUSH_ROUNDS_MAX = 3;

interface SaveSignal {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * This node's vector clock. It ticks the own entry for local events and outgoing messages,
 * merges the clocks that peers send, and keeps the clock in the `VECTOR_CLOCK_REPOSITORY` so it
 * never goes backwards across restarts.
 *
 * Own counter values are reserved in blocks of `OWN_RESERVATION_BLOCK`. A durable save of
 * `ownReservedUpTo` completes before any value above the previous ceiling is handed out. After a
 * crash the node therefore resumes at the stored ceiling, above every value it may have sent.
 * The next block is reserved in the background once 80% of the current one is used. A caller
 * whose value would still pass the ceiling (a burst, or a peer clock that raised the own entry)
 * waits for the durable save, which is why the clock-changing methods are async.
 *
 * At most one save is in flight. Entries of other airlines are saved with `relaxed` durability,
 * coalesced over `RELAXED_SAVE_DELAY_MS`, and written durably at shutdown.
 */
@Injectable()
export class VectorClockService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('VectorClock');
  private readonly self: string;
  private clock = VectorClock.empty();
  private loading: Promise<void> | undefined;
  private loaded = false;
  /** Highest own counter covered by a completed durable save. No higher value is handed out. */
  private reservedUpTo = 0;
  /**
   * Ceiling that the next save writes. It is above `reservedUpTo` while a reservation is
   * pending.
   */
  private reservationTarget = 0;
  private saving = false;
  /** Signal settled by the next completion of a save. It is created only when a caller waits. */
  private saveSettled: SaveSignal | undefined;
  /** Entries changed since the last save started. */
  private dirty = false;
  private relaxedDue = false;
  private relaxedTimer: NodeJS.Timeout | undefined;
  private flushing = false;
  private stopped = false;
  private relaxedFailures = 0;
  private reservationWaiters = 0;

  constructor(
    @Inject(VECTOR_CLOCK_OPTIONS) options: VectorClockOptions,
    @Inject(VECTOR_CLOCK_REPOSITORY) private readonly repository: VectorClockRepository,
  ) {
    if (typeof options.self !== 'string' || !isAirlineCode(options.self)) {
      throw new Error(
        `VectorClockModule option self is ${JSON.stringify(options.self)}, expected an airline code of two capital letters or digits`,
      );
    }
    this.self = options.self;
  }

  /** Loads the stored clock and durably reserves the first block of own counter values. */
  async onModuleInit(): Promise<void> {
    await this.start();
  }

  /**
   * Writes the latest entries durably, waiting at most `SHUTDOWN_FLUSH_TIMEOUT_MS`. It runs
   * before any module's shutdown hook, so the database is still open.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.relaxedTimer);
    this.relaxedTimer = undefined;
    if (this.loading === undefined) {
      return;
    }
    await this.loading.catch(() => undefined);
    if (!this.loaded) {
      return;
    }

    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timeout = setTimeout(() => resolve(true), SHUTDOWN_FLUSH_TIMEOUT_MS);
      timeout.unref();
    });
    const outcome = await Promise.race([this.flush().then(() => false), timedOut]);
    clearTimeout(timeout);
    if (outcome) {
      this.logger.error({
        msg: `Vector clock not saved at shutdown: the save took over ${SHUTDOWN_FLUSH_TIMEOUT_MS} ms`,
        airline: this.self,
        clock: this.clock.toHeader(),
      });
    }
  }

  /**
   * Returns the clock as it is now. Throws when called before the stored clock was loaded
   * (`onModuleInit`, or the first call of an async method).
   */
  current(): VectorClock {
    if (!this.loaded) {
      throw new Error(
        'VectorClockService.current() was called before the stored clock was loaded. Call it after module initialisation.',
      );
    }
    return this.clock;
  }

  /** Ticks the own entry for a local event that matters, e.g. a transaction starts. */
  tick(): Promise<VectorClock> {
    return this.advance((clock) => clock.tick(this.self));
  }

  /** Ticks the own entry for an outgoing message and returns the clock to attach to it. */
  forSend(): Promise<VectorClock> {
    return this.advance((clock) => clock.tick(this.self));
  }

  /**
   * Merges a clock received from a peer, then ticks the own entry for the receive event.
   * Throws `ClockFormatError` when the merged clock would break a limit.
   */
  async receive(remote: VectorClock): Promise<VectorClock> {
    await this.start();
    this.warnWhenAhead(remote);
    return this.advance((clock) => clock.merge(remote).tick(this.self));
  }

  /**
   * Merges entries without ticking, e.g. the clocks stored with transaction records at start.
   * Throws `ClockFormatError` on invalid entries or when the merged clock would break a limit.
   */
  async observe(entries: Readonly<Record<string, number>> | VectorClock): Promise<VectorClock> {
    const observed = entries instanceof VectorClock ? entries : VectorClock.from(entries);
    await this.start();
    this.warnWhenAhead(observed);
    return this.advance((clock) => clock.merge(observed));
  }

  private start(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<void> {
    const row = await this.repository.load();
    const stored = row === null ? VectorClock.empty() : this.parseRow(row);

    // Values up to the stored ceiling may have been handed out before a crash, so the own
    // entry resumes there and the next value is above it.
    const resumeAt = Math.max(stored.get(this.self), row?.ownReservedUpTo ?? 0);
    const own = resumeAt > 0 ? VectorClock.from({ [this.self]: resumeAt }) : VectorClock.empty();
    this.clock = stored.merge(own);
    this.reservedUpTo = resumeAt;
    this.reservationTarget = resumeAt;

    await this.waitForReservation(resumeAt);
    this.loaded = true;
    this.logger.log({
      msg: 'Vector clock loaded',
      airline: this.self,
      clock: this.clock.toHeader(),
      reservedUpTo: this.reservedUpTo,
    });
  }

  private parseRow(row: VectorClockRow): VectorClock {
    if (typeof row.ownReservedUpTo !== 'number' || !isClockCounter(row.ownReservedUpTo)) {
      throw new Error(
        `Stored vector clock is invalid: ownReservedUpTo is ${JSON.stringify(row.ownReservedUpTo)}, expected an integer from 0 to ${CLOCK_COUNTER_MAX}`,
      );
    }
    try {
      return VectorClock.from(row.entries);
    } catch (error) {
      if (error instanceof ClockFormatError) {
        throw new Error(`Stored vector clock is invalid: ${error.reason}`);
      }
      throw error;
    }
  }

  /**
   * Applies `step` to the clock once the resulting own counter is covered by a durable
   * reservation, waiting for reservations as needed.
   */
  private async advance(step: (clock: VectorClock) => VectorClock): Promise<VectorClock> {
    await this.start();
    for (let round = 0; round < RESERVATION_ROUNDS_MAX; round += 1) {
      const next = step(this.clock);
      const own = next.get(this.self);
      if (own <= this.reservedUpTo) {
        this.commit(next);
        return next;
      }

      if (this.reservationWaiters >= RESERVATION_WAITERS_MAX) {
        throw new Error(
          `${RESERVATION_WAITERS_MAX} callers are already waiting for an own vector clock counter, retry later`,
        );
      }
      this.reservationWaiters += 1;
      try {
        await this.waitForReservation(own);
      } finally {
        this.reservationWaiters -= 1;
      }
    }
    throw new Error(
      `Own vector clock counter was not reserved after ${RESERVATION_ROUNDS_MAX} saves, because other callers used the reserved values first`,
    );
  }

  private commit(next: VectorClock): void {
    const previous = this.clock;
    this.clock = next;
    if (this.otherEntriesChanged(previous, next)) {
      this.scheduleRelaxedSave();
    }

    const own = next.get(this.self);
    const reservationPending = this.reservationTarget > this.reservedUpTo;
    if (!reservationPending && this.reservedUpTo - own < OWN_RESERVATION_LOW_WATER_MARK) {
      this.reservationTarget = Math.min(own + OWN_RESERVATION_BLOCK, CLOCK_COUNTER_MAX);
      this.pump();
    }
  }

  private otherEntriesChanged(previous: VectorClock, next: VectorClock): boolean {
    return Object.entries(next.entries()).some(
      ([code, counter]) => code !== this.self && previous.get(code) !== counter,
    );
  }

  private warnWhenAhead(remote: VectorClock): void {
    const received = remote.get(this.self);
    const own = this.clock.get(this.self);
    if (received > own) {
      // Only happens when this node's stored clock is older than what it sent, e.g. after its
      // database was restored from a backup. Continuing above the received value keeps the
      // counter unique.
      this.logger.warn({
        msg: 'Received clock has a higher counter for this airline than this node issued, continuing above it',
        airline: this.self,
        own,
        received,
      });
    }
  }

  /**
   * Requests a durable save of a ceiling one block above `own` plus one value for each waiting
   * caller, and waits until the next save settles. Rejects when that save is a reservation and
   * it fails.
   */
  private waitForReservation(own: number): Promise<void> {
    const needed = own + this.reservationWaiters + OWN_RESERVATION_BLOCK;
    const target = Math.min(needed, CLOCK_COUNTER_MAX);
    if (target > this.reservationTarget) {
      this.reservationTarget = target;
    }
    const settled = this.nextSaveSettled();
    this.pump();
    return settled;
  }

  private nextSaveSettled(): Promise<void> {
    if (this.saveSettled === undefined) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((onResolve, onReject) => {
        resolve = onResolve;
        reject = onReject;
      });
      // A waiter may stop listening (flush timeout), so a rejection must not go unhandled.
      promise.catch(() => undefined);
      this.saveSettled = { promise, resolve, reject };
    }
    return this.saveSettled.promise;
  }

  private scheduleRelaxedSave(): void {
    this.dirty = true;
    if (this.relaxedTimer !== undefined || this.stopped) {
      return;
    }
    this.relaxedTimer = setTimeout(() => {
      this.relaxedTimer = undefined;
      this.relaxedDue = true;
      this.pump();
    }, RELAXED_SAVE_DELAY_MS);
    this.relaxedTimer.unref();
  }

  /**
   * Starts the next save unless one is in flight: durable when a reservation is pending or at
   * shutdown, relaxed when changed entries are due. Each save writes the whole current row.
   */
  private pump(): void {
    if (this.saving) {
      return;
    }
    const reserving = this.reservationTarget > this.reservedUpTo;
    const entriesDue = this.dirty && (this.relaxedDue || this.flushing);
    if (!reserving && !entriesDue) {
      return;
    }

    const durability: WriteDurability = reserving || this.flushing ? 'durable' : 'relaxed';
    const row: VectorClockRow = {
      entries: { ...this.clock.entries() },
      ownReservedUpTo: this.reservationTarget,
    };
    this.saving = true;
    this.dirty = false;
    this.relaxedDue = false;
    clearTimeout(this.relaxedTimer);
    this.relaxedTimer = undefined;

    let saved: Promise<void>;
    try {
      saved = this.repository.save(row, durability);
    } catch (error) {
      saved = Promise.reject(error);
    }
    saved.then(
      () => this.finishSave(row, durability, undefined),
      (error: unknown) => this.finishSave(row, durability, error ?? new Error('save failed')),
    );
  }

  private finishSave(row: VectorClockRow, durability: WriteDurability, error: unknown): void {
    this.saving = false;
    const signal = this.saveSettled;
    this.saveSettled = undefined;

    if (error === undefined) {
      this.recordSaved(row, durability);
      signal?.resolve();
    } else if (durability === 'durable') {
      // No automatic retry: the next caller that needs a value above the ceiling requests one.
      this.dirty = true;
      this.reservationTarget = this.reservedUpTo;
      this.logger.error({
        msg: 'Vector clock durable save failed, so no own counter value above the ceiling is handed out until a reservation succeeds',
        airline: this.self,
        reservedUpTo: this.reservedUpTo,
        requested: row.ownReservedUpTo,
        error: error instanceof Error ? error.message : String(error),
      });
      signal?.reject(error);
    } else {
      // The entries are saved again with the next change or at shutdown.
      this.dirty = true;
      this.relaxedFailures += 1;
      if (this.relaxedFailures === 1) {
        this.logger.warn({
          msg: 'Vector clock save failed, retrying with the next change',
          airline: this.self,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      signal?.resolve();
    }
    this.pump();
  }

  private recordSaved(row: VectorClockRow, durability: WriteDurability): void {
    if (this.relaxedFailures > 0) {
      this.logger.log({
        msg: 'Vector clock saved again',
        airline: this.self,
        failedSaves: this.relaxedFailures,
      });
      this.relaxedFailures = 0;
    }
    if (durability === 'durable' && row.ownReservedUpTo > this.reservedUpTo) {
      this.reservedUpTo = row.ownReservedUpTo;
      this.logger.debug({
        msg: 'Own counter block reserved',
        airline: this.self,
        own: this.clock.get(this.self),
        reservedUpTo: this.reservedUpTo,
      });
    }
  }

  /** Saves until nothing is pending, durably, in at most `FLUSH_ROUNDS_MAX` saves. */
  private async flush(): Promise<void> {
    this.flushing = true;
    for (let round = 0; round < FLUSH_ROUNDS_MAX; round += 1) {
      if (!this.saving && !this.dirty && this.reservationTarget <= this.reservedUpTo) {
        return;
      }
      const settled = this.nextSaveSettled();
      this.pump();
      await settled.catch(() => undefined);
    }
    if (this.dirty) {
      this.logger.error({
        msg: "Vector clock not saved at shutdown, so other airlines' entries are learned again from their next messages",
        airline: this.self,
        clock: this.clock.toHeader(),
      });
    }
  }
}
