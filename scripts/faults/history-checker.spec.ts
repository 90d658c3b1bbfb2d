import type {
  FinalState,
  FlightInventory,
  NodeState,
  Operation,
  OperationOutcome,
  StoredBooking,
  StoredCoupon,
} from './history';
import { HistoryRecorder } from './history';
import { type RuleName, checkHistory } from './history-checker';

/**
 * Crafted histories for the checker: a consistent run passes, and each broken invariant makes
 * its rule fire. The world is the reference chain JG → IP → RC with 10 seats per flight.
 */

const LEGS = ['JG9001-20261205', 'IP9002-20261205', 'RC9003-20261205'];
const AIRLINES = ['JG', 'IP', 'RC'];
const CAPACITY = 10;
const ACCOUNT = 'account-1';

/** Returns a booking sold by JG for one passenger on the three legs, with a ticket per leg. */
function booking(
  locator: string,
  key: string,
  status: StoredBooking['status'],
  serial: number,
): StoredBooking {
  return {
    locator,
    accountId: ACCOUNT,
    idempotencyKey: key,
    status,
    failureCode: status === 'FAILED' ? 'SOLD_OUT' : null,
    passengers: ['Maria Souza'],
    segments: LEGS.map((flightId, leg) => ({
      flightId,
      airline: AIRLINES[leg],
      tickets:
        status === 'FAILED' || status === 'PENDING'
          ? []
          : [{ passenger: 'Maria Souza', ticketNumber: ticketNumber(leg, serial) }],
    })),
    txIds: [`JG.${locator}.p1`],
  };
}

function ticketNumber(leg: number, serial: number): string {
  return `${100 + leg}${String(serial).padStart(10, '0')}0`;
}

/** Coupons of a sold booking on every leg, open unless the booking is cancelled. */
function couponsOf(sold: StoredBooking): StoredCoupon[] {
  return sold.segments.flatMap((segment) =>
    segment.tickets.map((ticket) => ({
      ticketNumber: ticket.ticketNumber,
      flightId: segment.flightId,
      locator: sold.locator,
      passenger: ticket.passenger,
      txId: `JG.${sold.locator}.p1`,
      status: sold.status === 'CANCELLED' ? ('VOID' as const) : ('OPEN' as const),
    })),
  );
}

/** Returns the final state the bookings imply: seats and coupons agree with them on every leg. */
function stateOf(bookings: StoredBooking[]): FinalState {
  const nodes: NodeState[] = AIRLINES.map((airline, leg) => {
    const coupons = bookings.flatMap(couponsOf).filter((coupon) => coupon.flightId === LEGS[leg]);
    const open = coupons.filter((coupon) => coupon.status === 'OPEN').length;
    const flight: FlightInventory = {
      flightId: LEGS[leg],
      capacity: CAPACITY,
      seatsSold: open,
      seatsHeld: 0,
      seatsAvailable: CAPACITY - open,
      couponsOpen: open,
      couponsVoid: coupons.length - open,
    };
    return {
      airline,
      flights: [flight],
      inDoubt: [],
      bookings: airline === 'JG' ? bookings : [],
      coupons,
      mapSummary: { IP: 12, JG: 20, RC: 7 },
    };
  });
  return { nodes };
}

function okOutcome(sold: StoredBooking): OperationOutcome {
  return {
    type: 'ok',
    seller: 'JG',
    locator: sold.locator,
    tickets: sold.segments.flatMap((segment) =>
      segment.tickets.map((ticket) => ({ flightId: segment.flightId, ...ticket })),
    ),
  };
}

/** Records operations in order, each taking 10 ms. */
class Script {
  private readonly recorder = new HistoryRecorder();
  private clock = 1_000;

  purchase(key: string, outcome: OperationOutcome, kind: 'purchase' | 'retry' = 'purchase'): this {
    return this.record({ kind, idempotencyKey: key }, outcome);
  }

  cancel(key: string, locator: string, outcome: OperationOutcome): this {
    return this.record({ kind: 'cancel', idempotencyKey: key, locator }, outcome);
  }

  operations(): readonly Operation[] {
    return this.recorder.list();
  }

  private record(
    operation: { kind: Operation['kind']; idempotencyKey: string; locator?: string },
    outcome: OperationOutcome,
  ): this {
    const invoked = this.recorder.invoke(
      {
        client: 0,
        node: 'JG',
        accountId: ACCOUNT,
        itinerary: LEGS,
        passengers: ['Maria Souza'],
        ...operation,
      },
      this.clock,
    );
    this.clock += 10;
    invoked.complete(outcome, this.clock);
    return this;
  }
}

function rulesOf(history: readonly Operation[], state: FinalState): RuleName[] {
  return [...new Set(checkHistory(history, state).violations.map((violation) => violation.rule))];
}

/** Applies `change` to the flight of `flightId` in the state. */
function editFlight(
  state: FinalState,
  flightId: string,
  change: Partial<FlightInventory>,
): FinalState {
  for (const node of state.nodes) {
    node.flights = node.flights.map((flight) =>
      flight.flightId === flightId ? { ...flight, ...change } : flight,
    );
  }
  return state;
}

const sold = booking('AAAAAA', 'key-aaaaaaaaaaaaaaaa', 'CONFIRMED', 1);
const refused = booking('BBBBBB', 'key-bbbbbbbbbbbbbbbb', 'FAILED', 2);
const cancelled = booking('CCCCCC', 'key-cccccccccccccccc', 'CANCELLED', 3);
const unknownSold = booking('DDDDDD', 'key-dddddddddddddddd', 'CONFIRMED', 4);

/** Returns a consistent run: a sale, a sold-out, a cancellation, an unknown outcome later sold. */
function consistentRun(): { history: readonly Operation[]; state: FinalState } {
  const history = new Script()
    .purchase(sold.idempotencyKey, okOutcome(sold))
    .purchase(refused.idempotencyKey, { type: 'fail', code: 'SOLD_OUT' })
    .purchase(cancelled.idempotencyKey, okOutcome({ ...cancelled, status: 'CONFIRMED' }))
    .cancel(cancelled.idempotencyKey, cancelled.locator, okOutcome(cancelled))
    .purchase(unknownSold.idempotencyKey, { type: 'unknown', reason: 'timeout' })
    .purchase(unknownSold.idempotencyKey, okOutcome(unknownSold), 'retry')
    .purchase('key-eeeeeeeeeeeeeeee', { type: 'unknown', reason: 'connection lost' })
    .operations();
  return { history, state: stateOf([sold, refused, cancelled, unknownSold]) };
}

describe('checkHistory', () => {
  it('accepts a consistent run', () => {
    const { history, state } = consistentRun();

    const result = checkHistory(history, state);

    expect(result.violations).toEqual([]);
    expect(result.stats.operations.purchase).toEqual({ ok: 2, fail: 1, unknown: 2 });
    expect(result.stats.operations.retry).toEqual({ ok: 1, fail: 0, unknown: 0 });
    expect(result.stats.operations.cancel).toEqual({ ok: 1, fail: 0, unknown: 0 });
    expect(result.stats.keysSold).toBe(3);
    expect(result.stats.unknownKeysResolvedNotSold).toBe(1);
    expect(result.stats.seatsSold).toBe(6);
  });

  it('counts an unknown outcome resolved as sold', () => {
    const history = new Script()
      .purchase(unknownSold.idempotencyKey, { type: 'unknown', reason: 'timeout' })
      .operations();

    const result = checkHistory(history, stateOf([unknownSold]));

    expect(result.violations).toEqual([]);
    expect(result.stats.unknownKeysResolvedSold).toBe(1);
  });

  it('flags counts that do not add up to capacity', () => {
    const { history, state } = consistentRun();

    expect(rulesOf(history, editFlight(state, LEGS[0], { seatsAvailable: 9 }))).toEqual([
      'flight-counts',
    ]);
  });

  it('flags an oversold flight', () => {
    const { history, state } = consistentRun();
    const oversold = editFlight(state, LEGS[1], {
      seatsSold: 11,
      seatsAvailable: -1,
      couponsOpen: 11,
    });

    expect(rulesOf(history, oversold)).toEqual(
      expect.arrayContaining(['flight-oversold', 'flight-counts']),
    );
  });

  it('flags open coupons that differ from sold seats', () => {
    const { history, state } = consistentRun();

    expect(rulesOf(history, editFlight(state, LEGS[2], { couponsOpen: 4 }))).toEqual([
      'coupons-match-sold',
    ]);
  });

  it('flags sold seats that no booking holds', () => {
    const { history, state } = consistentRun();
    const phantom = editFlight(state, LEGS[2], {
      seatsSold: 4,
      seatsAvailable: 6,
      couponsOpen: 4,
    });

    expect(rulesOf(history, phantom)).toEqual(['seats-match-bookings']);
  });

  it('flags held seats left after settling', () => {
    const { history, state } = consistentRun();

    expect(
      rulesOf(history, editFlight(state, LEGS[0], { seatsHeld: 1, seatsAvailable: 7 })),
    ).toEqual(['holds-left']);
  });

  it('flags a transaction still in doubt', () => {
    const { history, state } = consistentRun();
    state.nodes[1].inDoubt = ['JG.AAAAAA.p1'];

    expect(rulesOf(history, state)).toEqual(['in-doubt']);
  });

  it('flags a booking left pending', () => {
    const pending = booking('FFFFFF', 'key-ffffffffffffffff', 'PENDING', 6);
    const history = new Script()
      .purchase(pending.idempotencyKey, { type: 'unknown', reason: 'timeout' })
      .operations();

    expect(rulesOf(history, stateOf([pending]))).toEqual(
      expect.arrayContaining(['booking-unsettled', 'unknown-unresolved']),
    );
  });

  it('flags a confirmed booking missing a leg', () => {
    const { history, state } = consistentRun();
    state.nodes[2].coupons = state.nodes[2].coupons.filter(
      (coupon) => coupon.locator !== sold.locator,
    );
    const withoutLeg = editFlight(state, LEGS[2], {
      seatsSold: 1,
      seatsAvailable: 9,
      couponsOpen: 1,
    });

    expect(rulesOf(history, withoutLeg)).toEqual(
      expect.arrayContaining(['all-or-nothing', 'seats-match-bookings']),
    );
  });

  it('flags a failed booking that kept a coupon', () => {
    const history = new Script()
      .purchase(refused.idempotencyKey, { type: 'fail', code: 'SOLD_OUT' })
      .operations();
    const state = stateOf([refused]);
    state.nodes[0].coupons.push({
      ticketNumber: ticketNumber(0, 9),
      flightId: LEGS[0],
      locator: refused.locator,
      passenger: 'Maria Souza',
      txId: `JG.${refused.locator}.p1`,
      status: 'OPEN',
    });

    expect(rulesOf(history, state)).toEqual(['all-or-nothing']);
  });

  it('flags one key sold twice', () => {
    const second = { ...booking('GGGGGG', sold.idempotencyKey, 'CONFIRMED', 7) };
    const history = new Script()
      .purchase(sold.idempotencyKey, okOutcome(sold))
      .purchase(sold.idempotencyKey, okOutcome(second), 'retry')
      .operations();

    expect(rulesOf(history, stateOf([sold, second]))).toEqual(['key-bought-twice']);
  });

  it('flags a successful answer missing from the final state', () => {
    const history = new Script().purchase(sold.idempotencyKey, okOutcome(sold)).operations();

    expect(rulesOf(history, stateOf([]))).toEqual(['ok-not-in-state']);
  });

  it('flags tickets that differ from the answer', () => {
    const outcome = okOutcome(sold);
    if (outcome.type === 'ok') {
      outcome.tickets[0] = { ...outcome.tickets[0], ticketNumber: '99900000000000' };
    }
    const history = new Script().purchase(sold.idempotencyKey, outcome).operations();

    expect(rulesOf(history, stateOf([sold]))).toEqual(['ok-not-in-state']);
  });

  it('flags a definite failure that left a booking', () => {
    const history = new Script()
      .purchase(sold.idempotencyKey, { type: 'fail', code: 'AIRLINE_UNREACHABLE' })
      .operations();

    expect(rulesOf(history, stateOf([sold]))).toEqual(['failure-left-booking']);
  });

  it('flags a sold-out answer for a key that was sold', () => {
    const history = new Script()
      .purchase(unknownSold.idempotencyKey, { type: 'unknown', reason: 'timeout' })
      .purchase(unknownSold.idempotencyKey, { type: 'fail', code: 'SOLD_OUT' }, 'retry')
      .operations();

    expect(rulesOf(history, stateOf([unknownSold]))).toEqual(['failure-left-booking']);
  });

  it('flags a booking no operation asked for', () => {
    expect(rulesOf([], stateOf([sold]))).toEqual(['unexpected-booking']);
  });

  it('flags a cancellation answer that was not applied', () => {
    const history = new Script()
      .purchase(sold.idempotencyKey, okOutcome(sold))
      .cancel(sold.idempotencyKey, sold.locator, okOutcome(sold))
      .operations();

    expect(rulesOf(history, stateOf([sold]))).toEqual(['cancel-not-applied']);
  });

  it('flags a booking cancelled without a successful request', () => {
    const history = new Script()
      .purchase(cancelled.idempotencyKey, okOutcome({ ...cancelled, status: 'CONFIRMED' }))
      .cancel(cancelled.idempotencyKey, cancelled.locator, {
        type: 'fail',
        code: 'AIRLINE_UNREACHABLE',
      })
      .operations();

    expect(rulesOf(history, stateOf([cancelled]))).toEqual(['cancel-without-request']);
  });

  it('accepts a cancellation whose outcome was unknown', () => {
    const history = new Script()
      .purchase(cancelled.idempotencyKey, okOutcome({ ...cancelled, status: 'CONFIRMED' }))
      .cancel(cancelled.idempotencyKey, cancelled.locator, { type: 'unknown', reason: 'timeout' })
      .operations();

    expect(checkHistory(history, stateOf([cancelled])).violations).toEqual([]);
  });

  it('flags a cancelled booking that kept its seats', () => {
    const { history, state } = consistentRun();
    for (const node of state.nodes) {
      node.coupons = node.coupons.map((coupon) =>
        coupon.locator === cancelled.locator ? { ...coupon, status: 'OPEN' } : coupon,
      );
    }
    for (const flightId of LEGS) {
      editFlight(state, flightId, { seatsSold: 3, seatsAvailable: 7, couponsOpen: 3 });
    }

    expect(rulesOf(history, state)).toEqual(
      expect.arrayContaining(['cancelled-kept-seats', 'seats-match-bookings']),
    );
  });

  it('flags nodes whose maps differ', () => {
    const { history, state } = consistentRun();
    state.nodes[2].mapSummary = { IP: 11, JG: 20, RC: 7 };

    const [violation] = checkHistory(history, state).violations;

    expect(violation.rule).toBe('maps-differ');
    expect(violation.message).toContain('RC {IP=11,JG=20,RC=7}');
  });

  it('names the operations behind a violation', () => {
    const history = new Script()
      .purchase(sold.idempotencyKey, { type: 'fail', code: 'SOLD_OUT' })
      .operations();

    const [violation] = checkHistory(history, stateOf([sold])).violations;

    expect(violation.operations).toEqual([0]);
    expect(violation.message).toContain(`JG/${sold.locator}`);
  });
});
