import { TEST_LIMITS } from '../testing/fixtures';
import {
  type SimulationOptions,
  type SimulationResult,
  formatSimulationFailure,
  runSimulation,
  simulationOptionsFor,
} from '../testing/two-phase-commit-simulation';

/** Seeds run by default. TWO_PHASE_COMMIT_SEED=<seed> runs that one seed instead. */
const SEED_COUNT = 1_000;
const seedOverride = process.env.TWO_PHASE_COMMIT_SEED;
const SEEDS =
  seedOverride !== undefined
    ? [Number(seedOverride)]
    : Array.from({ length: SEED_COUNT }, (_, index) => index + 1);

/** Fails with the seed, the problems and the end of the trace. */
function expectSettled(result: SimulationResult): void {
  if (result.problems.length > 0) {
    throw new Error(formatSimulationFailure(result));
  }
  expect(result.problems).toEqual([]);
}

const RELIABLE: Omit<SimulationOptions, 'seed'> = {
  otherAirlines: 2,
  transactions: 1,
  lossRate: 0,
  duplicateRate: 0,
  delayMaxMs: 5,
  crashesMax: 0,
  limits: TEST_LIMITS,
};

describe('two-phase commit simulation', () => {
  let results: SimulationResult[] = [];

  beforeAll(() => {
    results = SEEDS.map((seed) => runSimulation(simulationOptionsFor(seed)));
  });

  it('every schedule ends with one outcome on every node', () => {
    for (const result of results) {
      expectSettled(result);
    }
  });

  it('seeds reach every outcome and fault', () => {
    // A simulator that never reaches these cases would pass without checking them.
    const totals = sumStats(results);
    if (seedOverride === undefined) {
      expect(totals.commits).toBeGreaterThan(0);
      expect(totals.aborts).toBeGreaterThan(0);
      expect(totals.waits).toBeGreaterThan(0);
      expect(totals.crashes).toBeGreaterThan(0);
      expect(totals.lostMessages).toBeGreaterThan(0);
      expect(totals.duplicatedMessages).toBeGreaterThan(0);
      expect(totals.decisionQueries).toBeGreaterThan(0);
      expect(totals.peerQueries).toBeGreaterThan(0);
      expect(totals.refusals.SOLD_OUT).toBeGreaterThan(0);
      expect(totals.refusals.BUSY).toBeGreaterThan(0);
      expect(totals.refusals.ABORTED).toBeGreaterThan(0);
    }
  });

  it('same seed repeats the run', () => {
    const options = simulationOptionsFor(SEEDS[0]);

    const first = runSimulation(options);
    const second = runSimulation(options);

    expect(second.trace).toEqual(first.trace);
    expect(second.flights).toEqual(first.flights);
  });

  it('reliable network commits a lone purchase', () => {
    const result = runSimulation({ ...RELIABLE, seed: 1 });

    expectSettled(result);
    const [transaction] = result.transactions;
    expect(transaction.announced).toEqual(['COMMIT']);
    const sold = result.flights.reduce((sum, flight) => sum + flight.sold - flight.initialSold, 0);
    const legSeats = transaction.payload.legs.reduce((sum, leg) => sum + leg.seats, 0);
    expect(sold).toBe(legSeats);
  });
});

/** Adds up what the runs went through, to show that the seeds cover the hard cases. */
function sumStats(runs: readonly SimulationResult[]) {
  const totals = {
    commits: 0,
    aborts: 0,
    waits: 0,
    crashes: 0,
    lostMessages: 0,
    duplicatedMessages: 0,
    decisionQueries: 0,
    peerQueries: 0,
    refusals: {} as Record<string, number>,
  };
  for (const result of runs) {
    for (const transaction of result.transactions) {
      totals.commits += transaction.announced.filter((decision) => decision === 'COMMIT').length;
      totals.aborts += transaction.announced.filter((decision) => decision === 'ABORT').length;
    }
    totals.waits += result.stats.waits;
    totals.crashes += result.stats.crashes;
    totals.lostMessages += result.stats.lostMessages;
    totals.duplicatedMessages += result.stats.duplicatedMessages;
    totals.decisionQueries += result.stats.decisionQueries;
    totals.peerQueries += result.stats.peerQueries;
    for (const [reason, count] of Object.entries(result.stats.refusals)) {
      totals.refusals[reason] = (totals.refusals[reason] ?? 0) + count;
    }
  }
  return totals;
}
