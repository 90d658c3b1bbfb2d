import type { CouponRow } from '@interline/persistence';

import type {
  TestBookingRecord,
  TestFlightInventory,
} from '../../apps/airline/src/inventory/test-hooks.controller';

/**
 * The history of a fault-injection run: every client operation with its response, and the state
 * of every node at the end. `checkHistory` in `history-checker.ts` compares the two.
 */

/** A first purchase, a retry of it with the same idempotency key, or a cancellation. */
export type OperationKind = 'purchase' | 'retry' | 'cancel';

/** One passenger's coupon on one leg, as a response or a booking lists it. */
export interface Ticket {
  flightId: string;
  passenger: string;
  ticketNumber: string;
}

/** The outcome of one operation as the client saw it. */
export type OperationOutcome =
  /** The purchase or cancellation succeeded; `seller` is the airline whose node keeps the booking. */
  | { type: 'ok'; seller: string; locator: string; tickets: Ticket[] }
  /** The node responded with an error code. */
  | { type: 'fail'; code: string }
  /** No response arrived (a timeout, a lost connection), or the response reports the outcome as unknown. */
  | { type: 'unknown'; reason: string };

export interface Operation {
  /** Position in the history, from 0. */
  id: number;
  /** The client (buyer process) that sent it; a client has one operation in flight at a time. */
  client: number;
  /** Airline code of the node the request was sent to. */
  node: string;
  kind: OperationKind;
  accountId: string;
  /** The purchase's key; for a cancellation, the key of the purchase that made the booking. */
  idempotencyKey: string;
  /** Flight ids of the itinerary, in travel order. */
  itinerary: string[];
  passengers: string[];
  /** The booking a cancellation targets. */
  locator?: string;
  /** Epoch milliseconds. */
  invokedAt: number;
  completedAt: number;
  outcome: OperationOutcome;
}

/** Seat counts and coupon counts of one flight on the node that operates it. */
export type FlightInventory = TestFlightInventory;

/** A booking as the node that sold it stores it, with its purchase key. */
export type StoredBooking = TestBookingRecord;

export type BookingStatus = StoredBooking['status'];

/** A coupon as the operating airline stores it; `txId` is `<seller>.<locator>.p<n>`. */
export type StoredCoupon = Pick<
  CouponRow,
  'ticketNumber' | 'flightId' | 'locator' | 'passenger' | 'txId' | 'status'
>;

/** What one node holds at the end of a run. */
export interface NodeState {
  airline: string;
  /** This airline's flights that the history touched. */
  flights: FlightInventory[];
  /** Transactions this node prepared and still waits to hear the decision of. */
  inDoubt: string[];
  /** Every booking this node sold. */
  bookings: StoredBooking[];
  /** The coupons this airline issued for every booking of every node. */
  coupons: StoredCoupon[];
  /** The latest link-state sequence number this node holds for each airline. */
  mapSummary: Record<string, number>;
}

export interface FinalState {
  nodes: NodeState[];
}

/**
 * Answers that leave the outcome open: the purchase or cancellation may have happened. Every
 * other error code means that this request changed nothing.
 */
export const UNKNOWN_OUTCOME_CODES: ReadonlySet<string> = new Set([
  'PURCHASE_OUTCOME_UNKNOWN',
  'CANCELLATION_OUTCOME_UNKNOWN',
  'INTERNAL_ERROR',
  'STORAGE_UNAVAILABLE',
]);

/**
 * Codes that report the outcome of the key's purchase itself, after it ran or as a repeated first
 * outcome. A key answered with one of them must never end up sold. Other failures (a map that
 * lists an airline as unreachable, an account owner that does not answer) are rejected before
 * the key is claimed, so they say nothing about an earlier request with the same key.
 */
export const KEY_OUTCOME_FAILURE_CODES: ReadonlySet<string> = new Set([
  'SOLD_OUT',
  'PURCHASE_TIMED_OUT',
]);

/** Collects operations in the order they are invoked; ids follow that order. */
export class HistoryRecorder {
  private readonly operations: Operation[] = [];

  /** Records an operation that is about to be sent; `complete` stores its outcome. */
  invoke(
    operation: Omit<Operation, 'id' | 'invokedAt' | 'completedAt' | 'outcome'>,
    now: number = Date.now(),
  ): { complete(outcome: OperationOutcome, at?: number): Operation } {
    const id = this.operations.length;
    const pending: Operation = {
      ...operation,
      id,
      invokedAt: now,
      completedAt: now,
      outcome: { type: 'unknown', reason: 'not completed' },
    };
    this.operations.push(pending);
    return {
      complete: (outcome, at = Date.now()) => {
        pending.outcome = outcome;
        pending.completedAt = at;
        return pending;
      },
    };
  }

  list(): readonly Operation[] {
    return this.operations;
  }
}
