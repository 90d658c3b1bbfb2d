import { getSummary } from '../core/link-state';
import type { LinkStateTimers } from '../core/machine-contract';
import type { AdvertisedFlight, DatabaseSummary } from '../core/types';
import { TEST_TIMERS } from './fixtures';
import { LinkStateSimulation } from './link-state-simulation';
import type { NetworkConditions, SimulationStats } from './link-state-simulation';
import type { SeededRandom } from './seeded-random';
import { seedIndexesFromLinks, topologyLinks } from './topologies';
import type { Topology } from './topologies';

/** Network faults of the fault phase unless a run sets its own. */
export const DEFAULT_FAULTS: NetworkConditions = {
  lossRate: 0.2,
  duplicateRate: 0.05,
  delayMinMs: 1,
  delayMaxMs: 120,
};

export interface SimulationOptions {
  seed: number;
  topology: Topology;
  /** Nodes in the topology, not counting the late joiner. */
  nodeCount: number;
  /** Network faults during the fault phase. The settle period has no loss or duplication. */
  faults?: Partial<NetworkConditions>;
  timers?: LinkStateTimers;
  /** Topology nodes start in random order at random instants from 0 to this, in ms. */
  joinWindowMs?: number;
  /** Faults, seat changes and flight replacements happen from 0 to this instant, in ms. */
  faultPhaseMs?: number;
  /** Mean time in ms between two changes of some airline's inventory during the fault phase. */
  inventoryChangeIntervalMs?: number;
  /** Share of inventory changes that replace an airline's flights instead of seat counts. */
  flightReplacementShare?: number;
  /** Adds one node that starts during the fault phase with a single seed peer. */
  lateJoiner?: boolean;
  /** A random topology node crashes during the fault phase and restarts later. */
  crash?: 'none' | 'restart' | 'restart-with-empty-store';
  /** Time in ms without faults before the final check. The default is long enough to converge. */
  settleMs?: number;
  /** Number of last events kept for the failure report. */
  traceLength?: number;
}

export interface PreparedSimulation {
  simulation: LinkStateSimulation;
  /** Airline codes of all nodes, the late joiner last if there is one. */
  codes: string[];
  faultPhaseEndsAt: number;
  /** The instant of the final check. */
  settledAt: number;
}

export interface SimulationResult {
  seed: number;
  topology: Topology;
  nodeCount: number;
  endedAt: number;
  /** Invariant violations during the run, then disagreements at the end. Empty on success. */
  problems: string[];
  stats: SimulationStats;
  summaries: Record<string, DatabaseSummary>;
  trace: string[];
}

const AIRPORTS = ['GRU', 'GIG', 'BSB', 'CNF', 'SSA', 'REC', 'POA', 'CWB', 'FOR', 'BEL', 'MAO'];

/**
 * Returns the airline code of simulated node `index`: `N0` to `N9`, then `NA` to `NZ`.
 * Throws a RangeError from index 36 on, which has no two-character code.
 */
export function simulationCode(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= 36) {
    throw new RangeError(`Invalid simulated node index ${index}: expected 0 to 35`);
  }
  return `N${index.toString(36).toUpperCase()}`;
}

/**
 * Builds a simulation with its nodes, their join times, the inventory changes of the fault
 * phase, the optional crash and late joiner, and the end of faults, all scheduled but not run.
 */
export function prepareSimulation(options: SimulationOptions): PreparedSimulation {
  const timers = options.timers ?? TEST_TIMERS;
  const faults = { ...DEFAULT_FAULTS, ...options.faults };
  const joinWindowMs = options.joinWindowMs ?? 3_000;
  const faultPhaseEndsAt = options.faultPhaseMs ?? 12_000;
  const simulation = new LinkStateSimulation({
    seed: options.seed,
    timers,
    network: faults,
    traceLength: options.traceLength ?? 200,
  });
  const random = simulation.random;

  const codes = Array.from({ length: options.nodeCount }, (_, index) => simulationCode(index));
  const links = topologyLinks(options.topology, options.nodeCount, random);
  const seeds = seedIndexesFromLinks(links, options.nodeCount, random);
  codes.forEach((code, index) => {
    const seedCodes = seeds[index].map((seed) => codes[seed]);
    simulation.addNode(code, seedCodes, makeRandomFlights(code, random.integer(2, 5), random));
    simulation.at(random.integer(0, joinWindowMs), () => simulation.start(code));
  });

  let lastEventAt = faultPhaseEndsAt;
  if (options.lateJoiner ?? true) {
    const code = simulationCode(options.nodeCount);
    const joinAt = random.integer(joinWindowMs + 2 * timers.helloIntervalMs, faultPhaseEndsAt);
    simulation.addNode(code, [random.pick(codes)], makeRandomFlights(code, 3, random));
    simulation.at(joinAt, () => simulation.start(code));
    codes.push(code);
  }

  const crash = options.crash ?? 'none';
  if (crash !== 'none') {
    const code = random.pick(codes.slice(0, options.nodeCount));
    const crashAt = random.integer(
      joinWindowMs + 1_000,
      Math.max(joinWindowMs + 1_000, faultPhaseEndsAt * 0.6),
    );
    const restartAt =
      crashAt + random.integer(timers.deadIntervalMs / 2, 2 * timers.deadIntervalMs);
    simulation.at(crashAt, () => {
      simulation.crash(code);
      if (crash === 'restart-with-empty-store') {
        simulation.loseStorage(code);
      }
    });
    simulation.at(restartAt, () => simulation.start(code));
    lastEventAt = Math.max(lastEventAt, restartAt);
  }

  scheduleInventoryChanges(simulation, {
    until: faultPhaseEndsAt,
    meanIntervalMs: options.inventoryChangeIntervalMs ?? 150,
    flightReplacementShare: options.flightReplacementShare ?? 0.05,
  });
  simulation.at(faultPhaseEndsAt, () => {
    simulation.network = { ...faults, lossRate: 0, duplicateRate: 0 };
  });

  // Enough hello rounds for the summary repair to cross the longest path, plus a dead
  // interval for adjacencies that were wrongly declared down to come back.
  const settleMs =
    options.settleMs ?? timers.deadIntervalMs + (codes.length + 4) * timers.helloIntervalMs;
  return { simulation, codes, faultPhaseEndsAt, settledAt: lastEventAt + settleMs };
}

/** Runs a prepared scenario to its settle instant and checks that all nodes agree. */
export function runSimulation(options: SimulationOptions): SimulationResult {
  const { simulation, codes, settledAt } = prepareSimulation(options);
  simulation.runUntil(settledAt);
  const problems = [...simulation.problems, ...simulation.checkConvergence()];
  const summaries: Record<string, DatabaseSummary> = {};
  for (const code of codes) {
    const state = simulation.stateOf(code);
    if (state) {
      summaries[code] = getSummary(state);
    }
  }
  return {
    seed: options.seed,
    topology: options.topology,
    nodeCount: codes.length,
    endedAt: simulation.now,
    problems,
    stats: { ...simulation.stats },
    summaries,
    trace: simulation.trace.lines(),
  };
}

/** Formats a failed run: seed, how to re-run it, problems, final summaries and the trace. */
export function formatSimulationFailure(result: SimulationResult): string {
  const shownProblems = result.problems.slice(0, 30);
  const lines = [
    `Link-state simulation failed: seed ${result.seed}, topology ${result.topology}, ${result.nodeCount} nodes, ended at ${result.endedAt} ms.`,
    `Re-run this seed alone: LINK_STATE_SEED=${result.seed} npx jest libs/link-state/src/testing -t ${result.topology}`,
    `Problems (${result.problems.length}):`,
    ...shownProblems.map((problem) => `  - ${problem}`),
    'Database summaries at the end:',
    ...Object.entries(result.summaries).map(
      ([code, summary]) => `  ${code} ${JSON.stringify(summary)}`,
    ),
    `Stats: ${JSON.stringify(result.stats)}`,
    'Last events (time in ms, node, input => effects):',
    ...result.trace.map((line) => `  ${line}`),
  ];
  return lines.join('\n');
}

/**
 * Schedules inventory changes at random intervals until `until`. Each one picks a running
 * node at the time it happens and either sets random seat counts on one to three of its
 * flights or replaces its flights with one flight added or removed.
 */
function scheduleInventoryChanges(
  simulation: LinkStateSimulation,
  options: { until: number; meanIntervalMs: number; flightReplacementShare: number },
): void {
  const random = simulation.random;
  for (
    let at = random.integer(1, 2 * options.meanIntervalMs);
    at < options.until;
    at += random.integer(1, 2 * options.meanIntervalMs)
  ) {
    simulation.at(at, () => {
      const live = simulation.liveCodes();
      if (live.length === 0) {
        return;
      }
      const code = random.pick(live);
      const flights = simulation.flightsOf(code);
      if (random.chance(options.flightReplacementShare)) {
        simulation.replaceFlights(code, changeFlightList(code, flights, random));
        return;
      }
      const changed = new Map<string, number>();
      for (let count = random.integer(1, 3); count > 0; count -= 1) {
        const flight = random.pick(flights);
        changed.set(flight.id, random.integer(0, flight.capacity));
      }
      const changes = [...changed].map(([flightId, seatsAvailable]) => ({
        flightId,
        seatsAvailable,
      }));
      simulation.changeSeats(code, changes);
    });
  }
}

/** Returns the flights with one random flight removed, or one new flight added. */
function changeFlightList(
  airline: string,
  flights: AdvertisedFlight[],
  random: SeededRandom,
): AdvertisedFlight[] {
  if (flights.length > 1 && random.chance(0.5)) {
    const removed = random.pick(flights);
    return flights.filter((flight) => flight !== removed);
  }
  const used = new Set(flights.map((flight) => flight.flightNumber));
  return [...flights, makeRandomFlight(airline, used, random)];
}

function makeRandomFlights(
  airline: string,
  count: number,
  random: SeededRandom,
): AdvertisedFlight[] {
  const used = new Set<string>();
  return Array.from({ length: count }, () => makeRandomFlight(airline, used, random));
}

/** Makes a valid flight in December 2026 with a flight number not in `used`, and adds it. */
function makeRandomFlight(
  airline: string,
  used: Set<string>,
  random: SeededRandom,
): AdvertisedFlight {
  let flightNumber: string;
  do {
    flightNumber = String(random.integer(1000, 9999));
  } while (used.has(flightNumber));
  used.add(flightNumber);

  const day = random.integer(1, 28);
  const serviceDate = `2026-12-${String(day).padStart(2, '0')}`;
  const origin = random.pick(AIRPORTS);
  const destination = random.pick(AIRPORTS.filter((airport) => airport !== origin));
  const departureAt = Date.UTC(2026, 11, day, random.integer(5, 22), 5 * random.integer(0, 11));
  const capacity = random.integer(100, 220);
  return {
    id: `${airline}${flightNumber}-${serviceDate.replaceAll('-', '')}`,
    airline,
    flightNumber,
    serviceDate,
    origin,
    destination,
    departureAt,
    arrivalAt: departureAt + 60_000 * random.integer(50, 240),
    capacity,
    fareCents: 100 * random.integer(200, 1_500),
    seatsAvailable: capacity,
  };
}
