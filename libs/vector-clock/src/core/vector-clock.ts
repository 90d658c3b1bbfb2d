import {
  ClockFormatError,
  compareCodes,
  isClockCounter,
  quote,
  requireAirlineCode,
} from './clock-format';
import { formatClockHeader, parseClockHeader } from './clock-header';
import { CLOCK_COUNTER_MAX, CLOCK_ENTRIES_MAX } from './limits';

/**
 * Relation of one clock to another: `before` when every counter is lower or equal and one is
 * lower (happened before), `after` for the reverse, `equal`, or `concurrent` otherwise.
 */
export type ClockComparison = 'before' | 'after' | 'concurrent' | 'equal';

/**
 * Immutable vector clock: one event counter per airline code. Airlines absent from the clock
 * count 0, and zero counters are never stored, so two equal clocks have the same entries.
 * Every method that changes a clock returns a new one. Invalid input throws `ClockFormatError`,
 * which includes growing past `CLOCK_ENTRIES_MAX` airlines or `CLOCK_COUNTER_MAX`.
 */
export class VectorClock {
  private static readonly EMPTY = new VectorClock([]);

  private readonly counters: ReadonlyMap<string, number>;

  /** `sorted` contains the non-zero counters sorted by code, already checked against the limits. */
  private constructor(private readonly sorted: ReadonlyArray<readonly [string, number]>) {
    this.counters = new Map(sorted);
  }

  static empty(): VectorClock {
    return VectorClock.EMPTY;
  }

  /**
   * Builds a clock from counters by airline code, e.g. as stored with a transaction record.
   * Throws `ClockFormatError` on a key that is not an airline code, a counter that is not an
   * integer from 0 to `CLOCK_COUNTER_MAX`, or more than `CLOCK_ENTRIES_MAX` non-zero counters.
   */
  static from(entries: Readonly<Record<string, number>>): VectorClock {
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
      throw new ClockFormatError(`entries must be an object, got ${quote(entries)}`);
    }
    const counters = new Map<string, number>();
    for (const [code, counter] of Object.entries(entries)) {
      requireAirlineCode(code);
      if (typeof counter !== 'number' || !isClockCounter(counter)) {
        throw new ClockFormatError(
          `counter of ${code} is ${quote(counter)}, not an integer from 0 to ${CLOCK_COUNTER_MAX}`,
        );
      }
      counters.set(code, counter);
    }
    return VectorClock.build(counters);
  }

  /**
   * Parses the `x-interline-clock` header text, e.g. `IP=3,JG=12`. The empty string is the empty
   * clock. Throws `ClockFormatError` whose reason names the bad part (see `parseClockHeader`).
   */
  static fromHeader(text: string): VectorClock {
    return VectorClock.build(parseClockHeader(text));
  }

  private static build(counters: ReadonlyMap<string, number>): VectorClock {
    const sorted = [...counters]
      .filter(([, counter]) => counter > 0)
      .sort(([a], [b]) => compareCodes(a, b));
    if (sorted.length > CLOCK_ENTRIES_MAX) {
      throw new ClockFormatError(
        `clock would have ${sorted.length} airlines, maximum ${CLOCK_ENTRIES_MAX}`,
      );
    }
    return sorted.length === 0 ? VectorClock.EMPTY : new VectorClock(sorted);
  }

  /** Returns the counter of `airline`, 0 when the clock has no entry for it. */
  get(airline: string): number {
    return this.counters.get(airline) ?? 0;
  }

  /**
   * Returns this clock with the counter of `airline` one higher: the airline's next event.
   * Throws `ClockFormatError` for an invalid code or a counter at `CLOCK_COUNTER_MAX`.
   */
  tick(airline: string): VectorClock {
    requireAirlineCode(airline);
    const counter = this.get(airline);
    if (counter >= CLOCK_COUNTER_MAX) {
      throw new ClockFormatError(`counter of ${airline} is at the maximum ${CLOCK_COUNTER_MAX}`);
    }
    return VectorClock.build(new Map(this.counters).set(airline, counter + 1));
  }

  /** Returns the element-wise maximum of both clocks: everything either clock has seen. */
  merge(other: VectorClock): VectorClock {
    const counters = new Map(this.counters);
    for (const [code, counter] of other.sorted) {
      if (counter > (counters.get(code) ?? 0)) {
        counters.set(code, counter);
      }
    }
    return VectorClock.build(counters);
  }

  /**
   * Compares this clock with `other`. The result `before` means this clock happened before
   * `other`.
   */
  compare(other: VectorClock): ClockComparison {
    let lower = false;
    let higher = false;
    const codes = new Set([...this.counters.keys(), ...other.counters.keys()]);
    for (const code of codes) {
      const mine = this.get(code);
      const theirs = other.get(code);
      if (mine < theirs) {
        lower = true;
      } else if (mine > theirs) {
        higher = true;
      }
    }

    if (lower && higher) {
      return 'concurrent';
    }
    if (lower) {
      return 'before';
    }
    return higher ? 'after' : 'equal';
  }

  /** Returns the sum of all counters. `CLOCK_COUNTER_MAX` keeps it a safe integer. */
  sum(): number {
    return this.sorted.reduce((total, [, counter]) => total + counter, 0);
  }

  /**
   * Returns a frozen copy of the non-zero counters by airline code, inserted in code order.
   * JavaScript lists integer-like keys such as `12` before all others whatever the insertion
   * order, so sort the keys when the order matters.
   */
  entries(): Readonly<Record<string, number>> {
    return Object.freeze(Object.fromEntries(this.sorted));
  }

  /** Formats the clock as `x-interline-clock` header text, e.g. `IP=3,JG=12`. */
  toHeader(): string {
    return formatClockHeader(this.sorted);
  }

  /** Returns the header text, so a clock reads well in logs and test failures. */
  toString(): string {
    return this.toHeader();
  }
}
