import { compareCodes, requireAirlineCode } from './clock-format';
import type { VectorClock } from './vector-clock';

/**
 * Position of an event in a total order of events across airlines: the lower `time` is older,
 * and equal times are ordered by airline code. Same shape as the two-phase commit's
 * `PriorityStamp`, so a stamp made here can be stored on a transaction as it is.
 */
export interface PriorityStamp {
  time: number;
  airline: string;
}

/**
 * Stamps an event of `airline` whose vector clock is `clock`, with `time = clock.sum()`.
 *
 * The order of stamps never contradicts causality. If event a happened before event b, every
 * counter of a's clock is lower than or equal to b's and at least one is lower, so a's sum is
 * lower and a's stamp is older whatever the airlines. Concurrent events may get any order, and
 * equal sums are ordered by airline code, which makes the order total. Two events of one airline
 * never tie when each stamp is taken right after that airline ticks its own counter, because
 * each tick raises the sum.
 */
export function priorityStamp(clock: VectorClock, airline: string): PriorityStamp {
  requireAirlineCode(airline);
  return { time: clock.sum(), airline };
}

/**
 * Compares two stamps for sorting: negative when `a` is older (lower time, or equal time and a
 * lower airline code), positive when `a` is younger, 0 when both are the same.
 */
export function compareStamps(a: PriorityStamp, b: PriorityStamp): number {
  if (a.time !== b.time) {
    return a.time < b.time ? -1 : 1;
  }
  return compareCodes(a.airline, b.airline);
}

/** Returns whether stamp `a` is strictly older than stamp `b`. */
export function isOlder(a: PriorityStamp, b: PriorityStamp): boolean {
  return compareStamps(a, b) < 0;
}
