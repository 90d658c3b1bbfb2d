import type { LinkStateEffect, LinkStateTimers } from '../core/machine-contract';
import type { AdvertisedFlight, Advertisement, HelloMessage } from '../core/types';

/** Timers used by unit tests and the simulator, in milliseconds. */
export const TEST_TIMERS: LinkStateTimers = {
  helloIntervalMs: 1_000,
  deadIntervalMs: 4_000,
  updateBatchIntervalMs: 200,
};

/** Base URL of the test node of `airline`, e.g. `http://jg.interline.test`. */
export function testNodeUrl(airline: string): string {
  return `http://${airline.toLowerCase()}.interline.test`;
}

/** Builds a valid flight of `airline` on 2026-12-05 with every seat available. */
export function makeFlight(
  airline: string,
  flightNumber: string,
  overrides: Partial<AdvertisedFlight> = {},
): AdvertisedFlight {
  const departureAt = Date.UTC(2026, 11, 5, 12, 0);
  return {
    id: `${airline}${flightNumber}-20261205`,
    airline,
    flightNumber,
    serviceDate: '2026-12-05',
    origin: 'GRU',
    destination: 'GIG',
    departureAt,
    arrivalAt: departureAt + 60 * 60 * 1000,
    capacity: 180,
    fareCents: 45_000,
    seatsAvailable: 180,
    ...overrides,
  };
}

/** Builds `count` flights of `airline` numbered from 1001. */
export function makeFlights(airline: string, count: number): AdvertisedFlight[] {
  return Array.from({ length: count }, (_, index) => makeFlight(airline, String(1001 + index)));
}

/** Builds a valid advertisement of `origin` with two flights and no neighbours. */
export function makeAdvertisement(
  origin: string,
  sequence: number,
  overrides: Partial<Advertisement> = {},
): Advertisement {
  return {
    origin,
    sequence,
    airlineName: `Airline ${origin}`,
    nodeUrl: testNodeUrl(origin),
    neighbors: [],
    flights: makeFlights(origin, 2),
    ...overrides,
  };
}

export function makeHello(from: string, summary: Record<string, number> = {}): HelloMessage {
  return { from, url: testNodeUrl(from), summary };
}

/** Returns the effects of one kind, typed. */
export function effectsOfKind<K extends LinkStateEffect['kind']>(
  effects: readonly LinkStateEffect[],
  kind: K,
): Extract<LinkStateEffect, { kind: K }>[] {
  return effects.filter(
    (effect): effect is Extract<LinkStateEffect, { kind: K }> => effect.kind === kind,
  );
}
