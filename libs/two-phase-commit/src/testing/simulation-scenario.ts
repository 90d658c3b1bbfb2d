import type { TwoPhaseCommitLimits } from '../core/limits';
import type { Decision, TransactionPayload } from '../core/types';
import { TEST_DEPARTURE_AT, TEST_LIMITS, testFlightId } from './fixtures';
import { SeededRandom } from '../../../../sim/seeded-random';
import type { SimulatedFlight } from './simulated-nodes';

/** The selling airline: it coordinates every purchase and sells seats on its own flights too. */
export const SIMULATION_COORDINATOR = 'AD';
const OTHER_AIRLINES = ['G3', 'JJ', '2Z', 'LA'] as const;
const FLIGHTS_PER_AIRLINE = 2;

export interface SimulationOptions {
  seed: number;
  /** Participant airlines besides the coordinator's own, from 1 to 4. */
  otherAirlines: number;
  transactions: number;
  /** Chance that a message is lost. */
  lossRate: number;
  /** Chance that a delivered message is delivered twice. */
  duplicateRate: number;
  /** Every message takes from 1 ms to this long, so messages overtake each other. */
  delayMaxMs: number;
  /** Crashes with restart, each after a random prefix of one step's effects. */
  crashesMax: number;
  limits: TwoPhaseCommitLimits;
}

/** A purchase the simulation starts, and what became of it. */
export interface SimulatedTransaction {
  txId: string;
  payload: TransactionPayload;
  beginAt: number;
  /** Priority stamp time; purchases that begin earlier are older. */
  stampTime: number;
  /** False when the coordinator was down at `beginAt`, so the purchase never started. */
  begun: boolean;
  /** Decisions the coordinator announced through `decided` effects. */
  announced: Decision[];
}

/** The airlines, their flights and the purchases of one run. */
export interface SimulationScenario {
  airlines: string[];
  flights: Map<string, SimulatedFlight[]>;
  transactions: SimulatedTransaction[];
}

/** Derives every option from the seed alone, so that one seed reproduces its run. */
export function simulationOptionsFor(seed: number): SimulationOptions {
  // A stream of its own, so that the run's draws do not repeat the options' draws.
  const random = new SeededRandom(seed + 0x5bd1e995);
  return {
    seed,
    otherAirlines: random.integer(1, OTHER_AIRLINES.length),
    transactions: random.integer(1, 8),
    lossRate: random.pick([0, 0, 0.05, 0.15]),
    duplicateRate: random.pick([0, 0.1]),
    delayMaxMs: random.pick([5, 50, 400, 1_500]),
    crashesMax: random.pick([0, 0, 1, 2]),
    limits: TEST_LIMITS,
  };
}

/**
 * Draws the scenario: two small flights per airline (2 to 6 seats, up to one sold), and
 * purchases of 1 to 3 passengers over 1 to 3 airlines, begun 400 ms apart on average, so that
 * they compete for seats.
 */
export function makeScenario(options: SimulationOptions, random: SeededRandom): SimulationScenario {
  const airlines = [SIMULATION_COORDINATOR, ...OTHER_AIRLINES.slice(0, options.otherAirlines)];
  const flights = new Map(airlines.map((airline) => [airline, makeFlights(airline, random)]));
  const beginTimes = Array.from({ length: options.transactions }, () =>
    random.integer(0, 400 * options.transactions),
  ).sort((a, b) => a - b);
  const transactions = beginTimes.map((beginAt, index): SimulatedTransaction => {
    const passengers = Array.from(
      { length: random.integer(1, 3) },
      (_, passenger) => `PASSENGER ${index}-${passenger}`,
    );
    const legAirlines = random.sample(airlines, random.integer(1, Math.min(3, airlines.length)));
    return {
      txId: `tx-${index}`,
      payload: {
        kind: 'purchase',
        locator: `LOC${index}`,
        passengers,
        legs: legAirlines.map((airline) => ({
          flightId: testFlightId(
            airline,
            String(1001 + random.integer(0, FLIGHTS_PER_AIRLINE - 1)),
          ),
          airline,
          seats: passengers.length,
        })),
      },
      beginAt,
      stampTime: index + 1,
      begun: false,
      announced: [],
    };
  });
  return { airlines, flights, transactions };
}

function makeFlights(airline: string, random: SeededRandom): SimulatedFlight[] {
  return Array.from({ length: FLIGHTS_PER_AIRLINE }, (_, index) => {
    const capacity = random.integer(2, 6);
    const sold = random.integer(0, 1);
    return {
      flightId: testFlightId(airline, String(1001 + index)),
      airline,
      departureAt: TEST_DEPARTURE_AT,
      capacity,
      initialSold: sold,
      sold,
      held: 0,
      available: capacity - sold,
    };
  });
}
