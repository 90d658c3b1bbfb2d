import type {
  CoordinatorTransaction,
  ParticipantTransaction,
  PriorityStamp,
} from '@interline/two-phase-commit/core/types';

import type { FlightRow } from './records';

/** Vector clock entries by airline code, as stored next to every transaction record. */
export type ClockEntries = Record<string, number>;

/** How a write reaches the disk; `durable` writes may be grouped into one fsync (group commit). */
export type WriteDurability = 'durable' | 'relaxed';

/** One ticket (coupon) issued by the operating airline for one passenger on one leg. */
export interface CouponRow {
  ticketNumber: string;
  flightId: string;
  locator: string;
  passenger: string;
  /** The purchase transaction that issued it. */
  txId: string;
  status: 'OPEN' | 'VOID';
  issuedAt: number;
  voidedAt: number | null;
  /** The cancellation transaction that voided it. */
  voidTxId: string | null;
}

/** Seats moved on one flight by one write; `seatsAvailable` moves by the opposite of the sum. */
export interface InventoryDelta {
  flightId: string;
  soldDelta: number;
  heldDelta: number;
}

/**
 * Everything one participant step stores, applied atomically: the transaction record, the seat
 * counts, and the coupons. Nothing is stored when any part fails.
 */
export interface ParticipantWrite {
  /** Inserted or replaced by `txId`. */
  record: ParticipantTransaction;
  clock: ClockEntries;
  inventory: InventoryDelta[];
  /**
   * Ticket numbers to allocate, in order, from this node's serial counter; each serial is turned
   * into a ticket number by `format` and written into `record.vote.tickets` (a YES vote).
   */
  issueTickets?: {
    requests: Array<{ flightId: string; passenger: string }>;
    format: (serial: number) => string;
  };
  insertCoupons?: CouponRow[];
  voidCoupons?: { ticketNumbers: string[]; voidTxId: string };
  durability: WriteDurability;
}

export interface ParticipantWriteResult {
  /** The record as stored, with allocated ticket numbers filled in. */
  record: ParticipantTransaction;
  /** Every flight the write touched, with its new counts. */
  flights: FlightRow[];
}

/** A participant's transaction records, seat holds and coupons. */
export interface ParticipantRepository {
  /**
   * Applies `write` in one transaction. Throws `InventoryConstraintError` (and stores nothing)
   * when a delta would break `capacity = sold + held + available` or make a count negative, and
   * `FlightNotFoundError` for an unknown flight.
   */
  write(write: ParticipantWrite): Promise<ParticipantWriteResult>;
  findById(txId: string): Promise<ParticipantTransaction | null>;
  /** Every record in phase `PREPARED`: the holds still in doubt, loaded at start. */
  findPrepared(): Promise<ParticipantTransaction[]>;
  findCouponsByLocator(locator: string): Promise<CouponRow[]>;
  /** How many coupons of a flight are open and void: open coupons must equal sold seats. */
  countCoupons(flightId: string): Promise<{ open: number; void: number }>;
  /** The highest clock stored with any participant record, merged element-wise; `{}` when none. */
  maxClock(): Promise<ClockEntries>;
}

/** The coordinator's transaction records. */
export interface CoordinatorRepository {
  /** Inserts or replaces the record by `txId`. */
  save(
    record: CoordinatorTransaction,
    clock: ClockEntries,
    durability: WriteDurability,
  ): Promise<void>;
  findById(txId: string): Promise<CoordinatorTransaction | null>;
  /** Records not completed: undecided, or decided and not acknowledged by every participant. */
  findUnfinished(): Promise<CoordinatorTransaction[]>;
  /** The highest clock stored with any coordinator record, merged element-wise; `{}` when none. */
  maxClock(): Promise<ClockEntries>;
}

export type BookingStatusRow = 'PENDING' | 'CONFIRMED' | 'FAILED' | 'CANCELLING' | 'CANCELLED';

/** One leg of a booking, as sold. */
export interface BookingSegmentRow {
  flightId: string;
  airline: string;
  flightNumber: string;
  serviceDate: string;
  origin: string;
  destination: string;
  departureAt: number;
  arrivalAt: number;
  fareCents: number;
  tickets: Array<{ passenger: string; ticketNumber: string }>;
}

/** A booking (PNR), kept by the node that sold it. */
export interface BookingRow {
  locator: string;
  accountId: string;
  accountEmail: string;
  /** Client-generated; unique per account. */
  idempotencyKey: string;
  /** SHA-256 (hex) of the purchase content, to reject a reused key with other content. */
  requestDigest: string;
  status: BookingStatusRow;
  /** Set when `status` is `FAILED`: the outcome the client was given. */
  failure: { code: string; airlines: string[]; flightIds: string[] } | null;
  passengers: string[];
  segments: BookingSegmentRow[];
  totalFareCents: number;
  stamp: PriorityStamp;
  clock: ClockEntries;
  /** Every transaction (purchase attempts, then cancellation attempts) run for this booking. */
  txIds: string[];
  createdAt: number;
  updatedAt: number;
}

/** Bookings sold by this node. */
export interface BookingRepository {
  /**
   * Inserts a new booking. Throws `DuplicateIdempotencyKeyError` when the account already used
   * the key, and `DuplicateLocatorError` when the locator is taken (draw another).
   */
  insert(booking: BookingRow, durability: WriteDurability): Promise<void>;
  /** Replaces the booking by locator. */
  update(booking: BookingRow, durability: WriteDurability): Promise<void>;
  findByLocator(locator: string): Promise<BookingRow | null>;
  findByIdempotencyKey(accountId: string, idempotencyKey: string): Promise<BookingRow | null>;
  /**
   * Bookings of one account in any of `statuses`, newest first, at most `limit`. The filter is
   * applied before the limit, so failed attempts never push bookings out of the answer.
   */
  findByAccount(
    accountId: string,
    limit: number,
    statuses: readonly BookingStatusRow[],
  ): Promise<BookingRow[]>;
  /** Bookings in any of `statuses`, oldest first: recovery finishes them at start. */
  findByStatus(statuses: readonly BookingStatusRow[]): Promise<BookingRow[]>;
}

/** The node's vector clock, so it never goes backwards across restarts. */
export interface VectorClockRow {
  entries: ClockEntries;
  /**
   * This node's own entry is reserved in blocks: after a restart it resumes above this value,
   * so an entry issued but not yet saved is never issued again.
   */
  ownReservedUpTo: number;
}

export interface VectorClockRepository {
  load(): Promise<VectorClockRow | null>;
  save(row: VectorClockRow, durability: WriteDurability): Promise<void>;
}

/** The first purchase made with one idempotency key of one account, wherever it was sold. */
export interface PurchaseKeyRow {
  accountId: string;
  idempotencyKey: string;
  /** SHA-256 (hex) of the purchase content. */
  requestDigest: string;
  /** The airline whose node sells the purchase and keeps its booking. */
  airline: string;
  locator: string;
  claimedAt: number;
}

/**
 * Purchase keys kept by the node that owns the account's email, so a key buys at most once
 * across every node.
 */
export interface PurchaseKeyRepository {
  /** Stores the claim durably unless the key is already claimed; returns the claim that holds. */
  claim(row: PurchaseKeyRow): Promise<PurchaseKeyRow>;
}
