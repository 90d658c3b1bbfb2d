import type { SeatHolder } from '../core/age-rule';
import type { TwoPhaseCommitLimits } from '../core/limits';
import type { ParticipantCoupon, ParticipantFlight, PrepareContext } from '../core/participant';
import type {
  MsgPrepare,
  PriorityStamp,
  TransactionKind,
  TransactionLeg,
  TransactionPayload,
  Vote,
} from '../core/types';

/**
 * Limits for unit tests and the simulator, in milliseconds. The maxima are a few doublings above
 * the first delays, so that tests reach the cap in a handful of steps.
 */
export const TEST_LIMITS: Readonly<TwoPhaseCommitLimits> = Object.freeze({
  prepareTimeoutMs: 3_000,
  decisionResendMs: 250,
  decisionResendMaxMs: 2_000,
  waitMaxMs: 1_000,
  waitMarginMs: 250,
  decisionQueryGraceMs: 1_000,
  decisionQueryMs: 500,
  decisionQueryMaxMs: 4_000,
  purchaseTimeoutMs: 20_000,
  busyBackoffMs: 10,
  busyBackoffMaxMs: 400,
});

/** Departure of every test flight: 2026-12-05 12:00 UTC, long after any test instant. */
export const TEST_DEPARTURE_AT = Date.UTC(2026, 11, 5, 12, 0);

/** Two passengers, so a leg of a test purchase takes two seats. */
export const TEST_PASSENGERS: readonly string[] = Object.freeze(['ANA SILVA', 'BRUNO COSTA']);

export const YES_VOTE: Vote = deepFreeze<Vote>({ vote: 'YES', tickets: [] });

/** Id of a test flight on 2026-12-05, e.g. `G31001-20261205`. */
export function testFlightId(airline: string, flightNumber = '1001'): string {
  return `${airline}${flightNumber}-20261205`;
}

export function makeLeg(airline: string, seats: number, flightNumber = '1001'): TransactionLeg {
  return { flightId: testFlightId(airline, flightNumber), airline, seats };
}

/** Builds a payload with one leg per airline (flight 1001), each taking one seat per passenger. */
export function makePayload(
  airlines: readonly string[],
  options: {
    kind?: TransactionKind;
    passengers?: readonly string[];
    legs?: TransactionLeg[];
  } = {},
): TransactionPayload {
  const passengers = [...(options.passengers ?? TEST_PASSENGERS)];
  return {
    kind: options.kind ?? 'purchase',
    locator: 'QX7P2M',
    passengers,
    legs: options.legs ?? airlines.map((airline) => makeLeg(airline, passengers.length)),
  };
}

export function makeStamp(time: number, airline = 'AD'): PriorityStamp {
  return { time, airline };
}

export function makeNoVote(
  reason: Extract<Vote, { vote: 'NO' }>['reason'],
  flightIds: string[] = [],
): Vote {
  return { vote: 'NO', reason, flightIds, detail: `refused: ${reason}` };
}

/** Builds the prepare a coordinator would send for `payload`, with the deadline after `now`. */
export function makePrepare(
  payload: TransactionPayload,
  options: { txId?: string; coordinator?: string; stamp?: PriorityStamp; now?: number } = {},
): MsgPrepare {
  const participants = [...new Set(payload.legs.map((leg) => leg.airline))].sort();
  return {
    txId: options.txId ?? 'tx-1',
    coordinator: options.coordinator ?? 'AD',
    participants,
    payload,
    stamp: options.stamp ?? makeStamp(100),
    deadlineAt: (options.now ?? 0) + TEST_LIMITS.prepareTimeoutMs,
  };
}

/**
 * Builds a flight of `airline` with ten seats, all available. Overrides of `sold` or `held`
 * must come with a matching `available`.
 */
export function makeFlight(
  airline: string,
  overrides: Partial<ParticipantFlight> = {},
): ParticipantFlight {
  return {
    flightId: testFlightId(airline),
    airline,
    departureAt: TEST_DEPARTURE_AT,
    capacity: 10,
    sold: 0,
    held: 0,
    available: 10,
    holders: [],
    ...overrides,
  };
}

export function makeHolder(txId: string, time: number, seats: number, airline = 'AD'): SeatHolder {
  return { txId, stamp: makeStamp(time, airline), seats };
}

export function makeCoupon(
  flightId: string,
  passenger: string,
  overrides: Partial<ParticipantCoupon> = {},
): ParticipantCoupon {
  return {
    ticketNumber: `${flightId.slice(0, 2)}-${passenger.split(' ')[0]}-${flightId}`,
    flightId,
    passenger,
    status: 'OPEN',
    pendingVoid: false,
    ...overrides,
  };
}

/** Builds a prepare context from flights, keyed by their ids. */
export function makeContext(
  flights: readonly ParticipantFlight[],
  overrides: Partial<PrepareContext> = {},
): PrepareContext {
  return {
    flights: Object.fromEntries(flights.map((flight) => [flight.flightId, flight])),
    coupons: [],
    waitingSince: null,
    ...overrides,
  };
}

/** Returns the effects of one type, typed. */
export function effectsOfType<E extends { type: string }, K extends E['type']>(
  effects: readonly E[],
  type: K,
): Extract<E, { type: K }>[] {
  return effects.filter((effect): effect is Extract<E, { type: K }> => effect.type === type);
}

export function effectTypes(effects: ReadonlyArray<{ type: string }>): string[] {
  return effects.map((effect) => effect.type);
}

/** Freezes a value and everything it contains, so a test fails if a step mutates its input. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}
