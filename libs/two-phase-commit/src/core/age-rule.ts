import { comparePriority } from './priority';
import type { PriorityStamp } from './types';

/** A transaction holding seats on a flight: prepared and still waiting for its decision. */
export interface SeatHolder {
  txId: string;
  stamp: PriorityStamp;
  seats: number;
}

/** Seat counts of one flight and the transactions holding its held seats. */
export interface FlightSeats {
  flightId: string;
  capacity: number;
  sold: number;
  held: number;
  available: number;
  holders: readonly SeatHolder[];
}

/**
 * Verdict on a request for seats on one flight:
 * - `GRANT`: enough seats are available now;
 * - `SOLD_OUT`: even if every hold were released, the seats are not there; they are sold;
 * - `WAIT`: enough seats would be free if holders younger than the requester released theirs;
 * - `BUSY`: seats are held by transactions at least as old as the requester.
 */
export type SeatVerdict = 'GRANT' | 'SOLD_OUT' | 'WAIT' | 'BUSY';

/**
 * Judges a seat request with wait-die on priority stamps. An older transaction may wait for
 * younger holders. A younger one never waits for an older one: it is rejected and retried later
 * with its original stamp, so it ages and eventually becomes the oldest. Waits therefore only
 * point from older to younger and cannot form a cycle. Wound-wait does not fit here: the younger holds are yes votes, which the
 * participant can never take back, so an older transaction cannot wound them.
 */
export function judgeSeats(
  flight: FlightSeats,
  requester: { txId: string; stamp: PriorityStamp },
  seats: number,
): SeatVerdict {
  if (flight.available >= seats) {
    return 'GRANT';
  }
  const heldByOthers = flight.holders
    .filter((holder) => holder.txId !== requester.txId)
    .reduce((sum, holder) => sum + holder.seats, 0);
  if (flight.available + heldByOthers < seats) {
    return 'SOLD_OUT';
  }
  const heldByYounger = flight.holders
    .filter(
      (holder) =>
        holder.txId !== requester.txId && comparePriority(holder.stamp, requester.stamp) > 0,
    )
    .reduce((sum, holder) => sum + holder.seats, 0);
  return flight.available + heldByYounger >= seats ? 'WAIT' : 'BUSY';
}
