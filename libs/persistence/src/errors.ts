/** The database file cannot be opened, is not a database, or failed its integrity check. */
export class StorageOpenError extends Error {
  constructor(
    readonly location: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot open database ${location}: ${reason}`, options);
    this.name = 'StorageOpenError';
  }
}

/** An inventory change would break `capacity = sold + held + available` or make a count negative. */
export class InventoryConstraintError extends Error {
  constructor(
    readonly flightId: string,
    detail: string,
  ) {
    super(`Inventory change rejected for flight ${flightId}: ${detail}`);
    this.name = 'InventoryConstraintError';
  }
}

export class FlightNotFoundError extends Error {
  constructor(readonly flightId: string) {
    super(`Flight ${flightId} not found`);
    this.name = 'FlightNotFoundError';
  }
}

export class DuplicateEmailError extends Error {
  constructor(readonly email: string) {
    super(`An account with email ${email} already exists`);
    this.name = 'DuplicateEmailError';
  }
}

/** A link-state update does not follow the stored sequence of its origin. */
export class LinkStateSequenceError extends Error {
  constructor(
    readonly origin: string,
    readonly storedSequence: number | null,
    readonly previousSequence: number,
  ) {
    super(
      `Update of ${origin} expects stored sequence ${previousSequence}, but ${storedSequence ?? 'none'} is stored`,
    );
    this.name = 'LinkStateSequenceError';
  }
}

/** The account already made a purchase with this idempotency key. */
export class DuplicateIdempotencyKeyError extends Error {
  constructor(
    readonly accountId: string,
    readonly idempotencyKey: string,
  ) {
    super(`Account ${accountId} already used idempotency key ${idempotencyKey}`);
    this.name = 'DuplicateIdempotencyKeyError';
  }
}

/** A booking with this record locator already exists on this node. */
export class DuplicateLocatorError extends Error {
  constructor(readonly locator: string) {
    super(`Record locator ${locator} is already taken`);
    this.name = 'DuplicateLocatorError';
  }
}

/** A coupon to void does not exist or is not `OPEN`. The write that requested the void stored nothing. */
export class CouponNotOpenError extends Error {
  constructor(
    readonly ticketNumber: string,
    /** The stored status, or null when no coupon has this ticket number. */
    readonly status: 'OPEN' | 'VOID' | null,
  ) {
    super(
      status === null
        ? `Cannot void coupon ${ticketNumber}: no coupon with this ticket number exists`
        : `Cannot void coupon ${ticketNumber}: its status is ${status}, not OPEN`,
    );
    this.name = 'CouponNotOpenError';
  }
}

/**
 * The storage server did not answer (unreachable, connection lost, or no server selected within
 * the timeout). Nothing is known to be stored by the operation that failed.
 */
export class StorageUnavailableError extends Error {
  constructor(
    /** Where the storage is, with any password redacted. */
    readonly location: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Storage ${location} is unavailable: ${reason}. Check that the database server is ` +
        'running and reachable from this node.',
      options,
    );
    this.name = 'StorageUnavailableError';
  }
}
