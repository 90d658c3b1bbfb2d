import { sameAdvertisement } from '../core/advertisements';
import { getAdvertisement, getSummary, isReachable, listNeighbors } from '../core/link-state';
import type { LinkState } from '../core/link-state';
import type { Advertisement } from '../core/types';
import { TEST_TIMERS, makeFlights, testNodeUrl } from './fixtures';
import {
  formatSimulationFailure,
  prepareSimulation,
  runSimulation,
  simulationCode,
} from './run-simulation';
import type { SimulationOptions, SimulationResult } from './run-simulation';
import { TOPOLOGIES } from './topologies';
import type { Topology } from './topologies';

/** Seeds per topology. LINK_STATE_SEED=<seed> runs that one seed in every test instead. */
const SEEDS_PER_TOPOLOGY = 40;
const seedOverride = process.env.LINK_STATE_SEED;
const { helloIntervalMs, deadIntervalMs } = TEST_TIMERS;

function seedsFor(topology: Topology): number[] {
  if (seedOverride !== undefined) {
    return [Number(seedOverride)];
  }
  const base = 1 + TOPOLOGIES.indexOf(topology) * SEEDS_PER_TOPOLOGY;
  return Array.from({ length: SEEDS_PER_TOPOLOGY }, (_, index) => base + index);
}

/**
 * Derives the options from the seed alone, so one seed reproduces its run. A run has 3 to 7
 * nodes plus a late joiner, loss from 0 to 20 %, 5 % duplication and delays from 1 to 120 ms.
 * Every third seed adds a crash with restart, half of them with an emptied store.
 */
function optionsFor(seed: number, topology: Topology): SimulationOptions {
  const crashes = ['none', 'restart', 'none', 'restart-with-empty-store'] as const;
  return {
    seed,
    topology,
    nodeCount: 3 + (seed % 5),
    faults: { lossRate: (seed % 5) * 0.05, duplicateRate: 0.05, delayMinMs: 1, delayMaxMs: 120 },
    crash: seed % 3 === 0 ? crashes[(seed / 3) % 4] : 'none',
    lateJoiner: true,
  };
}

/** Fails with the seed, the problems and the trace when the run did not converge. */
function expectConverged(result: SimulationResult): void {
  if (result.problems.length > 0) {
    throw new Error(formatSimulationFailure(result));
  }
  expect(result.problems).toEqual([]);
}

function requireState(state: LinkState | null, code: string): LinkState {
  if (!state) {
    throw new Error(`Simulated node ${code} is not running`);
  }
  return state;
}

describe('runSimulation convergence', () => {
  it.each(TOPOLOGIES)('%s converges for every seed', (topology) => {
    for (const seed of seedsFor(topology)) {
      expectConverged(runSimulation(optionsFor(seed, topology)));
    }
  });

  it('same seed repeats the run', () => {
    const seed = seedsFor('random')[0];
    const first = runSimulation(optionsFor(seed, 'random'));
    const second = runSimulation(optionsFor(seed, 'random'));
    expect(second.trace).toEqual(first.trace);
    expect(second.summaries).toEqual(first.summaries);
    expect(second.stats).toEqual(first.stats);
  });

  it('faults and inventory changes happen', () => {
    const result = runSimulation({ ...optionsFor(5, 'full-mesh'), faults: { lossRate: 0.2 } });
    expect(result.stats.lostMessages).toBeGreaterThan(0);
    expect(result.stats.duplicatedRequests).toBeGreaterThan(0);
    expect(result.stats.seatChanges).toBeGreaterThan(0);
    expect(result.stats.flightReplacements).toBeGreaterThan(0);
  });
});

describe('LinkStateSimulation late joiner', () => {
  it('joiner with one seed learns everything', () => {
    const seed = seedsFor('line')[0];
    const { simulation, codes, settledAt } = prepareSimulation({
      seed,
      topology: 'line',
      nodeCount: 5,
      lateJoiner: false,
    });
    simulation.runUntil(settledAt);
    const joiner = simulationCode(codes.length);
    simulation.addNode(joiner, [codes[2]], makeFlights(joiner, 3));
    simulation.start(joiner);
    simulation.runUntil(settledAt + deadIntervalMs + 8 * helloIntervalMs);

    const problems = [...simulation.problems, ...simulation.checkConvergence()];
    expect({ seed, problems }).toEqual({ seed, problems: [] });
    const state = requireState(simulation.stateOf(joiner), joiner);
    expect(listNeighbors(state).map((neighbor) => neighbor.url)).toEqual([testNodeUrl(codes[2])]);
    for (const code of codes) {
      expect(isReachable(state, code)).toBe(true);
    }
  });
});

describe('LinkStateSimulation crash and restart', () => {
  const seeds = seedOverride !== undefined ? [Number(seedOverride)] : [7, 8, 9];

  it.each(seeds)('seed %i: crashed node unreachable, then back', (seed) => {
    const { simulation, codes, settledAt } = prepareSimulation({
      seed,
      topology: 'ring',
      nodeCount: 5,
      lateJoiner: false,
      faults: { lossRate: 0.1 },
    });
    simulation.runUntil(settledAt);
    expect({ seed, problems: simulation.checkConvergence() }).toEqual({ seed, problems: [] });

    const victim = codes[2];
    const others = codes.filter((code) => code !== victim);
    const before = getAdvertisement(requireState(simulation.stateOf(victim), victim), victim);
    const crashedAt = simulation.now;
    simulation.crash(victim);

    // Failed sends alone do not mark a neighbour down. Only the dead interval does.
    simulation.runUntil(crashedAt + deadIntervalMs - helloIntervalMs);
    for (const code of others) {
      const state = requireState(simulation.stateOf(code), code);
      expect({ seed, code, reachable: isReachable(state, victim) }).toEqual({
        seed,
        code,
        reachable: true,
      });
    }

    simulation.runUntil(crashedAt + deadIntervalMs + 3 * helloIntervalMs);
    for (const code of others) {
      const state = requireState(simulation.stateOf(code), code);
      const keptAdvertisement = getAdvertisement(state, victim) as Advertisement;
      expect({ seed, code, reachable: isReachable(state, victim) }).toEqual({
        seed,
        code,
        reachable: false,
      });
      expect(sameAdvertisement(keptAdvertisement, before as Advertisement)).toBe(true);
      for (const other of others) {
        expect({ seed, code, other, reachable: isReachable(state, other) }).toEqual({
          seed,
          code,
          other,
          reachable: true,
        });
      }
    }

    simulation.start(victim);
    simulation.runUntil(simulation.now + deadIntervalMs + 8 * helloIntervalMs);
    const problems = [...simulation.problems, ...simulation.checkConvergence()];
    expect({ seed, problems }).toEqual({ seed, problems: [] });
    for (const code of others) {
      const state = requireState(simulation.stateOf(code), code);
      const restarted = getAdvertisement(state, victim) as Advertisement;
      expect(isReachable(state, victim)).toBe(true);
      expect(restarted.sequence).toBeGreaterThan((before as Advertisement).sequence);
    }
  });
});

describe('LinkStateSimulation lost store', () => {
  it('restart replaces copies at equal sequence', () => {
    const seed = seedOverride !== undefined ? Number(seedOverride) : 11;
    const { simulation, codes, settledAt } = prepareSimulation({
      seed,
      topology: 'line',
      nodeCount: 3,
      lateJoiner: false,
      faults: { lossRate: 0, duplicateRate: 0 },
      inventoryChangeIntervalMs: 1e9,
    });
    simulation.runUntil(settledAt);
    const victim = codes[0];
    const oldSequence = getSummary(requireState(simulation.stateOf(victim), victim))[victim];
    simulation.crash(victim);
    simulation.loseStorage(victim);
    simulation.runUntil(simulation.now + 2 * deadIntervalMs);

    // Reach the old sequence with other content before any neighbour's summary arrives.
    simulation.start(victim);
    const flights = simulation.flightsOf(victim).map((flight) => ({
      ...flight,
      seatsAvailable: flight.seatsAvailable - 1,
    }));
    for (let sequence = 1; sequence < oldSequence; sequence += 1) {
      simulation.replaceFlights(victim, flights);
    }
    const restarted = requireState(simulation.stateOf(victim), victim);
    expect(getSummary(restarted)[victim]).toBe(oldSequence);

    simulation.runUntil(simulation.now + deadIntervalMs + 6 * helloIntervalMs);
    const problems = [...simulation.problems, ...simulation.checkConvergence()];
    expect({ seed, problems }).toEqual({ seed, problems: [] });
    const neighbor = requireState(simulation.stateOf(codes[1]), codes[1]);
    expect(getSummary(neighbor)[victim]).toBeGreaterThan(oldSequence);
  });
});
