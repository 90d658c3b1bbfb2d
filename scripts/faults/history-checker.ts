import {
  type BookingStatus,
  type FinalState,
  KEY_OUTCOME_FAILURE_CODES,
  type Operation,
  type OperationKind,
  type StoredBooking,
  type StoredCoupon,
  type Ticket,
} from './history';

/**
 * Checks a history of client operations against the final state of every node, after the
 * faults healed and the network settled. Each rule is one invariant of the booking protocol.
 */

export type RuleName =
  /** `sold + held + available = capacity` on every flight, each count ≥ 0. */
  | 'flight-counts'
  /** More seats sold, or coupons open, than the flight has. */
  | 'flight-oversold'
  /** Open coupons of a flight differ from its sold seats. */
  | 'coupons-match-sold'
  /** Sold seats of a flight differ from the passengers of the bookings still sold on it. */
  | 'seats-match-bookings'
  /** A flight still has held seats after settling. */
  | 'holds-left'
  /** A node still has a prepared transaction waiting for its decision after settling. */
  | 'in-doubt'
  /** A booking is still `PENDING` or `CANCELLING` after settling. */
  | 'booking-unsettled'
  /** A confirmed booking lacks an open coupon on a leg, or a failed one has an open coupon. */
  | 'all-or-nothing'
  /** One idempotency key made more than one sold booking, or responses named two bookings. */
  | 'key-bought-twice'
  /** A successful purchase response has no sold booking with its locator and tickets. */
  | 'ok-not-in-state'
  /** A key that got only failures, or a failure of the purchase itself, was sold. */
  | 'failure-left-booking'
  /** A key that got only unknown outcomes has a booking that is neither sold nor failed. */
  | 'unknown-unresolved'
  /** A sold booking that no client operation asked for. */
  | 'unexpected-booking'
  /** A successful cancellation answer, but the booking is not cancelled. */
  | 'cancel-not-applied'
  /** A booking is cancelled although no cancellation succeeded or had an unknown outcome. */
  | 'cancel-without-request'
  /** A cancelled booking still has an open coupon: its seat was not returned. */
  | 'cancelled-kept-seats'
  /** Two nodes hold different link-state sequence numbers for some airline after settling. */
  | 'maps-differ';

export interface Violation {
  rule: RuleName;
  message: string;
  /** Ids of the operations involved. */
  operations?: number[];
}

export interface OutcomeCounts {
  ok: number;
  fail: number;
  unknown: number;
}

export interface CheckStats {
  operations: Record<OperationKind, OutcomeCounts>;
  /** Error codes of failed operations. */
  failureCodes: Record<string, number>;
  /** Distinct idempotency keys used by purchases. */
  keys: number;
  /** Keys with a sold booking (confirmed, cancelling or cancelled) in the final state. */
  keysSold: number;
  /** Keys with no successful answer and at least one unknown one, by how the final state settled them. */
  unknownKeysResolvedSold: number;
  unknownKeysResolvedNotSold: number;
  bookings: Record<BookingStatus, number>;
  flights: number;
  seatsSold: number;
}

export interface CheckResult {
  violations: Violation[];
  stats: CheckStats;
}

/** Statuses of a booking whose seats were sold at some point. */
const SOLD_STATUSES: ReadonlySet<BookingStatus> = new Set(['CONFIRMED', 'CANCELLING', 'CANCELLED']);
/** Statuses of a booking whose seats are sold now. */
const HOLDING_STATUSES: ReadonlySet<BookingStatus> = new Set(['CONFIRMED', 'CANCELLING']);

interface SoldBy {
  seller: string;
  booking: StoredBooking;
}

/** The final state, indexed for lookups by booking, key and coupon owner. */
interface StateIndex {
  /** By `<seller>/<locator>`. */
  bookings: Map<string, SoldBy>;
  /** By `<accountId>/<idempotencyKey>`. */
  bookingsByKey: Map<string, SoldBy[]>;
  /** By `<accountId>/<locator>`, for cancellations, which name only the locator. */
  bookingsByAccountLocator: Map<string, SoldBy[]>;
  /** Coupons by `<seller>/<locator>`, the seller read from the issuing transaction id. */
  coupons: Map<string, StoredCoupon[]>;
}

/**
 * Returns every invariant the history and the final state break, and counts of what happened.
 * Pure: the same input always gives the same output.
 */
export function checkHistory(history: readonly Operation[], state: FinalState): CheckResult {
  const index = indexState(state);
  const violations: Violation[] = [
    ...checkFlights(state, index),
    ...checkBookings(index),
    ...checkKeys(history, index),
    ...checkCancellations(history, index),
    ...checkMaps(state),
  ];
  return { violations, stats: statistics(history, state, index) };
}

function indexState(state: FinalState): StateIndex {
  const index: StateIndex = {
    bookings: new Map(),
    bookingsByKey: new Map(),
    bookingsByAccountLocator: new Map(),
    coupons: new Map(),
  };
  for (const node of state.nodes) {
    for (const booking of node.bookings) {
      const entry = { seller: node.airline, booking };
      index.bookings.set(`${node.airline}/${booking.locator}`, entry);
      append(index.bookingsByKey, `${booking.accountId}/${booking.idempotencyKey}`, entry);
      append(index.bookingsByAccountLocator, `${booking.accountId}/${booking.locator}`, entry);
    }
    for (const coupon of node.coupons) {
      append(index.coupons, `${coupon.txId.split('.')[0]}/${coupon.locator}`, coupon);
    }
  }
  return index;
}

function checkFlights(state: FinalState, index: StateIndex): Violation[] {
  const violations: Violation[] = [];
  const seatsHeldByBookings = new Map<string, number>();
  for (const { booking } of index.bookings.values()) {
    if (HOLDING_STATUSES.has(booking.status)) {
      for (const segment of booking.segments) {
        const seats = seatsHeldByBookings.get(segment.flightId) ?? 0;
        seatsHeldByBookings.set(segment.flightId, seats + booking.passengers.length);
      }
    }
  }

  for (const node of state.nodes) {
    if (node.inDoubt.length > 0) {
      violations.push({
        rule: 'in-doubt',
        message: `${node.airline} still has ${node.inDoubt.length} transaction(s) in doubt: ${node.inDoubt.join(', ')}`,
      });
    }
    for (const flight of node.flights) {
      const { flightId, capacity, seatsSold, seatsHeld, seatsAvailable, couponsOpen } = flight;
      const counts = `sold ${seatsSold}, held ${seatsHeld}, available ${seatsAvailable}, capacity ${capacity}`;
      if (
        seatsSold + seatsHeld + seatsAvailable !== capacity ||
        Math.min(seatsSold, seatsHeld, seatsAvailable) < 0
      ) {
        violations.push({ rule: 'flight-counts', message: `${flightId}: ${counts}` });
      }
      if (seatsSold > capacity || couponsOpen > capacity) {
        violations.push({
          rule: 'flight-oversold',
          message: `${flightId}: ${seatsSold} seats sold and ${couponsOpen} coupons open on ${capacity} seats`,
        });
      }
      if (couponsOpen !== seatsSold) {
        violations.push({
          rule: 'coupons-match-sold',
          message: `${flightId}: ${couponsOpen} coupons open but ${seatsSold} seats sold`,
        });
      }
      const expected = seatsHeldByBookings.get(flightId) ?? 0;
      if (seatsSold !== expected) {
        violations.push({
          rule: 'seats-match-bookings',
          message: `${flightId}: ${seatsSold} seats sold but the confirmed bookings hold ${expected}`,
        });
      }
      if (seatsHeld > 0) {
        violations.push({ rule: 'holds-left', message: `${flightId}: ${counts} after settling` });
      }
    }
  }
  return violations;
}

function checkBookings(index: StateIndex): Violation[] {
  const violations: Violation[] = [];
  for (const [reference, { booking }] of index.bookings) {
    const coupons = index.coupons.get(reference) ?? [];
    const open = coupons.filter((coupon) => coupon.status === 'OPEN');
    if (booking.status === 'PENDING' || booking.status === 'CANCELLING') {
      violations.push({
        rule: 'booking-unsettled',
        message: `booking ${reference} is still ${booking.status} after settling`,
      });
    }
    if (booking.status === 'CONFIRMED') {
      violations.push(...confirmedCouponProblems(reference, booking, open));
    } else if (booking.status === 'CANCELLED' && open.length > 0) {
      violations.push({
        rule: 'cancelled-kept-seats',
        message: `cancelled booking ${reference} still has open coupons ${ticketList(open)}`,
      });
    } else if (booking.status === 'FAILED' && open.length > 0) {
      violations.push({
        rule: 'all-or-nothing',
        message: `failed booking ${reference} has open coupons ${ticketList(open)}`,
      });
    }
  }
  return violations;
}

/** A confirmed booking needs exactly its own tickets open on every leg, and nothing else open. */
function confirmedCouponProblems(
  reference: string,
  booking: StoredBooking,
  open: readonly StoredCoupon[],
): Violation[] {
  const violations: Violation[] = [];
  for (const segment of booking.segments) {
    const onLeg = open.filter((coupon) => coupon.flightId === segment.flightId);
    const expected = segment.tickets.map((ticket) => ticket.ticketNumber).sort();
    const actual = onLeg.map((coupon) => coupon.ticketNumber).sort();
    if (expected.length !== booking.passengers.length || !sameList(expected, actual)) {
      violations.push({
        rule: 'all-or-nothing',
        message:
          `confirmed booking ${reference} on ${segment.flightId}: tickets [${expected.join(', ')}] ` +
          `for ${booking.passengers.length} passenger(s), open coupons [${actual.join(', ')}]`,
      });
    }
  }
  const legs = new Set(booking.segments.map((segment) => segment.flightId));
  const stray = open.filter((coupon) => !legs.has(coupon.flightId));
  if (stray.length > 0) {
    violations.push({
      rule: 'all-or-nothing',
      message: `confirmed booking ${reference} has open coupons on other flights: ${ticketList(stray)}`,
    });
  }
  return violations;
}

function checkKeys(history: readonly Operation[], index: StateIndex): Violation[] {
  const violations: Violation[] = [];
  const purchasesByKey = new Map<string, Operation[]>();
  for (const operation of history) {
    if (operation.kind !== 'cancel') {
      append(purchasesByKey, `${operation.accountId}/${operation.idempotencyKey}`, operation);
    }
  }
  const keys = new Set([...purchasesByKey.keys(), ...index.bookingsByKey.keys()]);
  for (const key of keys) {
    const operations = purchasesByKey.get(key) ?? [];
    const bookings = index.bookingsByKey.get(key) ?? [];
    violations.push(...keyProblems(key, operations, bookings, index));
  }
  return violations;
}

function keyProblems(
  key: string,
  operations: readonly Operation[],
  bookings: readonly SoldBy[],
  index: StateIndex,
): Violation[] {
  const violations: Violation[] = [];
  const ids = operations.map((operation) => operation.id);
  const sold = bookings.filter(({ booking }) => SOLD_STATUSES.has(booking.status));
  if (sold.length > 1) {
    violations.push({
      rule: 'key-bought-twice',
      message: `key ${key} has ${sold.length} sold bookings: ${sold.map(referenceOf).join(', ')}`,
      operations: ids,
    });
  }

  const okAnswers = operations.flatMap((operation) =>
    operation.outcome.type === 'ok' ? [{ operation, outcome: operation.outcome }] : [],
  );
  const answeredBookings = new Set(
    okAnswers.map(({ outcome }) => `${outcome.seller}/${outcome.locator}`),
  );
  if (answeredBookings.size > 1) {
    violations.push({
      rule: 'key-bought-twice',
      message: `key ${key} was answered with different bookings: ${[...answeredBookings].join(', ')}`,
      operations: okAnswers.map(({ operation }) => operation.id),
    });
  }
  for (const { operation, outcome } of okAnswers) {
    const reference = `${outcome.seller}/${outcome.locator}`;
    const stored = index.bookings.get(reference);
    if (!stored || !SOLD_STATUSES.has(stored.booking.status)) {
      violations.push({
        rule: 'ok-not-in-state',
        message: `operation ${operation.id} bought ${reference}, which is ${stored ? stored.booking.status : 'not stored'}`,
        operations: [operation.id],
      });
    } else if (`${stored.booking.accountId}/${stored.booking.idempotencyKey}` !== key) {
      violations.push({
        rule: 'ok-not-in-state',
        message: `operation ${operation.id} bought ${reference} with key ${key}, but the booking has key ${stored.booking.accountId}/${stored.booking.idempotencyKey}`,
        operations: [operation.id],
      });
    } else if (!sameList(ticketKeys(outcome.tickets), ticketKeys(bookingTickets(stored.booking)))) {
      violations.push({
        rule: 'ok-not-in-state',
        message: `operation ${operation.id} got tickets ${ticketKeys(outcome.tickets).join(', ')} for ${reference}, the booking has ${ticketKeys(bookingTickets(stored.booking)).join(', ')}`,
        operations: [operation.id],
      });
    }
  }

  const failures = operations.filter((operation) => operation.outcome.type === 'fail');
  const unknown = operations.filter((operation) => operation.outcome.type === 'unknown');
  if (sold.length > 0) {
    const purchaseFailures = failures.filter(
      (operation) =>
        operation.outcome.type === 'fail' && KEY_OUTCOME_FAILURE_CODES.has(operation.outcome.code),
    );
    if (operations.length === 0) {
      violations.push({
        rule: 'unexpected-booking',
        message: `booking ${sold.map(referenceOf).join(', ')} has key ${key}, which no operation used`,
      });
    } else if (okAnswers.length === 0 && unknown.length === 0) {
      violations.push({
        rule: 'failure-left-booking',
        message: `key ${key} got only failures (${codes(failures)}) but ${sold.map(referenceOf).join(', ')} is sold`,
        operations: ids,
      });
    } else if (purchaseFailures.length > 0) {
      violations.push({
        rule: 'failure-left-booking',
        message: `key ${key} was answered ${codes(purchaseFailures)} but ${sold.map(referenceOf).join(', ')} is sold`,
        operations: purchaseFailures.map((operation) => operation.id),
      });
    }
  }
  if (okAnswers.length === 0 && unknown.length > 0) {
    const unsettled = bookings.filter(({ booking }) => booking.status === 'PENDING');
    if (unsettled.length > 0) {
      violations.push({
        rule: 'unknown-unresolved',
        message: `key ${key} had unknown outcomes and its booking ${unsettled.map(referenceOf).join(', ')} is still PENDING`,
        operations: unknown.map((operation) => operation.id),
      });
    }
  }
  return violations;
}

function checkCancellations(history: readonly Operation[], index: StateIndex): Violation[] {
  const violations: Violation[] = [];
  const cancellations = new Map<string, Operation[]>();
  for (const operation of history) {
    if (operation.kind === 'cancel' && operation.locator !== undefined) {
      append(cancellations, `${operation.accountId}/${operation.locator}`, operation);
    }
  }
  for (const [target, operations] of cancellations) {
    const bookings = index.bookingsByAccountLocator.get(target) ?? [];
    for (const operation of operations) {
      if (operation.outcome.type !== 'ok') {
        continue;
      }
      const { seller, locator } = operation.outcome;
      const stored = bookings.find((entry) => entry.seller === seller);
      if (stored?.booking.status !== 'CANCELLED') {
        violations.push({
          rule: 'cancel-not-applied',
          message: `operation ${operation.id} cancelled ${seller}/${locator}, which is ${stored?.booking.status ?? 'not stored'}`,
          operations: [operation.id],
        });
      }
    }
  }
  for (const [reference, { booking }] of index.bookings) {
    if (booking.status !== 'CANCELLED' && booking.status !== 'CANCELLING') {
      continue;
    }
    const requests = cancellations.get(`${booking.accountId}/${booking.locator}`) ?? [];
    if (!requests.some((operation) => operation.outcome.type !== 'fail')) {
      violations.push({
        rule: 'cancel-without-request',
        message:
          requests.length === 0
            ? `booking ${reference} is ${booking.status} but no cancellation was sent`
            : `booking ${reference} is ${booking.status} but every cancellation failed (${codes(requests)})`,
        operations: requests.map((operation) => operation.id),
      });
    }
  }
  return violations;
}

/** After the network heals, every node must hold the same map: the same sequence per airline. */
function checkMaps(state: FinalState): Violation[] {
  const summaries = state.nodes.map((node) => ({
    airline: node.airline,
    text: Object.entries(node.mapSummary)
      .sort(([first], [second]) => first.localeCompare(second))
      .map(([origin, sequence]) => `${origin}=${sequence}`)
      .join(','),
  }));
  if (new Set(summaries.map((summary) => summary.text)).size <= 1) {
    return [];
  }
  return [
    {
      rule: 'maps-differ',
      message: `nodes hold different maps: ${summaries.map((summary) => `${summary.airline} {${summary.text}}`).join('; ')}`,
    },
  ];
}

function statistics(
  history: readonly Operation[],
  state: FinalState,
  index: StateIndex,
): CheckStats {
  const empty = (): OutcomeCounts => ({ ok: 0, fail: 0, unknown: 0 });
  const operations: Record<OperationKind, OutcomeCounts> = {
    purchase: empty(),
    retry: empty(),
    cancel: empty(),
  };
  const failureCodes: Record<string, number> = {};
  const outcomesByKey = new Map<string, Set<string>>();
  for (const operation of history) {
    operations[operation.kind][operation.outcome.type] += 1;
    if (operation.outcome.type === 'fail') {
      failureCodes[operation.outcome.code] = (failureCodes[operation.outcome.code] ?? 0) + 1;
    }
    if (operation.kind !== 'cancel') {
      const key = `${operation.accountId}/${operation.idempotencyKey}`;
      const outcomes = outcomesByKey.get(key) ?? new Set<string>();
      outcomes.add(operation.outcome.type);
      outcomesByKey.set(key, outcomes);
    }
  }
  const isSold = (key: string) =>
    (index.bookingsByKey.get(key) ?? []).some(({ booking }) => SOLD_STATUSES.has(booking.status));

  let unknownKeysResolvedSold = 0;
  let unknownKeysResolvedNotSold = 0;
  for (const [key, outcomes] of outcomesByKey) {
    if (!outcomes.has('ok') && outcomes.has('unknown')) {
      if (isSold(key)) {
        unknownKeysResolvedSold += 1;
      } else {
        unknownKeysResolvedNotSold += 1;
      }
    }
  }
  const bookings: Record<BookingStatus, number> = {
    PENDING: 0,
    CONFIRMED: 0,
    FAILED: 0,
    CANCELLING: 0,
    CANCELLED: 0,
  };
  for (const { booking } of index.bookings.values()) {
    bookings[booking.status] += 1;
  }
  const flights = state.nodes.flatMap((node) => node.flights);
  return {
    operations,
    failureCodes,
    keys: outcomesByKey.size,
    keysSold: [...outcomesByKey.keys()].filter(isSold).length,
    unknownKeysResolvedSold,
    unknownKeysResolvedNotSold,
    bookings,
    flights: flights.length,
    seatsSold: flights.reduce((sum, flight) => sum + flight.seatsSold, 0),
  };
}

function append<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

function referenceOf({ seller, booking }: SoldBy): string {
  return `${seller}/${booking.locator} (${booking.status})`;
}

function bookingTickets(booking: StoredBooking): Ticket[] {
  return booking.segments.flatMap((segment) =>
    segment.tickets.map((ticket) => ({ flightId: segment.flightId, ...ticket })),
  );
}

function ticketKeys(tickets: readonly Ticket[]): string[] {
  return tickets
    .map((ticket) => `${ticket.flightId}:${ticket.passenger}:${ticket.ticketNumber}`)
    .sort();
}

function ticketList(coupons: readonly StoredCoupon[]): string {
  return coupons.map((coupon) => `${coupon.flightId}:${coupon.ticketNumber}`).join(', ');
}

function codes(operations: readonly Operation[]): string {
  return operations
    .map((operation) =>
      operation.outcome.type === 'fail' ? operation.outcome.code : operation.outcome.type,
    )
    .join(', ');
}

function sameList(first: readonly string[], second: readonly string[]): boolean {
  return first.length === second.length && first.every((value, at) => value === second[at]);
}
