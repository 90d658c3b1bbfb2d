import { VectorClock } from '@interline/vector-clock/core';

import type { SimulatedDisk } from './simulated-disk';

/** The stored clock row, as the vector clock repository keeps it. */
interface ClockRow {
  entries: Record<string, number>;
  ownReservedUpTo: number;
}

/** Own counter values reserved per durable save, and the remaining count that starts the next one. */
export interface ClockReservation {
  blockSize: number;
  lowWaterMark: number;
}

/** Delay before changed entries of other airlines are saved relaxed, as in the node. */
const RELAXED_SAVE_DELAY_MS = 100;

/**
 * A node's vector clock with the reservation scheme of the node's clock service. Own counter
 * values are handed out only up to a ceiling saved durably, in blocks, so after a crash the node
 * resumes above every value it may have sent. Callers pass a continuation that runs once the
 * value is covered, possibly after a durable save. Entries of other airlines are saved relaxed.
 */
export class SimulatedVectorClock {
  private clock = VectorClock.empty();
  private reservedUpTo = 0;
  private reservationTarget = 0;
  private saving = false;
  private dirty = false;
  private relaxedDue = false;
  private relaxedTimerSet = false;
  private readonly waiting: Array<{
    step: (clock: VectorClock) => VectorClock;
    then: (clock: VectorClock) => void;
  }> = [];

  constructor(
    private readonly self: string,
    private readonly disk: SimulatedDisk,
    private readonly reservation: ClockReservation,
    private readonly schedule: (delayMs: number, run: () => void) => void,
    /** Called with every own counter value handed out, so the run can check it never repeats. */
    private readonly onIssue: (own: number) => void,
  ) {}

  /**
   * Loads the stored row and reserves the first block durably, then calls `then` with the own
   * counter the node resumes at.
   */
  load(then: (resumedAt: number) => void): void {
    const row = this.disk.read<ClockRow>('clock', 'row');
    const stored = row === null ? VectorClock.empty() : VectorClock.from(row.entries);
    const resumeAt = Math.max(stored.get(this.self), row?.ownReservedUpTo ?? 0);
    const own = resumeAt > 0 ? VectorClock.from({ [this.self]: resumeAt }) : VectorClock.empty();
    this.clock = stored.merge(own);
    this.reservedUpTo = resumeAt;
    this.reservationTarget = resumeAt + this.reservation.blockSize;
    this.saveNow(() => then(resumeAt));
  }

  current(): VectorClock {
    return this.clock;
  }

  /** Ticks the own entry: a local event, or an outgoing message. */
  tick(then: (clock: VectorClock) => void): void {
    this.advance((clock) => clock.tick(this.self), then);
  }

  /** Merges a received clock, then ticks the own entry. */
  receive(remote: Readonly<Record<string, number>>, then: (clock: VectorClock) => void): void {
    const received = VectorClock.from(remote);
    this.advance((clock) => clock.merge(received).tick(this.self), then);
  }

  /** Merges entries without ticking, e.g. the clocks stored with transaction records. */
  observe(entries: Readonly<Record<string, number>>, then: (clock: VectorClock) => void): void {
    const observed = VectorClock.from(entries);
    this.advance((clock) => clock.merge(observed), then);
  }

  private advance(
    step: (clock: VectorClock) => VectorClock,
    then: (clock: VectorClock) => void,
  ): void {
    if (this.waiting.length > 0) {
      // Earlier callers wait for a reservation; keep their order.
      this.waiting.push({ step, then });
      return;
    }
    const next = step(this.clock);
    const own = next.get(this.self);
    if (own <= this.reservedUpTo) {
      this.commit(next);
      then(next);
      return;
    }
    this.waiting.push({ step, then });
    this.reservationTarget = Math.max(this.reservationTarget, own + this.reservation.blockSize);
    this.pump();
  }

  private commit(next: VectorClock): void {
    const previous = this.clock;
    this.clock = next;
    const own = next.get(this.self);
    if (own > previous.get(this.self)) {
      this.onIssue(own);
    }
    const othersChanged = Object.entries(next.entries()).some(
      ([code, counter]) => code !== this.self && previous.get(code) !== counter,
    );
    if (othersChanged) {
      this.dirty = true;
      if (!this.relaxedTimerSet) {
        this.relaxedTimerSet = true;
        this.schedule(RELAXED_SAVE_DELAY_MS, () => {
          this.relaxedTimerSet = false;
          this.relaxedDue = true;
          this.pump();
        });
      }
    }
    const pending = this.reservationTarget > this.reservedUpTo;
    if (!pending && this.reservedUpTo - own < this.reservation.lowWaterMark) {
      this.reservationTarget = own + this.reservation.blockSize;
      this.pump();
    }
  }

  private pump(): void {
    if (this.saving) {
      return;
    }
    const reserving = this.reservationTarget > this.reservedUpTo;
    if (!reserving && !(this.dirty && this.relaxedDue)) {
      return;
    }
    this.saveNow(() => undefined);
  }

  /** Writes the whole row: durably when a reservation is pending, relaxed otherwise. */
  private saveNow(then: () => void): void {
    const reserving = this.reservationTarget > this.reservedUpTo;
    const row: ClockRow = {
      entries: { ...this.clock.entries() },
      ownReservedUpTo: this.reservationTarget,
    };
    this.saving = true;
    this.dirty = false;
    this.relaxedDue = false;
    this.disk.write(
      [{ table: 'clock', key: 'row', value: row }],
      reserving ? 'durable' : 'relaxed',
      () => {
        this.saving = false;
        if (reserving) {
          this.reservedUpTo = Math.max(this.reservedUpTo, row.ownReservedUpTo);
        }
        then();
        this.drainWaiting();
        this.pump();
      },
    );
  }

  private drainWaiting(): void {
    while (this.waiting.length > 0) {
      const { step, then } = this.waiting[0];
      const next = step(this.clock);
      const own = next.get(this.self);
      if (own > this.reservedUpTo) {
        this.reservationTarget = Math.max(this.reservationTarget, own + this.reservation.blockSize);
        return;
      }
      this.waiting.shift();
      this.commit(next);
      then(next);
    }
  }
}
