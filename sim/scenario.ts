import type { AdvertisedFlight } from '@interline/link-state/core';

import type { SeededRandom } from './seeded-random';
import type { NetworkConditions } from './simulated-network';

/** Airline codes of the simulated nodes, in start order. */
const AIRLINES = ['JG', 'IP', 'RC', 'AZ'] as const;
const AIRPORTS = ['SSA', 'FOR', 'BSB', 'CWB', 'BEL', 'GRU'] as const;
const FLIGHTS_PER_AIRLINE = 2;
/** 2026-12-20 12:00 UTC: every flight departs long after the simulated minutes of a run. */
const DEPARTURE_AT = Date.UTC(2026, 11, 20, 12, 0);
const SERVICE_DATE = '2026-12-20';

/** When the workload starts: after the first hellos have built every node's map. */
export const WORKLOAD_START_MS = 6_000;
/** Clients send their first requests within this window after the workload starts. */
export const WORKLOAD_WINDOW_MS = 15_000;
/** Faults happen from the workload start until this instant; then the network heals. */
export const FAULTS_END_MS = 30_000;

/** A passenger's purchase as a client makes it, with its retries and a possible cancellation. */
export interface ClientIntent {
  id: number;
  accountId: string;
  email: string;
  idempotencyKey: string;
  flightIds: string[];
  passengers: string[];
  /** Node the client sends its first request to. */
  firstNode: string;
  submitAt: number;
  /** Cancel the booking once it is confirmed. */
  cancels: boolean;
  /** Send the same purchase again after a confirmed answer, to check the key replays. */
  repeatsAfterAnswer: boolean;
}

/** Faults of one run, drawn from the seed. */
export interface FaultPlan {
  crashes: number;
  pauses: number;
  partitions: number;
}

/** Everything one seed decides before the run starts. */
export interface Scenario {
  airlines: string[];
  /** Seed peers of each airline: a full mesh, a line or a star. */
  seeds: Map<string, string[]>;
  topology: 'mesh' | 'line' | 'star';
  flights: Map<string, AdvertisedFlight[]>;
  clients: ClientIntent[];
  network: NetworkConditions;
  faults: FaultPlan;
}

/** Draws a scenario of `operations` client purchases. */
export function drawScenario(
  random: SeededRandom,
  operations: number,
  faultsOn: boolean,
): Scenario {
  const airlines = AIRLINES.slice(0, random.integer(3, AIRLINES.length));
  const topology = random.pick(['mesh', 'mesh', 'line', 'star'] as const);
  const flights = new Map(airlines.map((airline) => [airline, drawFlights(random, airline)]));
  const allFlights = [...flights.values()].flat();
  const clients = Array.from({ length: operations }, (_, id) =>
    drawClient(random, id, airlines, flights, allFlights.length),
  );
  const delayMaxMs = random.pick([20, 50, 200, 600]);
  return {
    airlines,
    seeds: seedsOf(airlines, topology),
    topology,
    flights,
    clients,
    network: {
      lossRate: faultsOn ? random.pick([0, 0.01, 0.05, 0.1]) : 0,
      duplicateRate: faultsOn ? random.pick([0, 0.02, 0.1]) : 0,
      delayMinMs: 1,
      delayMaxMs,
    },
    faults: faultsOn
      ? {
          crashes: random.integer(0, 3),
          pauses: random.integer(0, 2),
          partitions: random.integer(0, 2),
        }
      : { crashes: 0, pauses: 0, partitions: 0 },
  };
}

function drawFlights(random: SeededRandom, airline: string): AdvertisedFlight[] {
  return Array.from({ length: FLIGHTS_PER_AIRLINE }, (_, index) => {
    const [origin, destination] = random.sample(AIRPORTS, 2);
    const capacity = random.integer(2, 5);
    const flightNumber = String(100 + index);
    return {
      id: `${airline}${flightNumber}-${SERVICE_DATE.replaceAll('-', '')}`,
      airline,
      flightNumber,
      serviceDate: SERVICE_DATE,
      origin,
      destination,
      departureAt: DEPARTURE_AT + index * 3_600_000,
      arrivalAt: DEPARTURE_AT + index * 3_600_000 + 5_400_000,
      capacity,
      fareCents: 30_000 + 1_000 * index,
      seatsAvailable: capacity,
    };
  });
}

/**
 * Draws one purchase of 2 or 3 legs on different airlines, 1 or 2 passengers. Half the clients
 * share a small set of accounts, so keys of one account meet on several nodes.
 */
function drawClient(
  random: SeededRandom,
  id: number,
  airlines: readonly string[],
  flights: ReadonlyMap<string, AdvertisedFlight[]>,
  flightCount: number,
): ClientIntent {
  const legAirlines = random.sample(airlines, random.integer(2, Math.min(3, airlines.length)));
  const flightIds = legAirlines.map(
    (airline) => random.pick(flights.get(airline) as AdvertisedFlight[]).id,
  );
  const account = random.integer(1, Math.max(2, Math.floor(flightCount / 2)));
  const passengers = Array.from(
    { length: random.integer(1, 2) },
    (_, index) => `PASSENGER ${id}-${index}`,
  );
  return {
    id,
    accountId: `account-${account}`,
    email: `passenger${account}@example.com`,
    idempotencyKey: `key-${id}`,
    flightIds,
    passengers,
    firstNode: random.pick(airlines),
    submitAt: WORKLOAD_START_MS + random.integer(0, WORKLOAD_WINDOW_MS),
    cancels: random.chance(0.3),
    repeatsAfterAnswer: random.chance(0.15),
  };
}

function seedsOf(
  airlines: readonly string[],
  topology: Scenario['topology'],
): Map<string, string[]> {
  const seeds = new Map<string, string[]>();
  airlines.forEach((airline, index) => {
    if (topology === 'mesh') {
      seeds.set(
        airline,
        airlines.filter((other) => other !== airline),
      );
    } else if (topology === 'line') {
      seeds.set(airline, index === 0 ? [] : [airlines[index - 1]]);
    } else {
      seeds.set(airline, index === 0 ? [] : [airlines[0]]);
    }
  });
  return seeds;
}
